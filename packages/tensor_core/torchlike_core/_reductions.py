"""Reductions: sum, nansum, mean, nanmean, prod, max/min, amax/amin, aminmax, argmax/argmin,
var/std (+ _mean), norm, all/any, logsumexp, cumsum/cumprod, count_nonzero.

The compute is numpy over `numpy_view()` (numpy's add.reduce is pairwise along the innermost
loop), except the full sum/mean of a dense float32/float64 tensor, which goes to the
multithreaded pairwise sum in C (`sum_contiguous_float`). Results are fresh numpy arrays wrapped
without a copy. Dtype rules, NaN propagation, empty-input errors and messages follow PyTorch.
"""
import math
import operator
import sys
import types
import warnings

import numpy as np

from . import _dtype
from ._checks import require_tensor
from ._dispatch import call
from ._elementwise import (copy_into, resize_out, can_cast, check_can_cast,
                           sum_contiguous_float, sum_all_contiguous)
from ._loops import take_along
from ._numpy_bridge import from_fresh as _wrap
from ._registry import def_op, FUNCTIONS
from ._tensor import TensorBase, _empty, _view, wrap_dim
from ._memory_format import _dense_order

_bool, _int64, _float32, _float64 = _dtype.bool_, _dtype.int64, _dtype.float32, _dtype.float64
_F16, _F32, _F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)


# ---- torch.return_types ------------------------------------------------------------------

return_types = types.ModuleType("torchlike_core.return_types",
                                "Named-tuple results of ops like max(dim) (torch.return_types).")
sys.modules[return_types.__name__] = return_types   # so that pickling finds the classes
FUNCTIONS["return_types"] = return_types


class _StructSeq(tuple):
    """A tuple with named fields that prints like PyTorch's torch.return_types.*."""
    __slots__ = ()
    _fields = ()

    def __new__(cls, sequence):
        seq = tuple(sequence)
        if len(seq) != len(cls._fields):
            raise TypeError(f"torch.return_types.{cls.__name__}() takes a {len(cls._fields)}-"
                            f"sequence ({len(seq)}-sequence given)")
        return tuple.__new__(cls, seq)

    def __repr__(self):
        body = ",\n".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"torch.return_types.{type(self).__name__}(\n{body})"

    def __reduce__(self):
        return (type(self), (tuple(self),))


def _return_type(name, fields):
    body = {"__slots__": (), "_fields": fields, "n_fields": len(fields),
            "n_sequence_fields": len(fields), "n_unnamed_fields": 0,
            "__module__": return_types.__name__, "__qualname__": name}
    for i, field in enumerate(fields):
        body[field] = property(operator.itemgetter(i), doc=f"Alias for field number {i}")
    cls = type(name, (_StructSeq,), body)
    setattr(return_types, name, cls)
    return cls


_MaxT = _return_type("max", ("values", "indices"))
_MinT = _return_type("min", ("values", "indices"))
_MaxOutT = _return_type("max_out", ("values", "indices"))
_MinOutT = _return_type("min_out", ("values", "indices"))
_AminmaxT = _return_type("aminmax", ("min", "max"))
_AminmaxOutT = _return_type("aminmax_out", ("min", "max"))


# ---- shared pieces -----------------------------------------------------------------------

# C++ type names, as PyTorch's "Expected out tensor to have dtype ..." message spells them.
_CPP_NAMES = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char",
              "int16": "short int", "int32": "int", "int64": "long int",
              "float16": "c10::Half", "float32": "float", "float64": "double"}


def _out_dtype_error(expected, got):
    return RuntimeError(f"Expected out tensor to have dtype {_CPP_NAMES[expected.name]}, "
                        f"but got {_CPP_NAMES[got.name]} instead")


def _check_out(out, name):
    require_tensor(out, name, "out", None)


