"""Creation functions: tensor, zeros, ones, full, empty, arange, linspace, eye, *_like, new_*."""
import math
import warnings

import numpy as np

from . import _dtype
from ._device import as_device
from ._checks import check_fill_value
from ._dispatch import call, lookup
from ._numpy_bridge import array_from_data, from_numpy, from_result
from ._registry import FUNCTIONS
from ._storage import zeroed_storage
from ._tensor import TensorBase, _empty, _make_tensor, _contiguous_strides, _set_meta
from ._memory_format import copy_strides
from ._views import _shape_arg
from ._elementwise import copy_into, resize_out


def _finish(t, dtype=None, device=None, requires_grad=False):
    """Move to `device` when it is not the cpu, then set requires_grad."""
    if device is not None:
        dev = as_device(device)
        if dev.type != "cpu":
            t = call("to", (t, dev), None)
    if requires_grad:
        if not t._dtype.is_floating_point:      # the factories' wording, not requires_grad_'s
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        t.requires_grad_(True)
    return t


def _dt(dtype):
    return _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype)


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """torch.tensor: always copies `data`."""
    if isinstance(data, TensorBase):
        warnings.warn("To copy construct from a tensor, it is recommended to use "
                      "sourceTensor.detach().clone() or sourceTensor.detach().clone()."
                      "requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
    arr, dt = array_from_data(data, dtype)
    # a numpy input keeps numpy's strides for empty arrays, as in PyTorch
    t = from_numpy(arr) if isinstance(data, np.ndarray) else from_result(arr)
    return _finish(t, device=device, requires_grad=requires_grad)


def as_tensor(data, dtype=None, device=None):
    """torch.as_tensor: shares memory with tensors, numpy arrays (and other objects with
    `__array_interface__`) and DLPack producers such as torch tensors, then converts to
    `dtype`/`device` where they differ (a copy, recorded by autograd for tensors); any other
    data is copied, as torch.tensor does. As PyTorch, a numpy array is wrapped first, so its
    layout errors (negative strides, byte order) are raised whatever `dtype` asks for."""
    t = _shared_source(data, dtype)
    if t is None:
        return tensor(data, dtype=dtype, device=device)
    if dtype is not None and _dtype.to_dtype(dtype) is not t.dtype:
        t = call("to", (t, _dtype.to_dtype(dtype)), None)
    elif isinstance(data, np.ndarray) and not data.flags.writeable:
        warnings.warn("The given NumPy array is not writable, and torchlike does not support "
                      "non-writable tensors. This means writing to this tensor will result in "
                      "undefined behavior. You may want to copy the array to protect its data "
                      "or make it writable before converting it to a tensor.",
                      UserWarning, stacklevel=2)
    return _finish(t, device=device)


_NUMPY_DTYPES = frozenset(d.np for d in _dtype.all_dtypes())


def _shared_source(data, dtype):
    """A tensor over `data`'s own memory, or None when data must be copied (Python data,
    numpy scalars, numpy arrays of dtypes we do not have, converted to a `dtype` we do)."""
    if isinstance(data, TensorBase):
        return data
    if isinstance(data, (np.generic, type)):
        return None
    if isinstance(data, np.ndarray) or (hasattr(data, "__array_interface__")
                                        and not hasattr(data, "__dlpack__")):
        arr = np.asarray(data)
        if dtype is not None and arr.dtype not in _NUMPY_DTYPES:
            return None
        return from_numpy(arr)
    if hasattr(data, "__dlpack__"):
        from ._interop import from_dlpack
        return from_dlpack(data)
    return None


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    if copy:
        return tensor(obj, dtype=dtype, device=device, requires_grad=requires_grad)
    t = as_tensor(obj, dtype=dtype, device=device)
    return t.requires_grad_(True) if requires_grad else t


def _always_fits(fill):
    """zeros/ones/empty's fills, which every dtype holds: no check needed."""
    return fill is None or (type(fill) is int and fill in (0, 1))


def _new(shape, dtype, fill, name=None, device=None):
    dt = _dt(dtype)
    if not _always_fits(fill):
        fill = check_fill_value(fill, dt)
    shape = _shape_arg(shape)
    for s in shape:
        if s < 0:
            if name == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
    if math.prod(shape) * dt.itemsize >= 2 ** 63:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)}")
    if device is not None:
        on_device = _made_on(device, shape, dt, fill)
        if on_device is not None:
            return on_device
    if fill == 0 and (type(fill) is int or math.copysign(1, fill) > 0):    # not -0.0
        n = math.prod(shape)
        return _make_tensor(zeroed_storage(n * dt.itemsize), shape, _contiguous_strides(shape), 0, dt)
    t = _empty(shape, dt)
    if fill is not None:
        _fill_new(t, fill)
    return t


