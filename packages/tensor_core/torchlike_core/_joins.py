"""Joining and rearranging ops: cat/stack and their hstack/vstack/dstack/column_stack
spellings, flip, roll, repeat, tile, tril/triu and diag.

Every op here returns a new tensor (PyTorch's flip/roll/repeat/tile copy too). The data
movement is numpy's, over views of our memory (`numpy_view()`); results come back through
`fresh_tensor`, which makes sure a result never shares memory with an input.
"""
import numpy as np

from . import _dtype
from ._checks import require_tensor
from ._dispatch import call
from ._elementwise import can_cast, copy_into, resize_out
from ._numpy_bridge import from_numpy
from ._registry import def_op
from ._tensor import TensorBase, _empty, _view, wrap_dim
from ._views import _shape_arg

# The C++ type names PyTorch prints in some messages ("expected ... float, but got long int").
_CPP_NAMES = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char",
              "int16": "short int", "int32": "int", "int64": "long int",
              "float16": "c10::Half", "float32": "float", "float64": "double"}


def cpp_name(dt):
    """The C++ scalar type name PyTorch uses for `dt` in its messages."""
    return _CPP_NAMES[dt.name]


# ---- helpers shared with _linalg / _random ------------------------------------------------

def fresh_tensor(arr):
    """A tensor over `arr`, copied unless numpy made it fresh for us.

    numpy returns views for some results (np.flip, np.diag of a matrix), and a view of an
    input's memory must not become the result of an op that is documented to copy.
    """
    if arr.size == 0:
        # numpy gives empty arrays zero strides; ours get the usual contiguous ones
        return _empty(arr.shape, _dtype.from_numpy_dtype(arr.dtype))
    if not (arr.flags.owndata and arr.flags.c_contiguous):
        arr = np.array(arr, order="C")
    return from_numpy(arr)


def check_out_dtype(out, dt):
    """PyTorch's exact-dtype check for out= of non-elementwise ops (mm, tril, diag...)."""
    if out.dtype is not dt:
        raise RuntimeError(f"Expected out tensor to have dtype {cpp_name(dt)}, but got "
                           f"{cpp_name(out.dtype)} instead")


def write_out(result, out):
    """Copy `result` into a user's out= tensor, resizing it as PyTorch does when needed."""
    if out._shape != result._shape:
        resize_out(out, result._shape)
    return copy_into(out, result)


def write_out_checked(result, out, name):
    """write_out for an op whose out= must be a tensor of exactly the result's dtype."""
    require_tensor(out, name, "out", None)
    check_out_dtype(out, result.dtype)
    return write_out(result, out)


def _check_out_arg(out, name):
    if out is not None:
        require_tensor(out, name, "out", None)


def _tensor_list(tensors, name, arg="tensors"):
    """The tensors of a cat/stack-style argument, checked to be a list/tuple of tensors."""
    if isinstance(tensors, TensorBase) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument '{arg}' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    for i, t in enumerate(tensors):
        if not isinstance(t, TensorBase):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
    return list(tensors)


def _int_arg(value, fname, argname):
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{fname}(): argument '{argname}' must be int, not {type(value).__name__}")
    return value.__index__()


# ---- cat and stack --------------------------------------------------------------------------

