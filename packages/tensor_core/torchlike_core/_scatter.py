"""More index ops: take_along_dim, index_put, scatter_reduce, narrow_copy, and the counting /
searching ops bincount, histc, searchsorted, bucketize.

(take, put, index_add/copy/fill, gather and scatter live in _indexing.py; this module reuses
its index validation.) As there, every index is checked before anything is written, so a
failed in-place call leaves its destination unchanged (Note [Indexing as PyTorch does it]).
"""
import numpy as np

from . import _dtype
from ._checks import not_implemented, require_tensor
from ._dispatch import call
from ._elementwise import contiguous_copy
from ._indexing import (_resolve, _np_index, _adv_result_shape, _adv_source,
                        _scatter_check, _at_least_1d, _src_array, _first_out_of_range,
                        _index_values, _finish_out)
from ._joins import fresh_tensor, write_out, check_out_dtype, _tensor_list
from ._numpy_bridge import from_numpy
from ._registry import def_op
from ._tensor import TensorBase, wrap_dim, _broadcast_pair

_int64, _int32 = _dtype.int64, _dtype.int32


# ---- take_along_dim ----------------------------------------------------------------------

def take_along_dim(input, indices, dim=None, *, out=None):
    """gather() over input and indices broadcast against each other (all but dim), or over the
    flattened input when dim is None. Made of dispatched ops: autograd records GatherBackward0.

    Negative indices count from the end (PyTorch wraps them; it also wraps indices past the
    end, silently: we refuse those with gather's message instead).
    """
    require_tensor(indices, "take_along_dim", "indices", 2)
    if indices._dtype is not _int64:
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{indices._dtype.legacy_name}")
    if dim is None:
        res = call("gather", (call("reshape", (input, (-1,)), None), 0,
                              call("reshape", (indices, (-1,)), None)), None)
        return res if out is None else _finish_out(res, out, "")
    if input.dim() != indices.dim():
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {input.dim()} dimensions for input, and "
                           f"{indices.dim()} dimensions for indices")
    d = wrap_dim(dim, input.dim())
    in_shape, idx_shape = list(input._shape), list(indices._shape)
    if in_shape:
        in_shape[d] = idx_shape[d] = 1
    bshape = _broadcast_pair(tuple(in_shape), tuple(idx_shape)) if in_shape else ()
    size = input._shape[d] if input._shape else 1
    idx = _index_values(indices)
    bad = _first_out_of_range(idx, size, negative_ok=True)
    if bad is not None:
        raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size {size}")
    idx = from_numpy(np.where(idx < 0, idx + size, idx))
    if bshape:
        input = call("expand", (input, bshape[:d] + (input._shape[d],) + bshape[d + 1:]), None)
        idx = call("expand", (idx, bshape[:d] + (indices._shape[d],) + bshape[d + 1:]), None)
    res = call("gather", (input, d, idx), None)
    return res if out is None else _finish_out(res, out, "")


# ---- index_put ---------------------------------------------------------------------------

def _index_put(self, indices, values, accumulate):
    """self[indices] = values (+= with accumulate); every index checked before the write."""
    indices = _tensor_list(indices, "index_put", "indices")
    require_tensor(values, "index_put", "values", 2)
    if len(indices) > self.dim() and len(indices) > 1:
        raise IndexError(f"too many indices for tensor of dimension {self.dim()} "
                         f"(got {len(indices)})")
    view, adv, bshape, single_mask = _resolve(self, tuple(indices))
    if not adv:                       # only 0-d integer indices: a plain element write
        adv, bshape = {}, ()
    target = _adv_result_shape(view._shape, adv, bshape) if adv else view._shape
    src = _adv_source(self, values, target, single_mask and not accumulate)
    arr = view.numpy_view()
    where = _np_index(view, adv) if adv else Ellipsis
    if accumulate:
        np.add.at(arr, where, np.broadcast_to(src, target))   # repeated indices add up
    else:
        arr[where] = src                                        # the last write wins
    return self


def index_put_(self, indices, values, accumulate=False):
    _index_put(self, indices, values, accumulate)
    self._bump_version()
    return self


def index_put(input, indices, values, accumulate=False):
    return _index_put(contiguous_copy(input), indices, values, accumulate)


# ---- scatter_reduce ----------------------------------------------------------------------

_REDUCTIONS = {"sum": np.add, "prod": np.multiply, "mean": np.add, "amax": np.maximum,
               "amin": np.minimum, "max": np.maximum, "min": np.minimum}


def _identity(ufunc, dt):
    """The value a reduction starts from when self's own value is left out."""
    if ufunc is np.add:
        return 0
    if ufunc is np.multiply:
        return 1
    big = np.inf if dt.is_floating_point else (True if dt is _dtype.bool_ else np.iinfo(dt.np).max)
    if ufunc is np.minimum:
        return big
    return -np.inf if dt.is_floating_point else (False if dt is _dtype.bool_ else np.iinfo(dt.np).min)


