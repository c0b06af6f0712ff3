"""take_along_dim, index_put, scatter_reduce, narrow_copy, bincount, histc, searchsorted and
bucketize against numpy: strided inputs, dtypes, errors, and that a failed in-place call
(these and the older put_/index_add_/index_copy_/index_fill_) leaves its destination unchanged."""
import numpy as np
import pytest

import torchlike_core as tl

from checks import N
from layouts import make

LAYOUTS = ("contig", "transposed", "stepped")


def I(*values):
    return tl.tensor(list(values), dtype=tl.int64)


def values(shape, dtype="float64"):
    return (np.arange(int(np.prod(shape))) * 1.5 - 4).reshape(shape).astype(dtype)


# ---- take_along_dim ----------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float32", "int64", "bool"])
def test_take_along_dim_matches_numpy(layout, dtype):
    a = values((3, 4), dtype)
    idx = np.array([[0, 3], [1, 1], [2, 0]])
    res = tl.take_along_dim(make(a, layout), make(idx, layout), 1)
    np.testing.assert_array_equal(N(res), np.take_along_axis(a, idx, axis=1))
    assert res.dtype == make(a).dtype
    flat = tl.take_along_dim(make(a, layout), I(11, 0))
    np.testing.assert_array_equal(N(flat), a.ravel()[[11, 0]])


def test_take_along_dim_broadcasts_and_wraps_negative():
    a = values((3, 4))
    res = tl.take_along_dim(tl.tensor(a), tl.tensor([[-1, 0]]), 1)
    np.testing.assert_array_equal(N(res), a[:, [3, 0]])
    res = tl.take_along_dim(tl.tensor(values((4, 1))), tl.tensor([[0, 0, 0]]), 1)
    assert res.shape == (4, 3)


def test_take_along_dim_errors():
    a = tl.tensor(values((3, 4)))
    with pytest.raises(RuntimeError, match="index 4 is out of bounds for dimension 1 with size 4"):
        tl.take_along_dim(a, tl.tensor([[4]]), 1)
    with pytest.raises(RuntimeError, match="index -5 is out of bounds for dimension 1 with size 4"):
        tl.take_along_dim(a, tl.tensor([[-5]]), 1)
    with pytest.raises(RuntimeError, match="dtype of indices should be Long but got Int"):
        tl.take_along_dim(a, tl.tensor([[1]], dtype=tl.int32), 1)
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        tl.take_along_dim(a, I(1), 1)
    with pytest.raises(RuntimeError, match="must match the size of tensor"):
        tl.take_along_dim(a, tl.tensor([[1], [1]]), 1)


# ---- index_put ---------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float64", "int32", "float16"])
def test_index_put(layout, dtype):
    a = values((3, 4), dtype)
    v = np.array([7, 8, 9], dtype=dtype)
    rows, cols = np.array([0, 2, 0]), np.array([1, 3, 2])
    res = make(a, layout).index_put((tl.tensor(rows), tl.tensor(cols)), tl.tensor(v))
    ref = a.copy()
    ref[rows, cols] = v
    np.testing.assert_array_equal(N(res), ref)
    # accumulate adds repeated positions up, in place and through strides
    t = make(a, layout)
    t.index_put_((tl.tensor([1, 1, 2]),), tl.tensor(np.ones(4, dtype=dtype)), accumulate=True)
    ref = a.copy()
    np.add.at(ref, [1, 1, 2], np.ones(4, dtype=dtype))
    np.testing.assert_array_equal(N(t), ref)


def test_index_put_mask_and_version():
    t = tl.tensor(values((2, 3)))
    v0 = t._version
    tl.index_put_(t, (t > 0,), tl.tensor(0.))
    assert (N(t) <= 0).all() and t._version > v0


# ---- scatter_reduce ----------------------------------------------------------------------------