def _axes(dim, ndim):
    """The numpy axes that `dim` reduces; None means every axis.

    dim None, () and [] reduce everything; a 0-d tensor accepts dims 0 and -1 and reduces its
    one element. Repeated dims are PyTorch's RuntimeError.
    """
    if dim is None:
        return None
    if isinstance(dim, (tuple, list)):
        if not dim:
            return None
        axes = tuple([wrap_dim(d, ndim) for d in dim])
        if len(set(axes)) != len(axes):
            seen = set()
            for a in axes:
                if a in seen:
                    raise RuntimeError(f"dim {a} appears multiple times in the list of dims")
                seen.add(a)
        return None if ndim == 0 else axes
    d = wrap_dim(dim, ndim)
    return None if ndim == 0 else (d,)


def _int_dim(dim, name, ndim):
    """A single wrapped dim for ops that take exactly one int (prod, argmax, cumsum, ...)."""
    if isinstance(dim, (tuple, list)) or dim is None:
        raise TypeError(f"{name}(): argument 'dim' (position 2) must be int, "
                        f"not {type(dim).__name__}")
    return wrap_dim(dim, ndim)


def _count(shape, axes):
    """How many elements each output element reduces."""
    n = 1
    for a in (range(len(shape)) if axes is None else axes):
        n *= shape[a]
    return n


def _acc_dtype(arr, compute, axes):
    """The numpy dtype to accumulate a sum of `arr` in, for a result of dtype `compute`.

    numpy sums pairwise only along its innermost loop; over any other layout it adds row by
    row and the float32 error grows with the count (1e-5 relative for 1000 rows), where
    PyTorch's cascade sum stays near 1e-7. Those float32 sums accumulate in float64.
    """
    if compute == _F16:
        return _F32                      # as PyTorch: half sums accumulate in float
    if compute == _F32 and not _pairwise(arr, axes) and _count(arr.shape, axes) > _SHORT_SUM:
        return _F64
    return compute


# Up to this many terms per result a float32 row-by-row sum stays within about 1e-6 of the
# exact value, as close as PyTorch's, and the float64 detour would cost 4x (the bias
# gradient of every Linear layer is such a sum over the batch).
_SHORT_SUM = 128


def _pairwise(arr, axes):
    """Whether numpy's reduction of `arr` over `axes` runs as one pairwise inner loop."""
    if axes is None:
        return arr.flags.c_contiguous    # numpy flattens it to one 1-d loop
    return len(axes) == 1 and arr.strides[axes[0]] == arr.itemsize


def _sum_array(arr, axes, keepdim, dt):
    """sum of numpy `arr` over `axes` for a result of dtype `dt` (returned in the accumulation
    dtype, which may be wider; the caller casts)."""
    compute = dt.np
    if arr.dtype != compute and not np.can_cast(arr.dtype, compute, "same_kind"):
        arr = arr.astype(compute)        # float -> int or int -> bool: cast each value first
    return np.add.reduce(arr, axis=axes, dtype=_acc_dtype(arr, compute, axes),
                         keepdims=keepdim)


def _store(r, dt, out):
    """Wrap numpy result `r` as dtype `dt`, or write it into out= (resized as PyTorch does)."""
    res = _wrap(r, dt)
    if out is None:
        return res
    if out._shape != res._shape:
        resize_out(out, res._shape)
    return copy_into(out, res)


def _dense_flat(t):
    """A 1-d contiguous view of all of t's elements when they fill one block of memory in some
    order (contiguous, transposed, permuted); None otherwise. Order does not matter to a sum."""
    if t.is_contiguous():
        return t
    if _dense_order(t) is None:
        return None
    return _view(t, (t.numel(),), (1,), t._offset)


def _fast_full_sum(input, dt, axes):
    """The C pairwise sum of every element, or None where it does not apply."""
    if (dt is input._dtype and (dt is _float32 or dt is _float64) and input.numel() != 0
            and (axes is None or len(axes) == len(input._shape))):
        flat = _dense_flat(input)
        if flat is not None:
            return sum_contiguous_float(flat)
    return None


