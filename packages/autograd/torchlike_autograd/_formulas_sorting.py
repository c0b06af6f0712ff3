"""Derivatives of the sorting ops (same F table as _formulas.py).

The selections (sort, topk, kthvalue, median/mode along a dim, cummax/cummin) send each
output's gradient back to the input position its index names; their nodes keep the
indices output (`_indices`), as PyTorch's nodes save `indices`.
"""
import torchlike_core as T

from ._formulas import _scatter_back
from ._graph import SavedTensor
from ._record import FORMULAS, NON_DIFFERENTIABLE, COMPOSITE, Formula, _has_dim

COMPOSITE.update({"msort"})
NON_DIFFERENTIABLE.update({"argsort", "unique", "unique_consecutive"})


class _IndexedFormula(Formula):
    """An op returning (values, indices): the node remembers the indices for backward."""

    def record(self, args, kwargs):
        out = Formula.record(self, args, kwargs)
        if isinstance(out, tuple) and out[0].grad_fn is not None:
            out[0].grad_fn._indices = SavedTensor(out[1])    # checked against in-place changes
        return out


def _indices(ctx):
    """The indices output the node kept, unchanged since the op ran."""
    return ctx.node._indices.unpack(ctx.node)


def _add(op, node, backward, pick=None, save_args=False, save_result=False):
    FORMULAS[op] = _IndexedFormula(op, node, backward, save_args=save_args,
                                   save_result=save_result, outputs=1, extra_slots=("_indices",),
                                   pick=pick)


def _dim_of(args, kw, position, default):
    return args[position] if len(args) > position else kw.get("dim", default)


def _selected_back(dim_position, keepdim_position=None):
    """Backward of a selection along one dim: g scattered to the selected positions. Ops
    without a keepdim argument (sort, topk) keep the dim."""
    def back(c, g, a, *args, **kw):
        full = (a,) + args
        dim = _dim_of(full, kw, dim_position, -1)
        keepdim = True
        if keepdim_position is not None:
            keepdim = full[keepdim_position] if len(full) > keepdim_position else kw.get("keepdim", False)
        return (_scatter_back(g, _indices(c), c.shapes[0], dim, keepdim),)
    return back


def _evenly(c, g, a):
    """median()/nanmedian() of all elements: g shared evenly between the elements equal to
    the result (PyTorch's evenly_distribute_backward)."""
    mask = a.isnan() if c.result.isnan() else (a == c.result)
    return (mask * (g / mask.sum()),)


def _median_back(c, g, a, dim=None, keepdim=False, **kw):
    if dim is None:
        return _evenly(c, g, a)
    return (_scatter_back(g, _indices(c), c.shapes[0], dim, keepdim),)


_add("sort", "SortBackward0", _selected_back(1))
_add("topk", "TopkBackward0", _selected_back(2))
_add("kthvalue", "KthvalueBackward0", _selected_back(2, 3))
_add("mode", "ModeBackward0", _selected_back(1, 2))
for _op, _node in (("median", "MedianBackward"), ("nanmedian", "NanmedianBackward")):
    _add(_op, (_node + "0", _node + "1"), _median_back, pick=_has_dim, save_args=True,
         save_result=True)


def _cum_extreme_back(c, g, a, dim, **kw):
    """cummax/cummin: each output's gradient adds to the position that held the extreme."""
    d = dim % max(len(c.shapes[0]), 1)
    if not len(c.shapes[0]):
        return (g.clone(),)
    return (T.zeros(c.shapes[0], dtype=g.dtype, device=g.device).scatter_add(d, _indices(c), g),)


_add("cummax", "CummaxBackward0", _cum_extreme_back)
_add("cummin", "CumminBackward0", _cum_extreme_back)


# The most negative finite value of each float dtype: a log of zero that stays finite.
_LOWEST = {T.float16: -65504.0, T.float32: -3.4028234663852886e38,
           T.float64: -1.7976931348623157e308}


def _logcumsumexp_back(c, g, a, dim, **kw):
    """PyTorch's logcumsumexp_backward: the reversed log-cumsum of g * exp(-result), split
    into positive and negative parts of g so that the logs stay real and nothing overflows."""
    if not len(c.shapes[0]) or a.numel() == 0:
        return (g.clone(),)
    d = dim % len(c.shapes[0])
    lowest = _LOWEST[g.dtype]

    def reverse_lcse(x):
        return x.flip(d).logcumsumexp(d).flip(d)

    log_abs = g.abs().log()
    pos = T.where(g > 0, log_abs, lowest)
    neg = T.where(g < 0, log_abs, lowest)
    r = c.result
    return ((reverse_lcse(pos - r) + a).exp() - (reverse_lcse(neg - r) + a).exp(),)


FORMULAS["logcumsumexp"] = Formula("logcumsumexp", "LogcumsumexpBackward0", _logcumsumexp_back,
                                   save_args=True, save_result=True)
