"""Sorting and selection kernels (sort, argsort, msort, topk, kthvalue, median, nanmedian, mode,
unique, unique_consecutive, cummax, cummin, logcumsumexp) against numpy and small Python
references: strided inputs, dtypes, NaN, ties, 0-d and empty tensors, errors."""
import numpy as np
import pytest

import torchlike_core as tl

from checks import N
from layouts import make

LAYOUTS = ("contig", "transposed", "stepped")
DTYPES = ("float32", "float64", "int64", "int32", "int16", "uint8", "float16")


def sample(shape, dtype, seed=0, distinct=True):
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    if distinct:
        v = rng.permutation(n)
    else:
        v = rng.integers(0, 4, n)
    return v.reshape(shape).astype(dtype)


# ---- sort / argsort / msort ------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_sort_matches_numpy_stable(layout, dtype, dim):
    a = sample((4, 6), dtype, distinct=False)
    t = make(a, layout)
    values, indices = tl.sort(t, dim)
    order = np.argsort(a, axis=dim, kind="stable")
    np.testing.assert_array_equal(N(indices), order)
    np.testing.assert_array_equal(N(values), np.take_along_axis(a, order, axis=dim))
    assert values.dtype == t.dtype and indices.dtype == tl.int64
    np.testing.assert_array_equal(N(t.argsort(dim)), order)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sort_descending_keeps_ties_in_order(layout):
    a = sample((3, 8), "float64", distinct=False)
    values, indices = tl.sort(make(a, layout), 1, descending=True)
    for r in range(3):
        expected = sorted(range(8), key=lambda j: (-a[r, j], j))
        assert N(indices)[r].tolist() == expected
    np.testing.assert_array_equal(N(values), -np.sort(-a, axis=1))


def test_sort_puts_nan_last_or_first():
    a = np.array([1., np.nan, -1., np.nan, 0.])
    assert N(tl.sort(tl.tensor(a)).indices).tolist() == [2, 4, 0, 1, 3]
    assert N(tl.sort(tl.tensor(a), descending=True).indices).tolist() == [1, 3, 0, 4, 2]


def test_sort_0d_empty_bool_and_out():
    v, i = tl.sort(tl.tensor(2.5))
    assert v.shape == () and i.item() == 0
    v, i = tl.sort(tl.zeros(0, 3), 0)
    assert v.shape == (0, 3) and i.dtype == tl.int64
    v, i = tl.sort(tl.tensor([True, False, True]))
    assert N(v).tolist() == [False, True, True] and N(i).tolist() == [1, 0, 2]
    out = (tl.empty(0), tl.empty(0, dtype=tl.int64))
    res = tl.sort(tl.tensor([2., 1.]), out=out)
    assert res.values is out[0] and N(out[1]).tolist() == [1, 0]
    assert type(res).__name__ == "sort_out"


def test_sort_result_does_not_share_memory():
    t = tl.tensor([1., 2., 3.])
    v = tl.sort(t).values
    v[0] = 9
    assert N(t).tolist() == [1., 2., 3.]


def test_msort_sorts_first_dim():
    a = sample((4, 3), "int64")
    np.testing.assert_array_equal(N(tl.msort(make(a, "transposed"))), np.sort(a, axis=0))


# ---- topk / kthvalue ---------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("largest", [True, False])
def test_topk(layout, largest):
    a = sample((5, 6), "float32")
    values, indices = tl.topk(make(a, layout), 3, dim=1, largest=largest)
    order = np.argsort(-a if largest else a, axis=1)[:, :3]
    np.testing.assert_array_equal(N(indices), order)
    np.testing.assert_array_equal(N(values), np.take_along_axis(a, order, axis=1))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float64", "int32", "uint8"])
def test_kthvalue(layout, dtype):
    a = sample((4, 5), dtype)
    for k in range(1, 6):
        values, indices = tl.kthvalue(make(a, layout), k, 1)
        order = np.argsort(a, axis=1)[:, k - 1]
        np.testing.assert_array_equal(N(indices), order)
        np.testing.assert_array_equal(N(values), np.sort(a, axis=1)[:, k - 1])
    v, i = tl.kthvalue(make(a, layout), 2, 0, keepdim=True)
    assert v.shape == (1, 5) and i.shape == (1, 5)


