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
    if dtype is not None:
        input = input.to(dtype)
    dim = _dim(input, dim)
    return input - input.logsumexp(dim, keepdim=True)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dtype is not None:
        input = input.to(dtype)
    dim = _dim(input, dim)
    e = (input - input.amax(dim, keepdim=True).detach()).exp()
    return e / e.sum(dim, keepdim=True)


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    if input.dim() < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.dim()})")
    if target.dtype is not T.int64:
        raise RuntimeError(f"expected scalar type Long but found {target.dtype.legacy_name}")
    if input.dim() == 1:
        input, target = input.unsqueeze(0), target.unsqueeze(0)
    if input.shape[0] != target.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({target.shape[0]}).")
    n_classes = input.shape[1]
    valid = target != ignore_index
    safe = T.where(valid, target, 0)
    if bool(((safe < 0) | (safe >= n_classes)).any()):
        bad = int(safe[(safe < 0) | (safe >= n_classes)][0])
        raise IndexError(f"Target {bad} is out of bounds.")
    picked = -input.gather(1, safe.unsqueeze(1)).squeeze(1)
    w = valid.to(input.dtype)
    if weight is not None:
        w = w * weight[safe]
    loss = picked * w
    if reduction == "mean":
        return loss.sum() / w.sum()
    return _reduce(loss, reduction)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    logp = log_softmax(input, 1 if input.dim() > 1 else 0)
    if target.is_floating_point():          # class probabilities
        return _reduce(-(target * logp).sum(1 if input.dim() > 1 else 0), reduction)
    loss = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing:
        smooth = -logp.mean(1 if input.dim() > 1 else 0)
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