def _scatter_reduce(self, dim, index, src, reduce, include_self):
    require_tensor(index, "scatter_reduce", "index", 3)
    require_tensor(src, "scatter_reduce", "src", 4)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, "
                           f"got {reduce}")
    d = wrap_dim(dim, self.dim())
    idx = _scatter_check(self, d, index, src)
    if idx is None:
        return self
    arr = _at_least_1d(self.numpy_view())
    coords = list(np.indices(idx.shape, sparse=True))
    coords[d] = idx
    coords = tuple(coords)
    values = _at_least_1d(_src_array(src, self))[tuple(slice(0, s) for s in idx.shape)]
    ufunc = _REDUCTIONS[reduce]
    work = arr.copy()
    if not include_self:
        work[coords] = _identity(ufunc, self._dtype)
    ufunc.at(work, coords, values)
    if reduce == "mean":
        count = np.full(arr.shape, 1 if include_self else 0, dtype=np.int64)
        np.add.at(count, coords, 1)
        count[count == 0] = 1
        if self._dtype.is_floating_point:
            work = work / count
        else:
            work = np.floor_divide(work, count)      # PyTorch's mean of integers rounds down
    arr[...] = work
    return self


def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
    _scatter_reduce(self, dim, index, src, reduce, include_self)
    self._bump_version()
    return self


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True, out=None):
    res = _scatter_reduce(contiguous_copy(input), dim, index, src, reduce, include_self)
    return res if out is None else _finish_out(res, out, "scatter_reduce(): self and result "
                                                         "must have the same scalar type")


# ---- narrow_copy -------------------------------------------------------------------------

def narrow_copy(input, dim, start, length, *, out=None):
    """A new tensor with narrow()'s elements."""
    n = input.dim()
    if n == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if not -n <= dim < n:
        raise RuntimeError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                           f"but got {dim})")
    size = input._shape[dim]
    if length < 0 and -size <= start <= size:
        raise RuntimeError(f"start ({start % size if size else start}) + length ({length}) "
                           f"exceeds dimension size ({size}).")
    res = contiguous_copy(call("narrow", (input, dim, start, length), None))
    if out is None:
        return res
    check_out_dtype(out, input._dtype)
    return write_out(res, out)


# ---- bincount, histc ---------------------------------------------------------------------

def bincount(input, weights=None, minlength=0):
    """Counts of each non-negative integer (weighted sums with weights)."""
    if input._dtype.is_floating_point or input._dtype is _dtype.bool_:
        raise not_implemented("bincount_cpu", input._dtype)
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if input.dim() == 1 and input.numel() == 0:
        return fresh_tensor(np.zeros(minlength, dtype=np.int64))
    arr = input.numpy_view()
    if arr.ndim != 1 or (arr < 0).any():
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return fresh_tensor(np.bincount(arr, minlength=minlength).astype(np.int64))
    if weights.dim() != 1 or weights.numel() != arr.size:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    # float32 weights give float32 counts; every other weight dtype gives float64
    dt = _dtype.float32 if weights._dtype is _dtype.float32 else _dtype.float64
    counts = np.bincount(arr, weights=weights.numpy_view().astype(np.float64), minlength=minlength)
    return fresh_tensor(counts.astype(dt.np))


def _format_edge(v):
    return "-nan" if np.isnan(v) else f"{v:g}"


def histc(input, bins=100, min=0, max=0, *, out=None):
    """Counts in `bins` equal-width bins over [min, max] (the data's range when min == max);
    elements outside are ignored, the right edge belongs to the last bin."""
    dt = input._dtype
    if not dt.is_floating_point:
        raise not_implemented("histogram_cpu", dt)
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    if min > max:
        raise RuntimeError("torch.histc: max must be larger than min")
    if out is not None:
        check_out_dtype(out, dt)
    arr = input.numpy_view().reshape(-1)
    lo, hi = float(min), float(max)
    if lo == hi and arr.size:
        lo, hi = float(arr.min()), float(arr.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{_format_edge(lo)}, {_format_edge(hi)}] is "
                           f"not finite")
    # Bin positions computed in the input's dtype, as PyTorch's kernel does.
    edges = np.linspace(lo, hi, bins + 1).astype(dt.np)
    left, right = edges[0], edges[-1]
    keep = arr[(arr >= left) & (arr <= right)]
    with np.errstate(all="ignore"):
        pos = ((keep - left) * dt.np.type(bins) / (right - left)).astype(np.int64)
    pos[pos == bins] = bins - 1
    res = fresh_tensor(np.bincount(pos, minlength=bins).astype(dt.np))
    return res if out is None else write_out(res, out)


# ---- searchsorted, bucketize -------------------------------------------------------------

def _side_is_right(side, right):
    if side is None:
        return bool(right)
    if side not in ("left", "right"):
        raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
    if right and side == "left":
        raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got "
                           "side of left while right was True")
    return side == "right"


