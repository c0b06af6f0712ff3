"""The matmul family: every dim case of matmul, batch broadcasting, non-contiguous inputs,
integer and half products, alpha/beta, out=, in-place variants and PyTorch's errors."""
import math
import re

import numpy as np
import pytest

import torchlike_core as tl

from checks import N, assert_error_as_torch

RNG = np.random.default_rng(1234)


def T(data, dtype=None):
    return tl.tensor(np.asarray(data), dtype=dtype)


def rand(*shape, dtype=np.float32):
    if np.dtype(dtype).kind in "iu":
        return RNG.integers(-5, 6, shape).astype(dtype)
    return RNG.standard_normal(shape).astype(dtype)


def close(t, expected, dtype=None):
    expected = np.asarray(expected)
    assert tuple(t.shape) == expected.shape
    if dtype is not None:
        assert t.dtype is dtype
    got = N(t)
    if got.dtype.kind == "f":
        tol = {2: 2e-2, 4: 1e-4, 8: 1e-10}[got.dtype.itemsize]
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)
    else:
        np.testing.assert_array_equal(got, expected)


def ref_matmul(a, b):
    """numpy's product computed in float64 (or int64), the reference for our results."""
    wide = np.float64 if a.dtype.kind == "f" else np.int64
    return np.matmul(a.astype(wide), b.astype(wide))


# ---- mm ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype,tdtype", [
    (np.float32, tl.float32), (np.float64, tl.float64), (np.int64, tl.int64),
    (np.int32, tl.int32), (np.uint8, tl.uint8), (np.float16, tl.float16)])
def test_mm_dtypes(dtype, tdtype):
    a, b = rand(4, 5, dtype=dtype), rand(5, 3, dtype=dtype)
    expected = ref_matmul(a, b).astype(dtype)
    close(tl.mm(T(a), T(b)), expected, tdtype)
    close(T(a).mm(T(b)), expected, tdtype)


def test_mm_large_float32_goes_through_blas_accurately():
    a, b = rand(256, 300), rand(300, 200)
    r = tl.mm(T(a), T(b))
    np.testing.assert_allclose(N(r), ref_matmul(a, b), rtol=1e-4, atol=1e-3)


def test_mm_non_contiguous_inputs():
    a, b = rand(5, 4), rand(3, 5)
    ta, tb = T(a).t(), T(b).t()              # (4, 5) and (5, 3), both transposed
    close(tl.mm(ta, tb), ref_matmul(a.T, b.T))
    e = tl.ones(1, 5).expand(4, 5)           # stride-0 rows
    close(tl.mm(e, tb), ref_matmul(np.ones((4, 5), np.float32), b.T))
    d = T(rand(6, 6)).diagonal().unsqueeze(0)  # a strided row
    close(tl.mm(d, tl.ones(6, 2)), N(d).astype(np.float64) @ np.ones((6, 2)))


def test_mm_empty():
    close(tl.mm(tl.ones(2, 0), tl.ones(0, 3)), np.zeros((2, 3)))
    assert tuple(tl.mm(tl.ones(0, 4), tl.ones(4, 3)).shape) == (0, 3)
    assert tuple(tl.mm(tl.ones(2, 4), tl.ones(4, 0)).shape) == (2, 0)


def test_mm_result_is_fresh_and_contiguous():
    a = T(rand(3, 3))
    r = tl.mm(a, tl.eye(3))
    assert r.is_contiguous()
    r.fill_(0.0)
    assert float(N(a).__abs__().sum()) > 0


def test_mm_out():
    a, b = rand(2, 3), rand(3, 4)
    out = tl.empty(2, 4)
    v = out._version
    assert tl.mm(T(a), T(b), out=out) is out
    assert out._version > v
    close(out, ref_matmul(a, b))
    with pytest.warns(UserWarning, match="was resized"):
        small = tl.empty(3)
        tl.mm(T(a), T(b), out=small)
    close(small, ref_matmul(a, b))
    o = tl.empty(4, 2).t()
    tl.mm(T(a), T(b), out=o)
    close(o, ref_matmul(a, b))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype float, but got double instead")):
        tl.mm(T(a), T(b), out=tl.empty(2, 4, dtype=tl.float64))


def test_mm_errors():
    with pytest.raises(RuntimeError, match=re.escape(
            "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)")):
        tl.mm(tl.ones(2, 3), tl.ones(4, 5))
    # shapes are checked before dtypes
    with pytest.raises(RuntimeError, match=re.escape("(2x3 and 4x5)")):
        tl.mm(tl.ones(2, 3), tl.ones(4, 5, dtype=tl.float64))
    with pytest.raises(RuntimeError, match=re.escape(
            "expected m1 and m2 to have the same dtype, but got: float != double")):
        tl.mm(tl.ones(2, 3), tl.ones(3, 5, dtype=tl.float64))
    with pytest.raises(RuntimeError, match=re.escape(
            "expected m1 and m2 to have the same dtype, but got: long int != float")):
        tl.mm(tl.ones(2, 3, dtype=tl.int64), tl.ones(3, 5))
    with pytest.raises(NotImplementedError, match=re.escape(
            "\"addmm_impl_cpu_\" not implemented for 'Bool'")):
        tl.mm(tl.ones(2, 3, dtype=tl.bool), tl.ones(3, 5, dtype=tl.bool))
    with pytest.raises(RuntimeError, match="self must be a matrix"):
        tl.mm(tl.ones(3), tl.ones(3, 5))
    with pytest.raises(RuntimeError, match="mat2 must be a matrix"):
        tl.mm(tl.ones(2, 3), tl.ones(3))
    with pytest.raises(TypeError, match=re.escape(
            "mm(): argument 'mat2' (position 2) must be Tensor, not int")):
        tl.mm(tl.ones(3, 3), 2)


