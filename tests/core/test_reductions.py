"""Reductions (torchlike_core._reductions) against numpy, and against torch where installed."""
import math
import pickle
import re
import warnings

import numpy as np
import pytest

import torchlike_core as tl

NAN = float("nan")
INF = float("inf")

# ---- helpers ---------------------------------------------------------------------------

SHAPES = [(5,), (3, 4), (2, 3, 4), (2, 3, 2, 3)]
DTYPES = [np.float32, np.float64, np.int64, np.bool_]
LAYOUTS = ["contiguous", "transposed", "stepped"]


def values(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if dtype is np.bool_:
        return rng.random(shape) > 0.4
    if np.issubdtype(dtype, np.integer):
        return rng.integers(-4, 5, shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def make(base, layout):
    """A tensor with base's values, laid out as asked (the non-contiguous ones share memory
    with a bigger numpy buffer)."""
    if layout == "contiguous":
        t = tl.from_numpy(base.copy())
    elif layout == "transposed":
        order = tuple(reversed(range(base.ndim)))
        t = tl.from_numpy(np.ascontiguousarray(base.transpose(order))).permute(*order)
    else:   # every other element of the last dim, and of the first dim
        big_shape = list(base.shape)
        big_shape[0] = big_shape[0] * 2
        big_shape[-1] = big_shape[-1] * 3
        big = np.zeros(big_shape, base.dtype)
        view = big[::2, ..., ::3] if base.ndim > 1 else big[::6]
        view[...] = base
        t = tl.from_numpy(view)
    if layout == "stepped" or (layout == "transposed" and base.ndim > 1):
        assert not t.is_contiguous()
    np.testing.assert_array_equal(t.numpy(), base)
    return t


def dims_for(ndim):
    dims = [None, 0, -1]
    if ndim > 1:
        dims += [(0, -1), [1], tuple(range(ndim))]
    if ndim > 2:
        dims += [(-1, 0, 1), (1,)]
    return dims


def np_axis(dim):
    if isinstance(dim, list):
        return tuple(dim)
    return dim


def check(t, expected, dtype=None, rtol=1e-5, atol=1e-6):
    """t (a torchlike tensor) has expected's values, shape and the given dtype."""
    expected = np.asarray(expected)
    assert isinstance(t, tl.Tensor)
    assert tuple(t.shape) == expected.shape, (tuple(t.shape), expected.shape)
    if dtype is not None:
        assert t.dtype is dtype, (t.dtype, dtype)
    got = t.numpy()
    if got.dtype.kind in "biu" and expected.dtype.kind in "biu":
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got.astype(np.float64), expected.astype(np.float64),
                                   rtol=rtol, atol=atol)


def tl_dtype(np_dtype):
    return {np.float32: tl.float32, np.float64: tl.float64, np.int64: tl.int64,
            np.bool_: tl.bool}[np_dtype]


def sum_dtype(np_dtype):
    return tl_dtype(np_dtype) if np_dtype in (np.float32, np.float64) else tl.int64


def tol(np_dtype):
    return dict(rtol=1e-4, atol=1e-5) if np_dtype is np.float32 else dict(rtol=1e-10, atol=1e-12)


# ---- sum / nansum / prod / mean over dtypes, layouts, dims, keepdim -----------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_sum_vs_numpy(shape, dtype, layout):
    base = values(shape, dtype)
    t = make(base, layout)
    acc = np.int64 if dtype in (np.int64, np.bool_) else dtype
    for dim in dims_for(len(shape)):
        for keepdim in (False, True):
            ref = np.sum(base, axis=np_axis(dim), keepdims=keepdim, dtype=acc)
            check(tl.sum(t, dim, keepdim), ref, sum_dtype(dtype), **tol(dtype))
            check(t.sum(dim=dim, keepdim=keepdim), ref, sum_dtype(dtype), **tol(dtype))
            check(tl.nansum(t, dim, keepdim), ref, sum_dtype(dtype), **tol(dtype))
    check(t.sum(), np.sum(base, dtype=acc), sum_dtype(dtype), **tol(dtype))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_prod_vs_numpy(shape, dtype, layout):
    base = values(shape, dtype)
    t = make(base, layout)
    acc = np.int64 if dtype in (np.int64, np.bool_) else dtype
    check(t.prod(), np.prod(base, dtype=acc), sum_dtype(dtype), **tol(dtype))
    for dim in range(-len(shape), len(shape)):
        for keepdim in (False, True):
            check(tl.prod(t, dim, keepdim), np.prod(base, axis=dim, keepdims=keepdim, dtype=acc),
                  sum_dtype(dtype), **tol(dtype))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_mean_var_std_vs_numpy(shape, dtype, layout):
    base = values(shape, dtype)
    t = make(base, layout)
    d = tl_dtype(dtype)
    for dim in dims_for(len(shape)):
        axis = np_axis(dim)
        for keepdim in (False, True):
            check(tl.mean(t, dim, keepdim), np.mean(base, axis=axis, keepdims=keepdim), d,
                  **tol(dtype))
            check(tl.nanmean(t, dim, keepdim), np.mean(base, axis=axis, keepdims=keepdim), d,
                  **tol(dtype))
            check(tl.var(t, dim, keepdim=keepdim), np.var(base, axis=axis, ddof=1,
                                                          keepdims=keepdim), d, **tol(dtype))
            check(t.std(dim, keepdim=keepdim, correction=0),
                  np.std(base, axis=axis, keepdims=keepdim), d, **tol(dtype))
            with warnings.catch_warnings():   # correction=2 leaves no degrees of freedom
                warnings.simplefilter("ignore")   # for the size-2 dims
                v, m = tl.var_mean(t, dim, keepdim=keepdim, correction=2)
                ref = np.var(base, axis=axis, ddof=2, keepdims=keepdim)
            check(v, ref, d, **tol(dtype))
            check(m, np.mean(base, axis=axis, keepdims=keepdim), d, **tol(dtype))
            s, m = tl.std_mean(t, dim, unbiased=False, keepdim=keepdim)
            check(s, np.std(base, axis=axis, keepdims=keepdim), d, **tol(dtype))
            check(m, np.mean(base, axis=axis, keepdims=keepdim), d, **tol(dtype))


# ---- amax / amin / all / any / count_nonzero / logsumexp / norm ---------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_amax_amin_all_any_count_vs_numpy(shape, dtype, layout):
    base = values(shape, dtype)
    t = make(base, layout)
    d = tl_dtype(dtype)
    for dim in dims_for(len(shape)):
        axis = np_axis(dim)
        for keepdim in (False, True):
            check(tl.amax(t, dim, keepdim), np.max(base, axis=axis, keepdims=keepdim), d)
            check(t.amin(dim, keepdim), np.min(base, axis=axis, keepdims=keepdim), d)
            check(tl.all(t, dim, keepdim), np.all(base, axis=axis, keepdims=keepdim), tl.bool)
            check(t.any(dim, keepdim), np.any(base, axis=axis, keepdims=keepdim), tl.bool)
        check(tl.count_nonzero(t, dim), np.count_nonzero(base, axis=axis), tl.int64)
    check(t.amax(), np.max(base), d)
    check(t.all(), np.all(base), tl.bool)
    check(t.any(), np.any(base), tl.bool)
    check(t.count_nonzero(), np.count_nonzero(base), tl.int64)


def np_logsumexp(a, axis, keepdims):
    a = a.astype(np.float64)
    m = np.max(a, axis=axis, keepdims=True)
    r = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    return r if keepdims else np.squeeze(r, axis=axis)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_logsumexp_vs_numpy(shape, dtype, layout):
    base = values(shape, dtype)
    t = make(base, layout)
    d = tl_dtype(dtype) if dtype in (np.float32, np.float64) else tl.float32
    for dim in dims_for(len(shape))[1:]:
        axis = np_axis(dim)
        for keepdim in (False, True):
            check(tl.logsumexp(t, dim, keepdim), np_logsumexp(base, axis, keepdim), d,
                  rtol=1e-5)


def np_norm(a, p, axis, keepdims):
    a = np.abs(a.astype(np.float64))
    if p == INF:
        return np.max(a, axis=axis, keepdims=keepdims)
    if p == -INF:
        return np.min(a, axis=axis, keepdims=keepdims)
    if p == 0:
        return np.sum(a != 0, axis=axis, keepdims=keepdims).astype(np.float64)
    with np.errstate(divide="ignore"):
        return np.sum(a ** p, axis=axis, keepdims=keepdims) ** (1.0 / p)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_norm_vs_numpy(shape, dtype, layout):
    base = values(shape, dtype)
    t = make(base, layout)
    d = tl_dtype(dtype)
    check(tl.norm(t), np_norm(base, 2, None, False), d, rtol=1e-5)
    check(t.norm("fro"), np_norm(base, 2, None, False), d, rtol=1e-5)
    for p in (1, 2, 3, 0.5, INF, -INF, 0, -1):
        for dim in dims_for(len(shape)):
            for keepdim in (False, True):
                check(tl.norm(t, p, dim, keepdim), np_norm(base, p, np_axis(dim), keepdim), d,
                      rtol=1e-5)


# ---- max / min / argmax / argmin / aminmax ---------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_max_min_arg_vs_numpy(shape, dtype, layout):
    base = values(shape, dtype)
    t = make(base, layout)
    d = tl_dtype(dtype)
    check(tl.max(t), np.max(base), d)
    check(t.min(), np.min(base), d)
    if dtype is not np.bool_:
        check(tl.argmax(t), np.argmax(base), tl.int64)
        check(t.argmin(), np.argmin(base), tl.int64)
        check(t.argmax(keepdim=True), np.argmax(base).reshape((1,) * len(shape)), tl.int64)
    mn, mx = tl.aminmax(t)
    check(mn, np.min(base), d)
    check(mx, np.max(base), d)
    for dim in range(-len(shape), len(shape)):
        for keepdim in (False, True):
            values_, indices = tl.max(t, dim, keepdim)
            check(values_, np.max(base, axis=dim, keepdims=keepdim), d)
            check(indices, np.argmax(base, axis=dim, keepdims=keepdim), tl.int64)
            r = t.min(dim=dim, keepdim=keepdim)
            check(r.values, np.min(base, axis=dim, keepdims=keepdim), d)
            check(r.indices, np.argmin(base, axis=dim, keepdims=keepdim), tl.int64)
            r = tl.aminmax(t, dim=dim, keepdim=keepdim)
            check(r.min, np.min(base, axis=dim, keepdims=keepdim), d)
            check(r.max, np.max(base, axis=dim, keepdims=keepdim), d)
            if dtype is not np.bool_:
                check(tl.argmax(t, dim, keepdim), np.argmax(base, axis=dim, keepdims=keepdim),
                      tl.int64)
                check(t.argmin(dim, keepdim), np.argmin(base, axis=dim, keepdims=keepdim),
                      tl.int64)


def test_max_min_first_occurrence_and_ties():
    t = tl.tensor([[1, 3, 3, 0], [2, 2, -1, -1]])
    check(tl.max(t, 1).indices, [1, 0])
    check(tl.min(t, 1).indices, [3, 2])
    check(tl.argmax(t), 1)
    check(tl.argmin(t), 6)
    check(tl.argmax(t, 0), [1, 0, 0, 0])
    z = tl.tensor([[0.0, -0.0]])
    check(tl.max(z, 1).indices, [0])


def test_max_binary_form_is_maximum():
    a = tl.tensor([[1.0, 5.0], [3.0, -2.0]])
    b = tl.tensor([2.0, 0.0])
    check(tl.max(a, b), [[2.0, 5.0], [3.0, 0.0]], tl.float32)
    check(a.min(b), [[1.0, 0.0], [2.0, -2.0]], tl.float32)
    check(tl.max(a, other=b), [[2.0, 5.0], [3.0, 0.0]], tl.float32)
    check(tl.max(tl.tensor([1, 2]), tl.tensor([0.5, 3.0])), [1.0, 3.0], tl.float32)
    out = tl.empty(2, 2)
    r = tl.max(a, b, out=out)
    assert r is out
    check(out, [[2.0, 5.0], [3.0, 0.0]])


# ---- return types ------------------------------------------------------------------------

def test_return_types_fields_unpacking_repr():
    t = tl.tensor([[1, 5, 2], [7, 0, 7]])
    r = tl.max(t, 1)
    assert type(r).__name__ == "max"
    assert isinstance(r, tuple) and len(r) == 2
    values_, indices = r
    assert values_ is r.values is r[0]
    assert indices is r.indices is r[1]
    check(values_, [5, 7], tl.int64)
    check(indices, [1, 0], tl.int64)
    assert r._fields == ("values", "indices")
    assert repr(r) == ("torch.return_types.max(\nvalues=tensor([5, 7]),\n"
                       "indices=tensor([1, 0]))")
    assert repr(tl.min(tl.tensor([[1.5, 0.5]]), 1)) == (
        "torch.return_types.min(\nvalues=tensor([0.5000]),\nindices=tensor([1]))")
    mm = tl.aminmax(tl.tensor([3.0, -1.0]))
    assert repr(mm) == "torch.return_types.aminmax(\nmin=tensor(-1.),\nmax=tensor(3.))"
    lo, hi = mm
    assert lo is mm.min and hi is mm.max
    assert tl.return_types.max is type(r)
    again = pickle.loads(pickle.dumps(r))
    assert type(again) is type(r)
    check(again.values, [5, 7])
    # like torch's structseq: built from a sequence
    built = tl.return_types.max((1, 2))
    assert built.values == 1 and built.indices == 2
    with pytest.raises(TypeError, match=re.escape("takes a 2-sequence (3-sequence given)")):
        tl.return_types.max((1, 2, 3))


def test_return_types_repr_matches_torch():
    torch = pytest.importorskip("torch")
    data = [[1.5, -2.0, 3.25], [0.0, 7.0, 7.0]]
    t, tt = tl.tensor(data), torch.tensor(data)
    assert repr(tl.max(t, 1)) == repr(torch.max(tt, 1))
    assert repr(tl.min(t, 0, True)) == repr(torch.min(tt, 0, True))
    assert repr(tl.aminmax(t, dim=1)) == repr(torch.aminmax(tt, dim=1))
    ti, tti = tl.tensor([[3, 1]]), torch.tensor([[3, 1]])
    assert repr(ti.max(-1)) == repr(tti.max(-1))


# ---- NaN ---------------------------------------------------------------------------------

def test_nan_propagation():
    a = tl.tensor([[1.0, NAN, 3.0], [4.0, 5.0, 6.0]])
    assert math.isnan(tl.max(a).item()) and math.isnan(a.min().item())
    r = tl.max(a, 1)
    check(r.values, [NAN, 6.0])
    check(r.indices, [1, 2])
    r = tl.min(a, 1)
    check(r.values, [NAN, 4.0])
    check(r.indices, [1, 0])
    check(tl.amax(a, 1), [NAN, 6.0])
    check(tl.amin(a, 1), [NAN, 4.0])
    check(tl.argmax(a), 1)
    check(tl.argmin(a, 1), [1, 0])
    check(tl.argmin(tl.tensor([1.0, NAN, NAN])), 1)
    mn, mx = tl.aminmax(a, dim=1)
    check(mn, [NAN, 4.0])
    check(mx, [NAN, 6.0])
    check(tl.sum(a, 1), [NAN, 15.0])
    check(tl.mean(a, 1), [NAN, 5.0])
    check(tl.var(a, 1), [NAN, 1.0])
    check(tl.logsumexp(a, 1), [NAN, np_logsumexp(np.array([4.0, 5.0, 6.0]), 0, False)])
    check(tl.cumsum(a, 1), [[1.0, NAN, NAN], [4.0, 9.0, 15.0]])
    check(tl.norm(a, INF, 1), [NAN, 6.0])
    # the nan-ignoring forms
    check(tl.nansum(a, 1), [4.0, 15.0])
    check(tl.nansum(a), 19.0)
    check(tl.nanmean(a, 1), [2.0, 5.0])
    check(tl.nanmean(tl.tensor([NAN, NAN])), NAN)
    # NaN is non-zero for all/any/count_nonzero
    n = tl.tensor([NAN, 0.0])
    assert tl.all(tl.tensor([NAN])).item() is True
    check(tl.count_nonzero(n), 1, tl.int64)


def test_inf_and_large_values_logsumexp():
    check(tl.logsumexp(tl.tensor([1000.0, 1000.0]), 0), 1000.0 + math.log(2), tl.float32)
    check(tl.logsumexp(tl.tensor([-1000.0, -1000.0]), 0), -1000.0 + math.log(2))
    check(tl.logsumexp(tl.tensor([INF, 1.0]), 0), INF)
    check(tl.logsumexp(tl.tensor([-INF, -INF]), 0), -INF)
    check(tl.logsumexp(tl.tensor([INF, -INF]), 0), INF)
    check(tl.logsumexp(tl.tensor([[1, 2]]), 1), [math.log(math.e + math.e ** 2)], tl.float32)
    check(tl.logsumexp(tl.tensor([[True, False]]), -1), [math.log(1 + math.e)], tl.float32)
    check(tl.logsumexp(tl.empty(2, 0), 1), [-INF, -INF])


# ---- dtype rules and dtype= ------------------------------------------------------------

def test_result_dtypes():
    i32 = tl.tensor([[1, 2], [3, 4]], dtype=tl.int32)
    u8 = tl.tensor([[200, 100], [1, 0]], dtype=tl.uint8)
    b = tl.tensor([[True, False], [True, True]])
    h = tl.tensor([1.0, 2.0], dtype=tl.float16)
    check(i32.sum(), 10, tl.int64)
    check(u8.sum(0), [201, 100], tl.int64)
    check(b.sum(), 3, tl.int64)
    check(b.sum(1), [1, 2], tl.int64)
    check(b.prod(1), [0, 1], tl.int64)
    check(i32.cumsum(1), [[1, 3], [3, 7]], tl.int64)
    check(b.cumsum(0), [[1, 0], [2, 1]], tl.int64)
    check(h.sum(), 3.0, tl.float16)
    check(h.mean(), 1.5, tl.float16)
    check(i32.amax(), 4, tl.int32)
    check(u8.max(), 200, tl.uint8)
    check(tl.max(i32, 0).values, [3, 4], tl.int32)
    check(u8.all(1), [1, 0], tl.uint8)
    check(u8.any(), 1, tl.uint8)
    check(i32.all(), True, tl.bool)
    check(tl.count_nonzero(u8), 3, tl.int64)
    check(tl.argmax(u8), 0, tl.int64)


def test_dtype_argument():
    i = tl.tensor([[1, 2], [3, 4]])
    f = tl.tensor([[1.5, 2.5], [-0.5, 3.7]])
    check(tl.sum(i, 1, dtype=tl.float64), [3.0, 7.0], tl.float64)
    check(tl.sum(f, dtype=tl.int32), 1 + 2 + 0 + 3, tl.int32)       # each value cast first
    check(tl.sum(i, dtype=tl.bool), True, tl.bool)
    check(tl.sum(tl.tensor([200, 100], dtype=tl.uint8), dtype=tl.uint8), 44, tl.uint8)
    check(tl.sum(f, dtype=tl.float64), f.numpy().astype(np.float64).sum(), tl.float64)
    check(tl.nansum(i, dtype=tl.float32), 10.0, tl.float32)
    check(tl.mean(i, dtype=tl.float32), 2.5, tl.float32)
    check(tl.mean(f, 0, dtype=tl.float64), [0.5, 3.1], tl.float64)
    check(tl.nanmean(f, dtype=tl.float64), f.numpy().astype(np.float64).mean(), tl.float64)
    check(tl.prod(i, dtype=tl.float32), 24.0, tl.float32)
    check(tl.prod(f, 0, dtype=tl.int64), [-1 * 0 + 1 * 0, 2 * 3], tl.int64)
    check(tl.cumsum(i, 1, dtype=tl.float32), [[1.0, 3.0], [3.0, 7.0]], tl.float32)
    check(tl.cumsum(tl.tensor([200, 100], dtype=tl.uint8), 0, dtype=tl.uint8), [200, 44],
          tl.uint8)
    check(tl.cumprod(i, 0, dtype=tl.float64), [[1.0, 2.0], [3.0, 8.0]], tl.float64)
    check(tl.norm(f, dtype=tl.float64), np.linalg.norm(f.numpy().astype(np.float64)),
          tl.float64)
    check(tl.norm(f, 1, 1, dtype=tl.float64), np.abs(f.numpy()).sum(1), tl.float64)


def test_dtype_argument_vs_torch():
    torch = pytest.importorskip("torch")
    data = [[1.5, 2.5, -7.25], [-0.5, 3.7, 1e3]]
    t, tt = tl.tensor(data), torch.tensor(data)
    for name in ("sum", "nansum", "prod", "mean"):
        for d in ("float64", "float32", "int32", "int64"):
            if name == "mean" and d.startswith("int"):
                continue
            for dim in ((), (1,), (0,)):
                got = getattr(tl, name)(t, *dim, dtype=getattr(tl, d))
                ref = getattr(torch, name)(tt, *dim, dtype=getattr(torch, d))
                assert got.dtype.name == str(ref.dtype)[6:]
                np.testing.assert_allclose(got.numpy(), ref.numpy(), rtol=1e-6)


# ---- out= ------------------------------------------------------------------------------

def test_out_argument():
    x = tl.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out = tl.empty(3)
    r = tl.sum(x, 0, out=out)
    assert r is out
    check(out, [5.0, 7.0, 9.0], tl.float32)
    v = out._version
    tl.mean(x, 0, out=out)
    check(out, [2.5, 3.5, 4.5])
    assert out._version > v
    # the out dtype is the result dtype of sum-like ops: each value is cast first
    o = tl.empty(1, dtype=tl.int64)
    tl.sum(tl.tensor([[0.6, 0.6]]), 1, out=o)
    check(o, [0], tl.int64)
    o = tl.empty(1, dtype=tl.uint8)
    tl.sum(tl.tensor([[200, 100]], dtype=tl.uint8), 1, out=o)
    check(o, [44], tl.uint8)
    o64 = tl.empty(2, dtype=tl.float64)
    tl.var(x, 1, out=o64)
    check(o64, [1.0, 1.0], tl.float64)
    tl.std(x, 1, out=o64)
    check(o64, [1.0, 1.0])
    tl.prod(x, 1, out=o64)
    check(o64, [6.0, 120.0])
    tl.nansum(x, 1, out=o64)
    check(o64, [6.0, 15.0])
    o2 = tl.empty(2)
    tl.amax(x, 1, out=o2)
    check(o2, [3.0, 6.0])
    tl.amin(x, 1, out=o2)
    check(o2, [1.0, 4.0])
    tl.norm(x, 1, 1, out=o2)
    check(o2, [6.0, 15.0])
    tl.logsumexp(x, 1, out=o2)
    check(o2, np_logsumexp(x.numpy(), 1, False))
    tl.nanmean(x, 1, out=o2)
    check(o2, [2.0, 5.0])
    ob = tl.empty(2, dtype=tl.bool)
    tl.all(x, 1, out=ob)
    check(ob, [True, True], tl.bool)
    tl.any(tl.zeros(2, 3), 1, out=ob)
    check(ob, [False, False])
    oi = tl.empty(2, dtype=tl.int64)
    assert tl.argmax(x, 1, out=oi) is oi
    check(oi, [2, 2])
    tl.argmin(x, 1, out=oi)
    check(oi, [0, 0])
    oc = tl.empty(2, 3, dtype=tl.float64)
    tl.cumsum(x, 1, out=oc)
    check(oc, np.cumsum(x.numpy(), 1), tl.float64)
    tl.cumprod(x, 0, out=oc)
    check(oc, np.cumprod(x.numpy(), 0))
    o0 = tl.empty(())
    tl.max(x, out=o0)
    check(o0, 6.0)
    tl.mean(x, out=o0)
    check(o0, 3.5)


def test_out_tuple_for_max_min_aminmax():
    x = tl.tensor([[1.0, 9.0, 3.0], [4.0, 5.0, 6.0]])
    vals, idx = tl.empty(2), tl.empty(2, dtype=tl.int64)
    r = tl.max(x, 1, out=(vals, idx))
    assert type(r).__name__ == "max_out"
    assert r.values is vals and r.indices is idx
    check(vals, [9.0, 6.0])
    check(idx, [1, 2])
    vals, idx = tl.empty(0), tl.empty(0, dtype=tl.int64)
    r = tl.min(x, 0, True, out=[vals, idx])
    assert type(r).__name__ == "min_out"
    check(vals, [[1.0, 5.0, 3.0]])
    check(idx, [[0, 1, 0]])
    lo, hi = tl.empty(2), tl.empty(2)
    r = tl.aminmax(x, dim=1, out=(lo, hi))
    assert r.min is lo and r.max is hi
    check(lo, [1.0, 4.0])
    check(hi, [9.0, 6.0])


def test_out_resized_with_warning():
    x = tl.ones(2, 3)
    out = tl.empty(5)
    with pytest.warns(UserWarning, match="was resized"):
        tl.sum(x, 1, out=out)
    check(out, [3.0, 3.0])
    empty_out = tl.empty(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tl.sum(x, 0, out=empty_out)
    check(empty_out, [2.0, 2.0, 2.0])


def test_out_errors():
    x = tl.ones(2, 3)
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype double, but got float instead")):
        tl.sum(x, 0, dtype=tl.float64, out=tl.empty(3))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype double, but got long int instead")):
        tl.cumsum(x, 0, dtype=tl.float64, out=tl.empty(2, 3, dtype=tl.int64))
    with pytest.raises(RuntimeError, match=re.escape(
            "nansum: provided dtype must match dtype of result. Got Float and Double.")):
        tl.nansum(x, 1, dtype=tl.float64, out=tl.empty(2))
    with pytest.raises(RuntimeError, match=re.escape(
            "result type Float can't be cast to the desired output type Long")):
        tl.mean(x, 1, out=tl.empty(2, dtype=tl.int64))
    with pytest.raises(RuntimeError, match=re.escape(
            "result type Float can't be cast to the desired output type Long")):
        tl.var(x, 1, out=tl.empty(2, dtype=tl.int64))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected the dtype for input and out to match, but got Float for input's dtype "
            "and Double for out's dtype.")):
        tl.amax(x, 1, out=tl.empty(2, dtype=tl.float64))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype long int, but got float instead")):
        tl.argmax(x, 1, out=tl.empty(2))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype float, but got double instead")):
        tl.max(x, 1, out=(tl.empty(2, dtype=tl.float64), tl.empty(2, dtype=tl.int64)))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype long int, but got int instead")):
        tl.max(x, 1, out=(tl.empty(2), tl.empty(2, dtype=tl.int32)))
    with pytest.raises(RuntimeError, match=re.escape("Expected canCast(")):
        tl.max(x, out=tl.empty((), dtype=tl.int64))
    with pytest.raises(RuntimeError, match=re.escape(
            "all only supports bool tensor for result, got: Float")):
        tl.all(x, 1, out=tl.empty(2))
    with pytest.raises(RuntimeError, match=re.escape(
            "any only supports bool tensor for result, got: Long")):
        tl.any(x, 1, out=tl.empty(2, dtype=tl.int64))
    with pytest.raises(RuntimeError, match=re.escape(
            "logsumexp(): Expected floating point type for result tensor, but got: Long")):
        tl.logsumexp(x, 1, out=tl.empty(2, dtype=tl.int64))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype float, but got double instead")):
        tl.norm(x, 2, 1, out=tl.empty(2, dtype=tl.float64))
    with pytest.raises(TypeError, match=re.escape("sum(): argument 'out' must be Tensor, not list")):
        tl.sum(x, 0, out=[1, 2, 3])
    with pytest.raises(TypeError, match=re.escape("argument 'out' must be tuple of Tensors")):
        tl.max(x, 1, out=tl.empty(2))


