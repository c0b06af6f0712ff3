"""torchlike.nn.functional, written in the core's differentiable ops."""
import math
import warnings

import numpy as np

import torchlike_core as T
from torchlike_core._dispatch import call

from ._losses import (reduce_loss, legacy_reduction, mse_loss, l1_loss, smooth_l1_loss,  # noqa: F401
                      huber_loss, binary_cross_entropy, binary_cross_entropy_with_logits, kl_div)


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


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    return T.nll_loss(input, target, weight, legacy_reduction(size_average, reduce, reduction),
                      ignore_index)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    reduction = legacy_reduction(size_average, reduce, reduction)
    class_dim = 1 if input.dim() > 1 else 0
    n_classes = input.shape[class_dim]
    logp = T.log_softmax(input, class_dim)
    # weight, shaped to broadcast along the class dim of logp
    w = None if weight is None else weight.reshape([-1] + [1] * (input.dim() - class_dim - 1))
    if target.is_floating_point():          # class probabilities, as PyTorch's prob-target path
        if label_smoothing:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        terms = -(logp * target if w is None else logp * target * w)
        if reduction == "mean":
            return terms.sum() / (input.numel() / n_classes)
        return reduce_loss(terms.sum(class_dim), reduction)
    loss = T.nll_loss(logp, target, weight, reduction, ignore_index)
    if not label_smoothing:
        return loss
    # PyTorch's label smoothing: the weighted sum over classes, zero at ignored targets,
    # a 'mean' normalised as nll_loss's is (by the kept targets' weights)
    kept = target != ignore_index
    smooth = -(logp if w is None else logp * w).sum(class_dim) * kept
    if reduction == "mean":
        norm = kept.sum() if weight is None else weight[target[kept]].sum()
        smooth = smooth.sum() / norm
    else:
        smooth = reduce_loss(smooth, reduction)
    return (1 - label_smoothing) * loss + smooth * (label_smoothing / n_classes)


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


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    return softmax(-input, dim, dtype=dtype)


def threshold(input, threshold, value, inplace=False):
    """input where input > threshold, else value."""
    return _apply(input, inplace, lambda x: T.where(x > threshold, x, value))


def prelu(input, weight):
    """max(0, x) + weight * min(0, x), the weight per channel (dim 1) or shared."""
    if weight.dtype != input.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got "
                           f"{input.dtype.legacy_name} and {weight.dtype.legacy_name}")
    if weight.numel() != 1:
        channels = input.shape[1] if input.dim() >= 2 else 1
        if weight.numel() != channels:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {weight.numel()} and channel size = "
                               f"{channels}.")
        weight = weight.reshape([1, channels] + [1] * (input.dim() - 2))
    return T.where(input > 0, input, weight * input)     # the slope at 0 is the weight


def _feature_dropout(input, p, training, batch_dims):
    """One Bernoulli draw per (sample, channel) that zeroes the whole feature map."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    keep_shape = list(input.shape[:batch_dims]) + [1] * (input.dim() - batch_dims)
    keep = (T.rand(keep_shape) >= p).to(input.dtype)
    return input * keep * (0.0 if p == 1.0 else 1.0 / (1.0 - p))


def dropout1d(input, p=0.5, training=True, inplace=False):
    if input.dim() not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.dim()}D "
                           "input. Note that dropout1d exists to provide channel-wise dropout on "
                           "inputs with 1 spatial dimension, a channel dimension, and an "
                           "optional batch dimension (i.e. 2D or 3D inputs).")
    return _feature_dropout(input, p, training, input.dim() - 1)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """One draw per (N, C), as PyTorch's feature dropout (a 3-d input is read as (N, C, L))."""
    if input.dim() == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise "
                      "1D dropout behavior is desired - input is interpreted as shape (N, C, L), "
                      "where C is the channel dim. This behavior will change in a future release "
                      "to interpret the input as one without a batch dimension, i.e. shape "
                      "(C, H, W). To maintain the 1D channel-wise dropout behavior, please switch "
                      "to using dropout1d instead.", UserWarning, stacklevel=2)
    elif input.dim() != 4:
        warnings.warn(f"dropout2d: Received a {input.dim()}-D input to dropout2d, which is "
                      "deprecated and will result in an error in a future release. To retain the "
                      "behavior and silence this warning, please use dropout instead. Note that "
                      "dropout2d exists to provide channel-wise dropout on inputs with 2 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D "
                      "or 4D inputs).", UserWarning, stacklevel=2)
    return _feature_dropout(input, p, training, min(2, input.dim()))


