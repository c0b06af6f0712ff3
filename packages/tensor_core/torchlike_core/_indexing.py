"""Indexing: `x[idx]`, `x[idx] = v`, and the index ops (index_select, masked_select, nonzero,
gather, scatter, take, index_fill/add/copy, masked_scatter, put).

Note [Indexing as PyTorch does it]
PyTorch's indexing differs from numpy's in two ways that change results, and we follow it:
1. The basic part of an index (ints, slices, None, Ellipsis, 0-d integer tensors) is applied
   first, as a VIEW, from left to right. Ints are plain `select`s: they never take part in
   advanced indexing, so `y[0, :, [0, 1]]` has shape [3, 2] where numpy gives [2, 3].
2. What is left (integer/bool tensors, lists, numpy arrays; Python bools and 0-d bool tensors
   become a new size-1 dim indexed by [0] or []) is advanced indexing on that view, with
   numpy's rule for where the broadcast index dims go: kept in place when the indexed dims
   are adjacent, moved to the front otherwise. That part returns a copy.
Every index is validated before anything is read or written, so a bad index never touches
memory and a failed in-place op leaves its destination unchanged.
"""
import numbers
import operator
import warnings

import numpy as np

from . import _dtype
from ._checks import require_tensor, check_scalar as _check_scalar
from ._elementwise import copy_into, contiguous_copy, resize_out
from ._loops import first_out_of_range, take_along
from ._numpy_bridge import from_fresh as _wrap, array_from_data
from ._registry import def_op
from ._tensor import TensorBase, _view, _expand, _broadcast_pair, wrap_dim, select_first_dim

_INDEX_DTYPES = (_dtype.int64, _dtype.int32)

# ---- parsing an index ----------------------------------------------------------------------

# Kinds of index items after parsing.
_NONE, _ELLIPSIS, _INT, _SLICE, _BOOL, _ADV, _MASK = range(7)


def _is_int_index(obj):
    return isinstance(obj, (int, np.integer)) and not isinstance(obj, (bool, np.bool_))


def _type_name(obj):
    cls = type(obj)
    return cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__name__}"


def _parse_array(arr):
    """An index given as a numpy array (possibly a tensor's memory) -> (kind, payload)."""
    if arr.dtype == np.bool_ or arr.dtype == np.uint8:
        if arr.dtype == np.uint8:
            warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                          "torch.bool instead.", UserWarning, stacklevel=4)
        if arr.ndim == 0:
            return _BOOL, bool(arr)
        return _MASK, np.array(arr, dtype=bool)            # a copy: x[m] = v may overwrite m
    if arr.dtype == np.int64 or arr.dtype == np.int32:
        if arr.ndim == 0:
            return _INT, int(arr)
        return _ADV, np.array(arr, dtype=np.int64)
    raise IndexError("tensors used as indices must be long, int, byte or bool tensors")


def _parse_item(obj):
    """One element of an index tuple -> (kind, payload)."""
    if obj is None:
        return _NONE, None
    if obj is Ellipsis:
        return _ELLIPSIS, None
    if isinstance(obj, (bool, np.bool_)):
        return _BOOL, bool(obj)
    if isinstance(obj, (int, np.integer)):
        return _INT, int(obj)
    if isinstance(obj, slice):
        return _SLICE, obj
    if isinstance(obj, TensorBase):
        return _parse_array(obj.numpy_view())
    if isinstance(obj, np.ndarray):
        return _parse_array(obj)
    if isinstance(obj, (list, tuple)):
        # As torch.tensor(seq): all-bool data is a mask, anything else becomes int64.
        arr, dt = array_from_data(list(obj))
        if dt is _dtype.bool_ and arr.size:
            return _MASK, arr
        return _ADV, arr.astype(np.int64)
    if isinstance(obj, str):
        raise TypeError("new(): invalid data type 'str'")
    if hasattr(obj, "__index__") and not isinstance(obj, numbers.Real):
        return _INT, operator.index(obj)
    raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                     f"Variables are valid indices (got {_type_name(obj)})")


def _as_tuple(index):
    """PyTorch (like old numpy) reads a short list holding slices, None, Ellipsis, sequences or
    tensors as a tuple of indices: x[[0, [1, 2]]] is x[0, [1, 2]]."""
    if isinstance(index, tuple):
        return index
    if isinstance(index, list) and len(index) < 32 and any(
            o is None or o is Ellipsis or isinstance(o, (slice, list, tuple, TensorBase, np.ndarray))
            for o in index):
        warnings.warn(
            "Using a non-tuple sequence for multidimensional indexing is deprecated and will be "
            "changed in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will "
            "be interpreted as tensor index, x[torch.tensor(seq)], which will result either in an "
            "error or a different result", UserWarning, stacklevel=4)
        return tuple(index)
    return (index,)


