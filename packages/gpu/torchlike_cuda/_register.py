"""The cuda column of the dispatch table: which kernel runs each op on a cuda tensor.

Note [Reused view kernels]: view ops only compute metadata (shape, strides, offset) over
the same Storage, so the core's cpu kernels are registered for cuda unchanged; any op that
may copy (reshape, flatten, clone, contiguous) gets its own cuda kernel here, since the
core's copies go through numpy.
"""
import warnings

import numpy as np

from torchlike_core._dispatch import call, register, lookup
from torchlike_core._tensor import TensorBase
from torchlike_core._elementwise import result_type_many
from torchlike_core._memory_format import keeps_layout, moved_in
from torchlike_core._ops_elementwise import check_alpha
from torchlike_core._ops_misc import check_addc, check_lerp

from . import _compiler, _cublas, _device_tensor, _ops, _random_ops
from . import _kernels_elementwise as ew, _kernels_index as ix, _kernels_nn, _kernels_reduce as rd
from . import _kernels_sort, _kernels_stats as st

VIEW_OPS = ("view", "view_as", "detach", "permute", "transpose", "t", "expand", "expand_as",
            "broadcast_to", "squeeze", "unsqueeze", "unflatten", "narrow", "select", "unbind",
            "diagonal", "split", "chunk", "as_strided", "movedim", "swapaxes", "swapdims",
            "moveaxis", "t_", "transpose_", "squeeze_", "unsqueeze_", "as_strided_", "unfold")
# Ops the core implements only through dispatched ops (no numpy): valid on any device.
# The dtype conversions (x.float(), x.long(), ...) only dispatch `to`; apply_ refuses any
# device but the cpu itself, as PyTorch's.
COMPOSITES = (
    "rsub", "rdiv", "square", "square_", "float_power", "float_power_", "diff", "expand_as",
    "positive", "float", "half", "double", "long", "int", "short", "char", "byte", "bool",
    "apply_", "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_tensors", "meshgrid",
    "tensor_split", "hsplit", "vsplit", "dsplit", "hstack", "vstack", "dstack", "column_stack",
    "fliplr", "flipud", "tile", "kron", "inner", "outer", "tensordot", "einsum", "cross",
    "diagflat", "dist", "cdist", "aminmax", "msort", "trapezoid", "trapz",
    "cumulative_trapezoid", "linalg_vector_norm", "linalg_norm", "linalg_matrix_norm",
    "linalg_vecdot", "linalg_multi_dot", "linalg_diagonal", "matrix_power", "linalg_cond",
    "linalg_eigvals", "linalg_eigvalsh", "linalg_svdvals", "linalg_tensorinv",
    "linalg_tensorsolve", "logdet", "slogdet", "svd", "qr", "pinverse")
# sort, argsort and topk run on the device up to a slice length (_kernels_sort.py).
SORTS = ("sort", "argsort", "topk")
# Ops that run through the host (Note [Host fallback]): no cuda kernel yet. Selection, the
# decompositions and solvers (PyTorch calls cuSOLVER / MAGMA), the rarer index ops, and
# random ops outside the device generator's kinds (they draw from the cpu generator).
HOST_FALLBACKS = (
    "kthvalue", "median", "nanmedian", "mode", "unique",
    "unique_consecutive", "searchsorted", "bucketize", "bincount", "histc", "argwhere",
    "cummax", "cummin", "logcumsumexp", "digamma", "digamma_", "polygamma", "polygamma_",
    "nansum", "nanmean", "count_nonzero", "isclose", "allclose", "equal", "vdot", "trace",
    "diag", "diag_embed", "roll", "rot90", "take", "narrow_copy", "index_copy", "index_copy_",
    "index_fill", "index_fill_", "index_put", "index_put_", "masked_scatter", "masked_scatter_",
    "scatter_reduce", "scatter_reduce_", "addmv", "addmv_", "addr", "addr_", "baddbmm",
    "baddbmm_", "addbmm", "addbmm_", "det", "cholesky", "cholesky_solve", "triangular_solve",
    "linalg_cholesky_ex", "linalg_cross", "linalg_eig", "linalg_eigh", "linalg_inv_ex",
    "linalg_lstsq", "linalg_pinv", "linalg_qr", "linalg_slogdet", "linalg_solve_ex",
    "linalg_solve_triangular", "linalg_svd", "_linalg_eigvals", "_linalg_eigvalsh",
    "_linalg_svdvals", "normal", "randint_like", "multinomial", "exponential_",
    # composites whose core kernels read values through numpy (their gradients still flow:
    # the moves are recorded, see the Note)
    "repeat_interleave", "take_along_dim", "inverse", "linalg_inv", "linalg_cholesky",
    "linalg_solve", "cholesky_inverse", "linalg_matrix_rank")