def _scatter_reduce_ref(a, dim, idx, src, reduce, include_self):
    """A loop over every element of idx, as the definition reads."""
    out = a.astype(np.float64).copy()
    groups = {}
    for pos in np.ndindex(idx.shape):
        target = list(pos)
        target[dim] = idx[pos]
        groups.setdefault(tuple(target), []).append(src[pos])
    for target, vals in groups.items():
        vals = ([a[target]] if include_self else []) + vals
        fn = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "amax": np.max, "amin": np.min}[reduce]
        r = fn(vals)
        if reduce == "mean" and not np.issubdtype(a.dtype, np.floating):
            r = np.floor_divide(np.sum(vals), len(vals))
        out[target] = r
    return out.astype(a.dtype)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_scatter_reduce(layout, reduce, include_self, dtype):
    a = values((3, 4), dtype)
    idx = np.array([[0, 2, 0], [3, 3, 1], [1, 1, 1]])
    src = (np.arange(9).reshape(3, 3) - 3).astype(dtype)
    res = make(a, layout).scatter_reduce(1, make(idx, layout), make(src, layout), reduce,
                                         include_self=include_self)
    np.testing.assert_allclose(N(res), _scatter_reduce_ref(a, 1, idx, src, reduce, include_self))
    t = make(a, layout)
    t.scatter_reduce_(1, make(idx, layout), make(src, layout), reduce, include_self=include_self)
    np.testing.assert_allclose(N(t), N(res))


# ---- destination unchanged after a failed in-place call ---------------------------------------

