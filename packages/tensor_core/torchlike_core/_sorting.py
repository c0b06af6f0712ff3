"""Sorting and selection: sort/argsort/msort, topk, kthvalue, median/nanmedian, mode,
unique/unique_consecutive, cummax/cummin and logcumsumexp.

Note [Sort order]
Every kernel here orders elements as PyTorch's CPU sort does: stably, with NaN greater than
everything (numpy's order, too). A descending sort is the stable ascending sort of the
reversed slice, reversed back: ties then keep their original order and NaNs come first,
as in PyTorch. Selections (topk, kthvalue, median) read positions of that order; where
PyTorch's own choice among tied elements comes from an unstable selection algorithm, ours
is the stable one (the values always agree).
"""
import numpy as np

from . import _dtype
from ._checks import not_implemented
from ._dispatch import call
from ._joins import fresh_tensor, write_out
from ._loops import take_along
from ._reductions import _return_type, _check_out_pair, _check_out, _out_dtype_error, _int_dim
from ._registry import def_op
from ._tensor import wrap_dim

_int64 = _dtype.int64

_SortT = _return_type("sort", ("values", "indices"))
_SortOutT = _return_type("sort_out", ("values", "indices"))
_TopkT = _return_type("topk", ("values", "indices"))
_TopkOutT = _return_type("topk_out", ("values", "indices"))
_KthT = _return_type("kthvalue", ("values", "indices"))
_KthOutT = _return_type("kthvalue_out", ("values", "indices"))
_MedianT = _return_type("median", ("values", "indices"))
_MedianOutT = _return_type("median_out", ("values", "indices"))
_NanmedianT = _return_type("nanmedian", ("values", "indices"))
_NanmedianOutT = _return_type("nanmedian_out", ("values", "indices"))
_ModeT = _return_type("mode", ("values", "indices"))
_ModeOutT = _return_type("mode_out", ("values", "indices"))
_CummaxT = _return_type("cummax", ("values", "indices"))
_CummaxOutT = _return_type("cummax_out", ("values", "indices"))
_CumminT = _return_type("cummin", ("values", "indices"))
_CumminOutT = _return_type("cummin_out", ("values", "indices"))


# ---- shared pieces -----------------------------------------------------------------------

def _result(arr, dt, out=None):
    """A fresh tensor of dtype `dt` holding `arr`, or `arr` written into out=."""
    res = fresh_tensor(np.asarray(arr, dtype=dt.np))
    if out is None:
        return res
    _check_out(out, "out")
    return write_out(res, out)


def _pair(types, values, indices, dt, out):
    """The (values, indices) named tuple of an op, or its out= form."""
    plain, with_out = types
    if out is None:
        return plain((_result(values, dt), _result(indices, _int64)))
    vout, iout = out
    return with_out((_result(values, dt, vout), _result(indices, _int64, iout)))


def _check_pair_out(out, name, dt):
    if out is not None:
        _check_out_pair(out, name, dt, _int64)


def _as_1d(input):
    """The elements as numpy, with a 0-d tensor seen as one element along a dim of size 1
    (PyTorch's dim ops accept dim 0 / -1 of a scalar)."""
    arr = input.numpy_view()
    return arr.reshape(1) if arr.ndim == 0 else arr


def _sort_order(arr, d, descending=False):
    """Positions along axis d that sort `arr` (Note [Sort order])."""
    if not descending:
        return np.argsort(arr, axis=d, kind="stable")
    n = arr.shape[d]
    flipped = np.argsort(np.flip(arr, axis=d), axis=d, kind="stable")
    return (n - 1) - np.flip(flipped, axis=d)


def _sorted_pair(arr, d, descending=False):
    order = _sort_order(arr, d, descending)
    return take_along(arr, order, d), order


def _pick(arr, d, order, pos, keepdim):
    """(values, indices) at sorted position `pos` (an int or an array with d of size 1)."""
    if np.ndim(pos) == 0:
        pos = np.full(order.shape[:d] + (1,) + order.shape[d + 1:], pos, dtype=np.int64)
    idx = take_along(order, pos, d)
    values = take_along(arr, idx, d)
    if not keepdim:
        idx, values = idx.squeeze(d), values.squeeze(d)
    return values, idx


def _reduction_dim(input, dim, name):
    """The wrapped dim of a selection along one dim, refusing an empty one."""
    d = _int_dim(dim, name, input.dim())
    if input.dim() and input._shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    return d