def _reuse_cpu(names):
    for name in names:
        fn = lookup(name, "cpu")
        if fn is not None:
            register(name, "cuda", fn)


# Note [Host fallback]: `_via_host(name)` runs op `name` by copying its cuda tensor
# arguments to the host, running the core's cpu kernel there and copying the results (and,
# for an in-place op, self) back. It is a correctness fallback, not a fast path: every call
# synchronises and moves all its operands across the bus twice. It exists so that training
# code runs end to end on cuda while an op has no cuda kernel; an op that matters for speed
# gets a kernel and leaves HOST_FALLBACKS. This is the only place cuda ops touch the cpu
# kernels' numerics. The moves are dispatched `to` ops: under an op with a backward formula
# the kernel runs with grad off and they are not recorded, but under a composite (whose
# pieces autograd records, _record.COMPOSITE) they are, so gradients come back to the device.
def _via_host(name):
    cpu_kernel = lookup(name, "cpu")
    cpu = _cpu_device()

    def to_host(x):
        if isinstance(x, TensorBase) and x._storage.device.type == "cuda":
            return call("to", (x, cpu), None)
        if isinstance(x, (list, tuple)) and any(isinstance(y, TensorBase) for y in x):
            return type(x)(to_host(y) for y in x)
        return x

    def fn(*args, **kwargs):
        out = kwargs.pop("out", None)
        outs = () if out is None else (out if isinstance(out, (tuple, list)) else (out,))
        tensors = [a for a in list(args) + list(kwargs.values()) if isinstance(a, TensorBase)]
        index = _device_tensor.op_index(tensors)
        _device_tensor.check_devices(index, outs)
        host_args = [to_host(a) for a in args]
        host_kwargs = {k: to_host(v) for k, v in kwargs.items()}
        if outs:                          # the cpu kernel checks and resizes host copies
            host_outs = [to_host(o) for o in outs]
            host_kwargs["out"] = host_outs[0] if out is outs[0] else type(out)(host_outs)
        res = cpu_kernel(*host_args, **host_kwargs)
        dev = _device_tensor.cuda_device(index)
        if name.endswith("_"):            # in place: write the host self back
            return ew.copy_(args[0], _device_tensor.to_device(host_args[0], dev,
                                                              host_args[0]._dtype))
        if not outs:
            return _to_cuda(res, dev)
        with warnings.catch_warnings():   # a resize was warned about by the cpu kernel
            warnings.simplefilter("ignore")
            for o, h in zip(outs, host_outs):
                ew.finish(_device_tensor.to_device(h, dev, h._dtype), o)
        if isinstance(res, tuple) and type(res) is not tuple:        # sort_out and the like
            kind = type(res)
            return kind._make(outs) if hasattr(kind, "_make") else kind(outs)
        return out
    fn.__name__ = name
    return fn


def _cpu_device():
    from torchlike_core import device as Device
    return Device("cpu")


def _to_cuda(res, dev):
    """The cpu results of a host fallback moved to `dev` (namedtuples keep their type)."""
    if isinstance(res, TensorBase):
        return call("to", (res, dev), None)
    if isinstance(res, list):
        return [_to_cuda(r, dev) for r in res]
    if isinstance(res, tuple):
        moved = [_to_cuda(r, dev) for r in res]
        kind = type(res)             # torch.return_types-like (takes a sequence) or namedtuple
        return kind._make(moved) if hasattr(kind, "_make") else kind(moved)
    return res