def _device_factory(device, name):
    """The kernel `name` with which a non-cpu `device`'s backend makes a new tensor itself
    (no host buffer, no copy), or None for the cpu or a backend without one (then _finish
    moves the host tensor, or raises why it cannot)."""
    if device is None:
        return None
    dev = as_device(device)
    return None if dev.type == "cpu" else lookup(name, dev.type)


def _made_on(device, shape, dt, fill):
    make = _device_factory(device, "_filled_on_device")
    return None if make is None else make(shape, dt, as_device(device), fill)


def _fill_new(t, value):
    copy_into(t, value)
    t._storage.version = 0      # a new tensor starts at version 0, as in PyTorch


def filled(shape, dt, value):
    """A new contiguous tensor of `value`; for internal callers whose shape and dtype are
    already valid (the autograd seed), so no argument parsing."""
    t = _empty(shape, dt)
    t.numpy_view().fill(value)      # a plain write: the new tensor stays at version 0
    return t


def _into_out(t, out):
    """A factory's out=: resized to the result's shape, then written. PyTorch's factories
    resize out= silently (no "output with one or more elements was resized" warning)."""
    if out._shape != t._shape:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            resize_out(out, t._shape)
    return call("copy_", (out, t), None)


def _factory(fill, name):
    def make(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False, memory_format=None):
        t = _new(size, dtype, fill, name, device if out is None else None)
        if out is not None:
            return _into_out(t, out)
        return _finish(t, device=device, requires_grad=requires_grad)
    return make


zeros = _factory(0, "zeros")
ones = _factory(1, "ones")
empty = _factory(None, "empty")


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False):
    if dtype is None:       # as PyTorch: out='s dtype, else the fill value's
        dtype = out.dtype if out is not None else _dtype.scalar_dtype(fill_value)
    t = _new(size, dtype, fill_value, device=device if out is None else None)
    if out is not None:
        return _into_out(t, out)
    return _finish(t, device=device, requires_grad=requires_grad)


def _like(input, fill, dtype, device, requires_grad, memory_format, like_name):
    """A new tensor shaped like input, laid out in `memory_format` (_memory_format.py)."""
    dt = input.dtype if dtype is None else _dtype.to_dtype(dtype)
    if not _always_fits(fill):
        fill = check_fill_value(fill, dt)
    if device is None and input._storage.device.type != "cpu":
        device = input._storage.device
    t = None if device is None else _made_on(device, input._shape, dt, fill)   # cpu: no lookup
    made_on_device = t is not None
    if not made_on_device:
        t = _new(input.shape, dt, None)
    strides = copy_strides(input, memory_format, like_name)
    if strides is not None:
        _set_meta(t, input._shape, strides, 0)
    if fill is not None and not made_on_device:
        _fill_new(t, fill)
    return _finish(t, device=None if made_on_device else device, requires_grad=requires_grad)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None, pin_memory=False):
    return _like(input, 0, dtype, device, requires_grad, memory_format, "zeros_like")


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None, pin_memory=False):
    return _like(input, 1, dtype, device, requires_grad, memory_format, "ones_like")


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None, pin_memory=False):
    return _like(input, None, dtype, device, requires_grad, memory_format, "empty_like")


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _like(input, fill_value, dtype, device, requires_grad, memory_format,
                 "full_like")


def _arange_count(start, end, step):
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if (step > 0 and start > end) or (step < 0 and start < end):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    return max(math.ceil((end - start) / step), 0)


def arange(start, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,
           requires_grad=False):
    if end is None:
        start, end = 0, start
    vals = [v.item() if isinstance(v, TensorBase) else v for v in (start, end, step)]
    start, end, step = vals
    if dtype is None:
        dtype = _dtype.get_default_dtype() if any(isinstance(v, float) for v in vals) else _dtype.int64
    dt = _dtype.to_dtype(dtype)
    if dt is _dtype.bool_:
        raise NotImplementedError("\"arange_cpu\" not implemented for 'Bool'")
    n = _arange_count(start, end, step)
    integral = not dt.is_floating_point and all(isinstance(v, int) for v in vals)
    make = _device_factory(device, "_arange_on_device")
    if make is not None:
        return _finish(make(start, step, n, dt, as_device(device), integral),
                       requires_grad=requires_grad)
    if dt.is_floating_point:
        arr = (start + np.arange(n, dtype=np.float64) * step).astype(dt.np)
    else:
        arr = (int(start) + np.arange(n, dtype=np.int64) * int(step)).astype(dt.np) \
            if integral else \
            (start + np.arange(n, dtype=np.float64) * step).astype(dt.np)
    return _finish(from_result(arr), device=device, requires_grad=requires_grad)


