"""Indexing on cuda tensors: index_select, gather, scatter(_add), x[index], x[index] = v.

Indices are validated before any launch, so a bad index raises PyTorch's IndexError or
RuntimeError and leaves the destination unchanged, instead of a device-side assert that
would poison the context. A cuda index is checked where it lives: one flag comes back,
and the values only when one is bad to name it.
"""
import numpy as np

from torchlike_core import _dtype
from torchlike_core._checks import check_fill_value, check_scalar
from torchlike_core._tensor import TensorBase, wrap_dim, _view

from . import _compiler, _kernels_elementwise as ew, _kernels_reduce as rd
from ._codegen import Indexing, ATOMIC_ADD_DTYPES
from ._device_tensor import empty, reshaped, from_host, to_host, index_of, check_devices


_INDEX_DTYPES = {"index_select": "index_select(): Expected dtype int32 or int64 for index",
                 "gather": "gather(): Expected dtype int32/int64 for index",
                 "scatter": "scatter(): Expected dtype int32/int64 for index"}


def checked_indices(index, size, device_index, out_of_range, lowest=0, op="index_select"):
    """`index` (a tensor or a list) as an int64 cuda tensor on the device, each value in
    [lowest, size); out_of_range(value) makes the error for the first that is not."""
    if not isinstance(index, TensorBase):
        index = from_host(np.asarray(index, dtype=np.int64), device_index)
    elif index._dtype.name not in ("int64", "int32"):
        raise RuntimeError(_INDEX_DTYPES[op])
    elif index._storage.device.type == "cpu":          # a cpu index moves once
        index = from_host(index.numpy_view().astype(np.int64), device_index)
    elif index._dtype.name == "int32":
        index = ew.cast(index, _dtype.int64)
    if index.numel():
        bad = ew.apply("logical_or", [ew.apply("lt", [index, lowest]),
                                      ew.apply("ge", [index, size])])
        if to_host(rd.reduce("any", bad)):
            raise out_of_range(int(to_host(index)[to_host(bad)][0]))
    return index


def _launch(kind, dst, src, idx, n, dim, walk, target):
    """Indexing kernel `kind` over `n` elements of the iteration shape of walk[0]."""
    nd = max(len(walk[0][0]), 1)
    spec = Indexing(kind, dst._dtype.name, nd)
    shape = walk[0][0] or (1,)
    args = [np.uintp(dst.data_ptr()), np.uintp(src.data_ptr()), np.uintp(idx.data_ptr()),
            np.int64(n), np.int64(dim)]
    args += [np.int64(s) for s in shape]
    for _shape, strides in walk:
        args += [np.int64(s) for s in (strides or (0,))]
    args += [np.int64(s) for s in (target or (0,))]
    return spec, args


def _bounds_error(d, size):
    return lambda bad: RuntimeError(f"index {bad} is out of bounds for dimension {d} with "
                                    f"size {size}")


def index_select(input, dim, index, *, out=None):
    check_devices(index_of(input), (index, out))
    d = wrap_dim(dim, input.dim())
    size = input._shape[d] if input.dim() else 1
    idx = checked_indices(index, size, index_of(input),
                           lambda bad: IndexError("index out of range in self"))
    if idx.dim() > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    return ew.finish(select_unchecked(input, d, idx), out)


# The *_unchecked launches take an int64 cuda index that checked_indices has passed, for
# callers that check once and index several times (nll_loss).

def select_unchecked(input, d, idx):
    """input's slices idx (a 0-d or 1-d index) along dim d."""
    shape = list(input._shape)
    if shape:
        shape[d] = idx.numel()
    res = empty(tuple(shape), input._dtype, index_of(input))
    n = res.numel()
    if n:
        spec, args = _launch("index_select", res, input, idx, n, d,
                             [(res._shape, res._stride)], input._stride)
        args.append(np.int64(idx._stride[0] if idx.dim() else 0))     # st_idx_0
        _compiler.launch(spec, index_of(input), _compiler.grid_for(n, index_of(input)), args)
    return res