def _store_value(value, input, keepdim, dt, out):
    """A full reduction's Python number as a tensor shaped like PyTorch's result (or into out)."""
    t = _empty((1,) * len(input._shape) if keepdim else (), dt)
    t.numpy_view()[...] = value
    if out is None:
        return t
    if out._shape != t._shape:
        resize_out(out, t._shape)
    return copy_into(out, t)


def _sum_like_dtype(input, dtype, out, name, mismatch=None):
    """The result dtype of sum/prod/cumsum: dtype=, else out's dtype, else ints -> int64."""
    if out is not None:
        _check_out(out, name)
    if dtype is not None:
        dt = _dtype.to_dtype(dtype)
        if out is not None and out._dtype is not dt:
            raise mismatch(dt, out._dtype) if mismatch else _out_dtype_error(dt, out._dtype)
        return dt
    if out is not None:
        return out._dtype
    return input._dtype if input._dtype.is_floating_point else _int64


# ---- sum, nansum, mean, nanmean, prod ----------------------------------------------------

def _sum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """sum(input, dim=None, keepdim=False, *, dtype=None, out=None): ints and bool sum to int64."""
    if dim is None and dtype is None and out is None and not keepdim:
        fast = sum_all_contiguous(input)
        if fast is not None:
            return fast
    dt = _sum_like_dtype(input, dtype, out, "sum")
    axes = _axes(dim, len(input._shape))
    fast = _fast_full_sum(input, dt, axes)
    if fast is not None:
        return _store_value(fast, input, keepdim, dt, out)
    return _store(_sum_array(input.numpy_view(), axes, keepdim, dt), dt, out)


def _nansum_mismatch(dt, got):
    return RuntimeError(f"nansum: provided dtype must match dtype of result. "
                        f"Got {got.legacy_name} and {dt.legacy_name}.")


def nansum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """sum treating NaN as zero."""
    dt = _sum_like_dtype(input, dtype, out, "nansum", _nansum_mismatch)
    arr = input.numpy_view()
    if arr.dtype.kind == "f":
        arr = np.where(np.isnan(arr), arr.dtype.type(0), arr)
    axes = _axes(dim, arr.ndim)
    return _store(_sum_array(arr, axes, keepdim, dt), dt, out)


def _float_dtype(input, dtype, name):
    """The floating result dtype of mean/nanmean (PyTorch refuses to infer one for ints)."""
    if dtype is None:
        if not input._dtype.is_floating_point:
            raise RuntimeError(f"{name}(): could not infer output dtype. Input dtype must be "
                               f"either a floating point or complex dtype. "
                               f"Got: {input._dtype.legacy_name}")
        return input._dtype
    dt = _dtype.to_dtype(dtype)
    if not dt.is_floating_point:
        raise RuntimeError(f"{name}(): could not infer output dtype. Optional dtype must be "
                           f"either a floating point or complex dtype. Got: {dt.legacy_name}")
    return dt


def _check_mean_out(out, dt, dtype, name):
    if out is not None:
        _check_out(out, name)
        if dtype is not None and out._dtype is not dt:
            raise _out_dtype_error(dt, out._dtype)
        check_can_cast(dt, out._dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """mean(input, dim=None, keepdim=False, *, dtype=None, out=None); floating point only."""
    dt = _float_dtype(input, dtype, "mean")
    _check_mean_out(out, dt, dtype, "mean")
    axes = _axes(dim, len(input._shape))
    count = _count(input._shape, axes)
    fast = _fast_full_sum(input, dt, axes)
    if fast is not None:
        return _store_value(fast / count, input, keepdim, dt, out)
    s = _sum_array(input.numpy_view(), axes, keepdim, dt)
    with np.errstate(invalid="ignore", divide="ignore"):     # empty: 0/0 is nan, as PyTorch
        return _store(s / count, dt, out)


def nanmean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """mean over the non-NaN elements."""
    if not input._dtype.is_floating_point:
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype "
                           f"but got {input._dtype.legacy_name}")
    dt = _float_dtype(input, dtype, "nanmean")
    _check_mean_out(out, dt, dtype, "nanmean")
    arr = input.numpy_view()
    isnan = np.isnan(arr)
    axes = _axes(dim, arr.ndim)
    s = _sum_array(np.where(isnan, arr.dtype.type(0), arr), axes, keepdim, dt)
    n = np.add.reduce(~isnan, axis=axes, dtype=np.int64, keepdims=keepdim)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _store(s / n, dt, out)