# ---- matmul: every dim case --------------------------------------------------------------------

MATMUL_SHAPES = [
    ((3,), (3,)),                 # dot -> 0-d
    ((2, 3), (3,)),               # mv
    ((3,), (3, 4)),               # vector @ matrix
    ((2, 3), (3, 4)),             # mm
    ((5, 2, 3), (3,)),            # folded batch @ vector
    ((5, 2, 3), (3, 4)),          # folded batch @ matrix
    ((2, 5, 2, 3), (3, 4)),
    ((3,), (5, 3, 4)),            # vector @ batch
    ((2, 3), (5, 3, 4)),          # matrix @ batch
    ((5, 2, 3), (5, 3, 4)),       # bmm
    ((2, 1, 2, 3), (5, 3, 4)),    # batch broadcasting
    ((1, 2, 3), (5, 3, 4)),
    ((5, 1, 2, 3), (1, 4, 3, 2)),
    ((0, 2, 3), (3, 4)),          # empty batch
    ((2, 0), (0, 3)),             # empty inner dim: zeros
    ((4, 2, 0), (4, 0, 3)),
    ((3, 0, 2), (2,)),
]


@pytest.mark.parametrize("sa,sb", MATMUL_SHAPES)
@pytest.mark.parametrize("dtype,tdtype", [(np.float32, tl.float32), (np.float64, tl.float64),
                                          (np.int64, tl.int64)])
def test_matmul_every_dim_case(sa, sb, dtype, tdtype):
    a, b = rand(*sa, dtype=dtype), rand(*sb, dtype=dtype)
    expected = ref_matmul(a, b).astype(dtype)
    close(tl.matmul(T(a), T(b)), expected, tdtype)
    close(T(a) @ T(b), expected, tdtype)
    close(T(a).matmul(T(b)), expected, tdtype)


@pytest.mark.parametrize("sa,sb", [((2, 3), (3, 4)), ((5, 2, 3), (3, 4)), ((3,), (5, 3, 4))])
def test_matmul_half_accumulates_in_float(sa, sb):
    a, b = rand(*sa, dtype=np.float16), rand(*sb, dtype=np.float16)
    r = tl.matmul(T(a), T(b))
    assert r.dtype is tl.float16
    expected = np.matmul(a.astype(np.float32), b.astype(np.float32)).astype(np.float16)
    np.testing.assert_array_equal(N(r), expected)


def test_matmul_non_contiguous_and_broadcast_batches():
    a = rand(3, 5, 2)          # used as its (5, 3, 2) transposed view
    b = rand(2, 4)
    ta = T(a).transpose(0, 1)
    assert not ta.is_contiguous()
    close(tl.matmul(ta, T(b)), ref_matmul(a.transpose(1, 0, 2), b))
    # a batch broadcast through stride 0 on both sides
    x = T(rand(1, 2, 3)).expand(4, 2, 3)
    y = T(rand(3, 5)).t().unsqueeze(0)          # (1, 5, 3) non-contiguous
    close(tl.matmul(x, y.transpose(1, 2)), ref_matmul(N(x), N(y).transpose(0, 2, 1)))
    # matrix @ transposed batch
    z = T(rand(4, 3, 6)).transpose(1, 2)        # (4, 6, 3)
    w = T(rand(2, 6))
    close(tl.matmul(w, z), ref_matmul(N(w), N(z)))


def test_matmul_out_and_operators():
    a, b = rand(5, 2, 3), rand(3, 4)
    out = tl.empty(5, 2, 4)
    assert tl.matmul(T(a), T(b), out=out) is out
    close(out, ref_matmul(a, b))
    out1 = tl.empty(4)
    tl.matmul(T(rand(3)), T(b), out=out1)
    assert tuple(out1.shape) == (4,)
    out0 = tl.empty(())
    v = rand(3)
    tl.matmul(T(v), T(v), out=out0)
    close(out0, np.dot(v.astype(np.float64), v))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype float, but got double instead")):
        tl.matmul(T(a), T(b), out=tl.empty(5, 2, 4, dtype=tl.float64))
    with pytest.raises(RuntimeError, match=re.escape(
            "result dtype Double does not match input dtype Float")):
        tl.matmul(T(v), T(v), out=tl.empty((), dtype=tl.float64))
    # __rmatmul__ swaps the operands back
    x, y = T(rand(2, 3)), T(rand(3, 2))
    close(y.__rmatmul__(x), ref_matmul(N(x), N(y)))