def _slice_bounds(s, size):
    """(start, length, step) of slice `s` over a dim of `size`; steps must be positive."""
    if s.step is not None:
        step = operator.index(s.step)
        if step == 0:
            raise ValueError("slice step cannot be zero")
        if step < 0:
            raise ValueError("step must be greater than zero")
    start, stop, step = s.indices(size)        # clamps like PyTorch; raises TypeError for floats
    return start, max(0, (stop - start + step - 1) // step), step


def _resolve(self, index):
    """Apply the basic part of `index` to `self` (Note [Indexing as PyTorch does it]).

    Returns (view, adv, bshape, single_mask): the view, {dim of the view: int64 index array}
    for the advanced part (empty if there is none), the broadcast shape of those arrays, and
    whether the advanced part is one bool mask alone. All bounds, mask shapes and broadcasting
    are checked here.
    """
    items = [_parse_item(o) for o in _as_tuple(index)]
    ndim = len(self._shape)
    specified = sum(1 if k in (_INT, _SLICE, _ADV) else p.ndim if k == _MASK else 0 for k, p in items)
    if specified > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    shape, stride, offset = list(self._shape), list(self._stride), self._offset
    recorded = []        # (dim of the view, kind, array)
    dim = 0
    for pos, (kind, val) in enumerate(items):
        if kind == _INT:
            size = shape[dim] if dim < len(shape) else 0
            if not -size <= val < size:
                # PyTorch names the position in the index tuple as the dimension
                raise IndexError(f"index {val} is out of bounds for dimension {pos} with size {size}")
            offset += (val + size if val < 0 else val) * stride[dim]
            del shape[dim], stride[dim]
        elif kind == _SLICE:
            if dim >= len(shape):
                raise IndexError(f"too many indices for tensor of dimension {ndim}")
            start, length, step = _slice_bounds(val, shape[dim])
            offset += start * stride[dim]
            shape[dim] = length
            stride[dim] *= step
            dim += 1
        elif kind in (_NONE, _BOOL):
            # unsqueeze: the new dim's stride is what PyTorch's unsqueeze gives it
            stride.insert(dim, shape[dim] * stride[dim] if dim < len(shape) else 1)
            shape.insert(dim, 1)
            if kind == _BOOL:
                recorded.append((dim, _ADV, np.zeros(1 if val else 0, dtype=np.int64)))
            dim += 1
        elif kind == _ELLIPSIS:
            dim += ndim - specified
        else:
            if dim >= len(shape):          # reachable only through repeated Ellipses
                raise IndexError(f"too many indices for tensor of dimension {ndim}")
            recorded.append((dim, kind, val))
            dim += 1 if kind == _ADV else val.ndim
    view = _view(self, tuple(shape), tuple(stride), offset)
    if not recorded:
        return view, {}, (), False

    vshape = view._shape
    adv = {}
    for d, kind, arr in recorded:
        if kind == _MASK:
            for j in range(arr.ndim):
                if d + j >= len(vshape) or arr.shape[j] != vshape[d + j]:
                    raise IndexError(
                        f"The shape of the mask {list(arr.shape)} at index {j} does not match the "
                        f"shape of the indexed tensor {list(vshape)} at index {d + j}")
            for j, coords in enumerate(np.nonzero(arr)):
                adv[d + j] = coords.astype(np.int64, copy=False)
        else:
            adv[d] = arr
    dims = sorted(adv)
    try:
        bshape = np.broadcast_shapes(*(adv[d].shape for d in dims))
    except ValueError:
        raise IndexError("shape mismatch: indexing tensors could not be broadcast together with "
                         "shapes " + ", ".join(str(list(adv[d].shape)) for d in dims)) from None
    if 0 not in bshape:          # an empty result reads nothing, so nothing can be out of range
        for k, d in enumerate(dims):
            # PyTorch's kernel names the ordinal of the index tensor as the dimension
            bad = _first_out_of_range(adv[d], vshape[d], negative_ok=True)
            if bad is not None and vshape[d] == 0:
                raise IndexError("index is out of bounds for dimension with size 0")
            if bad is not None:
                raise IndexError(f"index {bad} is out of bounds for dimension {k} with size {vshape[d]}")
    single_mask = len(recorded) == 1 and recorded[0][1] == _MASK
    return view, adv, tuple(bshape), single_mask


def _np_index(view, adv):
    return tuple(adv.get(d, slice(None)) for d in range(len(view._shape)))


def _adv_result_shape(vshape, dims, bshape):
    """The shape advanced indexing gives, by numpy's rule (see the Note at the top)."""
    dims = sorted(dims)
    if dims[-1] - dims[0] + 1 == len(dims):
        return vshape[:dims[0]] + bshape + vshape[dims[-1] + 1:]
    return bshape + tuple(s for d, s in enumerate(vshape) if d not in dims)


def _first_out_of_range(idx, size, negative_ok):
    """The first value of `idx` outside the valid range, or None."""
    lo = -size if negative_ok else 0
    if idx.dtype == np.int64 and (idx.ndim == 1 or idx.flags.c_contiguous):
        return first_out_of_range(idx, lo, size)
    bad = (idx < lo) | (idx >= size)
    return int(idx[bad][0]) if bad.any() else None


def _invalid_0d_index():
    return IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                      "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")