def prod(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """prod(input, *, dtype=None) or prod(input, dim: int, keepdim=False, *, dtype=None, out=None)."""
    dt = _sum_like_dtype(input, dtype, out, "prod")
    arr = input.numpy_view()
    axes = None
    if dim is not None:
        d = _int_dim(dim, "prod", arr.ndim)
        axes = (d,) if arr.ndim else None
    compute = dt.np
    if arr.dtype != compute and not np.can_cast(arr.dtype, compute, "same_kind"):
        arr = arr.astype(compute)
    acc = _F32 if compute == _F16 else compute
    return _store(np.multiply.reduce(arr, axis=axes, dtype=acc, keepdims=keepdim), dt, out)


# ---- max, min, amax, amin, aminmax, argmax, argmin ---------------------------------------

def _arg_along(arr, d, keepdim, is_max):
    """(indices, values) of the max/min along axis d; first occurrence, NaN wins (numpy's
    argmax/argmin return the first NaN, as PyTorch)."""
    idx = (np.argmax if is_max else np.argmin)(arr, axis=d, keepdims=True)
    values = take_along(arr, idx, d)
    if not keepdim:
        idx, values = idx.squeeze(d), values.squeeze(d)
    return idx, values


def _max_min(name, is_max, input, dim, keepdim, other, out):
    if isinstance(dim, TensorBase):                  # max(input, other): the elementwise form
        dim, other = None, dim
    if other is not None:
        return call("maximum" if is_max else "minimum", (input, other),
                    None if out is None else {"out": out})
    arr = input.numpy_view()
    if dim is None:
        if arr.size == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                               f"input.numel() == 0. Specify the reduction dim with the 'dim' "
                               f"argument.")
        r = (np.maximum if is_max else np.minimum).reduce(arr, axis=None, keepdims=keepdim)
        if out is not None:
            _check_out(out, name)
            if not can_cast(input._dtype, out._dtype):
                raise RuntimeError(
                    "Expected canCast( typeMetaToScalarType(self.dtype()), typeMetaToScalarType("
                    "out.dtype())) to be true, but got false.  (Could this error message be "
                    "improved?  If so, please report an enhancement request to PyTorch.)")
        return _store(r, input._dtype, out)
    d = _int_dim(dim, name, arr.ndim)
    if arr.ndim == 0:
        idx, values = np.zeros((), np.int64), arr.copy()
    else:
        if arr.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
        idx, values = _arg_along(arr, d, keepdim, is_max)
    if out is None:
        return (_MaxT if is_max else _MinT)((_wrap(values, input._dtype), _wrap(idx, _int64)))
    vout, iout = _check_out_pair(out, name, input._dtype, _int64)
    return (_MaxOutT if is_max else _MinOutT)((_store(values, input._dtype, vout),
                                               _store(idx, _int64, iout)))


def _check_out_pair(out, name, dt0, dt1):
    """out=(a, b) of ops returning two tensors; each must have exactly the result's dtype."""
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors, "
                        f"not {type(out).__name__}")
    for o, dt in zip(out, (dt0, dt1)):
        _check_out(o, name)
        if o._dtype is not dt:
            raise _out_dtype_error(dt, o._dtype)
    return out


def _max(input, dim=None, keepdim=False, *, other=None, out=None):
    """max(input), max(input, dim, keepdim=False) -> (values, indices), max(input, other)."""
    return _max_min("max", True, input, dim, keepdim, other, out)


