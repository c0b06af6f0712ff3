"""Elementwise ops on cuda tensors: dtype rules, broadcasting and the launch.

Broadcast operands become stride-0 views (Note [Broadcast views] in the core) and every
operand is passed with its own strides (Note [Strided kernels] in _codegen.py): nothing is
copied to make it contiguous. Python numbers are passed by value (kind "scalar").

Note [Mixed dtypes]: when the tensor operands of an op have different dtypes (int64 + float32,
say), each is passed with its dtype's code and loaded through a switch (tl_load_any), as
PyTorch's dynamic casting does, instead of compiling one kernel per combination of dtypes:
9 dtypes per operand would make hundreds of variants per op, each a compiler call on first
use. Operands of one dtype keep the kernel with static types.
"""
import numpy as np

from torchlike_core import _dtype
from torchlike_core._checks import check_fill_value
from torchlike_core._elementwise import result_type_many, check_can_cast
from torchlike_core._elementwise import resize_out as _core_resize_out
from torchlike_core._tensor import TensorBase, _expand, _set_meta, broadcast_shapes
from torchlike_core._memory_format import copy_strides, for_contiguous

from . import _compiler, _ops
from ._codegen import (ANY, DTYPES, Elementwise, coalesce, is_linear, compute_dtype, category,
                       FLOATS)
from ._device_tensor import empty, index_of, op_index, check_devices


def _to_name(dt):
    return dt.name


def _scalar_arg(value, comp):
    if comp in FLOATS:
        return np.float64(value)
    return np.int64(int(value))


def launch(op, out, operands, computes):
    """Run `op` into `out` (a cuda tensor of the broadcast shape) over `operands` (cuda
    tensors broadcastable to out's shape, or Python numbers), each converted to its compute
    dtype in `computes`."""
    shape = out._shape
    index = op_index([out] + list(operands))
    check_devices(index, [out] + list(operands))
    n = out.numel()
    if n == 0:
        return out
    tensors = [_expand(x, shape) for x in operands if isinstance(x, TensorBase)]
    geo_shape, geo_strides = coalesce(shape, [out._stride] + [t._stride for t in tensors])
    ndim = 0 if is_linear(geo_shape, geo_strides) else len(geo_shape)
    skip = _ops.UNPROMOTED_OPERAND.get(op, (None, None))[0]
    mixed = len({x._dtype for j, x in enumerate(operands)
                 if isinstance(x, TensorBase) and j != skip}) > 1
    kinds, args = [], [np.uintp(out.data_ptr())]
    for j, (x, c) in enumerate(zip(operands, computes)):
        if not isinstance(x, TensorBase):
            kinds.append((c, "scalar"))
            args.append(_scalar_arg(x, c))
        elif mixed and j != skip:
            kinds.append((ANY, "tensor"))
            args += [np.uintp(x.data_ptr()), np.int32(DTYPES.index(x._dtype.name))]
        else:
            kinds.append((x._dtype.name, "tensor"))
            args.append(np.uintp(x.data_ptr()))
    spec = Elementwise(op, out._dtype.name, tuple(kinds), tuple(computes), ndim)
    args.append(np.int64(n))
    if ndim:
        args += [np.int64(s) for s in geo_shape]
        args += [np.int64(s) for st in geo_strides for s in st]
    _compiler.launch(spec, index, _compiler.grid_for(n, index), args)
    return out


def _host_scalar(x):
    """A 0-d cpu tensor operand as the number it holds: PyTorch lets a cpu scalar tensor
    join an op on another device (Note [Mixed devices] in the core's _dispatch.pyx), and
    it reaches the kernel by value, as a Python number does."""
    if isinstance(x, TensorBase) and x._storage.device.type == "cpu" and not x._shape:
        return x.item()
    return x


def _unsupported(op, dt):
    raise NotImplementedError(f"\"{op}_cuda\" not implemented for '{dt.legacy_name}'")