def _squeeze_0d(values, indices, input):
    """Results of a dim op on a 0-d input are 0-d too."""
    if input.dim() == 0:
        return values.reshape(()), indices.reshape(())
    return values, indices


# ---- sort, argsort, msort ----------------------------------------------------------------

def _sort_arrays(input, dim, descending):
    arr = _as_1d(input)
    d = wrap_dim(dim, input.dim())
    values, order = _sorted_pair(arr, d, descending)
    return _squeeze_0d(values, order, input)


def sort(input, dim=-1, descending=False, *, stable=False, out=None):
    """Sorted values and their positions along dim (always stable, Note [Sort order])."""
    _check_pair_out(out, "sort", input._dtype)
    values, order = _sort_arrays(input, dim, descending)
    return _pair((_SortT, _SortOutT), values, order, input._dtype, out)


def argsort(input, dim=-1, descending=False, *, stable=False):
    return _result(_sort_arrays(input, dim, descending)[1], _int64)


def msort(input, *, out=None):
    """Sorted along the first dim (a sort, so autograd records SortBackward0)."""
    res = call("sort", (input, 0), None)[0]
    return res if out is None else write_out(res, out)


# ---- topk, kthvalue ----------------------------------------------------------------------

def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    """The k largest (smallest) elements along dim; always returned in sorted order."""
    if input._dtype is _dtype.bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    arr = _as_1d(input)
    d = wrap_dim(dim, input.dim())
    if not 0 <= k <= arr.shape[d]:
        raise RuntimeError("selected index k out of range")
    _check_pair_out(out, "topk", input._dtype)
    values, order = _sorted_pair(arr, d, descending=largest)
    keep = tuple(slice(0, k) if a == d else slice(None) for a in range(arr.ndim))
    values, order = _squeeze_0d(values[keep], order[keep], input)
    return _pair((_TopkT, _TopkOutT), values, order, input._dtype, out)


def kthvalue(input, k, dim=-1, keepdim=False, *, out=None):
    """The k-th smallest element along dim (k counts from 1) and its position."""
    if input._dtype is _dtype.bool_:
        raise not_implemented("kthvalue_cpu", input._dtype)
    arr = _as_1d(input)
    d = wrap_dim(dim, input.dim())
    if not 1 <= k <= arr.shape[d]:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    _check_pair_out(out, "kthvalue", input._dtype)
    order = _sort_order(arr, d)
    values, idx = _squeeze_0d(*_pick(arr, d, order, k - 1, keepdim), input)
    return _pair((_KthT, _KthOutT), values, idx, input._dtype, out)


# ---- median, nanmedian -------------------------------------------------------------------