# ---- x[index] ------------------------------------------------------------------------------

def getitem(self, index):
    fast = select_first_dim(self, index)
    if fast is not None:
        return fast
    if _is_int_index(index) and not self._shape:
        raise _invalid_0d_index()
    view, adv, _, _ = _resolve(self, index)
    if not adv:
        return view
    return _wrap(view.numpy_view()[_np_index(view, adv)], self._dtype)


# ---- x[index] = value ----------------------------------------------------------------------

def _scalar_array(value, dt):
    """A 0-d numpy array of dtype `dt` holding a (checked) Python scalar, cast like C."""
    if dt is _dtype.bool_:
        return np.asarray(bool(value))
    if dt.is_floating_point or isinstance(value, float):
        with np.errstate(over="ignore"):          # 1e6 -> float16 is inf, as in PyTorch
            return np.asarray(value, dtype=np.float64).astype(dt.np)
    return np.asarray(value, dtype=np.int64).astype(dt.np)


def _setitem_value(self, value):
    """The value of `x[i] = value` as a tensor or a checked Python scalar."""
    if isinstance(value, TensorBase):
        return value
    if isinstance(value, (numbers.Number, np.bool_, np.number)):
        return _check_scalar(value, self._dtype)
    if isinstance(value, (np.ndarray, list, tuple)):
        # PyTorch refuses these (TypeError); accepting them as tensors of self's dtype is handy
        # and cannot change the meaning of code that works with PyTorch.
        arr, _ = array_from_data(value, self._dtype)
        return _wrap(arr, self._dtype)
    raise TypeError(f"can't assign a {_type_name(value)} to a torch.{self._dtype.legacy_name}Tensor")


def _strip_leading_ones(t):
    """`t` viewed without its leading size-1 dims (PyTorch's slicePrefix1sSize)."""
    k = 0
    while k < len(t._shape) and t._shape[k] == 1:
        k += 1
    return t if k == 0 else _view(t, t._shape[k:], t._stride[k:], t._offset)


def _copy_to(dst, value):
    """dst[...] = value for the basic-index case, with PyTorch's copy_to rules and messages."""
    if isinstance(value, TensorBase) and value._shape != dst._shape and value._shape:
        value = _strip_leading_ones(value)
        if len(value._shape) > len(dst._shape):
            raise RuntimeError(
                f"expand(torch.{value._dtype.legacy_name}Tensor{{{list(value._shape)}}}, "
                f"size={list(dst._shape)}): the number of sizes provided ({len(dst._shape)}) must "
                f"be greater or equal to the number of dimensions in the tensor ({len(value._shape)})")
    copy_into(dst, value)           # raises PyTorch's expand message on mismatch; bumps version


def setitem_(self, index, value):
    value = _setitem_value(self, value)
    # Whole-index shortcuts as PyTorch's set_item: they copy like a basic index.
    if isinstance(index, (bool, np.bool_)):
        if index:
            _copy_to(_view(self, (1,) + self._shape, (1,) + self._stride, self._offset), value)
        return self                  # x[False] = v writes nothing and leaves the version alone
    if index is None:
        _copy_to(_view(self, (1,) + self._shape, (1,) + self._stride, self._offset), value)
        return self
    if _is_int_index(index) and not self._shape:
        raise _invalid_0d_index()

    view, adv, bshape, single_mask = _resolve(self, index)
    if not adv:
        _copy_to(view, value)
        return self

    src = _adv_source(self, value, _adv_result_shape(view._shape, adv, bshape), single_mask)
    arr = view.numpy_view()
    arr[_np_index(view, adv)] = src            # duplicates: the last write wins, as in numpy
    self._bump_version()
    return self


