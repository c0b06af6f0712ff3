"""The cuda column of the dispatch table: which kernel runs each op on a cuda tensor.

Note [Reused view kernels]: view ops only compute metadata (shape, strides, offset) over
the same Storage, so the core's cpu kernels are registered for cuda unchanged; any op that
may copy (reshape, flatten, clone, contiguous) gets its own cuda kernel here, since the
core's copies go through numpy.
"""
from torchlike_core._dispatch import register, lookup
from torchlike_core._tensor import TensorBase

from . import _cublas, _kernels_elementwise as ew, _kernels_index as ix, _kernels_reduce as rd
from . import _ops, _random_ops, _device_tensor

VIEW_OPS = ("view", "view_as", "detach", "permute", "transpose", "t", "expand", "expand_as",
            "broadcast_to", "squeeze", "unsqueeze", "unflatten", "narrow", "select", "unbind",
            "diagonal", "split", "chunk", "as_strided", "movedim", "swapaxes", "swapdims",
            "moveaxis", "t_", "transpose_", "squeeze_", "unsqueeze_", "as_strided_")
# Ops the core implements only through dispatched ops (no numpy): valid on any device.
COMPOSITES = ("rsub", "rdiv", "square", "square_", "float_power", "diff", "expand_as")


def _reuse_cpu(names):
    for name in names:
        fn = lookup(name, "cpu")
        if fn is not None:
            register(name, "cuda", fn)


def _to(self, *args, non_blocking=False, copy=False, memory_format=None, **kwargs):
    from torchlike_core import _dtype, device as Device
    from torchlike_core._ops_misc import _parse_to
    dev, dt = _parse_to(args, kwargs)
    dt = self._dtype if dt is None else _dtype.to_dtype(dt)
    dev = self.device if dev is None else (dev if isinstance(dev, Device) else Device(dev))
    if dev.type != "cuda" or (dev.index is not None and dev.index != self.device.index):
        return _device_tensor.to_device(self, dev, dt)
    if dt is self._dtype and not copy:
        return self
    return ew.cast(self, dt)


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


def _scaled(other, alpha):
    if alpha == 1:
        return other
    if isinstance(other, TensorBase):
        return ew.apply("mul", [other, alpha])
    return other * alpha


def _binary(name):
    if name in ("add", "sub"):
        def fn(input, other, *, alpha=1, out=None):
            return ew.apply(name, [input, _scaled(other, alpha)], out=out)

        def fn_(self, other, *, alpha=1):
            return ew.apply(name, [self, _scaled(other, alpha)], out=self, inplace=True)
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
        raise NotImplementedError("div(rounding_mode='trunc') is not implemented on cuda yet")
    raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                       f"found '{rounding_mode}'")


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
        return res if out is None else ew.copy_(out, res)
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
    return res if out is None else ew.copy_(out, res)


def _stack(tensors, dim=0, *, out=None):
    from torchlike_core._tensor import wrap_dim
    d = wrap_dim(dim, tensors[0].dim() + 1)
    return _cat([t.unsqueeze(d) for t in tensors], d, out=out)


def _softmax(log):
    def fn(input, dim, dtype=None, *, out=None):
        if dtype is not None:
            input = ew.cast(input, dtype)
        shifted = ew.apply("sub", [input, rd.reduce("amax", input, dim, True)])
        e = ew.apply("exp", [shifted])
        total = rd.reduce("sum", e, dim, True)
        res = (ew.apply("sub", [shifted, ew.apply("log", [total])]) if log
               else ew.apply("div", [e, total]))
        return res if out is None else ew.copy_(out, res)
    return fn


def _logsumexp(input, dim, keepdim=False, *, out=None):
    m = rd.reduce("amax", input, dim, True)
    m = ew.apply("where", [ew.apply("isinf", [m]), 0.0, m])
    s = rd.reduce("sum", ew.apply("exp", [ew.apply("sub", [input, m])]), dim, True)
    res = ew.apply("add", [ew.apply("log", [s]), m])
    if not keepdim:
        res = _reshape(res, rd._out_shape(input, rd._dims(input, dim), False))
    return res if out is None else ew.copy_(out, res)


def _var(std):
    def fn(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
        corr = 1 if correction is None and unbiased in (None, True) else (
            0 if correction is None else correction)
        mean = rd.reduce("mean", input, dim, True)
        dev = ew.apply("sub", [input, mean])
        n = input.numel() // max(1, mean.numel())       # elements per reduced slice
        ss = rd.reduce("sum", ew.apply("mul", [dev, dev]), dim, keepdim)
        res = ew.apply("div", [ss, max(n - corr, 0)])
        if std:
            res = ew.apply("sqrt", [res])
        return res if out is None else ew.copy_(out, res)
    return fn


def install():
    _reuse_cpu(VIEW_OPS + COMPOSITES)
    register("_to_device", "cpu", _device_tensor.to_device)
    register("_to_device", "cuda", _device_tensor.to_device)
    register("to", "cuda", _to)
    register("contiguous", "cuda", lambda self, memory_format=None: ew.contiguous(self))
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
    register("clamp", "cuda", _clamp)
    register("clamp_", "cuda", _clamp_)
    register("where", "cuda", lambda condition, input, other, *, out=None:
             ew.apply("where", [condition, input, other], out=out))
    register("lerp", "cuda", lambda input, end, weight, *, out=None:
             ew.apply("lerp", [input, end, weight], out=out))
    register("addcmul", "cuda", lambda input, t1, t2, *, value=1, out=None:
             ew.apply("addcmul", [input, t1, t2, value], out=out))
    register("addcdiv", "cuda", lambda input, t1, t2, *, value=1, out=None:
             ew.apply("addcdiv", [input, t1, t2, value], out=out))
    for op in ("sum", "mean", "prod", "amax", "amin", "all", "any"):
        register(op, "cuda", _reduction(op))
    register("max", "cuda", _max_like("max", "amax"))
    register("min", "cuda", _max_like("min", "amin"))
    register("argmax", "cuda", _arg("argmax"))
    register("argmin", "cuda", _arg("argmin"))
    register("cumsum", "cuda", lambda input, dim, *, dtype=None, out=None:
             rd.scan("cumsum", input, dim, dtype))
    register("cumprod", "cuda", lambda input, dim, *, dtype=None, out=None:
             rd.scan("cumprod", input, dim, dtype))
    register("softmax", "cuda", _softmax(False))
    register("log_softmax", "cuda", _softmax(True))
    register("logsumexp", "cuda", _logsumexp)
    register("var", "cuda", _var(False))
    register("std", "cuda", _var(True))
    for name in ("mm", "bmm", "matmul", "mv", "dot", "addmm"):
        register(name, "cuda", getattr(_cublas, name))
    register("cat", "cuda", _cat)
    register("stack", "cuda", _stack)
    register("getitem", "cuda", ix.getitem)
    register("setitem_", "cuda", ix.setitem_)
    register("index_select", "cuda", ix.index_select)
    register("gather", "cuda", ix.gather)
    register("scatter_", "cuda", ix.scatter_)
    register("scatter_add_", "cuda", ix.scatter_add_)
    register("scatter_add", "cuda", lambda input, dim, index, src:
             ix.scatter_add_(ew.clone(input), dim, index, src))
    register("masked_fill", "cuda", ix.masked_fill)
    register("masked_fill_", "cuda", ix.masked_fill_)
    register("nonzero", "cuda", ix.nonzero)
    for name in ("uniform_", "normal_", "bernoulli_", "bernoulli", "random_"):
        register(name, "cuda", getattr(_random_ops, name))
