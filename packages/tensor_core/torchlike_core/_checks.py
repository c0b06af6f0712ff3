"""Argument checks that many op modules share, each raising PyTorch's exception type with
its wording (tests compare the messages)."""
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