def _adv_source(self, value, target, single_mask):
    """The numpy values to write for an advanced-index write into `self` (setitem_,
    index_put_), checked to broadcast to the indexed shape `target` and to have self's dtype."""
    dt = self._dtype
    if not isinstance(value, TensorBase):
        return _scalar_array(value, dt)
    value = _strip_leading_ones(value)
    if not _broadcastable(value._shape, target):
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(value._shape)} cannot be "
                           f"broadcast to indexing result of shape {list(target)}")
    # PyTorch turns "one mask = one value" into masked_fill_, which casts the value
    if value._dtype is not dt and not (single_mask and value.numel() == 1):
        raise RuntimeError(
            f"Index put requires the source and destination dtypes match, got "
            f"{dt.legacy_name} for the destination and {value._dtype.legacy_name} for the source.")
    src = value.numpy_view()
    if value._storage is self._storage:        # read the value before writing over it
        src = src.copy()
    return src.astype(dt.np, copy=False)


def _broadcastable(shape, target):
    """True if `shape` broadcasts to exactly `target` (only `shape` may be expanded)."""
    if len(shape) > len(target):
        return False
    return all(s == t or s == 1 for s, t in zip(shape[::-1], target[::-1]))


def_op("getitem", getitem, function=False, method=False)
def_op("setitem_", setitem_, function=False, method=False)


# ---- shared pieces of the index ops --------------------------------------------------------

def _index_values(index):
    """The values of an index tensor as an int64 numpy array (a copy, so that writing into a
    tensor that shares memory with the index cannot change the index midway)."""
    return np.array(index.numpy_view(), dtype=np.int64)


def _at_least_1d(arr):
    """0-d arrays viewed as 1-d: PyTorch's index ops treat a scalar as a size-1 vector."""
    return arr.reshape(1) if arr.ndim == 0 else arr


def _finish_out(res, out, dtype_msg):
    """Return `res`, or write it into the user's out= tensor (resized as PyTorch does)."""
    if out is None:
        return res
    if out._dtype is not res._dtype:
        raise RuntimeError(dtype_msg)
    if out._shape != res._shape:
        resize_out(out, res._shape)
    return copy_into(out, res)


def _src_array(src, self):
    """src's values, copied if src shares memory with `self` (read before writing)."""
    arr = src.numpy_view()
    return arr.copy() if src._storage is self._storage else arr


# ---- index_select, masked_select, nonzero, argwhere, take -----------------------------------

def index_select(input, dim, index, *, out=None):
    require_tensor(index, "index_select", "index", 3)
    d = wrap_dim(dim, input.dim())
    if index.dim() > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if index._dtype not in _INDEX_DTYPES:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    idx = _index_values(index).reshape(-1)
    arr = input.numpy_view()
    if arr.ndim == 0:
        if idx.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                               f"{idx.size} value(s)")
        if idx[0] != 0:
            raise IndexError("index out of range in self")
        return _finish_out(_wrap(arr.copy(), input._dtype), out,
                           "index_select(): self and result must have the same scalar type")
    size = arr.shape[d]
    if idx.size and arr.ndim > 1 and size == 0:
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    bad = _first_out_of_range(idx, size, negative_ok=False)
    if bad is not None:
        # PyTorch 2.x's CPU kernel for dim 1 of an N-d tensor reports with its own wording
        if arr.ndim > 1 and d == 1:
            raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={size}")
        raise IndexError("index out of range in self")
    res = _wrap(np.take(arr, idx, axis=d), input._dtype)
    return _finish_out(res, out, "index_select(): self and result must have the same scalar type")


def masked_select(input, mask, *, out=None):
    require_tensor(mask, "masked_select", "mask", 2)
    if mask._dtype is not _dtype.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = _broadcast_pair(mask._shape, input._shape)
    values = np.broadcast_to(input.numpy_view(), shape)[np.broadcast_to(mask.numpy_view(), shape)]
    return _finish_out(_wrap(values, input._dtype), out,
                       "masked_select(): self and result must have the same scalar type")


def _nonzero_coords(input):
    """Coordinates of the nonzero elements, one int64 array per dim (one for a 0-d input)."""
    return [c.astype(np.int64) for c in np.nonzero(_at_least_1d(input.numpy_view()))]


def nonzero(input, *, out=None, as_tuple=False):
    coords = _nonzero_coords(input)
    if as_tuple:
        if out is not None:
            raise RuntimeError("nonzero does not support the out kwarg when as_tuple is True")
        return tuple(_wrap(c, _dtype.int64) for c in coords)
    if input.dim() == 0:
        res = np.zeros((len(coords[0]), 0), dtype=np.int64)
    else:
        res = np.stack(coords, axis=1)
    if out is not None and out._dtype is not _dtype.int64:
        raise RuntimeError(f"nonzero: Expected out tensor to have scalar type Long but got scalar "
                           f"type{out._dtype.legacy_name}")
    return _finish_out(_wrap(res, _dtype.int64), out, "")