def _to(self, *args, non_blocking=False, copy=False, memory_format=None, **kwargs):
    from torchlike_core import _dtype, device as Device
    from torchlike_core._ops_misc import _parse_to
    dev, dt = _parse_to(args, kwargs)
    dt = self._dtype if dt is None else _dtype.to_dtype(dt)
    dev = self.device if dev is None else (dev if isinstance(dev, Device) else Device(dev))
    if dev.type != "cuda" or (dev.index is not None and dev.index != self.device.index):
        return moved_in(_device_tensor.to_device(self, dev, dt), memory_format)
    if dt is self._dtype and not copy and keeps_layout(self, memory_format):
        return self
    return ew.clone(self, memory_format, "to", dt)


def _reshape(self, *shape):
    from torchlike_core._views import _shape_arg
    shape = _shape_arg(shape)
    try:
        return lookup("view", "cpu")(self, shape)
    except RuntimeError:
        return lookup("view", "cpu")(ew.contiguous(self), shape)


def _flatten(self, start_dim=0, end_dim=-1):
    from torchlike_core._tensor import wrap_dim
    if self.dim() == 0:
        return _reshape(self, (1,))
    s, e = wrap_dim(start_dim, self.dim()), wrap_dim(end_dim, self.dim())
    n = 1
    for k in range(s, e + 1):
        n *= self._shape[k]
    return _reshape(self, self._shape[:s] + (n,) + self._shape[e + 1:])


def _unary(name):
    def fn(input, *, out=None):
        return ew.apply(name, [input], out=out)

    def fn_(self):
        return ew.apply(name, [self], out=self, inplace=True)
    register(name, "cuda", fn)
    register(name + "_", "cuda", fn_)


def _is_one(input, other, alpha):
    """Whether add/sub's alpha is 1, after PyTorch's checks of it."""
    if not (type(alpha) is int and alpha == 1):        # 1.0 and True are checked too
        check_alpha(result_type_many(input, other), alpha)
    return alpha == 1


def _binary(name):
    if name in ("add", "sub"):
        def fn(input, other, *, alpha=1, out=None):
            if _is_one(input, other, alpha):
                return ew.apply(name, [input, other], out=out)
            return ew.apply(name + "_alpha", [input, other, alpha], out=out)

        def fn_(self, other, *, alpha=1):
            if _is_one(self, other, alpha):
                return ew.apply(name, [self, other], out=self, inplace=True)
            return ew.apply(name + "_alpha", [self, other, alpha], out=self, inplace=True)
    elif name == "div":
        def fn(input, other, *, rounding_mode=None, out=None):
            return ew.apply(_div_op(rounding_mode), [input, other], out=out)

        def fn_(self, other, *, rounding_mode=None):
            return ew.apply(_div_op(rounding_mode), [self, other], out=self, inplace=True)
    else:
        def fn(input, other, *, out=None):
            return ew.apply(name, [input, other], out=out)

        def fn_(self, other):
            return ew.apply(name, [self, other], out=self, inplace=True)
    register(name, "cuda", fn)
    register(name + "_", "cuda", fn_)


def _div_op(rounding_mode):
    if rounding_mode is None:
        return "div"
    if rounding_mode == "floor":
        return "floor_divide"
    if rounding_mode == "trunc":
        return "trunc_divide"
    raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                       f"found '{rounding_mode}'")


def _filled_on_device(shape, dt, dev, fill):
    """The core's factories (zeros, ones, empty, full and their _like forms) on cuda: the
    tensor is made on the device, with no host buffer."""
    index = _device_tensor.resolve(dev).index
    if fill is None:
        return _device_tensor.empty(shape, dt, index)
    return ew.full(shape, dt, index, fill)


def _arange_on_device(start, step, n, dt, dev, integral):
    """The core's arange on cuda: the values are computed on the device."""
    from ._codegen import Arange
    index = _device_tensor.resolve(dev).index
    t = _device_tensor.empty((n,), dt, index)
    if n:
        kind = np.int64 if integral else np.float64
        _compiler.launch(Arange(dt.name, integral), index, _compiler.grid_for(n, index),
                         [np.uintp(t.data_ptr()), kind(start), kind(step), np.int64(n)])
    return t


