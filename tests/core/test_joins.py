"""cat/stack and friends, flip, roll, repeat, tile, tril/triu, diag: values against numpy
(and PyTorch where it is installed), dtypes, copies vs views, out= and the error messages."""
import re
import warnings

import numpy as np
import pytest

import torchlike_core as tl

from checks import N, assert_same, assert_error_as_torch


def T(data, dtype=None):
    return tl.tensor(np.asarray(data), dtype=dtype)


def arange(*shape, dtype=tl.float32):
    n = int(np.prod(shape))
    return tl.arange(n, dtype=dtype).reshape(*shape)


def transposed(rows, cols, dtype=tl.float32):
    """A non-contiguous (rows, cols) tensor: the transpose of a contiguous (cols, rows)."""
    t = arange(cols, rows, dtype=dtype).t()
    assert not t.is_contiguous()
    return t


# ---- cat --------------------------------------------------------------------------------------

@pytest.mark.parametrize("dim", [0, 1, 2, -1, -2, -3])
def test_cat_matches_numpy_for_every_dim(dim):
    a, b = arange(2, 3, 4), arange(2, 3, 4) + 100
    shape_b = [2, 3, 4]
    shape_b[dim] = 5
    c = arange(*shape_b) - 50
    r = tl.cat([a, c, b], dim)
    assert_same(r, np.concatenate([N(a), N(c), N(b)], axis=dim), tl.float32)


def test_cat_default_dim_and_tuple_input_and_aliases():
    a, b = arange(2, 3), arange(1, 3)
    expected = np.concatenate([N(a), N(b)])
    assert_same(tl.cat((a, b)), expected)
    assert_same(tl.concat([a, b], 0), expected)
    assert_same(tl.concatenate([a, b], dim=0), expected)
    assert_same(tl.cat([a]), N(a))


@pytest.mark.parametrize("d1,d2,expected", [
    (tl.int32, tl.float64, tl.float64),
    (tl.int32, tl.bool, tl.int32),
    (tl.uint8, tl.int8, tl.int16),
    (tl.int64, tl.float16, tl.float16),
    (tl.bool, tl.bool, tl.bool),
    (tl.float32, tl.float64, tl.float64),
])
def test_cat_promotes_dtypes(d1, d2, expected):
    a = T([[1, 0, 2]], dtype=d1)
    b = T([[3, 1, 0]], dtype=d2)
    r = tl.cat([a, b])
    assert r.dtype is expected
    np.testing.assert_array_equal(N(r), np.concatenate([N(a), N(b)]).astype(expected.name))


def test_cat_non_contiguous_inputs():
    a = transposed(3, 4)
    b = transposed(3, 2, dtype=tl.float64)
    r = tl.cat([a, b], 1)
    assert r.is_contiguous() and r.dtype is tl.float64
    assert_same(r, np.concatenate([N(a), N(b)], axis=1))
    e = tl.ones(1, 4).expand(3, 4)               # stride-0 rows
    assert_same(tl.cat([e, a], 0), np.concatenate([np.ones((3, 4)), N(a)]))


def test_cat_legacy_empty_1d_tensors_are_skipped():
    a = arange(2, 3)
    # shape (0,) is skipped whatever the others' dims are...
    assert_same(tl.cat([a, tl.ones(0)]), N(a))
    assert_same(tl.cat([tl.ones(0), a, tl.ones(0)], 1), N(a))
    # ...but still takes part in the dtype promotion
    assert tl.cat([a, tl.ones(0, dtype=tl.float64)]).dtype is tl.float64
    # all skipped: an empty (0,) tensor, and the dim is not checked
    r = tl.cat([tl.ones(0), tl.ones(0, dtype=tl.int64)], 5)
    assert tuple(r.shape) == (0,) and r.dtype is tl.float32


def test_cat_other_empty_tensors_take_part():
    a = arange(2, 3)
    assert_same(tl.cat([tl.ones(0, 3), a]), N(a))
    r = tl.cat([tl.ones(2, 0), tl.ones(3, 0)])
    assert tuple(r.shape) == (5, 0)
    assert tuple(tl.cat([tl.ones(0, 2), tl.ones(0, 3)], 1).shape) == (0, 5)
    with pytest.raises(RuntimeError, match=re.escape(
            "Sizes of tensors must match except in dimension 0. Expected size 4 but got size 3 "
            "for tensor number 1 in the list.")):
        tl.cat([tl.ones(0, 4), a])