def _min(input, dim=None, keepdim=False, *, other=None, out=None):
    """min(input), min(input, dim, keepdim=False) -> (values, indices), min(input, other)."""
    return _max_min("min", False, input, dim, keepdim, other, out)


def _amax_amin(name, ufunc, input, dim, keepdim, out):
    arr = input.numpy_view()
    axes = _axes(dim, arr.ndim)
    if arr.size == 0:
        if axes is None:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                               f"input.numel() == 0. Specify the reduction dim with the 'dim' "
                               f"argument.")
        for given, a in zip(dim if isinstance(dim, (tuple, list)) else (dim,), axes):
            if arr.shape[a] == 0:       # PyTorch names the dim as it was given
                raise IndexError(f"{name}(): Expected reduction dim {given} to have "
                                 f"non-zero size.")
    if out is not None:
        _check_out(out, name)
        if out._dtype is not input._dtype:
            raise RuntimeError(f"Expected the dtype for input and out to match, but got "
                               f"{input._dtype.legacy_name} for input's dtype and "
                               f"{out._dtype.legacy_name} for out's dtype.")
    return _store(ufunc.reduce(arr, axis=axes, keepdims=keepdim), input._dtype, out)


def amax(input, dim=None, keepdim=False, *, out=None):
    """The maximum over dim (an int or a tuple of ints); NaN propagates."""
    return _amax_amin("amax", np.maximum, input, dim, keepdim, out)


def amin(input, dim=None, keepdim=False, *, out=None):
    """The minimum over dim (an int or a tuple of ints); NaN propagates."""
    return _amax_amin("amin", np.minimum, input, dim, keepdim, out)


def aminmax(input, *, dim=None, keepdim=False, out=None):
    """(min, max) over all elements or over one dim: amin and amax, dispatched, so that the
    autograd layer records them (a composite) and any device runs it."""
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                               "operation has no identity.")
    else:
        if isinstance(dim, (tuple, list)):
            raise TypeError(f"aminmax(): argument 'dim' must be int, not {type(dim).__name__}")
        d = wrap_dim(dim, input.dim())
        if input.dim() and input._shape[d] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {d} to have non-zero size.")
    args = (input, None if dim is None or not input.dim() else d, keepdim)
    dt = input._dtype
    if out is None:
        return _AminmaxT((call("amin", args, None), call("amax", args, None)))
    lout, hout = _check_out_pair(out, "aminmax", dt, dt)
    return _AminmaxOutT((call("amin", args, {"out": lout}), call("amax", args, {"out": hout})))


def _argmax_argmin(name, is_max, input, dim, keepdim, out):
    if input._dtype is _bool:
        raise RuntimeError(f"{name}(): does not support bool input")
    arr = input.numpy_view()
    fn = np.argmax if is_max else np.argmin
    if dim is None:                      # an index into the flattened (C-order) tensor
        if arr.size == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                             f"input.numel() == 0.")
        r = np.asarray(fn(arr))
        if keepdim:
            r = r.reshape((1,) * arr.ndim)
    else:
        d = _int_dim(dim, name, arr.ndim)
        if arr.ndim == 0:
            r = np.zeros((), np.int64)
        else:
            if arr.shape[d] == 0:
                raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
            r = fn(arr, axis=d, keepdims=keepdim)
    if out is not None:
        _check_out(out, name)
        if out._dtype is not _int64:
            raise _out_dtype_error(_int64, out._dtype)
    return _store(r, _int64, out)


def argmax(input, dim=None, keepdim=False, *, out=None):
    """Index of the first maximum (of the flattened tensor when dim is None); NaN counts as max."""
    return _argmax_argmin("argmax", True, input, dim, keepdim, out)


def argmin(input, dim=None, keepdim=False, *, out=None):
    """Index of the first minimum (of the flattened tensor when dim is None); NaN counts as min."""
    return _argmax_argmin("argmin", False, input, dim, keepdim, out)