# ---- empty and 0-d inputs -------------------------------------------------------------

def test_empty_inputs():
    e = tl.empty(0)
    e2 = tl.empty(0, 3)
    check(tl.sum(e), 0.0, tl.float32)
    check(tl.sum(tl.empty(0, dtype=tl.int64)), 0, tl.int64)
    check(tl.prod(e), 1.0, tl.float32)
    assert math.isnan(tl.mean(e).item())
    check(tl.mean(e2, 0), [NAN] * 3)
    check(tl.sum(e2, 0), [0.0] * 3)
    check(tl.sum(e2, 1), np.zeros(0))
    check(tl.prod(e2, 0), [1.0] * 3)
    check(tl.nansum(e), 0.0)
    assert math.isnan(tl.nanmean(e).item())
    check(tl.all(e), True, tl.bool)
    check(tl.any(e), False, tl.bool)
    check(tl.count_nonzero(e2, 0), [0, 0, 0], tl.int64)
    check(tl.logsumexp(e, 0), -INF)
    check(tl.norm(e), 0.0)
    check(tl.norm(e2, 2, 0), [0.0] * 3)
    check(tl.norm(e, 0), 0.0)
    check(tl.cumsum(e2, 1), np.zeros((0, 3)))
    check(tl.amax(e2, 1), np.zeros(0))
    r = tl.max(e2, 1, True)
    check(r.values, np.zeros((0, 1)), tl.float32)
    check(r.indices, np.zeros((0, 1)), tl.int64)
    check(tl.argmax(e2, 1), np.zeros(0), tl.int64)
    with pytest.warns(UserWarning, match=re.escape("var(): degrees of freedom is <= 0")):
        assert math.isnan(tl.var(e).item())
    with pytest.warns(UserWarning, match=re.escape("std(): degrees of freedom is <= 0")):
        check(tl.std(e2, 0), [NAN] * 3)