def _round(input, *, decimals=0, out=None):
    """PyTorch's formula: rint(x * 10**d) / 10**d (rint(x / 10**-d) * 10**-d for d < 0), in
    float32 for float16 input."""
    if decimals == 0:
        return ew.apply("round", [input], out=out)
    if not input.is_floating_point():
        ew._unsupported("round", input._dtype)
    from torchlike_core import float32
    x = ew.cast(input, float32) if input._dtype.name == "float16" else input
    try:
        p = 10.0 ** abs(decimals)
    except OverflowError:
        p = float("inf")                      # NaN results, as PyTorch
    if decimals > 0:
        r = ew.apply("div", [ew.apply("round", [ew.apply("mul", [x, p])]), p])
    else:
        r = ew.apply("mul", [ew.apply("round", [ew.apply("div", [x, p])]), p])
    if out is None:
        return r if r._dtype is input._dtype else ew.cast(r, input._dtype)
    return ew.finish(r, out)


def _nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    """Floats through the nan_to_num kernel (the default replacements are the dtype's
    extremes); integers and bools hold no NaN or inf and are copied."""
    if not input.is_floating_point():
        return ew.clone(input) if out is None else ew.finish(input, out)
    from torchlike_core import finfo
    info = finfo(input.dtype)
    values = [0.0 if nan is None else nan, info.max if posinf is None else posinf,
              info.min if neginf is None else neginf]
    return ew.apply("nan_to_num", [input] + values, out=out)


def _nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
    if not self.is_floating_point():
        self._bump_version()
        return self
    return _nan_to_num(self, nan, posinf, neginf, out=self)


def _ternary(name, check, operands):
    """lerp / addcmul / addcdiv and their in-place forms: the core's checks, then one
    elementwise kernel (the optimizers' update steps)."""
    def fn(*args, out=None, **kwargs):
        check(*args, **kwargs)
        return ew.apply(name, operands(*args, **kwargs), out=out)

    def fn_(self, *args, **kwargs):
        check(self, *args, **kwargs)
        return ew.apply(name, operands(self, *args, **kwargs), out=self, inplace=True)
    register(name, "cuda", fn)
    register(name + "_", "cuda", fn_)


def _clamp(input, min=None, max=None, *, out=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if max is None:
        return ew.apply("clamp_min", [input, min], out=out)
    if min is None:
        return ew.apply("clamp_max", [input, max], out=out)
    return ew.apply("clamp", [input, min, max], out=out)


def _clamp_(self, min=None, max=None):
    return _clamp(self, min, max, out=self)


def _max_like(op, values_op):
    from torchlike_core._reductions import _MaxT, _MinT
    named = _MaxT if op == "max" else _MinT

    def fn(input, dim=None, keepdim=False, *, out=None):
        if isinstance(dim, TensorBase):
            return ew.apply("maximum" if op == "max" else "minimum", [input, dim], out=out)
        if dim is None:
            return rd.reduce(values_op, input)
        return named(rd.arg_reduce(op, input, dim, keepdim))
    return fn


def _arg(op):
    def fn(input, dim=None, keepdim=False):
        return rd.arg_reduce(op, input, dim, keepdim)[1]
    return fn


def _reduction(op):
    def fn(input, dim=None, keepdim=False, *, dtype=None, out=None):
        res = rd.reduce(op, input, dim, keepdim, dtype)
        return ew.finish(res, out)
    return fn


def _cat(tensors, dim=0, *, out=None):
    from torchlike_core._tensor import wrap_dim
    from torchlike_core._elementwise import result_type_many
    tensors = [t for t in tensors]
    ref = next((t for t in tensors if t.dim() > 0 or t.numel() > 0), tensors[0])
    d = wrap_dim(dim, ref.dim())
    dt = result_type_many(*tensors)
    shape = list(ref._shape)
    shape[d] = sum(t._shape[d] for t in tensors if t.dim() == ref.dim())
    res = _device_tensor.empty(tuple(shape), dt, _device_tensor.index_of(ref))
    start = 0
    for t in tensors:
        if t.dim() != ref.dim():
            continue          # legacy empty 1-d tensors are skipped, as PyTorch
        for k in range(ref.dim()):
            if k != d and t._shape[k] != ref._shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {ref._shape[k]} but got size {t._shape[k]} "
                                   f"for tensor number {tensors.index(t)} in the list.")
        ew.copy_(res.narrow(d, start, t._shape[d]), t)
        start += t._shape[d]
    return ew.finish(res, out)


