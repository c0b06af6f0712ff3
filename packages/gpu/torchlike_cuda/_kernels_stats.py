"""Reductions made of other reductions and elementwise kernels on cuda: softmax and
log_softmax, logsumexp, var and std (alone and with the mean), and the vector norms
(norm, linalg.vector_norm, and through them dist, linalg.norm and clip_grad_norm_)."""
import math

from torchlike_core import _dtype, float32
from torchlike_core._ops_elementwise import softmax_input
from torchlike_core._reductions import check_norm, moment_args

from . import _kernels_elementwise as ew, _kernels_reduce as rd
from ._device_tensor import index_of, reshaped


def softmax(log):
    def fn(input, dim, dtype=None, *, out=None):
        input, dim = softmax_input("log_softmax" if log else "softmax", input, dim, dtype)
        if input.numel() == 0:
            return ew.finish(ew.clone(input), out)
        x = reshaped(ew.contiguous(input), (1,)) if input.dim() == 0 else input
        shifted = ew.apply("sub", [x, rd.reduce("amax", x, dim, True)])
        e = ew.apply("exp", [shifted])
        total = rd.reduce("sum", e, dim, True)
        res = (ew.apply("sub", [shifted, ew.apply("log", [total])]) if log
               else ew.apply("div", [e, total]))
        return ew.finish(reshaped(res, input._shape), out)
    return fn


def logsumexp(input, dim, keepdim=False, *, out=None):
    """Shifted by the maximum, as the core's; integers compute in the default float dtype,
    and a sum over nothing is -inf."""
    if dim is None:
        raise TypeError("logsumexp(): argument 'dim' (position 2) must be tuple of ints, "
                        "not NoneType")
    if out is not None and not out.is_floating_point():
        raise RuntimeError(f"logsumexp(): Expected floating point type for result tensor, "
                           f"but got: {out._dtype.legacy_name}")
    if not input.is_floating_point():
        input = ew.cast(input, _dtype.get_default_dtype())
    shape = rd._out_shape(input, rd._dims(input, dim), keepdim)
    if input.numel() == 0:
        return ew.finish(ew.full(shape, input._dtype, index_of(input), -math.inf), out)
    x = reshaped(ew.contiguous(input), (1,)) if input.dim() == 0 else input
    m = rd.reduce("amax", x, dim, True)
    m = ew.apply("where", [ew.apply("isinf", [m]), 0.0, m])
    s = rd.reduce("sum", ew.apply("exp", [ew.apply("sub", [x, m])]), dim, True)
    return ew.finish(reshaped(ew.apply("add", [ew.apply("log", [s]), m]), shape), out)


def _moments(name, input, dim, unbiased, keepdim, correction):
    """(variance, mean) over dim, the mean taken once for both."""
    dim, corr = moment_args(name, input, dim, unbiased, correction)
    mean = rd.reduce("mean", input, dim, True)
    dev = ew.apply("sub", [input, mean])
    n = input.numel() // max(1, mean.numel())       # elements per reduced slice
    ss = rd.reduce("sum", ew.apply("mul", [dev, dev]), dim, keepdim)
    return ew.apply("div", [ss, max(n - corr, 0)]), mean if keepdim else reshaped(mean, ss._shape)


def var(std):
    def fn(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
        v, _ = _moments("std" if std else "var", input, dim, unbiased, keepdim, correction)
        return ew.finish(ew.apply("sqrt", [v]) if std else v, out)
    return fn


def var_mean(std):
    def fn(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
        v, mean = _moments("std_mean" if std else "var_mean", input, dim, unbiased, keepdim,
                           correction)
        return (ew.apply("sqrt", [v]) if std else v), mean
    return fn


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """The vector p-norm over dim, as the core's: float16 is computed in float32."""
    p, dt = check_norm(input, p, dim, out, dtype)
    x = input if input._dtype is dt else ew.cast(input, dt)
    if dt.name == "float16":
        x = ew.cast(x, float32)
    if p == 2:
        r = ew.apply("sqrt", [rd.reduce("sum", ew.apply("mul", [x, x]), dim, keepdim)])
    elif p == 0:
        r = rd.reduce("sum", ew.cast(ew.apply("ne", [x, 0]), x._dtype), dim, keepdim)
    else:
        a = ew.apply("abs", [x])
        if math.isinf(p):
            r = rd.reduce("amax" if p > 0 else "amin", a, dim, keepdim)
        elif p == 1:
            r = rd.reduce("sum", a, dim, keepdim)
        else:
            r = ew.apply("pow", [rd.reduce("sum", ew.apply("pow", [a, p]), dim, keepdim),
                                 1.0 / p])
    if r._dtype is not dt:
        r = ew.cast(r, dt)
    return ew.finish(r, out)