# ---- var, std, var_mean, std_mean ---------------------------------------------------------

def moment_args(name, input, dim, unbiased, correction):
    """(dim, correction) of var/std(_mean) after PyTorch's checks, the legacy
    var(input, unbiased) overload included; the cuda backend checks with this too."""
    if isinstance(dim, bool):            # var(input, unbiased): PyTorch's legacy overload
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(f"{name}(): pass either 'unbiased' or 'correction', not both")
    if correction is None:
        correction = 0 if unbiased is False else 1
    if not input._dtype.is_floating_point:
        raise RuntimeError(_VAR_MSG if name in ("var", "std") else
                           f"{name} only support floating point and complex dtypes")
    return dim, correction


def _moments(name, input, dim, unbiased, keepdim, correction):
    """(variance, mean) as numpy arrays in the accumulation dtype."""
    dim, correction = moment_args(name, input, dim, unbiased, correction)
    arr = input.numpy_view()
    axes = _axes(dim, arr.ndim)
    count = _count(arr.shape, axes)
    acc = _acc_dtype(arr, arr.dtype, axes)
    dof = count - correction
    if dof <= 0:
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly "
                      f"less than the reduction factor (input numel divided by output numel).",
                      UserWarning, stacklevel=4)
    with np.errstate(invalid="ignore", divide="ignore"):
        m = np.add.reduce(arr, axis=axes, dtype=acc, keepdims=True) / count
        dev = arr - m                    # two passes: exact for data far from zero
        var = np.add.reduce(dev * dev, axis=axes, keepdims=keepdim) / max(0, dof)
    if not keepdim:
        m = m.reshape(var.shape)
    return var, m


_VAR_MSG = "std and var only support floating point and complex dtypes"


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    """var(input, dim=None, *, correction=1, keepdim=False, out=None); legacy unbiased= too."""
    if out is not None:
        _check_out(out, "var")
    v, _ = _moments("var", input, dim, unbiased, keepdim, correction)
    if out is not None:
        check_can_cast(input._dtype, out._dtype)
    return _store(v, input._dtype, out)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    """std(input, dim=None, *, correction=1, keepdim=False, out=None); legacy unbiased= too."""
    if out is not None:
        _check_out(out, "std")
    v, _ = _moments("std", input, dim, unbiased, keepdim, correction)
    if out is not None:
        check_can_cast(input._dtype, out._dtype)
    return _store(np.sqrt(v), input._dtype, out)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean), computed together."""
    v, m = _moments("var_mean", input, dim, unbiased, keepdim, correction)
    return (_wrap(v, input._dtype), _wrap(m, input._dtype))


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean), computed together."""
    v, m = _moments("std_mean", input, dim, unbiased, keepdim, correction)
    return (_wrap(np.sqrt(v), input._dtype), _wrap(m, input._dtype))


# ---- norm ------------------------------------------------------------------------------

def _p_text(p):
    return f"{float(p):g}"               # PyTorch prints the order as a double: 2, -0.5, inf