def gather(input, dim, index, *, sparse_grad=False, out=None):
    check_devices(index_of(input), (index, out))
    d = wrap_dim(dim, input.dim())
    size = input._shape[d] if input.dim() else 1
    idx = checked_indices(index, size, index_of(input), _bounds_error(d, size), op="gather")
    return ew.finish(gather_unchecked(input, d, idx), out)


def gather_unchecked(input, d, idx):
    """out[k] = input[k with k[d] = idx[k]]."""
    res = empty(idx._shape, input._dtype, index_of(input))
    n = res.numel()
    if n:
        spec, args = _launch("gather", res, input, idx, n, d,
                             [(res._shape, res._stride), (idx._shape, idx._stride)], input._stride)
        _compiler.launch(spec, index_of(input), _compiler.grid_for(n, index_of(input)), args)
    return res


def _scatter(kind, self, dim, index, src):
    check_devices(index_of(self), (index, src))
    d = wrap_dim(dim, self.dim())
    size = self._shape[d] if self.dim() else 1
    idx = checked_indices(index, size, index_of(self), _bounds_error(d, size), op="scatter")
    return scatter_unchecked(kind, self, d, idx, src)


def scatter_unchecked(kind, self, d, idx, src):
    """self[k with k[d] = idx[k]] = src[k] ("scatter") or += ("scatter_add")."""
    if kind == "scatter_add" and self._dtype.name not in ATOMIC_ADD_DTYPES:
        raise NotImplementedError(f"\"scatter_add_cuda\" not implemented for "
                                  f"'{self._dtype.legacy_name}' in torchlike")
    if not isinstance(src, TensorBase):
        src = ew.full(idx._shape, self._dtype, index_of(self), src)
    elif src._dtype is not self._dtype:
        raise RuntimeError(f"{kind}(): Expected self.dtype to be equal to src.dtype")
    n = idx.numel()
    self._bump_version()
    if n:
        spec, args = _launch(kind, self, src, idx, n, d,
                             [(idx._shape, src._stride[:idx.dim()]), (idx._shape, idx._stride)],
                             self._stride)
        _compiler.launch(spec, index_of(self), _compiler.grid_for(n, index_of(self)), args)
    return self


def scatter_add_(self, dim, index, src):
    return _scatter("scatter_add", self, dim, index, src)


def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
    if reduce is not None:
        raise NotImplementedError("scatter_ with reduce= is not implemented on cuda")
    return _scatter("scatter", self, dim, index, src if src is not None else value)


# ---- x[index] and x[index] = value ---------------------------------------------------------

def _host_index(index):
    """The index with cuda tensors copied to the host (the core's parser reads them)."""
    from torchlike_core._numpy_bridge import from_result
    if isinstance(index, TensorBase) and index._storage.device.type == "cuda":
        return from_result(to_host(index))
    if isinstance(index, tuple):
        return tuple(_host_index(i) for i in index)
    if isinstance(index, list) and any(isinstance(i, TensorBase) for i in index):
        return [_host_index(i) for i in index]
    return index


def _element_offsets(view, adv):
    """Storage offsets (in elements) of the elements `view[adv]` selects, in result order:
    the numpy advanced-indexing rules applied to a host grid of offsets."""
    offsets = np.full((), view._offset, dtype=np.int64)
    for d, (s, st) in enumerate(zip(view._shape, view._stride)):
        shape = [1] * view.dim()
        shape[d] = s
        offsets = offsets + (np.arange(s, dtype=np.int64) * st).reshape(shape)
    offsets = np.broadcast_to(offsets, view._shape)
    return offsets[tuple(adv.get(d, slice(None)) for d in range(view.dim()))]


def _storage_base(t):
    """A 1-d view of t's whole storage from element 0 (gather/scatter by absolute offset)."""
    n = t._storage.nbytes // t._dtype.itemsize
    return _view(t, (n,), (1,), 0)