def pixel_shuffle(input, upscale_factor):
    """(*, C r^2, H, W) -> (*, C, H r, W r)."""
    r = upscale_factor
    if input.dim() < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input "
                           f"with {input.dim()} dimension(s)")
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be "
                           f"divisible by the square of upscale_factor, but input.size(-3)={c} "
                           f"is not divisible by {r * r}")
    x = input.reshape(-1, c // (r * r), r, r, h, w).permute(0, 1, 4, 2, 5, 3)
    return x.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(input, downscale_factor):
    """(*, C, H r, W r) -> (*, C r^2, H, W)."""
    r = downscale_factor
    if input.dim() < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input "
                           f"with {input.dim()} dimension(s)")
    *lead, c, h, w = input.shape
    if h % r or w % r:
        raise RuntimeError(f"pixel_unshuffle expects height to be divisible by downscale_factor, "
                           f"but input.size(-2)={h} is not divisible by {r}" if h % r else
                           f"pixel_unshuffle expects width to be divisible by downscale_factor, "
                           f"but input.size(-1)={w} is not divisible by {r}")
    x = input.reshape(-1, c, h // r, r, w // r, r).permute(0, 1, 3, 5, 2, 4)
    return x.reshape(*lead, c * r * r, h // r, w // r)


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


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """Along dim, after broadcasting: each vector divided by its norm (at least eps), then
    the dot product, as PyTorch 2.x (a zero vector gives 0, not nan)."""
    x1, x2 = T.broadcast_tensors(x1, x2)
    n1 = x1.norm(2, dim, keepdim=True).clamp_min(eps)
    n2 = x2.norm(2, dim, keepdim=True).clamp_min(eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm of x1 - x2 + eps along the last dim (eps keeps the gradient finite at 0)."""
    return (x1 - x2 + eps).norm(p, -1, keepdim=keepdim)


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


# ---- one_hot, embedding ------------------------------------------------------------------

def one_hot(tensor, num_classes=-1):
    if tensor.dtype is not T.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        if tensor.numel() == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(tensor.max().item()) + 1
    if tensor.numel() > 0:
        if tensor.min().item() < 0:
            raise RuntimeError("Class values must be non-negative.")
        if tensor.max().item() >= num_classes:
            raise RuntimeError("Class values must be smaller than num_classes.")
    return (tensor.unsqueeze(-1) == T.arange(num_classes, device=tensor.device)).long()


def _padding_index(padding_idx, num_embeddings):
    """padding_idx as a row number (negative counts from the end), checked as PyTorch does."""
    if padding_idx is None:
        return None
    if not -num_embeddings <= padding_idx < num_embeddings:
        raise AssertionError("Padding_idx must be within num_embeddings")
    return padding_idx % num_embeddings


def _embedding_renorm_(weight, input, max_norm, norm_type):
    """Rescale, in place, the rows that input looks up whose norm exceeds max_norm."""
    from torchlike_autograd import no_grad
    with no_grad():
        rows = T.unique(input.reshape(-1))
        norms = weight.index_select(0, rows).norm(norm_type, 1)
        scale = T.where(norms > max_norm, max_norm / (norms + 1e-7), T.ones_like(norms))
        weight.index_copy_(0, rows, weight.index_select(0, rows) * scale.unsqueeze(1))


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """weight's rows at input's indices. A composite of index_select, so the gradient needs
    no formula; sparse=True still gives a dense gradient (torchlike has no sparse tensors)."""
    if input.dtype not in (T.int64, T.int32):
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                           "following scalar types: Long, Int; but got "
                           f"{input.type()} instead (while checking arguments for embedding)")
    num = weight.shape[0]
    if input.numel() and (input.min().item() < 0 or input.max().item() >= num):
        raise IndexError("index out of range in self")
    padding_idx = _padding_index(padding_idx, num)
    if max_norm is not None:
        _embedding_renorm_(weight, input, max_norm, norm_type)
    flat = input.reshape(-1)
    out = weight.index_select(0, flat)
    if scale_grad_by_freq:
        # the same values, with the gradient of each row divided by its count in the batch
        counts = T.bincount(flat, minlength=num).index_select(0, flat).to(out.dtype)
        out = out.detach() + (out - out.detach()) / counts.unsqueeze(1)
    if padding_idx is not None:
        # the padding row's value is looked up as usual but passes no gradient back
        out = T.where((flat == padding_idx).unsqueeze(1), out.detach(), out)
    return out.reshape(tuple(input.shape) + (weight.shape[1],))


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
                  mode="mean", sparse=False, per_sample_weights=None, include_last_offset=False,
                  padding_idx=None):
    """Bags of embeddings reduced to one vector each ('sum', 'mean' or 'max'): the rows of a
    2-d input, or the runs of a 1-d input that `offsets` starts. Entries equal to
    padding_idx are left out (an empty bag gives zeros). Built from embedding and an
    index_add / scatter_reduce into the bags, so the gradient needs no formula."""
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if per_sample_weights is not None and tuple(per_sample_weights.shape) != tuple(input.shape):
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is "
                         f"not None, then it must have the same shape as the input "
                         f"({input.shape})")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. "
                                  f"per_sample_weights is only supported for mode='sum' (got "
                                  f"mode='{mode}'). Please open a feature request on GitHub.")
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is "
                             "a mini-batch of fixed length sequences. However, found offsets of "
                             f"type {type(offsets)}")
        bags, per_bag = input.shape
        bag_of = np.repeat(np.arange(bags), per_bag)
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        starts = offsets.cpu().numpy().astype(np.int64)
        if len(starts) and starts[0] != 0:
            raise RuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the "
                               f"mini-batch has to start from position 0. However, got {starts[0]}")
        if len(starts) and starts[-1] > input.shape[0]:
            raise RuntimeError(f"offsets[-1] can not be greater than input's length "
                               f"{input.shape[0]} but got offsets[-1] of {starts[-1]}")
        bags = len(starts) - 1 if include_last_offset else len(starts)
        # the last bag runs to the end of input (PyTorch reads no end from a last offset)
        bag_of = np.searchsorted(starts[:bags], np.arange(input.shape[0]), side="right") - 1
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{input.dim()}")
    # the bag bookkeeping is host work on the indices; tensors made from it go to weight's
    # device
    ids = input.cpu().numpy()
    dev = weight.device
    if ids.size and (ids.min() < 0 or ids.max() >= weight.shape[0]):
        at = int(np.flatnonzero((ids < 0) | (ids >= weight.shape[0]))[0])
        raise RuntimeError(f"Index {at} of input takes value {ids[at]} which is not in the valid "
                           f"range [0, {weight.shape[0]})")
    keep = bag_of >= 0
    padding_idx = _padding_index(padding_idx, weight.shape[0])
    if padding_idx is not None:
        keep &= ids != padding_idx
    kept = T.from_numpy(np.flatnonzero(keep)).to(dev)
    rows = embedding(input.index_select(0, kept), weight, None, max_norm, norm_type,
                     scale_grad_by_freq)
    if per_sample_weights is not None:
        rows = rows * per_sample_weights.index_select(0, kept).unsqueeze(1)
    bag_index = T.from_numpy(bag_of[keep]).to(dev)
    out = T.zeros(bags, weight.shape[1], dtype=weight.dtype, device=dev)
    if mode == "max":
        # each (bag, column) takes its value, and its whole gradient, from the first row that
        # holds the maximum, as PyTorch (scatter_reduce would share it among ties)
        values, bag_ids = rows.detach().cpu().numpy(), bag_of[keep]
        first = np.zeros((bags, weight.shape[1]), dtype=np.int64)
        filled = np.zeros(bags, dtype=bool)
        for b in np.unique(bag_ids):
            members = np.flatnonzero(bag_ids == b)
            first[b] = members[np.argmax(values[members], axis=0)]
            filled[b] = True
        picked = rows.gather(0, T.from_numpy(first).to(dev)) if rows.shape[0] else out
        return T.where(T.from_numpy(filled).to(dev).unsqueeze(1), picked, out)
    out = out.index_add(0, bag_index, rows)
    if mode == "mean":
        counts = np.bincount(bag_of[keep], minlength=bags).clip(min=1)
        out = out / T.from_numpy(counts.astype(weight.dtype.np)).to(dev).unsqueeze(1)
    return out


# ---- normalisation -----------------------------------------------------------------------

def _verify_batch_size(size):
    count = size[0]
    for s in size[2:]:
        count *= s
    if count == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input "
                         f"size {size}")


def _update_running(running, value, momentum):
    from torchlike_autograd import no_grad
    with no_grad():
        running.mul_(1 - momentum).add_(value.detach().to(running.dtype) * momentum)


def _channel_shape(input):
    return [1, input.shape[1]] + [1] * (input.dim() - 2)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-05):
    """Normalise each channel (dim 1) by the batch's statistics (training) or the running
    ones. Training also updates running_mean/var in place with the unbiased variance, while
    the batch itself is normalised with the biased one, as PyTorch does."""
    if training:
        _verify_batch_size(input.shape)
    channels = input.shape[1] if input.dim() > 1 else 1
    for name, stat in (("running_mean", running_mean), ("running_var", running_var),
                       ("weight", weight), ("bias", bias)):
        if stat is not None and stat.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {stat.numel()}")
    dims = [0] + list(range(2, input.dim()))
    if training:
        mean = input.mean(dims)
        var = input.var(dims, unbiased=False)
        n = input.numel() // channels
        if running_mean is not None:
            _update_running(running_mean, mean, momentum)
        if running_var is not None:
            _update_running(running_var, var * (n / max(n - 1, 1)), momentum)
    else:
        if running_mean is None or running_var is None:
            raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
        mean, var = running_mean, running_var
    shape = _channel_shape(input)
    out = (input - mean.reshape(shape)) * (var.reshape(shape) + eps).rsqrt()
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-05):
    """Each (sample, channel) normalised over its own spatial dims: batch_norm of the input
    seen as one sample of N * C channels, as PyTorch computes it; the running statistics,
    when given, move by the average over the batch."""
    n, c = input.shape[0], input.shape[1]
    flat = input.reshape([1, n * c] + list(input.shape[2:]))
    per = [None if t is None else t.repeat(n) for t in (running_mean, running_var, weight, bias)]
    out = batch_norm(flat, per[0], per[1], per[2], per[3], use_input_stats, momentum, eps)
    from torchlike_autograd import no_grad
    with no_grad():
        for running, repeated in ((running_mean, per[0]), (running_var, per[1])):
            if running is not None and use_input_stats:
                running.copy_(repeated.reshape(n, c).mean(0))
    return out.reshape(input.shape)


def _normalize_last(x, ndims, eps):
    dims = list(range(-ndims, 0))
    mean = x.mean(dims, keepdim=True)
    var = x.var(dims, unbiased=False, keepdim=True)
    return (x - mean) * (var + eps).rsqrt()


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    n = len(shape)
    if n == 0 or tuple(input.shape[input.dim() - n:]) != shape or input.dim() < n:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*, {', '.join(str(s) for s in shape)}], but got input of size"
                           f"{list(input.shape)}")
    out = _normalize_last(input, n, eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    if input.dim() < 2 or input.shape[1] % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {list(input.shape)} and "
                           f"num_groups={num_groups}")
    n = input.shape[0]
    out = _normalize_last(input.reshape(n, num_groups, -1), 1, eps).reshape(input.shape)
    shape = _channel_shape(input)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


# ---- convolution and pooling: windows over the input as one strided view -------------------
# Note [Sliding windows]: a convolution or pool of an (N, C, *spatial) input reads it through
# one as_strided view (N, C, *kernel, *out): no copy until the reshape that feeds the single
# matmul (im2col) or the reduction, and as_strided's backward scatters the window gradients
# back (adding up where windows overlap), so none of these needs a formula of its own.

def _tuple(value, n, name, fname="convolution"):
    if isinstance(value, int):
        return (value,) * n
    value = tuple(value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} "
                           f"values to match the {fname} dimensions, but got "
                           f"{name}={list(value)}")
    return value


def _windows(x, kernel, stride, dilation):
    """The (N, C, *kernel, *out) sliding-window view of a contiguous (N, C, *spatial) x."""
    spatial = x.shape[2:]
    out = [(s - d * (k - 1) - 1) // st + 1
           for s, k, st, d in zip(spatial, kernel, stride, dilation)]
    strides = x.stride()
    sp = strides[2:]
    return x.as_strided(tuple(x.shape[:2]) + tuple(kernel) + tuple(out),
                        tuple(strides[:2]) + tuple(s * d for s, d in zip(sp, dilation))
                        + tuple(s * st for s, st in zip(sp, stride)))


def _pad_list(before, after):
    """F.pad's list (last dim first) for per-dim amounts given first dim first."""
    out = []
    for b, a in zip(reversed(before), reversed(after)):
        out += [b, a]
    return out


def _batched(input, nd, fname):
    """input with a batch dim (PyTorch's convs/pools also take one unbatched sample)."""
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to "
                           f"{fname}, but got input of size: {list(input.shape)}")
    return input if input.dim() == nd + 2 else input.unsqueeze(0)


def _conv_padding(padding, nd, kernel, stride, dilation):
    """(before, after) amounts per spatial dim for int/tuple/'valid'/'same' padding."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0,) * nd, (0,) * nd
        if padding != "same":
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        if any(s != 1 for s in stride):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        total = [d * (k - 1) for k, d in zip(kernel, dilation)]
        return tuple(t // 2 for t in total), tuple(t - t // 2 for t in total)
    padding = _tuple(padding, nd, "padding")
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    return padding, padding


def _check_conv(input, weight, bias, groups):
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{list(weight.shape)}] "
                           "instead")
    if input.shape[1] != weight.shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, "
                           f"expected input{list(input.shape)} to have "
                           f"{weight.shape[1] * groups} channels, but got {input.shape[1]} "
                           "channels instead")
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != weight.shape[0]):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be "
                           f"1-dimensional with {weight.shape[0]} elements, but got bias of "
                           f"size {list(bias.shape)} instead")
    if input.dtype != weight.dtype:
        raise RuntimeError(f"Input type ({input.type()}) and weight type ({weight.type()}) "
                           "should be the same")


def _convnd(input, weight, bias, stride, padding, dilation, groups, nd):
    fname = f"conv{nd}d"
    x = _batched(input, nd, fname)
    if weight.dim() != nd + 2:
        raise RuntimeError(f"Expected {nd + 2}-dimensional weight for {fname}, but got "
                           f"{weight.dim()}-dimensional weight of size {list(weight.shape)}")
    kernel = tuple(weight.shape[2:])
    stride = _tuple(stride, nd, "stride")
    dilation = _tuple(dilation, nd, "dilation")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")
    before, after = _conv_padding(padding, nd, kernel, stride, dilation)
    _check_conv(x, weight, bias, groups)
    padded = [size + b + a for size, b, a in zip(x.shape[2:], before, after)]
    reach = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
    if any(r > size for r, size in zip(reach, padded)):
        raise RuntimeError(f"Calculated padded input size per channel: "
                           f"({' x '.join(map(str, padded))}). Kernel size: "
                           f"({' x '.join(map(str, reach))}). Kernel size can't be greater "
                           "than actual input size")
    if nd == 2 and before == after:
        out = _conv2d_im2col(x, weight, before, stride, dilation, groups)
    else:
        out = _conv_windows(x, weight, before, after, stride, dilation, groups, nd)
    if bias is not None:
        out = out + bias.reshape([1, -1] + [1] * nd)
    return out if input.dim() == nd + 2 else out.squeeze(0)


def _conv2d_im2col(x, weight, padding, stride, dilation, groups):
    """A 2-d convolution as im2col then one (grouped) matmul; its backward goes through
    col2im, one strided addition per kernel offset."""
    n, (h, w) = x.shape[0], x.shape[2:]
    kernel = tuple(weight.shape[2:])
    cols = unfold(x, kernel, dilation, padding, stride)          # (N, C*kh*kw, L)
    blocks = [(size + 2 * p - d * (k - 1) - 1) // s + 1
              for size, k, p, s, d in zip((h, w), kernel, padding, stride, dilation)]
    per_group = cols.shape[1] // groups
    out = weight.reshape(groups, weight.shape[0] // groups, per_group).matmul(
        cols.reshape(n, groups, per_group, -1))
    return out.reshape([n, weight.shape[0]] + blocks)


def _conv_windows(x, weight, before, after, stride, dilation, groups, nd):
    """Any convolution as one sliding-window view and one matmul (Note [Sliding windows])."""
    kernel = tuple(weight.shape[2:])
    if any(before) or any(after):
        x = pad(x, _pad_list(before, after))
    cols = _windows(x.contiguous(), kernel, stride, dilation)     # Note [Sliding windows]
    n, out_shape = x.shape[0], tuple(cols.shape[2 + nd:])
    per_group = weight.shape[1]
    for k in kernel:
        per_group *= k
    # (N, G, Cin/G * prod(kernel), prod(out)) columns times (G, Cout/G, Cin/G * prod(kernel))
    cols = cols.reshape(n, groups, per_group, -1)
    out = weight.reshape(groups, weight.shape[0] // groups, per_group).matmul(cols)
    return out.reshape((n, weight.shape[0]) + out_shape)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding blocks of an (N, C, H, W) input as columns: (N, C * kh * kw, L)."""
    return call("im2col", (input, kernel_size, dilation, padding, stride), None)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Columns of blocks back into an (N, C, H, W) image, overlaps added up."""
    return call("col2im", (input, output_size, kernel_size, dilation, padding, stride), None)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 1)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 2)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 3)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """The gradient of conv2d with respect to its input, as a layer: each input pixel
    spreads weight-scaled copies of the kernel over the output (col2im of W^T x)."""
    batched = input.dim() == 4
    if not batched:
        input = input.unsqueeze(0)
    kernel = tuple(weight.shape[2:])
    stride, padding = _tuple(stride, 2, "stride"), _tuple(padding, 2, "padding")
    output_padding = _tuple(output_padding, 2, "output_padding")
    dilation = _tuple(dilation, 2, "dilation")
    n, c_in, h, w = input.shape
    if c_in != weight.shape[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected "
                           f"input{list(input.shape)} to have {weight.shape[0]} channels, but got "
                           f"{c_in} channels instead")
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        raise RuntimeError(
            "output padding must be smaller than either stride or dilation, but got "
            f"output_padding_height: {output_padding[0]} output_padding_width: "
            f"{output_padding[1]} stride_height: {stride[0]} stride_width: {stride[1]} "
            f"dilation_height: {dilation[0]} dilation_width: {dilation[1]}")
    if c_in % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at "
                           f"dimension 0, but got weight of size [{list(weight.shape)}] instead")
    # col2im onto the whole map the kernels cover, then the window PyTorch keeps: `padding`
    # cut from each side, output_padding added at the end (zeros past the covered map)
    full = [transposed_conv_size(i, s, 0, d, k, 0)
            for i, s, d, k in zip((h, w), stride, dilation, kernel)]
    size = [transposed_conv_size(i, s, p, d, k, op) for i, s, p, d, k, op in
            zip((h, w), stride, padding, dilation, kernel, output_padding)]
    x = input.reshape(n, groups, c_in // groups, h * w)
    wg = weight.reshape(groups, c_in // groups, -1)
    cols = [wg[g].t().matmul(x[:, g]) for g in range(groups)]    # (n, C_out/g * kh * kw, hw)
    out = fold(cols[0] if groups == 1 else T.cat(cols, 1), full, kernel, dilation, 0, stride)
    extra = [max(p + o - f, 0) for p, o, f in zip(padding, size, full)]
    if any(extra):
        out = pad(out, (0, extra[1], 0, extra[0]))
    out = out[:, :, padding[0]:padding[0] + size[0], padding[1]:padding[1] + size[1]]
    if bias is not None:
        out = out + bias.reshape(1, -1, 1, 1)
    return out if batched else out.squeeze(0)


def transposed_conv_size(n_in, stride, padding, dilation, kernel, output_padding):
    """The length a transposed convolution gives along one dim."""
    return (n_in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """conv_transpose2d over a height of 1."""
    out = conv_transpose2d(input.unsqueeze(-2), weight.unsqueeze(-2), bias, _unit_height(stride, 1),
                           _unit_height(padding, 0), _unit_height(output_padding, 0), groups,
                           _unit_height(dilation, 1))
    return out.squeeze(-2)


def _unit_height(value, height_value):
    """A 1-d convolution argument as the 2-d one over a height of 1."""
    return (height_value, _tuple(value, 1, "value")[0])


_INTERPOLATE_DIMS = {"nearest": (1, 2, 3), "linear": (1,), "bilinear": (2,), "trilinear": (3,)}


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize the spatial dims of (N, C, *spatial) by `size` or `scale_factor`: 'nearest'
    picks source pixels, '(bi/tri)linear' blends the two neighbours along each dim in turn
    (the blend is separable), with PyTorch's source-coordinate rules."""
    nd = input.dim() - 2
    if mode not in _INTERPOLATE_DIMS:
        raise NotImplementedError(f"torchlike: interpolate mode '{mode}' is not implemented")
    if nd not in _INTERPOLATE_DIMS[mode]:
        raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs "
                                  f"{_INTERPOLATE_DIMS[mode][0] + 2}D input")
    if mode == "nearest" and align_corners is not None:
        raise ValueError("align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    if (size is None) == (scale_factor is None):
        raise ValueError("only one of size or scale_factor should be defined")
    if antialias:
        raise NotImplementedError("torchlike: interpolate with antialias=True is not implemented")
    spatial = list(input.shape[2:])
    if isinstance(size, (list, tuple)) and len(size) != nd:
        raise ValueError(f"Input and output must have the same number of spatial dimensions, but "
                         f"got input with spatial dimensions of {spatial} and output size of "
                         f"{tuple(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) "
                         "format and output size in (o1, o2, ...,oK) format.")
    if isinstance(scale_factor, (list, tuple)) and len(scale_factor) != nd:
        raise ValueError(f"Input and scale_factor must have the same number of spatial "
                         f"dimensions, but got input with spatial dimensions of {spatial} and "
                         f"scale_factor of shape {tuple(scale_factor)}. Please provide input tensor "
                         "in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) "
                         "format.")
    if size is not None:
        out = list(size) if isinstance(size, (list, tuple)) else [size] * nd
        scales = [None] * nd
    else:
        scales = list(scale_factor) if isinstance(scale_factor, (list, tuple)) else [scale_factor] * nd
        out = [int(math.floor(i * s)) for i, s in zip(spatial, scales)]
        if recompute_scale_factor:
            scales = [None] * nd
    x = input
    for d, (n_in, n_out, scale) in enumerate(zip(spatial, out, scales)):
        dim = 2 + d
        step = n_in / n_out if scale is None else 1.0 / scale
        if mode == "nearest":
            idx = [min(int(math.floor(j * step)), n_in - 1) for j in range(n_out)]
            x = x.index_select(dim, T.tensor(idx, dtype=T.int64, device=x.device))
            continue
        if align_corners:
            src = [j * ((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0) for j in range(n_out)]
        else:
            src = [max((j + 0.5) * step - 0.5, 0.0) for j in range(n_out)]
        lo = [min(int(math.floor(v)), n_in - 1) for v in src]
        hi = [min(i + 1, n_in - 1) for i in lo]
        frac = T.tensor([v - i for v, i in zip(src, lo)], dtype=x.dtype, device=x.device).reshape(
            [n_out] + [1] * (x.dim() - dim - 1))
        a = x.index_select(dim, T.tensor(lo, dtype=T.int64, device=x.device))
        b = x.index_select(dim, T.tensor(hi, dtype=T.int64, device=x.device))
        x = a + (b - a) * frac
    return x


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    return interpolate(input, size, scale_factor, mode, align_corners)


def _pool_geometry(x, nd, kernel_size, stride, padding, dilation, ceil_mode, fname):
    """(kernel, stride, padding, dilation, output size, extra right padding for ceil_mode)
    of a pool, with PyTorch's checks and its output-size rule."""
    kernel = _tuple(kernel_size, nd, "kernel_size", fname)
    stride = kernel if stride is None or stride == [] or stride == () else \
        _tuple(stride, nd, "stride", fname)
    padding = _tuple(padding, nd, "padding", fname)
    dilation = _tuple(dilation, nd, "dilation", fname)
    if any(s <= 0 for s in stride):
        raise RuntimeError("stride should be greater than zero")
    for p, k, d in zip(padding, kernel, dilation):
        if p < 0 or 2 * p > d * (k - 1) + 1:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    sizes, extra = [], []
    for s, k, st, p, d in zip(x.shape[2:], kernel, stride, padding, dilation):
        span = s + 2 * p - d * (k - 1) - 1
        o = (-(-span // st) if ceil_mode else span // st) + 1
        if ceil_mode and (o - 1) * st >= s + p:
            o -= 1
        sizes.append(o)
        extra.append(max(0, (o - 1) * st + d * (k - 1) + 1 - (s + 2 * p)))
    if any(o <= 0 for o in sizes):
        shown = [x.shape[1]]
        raise RuntimeError(f"Given input size: ({'x'.join(map(str, shown + list(x.shape[2:])))})"
                           f". Calculated output size: ({'x'.join(map(str, shown + sizes))}). "
                           "Output size is too small")
    return kernel, stride, padding, dilation, extra


def _pool_input(input, nd, fname):
    if input.dim() not in (nd + 1, nd + 2) or input.numel() == 0:
        raise RuntimeError(f"non-empty {nd + 1}D or {nd + 2}D (batch mode) tensor expected for "
                           "input")
    return _batched(input, nd, fname)


def _flat_windows(x, kernel, stride, dilation, nd):
    """The windows of x as (N, C, *out, prod(kernel)), each window along the last dim."""
    w = _windows(x.contiguous(), kernel, stride, dilation)
    order = [0, 1] + list(range(2 + nd, 2 + 2 * nd)) + list(range(2, 2 + nd))
    return w.permute(order).flatten(2 + nd)


def _lowest(dtype):
    """The padding value a max never picks."""
    if dtype.is_floating_point:
        return float("-inf")
    return int(np.iinfo(str(dtype).replace("torch.", "")).min)


def _max_pool(input, nd, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    fname = f"max_pool{nd}d"
    x = _pool_input(input, nd, fname)
    kernel, stride, padding, dilation, extra = _pool_geometry(
        x, nd, kernel_size, stride, padding, dilation, ceil_mode, fname)
    pads = _pad_list(padding, [p + e for p, e in zip(padding, extra)])
    padded = pad(x, pads, value=_lowest(x.dtype)) if any(pads) else x
    values, picks = _flat_windows(padded, kernel, stride, dilation, nd).max(-1)
    if input.dim() == nd + 1:
        values, picks = values.squeeze(0), picks.squeeze(0)
    if not return_indices:
        return values
    # each window's pick, as a flat index into the unpadded spatial dims (PyTorch's indices)
    positions = T.arange(math.prod(x.shape[2:]), device=x.device).reshape(
        (1, 1) + tuple(x.shape[2:]))
    positions = pad(positions, pads, value=-1) if any(pads) else positions
    windows = _flat_windows(positions, kernel, stride, dilation, nd)
    if input.dim() == nd + 1:
        windows = windows.squeeze(0)
    index = windows.expand(tuple(picks.shape) + (windows.shape[-1],))
    return values, index.gather(-1, picks.unsqueeze(-1)).squeeze(-1)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    return _max_pool(input, 1, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    return _max_pool(input, 2, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices)


def _avg_pool(input, nd, kernel_size, stride, padding, ceil_mode, count_include_pad,
              divisor_override):
    fname = f"avg_pool{nd}d"
    x = _pool_input(input, nd, fname)
    kernel, stride, padding, dilation, extra = _pool_geometry(
        x, nd, kernel_size, stride, padding, 1, ceil_mode, fname)
    pads = _pad_list(padding, [p + e for p, e in zip(padding, extra)])
    padded = pad(x, pads) if any(pads) else x
    total = _flat_windows(padded, kernel, stride, dilation, nd).sum(-1)
    if divisor_override:
        out = total / divisor_override
    else:
        # PyTorch divides by the part of each window inside the input (with its padding when
        # count_include_pad), never counting what ceil_mode hangs past the end
        ones = T.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device)
        if count_include_pad:
            ones = pad(ones, _pad_list(padding, padding), value=1.0)
            mask = pad(ones, _pad_list([0] * nd, extra))
        else:
            mask = pad(ones, pads)
        out = total / _flat_windows(mask, kernel, stride, dilation, nd).sum(-1)
    return out if input.dim() == nd + 2 else out.squeeze(0)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    return _avg_pool(input, 1, kernel_size, stride, padding, ceil_mode, count_include_pad, None)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    return _avg_pool(input, 2, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override)


def _adaptive_matrix(size, out, dtype, device):
    """(out, size) averaging matrix: row i averages PyTorch's adaptive window
    [floor(i * size / out), ceil((i + 1) * size / out))."""
    m = np.zeros((out, size))
    for i in range(out):
        start, end = (i * size) // out, -(-(i + 1) * size // out)
        m[i, start:end] = 1.0 / (end - start)
    return T.from_numpy(m).to(device, dtype)


def _adaptive_avg_pool(input, output_size, nd):
    fname = f"adaptive_avg_pool{nd}d"
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError(f"{fname}(): Expected {nd + 1}D or {nd + 2}D tensor, but got "
                           f"{list(input.shape)}")
    sizes = (output_size,) * nd if isinstance(output_size, int) else tuple(output_size)
    if len(sizes) != nd:
        raise RuntimeError(f"{fname}: output_size must be {nd}")
    out = input
    for i, o in enumerate(sizes):
        d = input.dim() - nd + i
        o = input.shape[d] if o is None else o
        # pooling along one dim is a matmul with an averaging matrix: separable, exact, and
        # differentiable as it stands
        out = _adaptive_matrix(input.shape[d], o, input.dtype, input.device).matmul(
            out.transpose(d, -2)) \
            .transpose(d, -2)
    return out


def adaptive_avg_pool1d(input, output_size):
    return _adaptive_avg_pool(input, output_size, 1)


def adaptive_avg_pool2d(input, output_size):
    return _adaptive_avg_pool(input, output_size, 2)


def scaled_dot_product_attention(*args, **kwargs):
    from .attention import scaled_dot_product_attention as sdpa     # attention imports this module
    return sdpa(*args, **kwargs)
