"""im2col and col2im (F.unfold and F.fold): the sliding blocks of an image as columns, and
back. A 2-d convolution is im2col then one matmul; its backward is that matmul's and
col2im, which adds each kernel offset's block back with one strided slice per offset
(kh * kw numpy additions) instead of scattering element by element."""
import numpy as np

from ._checks import require_tensor
from ._joins import fresh_tensor
from ._numpy_bridge import from_numpy
from ._registry import def_op


def _pair(value, name):
    value = (value, value) if isinstance(value, int) else tuple(value)
    if len(value) != 2 or not all(isinstance(v, int) for v in value):
        raise TypeError(f"{name} must be an int or a pair of ints, got {value!r}")
    return value


def _params(kernel_size, dilation, padding, stride):
    k, d, p, s = (_pair(v, n) for v, n in ((kernel_size, "kernel_size"), (dilation, "dilation"),
                                          (padding, "padding"), (stride, "stride")))
    if min(k) <= 0 or min(d) <= 0 or min(s) <= 0:
        raise RuntimeError(f"kernel size, dilation and stride should be greater than zero, but "
                           f"got kernel_size={k}, dilation={d}, stride={s}")
    if min(p) < 0:
        raise RuntimeError(f"padding should be non-negative, but got padding={p}")
    return k, d, p, s


def _blocks(size, k, d, p, s):
    """How many blocks fit along each spatial dim of a `size` image."""
    return tuple((size[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i in range(2))


def _check_blocks(blocks, given, complaint):
    """Both directions refuse a block grid with a non-positive side (`given` describes the
    arguments, `complaint` is each op's own ending of PyTorch's message)."""
    if min(blocks) <= 0:
        raise RuntimeError(f"Given {given}, calculated shape of the array of sliding blocks as "
                           f"{blocks}, {complaint}")


def _offsets(k, d, s, blocks):
    """For each kernel offset (i, j): the strided slices of the padded image it reads."""
    for i in range(k[0]):
        for j in range(k[1]):
            yield i, j, (slice(i * d[0], i * d[0] + s[0] * (blocks[0] - 1) + 1, s[0]),
                         slice(j * d[1], j * d[1] + s[1] * (blocks[1] - 1) + 1, s[1]))


def im2col_geometry(input, kernel_size, dilation, padding, stride):
    """(k, d, p, s, blocks) of F.unfold on `input`, each a pair, after PyTorch's checks; the
    cuda backend builds its im2col on this too."""
    require_tensor(input, "unfold", "input", None)
    k, d, p, s = _params(kernel_size, dilation, padding, stride)
    shape = input._shape
    if len(shape) not in (3, 4) or 0 in shape[-3:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and "
                           f"other non-zero dimensions for input, but got: {list(shape)}")
    blocks = _blocks(shape[-2:], k, d, p, s)
    _check_blocks(blocks, f"input with spatial size {tuple(shape[-2:])}, kernel_size={k}, "
                  f"dilation={d}, padding={p}", "but its components must be at least one.")
    return k, d, p, s, blocks


def im2col(input, kernel_size, dilation=1, padding=0, stride=1):
    """(N, C, H, W) -> (N, C * kh * kw, L): each column one block, as F.unfold."""
    k, d, p, s, blocks = im2col_geometry(input, kernel_size, dilation, padding, stride)
    x = input.numpy_view()
    batched = x.ndim == 4
    if not batched:
        x = x[None]
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1]))) if any(p) else x
    n, c = x.shape[:2]
    cols = np.empty((n, c, k[0], k[1]) + blocks, dtype=x.dtype)
    for i, j, (rows, columns) in _offsets(k, d, s, blocks):
        cols[:, :, i, j] = xp[:, :, rows, columns]
    cols = cols.reshape(n, c * k[0] * k[1], blocks[0] * blocks[1])
    return from_numpy(cols if batched else cols[0])      # our own new buffer: no copy


def col2im_geometry(input, output_size, kernel_size, dilation, padding, stride):
    """(k, d, p, s, out, blocks) of F.fold on `input`, each a pair, after PyTorch's checks;
    the cuda backend builds its col2im on this too."""
    require_tensor(input, "fold", "input", None)
    k, d, p, s = _params(kernel_size, dilation, padding, stride)
    out = _pair(output_size, "output_size")
    shape = input._shape
    if len(shape) not in (2, 3) or 0 in shape[-2:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 "
                           "batch size and non-zero dimensions for input, but got: "
                           f"{list(shape)}")
    if shape[-2] % (k[0] * k[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product "
                           f"of kernel_size, but got input.size(1)={shape[-2]} and "
                           f"kernel_size={k}")
    blocks = _blocks(out, k, d, p, s)
    given = f"output_size={out}, kernel_size={k}, dilation={d}, padding={p}, stride={s}"
    if shape[-1] != blocks[0] * blocks[1]:     # PyTorch checks the count first
        raise RuntimeError(f"Given {given}, expected size of input's dimension 2 to match the "
                           f"calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
                           f"{blocks[0] * blocks[1]}, but got input.size(2)={shape[-1]}.")
    _check_blocks(blocks, given, "which is too small (non-positive)")
    return k, d, p, s, out, blocks


def col2im(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """(N, C * kh * kw, L) -> (N, C, H, W), adding overlapping blocks up, as F.fold."""
    k, d, p, s, out, blocks = col2im_geometry(input, output_size, kernel_size, dilation,
                                              padding, stride)
    cols = input.numpy_view()
    batched = cols.ndim == 3
    if not batched:
        cols = cols[None]
    n, c = cols.shape[0], cols.shape[1] // (k[0] * k[1])
    cols = cols.reshape((n, c, k[0], k[1]) + blocks)
    image = np.zeros((n, c, out[0] + 2 * p[0], out[1] + 2 * p[1]), dtype=cols.dtype)
    for i, j, (rows, columns) in _offsets(k, d, s, blocks):
        image[:, :, rows, columns] += cols[:, :, i, j]
    image = image[:, :, p[0]:p[0] + out[0], p[1]:p[1] + out[1]]
    return fresh_tensor(image if batched else image[0])


def_op("im2col", im2col, function=False, method=False)
def_op("col2im", col2im, function=False, method=False)
