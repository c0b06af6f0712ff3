"""Loss kernels that PyTorch computes as one op: nll_loss (cross_entropy is log_softmax
followed by it). One op means one graph node (NllLossBackward0) instead of a dozen."""
import numpy as np

from ._numpy_bridge import from_result
from ._registry import def_op
from ._tensor import TensorBase

_REDUCTIONS = ("none", "mean", "sum")


def _classes_last(x, t):
    """(rows, C) values and (rows,) targets: the class dim of (N, C, d1, ...) moved last."""
    if x.ndim == 1:
        return x[None, :], t.reshape(1)
    return np.moveaxis(x, 1, -1).reshape(-1, x.shape[1]), t.reshape(-1)


def nll_picks(input, target, weight, ignore_index):
    """(safe target, per-element weight) as numpy arrays shaped like the target; raises
    PyTorch's errors for bad targets before anything is computed."""
    if not isinstance(input, TensorBase) or not isinstance(target, TensorBase):
        raise TypeError("nll_loss(): input and target must be Tensors")
    if input.dim() < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.dim()})")
    if target._dtype.name != "int64":
        raise RuntimeError(f"expected scalar type Long but found {target._dtype.legacy_name}")
    shape = input._shape
    expect = shape[:1] + shape[2:] if len(shape) > 1 else ()
    if len(shape) > 1 and target._shape[:1] != shape[:1]:
        raise ValueError(f"Expected input batch_size ({shape[0]}) to match target "
                         f"batch_size ({target.shape[0]}).")
    if target._shape != expect:
        raise RuntimeError(f"Expected target size {list(expect)}, got {list(target.shape)}")
    n_classes = shape[1] if len(shape) > 1 else shape[0]
    _check_weight(input, weight, n_classes)
    t = target.numpy_view()
    valid = t != ignore_index
    safe = t if valid.all() else np.where(valid, t, 0)
    if safe.size and (safe.min() < 0 or safe.max() >= n_classes):
        bad = (safe < 0) | (safe >= n_classes)
        raise IndexError(f"Target {int(safe[bad][0])} is out of bounds.")
    w = valid.astype(input._dtype.np)
    if weight is not None:
        w = w * weight.numpy_view()[safe]
    return safe, w


def _check_weight(input, weight, n_classes):
    """PyTorch checks the class count first, then that the weight has the input's dtype
    (it does not promote: a float64 weight on float32 input is an error)."""
    if weight is None:
        return
    if weight.numel() != n_classes:
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} "
                           f"classes or no classes but got weight tensor of shape: "
                           f"{list(weight.shape)}")
    if weight._dtype is not input._dtype:
        raise RuntimeError(f"expected scalar type {input._dtype.legacy_name} but found "
                           f"{weight._dtype.legacy_name}")


def nll_loss(input, target, weight=None, reduction="mean", ignore_index=-100):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    safe, w = nll_picks(input, target, weight, ignore_index)
    x = input.numpy_view()
    if x.ndim == 2:
        picked = x[np.arange(x.shape[0]), safe]
    else:
        rows, s = _classes_last(x, safe)
        picked = rows[np.arange(rows.shape[0]), s].reshape(safe.shape)
    # An ignored target contributes +0. (not -picked * 0, which is -0. for positive input).
    losses = np.where(target.numpy_view() != ignore_index, -picked * w, 0)
    if reduction == "none":
        return from_result(losses, input._dtype.np)
    total = losses.sum(dtype=np.float64 if x.dtype == np.float64 else np.float32)
    if reduction == "mean":
        with np.errstate(all="ignore"):  # every target ignored: 0/0 = nan, silently as torch
            total = total / w.sum()
    return from_result(np.asarray(total), input._dtype.np)


def_op("nll_loss", nll_loss, method=False)