def _stack(tensors, dim=0, *, out=None):
    from torchlike_core._tensor import wrap_dim
    d = wrap_dim(dim, tensors[0].dim() + 1)
    return _cat([t.unsqueeze(d) for t in tensors], d, out=out)


def _masked_select(input, mask, *, out=None):
    """x[mask] over the broadcast of both (the backward of masked_fill with a tensor value
    uses it)."""
    from torchlike_core._tensor import broadcast_shapes
    if mask._dtype.name != "bool":
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = tuple(broadcast_shapes(input._shape, mask._shape))
    res = ix.getitem(input.expand(shape), mask.expand(shape))
    return ew.finish(res, out)


def _flip(input, *dims):
    from torchlike_core._tensor import wrap_dim
    from torchlike_core._joins import _dims_arg
    dims = _dims_arg(dims, "flip", "dims")
    wrapped = [wrap_dim(d, input.dim()) for d in dims]
    if len(set(wrapped)) != len(wrapped):
        dup = next(d for d in wrapped if wrapped.count(d) > 1)
        raise RuntimeError(f"dim {dup} appears multiple times in the list of dims")
    res = input
    for d in wrapped:                       # one gather per flipped dim
        n = input._shape[d]
        res = ix.index_select(res, d, _device_tensor.from_host(
            np.arange(n - 1, -1, -1, dtype=np.int64), _device_tensor.index_of(input)))
    return ew.clone(res) if res is input else res


def _repeat(self, *sizes):
    """x.repeat(r0, ..., rk): x viewed as (1, s0, 1, s1, ...), expanded to (r0, s0, r1, s1,
    ...) and copied once."""
    from torchlike_core._views import _shape_arg
    sizes = _shape_arg(sizes)
    if len(sizes) < self.dim():
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    padded = (1,) * (len(sizes) - self.dim()) + self._shape
    target = tuple(s * r for s, r in zip(padded, sizes))
    if any(s < 0 for s in target):
        raise RuntimeError(f"Trying to create tensor with negative dimension "
                           f"{min(target)}: {list(target)}")
    pairs = [x for s in padded for x in (1, s)]
    grown = [x for r, s in zip(sizes, padded) for x in (r, s)]
    return _reshape(ew.contiguous(_reshape(self, tuple(pairs)).expand(tuple(grown))), target)


def _triangle(name, np_fn):
    def fn(input, diagonal=0, *, out=None):
        if input.dim() < 2:
            raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
        rows, cols = input._shape[-2:]
        mask = np_fn(np.ones((rows, cols), dtype=bool), int(diagonal))
        mask = _device_tensor.from_host(mask, _device_tensor.index_of(input))
        return ew.apply("where", [mask, input, False if input._dtype.name == "bool" else 0],
                        out=out)

    def fn_(self, diagonal=0):
        return ew.copy_(self, fn(self, diagonal))
    register(name, "cuda", fn)
    register(name + "_", "cuda", fn_)


def _random_like(name, kind):
    def fn(input, *, generator=None, dtype=None, layout=None, device=None,
           requires_grad=False, memory_format=None):
        from torchlike_core import device as Device
        from torchlike_core._random import _float_dtype
        if device is not None and Device(device).type != "cuda":   # only reads the shape
            return lookup(name, "cpu")(input, generator=generator, dtype=dtype,
                                       device=device, requires_grad=requires_grad)
        dt = _float_dtype(input._dtype if dtype is None else dtype, None,
                          "check_uniform_bounds" if kind == "uniform" else "normal_kernel_cpu")
        index = (_device_tensor.index_of(input) if device is None
                 else _device_tensor.resolve(Device(device)).index)
        res = _random_ops.fill_random(_device_tensor.empty(input._shape, dt, index), kind)
        if requires_grad:
            res.requires_grad = True
        return res
    register(name, "cuda", fn)


