"""Conversion, filling and the ternary elementwise ops (where, clamp, lerp, addcmul, addcdiv)."""
import numpy as np

from . import _dtype
from ._device import device as Device
from ._checks import check_fill_value, not_implemented, require_tensor
from ._dispatch import call
from ._elementwise import (copy_into, result_type_many, contiguous_copy, check_can_cast,
                           resize_out, check_out_aliasing)
from ._joins import cpp_name
from ._numpy_bridge import from_result
from ._memory_format import keeps_layout, moved_in
from ._registry import def_op
from ._tensor import TensorBase, _broadcast_pair
from ._views import copy_as


def _parse_to(args, kwargs):
    dev = kwargs.get("device")
    dt = kwargs.get("dtype")
    for a in args:
        if isinstance(a, TensorBase):
            dev, dt = a.device, a.dtype
        elif isinstance(a, (str, Device)) and not (isinstance(a, str) and a.startswith("torch.")):
            dev = a
        elif isinstance(a, int) and not isinstance(a, bool):
            dev = Device("cuda", a)
        elif a is not None:
            dt = a
    return dev, dt


def to(self, *args, non_blocking=False, copy=False, memory_format=None, **kwargs):
    dev, dt = _parse_to(args, kwargs)
    dt = self.dtype if dt is None else _dtype.to_dtype(dt)
    dev = self.device if dev is None else (dev if isinstance(dev, Device) else Device(dev))
    if dev.type != self.device.type:
        # Crossing devices is the backends' business: cpu -> cuda is registered by torchlike_cuda.
        return moved_in(call("_to_device", (self, dev, dt), None), memory_format)
    if dt is self.dtype and not copy and keeps_layout(self, memory_format):
        return self
    return copy_as(self, memory_format, "to", dt)


def _to_device(self, dev, dt):
    raise RuntimeError(f"Cannot move a {self.device.type} tensor to '{dev}': that device's "
                       "backend is not available (see torchlike.cuda.is_available()).")


def_op("to", to, function=False)
def_op("_to_device", _to_device, function=False, method=False)

for _d in _dtype.all_dtypes():
    def _conv(self, memory_format=None, _d=_d):
        return call("to", (self, _d), None)
    def_op(_d.short_name, _conv, function=False)
def_op("bool", lambda self, memory_format=None: call("to", (self, _dtype.bool_), None), function=False)


def copy_(self, src, non_blocking=False):
    if not isinstance(src, TensorBase):
        raise TypeError(f"copy_(): argument 'other' must be Tensor, not {type(src).__name__}")
    if src.device.type != self.device.type:
        src = call("to", (src, self.device), None)
    check_out_aliasing(self, src)         # Note [Output aliasing]
    return copy_into(self, src)


def fill_(self, value):
    if isinstance(value, TensorBase):
        if value.dim() != 0:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value.dim()} dimensions.")
        return copy_into(self, value.item())        # a tensor's value is cast unchecked
    return copy_into(self, check_fill_value(value, self._dtype))


def zero_(self):
    return copy_into(self, 0)


def_op("copy_", copy_, function=False)
def_op("fill_", fill_, function=False)
def_op("zero_", zero_, function=False)


def _as_np(x, dt):
    if isinstance(x, TensorBase):
        arr = x.numpy_view()
        return arr if arr.dtype == dt.np else arr.astype(dt.np)
    if dt.is_floating_point or isinstance(x, float):
        return np.asarray(x, dtype=np.float64).astype(dt.np)
    return np.asarray(x).astype(np.int64).astype(dt.np)     # Python ints wrap like a C cast


def _shape(x):
    return x._shape if isinstance(x, TensorBase) else ()


def _finish(result, dt, shape, out, inputs):
    """Wrap a numpy result, or write it into out= (resizing as PyTorch does)."""
    result = np.asarray(result)
    if result.shape != shape:       # np.broadcast_to is slow for the common, matching case
        result = np.broadcast_to(result, shape)
    res = from_result(result, dt.np)
    if out is None:
        return res
    check_can_cast(dt, out.dtype)
    if out._shape != shape:
        resize_out(out, shape)
    check_out_aliasing(out, *inputs)        # Note [Output aliasing], as PyTorch
    return copy_into(out, res)


def _inplace(fn):
    """self.fn_(...): fn's result written back into self, which must keep its shape and be
    able to hold the result's dtype."""
    def inplace(self, *args, **kwargs):
        r = fn(self, *args, **kwargs)
        if r._shape != self._shape:
            raise RuntimeError(f"output with shape {list(self._shape)} doesn't match the "
                               f"broadcast shape {list(r._shape)}")
        check_can_cast(r.dtype, self.dtype)
        check_out_aliasing(self, *[a for a in args if isinstance(a, TensorBase)])
        return copy_into(self, r)
    return inplace


def where(condition, input=None, other=None, *, out=None):
    if input is None and other is None:
        return call("nonzero", (condition,), {"as_tuple": True})
    require_tensor(condition, "where", "condition", 1)
    if condition.dtype is not _dtype.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {condition.dtype.legacy_name}")
    dt = result_type_many(input, other)
    shape = _broadcast_pair(_broadcast_pair(condition._shape, _shape(input)), _shape(other))
    r = np.where(condition.numpy_view(), _as_np(input, dt), _as_np(other, dt))
    return _finish(r, dt, shape, out, (condition, input, other))


