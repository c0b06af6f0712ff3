"""View ops: new metadata over the same storage, never a copy (reshape excepted when the
strides cannot express the new shape). Each returns `_view(base, shape, stride, offset)`.
"""
import math

from ._dtype import to_dtype
from ._registry import def_op
from ._tensor import (_view, _expand, _contiguous_strides, _empty, _set_meta, wrap_dim,
                      reshape_contiguous)
from ._elementwise import contiguous_copy, copy_into
from . import _memory_format as mf


def _shape_arg(args):
    """Accepts f(2, 3), f((2, 3)), f([2, 3]) and f(torch.Size([2, 3]))."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    if isinstance(args, tuple):          # the common case, plain ints: no conversion needed
        for a in args:
            if type(a) is not int:
                break
        else:
            return args if type(args) is tuple else tuple(args)
    try:
        return tuple(int(a.__index__()) for a in args)
    except AttributeError:
        bad = next(a for a in args if not hasattr(a, "__index__"))
        raise TypeError(f"expected a sequence of ints for the shape, got {type(bad).__name__}") from None


def _infer_size(shape, numel):
    """shape with its -1 filled in; PyTorch's errors otherwise."""
    neg = None
    for i, s in enumerate(shape):
        if s == -1:
            if neg is not None:
                raise RuntimeError("only one dimension can be inferred")
            neg = i
        elif s < 0:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {list(shape)}")
    known = math.prod(s for s in shape if s != -1)
    if neg is not None:
        if known == 0:
            if numel == 0:
                raise RuntimeError(
                    f"cannot reshape tensor of 0 elements into shape {list(shape)} because the "
                    "unspecified dimension size -1 can be any value and is ambiguous")
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        if numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape = list(shape)
        shape[neg] = numel // known
        return tuple(shape)
    if known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return tuple(shape)


def _view_strides(old_shape, old_stride, new_shape):
    """Strides that express new_shape over old memory, or None (PyTorch's computeStride)."""
    numel = math.prod(old_shape)
    if numel == 0:
        return _contiguous_strides(new_shape) if old_shape != new_shape else old_stride
    if not old_shape:
        return (1,) * len(new_shape)      # a 0-d tensor views as any all-ones shape
    new_stride = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base_stride = old_stride[-1] if old_stride else 1
    tensor_numel = 1
    view_numel = 1
    for tensor_d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[tensor_d]
        if tensor_d == 0 or (old_shape[tensor_d - 1] != 1 and
                             old_stride[tensor_d - 1] != tensor_numel * chunk_base_stride):
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                new_stride[view_d] = view_numel * chunk_base_stride
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base_stride = old_stride[tensor_d - 1]
                tensor_numel = 1
                view_numel = 1
    if view_d != -1:
        return None
    return tuple(new_stride)


def view(self, *shape):
    # a contiguous tensor views any valid shape (the common case, as reshape's)
    fast = reshape_contiguous(self, shape[0] if len(shape) == 1 and type(shape[0]) is tuple else shape)
    if fast is not None:
        return fast
    if len(shape) == 1 and not isinstance(shape[0], (tuple, list, int)) and \
            not hasattr(shape[0], "__index__"):
        return _view_dtype(self, to_dtype(shape[0]))
    shape = _infer_size(_shape_arg(shape), self.numel())
    stride = _view_strides(self._shape, self._stride, shape)
    if stride is None:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _view(self, shape, stride, self._offset)


def _view_dtype(self, dt):
    if dt.itemsize != self.dtype.itemsize:
        raise RuntimeError("view(dtype) is only supported here between dtypes of the same size")
    out = _view(self, self._shape, self._stride, self._offset)
    out._dtype = dt
    return out