def _rows(self, index):
    """x[index] for one integer tensor index: rows of x, gathered by index_select with the
    index kept on the device (negative rows count from the end, as in Python)."""
    size = self._shape[0]
    idx = checked_indices(index, size, index_of(self), lambda bad: IndexError(
        f"index {bad} is out of bounds for dimension 0 with size {size}"), lowest=-size)
    idx = ew.apply("where", [ew.apply("lt", [idx, 0]), ew.apply("add", [idx, size]), idx])
    res = select_unchecked(self, 0, reshaped(idx, (idx.numel(),)))
    return reshaped(res, idx._shape + self._shape[1:])


def getitem(self, index):
    from torchlike_core._indexing import _resolve, _is_int_index, _invalid_0d_index
    if isinstance(index, TensorBase) and index._dtype.name in ("int64", "int32") and self._shape:
        return _rows(self, index)
    index = _host_index(index)
    if _is_int_index(index) and not self._shape:
        raise _invalid_0d_index()
    view, adv, _, _ = _resolve(self, index)
    if not adv:
        return view
    offsets = _element_offsets(view, adv)
    res = empty(offsets.shape, self._dtype, index_of(self))
    if res.numel():
        idx = from_host(offsets.reshape(-1), index_of(self))
        base = _storage_base(self)
        flat = _view(res, (res.numel(),), (1,), 0)
        spec, args = _launch("gather", flat, base, idx, flat.numel(), 0,
                             [((flat.numel(),), (1,)), ((flat.numel(),), (1,))], (1,))
        _compiler.launch(spec, index_of(self), _compiler.grid_for(flat.numel(), index_of(self)),
                         args)
    return res


def setitem_(self, index, value):
    from torchlike_core._indexing import _resolve
    index = _host_index(index)
    view, adv, _, _ = _resolve(self, index)
    if isinstance(value, TensorBase) and value._storage.device.type == "cpu":
        value = from_host(value.numpy_view(), index_of(self))
    elif not isinstance(value, TensorBase):
        value = check_scalar(value, self._dtype)
    if not adv:
        ew.copy_(view, value)
        return self
    offsets = _element_offsets(view, adv)
    n = offsets.size
    self._bump_version()
    if n == 0:
        return self
    src = empty(offsets.shape, self._dtype, index_of(self))
    ew.copy_(src, value)                       # broadcast and convert the value once
    src = ew.contiguous(src)
    idx = from_host(offsets.reshape(-1), index_of(self))
    base = _storage_base(self)
    spec, args = _launch("scatter", base, src, idx, n, 0,
                         [((n,), (1,)), ((n,), (1,))], (1,))
    _compiler.launch(spec, index_of(self), _compiler.grid_for(n, index_of(self)), args)
    return self


def masked_fill(self, mask, value):
    check_devices(index_of(self), (mask,))
    if mask._dtype.name != "bool":
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with "
                           f"dtype {mask._dtype.name}")
    if isinstance(value, TensorBase):
        if value.dim() != 0:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but "
                               f"got tensor with {value.dim()} dimension(s).")
        value = value.item()              # checked as a number, as PyTorch's (a sync)
    value = check_fill_value(value, self._dtype)
    if not self.is_floating_point():                 # self's dtype wins
        value = bool(value) if self._dtype.name == "bool" else int(value)
    return ew.apply("where", [mask, value, self], out=None)


def masked_fill_(self, mask, value):
    return ew.copy_(self, masked_fill(self, mask, value))


def nonzero(input, *, out=None, as_tuple=False):
    check_devices(index_of(input), (out,))
    host = np.nonzero(np.atleast_1d(to_host(input)))
    coords = [from_host(c.astype(np.int64), index_of(input)) for c in host]
    if as_tuple:
        return tuple(coords)
    stacked = np.stack(host, axis=1).astype(np.int64) if host else np.zeros((0, 0), np.int64)
    return ew.finish(from_host(stacked, index_of(input)), out)