def check_norm(input, p, dim, out, dtype):
    """(p as a float, the result dtype) of norm after PyTorch's checks (the cuda backend
    makes them too)."""
    if p is None:
        p = "fro"
    if isinstance(p, str):
        if p == "nuc":
            raise NotImplementedError("norm(p='nuc') (the nuclear norm) is not implemented "
                                      "in torchlike")
        if p != "fro":
            raise RuntimeError(f"linalg.matrix_norm: Order {p} not supported.")
        if isinstance(dim, (tuple, list)) and len(dim) > 2:
            raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. "
                               f"Got {' '.join(str(d) for d in dim)}")
        p = 2
    src = input._dtype
    if not src.is_floating_point:
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {src.legacy_name}")
    dt = src
    if dtype is not None:
        dt = _dtype.to_dtype(dtype)
        if _dtype.promote_types(src, dt) is not dt:
            raise RuntimeError(f"linalg.vector_norm: the dtype of the input ({src.legacy_name}) "
                               f"should be convertible without narrowing to the specified dtype "
                               f"({dt.legacy_name})")
    if out is not None:
        _check_out(out, "norm")
        if out._dtype is not dt:
            raise _out_dtype_error(dt, out._dtype)
    shape = input._shape
    axes = _axes(dim, len(shape))
    p = float(p)
    if (p < 0 or p == math.inf) and input.numel() == 0:    # max/min of nothing has no value
        if axes is None:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {_p_text(p)} norm on an "
                               f"empty tensor because the operation does not have an identity")
        for given, a in zip(dim if isinstance(dim, (tuple, list)) else (dim,), axes):
            if shape[a] == 0:
                raise RuntimeError(f"linalg.vector_norm cannot compute the {_p_text(p)} norm on "
                                   f"the dimension {given}because this dimension is empty and "
                                   f"the operation does not have an identity")
    return p, dt


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """The vector p-norm over dim (all elements by default): p = 'fro' (2), inf, -inf, 0 (the
    count of non-zeros), or any real number. The nuclear norm is not implemented."""
    p, dt = check_norm(input, p, dim, out, dtype)
    arr = input.numpy_view()
    axes = _axes(dim, arr.ndim)
    compute = _F32 if dt.np == _F16 else dt.np
    x = arr.astype(compute, copy=False)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        if p == 2:                       # the common case: no abs() pass needed
            sq = x * x
            r = np.sqrt(np.add.reduce(sq, axis=axes, dtype=_acc_dtype(sq, compute, axes),
                                      keepdims=keepdim))
        elif p == 0:
            r = np.add.reduce(x != 0, axis=axes, dtype=compute, keepdims=keepdim)
        else:
            a = np.abs(x)
            if p == math.inf:
                r = np.maximum.reduce(a, axis=axes, keepdims=keepdim)
            elif p == -math.inf:
                r = np.minimum.reduce(a, axis=axes, keepdims=keepdim)
            else:
                if p != 1:
                    a = a ** p
                r = np.add.reduce(a, axis=axes, dtype=_acc_dtype(a, compute, axes),
                                  keepdims=keepdim)
                if p != 1:
                    r = r ** (1.0 / p)
    return _store(r, dt, out)


# ---- all, any, count_nonzero, logsumexp ----------------------------------------------------

def _all_any(name, fn, input, dim, keepdim, out):
    # PyTorch keeps uint8 for uint8 input (a relic of masks being uint8); bool for the rest.
    dt = _dtype.uint8 if input._dtype is _dtype.uint8 else _bool
    if out is not None:
        _check_out(out, name)
        if out._dtype is not _bool and out._dtype is not _dtype.uint8:
            raise RuntimeError(f"{name} only supports bool tensor for result, "
                               f"got: {out._dtype.legacy_name}")
    arr = input.numpy_view()
    return _store(fn(arr, axis=_axes(dim, arr.ndim), keepdims=keepdim), dt, out)


def _all(input, dim=None, keepdim=False, *, out=None):
    """True where every element over dim is non-zero (NaN is non-zero)."""
    return _all_any("all", np.all, input, dim, keepdim, out)


def _any(input, dim=None, keepdim=False, *, out=None):
    """True where some element over dim is non-zero (NaN is non-zero)."""
    return _all_any("any", np.any, input, dim, keepdim, out)


def count_nonzero(input, dim=None):
    """The number of non-zero elements over dim (an int, a tuple of ints or None); int64."""
    arr = input.numpy_view()
    return _wrap(np.count_nonzero(arr, axis=_axes(dim, arr.ndim)), _int64)