def_op("where", where)


def clamp(input, min=None, max=None, *, out=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    dt = result_type_many(input, min, max)
    if dt is _dtype.bool_ and min is not None and max is not None:
        raise NotImplementedError("\"clamp_cpu\" not implemented for 'Bool'")
    x = _as_np(input, dt)
    shape = input._shape
    # np.maximum/np.minimum propagate NaN from either side, as torch.clamp does
    if min is not None:
        x = np.maximum(x, _as_np(min, dt))
        shape = _broadcast_pair(shape, _shape(min))
    if max is not None:
        x = np.minimum(x, _as_np(max, dt))
        shape = _broadcast_pair(shape, _shape(max))
    return _finish(x, dt, shape, out, (input, min, max))


def_op("clamp", clamp, aliases=("clip",))
def_op("clamp_", _inplace(clamp), function=False, aliases=("clip_",))
def_op("clamp_min", lambda input, min, *, out=None: clamp(input, min=min, out=out))
def_op("clamp_max", lambda input, max, *, out=None: clamp(input, max=max, out=out))
def_op("clamp_min_", _inplace(lambda self, min: clamp(self, min=min)), function=False)
def_op("clamp_max_", _inplace(lambda self, max: clamp(self, max=max)), function=False)

# PyTorch names C types in lerp's dtype errors
_C_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int",
            "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "bool": "bool"}


def check_lerp(input, end, weight):
    """PyTorch's dtype checks of lerp (the cuda backend makes them too)."""
    dt = input.dtype
    if isinstance(end, TensorBase) and end.dtype is not dt:
        raise RuntimeError(f"expected dtype {_C_NAMES[dt.name]} for `end` but got dtype "
                           f"{_C_NAMES[end.dtype.name]}")
    tensor_weight = isinstance(weight, TensorBase)
    if tensor_weight and weight.dim() and weight.dtype is not dt:
        raise RuntimeError(f"expected dtype {_C_NAMES[dt.name]} for `weight` but got dtype "
                           f"{_C_NAMES[weight.dtype.name]}")
    if not dt.is_floating_point:
        kernel = "lerp_kernel_tensor" if tensor_weight else "lerp_kernel_scalar"
        raise not_implemented(kernel, dt)


def lerp(input, end, weight, *, out=None):
    check_lerp(input, end, weight)
    dt = input.dtype
    a, b, w = _as_np(input, dt), _as_np(end, dt), _as_np(weight, dt)
    # PyTorch's formula: exact at both ends (`end` itself at weight 1)
    r = np.where(np.abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w))
    shape = _broadcast_pair(_broadcast_pair(input._shape, _shape(end)), _shape(weight))
    return _finish(r, dt, shape, out, (input, end, weight))


_ADDCDIV_INT = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
    "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be "
    "implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
    "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
    "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
    "for all dtypes.")


def check_addc(divide, input, tensor1, tensor2):
    """The result dtype of addcmul / addcdiv (divide) after PyTorch's checks (the cuda
    backend makes them too)."""
    dt = result_type_many(input, tensor1, tensor2)
    if divide and not (tensor1.is_floating_point() or tensor2.is_floating_point()):
        raise RuntimeError(_ADDCDIV_INT)
    if dt is _dtype.bool_:
        raise NotImplementedError("\"addcmul_cpu_out\" not implemented for 'Bool'")
    return dt


def _addc(op):
    def fn(input, tensor1, tensor2, *, value=1, out=None):
        dt = check_addc(op is np.divide, input, tensor1, tensor2)
        with np.errstate(all="ignore"):
            r = _as_np(input, dt) + _as_np(value, dt) * op(_as_np(tensor1, dt), _as_np(tensor2, dt))
        shape = _broadcast_pair(_broadcast_pair(input._shape, _shape(tensor1)), _shape(tensor2))
        return _finish(r, dt, shape, out, (input, tensor1, tensor2))
    return fn


addcmul = _addc(np.multiply)
addcdiv = _addc(np.divide)

for _name, _fn in [("lerp", lerp), ("addcmul", addcmul), ("addcdiv", addcdiv)]:
    def_op(_name, _fn)
    def_op(_name + "_", _inplace(_fn), function=False)


def_op("masked_fill_", lambda self, mask, value: _masked_fill_(self, mask, value), function=False)
def_op("masked_fill", lambda self, mask, value: _masked_fill_(contiguous_copy(self), mask, value))


def _masked_fill_(self, mask, value):
    if not isinstance(mask, TensorBase) or mask.dtype is not _dtype.bool_:
        got = cpp_name(mask.dtype) if isinstance(mask, TensorBase) else type(mask).__name__
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype {got}")
    if isinstance(value, TensorBase):
        if value.dim() != 0:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value.dim()} dimension(s).")
        value = value.item()
    value = check_fill_value(value, self._dtype)
    if _broadcast_pair(self._shape, mask._shape) != self._shape:
        raise RuntimeError(f"The size of tensor a ({self._shape[-1] if self._shape else 1}) must "
                           f"match the size of tensor b ({mask._shape[-1]}) at non-singleton "
                           "dimension 0")
    arr = self.numpy_view()
    np.copyto(arr, np.asarray(value).astype(arr.dtype), where=np.broadcast_to(mask.numpy_view(), arr.shape))
    self._bump_version()
    return self