def argwhere(input):
    return nonzero(input)


def _flat_check(fn, index):
    """take and put_ accept only int64 flat indices."""
    if index._dtype is not _dtype.int64:
        raise RuntimeError(f"{fn}(): Expected a long tensor for index, but got {index._dtype.legacy_name}")


def _flat_bounds(idx, n):
    bad = _first_out_of_range(idx, n, negative_ok=True)
    if bad is not None:
        raise IndexError(f"out of range: tried to access index {bad} on a tensor of {n} elements.")


def take(input, index):
    require_tensor(index, "take", "index", 2)
    _flat_check("take", index)
    idx = _index_values(index)
    n = input.numel()
    if n == 0 and idx.size:
        raise IndexError("take(): tried to take from an empty tensor")
    _flat_bounds(idx, n)
    flat = input.numpy_view().reshape(-1)    # a copy only when input is not contiguous
    return _wrap(flat[idx], input._dtype)


def _put(self, index, source, accumulate):
    require_tensor(index, "put_", "index", 1)
    require_tensor(source, "put_", "source", 2)
    _flat_check("put_", index)
    if source._dtype is not self._dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got "
                           f"self.dtype = {self._dtype.legacy_name} and source.dtype = "
                           f"{source._dtype.legacy_name}")
    if source.numel() != index.numel():
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, "
                         f"but got source.numel() = {source.numel()}, index.numel() = {index.numel()}")
    idx = _index_values(index).reshape(-1)
    n = self.numel()
    if n == 0 and idx.size:
        raise IndexError("put_(): Tried to put elements into an empty tensor")
    _flat_bounds(idx, n)
    arr = _at_least_1d(self.numpy_view())
    if not idx.size:
        return self
    pos = np.where(idx < 0, idx + n, idx)
    src = _src_array(source, self).reshape(-1)
    if accumulate and arr.dtype in (np.float32, np.float64) and arr.flags.c_contiguous:
        # np.add.at scatters one element at a time; a weighted bincount sums the same
        # values in one pass (the backward of as_strided and of index ops lands here).
        # bincount sums in float64 and rounds once, so float32 sums may differ from
        # PyTorch's in the last bit; float16 keeps np.add.at, which rounds after every
        # addition as PyTorch's half kernel does. Only the positions written change: an
        # untouched -0.0 stays -0.0.
        sums = np.bincount(pos, weights=src, minlength=n)
        touched = np.bincount(pos, minlength=n) > 0
        flat = arr.reshape(-1)
        np.add(flat, sums.astype(arr.dtype, copy=False), out=flat, where=touched)
        return self
    # flat (row-major) positions -> coordinates, so that any strides work in place
    coords = np.unravel_index(pos, arr.shape)
    if accumulate:
        np.add.at(arr, coords, src)
    else:
        arr[coords] = src
    return self


def put_(self, index, source, accumulate=False):
    _put(self, index, source, accumulate)
    self._bump_version()
    return self


def put(input, index, source, accumulate=False):
    return _put(contiguous_copy(input), index, source, accumulate)


# ---- gather / scatter ----------------------------------------------------------------------

def _nonempty_dim(t):
    return max(len(t._shape), 1)


def _size_at(t, d):
    return t._shape[d] if t._shape else 1


def gather(input, dim, index, *, sparse_grad=False, out=None):
    require_tensor(index, "gather", "index", 3)
    d = wrap_dim(dim, input.dim())
    if index.numel():
        # PyTorch skips every index check when the index is empty
        if index._dtype not in _INDEX_DTYPES:
            raise RuntimeError("gather(): Expected dtype int32/int64 for index")
        if _nonempty_dim(input) != _nonempty_dim(index):
            raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
        for k in range(_nonempty_dim(input)):
            if k != d and _size_at(index, k) > _size_at(input, k):
                raise RuntimeError(
                    f"Size does not match at dimension {k} expected index {list(index._shape)} to be "
                    f"no larger than self {list(input._shape)} apart from dimension {d}")
    idx = _at_least_1d(_index_values(index))
    size = _size_at(input, d)
    bad = _first_out_of_range(idx, size, negative_ok=False)
    if bad is not None:
        raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size {size}")
    if out is not None and out._dtype is not input._dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_NAMES[input._dtype.name]}, but "
                           f"got {_CPP_NAMES[out._dtype.name]} instead")
    if idx.size == 0:
        res = np.empty(index._shape, dtype=input._dtype.np)
    else:
        arr = _at_least_1d(input.numpy_view())
        # only the leading part of the other dims is read (index may be smaller there)
        arr = arr[tuple(slice(None) if k == d else slice(0, s) for k, s in enumerate(idx.shape))]
        res = take_along(arr, idx.astype(np.int64, copy=False), d).reshape(index._shape)
    return _finish_out(_wrap(res, input._dtype), out, "")