def test_matmul_errors():
    f = tl.ones
    cases = [
        (lambda: tl.matmul(tl.tensor(1.0), f(3)), RuntimeError,
         "both arguments to matmul need to be at least 1D, but they are 0D and 1D"),
        (lambda: tl.matmul(f(3), tl.tensor(1.0)), RuntimeError,
         "both arguments to matmul need to be at least 1D, but they are 1D and 0D"),
        (lambda: tl.matmul(f(3), f(4)), RuntimeError,
         "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of "
         "elements, but got 3 and 4 elements respectively"),
        (lambda: tl.matmul(f(2, 3), f(4)), RuntimeError,
         "size mismatch, got input (2), mat (2x3), vec (4)"),
        (lambda: tl.matmul(f(4), f(2, 3)), RuntimeError,
         "mat1 and mat2 shapes cannot be multiplied (1x4 and 2x3)"),
        (lambda: tl.matmul(f(2, 2, 3), f(4, 5)), RuntimeError,
         "mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)"),
        (lambda: tl.matmul(f(2, 2, 3), f(4)), RuntimeError,
         "size mismatch, got input (4), mat (4x3), vec (4)"),
        (lambda: tl.matmul(f(3), f(2, 2, 3)), RuntimeError,
         "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 2]."),
        (lambda: tl.matmul(f(2, 2, 3), f(3, 3, 4)), RuntimeError,
         "The size of tensor a (2) must match the size of tensor b (3) at non-singleton "
         "dimension 0"),
        (lambda: tl.matmul(f(2, 3), f(3, 5, dtype=tl.float64)), RuntimeError,
         "expected m1 and m2 to have the same dtype, but got: float != double"),
        (lambda: tl.matmul(f(3), f(3, dtype=tl.float64)), RuntimeError,
         "dot : expected both vectors to have same dtype, but found Float and Double"),
        (lambda: tl.matmul(f(2, 3), f(3, dtype=tl.float64)), RuntimeError,
         "addmv input tensors must have the same dtype, but got Double, Float, and Double"),
        (lambda: tl.matmul(f(2, 2, 3), f(2, 3, 2, dtype=tl.float64)), RuntimeError,
         "expected scalar type Float but found Double"),
        (lambda: tl.matmul(f(3, dtype=tl.bool), f(3, dtype=tl.bool)), NotImplementedError,
         "\"dot\" not implemented for 'Bool'"),
        (lambda: tl.matmul(f(2, 3, dtype=tl.bool), f(3, 2, dtype=tl.bool)), NotImplementedError,
         "\"addmm_impl_cpu_\" not implemented for 'Bool'"),
        (lambda: tl.matmul(f(2, 2, 3, dtype=tl.bool), f(2, 3, 2, dtype=tl.bool)),
         NotImplementedError, "\"bmm\" not implemented for 'Bool'"),
        (lambda: tl.matmul(f(3), [1.0, 2.0, 3.0]), TypeError,
         "matmul(): argument 'other' (position 2) must be Tensor, not list"),
    ]
    for fn, exc, msg in cases:
        with pytest.raises(exc, match=re.escape(msg)):
            fn()


# ---- bmm, mv, dot, vdot -----------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_bmm(dtype):
    a, b = rand(4, 2, 3, dtype=dtype), rand(4, 3, 5, dtype=dtype)
    close(tl.bmm(T(a), T(b)), ref_matmul(a, b).astype(dtype))
    ta = T(a.transpose(0, 2, 1).copy()).transpose(1, 2)     # a non-contiguous batch
    close(ta.bmm(T(b)), ref_matmul(a, b).astype(dtype))
    assert tuple(tl.bmm(tl.ones(0, 2, 3), tl.ones(0, 3, 4)).shape) == (0, 2, 4)
    out = tl.empty(4, 2, 5, dtype=T(a).dtype)
    tl.bmm(T(a), T(b), out=out)
    close(out, ref_matmul(a, b).astype(dtype))


def test_bmm_errors():
    f = tl.ones
    for fn, msg in [
        (lambda: tl.bmm(f(2, 2, 3), f(3, 3, 4)),
         "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 3]."),
        (lambda: tl.bmm(f(2, 2, 3), f(2, 4, 4)),
         "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4]."),
        (lambda: tl.bmm(f(2, 3), f(2, 3, 4)), "batch1 must be a 3D tensor"),
        (lambda: tl.bmm(f(2, 2, 3), f(3, 4)), "batch2 must be a 3D tensor"),
        (lambda: tl.bmm(f(2, 2, 3), f(2, 3, 4, dtype=tl.float64)),
         "expected scalar type Float but found Double"),
    ]:
        with pytest.raises(RuntimeError, match=re.escape(msg)):
            fn()
    with pytest.raises(NotImplementedError, match="\"bmm\" not implemented for 'Bool'"):
        tl.bmm(f(2, 2, 3, dtype=tl.bool), f(2, 3, 4, dtype=tl.bool))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.int32])
def test_mv(dtype):
    m, v = rand(4, 3, dtype=dtype), rand(3, dtype=dtype)
    close(tl.mv(T(m), T(v)), ref_matmul(m, v).astype(dtype))
    close(T(m.T.copy()).t().mv(T(v)), ref_matmul(m, v).astype(dtype))
    close(tl.mv(tl.ones(2, 0), tl.ones(0)), np.zeros(2))


