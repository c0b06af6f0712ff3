"""Zero-copy exchange with numpy, and conversion of Python data to tensors."""
import numbers

import numpy as np

from . import _dtype, _tensor
from ._storage_wrap import wrap_array_memory


def from_numpy(arr):
    """torch.from_numpy: a tensor sharing `arr`'s memory."""
    if not isinstance(arr, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(arr).__name__})")
    dt = _dtype.from_numpy_dtype(arr.dtype)
    if not arr.dtype.isnative:
        raise ValueError("given numpy array has byte order different from the native byte order. "
                         "Conversion between byte orders is currently not supported.")
    item = arr.itemsize
    if any(s < 0 for s in arr.strides):
        raise ValueError(
            "At least one stride in the given numpy array is negative, and tensors with negative "
            "strides are not currently supported. (You can probably work around this by making a "
            "copy of your array  with array.copy().) ")
    if any(s % item for s in arr.strides):
        raise ValueError("given numpy array strides not a multiple of the element byte size. "
                         "Copy the numpy array to reallocate the memory.")
    strides = tuple(s // item for s in arr.strides)
    extent = (1 + sum((n - 1) * s for n, s in zip(arr.shape, strides))) * item if arr.size else 0
    storage = wrap_array_memory(arr, extent)
    return _tensor._make_tensor(storage, tuple(arr.shape), strides, 0, dt)


def _infer_dtype(data):
    """The dtype torch.tensor() infers from nested Python data: bool < int < float."""
    kind = 0
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        elif isinstance(x, _tensor.TensorBase):
            d = x.dtype
            kind = max(kind, 0 if d is _dtype.bool_ else 2 if d.is_floating_point else 1)
        elif isinstance(x, (bool, np.bool_)):
            pass
        elif isinstance(x, numbers.Integral):
            kind = max(kind, 1)
        elif isinstance(x, numbers.Real):
            kind = 2
        else:
            raise TypeError(f"new(): invalid data type '{type(x).__name__}'")
    return (_dtype.bool_, _dtype.int64, _dtype.get_default_dtype())[kind]


def _to_nested(data):
    """Python data with tensors inside (lists of tensors) turned into numpy-friendly lists."""
    if isinstance(data, _tensor.TensorBase):
        return data.numpy_view()
    if isinstance(data, (list, tuple)):
        return [_to_nested(x) for x in data]
    return data


def array_from_data(data, dtype=None):
    """A numpy array (a fresh copy) holding `data` with torch.tensor's dtype rules."""
    if isinstance(data, _tensor.TensorBase):
        dt = data.dtype if dtype is None else _dtype.to_dtype(dtype)
        return np.array(data.numpy_view(), dtype=dt.np), dt
    if isinstance(data, np.ndarray):
        dt = _dtype.from_numpy_dtype(data.dtype) if dtype is None else _dtype.to_dtype(dtype)
        return np.array(data, dtype=dt.np), dt
    if isinstance(data, np.generic):
        data = data.item()
    if dtype is None:
        dt = _infer_dtype(data)
    else:
        dt = _dtype.to_dtype(dtype)
    nested = _to_nested(data)
    try:
        probe = np.array(nested, dtype=np.float64 if dt.is_floating_point else object)
    except ValueError as e:
        raise ValueError(f"expected sequence of equal-length lists: {e}") from None
    if probe.dtype == object:
        _check_numbers(probe)
    if dt.is_floating_point:
        return probe.astype(dt.np), dt
    # integers: go through int64 so that values wrap like a C cast, as in PyTorch
    return np.array(probe.astype(np.int64) if dt is not _dtype.bool_ else probe.astype(bool)).astype(dt.np), dt


def _check_numbers(arr):
    for x in arr.reshape(-1)[:1]:
        if not isinstance(x, (numbers.Number, np.generic)):
            raise TypeError(f"new(): invalid data type '{type(x).__name__}'")