def range_(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    """Deprecated torch.range: includes `end`."""
    if end is None:
        start, end = 0, start
    n = int(math.floor((end - start) / step)) + 1
    dt = _dt(dtype)
    arr = (start + np.arange(n, dtype=np.float64) * step).astype(dt.np)
    return _finish(from_result(arr), device=device, requires_grad=requires_grad)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dt = _dt(dtype)
    if not dt.is_floating_point:      # PyTorch casts the ends first, then steps between them
        start, end = int(start), int(end)
    if steps > 1:
        # PyTorch fills the second half backwards from `end`, so the last value is exact.
        step = (float(end) - float(start)) / (steps - 1)
        half = steps // 2
        idx = np.arange(steps, dtype=np.float64)
        arr = idx * step + start
        arr[half:] = end - step * (steps - 1 - idx[half:])
    else:
        arr = np.full(int(steps), float(start))
    if not dt.is_floating_point:
        arr = np.trunc(arr)
    return _finish(from_result(arr, dt.np), device=device, requires_grad=requires_grad)


def logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    dt = _dt(dtype)
    exps = linspace(start, end, steps, dtype=_dtype.float64).numpy_view()
    return _finish(from_result(base ** exps, dt.np), device=device, requires_grad=requires_grad)


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m is not None and m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    dt = _dt(dtype)
    arr = np.eye(n, n if m is None else m, dtype=dt.np)
    return _finish(from_result(arr), device=device, requires_grad=requires_grad)


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                  pin_memory=False):
    dt = _dt(dtype)
    size, stride = tuple(size), tuple(stride)
    extent = 1 + sum((n - 1) * s for n, s in zip(size, stride)) if math.prod(size) else 0
    base = _empty((extent,), dt)
    from ._tensor import _view
    t = _view(base, size, stride, 0)
    t._base = None
    return _finish(t, device=device, requires_grad=requires_grad)


def _new_method(fn):
    def method(self, *args, dtype=None, device=None, requires_grad=False, layout=None,
               pin_memory=False):
        return fn(*args, dtype=self.dtype if dtype is None else dtype,
                  device=self.device if device is None else device, requires_grad=requires_grad)
    return method


def _new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, **_):
    return tensor(data, dtype=self.dtype if dtype is None else dtype,
                  device=self.device if device is None else device, requires_grad=requires_grad)


def legacy_new(default_dtype, args, device=None, cls=None):
    """Tensor(*sizes), Tensor(list), FloatTensor(...): the constructors of old tutorials."""
    if len(args) == 1 and isinstance(args[0], TensorBase):
        return args[0]              # Tensor(t) aliases t, as in PyTorch
    from ._size import Size
    if len(args) == 1 and isinstance(args[0], (list, tuple, np.ndarray)) and \
            not isinstance(args[0], Size):
        return tensor(args[0], dtype=default_dtype, device=device)
    if len(args) == 1 and isinstance(args[0], float):
        raise TypeError("new(): data must be a sequence (got float)")
    return _finish(_new(args or (0,), default_dtype, 0), device=device)


FUNCTIONS.update(tensor=tensor, as_tensor=as_tensor, asarray=asarray, zeros=zeros, ones=ones,
                 empty=empty, full=full, zeros_like=zeros_like, ones_like=ones_like,
                 empty_like=empty_like, full_like=full_like, arange=arange, range=range_,
                 linspace=linspace, logspace=logspace, eye=eye, empty_strided=empty_strided,
                 from_numpy=from_numpy)


def _install_methods():
    from ._tensor_class import Tensor
    Tensor.new_zeros = _new_method(zeros)
    Tensor.new_ones = _new_method(ones)
    Tensor.new_empty = _new_method(empty)
    Tensor.new_full = _new_method(full)
    Tensor.new_tensor = _new_tensor


_install_methods()