def cat(tensors, dim=0, *, out=None):
    tensors = _tensor_list(tensors, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    dim = _int_arg(dim, "cat", "dim")
    _check_out_arg(out, "cat")
    # The result dtype promotes over every input, the skipped empty ones included.
    dt = tensors[0].dtype
    for i, t in enumerate(tensors):
        dt = _dtype.promote_types(dt, t.dtype)
        if t.dim() == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    if out is not None and not can_cast(dt, out.dtype):
        raise TypeError(f"torch.cat(): input types can't be cast to the desired output type "
                        f"{out.dtype.legacy_name}")
    # PyTorch's legacy rule: 1-d tensors of shape (0,) are skipped, whatever the others' shape.
    kept = [(i, t) for i, t in enumerate(tensors) if t._shape != (0,)]
    if not kept:
        result = _empty((0,), dt)
    else:
        ref = kept[0][1]
        d = wrap_dim(dim, ref.dim())
        size = 0
        for i, t in kept:
            if t.dim() != ref.dim():
                raise RuntimeError(f"Tensors must have same number of dimensions: got "
                                   f"{ref.dim()} and {t.dim()}")
            for k in range(ref.dim()):
                if k != d and t._shape[k] != ref._shape[k]:
                    raise RuntimeError(
                        f"Sizes of tensors must match except in dimension {d}. Expected size "
                        f"{ref._shape[k]} but got size {t._shape[k]} for tensor number {i} in "
                        "the list.")
            size += t._shape[d]
        shape = ref._shape[:d] + (size,) + ref._shape[d + 1:]
        result = _empty(shape, dt)
        if result.numel():
            # Written straight into the new tensor's memory; inputs of other dtypes are cast.
            np.concatenate([t.numpy_view() for _, t in kept], axis=d, out=result.numpy_view(),
                           casting="unsafe")
    if out is None:
        return result
    return write_out(result, out)


def stack(tensors, dim=0, *, out=None):
    tensors = _tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    first = tensors[0]
    for i, t in enumerate(tensors):
        if t._shape != first._shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(first._shape)} at entry 0 and {list(t._shape)} at entry {i}")
    d = wrap_dim(_int_arg(dim, "stack", "dim"), first.dim() + 1)
    # each input viewed with a size-1 dim at d (as unsqueeze, without dispatching it)
    shape = first._shape[:d] + (1,) + first._shape[d:]
    parts = [_view(t, shape, t._stride[:d] + (1,) + t._stride[d:], t._offset) for t in tensors]
    return call("cat", (parts, d), None if out is None else {"out": out})


def _atleast(t, n):
    """t viewed with at least n dims, as torch.atleast_1d/2d/3d place the new ones."""
    # Built from unsqueeze (a view for any input, 0-d included).
    k = t.dim()
    if k >= n:
        return t
    if k == 0:
        for _ in range(n):
            t = t.unsqueeze(0)
        return t
    if n == 2 or k == 1:            # (m,) -> (1, m), and for n == 3 then -> (1, m, 1)
        t = t.unsqueeze(0)
    return t.unsqueeze(-1) if n == 3 else t


def _stack_family(name, ndim, dim_of):
    def kernel(tensors, *, out=None):
        tensors = _tensor_list(tensors, name)
        if not tensors:
            raise RuntimeError(f"{name} expects a non-empty TensorList")
        parts = [_atleast(t, ndim) for t in tensors]
        return call("cat", (parts, dim_of(parts)), None if out is None else {"out": out})
    kernel.__name__ = name
    return kernel


# hstack joins 1-d inputs end to end and everything else along dim 1 (decided by the first).
hstack = _stack_family("hstack", 1, lambda parts: 0 if parts[0].dim() == 1 else 1)
vstack = _stack_family("vstack", 2, lambda parts: 0)
dstack = _stack_family("dstack", 3, lambda parts: 2)


def column_stack(tensors, *, out=None):
    tensors = _tensor_list(tensors, "column_stack")
    if not tensors:
        raise RuntimeError("column_stack expects a non-empty TensorList")
    # 0-d and 1-d inputs become columns.
    parts = [_atleast(t, 1).unsqueeze(1) if t.dim() <= 1 else t for t in tensors]
    return call("cat", (parts, 1), None if out is None else {"out": out})


def_op("cat", cat, method=False, aliases=("concat", "concatenate"))
def_op("stack", stack, method=False)
def_op("hstack", hstack, method=False)
def_op("vstack", vstack, method=False, aliases=("row_stack",))
def_op("dstack", dstack, method=False)
def_op("column_stack", column_stack, method=False)


# ---- flip and roll ---------------------------------------------------------------------------

def _dims_arg(dims, fname, argname):
    """Accepts f(x, (0, 1)), and the method spellings x.f(0, 1) / x.f(0)."""
    if not dims:
        raise TypeError(f'{fname}() missing 1 required positional arguments: "{argname}"')
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = dims[0]
    return [_int_arg(d, fname, argname) for d in dims]


