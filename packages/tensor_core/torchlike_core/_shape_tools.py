"""Shape tools: rot90, repeat_interleave, broadcast_tensors, meshgrid, atleast_Nd, the
tensor_split family, unfold, and the padding kernels behind nn.functional.pad.

Views (unfold, and the pieces of tensor_split) share their input's storage through
`_view`, as in _views.py. Ops PyTorch implements out of other ops are written the same way
here, through the dispatcher (`call`), so autograd records their parts and they need no
formula of their own; rot90, unfold and the pads have formulas (_formulas_shape.py).
"""
import warnings

import numpy as np

from ._checks import check_fill_value
from ._dispatch import call
from ._joins import fresh_tensor
from ._registry import def_op
from ._tensor import TensorBase, _view, _broadcast_pair, wrap_dim


def _tensors_arg(tensors):
    """f(a, b) and f([a, b]) spellings of a tensor-list argument."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return tuple(tensors[0])
    return tuple(tensors)


# ---- rot90 --------------------------------------------------------------------------------

def rot90(input, k=1, dims=(0, 1)):
    dims = list(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    n = input.dim()
    if n < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {n}")
    d0, d1 = wrap_dim(dims[0], n), wrap_dim(dims[1], n)
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {d0} and "
                           f"dim1 = {d1}")
    # np.rot90 turns from the first axis towards the second, as PyTorch does
    return fresh_tensor(np.rot90(input.numpy_view(), k % 4, axes=(d0, d1)))


def_op("rot90", rot90)


# ---- repeat_interleave --------------------------------------------------------------------

def _repeat_counts(repeats):
    """The repeat counts of a tensor `repeats` as an int64 numpy array (validated)."""
    if repeats.dim() > 1:
        raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    if repeats.is_floating_point() or repeats._dtype.name == "bool":
        raise NotImplementedError(
            f"\"repeat_interleave_cpu\" not implemented for '{repeats._dtype.legacy_name}'")
    counts = repeats.numpy_view().astype(np.int64).reshape(-1)
    if (counts < 0).any():
        raise RuntimeError("repeats can not be negative")
    return counts


def _check_output_size(output_size, total):
    if output_size is not None and output_size != total:
        raise RuntimeError("allocated size does not match required size")


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    if repeats is None:
        # repeat_interleave(repeats): each index i repeated repeats[i] times
        if input.dim() != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        counts = _repeat_counts(input)
        _check_output_size(output_size, int(counts.sum()))
        return fresh_tensor(np.repeat(np.arange(len(counts), dtype=np.int64), counts))
    if dim is None:
        input = call("reshape", (input, (-1,)), None)
        dim = 0
    d = wrap_dim(dim, input.dim())
    size = input._shape[d] if input.dim() else 1
    if not isinstance(repeats, TensorBase):
        if repeats < 0:
            raise RuntimeError("Repeats must be non-negative")
        if output_size is not None and output_size != size * repeats:
            raise RuntimeError(f"repeat_interleave: Invalid output_size, expected "
                               f"{size * repeats} but got {output_size}")
        # x[..., i, None, ...] expanded along a new dim, then merged: a view where it can be
        shape = list(input._shape)
        x = call("unsqueeze", (input, d + 1), None)
        x = call("expand", (x, tuple(shape[:d + 1] + [repeats] + shape[d + 1:])), None)
        shape[d] = size * repeats
        return call("reshape", (x, tuple(shape)), None)
    counts = _repeat_counts(repeats)
    if len(counts) == 1:
        counts = np.repeat(counts, size)
    elif len(counts) != size:
        raise RuntimeError(f"repeats must have the same size as input along dim, but got "
                           f"repeats.size(0) = {len(counts)} and input.size({d}) = {size}")
    _check_output_size(output_size, int(counts.sum()))
    index = fresh_tensor(np.repeat(np.arange(size, dtype=np.int64), counts))
    return call("index_select", (input, d, index), None)


def_op("repeat_interleave", repeat_interleave)


# ---- broadcasting and grids -----------------------------------------------------------------

def broadcast_tensors(*tensors):
    tensors = _tensors_arg(tensors)
    shape = ()
    for t in tensors:       # pairwise, for PyTorch's "size of tensor a ..." message
        shape = _broadcast_pair(shape, t._shape)
    return tuple(call("expand", (t, shape), None) for t in tensors)


def meshgrid(*tensors, indexing=None):
    tensors = _tensors_arg(tensors)
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the "
                      "indexing argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but '
                           f'received: {indexing}')
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for t in tensors:
        if t.dim() > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {t}")
        if t._dtype is not tensors[0]._dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    # 'xy' is 'ij' with the first two inputs (and so the first two output dims) swapped
    swap = indexing == "xy" and len(tensors) >= 2
    order = [1, 0] + list(range(2, len(tensors))) if swap else list(range(len(tensors)))
    ordered = [tensors[i] for i in order]
    shape = tuple(t.numel() for t in ordered)
    grids = []
    for i, t in enumerate(ordered):
        view_shape = [1] * len(shape)
        view_shape[i] = shape[i]
        grids.append(call("expand", (call("reshape", (t, tuple(view_shape)), None), shape), None))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def_op("broadcast_tensors", broadcast_tensors, method=False)
def_op("meshgrid", meshgrid, method=False)


# ---- atleast_1d/2d/3d -----------------------------------------------------------------------

def _atleast(n):
    # PyTorch's shapes: 0-d -> (1,), (1, 1), (1, 1, 1); 1-d (k,) -> (1, k), (1, k, 1);
    # 2-d (a, b) -> (a, b, 1)
    def one(t):
        if t.dim() >= n:
            return t
        if t.dim() == 0:
            return call("reshape", (t, (1,) * n), None)
        if t.dim() == 1 and n >= 2:
            t = call("unsqueeze", (t, 0), None)
        return call("unsqueeze", (t, -1), None) if t.dim() < n else t

    def atleast(*tensors):
        if len(tensors) == 1 and isinstance(tensors[0], TensorBase):
            return one(tensors[0])
        return tuple(one(t) for t in _tensors_arg(tensors))
    atleast.__name__ = f"atleast_{n}d"
    return atleast


for _n in (1, 2, 3):
    def_op(f"atleast_{_n}d", _atleast(_n), method=False)


# ---- tensor_split and its h/v/d spellings ------------------------------------------------

def _split_points(input, sections, d):
    """The boundaries of tensor_split's pieces along dim d."""
    size = input._shape[d]
    if isinstance(sections, TensorBase):
        if sections._dtype.name != "int64":
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype of "
                               f"long, but got {sections._dtype.legacy_name}")
        if sections.dim() > 1:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a "
                               f"zero-dimensional or one-dimensional tensor, but got a tensor "
                               f"with {sections.dim()} dims")
        sections = int(sections.item()) if sections.dim() == 0 else \
            [int(v) for v in sections.numpy_view()]
    if isinstance(sections, int):
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        # the first size % sections pieces are one longer
        small, extra = divmod(size, sections)
        lengths = [small + 1] * extra + [small] * (sections - extra)
        return [sum(lengths[:i]) for i in range(sections + 1)]
    # indices: clamped to the dim, and a piece never runs backwards (empty instead)
    points = [0]
    for i in sections:
        i = int(i)
        if i < 0:
            i = max(i + size, 0)
        points.append(min(i, size))
    points.append(size)
    return points


