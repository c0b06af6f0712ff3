"""Zero-copy exchange with numpy, and conversion of Python data to tensors."""
import numbers

import numpy as np

from . import _dtype, _tensor
from ._storage_wrap import from_numpy  # noqa: F401  (re-exported: torch.from_numpy)


def from_result(result, dtype=None):
    """A tensor holding a numpy result (an array or a numpy scalar), shape kept (0-d stays
    0-d, unlike np.ascontiguousarray), cast to `dtype` (a numpy dtype) if given. It takes
    over the result's memory when that is a contiguous array of its own; otherwise copies."""
    arr = np.asarray(result)
    if dtype is not None and arr.dtype != dtype:
        arr = arr.astype(dtype, order="C")
    elif not (arr.flags.c_contiguous and arr.flags.owndata and arr.flags.writeable):
        arr = arr.copy()
    t = from_numpy(arr)
    if arr.size == 0:       # numpy gives empty arrays 0 strides; a new tensor is contiguous
        _tensor._set_meta(t, t._shape, _tensor._contiguous_strides(t._shape), 0)
    return t


def from_fresh(result, dt):
    """A tensor of dtype `dt` over a numpy result that the caller made and owns (never a
    view of a tensor's memory), without copying it when it is C-contiguous and writeable:
    unlike from_result, a view of a fresh array (a reshape) is taken over too."""
    arr = np.asarray(result)
    if arr.ndim == 0:           # cheaper than from_numpy for the common 0-d result
        t = _tensor._empty((), dt)
        t.numpy_view()[()] = arr
        return t
    arr = np.asarray(arr, dtype=dt.np)
    if not (arr.flags.c_contiguous and arr.flags.writeable):
        arr = np.array(arr, order="C")
    return from_numpy(arr)


def _is_sequence(x):
    # a bytearray is a sequence of ints to PyTorch (bytes is refused, as str)
    return (isinstance(x, (list, tuple, range, bytearray))
            or (isinstance(x, np.ndarray) and x.ndim > 0))


def _walk(data):
    """The shape of nested Python data and its leaves in order, level by level (no
    recursion); PyTorch's errors for ragged data."""
    shape = []
    level = [data]
    while level and _is_sequence(level[0]):
        n, dim = len(level[0]), len(shape)
        nxt = []
        for x in level:
            if not _is_sequence(x):
                if isinstance(x, str):
                    raise ValueError("too many dimensions 'str'")
                raise TypeError("not a sequence")
            if len(x) != n:
                raise ValueError(f"expected sequence of length {n} at dim {dim} (got {len(x)})")
            nxt.extend(x)
        shape.append(n)
        level = nxt
    return tuple(shape), level


_PY_SCALARS = {bool, int, float}


def _leaf_dtype(x):
    """The dtype a leaf of Python data asks for (Python floats: the default dtype)."""
    if isinstance(x, (bool, np.bool_)):
        return _dtype.bool_
    if isinstance(x, _tensor.TensorBase):
        return x.dtype
    if isinstance(x, np.generic):
        return _dtype.from_numpy_dtype(x.dtype)
    if isinstance(x, numbers.Integral):
        return _dtype.int64
    if isinstance(x, numbers.Real):
        return _dtype.get_default_dtype()
    if _is_sequence(x):
        raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer")
    if isinstance(x, str):
        raise ValueError("too many dimensions 'str'")
    raise RuntimeError(f"Could not infer dtype of {type(x).__name__}")


def _leaf_value(x):
    if isinstance(x, _tensor.TensorBase):
        if x.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return x.item()
    return x.item() if isinstance(x, np.generic) else x


def _check_range(arr, dt):
    """PyTorch refuses Python numbers that overflow an integer dtype (an unsigned type also
    takes negatives down to -max, which wrap)."""
    if not arr.size or dt.category != 1:
        return
    info = np.iinfo(dt.np)
    lo = -info.max if info.min == 0 else info.min
    with np.errstate(invalid="ignore"):
        bad = not (arr.min() >= lo and arr.max() <= info.max) if arr.dtype.kind == "f" else \
            (int(arr.min()) < lo or int(arr.max()) > info.max)
    if bad:
        raise RuntimeError(f"value cannot be converted to type {dt.name} without overflow")


def array_from_data(data, dtype=None):
    """A numpy array (a fresh copy) holding `data` with torch.tensor's dtype rules."""
    if isinstance(data, _tensor.TensorBase):
        dt = data.dtype if dtype is None else _dtype.to_dtype(dtype)
        return np.array(data.numpy_view(), dtype=dt.np), dt
    if isinstance(data, np.ndarray):
        dt = _dtype.from_numpy_dtype(data.dtype) if dtype is None else _dtype.to_dtype(dtype)
        return np.array(data, dtype=dt.np), dt
    if isinstance(data, np.generic):
        dt = _dtype.from_numpy_dtype(data.dtype) if dtype is None else _dtype.to_dtype(dtype)
        return np.array(data, dtype=dt.np), dt
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    shape, leaves = _walk(data)
    types = set(map(type, leaves))
    if types <= _PY_SCALARS:
        # plain Python numbers: numpy converts them at C speed
        inferred = _dtype.get_default_dtype() if float in types else \
            _dtype.int64 if int in types else _dtype.bool_ if bool in types else \
            _dtype.get_default_dtype()
        work = np.float64 if float in types else np.int64 if int in types else np.bool_
        try:
            arr = np.array(leaves, dtype=work)
        except OverflowError:
            raise ValueError("Overflow when unpacking long long") from None
    else:
        inferred = None
        for x in leaves:
            d = _leaf_dtype(x)
            inferred = d if inferred is None else _dtype.promote_types(inferred, d)
        vals = [_leaf_value(x) for x in leaves]
        arr = np.array(vals, dtype=np.float64 if inferred.is_floating_point else
                       np.int64 if inferred.category == 1 else np.bool_)
    dt = inferred if dtype is None else _dtype.to_dtype(dtype)
    _check_range(arr, dt)
    with np.errstate(all="ignore"):
        if dt.is_floating_point or arr.dtype.kind != "f":
            out = arr.astype(dt.np)
        else:
            out = arr.astype(np.int64).astype(dt.np)     # float -> int truncates, then wraps
    return out.reshape(shape), dt