# The C++ type names PyTorch's gather out= message uses.
_CPP_NAMES = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char", "int16": "short int",
              "int32": "int", "int64": "long int", "float16": "c10::Half", "float32": "float",
              "float64": "double"}


def _scatter_check(self, d, index, src):
    """Validate a scatter of `src` (a tensor, or None for a scalar) along d; returns the index
    values or None when the index is empty (then PyTorch checks nothing about it)."""
    if index.numel() and index._dtype not in _INDEX_DTYPES:
        raise RuntimeError("scatter(): Expected dtype int32/int64 for index")
    if isinstance(src, TensorBase) and src._dtype is not self._dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if index.numel() == 0:
        return None
    if _nonempty_dim(self) != _nonempty_dim(index):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    if isinstance(src, TensorBase):
        if _nonempty_dim(src) != _nonempty_dim(index):
            raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
        too_big = any(_size_at(index, k) > _size_at(src, k) or
                      (k != d and _size_at(index, k) > _size_at(self, k))
                      for k in range(_nonempty_dim(self)))
        if too_big:
            raise RuntimeError(
                f"Expected index {list(index._shape)} to be no larger than self {list(self._shape)} "
                f"apart from dimension {d} and to be no larger size than src {list(src._shape)}")
    else:
        for k in range(_nonempty_dim(self)):
            if k != d and _size_at(index, k) > _size_at(self, k):
                raise RuntimeError(
                    f"Expected index {list(index._shape)} to be no larger than self "
                    f"{list(self._shape)} apart from dimension {d}")
    idx = _at_least_1d(_index_values(index))
    size = _size_at(self, d)
    bad = _first_out_of_range(idx, size, negative_ok=False)
    if bad is not None:
        raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size {size}")
    return idx


def _scatter_into(self, d, idx, src, reduce):
    """self[... idx[i,j,k] along d ...] (=, +=, *=) src[i,j,k]; `idx` already validated."""
    arr = _at_least_1d(self.numpy_view())
    coords = list(np.indices(idx.shape, sparse=True))
    coords[d] = idx
    coords = tuple(coords)
    if isinstance(src, TensorBase):
        values = _at_least_1d(_src_array(src, self))
        values = values[tuple(slice(0, s) for s in idx.shape)]
    else:
        values = _scalar_array(src, self._dtype)
    if reduce is None:
        arr[coords] = values          # duplicates: the last write wins
    elif reduce == "add":
        np.add.at(arr, coords, values)
    else:
        np.multiply.at(arr, coords, values)


def _scatter_args(src, value):
    """The tensor src, or the scalar value, of a scatter call. As in PyTorch, a number in src's
    place means value=number, and value=<0-d tensor> means its item."""
    if isinstance(src, TensorBase):
        return src
    if src is not None:
        value = src
    if value is None:
        raise TypeError(
            "scatter() received an invalid combination of arguments - got (Tensor, int, Tensor), "
            "but expected one of:\n * (Tensor input, int dim, Tensor index, Tensor src, *, "
            "str reduce = None)\n * (Tensor input, int dim, Tensor index, Number value, *, "
            "str reduce = None)")
    if isinstance(value, TensorBase):
        if value.dim() != 0:
            raise RuntimeError(f"scatter(): value must be a number or a 0-dim tensor, got a tensor "
                               f"with {value.dim()} dimension(s)")
        value = value.item()
    return value


def _scatter(self, dim, index, src, value, reduce):
    """The shared body of scatter and scatter_ (writes into self)."""
    require_tensor(index, "scatter", "index", 3)
    src = _scatter_args(src, value)
    if reduce is not None and reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    if reduce is not None and isinstance(src, TensorBase):
        warnings.warn("The reduce argument of torch.scatter with Tensor src is deprecated and will "
                      "be removed in a future PyTorch release. Use torch.scatter_reduce instead for "
                      "more reduction options.", UserWarning, stacklevel=3)
    d = wrap_dim(dim, self.dim())
    if not isinstance(src, TensorBase):
        src = _check_scalar(src, self._dtype)
    idx = _scatter_check(self, d, index, src)
    if idx is not None:
        _scatter_into(self, d, idx, src, reduce)
    return self


