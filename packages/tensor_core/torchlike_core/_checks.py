"""Argument checks that many op modules share, each raising PyTorch's exception type with
its wording (tests compare the messages)."""
import numpy as np

from . import _dtype
from ._tensor import TensorBase


def require_tensor(x, fname, argname="input", position=1):
    """PyTorch's argument-parser TypeError where a Tensor is required; `position` None for
    the arguments PyTorch names without one (out=, keyword-style arguments)."""
    if not isinstance(x, TensorBase):
        where = "" if position is None else f" (position {position})"
        raise TypeError(f"{fname}(): argument '{argname}'{where} must be Tensor, not "
                        f"{type(x).__name__}")


def not_implemented(kernel, dt):
    """PyTorch's error for a dtype that kernel `kernel` has no instance for. Returned, not
    raised: callers write `raise not_implemented(...)` so the control flow stays visible."""
    return NotImplementedError(f"\"{kernel}\" not implemented for '{dt.legacy_name}'")


# The C type names PyTorch's "value cannot be converted" message uses.
_C_NAMES = {"bool": "bool", "uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t",
            "int32": "int", "int64": "int64_t", "float16": "c10::Half", "float32": "float",
            "float64": "double"}


def _overflow(dt):
    # Built by a helper and raised at once: an exception kept in a local of a frame on its own
    # traceback makes a reference cycle that keeps the tensors of those frames alive until the
    # cycle collector runs.
    return RuntimeError(f"value cannot be converted to type {_C_NAMES[dt.name]} without overflow")


# (lowest, highest) of each integer dtype, and float32's largest finite value: looked up on
# every fill, so worked out once.
_INT_RANGE = {name: (int(np.iinfo(name).min), int(np.iinfo(name).max))
              for name in ("uint8", "int8", "int16", "int32", "int64")}
_F32_MAX = float(np.finfo(np.float32).max)


def check_scalar(value, dt):
    """Refuse a Python scalar that does not fit `dt`, as PyTorch's checked conversion does
    (x[i] = v, index_fill, scatter; check_fill_value for fill_, full and the like).

    Returns the value to store (complex numbers with a zero imaginary part become real).
    """
    if type(value) is float and dt.is_floating_point:      # the common case, kept short
        if dt is _dtype.float32 and float("inf") != abs(value) > _F32_MAX:
            raise _overflow(dt)
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    limits = _INT_RANGE.get(dt.name)
    if isinstance(value, (int, np.integer)):
        value = int(value)
        if not -2 ** 63 <= value < 2 ** 63:
            raise ValueError("Overflow when unpacking long long")
        if limits is not None:
            lo, hi = limits
            if not (-hi if lo == 0 else lo) <= value <= hi:    # uint8 lets -255..-1 wrap
                raise _overflow(dt)
        return value
    if isinstance(value, complex):
        if value.imag != 0 and dt is not _dtype.bool_:
            raise _overflow(dt)
        value = value.real
    value = float(value)
    if limits is not None:
        if value != value or not float(limits[0]) <= value <= float(limits[1]):
            raise _overflow(dt)
    elif dt is _dtype.float32 and float("inf") != abs(value) > _F32_MAX:
        raise _overflow(dt)
    return value


def check_fill_value(value, dt):
    """check_scalar for the value of fill_, full, masked_fill and padding, which PyTorch
    parses as a Scalar: an int past int64 (up to uint64's range) is read as a double, so
    2 ** 63 fills a float tensor but overflows an integer one."""
    big = isinstance(value, int) and not isinstance(value, bool) and not -2 ** 63 <= value < 2 ** 63
    if big:
        if not -2 ** 63 <= value < 2 ** 64:
            raise OverflowError("int too big to convert")
        if is_integer(dt):
            raise _overflow(dt)
        value = float(value)
    return check_scalar(value, dt)


def is_integer(dt):
    return not dt.is_floating_point and dt is not _dtype.bool_
