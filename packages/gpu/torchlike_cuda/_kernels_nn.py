"""The kernels behind convolution, F.pad (every mode) and the classification losses on cuda,
made of the device's copy, add, gather, scatter and reduction kernels: an op here never
moves its operands to the host (Note [Host fallback] is what they replaced). The argument
checks are the core's, so both devices raise the same errors."""
from torchlike_core._fold import im2col_geometry, col2im_geometry
from torchlike_core._losses import nll_loss_check, check_reduction
from torchlike_core._memory_format import contiguous_format
from torchlike_core._shape_tools import constant_pad_geometry, index_pad_positions
from torchlike_core._tensor import _view

from . import _kernels_elementwise as ew, _kernels_index as ix, _kernels_reduce as rd
from ._device_tensor import reshaped, from_host, index_of


def constant_pad_nd(input, pad, value=0):
    """A new tensor filled with `value`, input's kept part copied into its middle."""
    kept, widths = constant_pad_geometry(input, pad)
    for d, part in enumerate(kept):
        input = input.narrow(d, part.start or 0, len(range(input._shape[d])[part]))
    shape = tuple(s + a + b for s, (a, b) in zip(input._shape, widths))
    out = ew.full(shape, input._dtype, index_of(input), value)
    middle = out
    for d, (before, _) in enumerate(widths):
        middle = middle.narrow(d, before, input._shape[d])
    ew.copy_(middle, input)
    out._storage.version = 0
    return out


def index_pad(mode):
    """reflect / replicate padding: one index_select per padded dim, the positions worked
    out on the host (a vector per dim)."""
    def pad_kernel(input, pad):
        x = input
        for d, positions in index_pad_positions(input, pad, mode):
            x = ix.index_select(x, d, from_host(positions, index_of(input)))
        return ew.clone(x) if x is input else x
    pad_kernel.__name__ = f"{mode}_pad"
    return pad_kernel


def _padded_4d(input, p):
    """input as (N, C, H, W), zero-padded by p on both sides of H and W."""
    x = input if input.dim() == 4 else input.unsqueeze(0)
    return constant_pad_nd(x, (p[1], p[1], p[0], p[0])) if any(p) else x


def im2col(input, kernel_size, dilation=1, padding=0, stride=1):
    """(N, C, H, W) -> (N, C * kh * kw, L): one strided window view of the padded image,
    (N, C, kh, kw, bh, bw), copied once."""
    k, d, p, s, blocks = im2col_geometry(input, kernel_size, dilation, padding, stride)
    x = _padded_4d(input, p)
    n, c = x._shape[:2]
    sn, sc, sh, sw = x._stride
    windows = _view(x, (n, c) + k + blocks,
                    (sn, sc, d[0] * sh, d[1] * sw, s[0] * sh, s[1] * sw), x._offset)
    cols = ew.clone(windows, contiguous_format)       # a new buffer even when windows is x
    shape = (n, c * k[0] * k[1], blocks[0] * blocks[1])
    return reshaped(cols, shape if input.dim() == 4 else shape[1:])


def col2im(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """(N, C * kh * kw, L) -> (N, C, H, W): each kernel offset's block added into a strided
    view of the padded image, kh * kw launches with no atomics, so sums do not depend on
    thread order."""
    k, d, p, s, out, blocks = col2im_geometry(input, output_size, kernel_size, dilation,
                                              padding, stride)
    cols = ew.contiguous(input if input.dim() == 3 else input.unsqueeze(0))
    n, c = cols._shape[0], cols._shape[1] // (k[0] * k[1])
    cols = reshaped(cols, (n, c) + k + blocks)
    image = ew.full((n, c, out[0] + 2 * p[0], out[1] + 2 * p[1]), input._dtype, index_of(input),
                    0)
    sn, sc, sh, sw = image._stride
    for i in range(k[0]):
        for j in range(k[1]):
            block = _view(image, (n, c) + blocks, (sn, sc, s[0] * sh, s[1] * sw),
                          image._offset + i * d[0] * sh + j * d[1] * sw)
            ew.apply("add", [block, cols.select(2, i).select(2, j)], out=block, inplace=True)
    if any(p):
        image = ew.clone(image.narrow(2, p[0], out[0]).narrow(3, p[1], out[1]),
                         contiguous_format)
    image._storage.version = 0
    return image if input.dim() == 3 else reshaped(image, image._shape[1:])


def _picks(target, weight, ignore_index, dtype, n_classes):
    """(whether each target counts, the target with ignored entries at class 0, the weight
    of each target in `dtype`), all device tensors shaped like the target; a target
    outside [0, n_classes) raises the cpu's IndexError before any weight is read (one
    check, then unchecked indexing)."""
    valid = ew.apply("ne", [target, ignore_index])
    safe = ew.apply("where", [valid, target, 0])
    ix.checked_indices(safe, n_classes, index_of(safe),
                       lambda bad: IndexError(f"Target {bad} is out of bounds."))
    if weight is None:
        return valid, safe, ew.cast(valid, dtype)
    # where(), not valid * weight: an ignored target's weight may be inf or nan
    picked = reshaped(ix.select_unchecked(weight, 0, reshaped(safe, (safe.numel(),))),
                      safe._shape)
    return valid, safe, ew.apply("where", [valid, picked, 0])


def nll_loss(input, target, weight=None, reduction="mean", ignore_index=-100):
    check_reduction(reduction)
    n_classes = nll_loss_check(input, target, weight)
    valid, safe, w = _picks(target, weight, ignore_index, input._dtype, n_classes)
    cls = 1 if input.dim() > 1 else 0
    picked = ix.gather_unchecked(input, cls, safe.unsqueeze(cls)).squeeze(cls)
    # An ignored target contributes +0. (not -picked * 0, which is -0. or NaN).
    losses = ew.apply("where", [valid, ew.apply("mul", [ew.apply("neg", [picked]), w]), 0])
    if reduction == "none":
        return losses
    total = rd.reduce("sum", losses)
    if reduction == "mean":       # every target ignored: 0 / 0 = nan, silently as PyTorch
        total = ew.apply("div", [total, rd.reduce("sum", w)])
    return total


def nll_loss_coefficients(target, weight, input_shape, dtype, reduction, ignore_index):
    """d nll_loss / d input for a unit upstream gradient: -w at each target class (over the
    total weight for 'mean'), zero elsewhere, scattered on the device."""
    cls = 1 if len(input_shape) > 1 else 0
    valid, safe, w = _picks(target, weight, ignore_index, dtype, input_shape[cls])
    if reduction == "mean":       # a zero total weight gives zero coefficients, as PyTorch
        total = rd.reduce("sum", w)
        w = ew.apply("where", [ew.apply("eq", [total, 0]), 0, ew.apply("div", [w, total])])
    coef = ew.full(tuple(input_shape), dtype, index_of(target), 0)
    ix.scatter_unchecked("scatter", coef, cls, safe.unsqueeze(cls),
                         ew.apply("neg", [w]).unsqueeze(cls))
    coef._storage.version = 0
    return coef