def test_mv_errors():
    with pytest.raises(RuntimeError, match=re.escape(
            "size mismatch, got input (2), mat (2x3), vec (4)")):
        tl.mv(tl.ones(2, 3), tl.ones(4))
    with pytest.raises(RuntimeError, match=re.escape(
            "vector + matrix @ vector expected, got 1, 2, 2")):
        tl.mv(tl.ones(2, 3), tl.ones(3, 1))
    with pytest.raises(RuntimeError, match=re.escape(
            "vector + matrix @ vector expected, got 1, 1, 1")):
        tl.mv(tl.ones(3), tl.ones(3))
    with pytest.raises(RuntimeError, match=re.escape(
            "addmv input tensors must have the same dtype, but got Double, Float, and Double")):
        tl.mv(tl.ones(2, 3), tl.ones(3, dtype=tl.float64))
    with pytest.raises(NotImplementedError, match="\"addmv_impl_cpu\" not implemented for 'Bool'"):
        tl.mv(tl.ones(2, 3, dtype=tl.bool), tl.ones(3, dtype=tl.bool))


@pytest.mark.parametrize("name", ["dot", "vdot"])
@pytest.mark.parametrize("dtype,tdtype", [(np.float32, tl.float32), (np.float64, tl.float64),
                                          (np.int64, tl.int64), (np.uint8, tl.uint8),
                                          (np.float16, tl.float16)])
def test_dot_and_vdot(name, dtype, tdtype):
    a, b = rand(7, dtype=dtype), rand(7, dtype=dtype)
    r = getattr(tl, name)(T(a), T(b))
    assert r.dim() == 0
    close(r, np.asarray(np.dot(a.astype(np.float64 if a.dtype.kind == "f" else np.int64),
                               b.astype(np.float64 if b.dtype.kind == "f" else np.int64))
                        ).astype(dtype), tdtype)
    close(getattr(T(a), name)(T(b)), N(r))
    close(getattr(tl, name)(tl.ones(0, dtype=tdtype), tl.ones(0, dtype=tdtype)), np.zeros((), dtype))


def test_dot_non_contiguous_and_errors():
    m = rand(4, 4)
    d = T(m).diagonal()                      # stride 5
    c = T(m).t().select(0, 1)                # a column, stride 4
    close(tl.dot(d, c), np.dot(np.diag(m).astype(np.float64), m[:, 1]))
    for fn, exc, msg in [
        (lambda: tl.dot(tl.ones(2, 3), tl.ones(2, 3)), RuntimeError,
         "1D tensors expected, but got 2D and 2D tensors"),
        (lambda: tl.vdot(tl.ones(3, 2), tl.ones(4)), RuntimeError,
         "1D tensors expected, but got 2D and 1D tensors"),
        (lambda: tl.dot(tl.ones(3), tl.ones(4, dtype=tl.float64)), RuntimeError,
         "dot : expected both vectors to have same dtype, but found Float and Double"),
        (lambda: tl.dot(tl.ones(3), tl.ones(4)), RuntimeError,
         "inconsistent tensor size, expected tensor [3] and src [4]"),
        (lambda: tl.dot(tl.ones(3, dtype=tl.bool), tl.ones(3, dtype=tl.bool)),
         NotImplementedError, "\"dot\" not implemented for 'Bool'"),
        (lambda: tl.dot(tl.ones(3), [1.0, 2.0, 3.0]), TypeError,
         "dot(): argument 'tensor' (position 2) must be Tensor, not list"),
    ]:
        with pytest.raises(exc, match=re.escape(msg)):
            fn()


# ---- outer and inner ----------------------------------------------------------------------------

def test_outer_and_ger():
    a, b = rand(3), rand(4)
    close(tl.outer(T(a), T(b)), np.outer(a.astype(np.float64), b))
    close(T(a).ger(T(b)), np.outer(a.astype(np.float64), b))
    r = tl.outer(T([1, 2, 3]), T([True, False]))
    close(r, [[1, 0], [2, 0], [3, 0]], tl.int64)
    r = tl.outer(T([1, 2]), T([0.5, 1.5], dtype=tl.float64))
    assert r.dtype is tl.float64
    out = tl.empty(3, 4)
    tl.outer(T(a), T(b), out=out)
    close(out, np.outer(a.astype(np.float64), b))
    with pytest.raises(RuntimeError, match=re.escape(
            "outer: Expected 1-D argument self, but got 2-D")):
        tl.outer(tl.ones(3, 2), tl.ones(2))
    with pytest.raises(RuntimeError, match=re.escape(
            "outer: Expected 1-D argument vec2, but got 0-D")):
        tl.outer(tl.ones(3), tl.tensor(2.0))


@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((2, 3), (4, 3)), ((2, 3), (3,)),
                                   ((2, 2, 3), (5, 3)), ((0, 3), (2, 3)), ((2, 0), (3, 0))])
def test_inner(sa, sb):
    a, b = rand(*sa), rand(*sb)
    close(tl.inner(T(a), T(b)), np.inner(a.astype(np.float64), b))
    close(T(a).inner(T(b)), np.inner(a.astype(np.float64), b))