def apply(op, operands, out=None, inplace=False):
    """The result of elementwise `op` on `operands` with PyTorch's dtype rules; written
    into `out` (out= or the in-place self) when given."""
    skip, skip_compute = _ops.UNPROMOTED_OPERAND.get(op, (None, None))
    values = [x for j, x in enumerate(operands) if j != skip]
    promoted = result_type_many(*values)
    operands = [_host_scalar(x) for x in operands]     # after promotion saw their dtypes
    res_name, comp = _ops.result_and_compute(op, promoted.name, _dtype.get_default_dtype().name)
    if category(comp) not in _ops.table()[op][1].exprs:
        _unsupported(op, promoted)
    res = _dtype.to_dtype(res_name)
    shape = broadcast_shapes(*[x._shape for x in operands if isinstance(x, TensorBase)])
    shape = tuple(shape)
    if out is None:
        out = empty(shape, res, op_index(operands))
    else:
        check_can_cast(res, out._dtype)
        if out._shape != shape:
            if inplace:
                raise RuntimeError(f"output with shape {list(out._shape)} doesn't match the "
                                   f"broadcast shape {list(shape)}")
            resize_out(out, shape)
        out._bump_version()
    computes = [skip_compute or comp if j == skip else comp for j in range(len(operands))]
    if out._dtype is not res and "{R}" in _ops.table()[op][1].exprs.get(category(comp), ""):
        # The op rounds a step to its result's precision ({R}): compute in the result
        # dtype, then convert into out, rather than round to out's precision.
        tmp = launch(op, empty(shape, res, index_of(out)), operands, computes)
        return launch("copy", out, [tmp], [compute_dtype(res.name)])
    return launch(op, out, operands, computes)


def resize_out(out, shape):
    """A user's out= tensor of another shape resized as the core's are (onto new device
    memory)."""
    _core_resize_out(out, tuple(shape), empty(tuple(shape), out._dtype, index_of(out))._storage)


def finish(res, out):
    """An op's result, or that result written into a user's out= tensor (which must be able
    to hold its dtype, as PyTorch's)."""
    if out is None:
        return res
    check_can_cast(res._dtype, out._dtype)
    if out._shape != res._shape:
        resize_out(out, res._shape)
    return copy_(out, res)


def _copy_compute(src, dst_dtype):
    """Values are carried in the source's compute dtype and converted once, on the store."""
    if isinstance(src, TensorBase):
        return compute_dtype(src._dtype.name)
    return compute_dtype(dst_dtype.name)


def copy_(dst, src):
    """dst[...] = src (broadcast, converted to dst's dtype) on the device."""
    dst._bump_version()
    return launch("copy", dst, [src], [_copy_compute(src, dst._dtype)])


def contiguous(t, memory_format=None):
    memory_format = for_contiguous(t, memory_format)
    if t.is_contiguous(memory_format):
        return t
    return clone(t, memory_format, "contiguous")


def clone(t, memory_format=None, fname="clone", dtype=None):
    """A copy of t laid out in `memory_format` (None: preserve_format, PyTorch's default),
    of `dtype` when given."""
    dt = t._dtype if dtype is None else dtype
    out = empty(t._shape, dt, index_of(t))
    strides = copy_strides(t, memory_format, fname)
    if strides is not None:
        _set_meta(out, t._shape, strides, 0)
    return launch("copy", out, [t], [_copy_compute(t, dt)])


def cast(t, dt):
    """t converted to dtype dt (a new cuda tensor)."""
    return launch("copy", empty(t._shape, dt, index_of(t)), [t], [_copy_compute(t, dt)])


def full(shape, dt, index, value):
    """A new cuda tensor holding `value` everywhere, at version 0 as any new tensor."""
    t = empty(shape, dt, index)
    fill_(t, value)
    t._storage.version = 0
    return t


def fill_(t, value):
    if isinstance(value, TensorBase):
        if value.dim() != 0:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value.dim()} dimensions.")
        value = _host_scalar(value)
        if isinstance(value, TensorBase):
            return copy_(t, value)
    else:                                    # a tensor's value is cast unchecked
        value = check_fill_value(value, t._dtype)
    t._bump_version()
    return launch("copy", t, [value], [_copy_compute(value, t._dtype)])