def tensor_split(input, indices_or_sections, dim=0):
    if input.dim() == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                           "tensor with 0 dims")
    d = wrap_dim(dim, input.dim())
    points = _split_points(input, indices_or_sections, d)
    pieces = []
    for start, stop in zip(points[:-1], points[1:]):
        start = min(start, input._shape[d])
        pieces.append(call("narrow", (input, d, start, max(stop - start, 0)), None))
    return tuple(pieces)


def _directional_split(name, dim_of, min_dims):
    def fn(input, indices_or_sections):
        if input.dim() < min_dims:
            raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dims} "
                               f"dimension, but got a tensor with {input.dim()} dimensions!")
        d = dim_of(input)
        if isinstance(indices_or_sections, int):
            size = input._shape[d]
            if indices_or_sections == 0 or size % indices_or_sections:
                raise RuntimeError(f"torch.{name} attempted to split along dimension {d}, but the "
                                   f"size of the dimension {size} is not divisible by the "
                                   f"split_size {indices_or_sections}!")
        return tensor_split(input, indices_or_sections, d)
    fn.__name__ = name
    return fn


def_op("tensor_split", tensor_split)
def_op("hsplit", _directional_split("hsplit", lambda t: 1 if t.dim() > 1 else 0, 1))
def_op("vsplit", _directional_split("vsplit", lambda t: 0, 2))
def_op("dsplit", _directional_split("dsplit", lambda t: 2, 3))


