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


def check_scalar(value, dt):
    """Refuse a Python scalar that does not fit `dt`, as PyTorch's checked conversion does
    (x[i] = v, index_fill, scatter; check_fill_value for fill_, full and the like).

    Returns the value to store (complex numbers with a zero imaginary part become real).
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        value = int(value)
        if not -2 ** 63 <= value < 2 ** 63:
            raise ValueError("Overflow when unpacking long long")
        if is_integer(dt):
            hi = int(np.iinfo(dt.np).max)
            lo = -hi if not dt.is_signed else int(np.iinfo(dt.np).min)   # uint8 lets -255..-1 wrap
            if not lo <= value <= hi:
                raise _overflow(dt)
        return value
    if isinstance(value, complex):
        if value.imag != 0 and dt is not _dtype.bool_:
            raise _overflow(dt)
        value = value.real
    value = float(value)
    if is_integer(dt):
        info = np.iinfo(dt.np)
        if value != value or not float(info.min) <= value <= float(info.max):
            raise _overflow(dt)
    elif dt is _dtype.float32 and float("inf") != abs(value) > float(np.finfo(np.float32).max):
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