def flip(input, *dims):
    dims = _dims_arg(dims, "flip", "dims")
    n = input.dim()
    wrapped = [wrap_dim(d, n) for d in dims]
    seen = set()
    for d in wrapped:
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.add(d)
    arr = input.numpy_view()
    if n and wrapped:
        arr = np.flip(arr, axis=tuple(wrapped))
    return fresh_tensor(arr)      # np.flip is a view: copy it, as PyTorch does


def fliplr(input):
    if input.dim() < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return call("flip", (input, (1,)), None)


def flipud(input):
    if input.dim() < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return call("flip", (input, (0,)), None)


def _int_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def roll(input, shifts, dims=None):
    shifts = tuple(_int_arg(s, "roll", "shifts") for s in _int_tuple(shifts))
    dims = () if dims is None else tuple(_int_arg(d, "roll", "dims") for d in _int_tuple(dims))
    if not shifts:
        raise RuntimeError("`shifts` required")
    arr = input.numpy_view()
    if not dims:
        # No dims: roll the flattened tensor, then restore the shape.
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        return fresh_tensor(np.roll(arr.reshape(-1), shifts[0]).reshape(arr.shape))
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                           f"dims:{len(dims)}")
    if input.dim() == 0:
        raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
    axes = tuple(wrap_dim(d, input.dim()) for d in dims)
    return fresh_tensor(np.roll(arr, shifts, axis=axes))


def_op("flip", flip)
def_op("fliplr", fliplr)
def_op("flipud", flipud)
def_op("roll", roll)


# ---- repeat and tile -----------------------------------------------------------------------

def repeat(self, *sizes):
    if not sizes:
        raise TypeError('repeat() missing 1 required positional arguments: "repeats"')
    sizes = _shape_arg(sizes)
    n = self.dim()
    if len(sizes) < n:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    # The tensor gains leading dims of size 1 until it has as many dims as `sizes`.
    padded = (1,) * (len(sizes) - n) + self._shape
    target = [s * r for s, r in zip(padded, sizes)]
    for s in target:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {target}")
    return fresh_tensor(np.tile(self.numpy_view(), sizes))


def tile(input, *dims):
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = tuple(dims[0])
    elif not dims:
        raise TypeError('tile() missing 1 required positional arguments: "dims"')
    dims = _shape_arg(dims) if dims else ()
    # Fewer reps than dims: the reps gain leading 1s (the reverse of repeat's rule).
    dims = (1,) * (input.dim() - len(dims)) + dims
    return input.repeat(dims)


def_op("repeat", repeat, function=False)
def_op("tile", tile)


# ---- tril, triu, diag ----------------------------------------------------------------------

def _triangle(name, np_fn):
    def kernel(input, diagonal=0, *, out=None):
        if input.dim() < 2:
            raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
        k = _int_arg(diagonal, name, "diagonal")
        _check_out_arg(out, name)
        if out is not None:
            check_out_dtype(out, input.dtype)
        # np.tril/np.triu work on the last two axes of a stack of matrices.
        result = fresh_tensor(np_fn(input.numpy_view(), k))
        return result if out is None else write_out(result, out)

    def inplace(self, diagonal=0):
        return copy_into(self, call(name, (self, diagonal), None))
    kernel.__name__, inplace.__name__ = name, name + "_"
    return kernel, inplace


tril, tril_ = _triangle("tril", np.tril)
triu, triu_ = _triangle("triu", np.triu)


def diag(input, diagonal=0, *, out=None):
    if input.dim() not in (1, 2):
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.dim()}D")
    k = _int_arg(diagonal, "diag", "diagonal")
    _check_out_arg(out, "diag")
    if out is not None:
        check_out_dtype(out, input.dtype)
    # 1-d: a square matrix with the vector on diagonal k; 2-d: a copy of diagonal k.
    result = fresh_tensor(np.diag(input.numpy_view(), k))
    return result if out is None else write_out(result, out)


def_op("tril", tril)
def_op("triu", triu)
def_op("tril_", tril_, function=False)
def_op("triu_", triu_, function=False)
def_op("diag", diag)

