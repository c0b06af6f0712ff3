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


def nll_loss_check(input, target, weight):
    """The class count of nll_loss's input, after PyTorch's checks of the shapes and dtypes
    (the cuda backend checks with this too)."""
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
    return n_classes


def check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def nll_picks(input, target, weight, ignore_index):
    """(safe target, per-element weight, whether no target is ignored): numpy arrays shaped
    like the target; raises PyTorch's errors for bad targets before anything is computed."""
    n_classes = nll_loss_check(input, target, weight)
    return _picks(target.numpy_view(), None if weight is None else weight.numpy_view(),
                  ignore_index, input._dtype.np, n_classes)


def _picks(t, weight, ignore_index, dt, n_classes):
    """(safe target, per-element weight, whether no target is ignored) from numpy target
    and weight (or None); a target outside [0, n_classes) raises PyTorch's IndexError
    before any weight is read."""
    valid = t != ignore_index
    all_valid = bool(valid.all())
    safe = t if all_valid else np.where(valid, t, 0)
    # one comparison finds both negative and too large targets (as unsigned, -1 is huge)
    if safe.size and (safe.view(np.uint64) >= n_classes).any():
        bad = (safe < 0) | (safe >= n_classes)
        raise IndexError(f"Target {int(safe[bad][0])} is out of bounds.")
    if weight is None:
        w = valid.astype(dt)
    else:        # where(), not valid * weight: an ignored target's weight may be inf or nan
        w = np.where(valid, weight[safe], 0).astype(dt)
    return safe, w, all_valid


def nll_loss_coefficients(target, weight, input_shape, dtype, reduction, ignore_index):
    """d loss / d input of nll_loss for a unit upstream gradient: -w at each row's target
    class (divided by the total weight for 'mean'), zero elsewhere. Its own op so that
    each device makes it where the gradient lives."""
    safe, w, _ = _picks(target.numpy_view(), None if weight is None else weight.numpy_view(),
                        ignore_index, dtype.np, input_shape[1 if len(input_shape) > 1 else 0])
    if reduction == "mean":
        total = w.sum()
        w = w / total if total else w * 0       # every target ignored: zero gradient, as torch
    coef = np.zeros(input_shape, dtype=dtype.np)
    if coef.ndim == 1:
        coef[safe] = -w
    elif coef.ndim == 2:
        coef[np.arange(coef.shape[0]), safe] = -w
    else:
        np.put_along_axis(coef, safe[:, None], -w[:, None], axis=1)
    return from_result(coef, dtype.np)


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
    check_reduction(reduction)
    safe, w, all_valid = nll_picks(input, target, weight, ignore_index)
    x = input.numpy_view()
    if x.ndim == 2:
        picked = x[np.arange(x.shape[0]), safe]
    else:
        rows, s = _classes_last(x, safe)
        picked = rows[np.arange(rows.shape[0]), s].reshape(safe.shape)
    # An ignored target contributes +0. (not -picked * 0, which is -0. or NaN).
    losses = -picked if weight is None and all_valid else np.where(target.numpy_view() != ignore_index, -picked * w, 0)
    if reduction == "none":
        return from_result(losses, input._dtype.np)
    total = losses.sum(dtype=np.float64 if x.dtype == np.float64 else np.float32)
    if reduction == "mean":
        count = w.sum()
        if count:
            total = total / count
        else:           # every target ignored: 0/0 = nan, silently as torch
            total = np.float32("nan")
    return from_result(np.asarray(total), input._dtype.np)


def_op("nll_loss", nll_loss, method=False)
def_op("_nll_loss_coefficients", nll_loss_coefficients, function=False, method=False)