def test_cat_returns_a_copy():
    a = arange(2, 2)
    r = tl.cat([a])
    r.fill_(7.0)
    assert_same(a, np.arange(4.0).reshape(2, 2))


def test_cat_out():
    a, b = arange(2, 3), arange(2, 3) + 6
    expected = np.concatenate([N(a), N(b)])
    out = tl.empty(4, 3)
    v = out._version
    r = tl.cat([a, b], out=out)
    assert r is out and out._version > v
    assert_same(out, expected)
    # a wider dtype of the same category is fine
    out64 = tl.empty(4, 3, dtype=tl.float64)
    assert_same(tl.cat([a, b], out=out64), expected, tl.float64)
    # an out of another shape is resized (with PyTorch's warning when it had elements)
    small = tl.empty(2)
    with pytest.warns(UserWarning, match="was resized"):
        tl.cat([a, b], out=small)
    assert_same(small, expected)
    empty = tl.empty(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tl.cat([a, b], out=empty)
    assert_same(empty, expected)
    # a non-contiguous out keeps its strides
    o = tl.empty(3, 4).t()
    tl.cat([a, b], out=o)
    assert not o.is_contiguous()
    assert_same(o, expected)
    # out may be one of the inputs
    x = arange(2, 2)
    with pytest.warns(UserWarning, match="was resized"):
        tl.cat([x, x], out=x)
    assert_same(x, np.concatenate([np.arange(4.0).reshape(2, 2)] * 2))


def test_cat_out_that_would_lose_the_category_is_refused():
    with pytest.raises(TypeError, match=re.escape(
            "torch.cat(): input types can't be cast to the desired output type Long")):
        tl.cat([tl.ones(2)], out=tl.empty(2, dtype=tl.int64))
    with pytest.raises(TypeError, match="desired output type Bool"):
        tl.cat([tl.ones(2, dtype=tl.int32)], out=tl.empty(2, dtype=tl.bool))


def test_cat_errors():
    a = tl.ones(2, 3)
    with pytest.raises(ValueError, match=re.escape(
            "torch.cat(): expected a non-empty list of Tensors")):
        tl.cat([])
    with pytest.raises(RuntimeError, match=re.escape(
            "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 "
            "for tensor number 1 in the list.")):
        tl.cat([a, tl.ones(3, 4)], 1)
    with pytest.raises(RuntimeError, match=re.escape(
            "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 "
            "for tensor number 2 in the list.")):
        tl.cat([tl.ones(0), a, tl.ones(2, 4)])
    with pytest.raises(RuntimeError, match=re.escape(
            "Tensors must have same number of dimensions: got 2 and 1")):
        tl.cat([a, tl.ones(3)])
    with pytest.raises(RuntimeError, match=re.escape(
            "zero-dimensional tensor (at position 1) cannot be concatenated")):
        tl.cat([a, tl.tensor(2.0)])
    with pytest.raises(IndexError, match=re.escape(
            "Dimension out of range (expected to be in range of [-2, 1], but got 2)")):
        tl.cat([a, a], 2)
    with pytest.raises(IndexError, match=re.escape("but got -3)")):
        tl.cat([a, a], -3)
    with pytest.raises(TypeError, match=re.escape(
            "cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")):
        tl.cat(a)
    with pytest.raises(TypeError, match=re.escape(
            "expected Tensor as element 1 in argument 0, but got int")):
        tl.cat([a, 1])
    with pytest.raises(TypeError, match=re.escape("cat(): argument 'dim' must be int, not float")):
        tl.cat([a], 0.5)


# ---- stack ------------------------------------------------------------------------------------

@pytest.mark.parametrize("dim", [0, 1, 2, -1, -2, -3])
def test_stack_matches_numpy(dim):
    a, b, c = arange(2, 3), transposed(2, 3), arange(2, 3) * 2
    assert_same(tl.stack([a, b, c], dim), np.stack([N(a), N(b), N(c)], axis=dim))


def test_stack_dtypes_0d_and_empty():
    r = tl.stack([tl.ones(2), tl.ones(2, dtype=tl.float64)], -1)
    assert r.dtype is tl.float64 and tuple(r.shape) == (2, 2)
    r = tl.stack([tl.tensor(1), tl.tensor(2.5)])
    assert_same(r, np.array([1.0, 2.5], np.float32), tl.float32)
    r = tl.stack([tl.tensor(True), tl.tensor(False)])
    assert_same(r, np.array([True, False]), tl.bool)
    # (0,) inputs are not skipped by stack: each becomes a (1, 0) slice
    assert tuple(tl.stack((tl.ones(0), tl.ones(0))).shape) == (2, 0)
    assert tuple(tl.stack((tl.ones(0), tl.ones(0)), 1).shape) == (0, 2)


def test_stack_out():
    a, b = arange(2, 3), arange(2, 3) + 1
    out = tl.empty(2, 2, 3)
    assert tl.stack([a, b], out=out) is out
    assert_same(out, np.stack([N(a), N(b)]))
    with pytest.raises(TypeError, match="input types can't be cast to the desired output type Long"):
        tl.stack([a, b], out=tl.empty(2, 2, 3, dtype=tl.int64))


def test_stack_errors():
    with pytest.raises(RuntimeError, match=re.escape(
            "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3] at "
            "entry 1")):
        tl.stack([tl.ones(2, 3), tl.ones(3)])
    with pytest.raises(RuntimeError, match="stack expects a non-empty TensorList"):
        tl.stack([])
    with pytest.raises(IndexError, match=re.escape(
            "Dimension out of range (expected to be in range of [-3, 2], but got 3)")):
        tl.stack([tl.ones(2, 3), tl.ones(2, 3)], 3)


# ---- hstack, vstack, dstack, column_stack ------------------------------------------------------

SHAPE_SETS = [[()], [(), ()], [(3,), (2,)], [(2, 3), (2, 1)], [(2, 3, 1), (2, 1, 1)]]
SAME_SHAPES = [[(3,), (3,)], [(2, 3), (2, 3)], [(2, 3, 4), (2, 3, 4)], [(), ()]]


def _inputs(shapes, dtype=tl.float32):
    return [arange(*s, dtype=dtype) + 10 * i if s else tl.tensor(float(i)).to(dtype)
            for i, s in enumerate(shapes)]


@pytest.mark.parametrize("shapes", SHAPE_SETS)
def test_hstack(shapes):
    ts = _inputs(shapes)
    assert_same(tl.hstack(ts), np.hstack([N(t) for t in ts]))


@pytest.mark.parametrize("shapes", SAME_SHAPES + [[(2, 3), (1, 3)], [(3,), (1, 3)]])
def test_vstack_and_row_stack(shapes):
    ts = _inputs(shapes)
    expected = np.vstack([N(t) for t in ts])
    assert_same(tl.vstack(ts), expected)
    assert_same(tl.row_stack(ts), expected)


@pytest.mark.parametrize("shapes", SAME_SHAPES + [[(2, 3), (2, 3, 2)]])
def test_dstack(shapes):
    ts = _inputs(shapes)
    assert_same(tl.dstack(ts), np.dstack([N(t) for t in ts]))


@pytest.mark.parametrize("shapes", [[(3,), (3,)], [(3,), (3, 2)], [(), ()], [(2, 3, 1), (2, 1, 1)]])
def test_column_stack(shapes):
    ts = _inputs(shapes)
    assert_same(tl.column_stack(ts), np.column_stack([N(t) for t in ts]))


def test_stack_family_promotes_and_writes_out():
    r = tl.vstack([tl.ones(2), tl.ones(2, dtype=tl.float64)])
    assert r.dtype is tl.float64
    out = tl.empty(1, 4, dtype=tl.int64)
    tl.hstack([T([[1, 2]]), T([[3, 4]])], out=out)
    assert_same(out, [[1, 2, 3, 4]])


@pytest.mark.parametrize("name", ["hstack", "vstack", "dstack", "column_stack"])
def test_stack_family_empty_list(name):
    with pytest.raises(RuntimeError, match=f"{name} expects a non-empty TensorList"):
        getattr(tl, name)([])


# ---- flip ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("dims", [(0,), (1,), (2,), (-1,), (0, 2), (2, 0, 1), ()])
def test_flip_matches_numpy(dims):
    a = arange(2, 3, 4)
    expected = np.flip(N(a), axis=dims) if dims else N(a)
    assert_same(tl.flip(a, dims), expected)
    assert_same(a.flip(dims), expected)


def test_flip_method_spellings_dtypes_and_odd_shapes():
    a = arange(2, 3, dtype=tl.int64)
    assert_same(a.flip(0), N(a)[::-1], tl.int64)
    assert_same(a.flip(0, 1), N(a)[::-1, ::-1])
    assert_same(a.flip([1]), N(a)[:, ::-1])
    b = T([True, False, False])
    assert_same(tl.flip(b, (0,)), [False, False, True], tl.bool)
    assert_same(tl.flip(tl.tensor(4.0), (0,)), np.array(4.0))
    assert tuple(tl.flip(tl.ones(0, 3), (0, 1)).shape) == (0, 3)
    t = transposed(3, 2)
    assert_same(t.flip(1), N(t)[:, ::-1])


def test_flip_returns_a_contiguous_copy():
    for a in (arange(3), arange(1), tl.tensor(5.0)):
        r = a.flip(0) if a.dim() else tl.flip(a, ())
        assert r.is_contiguous()
        before = N(a).copy()
        r.fill_(-1.0)
        np.testing.assert_array_equal(N(a), before)


def test_flip_errors():
    a = tl.ones(4)
    with pytest.raises(RuntimeError, match="dim 0 appears multiple times in the list of dims"):
        tl.flip(a, (0, 0))
    with pytest.raises(RuntimeError, match="dim 0 appears multiple times"):
        tl.flip(a, (0, -1))
    with pytest.raises(IndexError, match=re.escape("Dimension out of range")):
        tl.flip(a, (1,))
    with pytest.raises(TypeError, match='flip\\(\\) missing 1 required positional arguments: "dims"'):
        a.flip()


def test_fliplr_flipud():
    a = arange(2, 3, 2)
    assert_same(tl.fliplr(a), np.fliplr(N(a)))
    assert_same(tl.flipud(a), np.flipud(N(a)))
    assert_same(arange(4).flipud(), np.arange(4.0)[::-1])
    with pytest.raises(RuntimeError, match=re.escape("Input must be >= 2-d.")):
        tl.fliplr(arange(4))
    with pytest.raises(RuntimeError, match=re.escape("Input must be >= 1-d.")):
        tl.flipud(tl.tensor(4))


# ---- roll --------------------------------------------------------------------------------------

@pytest.mark.parametrize("shifts,dims", [
    (1, None), (-7, None), (2, 0), (1, 1), (-1, -1), ((1, 2), (0, 1)), ((5, -4), (1, 0)),
    ((1, 1), (0, 0)), (13, 2), (0, 1),
])
def test_roll_matches_numpy(shifts, dims):
    a = arange(2, 3, 4)
    axis = None if dims is None else dims
    expected = np.roll(N(a), shifts, axis=axis)
    r = tl.roll(a, shifts, dims)
    assert r.is_contiguous()
    assert_same(r, expected)
    t = a.transpose(0, 2)
    assert_same(t.roll(shifts, dims), np.roll(N(t), shifts, axis=axis))


def test_roll_edge_cases():
    assert_same(tl.roll(T([1, 2, 3, 4]), 1), [4, 1, 2, 3], tl.int64)
    assert_same(tl.roll(tl.tensor(3), 1), np.array(3))
    assert tuple(tl.roll(tl.ones(0), 1, 0).shape) == (0,)
    assert_same(tl.roll(arange(2, 3), (1,), ()), np.roll(np.arange(6.0), 1).reshape(2, 3))
    a = arange(4)
    r = tl.roll(a, 0)
    r.fill_(0.0)
    assert_same(a, np.arange(4.0))          # a copy, even for a zero shift


def test_roll_errors():
    a = arange(2, 3)
    with pytest.raises(RuntimeError, match=re.escape(
            "shifts and dimensions must align. shifts: 2, dims:1")):
        tl.roll(a, (1, 2), (0,))
    with pytest.raises(RuntimeError, match=re.escape(
            "shifts and dimensions must align. shifts: 2, dims:0")):
        tl.roll(a, (1, 2))
    with pytest.raises(RuntimeError, match="`shifts` required"):
        tl.roll(a, (), ())
    with pytest.raises(IndexError, match=re.escape("but got 2)")):
        tl.roll(a, 1, 2)
    with pytest.raises(IndexError, match="Dimension specified as 0 but tensor has no dimensions"):
        tl.roll(tl.tensor(3), 1, 0)


# ---- repeat and tile ---------------------------------------------------------------------------

@pytest.mark.parametrize("reps", [(2, 3), (1, 1), (2, 1, 2), (0, 2), (3, 1, 1, 2)])
def test_repeat_matches_numpy_tile(reps):
    a = arange(2, 3)
    expected = np.tile(N(a), reps)
    assert_same(a.repeat(*reps), expected)
    assert_same(a.repeat(reps), expected)
    assert_same(a.repeat(list(reps)), expected)
    t = transposed(2, 3, dtype=tl.int64)
    assert_same(t.repeat(*reps), np.tile(N(t), reps), tl.int64)


def test_repeat_copies_and_handles_0d_and_bool():
    a = arange(2)
    r = a.repeat(1)
    r.fill_(9.0)
    assert_same(a, [0.0, 1.0])
    assert_same(tl.tensor(3).repeat(2, 2), [[3, 3], [3, 3]], tl.int64)
    assert_same(T([True, False]).repeat(2), [True, False, True, False], tl.bool)
    assert r.is_contiguous() and arange(2, 3).t().repeat(1, 1).is_contiguous()


def test_repeat_errors():
    a = tl.ones(2, 3)
    with pytest.raises(RuntimeError, match=re.escape(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions of "
            "tensor")):
        a.repeat(2)
    with pytest.raises(RuntimeError, match=re.escape(
            "Trying to create tensor with negative dimension -3: [4, -3]")):
        a.repeat(2, -1)
    with pytest.raises(TypeError, match="missing 1 required positional arguments"):
        a.repeat()


@pytest.mark.parametrize("reps", [(2,), (2, 2), (), (1, 3, 1), (0,)])
def test_tile(reps):
    a = arange(2, 3)
    expected = np.tile(N(a), reps) if reps else N(a)
    assert_same(tl.tile(a, reps), expected)
    if reps:
        assert_same(a.tile(*reps), expected)


# ---- tril, triu, diag ------------------------------------------------------------------------------

@pytest.mark.parametrize("k", [0, 1, -1, 3, -5])
@pytest.mark.parametrize("dtype", [tl.float32, tl.int64, tl.bool])
def test_tril_triu_match_numpy(k, dtype):
    a = T(np.arange(12).reshape(3, 4) % 3).to(dtype)
    assert_same(tl.tril(a, k), np.tril(N(a), k), dtype)
    assert_same(a.triu(diagonal=k), np.triu(N(a), k), dtype)
    b = arange(2, 3, 3)                    # a batch of matrices
    assert_same(tl.tril(b, k), np.tril(N(b), k))
    assert_same(tl.triu(b, k), np.triu(N(b), k))
    t = transposed(4, 3)
    assert_same(tl.tril(t, k), np.tril(N(t), k))


def test_tril_triu_out_inplace_and_errors():
    a = arange(3, 3)
    out = tl.empty(3, 3)
    assert tl.tril(a, out=out) is out
    assert_same(out, np.tril(N(a)))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype float, but got long int instead")):
        tl.tril(a, out=tl.empty(3, 3, dtype=tl.int64))
    v = a._version
    assert a.triu_(1) is a and a._version > v
    assert_same(a, np.triu(np.arange(9.0).reshape(3, 3), 1))
    b = arange(3, 3).t()
    b.tril_()
    assert_same(b, np.tril(np.arange(9.0).reshape(3, 3).T))
    with pytest.raises(RuntimeError, match="tril: input tensor must have at least 2 dimensions"):
        tl.tril(tl.ones(3))
    with pytest.raises(RuntimeError, match="triu: input tensor must have at least 2 dimensions"):
        tl.triu(tl.tensor(1.0))


@pytest.mark.parametrize("k", [0, 1, -1, 2, -3, 7])
def test_diag_matches_numpy(k):
    v = arange(3, dtype=tl.int64) + 1
    assert_same(tl.diag(v, k), np.diag(N(v), k), tl.int64)
    m = arange(3, 4)
    assert_same(tl.diag(m, k), np.diag(N(m), k), tl.float32)
    t = transposed(4, 3)
    assert_same(t.diag(k), np.diag(N(t), k))


def test_diag_copies_and_edge_cases():
    m = arange(2, 2)
    d = tl.diag(m)
    d.fill_(-1.0)
    assert_same(m, [[0.0, 1.0], [2.0, 3.0]])      # the diagonal is a copy, not a view
    assert tuple(tl.diag(tl.ones(0)).shape) == (0, 0)
    assert tuple(tl.diag(arange(2, 3), 5).shape) == (0,)
    out = tl.empty(3, 3)
    assert_same(tl.diag(tl.ones(3), out=out), np.eye(3))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected out tensor to have dtype float, but got double instead")):
        tl.diag(tl.ones(3), out=tl.empty(3, 3, dtype=tl.float64))
    with pytest.raises(RuntimeError, match=re.escape("diag(): Supports 1D or 2D tensors. Got 3D")):
        tl.diag(tl.ones(2, 2, 2))
    with pytest.raises(RuntimeError, match=re.escape("diag(): Supports 1D or 2D tensors. Got 0D")):
        tl.diag(tl.tensor(2.0))


# ---- PyTorch as the oracle ------------------------------------------------------------------------

def _torch_and_ours(fn_ours, fn_torch, *arrays):
    torch = pytest.importorskip("torch")
    ours = fn_ours(*[tl.tensor(a) for a in arrays])
    theirs = fn_torch(*[torch.tensor(a) for a in arrays])
    assert str(ours.dtype) == str(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(N(ours), theirs.numpy())


ORACLE_CASES = [
    ("cat", lambda m, a, b: m.cat([a, b], 1)),
    ("cat0", lambda m, a, b: m.cat([a, b.to(m.float64)])),
    ("stack", lambda m, a, b: m.stack([a, b], 1)),
    ("hstack", lambda m, a, b: m.hstack([a, b])),
    ("vstack", lambda m, a, b: m.vstack([a, b])),
    ("dstack", lambda m, a, b: m.dstack([a, b])),
    ("column_stack", lambda m, a, b: m.column_stack([a, b])),
    ("flip", lambda m, a, b: m.flip(a, (0, 1))),
    ("fliplr", lambda m, a, b: m.fliplr(a)),
    ("flipud", lambda m, a, b: m.flipud(b)),
    ("roll", lambda m, a, b: m.roll(a, (1, -2), (1, 0))),
    ("roll_flat", lambda m, a, b: m.roll(a, 4)),
    ("repeat", lambda m, a, b: a.repeat(2, 1, 3)),
    ("tile", lambda m, a, b: m.tile(a, (2,))),
    ("tril", lambda m, a, b: m.tril(a, -1)),
    ("triu", lambda m, a, b: m.triu(b, 1)),
    ("diag", lambda m, a, b: m.diag(a, 1)),
]


@pytest.mark.parametrize("name,fn", ORACLE_CASES, ids=[c[0] for c in ORACLE_CASES])
def test_against_torch(name, fn):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 4)).astype(np.float32)
    b = rng.integers(-5, 5, (3, 4))
    _torch_and_ours(lambda x, y: fn(tl, x, y), lambda x, y: fn(torch, x, y), a, b)


@pytest.mark.parametrize("call", [
    lambda m: m.cat([m.ones(2, 3), m.ones(3, 4)], 1),
    lambda m: m.cat([m.ones(2, 3), m.ones(3)]),
    lambda m: m.stack([m.ones(2, 3), m.ones(3)]),
    lambda m: m.flip(m.ones(3), (0, 0)),
    lambda m: m.roll(m.ones(2, 3), (1, 2), (0,)),
    lambda m: m.ones(2, 3).repeat(2),
    lambda m: m.diag(m.ones(2, 2, 2)),
    lambda m: m.tril(m.ones(3)),
])
def test_error_messages_match_torch(call):
    assert_error_as_torch(call, tl)