def logsumexp(input, dim, keepdim=False, *, out=None):
    """log(sum(exp(input))) over dim, shifted by the maximum so that it neither overflows nor
    underflows; ints compute in the default float dtype."""
    if dim is None:
        raise TypeError("logsumexp(): argument 'dim' (position 2) must be tuple of ints, "
                        "not NoneType")
    dt = input._dtype if input._dtype.is_floating_point else _dtype.get_default_dtype()
    if out is not None:
        _check_out(out, "logsumexp")
        if not out._dtype.is_floating_point:
            raise RuntimeError(f"logsumexp(): Expected floating point type for result tensor, "
                               f"but got: {out._dtype.legacy_name}")
    arr = input.numpy_view()
    compute = _F32 if dt.np == _F16 else dt.np
    x = arr.astype(compute, copy=False)
    axes = _axes(dim, arr.ndim)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        m = np.maximum.reduce(x, axis=axes, keepdims=True, initial=-np.inf)
        # An infinite max would make x - m nan (inf - inf); PyTorch shifts by 0 there instead.
        m = np.where(np.isinf(m), compute.type(0), m)
        e = np.exp(x - m)
        s = np.add.reduce(e, axis=axes, keepdims=keepdim, dtype=_acc_dtype(e, compute, axes))
        r = np.log(s) + (m if keepdim else m.reshape(s.shape))
    return _store(r, dt, out)


# ---- cumsum, cumprod -------------------------------------------------------------------

def _cumulative(name, ufunc, input, dim, dtype, out):
    dt = _sum_like_dtype(input, dtype, out, name)
    arr = input.numpy_view()
    d = _int_dim(dim, name, arr.ndim)
    compute = dt.np
    if arr.dtype != compute and not np.can_cast(arr.dtype, compute, "same_kind"):
        arr = arr.astype(compute)
    # PyTorch's CPU scans accumulate floats in double (half in float).
    acc = _F64 if compute == _F32 else _F32 if compute == _F16 else compute
    if arr.ndim == 0:
        r = arr.astype(acc)              # a fresh copy: the scan of one element is itself
    else:
        r = ufunc.accumulate(arr, axis=d, dtype=acc)
    return _store(r, dt, out)


def cumsum(input, dim, *, dtype=None, out=None):
    """Running sum along dim; ints and bool accumulate in int64."""
    return _cumulative("cumsum", np.add, input, dim, dtype, out)


def cumprod(input, dim, *, dtype=None, out=None):
    """Running product along dim; ints and bool accumulate in int64."""
    return _cumulative("cumprod", np.multiply, input, dim, dtype, out)


def _cumulative_(name, ufunc):
    def inplace(self, dim, *, dtype=None):
        if self._dtype is _bool:
            raise NotImplementedError(f"\"{name}_out_cpu\" not implemented for 'Bool'")
        return copy_into(self, _cumulative(name, ufunc, self, dim,
                                           self._dtype if dtype is None else dtype, None))
    inplace.__name__ = name + "_"
    inplace.__doc__ = f"In-place {name} (the result is cast to self's dtype)."
    return inplace


# ---- registration ----------------------------------------------------------------------

# (sum, max, min, all, any are underscored so that the builtins keep their names here)
for _name, _kernel in [("sum", _sum), ("nansum", nansum), ("mean", mean), ("nanmean", nanmean),
                       ("prod", prod), ("max", _max), ("min", _min), ("amax", amax),
                       ("amin", amin), ("aminmax", aminmax), ("argmax", argmax),
                       ("argmin", argmin), ("var", var), ("std", std), ("norm", norm),
                       ("all", _all), ("any", _any), ("count_nonzero", count_nonzero),
                       ("logsumexp", logsumexp), ("cumsum", cumsum), ("cumprod", cumprod)]:
    def_op(_name, _kernel)
def_op("var_mean", var_mean, method=False)      # PyTorch has no Tensor.var_mean/std_mean
def_op("std_mean", std_mean, method=False)
def_op("cumsum_", _cumulative_("cumsum", np.add), function=False)
def_op("cumprod_", _cumulative_("cumprod", np.multiply), function=False)
