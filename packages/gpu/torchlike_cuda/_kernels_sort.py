"""sort, argsort and topk on cuda: slices up to SORT_MAX long are sorted on the device
(Note [Sort kernel] in _codegen.py), in the cpu's order (Note [Sort order] in the core);
longer slices, 0-d inputs, out= and the cases the core refuses go to the host fallbacks
(the core raises there with its own messages)."""
import numpy as np

from torchlike_core import _dtype
from torchlike_core._memory_format import contiguous_format
from torchlike_core._sorting import _SortT, _TopkT
from torchlike_core._tensor import wrap_dim

from . import _compiler, _kernels_elementwise as ew
from ._codegen import BLOCK, SORT_MAX, RowSort
from ._device_tensor import empty, index_of


def _sorted_last(input, d, descending):
    """(values, positions) of input sorted along dim d, with d moved last."""
    last = d == input.dim() - 1 and input.is_contiguous()
    x = input if last else ew.clone(input.movedim(d, -1), contiguous_format)
    n = x._shape[-1]
    rows = x.numel() // n
    index = index_of(input)
    vals, order = empty(x._shape, x._dtype, index), empty(x._shape, _dtype.int64, index)
    p = 1 << max(n - 1, 0).bit_length()
    blocks = _compiler.grid_for(rows * BLOCK, index)          # a block per row, at most
    _compiler.launch(RowSort(x._dtype.name), index, blocks,
                     [np.uintp(x.data_ptr()), np.uintp(vals.data_ptr()),
                      np.uintp(order.data_ptr()), np.int64(rows), np.int64(n), np.int64(p),
                      np.int32(bool(descending))])
    return vals, order


def _back(t, d, fresh=True):
    """A result with its sorted dim (last) moved back to d, as a new contiguous tensor
    (`fresh`: t is one already, not a view)."""
    if d == t.dim() - 1 and fresh:
        return t
    return ew.clone(t.movedim(-1, d), contiguous_format)


def _on_device(input, dim):
    """The wrapped dim when the device sorts along it, else None."""
    if input.dim() == 0:
        return None
    d = wrap_dim(dim, input.dim())
    return d if 0 < input._shape[d] <= SORT_MAX and input.numel() else None


def sorting(fallbacks):
    """The cuda kernels of sort, argsort and topk; fallbacks: name -> host kernel."""
    def sort(input, dim=-1, descending=False, *, stable=False, out=None):
        d = _on_device(input, dim)
        if d is None or out is not None:
            return fallbacks["sort"](input, dim, descending, stable=stable, out=out)
        vals, order = _sorted_last(input, d, descending)
        return _SortT((_back(vals, d), _back(order, d)))

    def argsort(input, dim=-1, descending=False, *, stable=False):
        d = _on_device(input, dim)
        if d is None:
            return fallbacks["argsort"](input, dim, descending, stable=stable)
        return _back(_sorted_last(input, d, descending)[1], d)

    def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
        d = _on_device(input, dim)
        if (d is None or out is not None or input._dtype is _dtype.bool_ or isinstance(k, bool)
                or not isinstance(k, (int, np.integer)) or not 0 <= k <= input._shape[d]):
            return fallbacks["topk"](input, k, dim, largest, sorted, out=out)
        vals, order = _sorted_last(input, d, largest)
        return _TopkT((_back(vals.narrow(-1, 0, k), d, fresh=False),
                       _back(order.narrow(-1, 0, k), d, fresh=False)))
    return {"sort": sort, "argsort": argsort, "topk": topk}