FAILING_CALLS = {
    "index_put_": lambda x: x.index_put_((I(0, 3),), tl.tensor(1.)),
    "index_put_accumulate": lambda x: x.index_put_((I(0, 1), I(1, 4)), tl.tensor(1.), True),
    "index_put_shape": lambda x: x.index_put_((I(0, 1),), tl.ones(3)),
    "scatter_reduce_": lambda x: x.scatter_reduce_(1, tl.tensor([[0, 5]]),
                                                   tl.ones(1, 2, dtype=tl.float64), "sum"),
    "scatter_reduce_noself": lambda x: x.scatter_reduce_(1, tl.tensor([[0, -1]]),
                                                         tl.ones(1, 2, dtype=tl.float64), "amax",
                                                         include_self=False),
    "put_": lambda x: x.put_(I(0, 12), tl.ones(2, dtype=tl.float64)),
    "put_accumulate": lambda x: x.put_(I(0, -13), tl.ones(2, dtype=tl.float64), accumulate=True),
    "index_add_": lambda x: x.index_add_(0, I(0, 3), tl.ones(2, 4, dtype=tl.float64)),
    "index_copy_": lambda x: x.index_copy_(0, I(1, 3), tl.ones(2, 4, dtype=tl.float64)),
    "index_fill_": lambda x: x.index_fill_(1, I(1, -5), 0.),
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", sorted(FAILING_CALLS))
def test_failed_call_leaves_destination_unchanged(layout, name):
    a = values((3, 4))
    x = make(a, layout)
    version = x._version
    with pytest.raises((IndexError, RuntimeError), match="out of|shape mismatch"):
        FAILING_CALLS[name](x)
    np.testing.assert_array_equal(N(x), a)
    assert x._version == version


# ---- narrow_copy -------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
def test_narrow_copy_is_a_copy(layout):
    a = values((4, 5))
    t = make(a, layout)
    res = t.narrow_copy(1, -3, 2)
    np.testing.assert_array_equal(N(res), a[:, 2:4])
    assert res.is_contiguous()
    res[0, 0] = 100.
    np.testing.assert_array_equal(N(t), a)
    with pytest.raises(RuntimeError, match="start \\(3\\) \\+ length \\(3\\) exceeds dimension size \\(5\\)"):
        t.narrow_copy(1, 3, 3)
    with pytest.raises(IndexError, match="start out of range"):
        t.narrow_copy(1, 6, 0)


# ---- bincount, histc ---------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", ["int64", "int32", "int16", "uint8"])
def test_bincount(dtype):
    x = np.array([3, 1, 1, 0, 7], dtype=dtype)
    np.testing.assert_array_equal(N(tl.bincount(tl.tensor(x))), np.bincount(x))
    np.testing.assert_array_equal(N(tl.bincount(tl.tensor(x), minlength=10)), np.bincount(x, minlength=10))
    w = np.linspace(0, 1, 5)
    res = tl.bincount(tl.tensor(x), tl.tensor(w))
    np.testing.assert_allclose(N(res), np.bincount(x, w))
    assert res.dtype == tl.float64
    assert tl.bincount(tl.tensor(x), tl.tensor(w, dtype=tl.float32)).dtype == tl.float32
    strided = tl.tensor(np.repeat(x, 2))[::2]
    np.testing.assert_array_equal(N(tl.bincount(strided)), np.bincount(x))


def test_bincount_errors():
    with pytest.raises(RuntimeError, match="1-d non-negative integral"):
        tl.bincount(I(1, -1))
    with pytest.raises(NotImplementedError, match="bincount_cpu"):
        tl.bincount(tl.tensor([1.]))
    with pytest.raises(RuntimeError, match="weights should be 1-d"):
        tl.bincount(I(1, 2), tl.tensor([1.]))
    with pytest.raises(RuntimeError, match="minlength should be >= 0"):
        tl.bincount(I(1), minlength=-1)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_histc_matches_numpy_histogram(layout, dtype):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((6, 7)).astype(dtype)
    res = tl.histc(make(a, layout), bins=5, min=-1, max=1)
    ref, _ = np.histogram(a, bins=5, range=(-1, 1))
    np.testing.assert_array_equal(N(res), ref)
    assert res.dtype == make(a).dtype
    res = tl.histc(make(a, layout), bins=4)          # the data's own range
    np.testing.assert_array_equal(N(res), np.histogram(a, bins=4)[0])


def test_histc_errors():
    with pytest.raises(RuntimeError, match="max must be larger than min"):
        tl.histc(tl.zeros(3), bins=3, min=2, max=1)
    with pytest.raises(RuntimeError, match="bins must be > 0"):
        tl.histc(tl.zeros(3), bins=0)
    with pytest.raises(RuntimeError, match="is not finite"):
        tl.histc(tl.tensor([1., float("inf")]))
    with pytest.raises(NotImplementedError, match="histogram_cpu"):
        tl.histc(I(1))


# ---- searchsorted, bucketize -------------------------------------------------------------------

@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int32"])
def test_searchsorted_matches_numpy(side, dtype):
    seq = np.array([0, 1, 1, 3, 5, 5, 8]).astype(dtype)
    vals = np.array([[-1, 0, 1, 2], [5, 6, 8, 9]]).astype(dtype)
    res = tl.searchsorted(tl.tensor(seq), make(vals, "transposed"), side=side)
    np.testing.assert_array_equal(N(res), np.searchsorted(seq, vals, side=side))
    assert res.dtype == tl.int64
    res = tl.searchsorted(tl.tensor(seq), tl.tensor(vals), right=side == "right", out_int32=True)
    assert res.dtype == tl.int32
    np.testing.assert_array_equal(N(res), np.searchsorted(seq, vals, side=side))
    b = tl.bucketize(tl.tensor(vals), tl.tensor(seq), right=side == "right")
    np.testing.assert_array_equal(N(b), np.searchsorted(seq, vals, side=side))


def test_searchsorted_batched_and_sorter():
    seq = np.sort(np.random.default_rng(1).standard_normal((3, 6)), axis=1)
    vals = np.random.default_rng(2).standard_normal((3, 4))
    res = tl.searchsorted(make(seq, "stepped"), make(vals, "transposed"))
    ref = np.stack([np.searchsorted(s, v) for s, v in zip(seq, vals)])
    np.testing.assert_array_equal(N(res), ref)
    unsorted = np.array([5., 1., 7., 3.])
    sorter = np.argsort(unsorted)
    res = tl.searchsorted(tl.tensor(unsorted), tl.tensor([3., 6.]), sorter=tl.tensor(sorter))
    np.testing.assert_array_equal(N(res), np.searchsorted(unsorted, [3., 6.], sorter=sorter))


def test_searchsorted_errors():
    with pytest.raises(RuntimeError, match="side can only be 'left' or 'right'"):
        tl.searchsorted(I(1, 2), I(1), side="up")
    with pytest.raises(RuntimeError, match="sorter index out of range"):
        tl.searchsorted(I(1, 2), I(1), sorter=I(0, 2))
    with pytest.raises(RuntimeError, match="first N-1 dimensions"):
        tl.searchsorted(tl.zeros(2, 3), tl.zeros(3, 1))
    with pytest.raises(RuntimeError, match="output tensor's dtype is wrong"):
        tl.searchsorted(I(1, 2), I(1), out=tl.empty(0, dtype=tl.int32))
    with pytest.raises(RuntimeError, match="boundaries tensor must be 1 dimension"):
        tl.bucketize(I(1), tl.zeros(1, 2))