def _median_all(input, name, skip_nan):
    """The lower median of all elements (NaN if any is NaN, unless skip_nan)."""
    if input._dtype is _dtype.bool_:
        raise not_implemented(f"{name}_cpu", input._dtype)
    flat = np.sort(input.numpy_view().reshape(-1), kind="stable")
    n = flat.size
    if skip_nan and input._dtype.is_floating_point:
        n -= int(np.count_nonzero(np.isnan(flat)))
    if flat.size == 0 or n == 0:
        if not input._dtype.is_floating_point:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                             "input.numel() == 0.")
        return _result(np.nan, input._dtype)
    if not skip_nan and input._dtype.is_floating_point and np.isnan(flat[-1]):
        return _result(np.nan, input._dtype)
    return _result(flat[(n - 1) // 2], input._dtype)


def _median_dim(input, dim, keepdim, out, name, types, skip_nan):
    if input._dtype is _dtype.bool_:
        raise not_implemented(f"{name}_cpu", input._dtype)
    arr = _as_1d(input)
    d = _reduction_dim(input, dim, name)
    _check_pair_out(out, name, input._dtype)
    order = _sort_order(arr, d)
    n = arr.shape[d]
    nans = (np.isnan(arr).sum(axis=d, keepdims=True) if input._dtype.is_floating_point
            else np.zeros_like(order[tuple(slice(0, 1) if a == d else slice(None)
                                           for a in range(arr.ndim))]))
    if skip_nan:
        pos = np.maximum((n - nans - 1) // 2, 0)
    else:      # a slice holding NaN has median NaN: its first NaN, which sorts after the rest
        pos = np.where(nans > 0, n - nans, (n - 1) // 2)
    values, idx = _squeeze_0d(*_pick(arr, d, order, pos.astype(np.int64), keepdim), input)
    return _pair(types, values, idx, input._dtype, out)


def median(input, dim=None, keepdim=False, *, out=None):
    """median(input): the lower median of all elements; median(input, dim) -> (values, indices)."""
    if dim is None:
        if out is not None:
            raise TypeError("median() missing 1 required positional arguments: \"dim\"")
        return _median_all(input, "median", skip_nan=False)
    return _median_dim(input, dim, keepdim, out, "median", (_MedianT, _MedianOutT), False)


def nanmedian(input, dim=None, keepdim=False, *, out=None):
    """median ignoring NaNs (NaN only where a slice holds nothing else)."""
    if dim is None:
        if out is not None:
            raise TypeError("nanmedian() missing 1 required positional arguments: \"dim\"")
        return _median_all(input, "nanmedian", skip_nan=True)
    return _median_dim(input, dim, keepdim, out, "nanmedian", (_NanmedianT, _NanmedianOutT), True)


# ---- mode --------------------------------------------------------------------------------

def _mode_rows(rows):
    """Per row of a 2-d array: the most frequent value (the smallest among equally frequent
    ones) and the last position where it occurs, as PyTorch's CPU mode picks them.

    NaNs count as one value, sorted after the numbers, and a NaN mode reports its first
    position: PyTorch's CPU kernel std::sorts with `<`, whose order is unspecified with NaN
    (small rows keep leading NaNs in front, so mode([nan, nan, 1.]) is (nan, 0) there)."""
    r, n = rows.shape
    order = np.argsort(rows, axis=1, kind="stable")
    sv = take_along(rows, order, 1)
    new_run = np.ones((r, n), dtype=bool)
    new_run[:, 1:] = sv[:, 1:] != sv[:, :-1]
    nan = np.isnan(sv) if sv.dtype.kind == "f" else None
    if nan is not None:
        new_run[:, 1:] &= ~(nan[:, 1:] & nan[:, :-1])
    run_id = np.cumsum(new_run, axis=1) - 1
    counts = np.bincount((run_id + n * np.arange(r)[:, None]).ravel(), minlength=r * n)
    best = np.argmax(counts.reshape(r, n), axis=1)[:, None]
    in_best = run_id == best
    first = np.argmax(in_best, axis=1)
    values = sv[np.arange(r), first]
    indices = np.max(np.where(in_best, order, -1), axis=1)
    if nan is not None:
        nan_mode = nan[np.arange(r), first]
        indices[nan_mode] = order[np.arange(r), first][nan_mode]
    return values, indices


def mode(input, dim=-1, keepdim=False, *, out=None):
    arr = _as_1d(input)
    d = _reduction_dim(input, dim, "mode")
    _check_pair_out(out, "mode", input._dtype)
    moved = np.moveaxis(arr, d, -1)
    values, indices = _mode_rows(moved.reshape(-1, moved.shape[-1]))
    shape = moved.shape[:-1]
    values, indices = values.reshape(shape), indices.reshape(shape)
    if keepdim:
        values, indices = np.expand_dims(values, d), np.expand_dims(indices, d)
    values, indices = _squeeze_0d(values, indices, input)
    return _pair((_ModeT, _ModeOutT), values, indices, input._dtype, out)


# ---- unique, unique_consecutive ----------------------------------------------------------

def _unique_outputs(values, inverse, counts, dt, return_inverse, return_counts):
    res = [_result(values, dt)]
    if return_inverse:
        res.append(_result(inverse, _int64))
    if return_counts:
        res.append(_result(counts, _int64))
    return res[0] if len(res) == 1 else tuple(res)


def _rows_along(input, dim):
    """The input's slices along `dim` as rows of a 2-d array (for unique(dim=...))."""
    d = wrap_dim(dim, input.dim())
    arr = input.numpy_view()
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.size == 0 and arr.shape[d] != 0:
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique "
                           "cannot be applied")
    moved = np.moveaxis(arr, d, 0)
    width = int(np.prod(moved.shape[1:], dtype=np.int64))
    return d, moved, moved.reshape(moved.shape[0], width)


def _from_rows(rows, moved, d):
    """Rows picked by unique(dim=...) back in the input's layout."""
    return np.moveaxis(rows.reshape((rows.shape[0],) + moved.shape[1:]), 0, d)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """Distinct values (always sorted, as PyTorch's CPU kernel); each NaN is distinct."""
    if dim is None:
        flat = input.numpy_view().reshape(-1)
        values, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True,
                                            equal_nan=False)
        return _unique_outputs(values, inverse.reshape(input._shape), counts, input._dtype,
                               return_inverse, return_counts)
    d, moved, rows = _rows_along(input, dim)
    if rows.shape[0] == 0:
        values, inverse, counts = rows, np.zeros(0, np.int64), np.zeros(0, np.int64)
    else:
        # lexicographic order of the rows: sort by the last column first, stably
        order = np.lexsort(rows.T[::-1]) if rows.shape[1] else np.arange(rows.shape[0])
        sr = rows[order]
        new = np.ones(len(sr), dtype=bool)
        new[1:] = np.any(sr[1:] != sr[:-1], axis=1) if rows.shape[1] else False
        group = np.cumsum(new) - 1
        inverse = np.empty(len(sr), dtype=np.int64)
        inverse[order] = group
        values = sr[new]
        counts = np.bincount(group)
    return _unique_outputs(_from_rows(values, moved, d), inverse, counts, input._dtype,
                           return_inverse, return_counts)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Collapse runs of equal consecutive elements (or slices along dim) into one."""
    if dim is None:
        flat = input.numpy_view().reshape(-1)
        rows, moved, d, inv_shape = flat[:, None], None, None, input._shape
    else:
        d, moved, rows = _rows_along(input, dim)
        inv_shape = (rows.shape[0],)
    new = np.ones(rows.shape[0], dtype=bool)
    if rows.shape[0] > 1 and rows.shape[1]:
        new[1:] = np.any(rows[1:] != rows[:-1], axis=1)
    elif rows.shape[0] > 1:
        new[1:] = False
    starts = np.flatnonzero(new)
    inverse = (np.cumsum(new) - 1).reshape(inv_shape)
    counts = np.diff(np.append(starts, rows.shape[0]))
    values = rows[new]
    values = values.reshape(-1) if dim is None else _from_rows(values, moved, d)
    return _unique_outputs(values, inverse, counts, input._dtype, return_inverse, return_counts)


# ---- cummax, cummin, logcumsumexp ---------------------------------------------------------

def _cum_extreme(input, dim, out, is_max, types):
    name = "cummax" if is_max else "cummin"
    d = _int_dim(dim, name, input.dim())
    _check_pair_out(out, name, input._dtype)
    arr = _as_1d(input)
    if arr.size == 0:
        values, indices = arr.copy(), np.zeros(arr.shape, np.int64)
    else:
        values = (np.maximum if is_max else np.minimum).accumulate(arr, axis=d)
        # The index is the last position that reached the running extreme so far: ties
        # move it forward, and after a NaN only another NaN does (as PyTorch's >= / <=).
        hit = arr == values
        if input._dtype.is_floating_point:
            hit |= np.isnan(arr) & np.isnan(values)
        shape = [1] * arr.ndim
        shape[d] = arr.shape[d]
        pos = np.arange(arr.shape[d], dtype=np.int64).reshape(shape)
        indices = np.maximum.accumulate(np.where(hit, pos, 0), axis=d)
    values, indices = _squeeze_0d(values, indices, input)
    return _pair(types, values, indices, input._dtype, out)


def cummax(input, dim, *, out=None):
    return _cum_extreme(input, dim, out, True, (_CummaxT, _CummaxOutT))


def cummin(input, dim, *, out=None):
    return _cum_extreme(input, dim, out, False, (_CumminT, _CumminOutT))


def logcumsumexp(input, dim, *, out=None):
    """log(cumsum(exp(input))) along dim, without overflow (numpy's logaddexp)."""
    if not input._dtype.is_floating_point:
        raise not_implemented("logcumsumexp_out_cpu", input._dtype)
    d = _int_dim(dim, "logcumsumexp", input.dim())
    if out is not None and out._dtype is not input._dtype:
        raise _out_dtype_error(input._dtype, out._dtype)
    arr = _as_1d(input)
    compute = np.float32 if arr.dtype == np.float16 else arr.dtype
    with np.errstate(invalid="ignore", over="ignore"):
        res = np.logaddexp.accumulate(arr.astype(compute), axis=d) if arr.size else arr.copy()
    return _result(res.reshape(input._shape), input._dtype, out)


# ---- registration ------------------------------------------------------------------------

for _name, _fn in [("sort", sort), ("argsort", argsort), ("msort", msort), ("topk", topk),
                   ("kthvalue", kthvalue), ("median", median), ("nanmedian", nanmedian),
                   ("mode", mode), ("unique", unique), ("unique_consecutive", unique_consecutive),
                   ("cummax", cummax), ("cummin", cummin), ("logcumsumexp", logcumsumexp)]:
    def_op(_name, _fn)