def _index_add_(self, dim, index, source, *, alpha=1):
    """self.index_add_ as scatter_add_ with the index spread over source's shape; dtypes
    without a device atomic add go through the host (Note [Host fallback])."""
    from torchlike_core._tensor import wrap_dim
    from ._codegen import ATOMIC_ADD_DTYPES
    _device_tensor.check_devices(_device_tensor.index_of(self), (index, source))
    if self._dtype.name not in ATOMIC_ADD_DTYPES:
        return _via_host("index_add_")(self, dim, index, source, alpha=alpha)
    if source._dtype is not self._dtype:
        raise RuntimeError(f"index_add_(): self ({self._dtype.legacy_name}) and source "
                           f"({source._dtype.legacy_name}) must have the same scalar type")
    if index.dim() > 1:
        raise IndexError("index_add_(): Index is supposed to be a vector")
    d = wrap_dim(dim, max(self.dim(), 1))
    src = _reshape(source, (1,)) if source.dim() == 0 else source
    if index.numel() != (src._shape[d] if src.dim() else 1):
        raise RuntimeError("index_add_(): Number of indices should be equal to source.size(dim)")
    if index._dtype.name != "int64":
        index = ew.cast(index, _int64())
    spread = [1] * src.dim()
    spread[d] = -1
    full = ew.contiguous(_reshape(index, tuple(spread)).expand(src._shape))
    if alpha != 1:
        src = ew.apply("mul", [src, alpha])
    target = _reshape(self, (1,)) if self.dim() == 0 else self
    ix.scatter_add_(target, d, full, src)
    return self


def _put_(self, index, source, accumulate=False):
    """self.put_: self viewed flat; accumulate is index_add_, else an indexed write."""
    if not self.is_contiguous():
        return ew.copy_(self, _put(ew.contiguous(self), index, source, accumulate))
    flat = _reshape(self, (-1,))
    if accumulate:
        _index_add_(flat, 0, _reshape(index, (-1,)), _reshape(source, (-1,)))
    else:
        ix.setitem_(flat, _reshape(index, (-1,)), _reshape(source, (-1,)))
    return self


def _put(input, index, source, accumulate=False):
    return _put_(ew.clone(input), index, source, accumulate)


def _int64():
    from torchlike_core import int64
    return int64


def _scan(op):
    def fn(input, dim, *, dtype=None, out=None):
        res = rd.scan(op, input, dim, dtype)
        return ew.finish(res, out)

    def fn_(self, dim, *, dtype=None):
        return ew.copy_(self, rd.scan(op, self, dim, dtype))
    register(op, "cuda", fn)
    register(op + "_", "cuda", fn_)