def reshape(self, *shape):
    fast = reshape_contiguous(self, shape[0] if len(shape) == 1 and type(shape[0]) is tuple else shape)
    if fast is not None:
        return fast
    shape = _infer_size(_shape_arg(shape), self.numel())
    stride = _view_strides(self._shape, self._stride, shape)
    if stride is not None:
        return _view(self, shape, stride, self._offset)
    # strides cannot express the new shape: a contiguous copy, which is not a view
    out = contiguous_copy(self)
    _set_meta(out, shape, _contiguous_strides(shape), 0)
    return out


def view_as(self, other):
    return view(self, other._shape)


def reshape_as(self, other):
    return reshape(self, other._shape)


def contiguous(self, memory_format=None):
    if memory_format is None:                       # the common case, kept short
        return self if self.is_contiguous() else contiguous_copy(self)
    memory_format = mf.for_contiguous(self, memory_format)
    if self.is_contiguous(memory_format):
        return self
    return copy_as(self, memory_format, "contiguous")


def copy_as(t, memory_format, fname, dtype=None):
    """A copy of t in `memory_format` (None is preserve_format, PyTorch's default), of
    `dtype` when given."""
    strides = mf.copy_strides(t, memory_format, fname)
    if strides is None and dtype is None:
        return contiguous_copy(t)
    dt = t.dtype if dtype is None else dtype
    if strides is None:
        out = _empty(t._shape, dt)
    else:
        out = _empty((t.numel(),), dt)
        _set_meta(out, t._shape, strides, 0)
    copy_into(out, t)
    out._storage.version = 0          # a new tensor: nothing was written to it yet
    return out


def clone(self, *, memory_format=None):
    if memory_format is None and self.is_contiguous() and self.numel():    # the common case
        return contiguous_copy(self)
    return copy_as(self, memory_format, "clone")


def detach(self):
    out = _view(self, self._shape, self._stride, self._offset)
    out._base = None     # shares memory, but is not a view in the autograd sense
    return out


def permute(self, *dims):
    dims = _shape_arg(dims)
    n = self.dim()
    if len(dims) != n:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not "
                           f"match the length of the desired ordering of dimensions i.e. input.dim() "
                           f"= {n} is not equal to len(dims) = {len(dims)}")
    dims = [wrap_dim(d, n) for d in dims]
    if len(set(dims)) != n:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _view(self, tuple(self._shape[d] for d in dims), tuple(self._stride[d] for d in dims),
                 self._offset)


def transpose(self, dim0, dim1):
    n = len(self._shape)
    d0, d1 = wrap_dim(dim0, n), wrap_dim(dim1, n)
    shape, stride = list(self._shape), list(self._stride)
    if n:
        shape[d0], shape[d1] = shape[d1], shape[d0]
        stride[d0], stride[d1] = stride[d1], stride[d0]
    return _view(self, tuple(shape), tuple(stride), self._offset)


def t(self):
    if self.dim() > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.dim()}D")
    return transpose(self, 0, -1) if self.dim() == 2 else detach_view(self)


def detach_view(self):
    return _view(self, self._shape, self._stride, self._offset)


def expand(self, *sizes):
    sizes = _shape_arg(sizes)
    n, k = len(sizes), self.dim()
    if n < k:
        raise RuntimeError(f"expand(torch.{self.dtype.legacy_name}Tensor{{{list(self._shape)}}}, "
                           f"size={list(sizes)}): the number of sizes provided ({n}) must be "
                           f"greater or equal to the number of dimensions in the tensor ({k})")
    if -1 not in sizes:             # nothing to fill in: the common case
        out = _expand(self, sizes)
        return _view(self, self._shape, self._stride, self._offset) if out is self else out
    target = list(sizes)
    for i in range(n):
        if target[i] == -1:
            if i < n - k:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a "
                                   f"leading, non-existing dimension {i}")
            target[i] = self._shape[i - (n - k)]
    out = _expand(self, tuple(target))
    return _view(self, self._shape, self._stride, self._offset) if out is self else out


def expand_as(self, other):
    return expand(self, other._shape)


def broadcast_to(self, size):
    return expand(self, size)