def test_inner_scalars_ints_and_errors():
    b = rand(4, 2)
    close(tl.inner(tl.tensor(2.0), T(b)), 2 * b.astype(np.float64))
    close(tl.inner(T([1, 2, 3]), T([4, 5, 6])), np.array(32), tl.int64)
    with pytest.raises(RuntimeError, match=re.escape(
            "inner() the last dimension must match on both input tensors but got shapes [2, 3] "
            "and [4, 2]")):
        tl.inner(tl.ones(2, 3), tl.ones(4, 2))
    with pytest.raises(RuntimeError, match="both inputs should have same dtype"):
        tl.inner(tl.ones(3), tl.ones(3, dtype=tl.float64))


# ---- addmm, addmv, baddbmm, addbmm ---------------------------------------------------------------

@pytest.mark.parametrize("input_shape", [(2, 5), (5,), (2, 1), (1, 1), ()])
def test_addmm(input_shape):
    c, a, b = rand(*input_shape), rand(2, 3), rand(3, 5)
    ref = ref_matmul(a, b)
    close(tl.addmm(T(c), T(a), T(b)), c + ref)
    close(tl.addmm(T(c), T(a), T(b), beta=2, alpha=0.5), 2 * c + 0.5 * ref)
    close(T(c).addmm(T(a), T(b), alpha=-1), c - ref)


def test_addmm_beta_zero_ignores_input_and_ints_truncate_scalars():
    nan = tl.full((5,), float("nan"))
    a, b = rand(2, 3), rand(3, 5)
    close(tl.addmm(nan, T(a), T(b), beta=0), ref_matmul(a, b))
    i, x, y = tl.ones(5, dtype=tl.int64), tl.ones(2, 3, dtype=tl.int64), tl.ones(3, 5, dtype=tl.int64)
    close(tl.addmm(i, x, y, alpha=0.5), np.ones((2, 5)))            # alpha -> 0
    close(tl.addmm(i, x, y, beta=2, alpha=3), np.full((2, 5), 11))
    close(tl.addmm(i.unsqueeze(0).expand(2, 5), x, y, alpha=2.5), np.full((2, 5), 7), tl.int64)


def test_addmm_half():
    c, a, b = rand(2, 4, dtype=np.float16), rand(2, 3, dtype=np.float16), rand(3, 4, dtype=np.float16)
    r = tl.addmm(T(c), T(a), T(b), beta=0.5, alpha=2)
    expected = (0.5 * c.astype(np.float32) + 2 * (a.astype(np.float32) @ b.astype(np.float32)))
    np.testing.assert_allclose(N(r).astype(np.float32), expected, rtol=1e-2, atol=1e-2)


def test_addmm_out_and_inplace():
    c, a, b = rand(2, 5), rand(2, 3), rand(3, 5)
    out = tl.empty(2, 5)
    assert tl.addmm(T(c), T(a), T(b), out=out) is out
    close(out, c + ref_matmul(a, b))
    t = T(c)
    v = t._version
    assert t.addmm_(T(a), T(b), beta=0, alpha=2) is t
    assert t._version > v
    close(t, 2 * ref_matmul(a, b))
    tt = T(c.T.copy()).t()                    # in place into a non-contiguous tensor
    tt.addmm_(T(a), T(b))
    close(tt, c + ref_matmul(a, b))
    with pytest.raises(RuntimeError, match=re.escape(
            "Bad in-place call: input tensor size [5] and output tensor size [2, 5] should match")):
        tl.ones(5).addmm_(T(a), T(b))
    with pytest.raises(RuntimeError, match=re.escape(
            "self and mat2 must have the same dtype, but got Long and Float")):
        tl.ones(2, 5, dtype=tl.int64).addmm_(T(a), T(b))