def test_selection_errors():
    with pytest.raises(RuntimeError, match="selected index k out of range"):
        tl.topk(tl.zeros(3), 4)
    with pytest.raises(RuntimeError, match="topk does not support bool"):
        tl.topk(tl.tensor([True]), 1)
    with pytest.raises(RuntimeError, match="kthvalue\\(\\): selected number k out of range for dimension 0"):
        tl.kthvalue(tl.zeros(3), 0)
    with pytest.raises(NotImplementedError, match="kthvalue_cpu"):
        tl.kthvalue(tl.tensor([True]), 1)
    with pytest.raises(IndexError, match="Dimension out of range"):
        tl.sort(tl.zeros(3), 1)
    with pytest.raises(RuntimeError, match="Expected out tensor to have dtype long int"):
        tl.sort(tl.zeros(3), out=(tl.empty(0), tl.empty(0, dtype=tl.int32)))


# ---- median / nanmedian / mode -----------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("n", [5, 6])
def test_median_is_lower_median(layout, n):
    a = sample((3, n), "float64")
    lower = np.sort(a, axis=1)[:, (n - 1) // 2]
    values, indices = tl.median(make(a, layout), 1)
    np.testing.assert_array_equal(N(values), lower)
    np.testing.assert_array_equal(a[np.arange(3), N(indices)], lower)
    assert tl.median(make(a, layout)).item() == np.sort(a.ravel())[(a.size - 1) // 2]


def test_median_nan_and_nanmedian():
    a = np.array([[1., np.nan, 3., 2.], [4., 0., 5., 6.]])
    v, i = tl.median(tl.tensor(a), 1)
    assert np.isnan(N(v)[0]) and N(i)[0] == 1 and N(v)[1] == 4.
    assert np.isnan(tl.median(tl.tensor(a)).item())
    v, i = tl.nanmedian(tl.tensor(a), 1)
    assert N(v).tolist() == [2., 4.] and N(i).tolist() == [3, 0]
    assert tl.nanmedian(tl.tensor(a)).item() == 3.
    assert np.isnan(tl.nanmedian(tl.tensor([np.nan, np.nan])).item())
    assert np.isnan(tl.median(tl.zeros(0)).item())


def test_median_errors():
    with pytest.raises(IndexError, match="median\\(\\): Expected reduction dim 1 to have non-zero size."):
        tl.median(tl.zeros(2, 0), 1)
    with pytest.raises(NotImplementedError, match="median_cpu"):
        tl.median(tl.tensor([True]))
    with pytest.raises(IndexError, match="mode\\(\\): Expected reduction dim 0"):
        tl.mode(tl.zeros(0))


def _mode_reference(row):
    values, counts = np.unique(row, return_counts=True)
    best = values[np.argmax(counts)]          # the smallest of the most frequent
    return best, max(np.flatnonzero(row == best))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["int64", "float32", "uint8"])
def test_mode(layout, dtype):
    a = sample((6, 7), dtype, seed=3, distinct=False)
    values, indices = tl.mode(make(a, layout), 1)
    for r in range(6):
        assert (N(values)[r], N(indices)[r]) == _mode_reference(a[r])
    values, indices = tl.mode(make(a, layout), 0, keepdim=True)
    assert values.shape == (1, 7)
    for c in range(7):
        assert (N(values)[0, c], N(indices)[0, c]) == _mode_reference(a[:, c])


# ---- unique / unique_consecutive ---------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["int64", "float64", "bool", "int8"])
def test_unique(layout, dtype):
    a = sample((4, 5), dtype, distinct=False)
    out, inverse, counts = tl.unique(make(a, layout), return_inverse=True, return_counts=True)
    ref, ref_inv, ref_counts = np.unique(a, return_inverse=True, return_counts=True)
    np.testing.assert_array_equal(N(out), ref)
    np.testing.assert_array_equal(N(inverse), ref_inv.reshape(a.shape))
    np.testing.assert_array_equal(N(counts), ref_counts)
    assert out.dtype == make(a, layout).dtype and inverse.dtype == tl.int64


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dim", [0, 1])
def test_unique_dim(layout, dim):
    a = np.array([[1, 2, 1, 0], [0, 1, 0, 0], [1, 2, 1, 0]])
    out, inverse, counts = tl.unique(make(a, layout), dim=dim, return_inverse=True,
                                     return_counts=True)
    ref, ref_inv, ref_counts = np.unique(a, axis=dim, return_inverse=True, return_counts=True)
    np.testing.assert_array_equal(N(out), ref)
    np.testing.assert_array_equal(N(inverse), ref_inv.reshape(-1))
    np.testing.assert_array_equal(N(counts), ref_counts)


def test_unique_nan_each_distinct_and_errors():
    assert N(tl.unique(tl.tensor([np.nan, 1., np.nan]))).size == 3
    with pytest.raises(RuntimeError, match="There are 0 sized dimensions"):
        tl.unique(tl.zeros(2, 0), dim=0)
    assert tl.unique(tl.zeros(0, 2), dim=0).shape == (0, 2)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_unique_consecutive(layout):
    a = np.array([[1, 1, 2], [2, 2, 1], [1, 1, 3], [3, 3, 3]])
    out, inverse, counts = tl.unique_consecutive(make(a, layout), return_inverse=True,
                                                 return_counts=True)
    flat = a.ravel()
    keep = np.r_[True, flat[1:] != flat[:-1]]
    np.testing.assert_array_equal(N(out), flat[keep])
    np.testing.assert_array_equal(N(inverse), (np.cumsum(keep) - 1).reshape(a.shape))
    np.testing.assert_array_equal(N(counts), np.diff(np.r_[np.flatnonzero(keep), flat.size]))
    rows = np.array([[1, 1], [1, 1], [2, 3], [1, 1]])
    out, counts = tl.unique_consecutive(make(rows, layout), dim=0, return_counts=True)
    assert N(out).tolist() == [[1, 1], [2, 3], [1, 1]] and N(counts).tolist() == [2, 1, 1]


# ---- cummax / cummin / logcumsumexp ------------------------------------------------------------

def _cum_reference(row, is_max):
    values, indices, best, at = [], [], None, 0
    for j, x in enumerate(row):
        better = best is None or (np.isnan(x) if isinstance(x, float) else False) or (
            not (isinstance(best, float) and np.isnan(best)) and (x >= best if is_max else x <= best))
        if better:
            best, at = x, j
        values.append(best)
        indices.append(at)
    return values, indices


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("is_max", [True, False])
@pytest.mark.parametrize("dtype", ["float64", "int32", "int64"])
def test_cummax_cummin(layout, is_max, dtype):
    a = sample((4, 6), dtype, seed=5, distinct=False)
    if dtype == "float64":
        a[1, 2] = np.nan
    values, indices = (tl.cummax if is_max else tl.cummin)(make(a, layout), 1)
    for r in range(4):
        ref_v, ref_i = _cum_reference([x.item() for x in a[r]], is_max)
        np.testing.assert_array_equal(N(values)[r], ref_v)
        assert N(indices)[r].tolist() == ref_i


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_logcumsumexp(layout, dtype):
    a = (sample((3, 5), "float64") * 100 - 700).astype(dtype)     # exp would overflow/underflow
    res = tl.logcumsumexp(make(a, layout), 1)
    ref = np.logaddexp.accumulate(a.astype(np.float64), axis=1)
    np.testing.assert_allclose(N(res), ref, rtol=1e-5, atol=1e-4)
    assert res.dtype == make(a, layout).dtype
    with pytest.raises(NotImplementedError, match="logcumsumexp_out_cpu"):
        tl.logcumsumexp(tl.tensor([1, 2]), 0)
