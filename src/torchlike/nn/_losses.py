"""Elementwise losses built from differentiable ops (so their gradients, and gradients of
gradients, come from the formulas of those ops): mse, l1, smooth_l1, huber,
binary_cross_entropy (with and without logits) and kl_div, with PyTorch's formulas, checks
and messages. cross_entropy and nll_loss are in functional.py (nll_loss is one core op)."""
import warnings

import torchlike_core as T
from torchlike_autograd import Function


def reduce_loss(loss, reduction):
    """The elementwise `loss` reduced as `reduction` asks ('mean', 'sum' or 'none')."""
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def legacy_reduction(size_average, reduce, reduction):
    """The reduction the deprecated size_average/reduce arguments ask for, as PyTorch maps
    them; `reduction` when neither is given."""
    if size_average is None and reduce is None:
        return reduction
    legacy = "none" if reduce is False else "sum" if size_average is False else "mean"
    warnings.warn("size_average and reduce args will be deprecated, please use "
                  f"reduction='{legacy}' instead.", UserWarning, stacklevel=3)
    return legacy


def _warn_if_broadcast(input, target, stacklevel=3):
    """PyTorch's regression losses accept a target of another shape (it broadcasts) but
    warn, since that is rarely what was meant."""
    if target.shape != input.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=stacklevel)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    _warn_if_broadcast(input, target)
    loss = (input - target) ** 2
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, legacy_reduction(size_average, reduce, reduction))


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    _warn_if_broadcast(input, target)
    loss = (input - target).abs()
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, legacy_reduction(size_average, reduce, reduction))


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere (beta 0: the l1 loss)."""
    _warn_if_broadcast(input, target)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    reduction = legacy_reduction(size_average, reduce, reduction)
    d = (input - target).abs()
    if beta == 0:
        return reduce_loss(d, reduction)
    return reduce_loss(T.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 d^2 where |d| < delta, delta (|d| - 0.5 delta) elsewhere."""
    _warn_if_broadcast(input, target)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    d = (input - target).abs()
    loss = T.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction)


def _check_same_size(input, target, message):
    if target.shape != input.shape:
        raise ValueError(message.format(target=target.shape, input=input.shape))


class _BinaryCrossEntropy(Function):
    """The elementwise loss -w (t log x + (1 - t) log(1 - x)), each log clamped at -100, with
    PyTorch's own derivatives: w (x - t) / max(x (1 - x), 1e-12) for x, which stays finite
    where x is exactly 0 or 1 (the clamped logs' chain rule gives 0 * inf there), and
    w (log(1 - x) - log x) for t. Both are written in differentiable ops."""

    @staticmethod
    def forward(ctx, x, t, w):
        ctx.save_for_backward(x, t)
        ctx.w = w
        loss = -(t * x.log().clamp_min(-100) + (1 - t) * (1 - x).log().clamp_min(-100))
        return loss if w is None else loss * w

    @staticmethod
    def backward(ctx, g):
        x, t = ctx.saved_tensors
        if ctx.w is not None:
            g = g * ctx.w
        gx = g * (x - t) / (x * (1 - x)).clamp_min(1e-12) if ctx.needs_input_grad[0] else None
        gt = g * ((-x).log1p() - x.log()) if ctx.needs_input_grad[1] else None
        return gx, gt, None


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """-w (t log x + (1 - t) log(1 - x)), each log clamped at -100 as PyTorch does (so that
    x = 0 or 1 gives a finite loss)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_same_size(input, target, "Using a target size ({target}) that is different to the "
                     "input size ({input}) is deprecated. Please ensure they have the same size.")
    if not ((input >= 0) & (input <= 1)).all().item():     # NaN included; records no graph
        raise RuntimeError("all elements of input should be between 0 and 1")
    return reduce_loss(_BinaryCrossEntropy.apply(input, target, weight), reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """binary_cross_entropy(sigmoid(x), t) without overflow, as PyTorch computes it:
    (1 - t) x + lw softplus(-x), lw = 1 + (pos_weight - 1) t."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_same_size(input, target, "Target size ({target}) must be the same as input size "
                     "({input})")
    from .functional import softplus       # functional imports this module
    softplus_neg = softplus(-input)        # log(1 + exp(-x)): overflow-free, its slope right at 0
    if pos_weight is None:
        loss = (1 - target) * input + softplus_neg
    else:
        loss = (1 - target) * input + (1 + (pos_weight - 1) * target) * softplus_neg
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """Pointwise KL divergence with `input` given as log-probabilities: t (log t - x), where
    t = 0 contributes 0 (xlogy); with log_target, exp(t) (t - x)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the "
                      "support size.'batchmean' divides only by the batch size, and aligns with "
                      "the KL div math definition.'mean' will be changed to behave the same as "
                      "'batchmean' in the next major release.", UserWarning, stacklevel=2)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = T.xlogy(target, target) - target * input
    if reduction == "batchmean":
        total = loss.sum()
        return total / input.shape[0] if input.dim() else total
    return reduce_loss(loss, reduction)