def _check_search_out(out, out_int32):
    if out is None:
        return
    want = _int32 if out_int32 else _int64
    if out._dtype is not want:
        raise RuntimeError(f"torch.searchsorted(): output tensor's dtype is wrong, it can only be "
                           f"Int(int32) or Long(int64) depending on whether out_int32 flag is True, "
                           f"but we got output tensor's dtype {out._dtype.legacy_name} and "
                           f"out_int32 flag is {out_int32}")


def _binary_search(seq, vals, right):
    """Row-wise insertion points of vals (R, K) into the sorted rows of seq (R, M), with
    PyTorch's comparisons: left finds the first i with not seq[i] < v (so NaN values go
    past the end), right the first i with seq[i] > v."""
    r, m = seq.shape
    lo = np.zeros(vals.shape, dtype=np.int64)
    hi = np.full(vals.shape, m, dtype=np.int64)
    rows = np.arange(r)[:, None]
    with np.errstate(invalid="ignore"):
        while True:
            active = lo < hi
            if not active.any():
                return lo
            mid = (lo + hi) >> 1
            mv = seq[rows, np.minimum(mid, m - 1)]
            go_right = ~(mv > vals) if right else ~(mv >= vals)
            lo = np.where(active & go_right, mid + 1, lo)
            hi = np.where(active & ~go_right, mid, hi)


def _search(boundaries, input, right, sorter, out_int32):
    """The shared body of searchsorted and bucketize: insertion indices as a numpy array."""
    scalar = not isinstance(input, TensorBase)
    if boundaries._dtype is _dtype.bool_ or (not scalar and input._dtype is _dtype.bool_):
        raise not_implemented("searchsorted_out_cpu", _dtype.bool_)
    if boundaries.dim() == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive "
                           "dimension, but got 0 dimension")
    seq = boundaries.numpy_view()
    vals = np.asarray(input) if scalar else input.numpy_view()
    if scalar and seq.ndim > 1:
        raise RuntimeError(f"torch.searchsorted(): input value can be a scalar only when boundaries "
                           f"tensor dimension is 1, but we got boundaries tensor dim({seq.ndim}) "
                           f"and input value's dim(0) numel(1)")
    if seq.ndim > 1 and (vals.ndim != seq.ndim or vals.shape[:-1] != seq.shape[:-1]):
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the "
                           f"first N-1 dimensions of boundaries tensor and input value tensor must "
                           f"match, but we got boundaries tensor {list(seq.shape)} and input value "
                           f"tensor {list(vals.shape)}")
    if sorter is not None:
        seq = np.take_along_axis(seq, _checked_sorter(sorter, boundaries), axis=-1)
    # compare in the promoted dtype, as PyTorch does
    common = np.result_type(seq.dtype, vals.dtype) if not scalar else np.result_type(seq, vals)
    rows = int(np.prod(seq.shape[:-1], dtype=np.int64))
    seq2 = seq.reshape(rows, seq.shape[-1]).astype(common, copy=False)
    vals2 = vals.reshape(rows, vals.size // rows if rows else 0).astype(common, copy=False)
    if seq2.shape[1] == 0:
        res = np.zeros(vals2.shape, dtype=np.int64)
    else:
        res = _binary_search(seq2, vals2, right)
    return res.reshape(vals.shape).astype(np.int32 if out_int32 else np.int64)


def _checked_sorter(sorter, boundaries):
    if sorter._dtype is not _int64:
        raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but got "
                           f"dtype {sorter._dtype.legacy_name}")
    if sorter._shape != boundaries._shape:
        raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, but "
                           f"got boundary tensor {list(boundaries._shape)}and got sorter tensor "
                           f"{list(sorter._shape)}")
    order = _index_values(sorter)
    if order.size and (order.min() < 0 or order.max() >= boundaries._shape[-1]):
        raise RuntimeError("torch.searchsorted(): sorter index out of range")
    return order


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None,
                 out=None):
    """Where each value of input would go in the (last dim of the) sorted sequence."""
    right = _side_is_right(side, right)
    _check_search_out(out, out_int32)
    res = fresh_tensor(_search(sorted_sequence, input, right, sorter, out_int32))
    return res if out is None else write_out(res, out)


def bucketize(input, boundaries, *, out_int32=False, right=False, out=None):
    """The index of the bucket of each input value, buckets given by 1-d sorted boundaries."""
    if boundaries.dim() != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.dim()})")
    _check_search_out(out, out_int32)
    res = fresh_tensor(_search(boundaries, input, right, None, out_int32))
    return res if out is None else write_out(res, out)


# ---- registration ------------------------------------------------------------------------

for _name, _fn in [("take_along_dim", take_along_dim), ("index_put", index_put),
                   ("scatter_reduce", scatter_reduce), ("narrow_copy", narrow_copy),
                   ("bincount", bincount), ("histc", histc), ("index_put_", index_put_)]:
    def_op(_name, _fn)
def_op("scatter_reduce_", scatter_reduce_, function=False)
def_op("searchsorted", searchsorted, method=False)
def_op("bucketize", bucketize, method=False)