def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
    _scatter(self, dim, index, src, value, reduce)
    self._bump_version()
    return self


def scatter(input, dim, index, src=None, value=None, *, reduce=None):
    return _scatter(contiguous_copy(input), dim, index, src, value, reduce)


def _scatter_add(self, dim, index, src):
    require_tensor(index, "scatter_add", "index", 3)
    require_tensor(src, "scatter_add", "src", 4)
    d = wrap_dim(dim, self.dim())
    idx = _scatter_check(self, d, index, src)
    if idx is not None:
        _scatter_into(self, d, idx, src, "add")
    return self


def scatter_add_(self, dim, index, src):
    _scatter_add(self, dim, index, src)
    self._bump_version()
    return self


def scatter_add(input, dim, index, src):
    return _scatter_add(contiguous_copy(input), dim, index, src)


# ---- index_fill / index_add / index_copy ---------------------------------------------------

def _along(arr, d, idx):
    """The numpy index that picks positions `idx` along dim d of `arr`."""
    return tuple(idx if k == d else slice(None) for k in range(arr.ndim))


def _index_fill(self, dim, index, value):
    if isinstance(value, TensorBase):
        if value.dim() != 0:
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value.dim()} dimension(s).")
        value = value.item()
    require_tensor(index, "index_fill_", "index", 2)
    if index._dtype is not _dtype.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    d = wrap_dim(dim, self.dim())
    if index.dim() > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    value = _check_scalar(value, self._dtype)
    idx = _index_values(index).reshape(-1)
    size = _size_at(self, d)
    bad = _first_out_of_range(idx, size, negative_ok=True)
    if bad is not None:
        raise IndexError(f"index {bad} is out of bounds for dimension {d} with size {size}")
    arr = _at_least_1d(self.numpy_view())
    arr[_along(arr, d, idx)] = _scalar_array(value, self._dtype)
    return self


def index_fill_(self, dim, index, value):
    _index_fill(self, dim, index, value)
    self._bump_version()
    return self


def index_fill(input, dim, index, value):
    return _index_fill(contiguous_copy(input), dim, index, value)


def _index_add(self, dim, index, source, alpha):
    require_tensor(index, "index_add_", "index", 2)
    require_tensor(source, "index_add_", "source", 3)
    d = wrap_dim(dim, self.dim())
    if index.dim() > 1:
        raise IndexError(f"index_add_(): Index is supposed to be a vector, but got dim: {index.dim()} "
                         f"with type: {index._dtype.legacy_name} and size: {list(index._shape)}")
    if index._dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"index_add_(): Expected dtype int32/int64 for index but got: "
                           f"{index._dtype.legacy_name}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"index_add_(): self ({self._dtype.legacy_name}) and source "
                           f"({source._dtype.legacy_name}) must have the same scalar type")
    if not (d == 0 or d < source.dim()):
        raise RuntimeError(f"index_add_(): Indexing dim {d} is out of bounds of the source tensor "
                           f"with dim {source.dim()}")
    n_src = _size_at(source, d)
    if index.numel() != n_src:
        raise RuntimeError(f"index_add_(): Number of indices ({index.numel()}) should be equal to "
                           f"source.size(dim): ({n_src}), for dim: {d}")
    self_rest, src_rest = list(self._shape), list(source._shape)
    if self_rest and src_rest:
        del self_rest[d], src_rest[d]
    if self_rest != src_rest:
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the "
                           f"specified dimension. Got self.shape = {list(self._shape)} source.shape = "
                           f"{list(source._shape)}")
    idx = _index_values(index).reshape(-1)
    size = _size_at(self, d)
    bad = _first_out_of_range(idx, size, negative_ok=False)
    if bad is not None:
        raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size {size}")
    arr = _at_least_1d(self.numpy_view())
    src = _at_least_1d(_src_array(source, self))
    if alpha != 1:
        # alpha is cast to self's dtype first, as PyTorch does (1.5 -> 1 for integers)
        src = src * _scalar_array(_check_scalar(alpha, self._dtype), self._dtype)
    np.add.at(arr, _along(arr, d, idx), src.astype(arr.dtype, copy=False))   # repeats accumulate
    return self


def index_add_(self, dim, index, source, *, alpha=1):
    _index_add(self, dim, index, source, alpha)
    self._bump_version()
    return self


def index_add(input, dim, index, source, *, alpha=1, out=None):
    res = _index_add(contiguous_copy(input), dim, index, source, alpha)
    return _finish_out(res, out, "index_add(): self and result must have the same scalar type")


