"""torchlike.nn.functional, written in the core's differentiable ops."""
import torchlike_core as T


def relu(input, inplace=False):
    return input.relu_() if inplace else input.relu()


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return T.where(input > 0, input, input * negative_slope)


def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + ((2 / 3.141592653589793) ** 0.5 * (input + 0.044715 * input ** 3)).tanh())
    return 0.5 * input * (1 + (input * 0.7071067811865476).erf())


def _dim(input, dim):
    if dim is None:
        return 0 if input.dim() in (0, 1, 3) else 1     # PyTorch's legacy implicit dim
    return dim


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    return T.log_softmax(input, _dim(input, dim), dtype=dtype)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    return T.softmax(input, _dim(input, dim), dtype=dtype)


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _legacy_reduction(size_average, reduce, reduction):
    """The reduction the deprecated size_average/reduce arguments ask for, as PyTorch maps
    them; `reduction` when neither is given."""
    if size_average is None and reduce is None:
        return reduction
    if reduce is False:
        return "none"
    return "sum" if size_average is False else "mean"


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    return T.nll_loss(input, target, weight, _legacy_reduction(size_average, reduce, reduction),
                      ignore_index)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    class_dim = 1 if input.dim() > 1 else 0
    logp = T.log_softmax(input, class_dim)
    if target.is_floating_point():          # class probabilities
        return _reduce(-(target * logp).sum(class_dim), reduction)
    loss = T.nll_loss(logp, target, weight, reduction, ignore_index)
    if label_smoothing:
        smooth = -logp.mean(class_dim)
        loss = (1 - label_smoothing) * loss + label_smoothing * _reduce(smooth, reduction)
    return loss


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _reduce((input - target) ** 2, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _reduce((input - target).abs(), reduction)


def linear(input, weight, bias=None):
    if input.dim() == 2 and bias is not None:
        return T.addmm(bias, input, weight.t())
    out = input.matmul(weight.t())
    return out + bias if bias is not None else out


def dropout(input, p=0.5, training=True, inplace=False):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * 0
    keep = (T.rand(input.shape) >= p).to(input.dtype)
    return input * keep * (1.0 / (1.0 - p))


# ---- more activations (issue 4): composites of differentiable ops ------------------------

def _apply(input, inplace, fn):
    """fn(input), or with PyTorch's inplace=True written back into input: computed from a
    copy, so that the tensors its backward saved are not the ones overwritten."""
    return input.copy_(fn(input.clone())) if inplace else fn(input)


def softplus(input, beta=1.0, threshold=20.0):
    z = input * beta
    # above the threshold softplus is the identity; clamping keeps exp() of the unused
    # branch finite, so its (masked) gradient is 0 rather than 0 * inf
    soft = z.clamp(max=threshold).exp().log1p() / beta
    return T.where(z > threshold, input, soft)


def silu(input, inplace=False):
    return _apply(input, inplace, lambda x: x * x.sigmoid())


def _elu_core(input, alpha, scale=1.0, input_scale=1.0):
    negative = (input.clamp(max=0) * input_scale).expm1() * alpha
    return T.where(input > 0, input * scale, negative * scale)


def elu(input, alpha=1.0, inplace=False):
    return _apply(input, inplace, lambda x: _elu_core(x, alpha))


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(input, inplace=False):
    return _apply(input, inplace, lambda x: _elu_core(x, _SELU_ALPHA, _SELU_SCALE))


def celu(input, alpha=1.0, inplace=False):
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError")
    return _apply(input, inplace, lambda x: _elu_core(x, alpha, 1.0, 1.0 / alpha))


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _apply(input, inplace, lambda x: x.clamp(min_val, max_val))


def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0, inplace)


def hardsigmoid(input, inplace=False):
    return _apply(input, inplace, lambda x: (x / 6 + 0.5).clamp(0.0, 1.0))


def hardswish(input, inplace=False):
    return _apply(input, inplace, lambda x: x * (x + 3).clamp(0.0, 6.0) / 6)


def mish(input, inplace=False):
    return _apply(input, inplace, lambda x: x * softplus(x).tanh())


def softsign(input):
    return input / (1 + input.abs())


def logsigmoid(input):
    # min(x, 0) - log1p(exp(-|x|)): no overflow for large |x|
    return input.clamp(max=0) - (-input.abs()).exp().log1p()


def glu(input, dim=-1):
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    d = dim % input.dim()
    if input.shape[d] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size "
                           f"{input.shape[d]}")
    a, b = input.chunk(2, d)
    return a * b.sigmoid()


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    r = input / denom
    return r if out is None else out.copy_(r)


def _circular_pad(input, pad):
    # wrap around: the last `before` elements go in front, the first `after` behind (PyTorch
    # refuses pads wider than the dim); negative amounts crop
    for i in range(len(pad) // 2):
        d = input.dim() - 1 - i
        before, after = pad[2 * i], pad[2 * i + 1]
        size = input.shape[d]
        if before > size or after > size:
            raise RuntimeError("Padding value causes wrapping around more than once.")
        parts = [input.narrow(d, size - before, before)] if before > 0 else []
        parts.append(input.narrow(d, max(-before, 0), size - max(-before, 0) - max(-after, 0)))
        if after > 0:
            parts.append(input.narrow(d, 0, after))
        input = T.cat(parts, d) if len(parts) > 1 else parts[0]
    return input


_NON_CONSTANT_DIMS = {2: (2, 3), 4: (3, 4), 6: (4, 5)}


def pad(input, pad, mode="constant", value=None):
    pad = list(pad)
    if mode == "constant":
        return T.constant_pad_nd(input, pad, 0 if value is None else value)
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if input.dim() not in _NON_CONSTANT_DIMS.get(len(pad), ()):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.dim()}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    if mode == "circular":
        return _circular_pad(input, pad)
    op = "_reflection_pad" if mode == "reflect" else "_replication_pad"
    return T.dispatch.call(op, (input, pad), None)