def install():
    _reuse_cpu(VIEW_OPS + COMPOSITES)
    register("_to_device", "cpu", _device_tensor.to_device)
    register("_to_device", "cuda", _device_tensor.to_device)
    register("_filled_on_device", "cuda", _filled_on_device)
    register("_arange_on_device", "cuda", _arange_on_device)
    register("to", "cuda", _to)
    register("contiguous", "cuda", ew.contiguous)
    register("clone", "cuda", ew.clone)
    register("reshape", "cuda", _reshape)
    register("reshape_as", "cuda", lambda self, other: _reshape(self, other._shape))
    register("flatten", "cuda", _flatten)
    register("ravel", "cuda", lambda self: _reshape(self, (-1,)))
    register("copy_", "cuda", lambda self, src, non_blocking=False: ew.copy_(
        self, src if src._storage.device == self._storage.device else
        _device_tensor.to_device(src, self._storage.device, src._dtype)))
    register("fill_", "cuda", ew.fill_)
    register("zero_", "cuda", lambda self: ew.fill_(self, 0))
    for name in _ops.UNARY:
        if name != "copy":
            _unary(name)
    for name in _ops.BINARY:
        _binary(name)
    register("round", "cuda", _round)
    register("round_", "cuda", lambda self, *, decimals=0: _round(self, decimals=decimals,
                                                                  out=self))
    register("nan_to_num", "cuda", _nan_to_num)
    register("nan_to_num_", "cuda", _nan_to_num_)
    register("clamp", "cuda", _clamp)
    register("clamp_", "cuda", _clamp_)
    register("where", "cuda", lambda condition, input, other, *, out=None:
             ew.apply("where", [condition, input, other], out=out))
    _ternary("lerp", check_lerp, lambda input, end, weight: [input, end, weight])
    for name in ("addcmul", "addcdiv"):
        _ternary(name, lambda input, t1, t2, value=1, _div=name == "addcdiv":
                 check_addc(_div, input, t1, t2),
                 lambda input, t1, t2, value=1: [input, t1, t2, value])
    for op in ("sum", "mean", "prod", "amax", "amin", "all", "any"):
        register(op, "cuda", _reduction(op))
    register("max", "cuda", _max_like("max", "amax"))
    register("min", "cuda", _max_like("min", "amin"))
    register("argmax", "cuda", _arg("argmax"))
    register("argmin", "cuda", _arg("argmin"))
    _scan("cumsum")
    _scan("cumprod")
    register("softmax", "cuda", st.softmax(False))
    register("log_softmax", "cuda", st.softmax(True))
    register("logsumexp", "cuda", st.logsumexp)
    for name, std in (("var", False), ("std", True)):
        register(name, "cuda", st.var(std))
        register(name + "_mean", "cuda", st.var_mean(std))
    register("norm", "cuda", st.norm)
    for name in ("mm", "bmm", "matmul", "mv", "dot", "addmm"):
        register(name, "cuda", getattr(_cublas, name))
    register("addmm_", "cuda", lambda self, mat1, mat2, *, beta=1, alpha=1: ew.copy_(
        self, _cublas.addmm(self, mat1, mat2, beta=beta, alpha=alpha)))
    register("flip", "cuda", _flip)
    register("repeat", "cuda", _repeat)
    _triangle("tril", np.tril)
    _triangle("triu", np.triu)
    _random_like("rand_like", "uniform")
    _random_like("randn_like", "normal")
    register("index_add_", "cuda", _index_add_)
    register("put_", "cuda", _put_)
    register("put", "cuda", _put)
    register("index_add", "cuda", lambda input, dim, index, source, *, alpha=1, out=None:
             ew.finish(_index_add_(ew.clone(input), dim, index, source, alpha=alpha), out))
    for name in HOST_FALLBACKS:
        register(name, "cuda", _via_host(name))
    for name, fn in _kernels_sort.sorting({n: _via_host(n) for n in SORTS}).items():
        register(name, "cuda", fn)
    for name in ("im2col", "col2im", "constant_pad_nd", "nll_loss"):
        register(name, "cuda", getattr(_kernels_nn, name))
    register("_nll_loss_coefficients", "cuda", _kernels_nn.nll_loss_coefficients)
    register("_reflection_pad", "cuda", _kernels_nn.index_pad("reflect"))
    register("_replication_pad", "cuda", _kernels_nn.index_pad("replicate"))
    register("cat", "cuda", _cat)
    register("stack", "cuda", _stack)
    register("getitem", "cuda", ix.getitem)
    register("setitem_", "cuda", ix.setitem_)
    register("index_select", "cuda", ix.index_select)
    register("gather", "cuda", ix.gather)
    register("scatter_", "cuda", ix.scatter_)
    register("scatter_add_", "cuda", ix.scatter_add_)
    register("scatter", "cuda", lambda input, dim, index, src=None, value=None, *, reduce=None:
             ix.scatter_(ew.clone(input), dim, index, src, value, reduce=reduce))
    register("scatter_add", "cuda", lambda input, dim, index, src:
             ix.scatter_add_(ew.clone(input), dim, index, src))
    register("masked_select", "cuda", _masked_select)
    register("masked_fill", "cuda", ix.masked_fill)
    register("masked_fill_", "cuda", ix.masked_fill_)
    register("nonzero", "cuda", ix.nonzero)
    for name in ("uniform_", "normal_", "bernoulli_", "bernoulli", "random_"):
        register(name, "cuda", getattr(_random_ops, name))