def _index_copy(self, dim, index, source):
    require_tensor(index, "index_copy_", "index", 2)
    require_tensor(source, "index_copy_", "source", 3)
    d = wrap_dim(dim, self.dim())
    if index.dim() >= 2:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {index.dim()})")
    n = index.numel()
    if source.dim() == 0 and n != 1:
        raise IndexError(f"index_copy_(): When source is scalar, index should have one element "
                         f"(got {n})")
    if source.dim() != self.dim() and source.dim() != 0 and self.dim() != 0:
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their "
                         f"dimensionality must match. Source dimensionality ({source.dim()}), "
                         f"destination dimensionality ({self.dim()})")
    if index._dtype is not _dtype.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got "
                           f"{index._dtype.legacy_name}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got "
                           f"(self) {self._dtype.legacy_name} and (source) {source._dtype.legacy_name}")
    self_rest, src_rest = list(self._shape), list(source._shape)
    if self_rest:
        del self_rest[d]
    if src_rest:
        del src_rest[d]
    if self_rest != src_rest:
        raise RuntimeError(
            f"index_copy_(): Source/destination tensor must have same slice shapes. Destination "
            f"slice shape: {' '.join(map(str, self_rest))} at dimension {d} and source slice shape: "
            f"{' '.join(map(str, src_rest))} at dimension 0.")
    if source.dim() and n != source._shape[d]:
        raise IndexError(f"index_copy_(): Number of indices ({n}) should be equal to "
                         f"source.size(dim) ({source._shape[d]})")
    idx = _index_values(index).reshape(-1)
    size = _size_at(self, d)
    bad = _first_out_of_range(idx, size, negative_ok=False)
    if bad is not None:
        raise IndexError(f"index_copy_(): index {bad} is out of bounds for dimension {d} with size {size}")
    arr = _at_least_1d(self.numpy_view())
    src = _src_array(source, self)
    target = list(arr.shape)
    target[d] = len(idx)
    arr[_along(arr, d, idx)] = src.reshape(target)      # repeated indices: the last write wins
    return self


def index_copy_(self, dim, index, source):
    _index_copy(self, dim, index, source)
    self._bump_version()
    return self


def index_copy(input, dim, index, source):
    return _index_copy(contiguous_copy(input), dim, index, source)


# ---- masked_scatter ------------------------------------------------------------------------

def _masked_scatter_check(self_shape, self_dtype, mask, source):
    require_tensor(mask, "masked_scatter_", "mask", 1)
    require_tensor(source, "masked_scatter_", "source", 2)
    if mask._dtype is not _dtype.bool_:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{mask._dtype.legacy_name}")
    if source._dtype is not self_dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"
                           f"{self_dtype.legacy_name} and {source._dtype.legacy_name}")


def _masked_scatter_into(self, mask, source):
    """Fill self where mask (already expanded to self's shape) is True from source, in order."""
    m = mask.numpy_view()
    count = int(np.count_nonzero(m))
    if source.numel() < count:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    src = _src_array(source, self).reshape(-1)[:count]
    self.numpy_view()[m] = src
    return self


def masked_scatter_(self, mask, source):
    _masked_scatter_check(self._shape, self._dtype, mask, source)
    if mask.dim() > self.dim():
        raise RuntimeError(
            f"expand(CPUBoolType{{{list(mask._shape)}}}, size={list(self._shape)}): the number of "
            f"sizes provided ({self.dim()}) must be greater or equal to the number of dimensions in "
            f"the tensor ({mask.dim()})")
    _masked_scatter_into(self, _expand(mask, self._shape), source)
    self._bump_version()
    return self


def masked_scatter(input, mask, source):
    _masked_scatter_check(input._shape, input._dtype, mask, source)
    shape = _broadcast_pair(mask._shape, input._shape)
    res = contiguous_copy(_expand(input, shape))
    return _masked_scatter_into(res, _expand(mask, shape), source)


# ---- registration --------------------------------------------------------------------------

for _name, _fn in [("index_select", index_select), ("masked_select", masked_select),
                   ("nonzero", nonzero), ("argwhere", argwhere), ("gather", gather),
                   ("scatter", scatter), ("scatter_add", scatter_add), ("take", take),
                   ("index_fill", index_fill), ("index_add", index_add),
                   ("index_copy", index_copy), ("masked_scatter", masked_scatter), ("put", put)]:
    def_op(_name, _fn)
for _name, _fn in [("scatter_", scatter_), ("scatter_add_", scatter_add_),
                   ("index_fill_", index_fill_), ("index_add_", index_add_),
                   ("index_copy_", index_copy_), ("masked_scatter_", masked_scatter_),
                   ("put_", put_)]:
    def_op(_name, _fn, function=False)