def squeeze(self, dim=None):
    n = self.dim()
    if dim is None:
        dims = [i for i in range(n) if self._shape[i] == 1]
    else:
        dims = [wrap_dim(d, n) for d in (dim if isinstance(dim, (tuple, list)) else (dim,))]
        for i, d in enumerate(dims):
            if d in dims[:i]:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        dims = [d for d in dims if n and self._shape[d] == 1]
    keep = [i for i in range(n) if i not in dims]
    return _view(self, tuple(self._shape[i] for i in keep), tuple(self._stride[i] for i in keep),
                 self._offset)


def unsqueeze(self, dim):
    n = self.dim()
    d = wrap_dim(dim, n + 1)
    shape, stride = list(self._shape), list(self._stride)
    new_stride = shape[d] * stride[d] if d < n else 1
    shape.insert(d, 1)
    stride.insert(d, new_stride)
    return _view(self, tuple(shape), tuple(stride), self._offset)


def flatten(self, start_dim=0, end_dim=-1):
    n = self.dim()
    if n == 0:
        return reshape(self, (1,))
    s, e = wrap_dim(start_dim, n), wrap_dim(end_dim, n)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return self
    shape = self._shape[:s] + (math.prod(self._shape[s:e + 1]),) + self._shape[e + 1:]
    return reshape(self, shape)


def unflatten(self, dim, sizes):
    n = self.dim()
    d = wrap_dim(dim, n)
    sizes = tuple(sizes)
    if len(sizes) == 0:
        raise RuntimeError("unflatten: sizes must be non-empty")
    if sizes.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = math.prod(s for s in sizes if s != -1)
    if (-1 not in sizes and known != self._shape[d]) or \
            (-1 in sizes and (known == 0 or self._shape[d] % known)):
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the "
                           f"size of dim {dim} ({self._shape[d]}) in the input tensor")
    inner = _infer_size(sizes, self._shape[d])
    return view(self, self._shape[:d] + inner + self._shape[d + 1:])


def ravel(self):
    return reshape(self, (-1,))


def narrow(self, dim, start, length):
    n = self.dim()
    if n == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, n)
    size = self._shape[d]
    start = int(start)
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], "
                         f"but got {start})")
    if start < 0:
        start += size
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    shape = list(self._shape)
    shape[d] = length
    return _view(self, tuple(shape), self._stride, self._offset + start * self._stride[d])


def select(self, dim, index):
    n = self.dim()
    if n == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, n)
    size = self._shape[d]
    index = int(index)
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(self._shape)} at dimension {d}")
    if index < 0:
        index += size
    return _view(self, self._shape[:d] + self._shape[d + 1:], self._stride[:d] + self._stride[d + 1:],
                 self._offset + index * self._stride[d])


def unbind(self, dim=0):
    if self.dim() == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    d = wrap_dim(dim, self.dim())
    return tuple(select(self, d, i) for i in range(self._shape[d]))


def diagonal(self, offset=0, dim1=0, dim2=1):
    n = self.dim()
    d1, d2 = wrap_dim(dim1, n), wrap_dim(dim2, n)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    start = self._offset
    if offset >= 0:
        length = max(min(self._shape[d1], self._shape[d2] - offset), 0)
        start += offset * self._stride[d2] if length else 0
    else:
        length = max(min(self._shape[d1] + offset, self._shape[d2]), 0)
        start += -offset * self._stride[d1] if length else 0
    keep = [i for i in range(n) if i not in (d1, d2)]
    shape = tuple(self._shape[i] for i in keep) + (length,)
    stride = tuple(self._stride[i] for i in keep) + (self._stride[d1] + self._stride[d2],)
    return _view(self, shape, stride, start)