# ---- unfold: a view of sliding windows ---------------------------------------------------

def unfold(self, dimension, size, step):
    n = self.dim()
    d = wrap_dim(dimension, n) if n else wrap_dim(dimension, 1)
    length = self._shape[d] if n else 1
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {length} but size is "
                           f"{size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if n == 0:
        return _view(self, (size,), (1,), self._offset)
    shape, stride = list(self._shape), list(self._stride)
    shape[d] = (length - size) // step + 1
    stride[d] = self._stride[d] * step
    return _view(self, tuple(shape) + (size,), tuple(stride) + (self._stride[d],), self._offset)


def_op("unfold", unfold, function=False)


# ---- padding (the kernels of nn.functional.pad) ------------------------------------------

def _pad_pairs(input, pad):
    """[(dim, before, after)] from PyTorch's pad tuple, whose first pair pads the last dim."""
    pad = [int(p) for p in pad]
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.dim():
        raise RuntimeError(f"Padding length should be less than or equal to two times the input "
                           f"dimension but got padding length {len(pad)} and input of dimension "
                           f"{input.dim()}")
    return [(input.dim() - 1 - i, pad[2 * i], pad[2 * i + 1]) for i in range(len(pad) // 2)]


def constant_pad_geometry(input, pad):
    """(kept, widths): per dim, the slice of input that stays (negative padding crops) and
    the (before, after) padding added, after PyTorch's checks; the cuda backend pads on
    this too."""
    pairs = _pad_pairs(input, pad)
    kept = [slice(None)] * input.dim()
    widths = [(0, 0)] * input.dim()
    for d, before, after in pairs:
        size = input._shape[d]
        if size + before + after < 0:
            raise RuntimeError(f"The input size {size}, plus negative padding {before} and "
                               f"{after} resulted in a negative output size, which is invalid. "
                               f"Check dimension {d} of your input.")
        kept[d] = slice(max(-before, 0), size - max(-after, 0))
        widths[d] = (max(before, 0), max(after, 0))
    return kept, widths


def constant_pad_nd(input, pad, value=0):
    """Zero-or-value padding; negative amounts crop."""
    kept, widths = constant_pad_geometry(input, pad)
    value = check_fill_value(value, input._dtype)
    x = input.numpy_view()[tuple(kept)]
    if x.size == 0 and any(w != (0, 0) for w in widths):
        shape = tuple(s + a + b for s, (a, b) in zip(x.shape, widths))
        return fresh_tensor(np.full(shape, value, dtype=x.dtype))
    return fresh_tensor(np.pad(x, widths, mode="constant", constant_values=value))


def index_pad_positions(input, pad, mode):
    """reflect / replicate padding as [(dim, positions)]: output position j of a padded dim
    reads input position positions[j] (np.pad's 'reflect' and 'edge' modes applied to the
    indices give PyTorch's values; negative amounts crop). After PyTorch's checks; the
    cuda backend pads on this too."""
    np_mode = {"reflect": "reflect", "replicate": "edge"}[mode]
    plan = []
    for d, before, after in _pad_pairs(input, pad):
        size = input._shape[d]
        if mode == "reflect" and (before >= size or after >= size):
            raise RuntimeError(
                f"Argument #4: Padding size should be less than the corresponding input "
                f"dimension, but got: padding ({before}, {after}) at dimension {d} of input "
                f"{list(input._shape)}")
        if size == 0 and (before or after):
            raise RuntimeError(f"{mode} padding needs a non-empty dimension {d}, but got "
                               f"input of shape {list(input._shape)}")
        positions = np.pad(np.arange(size), (max(before, 0), max(after, 0)), mode=np_mode)
        plan.append((d, positions[max(-before, 0):len(positions) - max(-after, 0)]))
    return plan


def _index_pad(mode):
    def pad_kernel(input, pad):
        x = input.numpy_view()
        for d, positions in index_pad_positions(input, pad, mode):
            x = np.take(x, positions, axis=d)
        return fresh_tensor(x)              # copies x when no dim was padded
    pad_kernel.__name__ = f"{mode}_pad"
    return pad_kernel


def_op("constant_pad_nd", constant_pad_nd, method=False)
def_op("_reflection_pad", _index_pad("reflect"), function=False, method=False)
def_op("_replication_pad", _index_pad("replicate"), function=False, method=False)