def test_empty_input_errors():
    e = tl.empty(0)
    e2 = tl.empty(0, 3)
    for name in ("max", "min", "amax", "amin"):
        with pytest.raises(RuntimeError, match=re.escape(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument.")):
            getattr(tl, name)(e)
    with pytest.raises(IndexError, match=re.escape(
            "max(): Expected reduction dim 0 to have non-zero size.")):
        tl.max(e2, -2)
    with pytest.raises(IndexError, match=re.escape(
            "amax(): Expected reduction dim -2 to have non-zero size.")):
        tl.amax(e2, -2)
    with pytest.raises(IndexError, match=re.escape(
            "amin(): Expected reduction dim 1 to have non-zero size.")):
        tl.amin(tl.empty(3, 0), (0, 1))
    for name in ("argmax", "argmin"):
        with pytest.raises(IndexError, match=re.escape(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")):
            getattr(tl, name)(e)
        with pytest.raises(IndexError, match=re.escape(
                f"{name}(): Expected reduction dim 0 to have non-zero size.")):
            getattr(tl, name)(e2, 0)
    with pytest.raises(RuntimeError, match=re.escape(
            "aminmax(): cannot compute aminmax over an empty dimension as the operation has "
            "no identity.")):
        tl.aminmax(e)
    with pytest.raises(IndexError, match=re.escape(
            "aminmax: Expected reduction dim 1 to have non-zero size.")):
        tl.aminmax(tl.empty(3, 0), dim=-1)
    with pytest.raises(RuntimeError, match=re.escape(
            "linalg.vector_norm cannot compute the inf norm on an empty tensor because the "
            "operation does not have an identity")):
        tl.norm(e, INF)
    with pytest.raises(RuntimeError, match=re.escape(
            "linalg.vector_norm cannot compute the -0.5 norm on an empty tensor")):
        tl.norm(e, -0.5)
    with pytest.raises(RuntimeError, match=re.escape(
            "cannot compute the -inf norm on the dimension 0because this dimension is empty")):
        tl.norm(e2, -INF, 0)


def test_empty_inputs_vs_torch():
    torch = pytest.importorskip("torch")
    for shape in ((0,), (0, 3), (2, 0)):
        t, tt = tl.empty(*shape), torch.empty(*shape)
        cases = [("sum", ()), ("prod", ()), ("mean", ()), ("nansum", ()), ("all", ()),
                 ("any", ()), ("count_nonzero", ()), ("logsumexp", (0,)), ("norm", ()),
                 ("sum", (0,)), ("sum", (-1,)), ("mean", (-1, True)), ("cumsum", (-1,)),
                 ("cumprod", (0,))]
        for name, args in cases:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                got, ref = getattr(tl, name)(t, *args), getattr(torch, name)(tt, *args)
            assert tuple(got.shape) == tuple(ref.shape), (name, shape, args)
            assert got.dtype.name == str(ref.dtype)[6:], (name, shape, args)
            np.testing.assert_array_equal(got.numpy(), ref.numpy())


def test_zero_dim_inputs():
    z = tl.tensor(3.0)
    for dim in (0, -1, (0,), [-1], None):
        for keepdim in (False, True):
            check(tl.sum(z, dim, keepdim), 3.0)
            check(tl.mean(z, dim, keepdim), 3.0)
            check(tl.amax(z, dim, keepdim), 3.0)
            check(tl.all(z, dim, keepdim), True)
            check(tl.logsumexp(z, () if dim is None else dim, keepdim), 3.0)
            check(tl.norm(z, 2, dim, keepdim), 3.0)
    for dim in (0, -1):
        check(tl.prod(z, dim), 3.0)
        r = tl.max(z, dim)
        check(r.values, 3.0)
        check(r.indices, 0, tl.int64)
        check(tl.min(z, dim, True).indices, 0)
        check(tl.argmax(z, dim), 0, tl.int64)
        check(tl.argmin(z, dim, True), 0, tl.int64)
        check(tl.cumsum(z, dim), 3.0, tl.float32)
        check(tl.cumprod(tl.tensor(4), dim), 4, tl.int64)
        check(tl.count_nonzero(z, dim), 1, tl.int64)
        mn, mx = tl.aminmax(z, dim=dim)
        check(mn, 3.0)
        check(mx, 3.0)
    check(tl.argmax(z), 0)
    check(tl.argmax(z, None, True), 0)
    with pytest.warns(UserWarning, match="degrees of freedom"):
        assert math.isnan(tl.var(z, 0).item())
    # a 0-d result of max(dim) must not share memory with the input
    r = tl.max(z, 0)
    z.fill_(7.0)
    check(r.values, 3.0)
    with pytest.raises(IndexError, match=re.escape(
            "Dimension out of range (expected to be in range of [-1, 0], but got 1)")):
        tl.sum(z, 1)
    with pytest.raises(RuntimeError, match=re.escape(
            "dim 0 appears multiple times in the list of dims")):
        tl.sum(z, (0, -1))


# ---- var/std options ---------------------------------------------------------------

def test_var_std_correction_and_unbiased():
    data = np.array([[1.0, 2.0, 4.0, 7.0], [0.5, 0.5, 3.0, -1.0]])
    t = tl.tensor(data)
    check(tl.var(t), np.var(data, ddof=1))
    check(tl.var(t, False), np.var(data))                 # legacy var(input, unbiased)
    check(tl.var(t, 1, False), np.var(data, axis=1))      # legacy var(input, dim, unbiased)
    check(tl.var(t, 1, False, True), np.var(data, axis=1, keepdims=True))
    check(tl.var(t, 1, unbiased=True), np.var(data, axis=1, ddof=1))
    check(tl.var(t, 1, correction=0), np.var(data, axis=1))
    check(tl.var(t, 1, correction=2), np.var(data, axis=1, ddof=2))
    check(tl.var(t, 1, correction=0.5), np.var(data, axis=1, ddof=0.5))
    check(tl.std(t, (0, 1), correction=3), np.std(data, ddof=3))
    check(t.std(unbiased=False), np.std(data))
    check(t.var(dim=0, keepdim=True), np.var(data, axis=0, ddof=1, keepdims=True))
    v, m = tl.var_mean(t, 1, True, True)
    check(v, np.var(data, axis=1, ddof=1, keepdims=True))
    check(m, data.mean(axis=1, keepdims=True))
    assert type(tl.var_mean(t)) is tuple
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        check(tl.std(tl.tensor([1.0, 2.0]), correction=5), INF)
    with pytest.raises(TypeError, match="not both"):
        tl.var(t, 1, unbiased=False, correction=0)
    # the variance of values far from zero is computed without cancellation
    big = tl.tensor([1e8 + 1.0, 1e8 + 2.0, 1e8 + 3.0], dtype=tl.float64)
    check(tl.var(big), 1.0, rtol=1e-12)


def test_var_std_vs_torch():
    torch = pytest.importorskip("torch")
    data = np.random.default_rng(3).standard_normal((3, 4, 5)).astype(np.float32)
    t, tt = tl.from_numpy(data.copy()), torch.from_numpy(data.copy())
    calls = [((), {}), ((1,), {}), ((False,), {}), ((1, False, True), {}),
             (((0, 2),), {"correction": 0}), ((-1,), {"keepdim": True, "correction": 2}),
             ((None,), {"unbiased": False}), ((), {"dim": [0, 1], "correction": 1.5})]
    for args, kwargs in calls:
        for name in ("var", "std", "var_mean", "std_mean"):
            got = getattr(tl, name)(t, *args, **kwargs)
            ref = getattr(torch, name)(tt, *args, **kwargs)
            for g, r in zip(got if isinstance(got, tuple) else (got,),
                            ref if isinstance(ref, tuple) else (ref,)):
                assert tuple(g.shape) == tuple(r.shape), (name, args, kwargs)
                np.testing.assert_allclose(g.numpy(), r.numpy(), rtol=1e-5, atol=1e-6)


# ---- norm options ------------------------------------------------------------------

def test_norm_variants():
    data = np.array([[-2.0, -1.0, 0.0], [1.0, 2.0, 3.0]], dtype=np.float32)
    t = tl.tensor(data)
    check(tl.norm(t), np.sqrt((data ** 2).sum()), tl.float32)
    check(tl.norm(t, None), np.sqrt((data ** 2).sum()))
    check(tl.norm(t, "fro", (0, 1)), np.sqrt((data ** 2).sum()))
    check(tl.norm(t, "fro", 1), np.sqrt((data ** 2).sum(1)))
    check(tl.norm(t, 1), 9.0)
    check(tl.norm(t, INF), 3.0)
    check(tl.norm(t, -INF), 0.0)
    check(tl.norm(t, 0), 5.0)
    check(tl.norm(t, -1, 1), [0.0, 1 / (1 + 0.5 + 1 / 3)])
    check(tl.norm(t, 3, 1), (np.abs(data) ** 3).sum(1) ** (1 / 3))
    check(t.norm(p=1, dim=0, keepdim=True), [[3.0, 3.0, 3.0]])
    check(tl.norm(t, 2, None, True), [[np.sqrt((data ** 2).sum())]])
    check(tl.norm(tl.tensor(-3.0)), 3.0)
    check(tl.norm(tl.tensor([1.0, NAN]), INF), NAN)
    check(tl.norm(tl.tensor([1.0, INF])), INF)
    # like PyTorch, the 2-norm squares without rescaling
    check(tl.norm(tl.tensor([1e30, 1e30])), INF)
    check(tl.norm(tl.tensor([1e-30, 1e-30])), 0.0)
    check(tl.norm(tl.tensor([300.0] * 1000, dtype=tl.float16)), 300 * math.sqrt(1000),
          tl.float16, rtol=1e-3)


def test_norm_errors():
    t = tl.ones(2, 2)
    with pytest.raises(RuntimeError, match=re.escape(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. "
            "Got Long")):
        tl.norm(tl.tensor([3, 4]))
    with pytest.raises(RuntimeError, match=re.escape(
            "linalg.vector_norm: the dtype of the input (Float) should be convertible without "
            "narrowing to the specified dtype (Half)")):
        tl.norm(t, dtype=tl.float16)
    with pytest.raises(RuntimeError, match=re.escape(
            "linalg.matrix_norm: dim must be a 2-tuple. Got 0 1 2")):
        tl.norm(tl.ones(2, 2, 2), "fro", (0, 1, 2))
    with pytest.raises(RuntimeError, match=re.escape("linalg.matrix_norm: Order abc not supported.")):
        tl.norm(t, "abc")
    with pytest.raises(NotImplementedError, match="nuc"):
        tl.norm(t, "nuc")


def test_norm_vs_torch():
    torch = pytest.importorskip("torch")
    data = np.random.default_rng(5).standard_normal((3, 4, 2)).astype(np.float32)
    data[0, 0, 0] = 0.0
    t, tt = tl.from_numpy(data.copy()), torch.from_numpy(data.copy())
    for p in ("fro", 2, 1, 0, 3, 0.5, -1, INF, -INF):
        for dim in (None, 0, -1, (0, 2), [1]):
            for keepdim in (False, True):
                got, ref = tl.norm(t, p, dim, keepdim), torch.norm(tt, p, dim, keepdim)
                assert tuple(got.shape) == tuple(ref.shape), (p, dim, keepdim)
                np.testing.assert_allclose(got.numpy(), ref.numpy(), rtol=1e-5)


# ---- cumsum / cumprod ----------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_cumsum_cumprod_vs_numpy(shape, dtype, layout):
    base = values(shape, dtype)
    t = make(base, layout)
    acc = np.int64 if dtype in (np.int64, np.bool_) else dtype
    for dim in range(-len(shape), len(shape)):
        check(tl.cumsum(t, dim), np.cumsum(base, axis=dim, dtype=acc), sum_dtype(dtype),
              **tol(dtype))
        check(t.cumprod(dim=dim), np.cumprod(base, axis=dim, dtype=acc), sum_dtype(dtype),
              **tol(dtype))


def test_cumsum_inplace():
    t = tl.tensor([[1, 2, 3], [4, 5, 6]], dtype=tl.int32)
    v = t._version
    assert t.cumsum_(1) is t
    check(t, [[1, 3, 6], [4, 9, 15]], tl.int32)
    assert t._version > v
    f = tl.tensor([[1.0, 2.0], [3.0, 4.0]])
    f.t().cumprod_(1)                    # through a transposed view: rows of f.t()
    check(f, [[1.0, 2.0], [3.0, 8.0]])
    with pytest.raises(NotImplementedError, match=re.escape(
            "\"cumsum_out_cpu\" not implemented for 'Bool'")):
        tl.tensor([True]).cumsum_(0)


def test_cumsum_float32_accuracy():
    # PyTorch's CPU scan accumulates float32 in double
    t = tl.full((100000,), 0.1)
    r = tl.cumsum(t, 0)
    exact = np.cumsum(np.full(100000, np.float32(0.1), np.float64))
    np.testing.assert_allclose(r.numpy(), exact, rtol=1e-6)


# ---- accuracy and the fast path ---------------------------------------------------------

def test_float32_sum_accuracy_1e7():
    n = 10 ** 7
    t = tl.full((n,), 0.1)
    exact = float(np.float32(0.1)) * n       # the float64 sum of the float32 values
    got = tl.sum(t).item()
    assert abs(got - exact) / exact < 1e-6
    assert abs(t.mean().item() - exact / n) / (exact / n) < 1e-6
    # the same through a permuted view and a non-dense layout
    m = t.reshape(1000, 10000)
    assert abs(m.t().sum().item() - exact) / exact < 1e-6
    assert abs(m.sum((0, 1)).item() - exact) / exact < 1e-6
    col = m.sum(0)                           # 1000 values summed down the outer axis
    np.testing.assert_allclose(col.numpy(), float(np.float32(0.1)) * 1000, rtol=1e-6)
    assert abs(m.narrow(1, 0, 5000).sum().item() - exact / 2) / (exact / 2) < 1e-6


def test_float32_outer_axis_sum_accuracy():
    t = tl.full((20000, 3), 0.1)
    expected = float(np.float32(0.1)) * 20000
    np.testing.assert_allclose(tl.sum(t, 0).numpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(tl.mean(t, 0).numpy(), float(np.float32(0.1)), rtol=1e-6)


def test_float16_accumulates_in_float32():
    t = tl.full((10000,), 0.1, dtype=tl.float16)
    check(t.sum(), 1000.0, tl.float16, rtol=1e-3)
    check(t.mean(), 0.1, tl.float16, rtol=1e-3)


def test_results_do_not_alias_inputs():
    x = tl.tensor([[1.0, 2.0], [3.0, 4.0]])
    results = [x.sum(), x.sum(0), x.amax(0), x.max(0).values, x.cumsum(0), x.mean(1)]
    snapshot = [r.numpy().copy() for r in results]
    x.fill_(0.0)
    for r, s in zip(results, snapshot):
        np.testing.assert_array_equal(r.numpy(), s)


# ---- dims ------------------------------------------------------------------------------

def test_dim_errors():
    x = tl.ones(2, 3)
    with pytest.raises(IndexError, match=re.escape(
            "Dimension out of range (expected to be in range of [-2, 1], but got 2)")):
        tl.sum(x, 2)
    with pytest.raises(IndexError, match=re.escape("but got 5)")):
        tl.amax(x, (0, 5))
    with pytest.raises(IndexError, match=re.escape("but got -3)")):
        tl.max(x, -3)
    with pytest.raises(RuntimeError, match=re.escape(
            "dim 0 appears multiple times in the list of dims")):
        tl.sum(x, (0, -2))
    with pytest.raises(RuntimeError, match=re.escape(
            "dim 1 appears multiple times in the list of dims")):
        tl.count_nonzero(x, [1, -1])
    with pytest.raises(TypeError, match=re.escape(
            "prod(): argument 'dim' (position 2) must be int, not tuple")):
        tl.prod(x, (0, 1))
    with pytest.raises(TypeError, match=re.escape(
            "argmax(): argument 'dim' (position 2) must be int, not tuple")):
        tl.argmax(x, (0, 1))
    with pytest.raises(TypeError, match=re.escape(
            "cumsum(): argument 'dim' (position 2) must be int, not NoneType")):
        tl.cumsum(x, None)
    with pytest.raises(TypeError, match=re.escape(
            "aminmax(): argument 'dim' must be int, not tuple")):
        tl.aminmax(x, dim=(0, 1))
    with pytest.raises(TypeError, match=re.escape(
            "logsumexp(): argument 'dim' (position 2) must be tuple of ints, not NoneType")):
        tl.logsumexp(x, None)
    with pytest.raises(TypeError):
        tl.cumsum(x)                          # dim is required


def test_keepdim_shapes():
    x = tl.ones(2, 3, 4)
    assert tuple(tl.sum(x, None, True).shape) == (1, 1, 1)
    assert tuple(tl.sum(x, (0, 2), True).shape) == (1, 3, 1)
    assert tuple(tl.sum(x, (0, 2)).shape) == (3,)
    assert tuple(tl.sum(x, ()).shape) == ()
    assert tuple(tl.mean(x, -1, True).shape) == (2, 3, 1)
    assert tuple(tl.max(x, 1, True).indices.shape) == (2, 1, 4)
    assert tuple(tl.argmax(x, None, True).shape) == (1, 1, 1)
    assert tuple(tl.aminmax(x, keepdim=True).min.shape) == (1, 1, 1)
    assert tuple(tl.logsumexp(x, (1, 2), True).shape) == (2, 1, 1)
    assert tuple(tl.var(x, [0, 1], keepdim=True).shape) == (1, 1, 4)
    assert tuple(tl.all(x, -2, True).shape) == (2, 1, 4)


# ---- type errors with PyTorch's messages ----------------------------------------------

def test_dtype_errors():
    i = tl.tensor([[1, 2], [3, 4]])
    with pytest.raises(RuntimeError, match=re.escape(
            "mean(): could not infer output dtype. Input dtype must be either a floating point "
            "or complex dtype. Got: Long")):
        tl.mean(i)
    with pytest.raises(RuntimeError, match=re.escape("Got: Bool")):
        tl.tensor([True]).mean(0)
    with pytest.raises(RuntimeError, match=re.escape(
            "mean(): could not infer output dtype. Optional dtype must be either a floating "
            "point or complex dtype. Got: Long")):
        tl.mean(tl.ones(2), dtype=tl.int64)
    with pytest.raises(RuntimeError, match=re.escape(
            "nanmean(): expected input to have floating point or complex dtype but got Long")):
        tl.nanmean(i, dtype=tl.float32)
    for name in ("var", "std"):
        with pytest.raises(RuntimeError, match=re.escape(
                "std and var only support floating point and complex dtypes")):
            getattr(tl, name)(i)
    for name in ("var_mean", "std_mean"):
        with pytest.raises(RuntimeError, match=re.escape(
                f"{name} only support floating point and complex dtypes")):
            getattr(tl, name)(i, 0)
    for name in ("argmax", "argmin"):
        with pytest.raises(RuntimeError, match=re.escape(f"{name}(): does not support bool input")):
            getattr(tl, name)(tl.tensor([True, False]))


def test_method_spellings():
    for name in ("sum", "nansum", "mean", "nanmean", "prod", "max", "min", "amax", "amin",
                 "aminmax", "argmax", "argmin", "var", "std", "norm", "all", "any",
                 "logsumexp", "cumsum", "cumprod", "count_nonzero", "cumsum_", "cumprod_"):
        assert callable(getattr(tl.Tensor, name)), name
    for name in ("var_mean", "std_mean"):
        assert callable(getattr(tl, name))
        assert not hasattr(tl.Tensor, name)     # as in PyTorch: functions only


# ---- the op table against torch ---------------------------------------------------------

def _to_torch_kwargs(torch, kwargs):
    return {k: getattr(torch, v.name) if isinstance(v, tl.dtype) else v
            for k, v in kwargs.items()}


def test_ops_vs_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    arrays = {
        "float32": rng.standard_normal((3, 4, 5)).astype(np.float32),
        "float64": rng.standard_normal((4, 5)),
        "int64": rng.integers(-3, 4, (3, 5)),
        "bool": rng.random((2, 3, 4)) > 0.5,
    }
    arrays["float32"][0, 1, 2] = np.nan
    cases = [
        ("sum", (), {}), ("sum", (1,), {}), ("sum", ((0, -1),), {"keepdim": True}),
        ("sum", (), {"dtype": tl.float64}), ("nansum", (-1,), {}), ("prod", (0,), {}),
        ("prod", (), {}), ("max", (), {}), ("max", (1,), {}), ("min", (-1, True), {}),
        ("amax", ((0, 1),), {}), ("amin", (-1,), {"keepdim": True}), ("aminmax", (), {}),
        ("aminmax", (), {"dim": 0}), ("argmax", (), {}), ("argmax", (1,), {}),
        ("argmin", (0, True), {}), ("all", (), {}), ("all", (1,), {}), ("any", ((0, 1),), {}),
        ("count_nonzero", (), {}), ("count_nonzero", ((0, 1),), {}), ("logsumexp", (1,), {}),
        ("cumsum", (0,), {}), ("cumprod", (-1,), {}), ("cumsum", (1,), {"dtype": tl.float64}),
        ("mean", (), {}), ("mean", (0,), {}), ("nanmean", (-1,), {}), ("var", (1,), {}),
        ("std", (), {}), ("norm", (), {}), ("norm", (1, 1), {}), ("norm", (INF, 0), {}),
    ]
    float_only = {"mean", "nanmean", "var", "std", "norm"}
    for dname, arr in arrays.items():
        t, tt = tl.from_numpy(arr.copy()), torch.from_numpy(arr.copy())
        for name, args, kwargs in cases:
            if name in float_only and not dname.startswith("float"):
                continue
            if name in ("argmax", "argmin") and dname == "bool":
                continue
            got = getattr(tl, name)(t, *args, **kwargs)
            ref = getattr(torch, name)(tt, *args, **_to_torch_kwargs(torch, kwargs))
            gots = got if isinstance(got, tuple) else (got,)
            refs = ref if isinstance(ref, tuple) else (ref,)
            assert len(gots) == len(refs)
            for g, r in zip(gots, refs):
                label = (dname, name, args, kwargs)
                assert tuple(g.shape) == tuple(r.shape), label
                assert g.dtype.name == str(r.dtype)[6:], label
                np.testing.assert_allclose(g.numpy().astype(np.float64),
                                           r.numpy().astype(np.float64),
                                           rtol=1e-5, atol=1e-6, err_msg=str(label))