def test_addmm_errors():
    f = tl.ones
    for fn, msg in [
        (lambda: tl.addmm(f(5), f(2, 3), f(4, 5)), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
        (lambda: tl.addmm(f(5), f(3), f(3, 5)), "mat1 must be a matrix, got 1-D tensor"),
        (lambda: tl.addmm(f(5), f(2, 3), f(3)), "mat2 must be a matrix, got 1-D tensor"),
        (lambda: tl.addmm(f(5, dtype=tl.float64), f(2, 3), f(3, 5)),
         "self and mat2 must have the same dtype, but got Double and Float"),
        (lambda: tl.addmm(f(5), f(2, 3, dtype=tl.float64), f(3, 5)),
         "mat1 and mat2 must have the same dtype, but got Double and Float"),
        (lambda: tl.addmm(f(3, 5), f(2, 3), f(3, 5)),
         "The expanded size of the tensor (2) must match the existing size (3) at non-singleton "
         "dimension 0.  Target sizes: [2, 5].  Tensor sizes: [3, 5]"),
    ]:
        with pytest.raises(RuntimeError, match=re.escape(msg)):
            fn()
    with pytest.raises(NotImplementedError, match="addmm_impl_cpu_"):
        tl.addmm(f(5, dtype=tl.bool), f(2, 3, dtype=tl.bool), f(3, 5, dtype=tl.bool))


@pytest.mark.parametrize("input_shape", [(4,), (1,), ()])
def test_addmv(input_shape):
    c, m, v = rand(*input_shape), rand(4, 3), rand(3)
    ref = ref_matmul(m, v)
    close(tl.addmv(T(c), T(m), T(v), beta=2, alpha=3), 2 * c + 3 * ref)
    close(T(c).addmv(T(m), T(v)), c + ref)


def test_addmv_inplace_and_errors():
    c, m, v = rand(4), rand(4, 3), rand(3)
    t = T(c)
    t.addmv_(T(m), T(v), alpha=2)
    close(t, c + 2 * ref_matmul(m, v))
    i = tl.ones(2, dtype=tl.int64)
    close(tl.addmv(i, tl.ones(2, 3, dtype=tl.int64), tl.ones(3, dtype=tl.int64), alpha=2), [7, 7])
    with pytest.raises(RuntimeError, match=re.escape(
            "Bad in-place call: input tensor size [1] and output tensor size [2] should match")):
        tl.ones(1).addmv_(tl.ones(2, 3), tl.ones(3))
    for fn, msg in [
        (lambda: tl.addmv(tl.ones(3), tl.ones(2, 3), tl.ones(3)),
         "size mismatch, got input (3), mat (2x3), vec (3)"),
        (lambda: tl.addmv(tl.ones(2, 1), tl.ones(2, 3), tl.ones(3)),
         "vector + matrix @ vector expected, got 2, 2, 1"),
        (lambda: tl.addmv(tl.ones(2), tl.ones(2, 3), tl.ones(4)),
         "size mismatch, got input (2), mat (2x3), vec (4)"),
        (lambda: tl.addmv(tl.ones(2), tl.ones(2, 3, dtype=tl.float64), tl.ones(3)),
         "addmv input tensors must have the same dtype, but got Float, Double, and Float"),
    ]:
        with pytest.raises(RuntimeError, match=re.escape(msg)):
            fn()


@pytest.mark.parametrize("input_shape", [(3, 2, 5), (5,), (2, 5), (3, 1, 1), ()])
def test_baddbmm(input_shape):
    c, a, b = rand(*input_shape), rand(3, 2, 4), rand(3, 4, 5)
    ref = ref_matmul(a, b)
    close(tl.baddbmm(T(c), T(a), T(b), beta=2, alpha=3), 2 * c + 3 * ref)
    close(T(c).baddbmm(T(a), T(b), beta=0), ref)


def test_baddbmm_inplace_and_errors():
    c, a, b = rand(3, 2, 5), rand(3, 2, 4), rand(3, 4, 5)
    t = T(c)
    t.baddbmm_(T(a), T(b))
    close(t, c + ref_matmul(a, b))
    with pytest.raises(RuntimeError, match=re.escape(
            "Bad in-place call: input tensor size [5] and output tensor size [3, 2, 5] should "
            "match")):
        tl.ones(5).baddbmm_(T(a), T(b))
    f = tl.ones
    for fn, msg in [
        (lambda: tl.baddbmm(f(4, dtype=tl.float64), f(2, 2, 3), f(2, 3, 4)),
         "Input dtypes must be the same, got: input double, batch1: float, batch2: float"),
        (lambda: tl.baddbmm(f(4), f(2, 2, 3), f(2, 3, 4, dtype=tl.float64)),
         "expected scalar type Float but found Double"),
        (lambda: tl.baddbmm(f(4), f(2, 2, 3), f(2, 4, 4)),
         "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4]."),
        (lambda: tl.baddbmm(f(4), f(2, 3), f(2, 3, 4)), "batch1 must be a 3D tensor"),
    ]:
        with pytest.raises(RuntimeError, match=re.escape(msg)):
            fn()
    with pytest.raises(NotImplementedError, match="\"baddbmm\" not implemented for 'Bool'"):
        tl.baddbmm(f(4, dtype=tl.bool), f(2, 2, 3, dtype=tl.bool), f(2, 3, 4, dtype=tl.bool))


@pytest.mark.parametrize("input_shape", [(2, 5), (5,), ()])
def test_addbmm(input_shape):
    c, a, b = rand(*input_shape), rand(3, 2, 4), rand(3, 4, 5)
    ref = ref_matmul(a, b).sum(0)
    close(tl.addbmm(T(c), T(a), T(b), beta=2, alpha=3), 2 * c + 3 * ref)
    ta = T(a.transpose(0, 2, 1).copy()).transpose(1, 2)
    close(T(c).addbmm(ta, T(b)), c + ref)
    close(tl.addbmm(T(c), tl.ones(0, 2, 4), tl.ones(0, 4, 5)), np.broadcast_to(c, (2, 5)))


def test_addbmm_inplace_and_errors():
    c, a, b = rand(2, 5), rand(3, 2, 4), rand(3, 4, 5)
    t = T(c)
    t.addbmm_(T(a), T(b), alpha=2)
    close(t, c + 2 * ref_matmul(a, b).sum(0))
    f = tl.ones
    for fn, msg in [
        (lambda: tl.addbmm(f(4), f(2, 2, 3), f(3, 3, 4)),
         "batch1 and batch2 must have same number of batches, got 2 and 3"),
        (lambda: tl.addbmm(f(4), f(2, 2, 3), f(2, 4, 4)),
         "Incompatible matrix sizes for bmm (2x3 and 4x4)"),
        (lambda: tl.addbmm(f(4), f(2, 2, 3), f(2, 3, 4, dtype=tl.float64)),
         "self and mat2 must have the same dtype, but got Float and Double"),
        (lambda: tl.addbmm(f(4), f(2, 2, 3, dtype=tl.float64), f(2, 3, 4)),
         "mat1 and mat2 must have the same dtype, but got Double and Float"),
        (lambda: tl.addbmm(f(4, dtype=tl.float64), f(2, 2, 3), f(2, 3, 4)),
         "self and mat2 must have the same dtype, but got Double and Float"),
        (lambda: tl.addbmm(f(3, 4), f(2, 2, 3), f(2, 3, 4)),
         "The expanded size of the tensor (2) must match the existing size (3)"),
        (lambda: tl.addbmm(f(4), f(2, 3), f(2, 3, 4)), "batch1 must be a 3D tensor"),
    ]:
        with pytest.raises(RuntimeError, match=re.escape(msg)):
            fn()


# ---- einsum ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("eq,shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("i,i", [(5,), (5,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]),
    ("ij->ji", [(2, 3)]),
    ("ij->", [(2, 3)]),
    ("...ij,...jk", [(5, 2, 3), (3, 4)]),
    ("i j , j k -> i k", [(2, 3), (3, 4)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
])
def test_einsum_matches_numpy(eq, shapes):
    arrays = [rand(*s, dtype=np.float64) for s in shapes]
    expected = np.einsum(eq.replace(" ", ""), *arrays)
    close(tl.einsum(eq, *[T(a) for a in arrays]), expected, tl.float64)
    close(tl.einsum(eq, [T(a) for a in arrays]), expected)


def test_einsum_dtypes_sublists_and_copies():
    a, b = rand(2, 3, dtype=np.int64), rand(3, 4, dtype=np.int64)
    close(tl.einsum("ij,jk->ik", T(a), T(b)), a @ b, tl.int64)
    h = rand(4, dtype=np.float16)
    r = tl.einsum("i,i", T(h), T(h))
    assert r.dtype is tl.float16
    m = rand(3, 3)
    close(tl.einsum(T(m), [0, 1], [1, 0]), m.T)
    t = T(m)
    r = tl.einsum("ij->ji", t)                  # a view, as PyTorch's (no product to compute)
    r.fill_(0.0)
    assert not N(t).any()
    close(tl.einsum("ij,jk->ik", T(m).t(), T(m)), m.T.astype(np.float64) @ m)


def test_einsum_errors():
    f = tl.ones
    with pytest.raises(RuntimeError, match=re.escape(
            "einsum(): more operands were provided than specified in the equation")):
        tl.einsum("ij,jk", f(2, 3), f(3, 4), f(4))
    with pytest.raises(RuntimeError, match=re.escape(
            "einsum(): fewer operands were provided than specified in the equation")):
        tl.einsum("ij,jk->ik", f(2, 3))
    with pytest.raises(ValueError, match=re.escape(
            "einsum(): must specify the equation string and at least one operand")):
        tl.einsum("ij,jk->ik")
    with pytest.raises(RuntimeError, match=re.escape("expected scalar type Float but found Double")):
        tl.einsum("ij,jk", f(2, 3), f(3, 4, dtype=tl.float64))
    with pytest.raises(RuntimeError, match=re.escape("einsum():")):
        tl.einsum("ij,jk->ik", f(2, 3), f(4, 4))


EINSUM_BAD = [
    (lambda L: L.einsum("......", L.ones(2)), RuntimeError,
     "einsum(): found '.' for operand 0 for which an ellipsis was already found"),
    (lambda L: L.einsum("i..", L.ones(2)), RuntimeError,
     "einsum(): found '.' for operand 0 that is not part of any ellipsis"),
    (lambda L: L.einsum("i1->i", L.ones(3, 3)), RuntimeError,
     "einsum(): invalid subscript given at index 1 in the equation string, subscripts must be "
     "in [a-zA-Z]"),
    (lambda L: L.einsum(L.ones(3), [52]), ValueError,
     "einsum(): subscript in subscript list is not within the valid range [0, 52)"),
    (lambda L: L.einsum("...i", L.ones(())), RuntimeError,
     "einsum(): the number of subscripts in the equation (1) is more than the number of "
     "dimensions (0) for operand 0"),
    (lambda L: L.einsum("ij->ii", L.ones(2, 2)), RuntimeError,
     "einsum(): output subscript i appears more than once in the output"),
    (lambda L: L.einsum("ii->i", L.ones(1, 3)), RuntimeError,
     "einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 1"),
    (lambda L: L.einsum("...,...", L.ones(2, 3), L.ones(4)), RuntimeError,
     "einsum(): dimension 0 covered by ellipsis in operand 1has size 4 which does not broadcast "
     "with previously seen ellipsis with size 3 for the respective dimension"),
    (lambda L: L.einsum("ij->i.", L.ones(2, 2)), RuntimeError,
     "einsum(): found '.' for output that is not part of any ellipsis (...)"),
]


@pytest.mark.parametrize("case", range(len(EINSUM_BAD)))
def test_einsum_refuses_bad_equations_as_pytorch(case):
    call, exc, message = EINSUM_BAD[case]
    with pytest.raises(exc, match=f"^{re.escape(message)}$"):
        call(tl)
    try:
        import torch
    except ImportError:
        return
    with pytest.raises(exc, match=f"^{re.escape(message)}$"):
        call(torch)


def test_einsum_products_are_contiguous():
    a = tl.ones(2, 3)
    for r in (tl.einsum("ij,jk->ki", a, tl.ones(3, 4)), tl.einsum("...,...", a, tl.ones(3))):
        assert r.is_contiguous()


# ---- PyTorch as the oracle ------------------------------------------------------------------------

@pytest.mark.parametrize("sa,sb", MATMUL_SHAPES)
def test_matmul_against_torch(sa, sb):
    torch = pytest.importorskip("torch")
    a, b = rand(*sa, dtype=np.float64), rand(*sb, dtype=np.float64)
    ours = tl.matmul(T(a), T(b))
    theirs = torch.matmul(torch.tensor(a), torch.tensor(b))
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(N(ours), theirs.numpy(), rtol=1e-12, atol=1e-12)


ORACLE = [
    lambda m, x: m.mm(x["a"], x["b"]),
    lambda m, x: m.addmm(x["c"], x["a"], x["b"], beta=0.5, alpha=-2),
    lambda m, x: m.addmv(x["v5"], x["b"].t(), x["v4"], beta=2),
    lambda m, x: m.baddbmm(x["c"], x["a"].expand(2, 3, 4), x["b"].expand(2, 4, 5), alpha=3),
    lambda m, x: m.addbmm(x["c"], x["a"].expand(2, 3, 4), x["b"].expand(2, 4, 5)),
    lambda m, x: m.outer(x["v5"], x["v4"]),
    lambda m, x: m.inner(x["a"], x["b"].t()),
    lambda m, x: m.einsum("ij,jk->ki", x["a"], x["b"]),
    lambda m, x: x["a"].t() @ x["c"],
    lambda m, x: m.matmul(x["v4"], x["b"].expand(3, 4, 5)),
    lambda m, x: m.dot(x["v4"], x["v4"]),
    lambda m, x: m.mv(x["b"].t(), x["v4"]),
]


@pytest.mark.parametrize("fn", ORACLE)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_values_against_torch(fn, dtype):
    torch = pytest.importorskip("torch")
    arrays = {"a": rand(3, 4, dtype=dtype), "b": rand(4, 5, dtype=dtype),
              "c": rand(3, 5, dtype=dtype), "v4": rand(4, dtype=dtype), "v5": rand(5, dtype=dtype)}
    theirs = fn(torch, {k: torch.tensor(v) for k, v in arrays.items()})
    ours = fn(tl, {k: T(v) for k, v in arrays.items()})
    assert str(ours.dtype) == str(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(N(ours), theirs.numpy(), rtol=tol, atol=tol)


ERRORS = [
    lambda m: m.mm(m.ones(2, 3), m.ones(4, 5)),
    lambda m: m.mm(m.ones(2, 3), m.ones(3, 5, dtype=m.float64)),
    lambda m: m.mm(m.ones(2, 3, dtype=m.int16), m.ones(3, 5, dtype=m.int8)),
    lambda m: m.matmul(m.ones(2, 2, 3), m.ones(4)),
    lambda m: m.matmul(m.ones(3), m.ones(2, 2, 3)),
    lambda m: m.matmul(m.ones(2, 3), m.ones(3, dtype=m.float64)),
    lambda m: m.bmm(m.ones(2, 2, 3), m.ones(3, 3, 4)),
    lambda m: m.dot(m.ones(3), m.ones(4)),
    lambda m: m.dot(m.ones(2, 3), m.ones(2, 3)),
    lambda m: m.addmm(m.ones(5), m.ones(2, 3), m.ones(3, 5, dtype=m.float64)),
    lambda m: m.addmv(m.ones(2), m.ones(2, 3), m.ones(4)),
    lambda m: m.baddbmm(m.ones(4, dtype=m.float64), m.ones(2, 2, 3), m.ones(2, 3, 4)),
    lambda m: m.addbmm(m.ones(4), m.ones(2, 2, 3), m.ones(2, 4, 4)),
    lambda m: m.outer(m.ones(3, 2), m.ones(2)),
    lambda m: m.inner(m.ones(2, 3), m.ones(4, 2)),
    lambda m: m.einsum("ij,jk", m.ones(2, 3)),
    lambda m: m.mv(m.ones(2, 3, dtype=m.bool), m.ones(3, dtype=m.bool)),
]


@pytest.mark.parametrize("call", ERRORS)
def test_error_messages_match_torch(call):
    assert_error_as_torch(call, tl)


def test_blas_float32_path_matches_float64_reference():
    # sizes that exercise gemm's blocking; the answer must be float32-accurate
    for n, k, m in [(64, 64, 64), (1, 500, 1), (129, 17, 65)]:
        a, b = rand(n, k), rand(k, m)
        r = tl.mm(T(a), T(b))
        assert r.dtype is tl.float32
        err = np.abs(N(r) - ref_matmul(a, b)).max()
        assert err <= 1e-4 * math.sqrt(k) * max(1.0, np.abs(ref_matmul(a, b)).max())