def split(self, split_size_or_sections=None, dim=0, *, split_size=None):
    # Tensor.split names its first argument split_size, torch.split split_size_or_sections
    if split_size_or_sections is None:
        if split_size is None:
            raise TypeError("split() missing required argument 'split_size_or_sections'")
        split_size_or_sections = split_size
    d = wrap_dim(dim, self.dim())
    size = self._shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step <= 0 and not (step == 0 and size == 0):
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension "
                               f"size of {size}")
        if step == 0:
            return (narrow(self, d, 0, 0),)
        sections = [min(step, size - i) for i in range(0, size, step)] or [0]
    else:
        sections = list(split_size_or_sections)
        if sum(sections) != size:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} "
                               f"(input tensor's size at dimension {d}), but got split_sizes="
                               f"{sections}")
    out, start = [], 0
    for length in sections:
        out.append(narrow(self, d, start, length))
        start += length
    return tuple(out)


def chunk(self, chunks, dim=0):
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = wrap_dim(dim, self.dim())
    size = self._shape[d]
    step = -(-size // chunks) if size else 1
    return split(self, step, d)


def as_strided(self, size, stride, storage_offset=None):
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    offset = self._offset if storage_offset is None else storage_offset
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got "
                           f"strides: {list(stride)}")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(s < 0 for s in size):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and "
                           f"strides={list(stride)}")
    if math.prod(size):
        last = offset + sum((n - 1) * s for n, s in zip(size, stride))
        capacity = self._storage.nbytes // self.dtype.itemsize
        if last >= capacity:
            raise RuntimeError(
                f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, "
                f"and itemsize {self.dtype.itemsize} requiring a storage size of "
                f"{(last + 1) * self.dtype.itemsize} are out of bounds for storage of size "
                f"{self._storage.nbytes}")
    return _view(self, size, stride, offset)


def movedim(self, source, destination):
    n = self.dim()
    src = [wrap_dim(d, n) for d in (source if isinstance(source, (tuple, list)) else (source,))]
    dst = [wrap_dim(d, n) for d in (destination if isinstance(destination, (tuple, list)) else (destination,))]
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) should "
                           f"contain the same number of dims as destination ({dst} dims)")
    for name, dims in (("source", src), ("destination", dst)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({dims})")
    order = [None] * n
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(i for i in range(n) if i not in src)
    order = [o if o is not None else next(rest) for o in order]
    return permute(self, order)


def swapaxes(self, a, b):
    return transpose(self, a, b)


for _name, _fn in [("view", view), ("reshape", reshape), ("view_as", view_as),
                   ("reshape_as", reshape_as), ("contiguous", contiguous), ("clone", clone),
                   ("detach", detach), ("permute", permute), ("transpose", transpose), ("t", t),
                   ("expand", expand), ("expand_as", expand_as), ("broadcast_to", broadcast_to),
                   ("squeeze", squeeze), ("unsqueeze", unsqueeze), ("flatten", flatten),
                   ("unflatten", unflatten), ("ravel", ravel), ("narrow", narrow),
                   ("select", select), ("unbind", unbind), ("diagonal", diagonal),
                   ("split", split), ("chunk", chunk), ("as_strided", as_strided),
                   ("movedim", movedim), ("swapaxes", swapaxes)]:
    def_op(_name, _fn, function=_name not in ("view", "view_as", "reshape_as", "contiguous",
                                              "expand", "expand_as"))

_functions_with_other_names = {"swapdims": swapaxes, "moveaxis": movedim}


# In-place metadata ops: change this tensor's view of its storage.
def _inplace_meta(fn):
    from ._tensor import _set_meta

    def inplace(self, *args):
        r = fn(self, *args)
        _set_meta(self, r._shape, r._stride, r._offset)
        return self
    return inplace


for _name, _fn in [("t_", t), ("transpose_", transpose), ("squeeze_", squeeze),
                   ("unsqueeze_", unsqueeze), ("as_strided_", as_strided)]:
    def_op(_name, _inplace_meta(_fn), function=False)
for _alias, _fn in _functions_with_other_names.items():
    def_op(_alias, _fn)
