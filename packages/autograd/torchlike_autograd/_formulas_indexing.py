"""Derivatives of the indexing ops (same F table as _formulas.py).

(take, put, index_add, index_select, gather, scatter and scatter_add are in _formulas.py.)
"""
import torchlike_core as T

from ._formulas import F, _is_t, _view_like_back
from ._record import NON_DIFFERENTIABLE, COMPOSITE

# take_along_dim is expand + gather, recorded as GatherBackward0 as in PyTorch
COMPOSITE.update({"take_along_dim"})
NON_DIFFERENTIABLE.update({"bincount", "histc", "searchsorted", "bucketize"})


def _index_copy_back(c, g, a, dim, index, source):
    ga = g.index_fill(dim, index, 0) if c.needs[0] else None
    gs = None
    if c.needs[3]:
        gs = g.index_select(dim, index)
        gs = gs.reshape(c.shapes[3]) if len(c.shapes[3]) == 0 else gs
    return ga, None, None, gs


F("index_copy", "IndexCopyBackward0", _index_copy_back, "args")


def _index_fill_back(c, g, a, dim, index, value):
    ga = g.index_fill(dim, index, 0) if c.needs[0] else None
    gv = None
    if _is_t(value) and c.needs[3]:
        # a repeated index fills its slice once, so it passes the slice's gradient once
        gv = g.index_select(dim, T.unique(index)).sum()
    return ga, None, None, gv


F("index_fill", ("IndexFillBackward0", "IndexFillBackward1"), _index_fill_back, "args",
  pick=lambda args, kw: 1 if len(args) > 3 and _is_t(args[3]) else 0)


def _index_put_back(c, g, a, indices, values, accumulate=False):
    indices = tuple(indices)
    ga = None
    if c.needs[0]:
        ga = g if accumulate else g.index_put(indices, T.zeros_like(values))
    gv = g[indices] if c.needs[2] else None      # summed back to values' shape by the node
    return ga, None, gv


F("index_put", "IndexPutBackward0", _index_put_back, "args")
F("narrow_copy", "NarrowCopyBackward0", _view_like_back(lambda p, *a: p.narrow(*a)),
  inplace=False)


# ---- scatter_reduce: PyTorch's scatter_reduce_backward, one branch per reduction -------------

def _sr_sum(c, g, a, dim, index, src, include_self):
    return g, g.gather(dim, index)


def _sr_mean(c, g, a, dim, index, src, include_self):
    n = T.ones_like(g) if include_self else T.zeros_like(g)
    n = n.scatter_add(dim, index, T.ones_like(src))
    n = n.masked_fill(n == 0, 1)
    return g / n, g.gather(dim, index) / n.gather(dim, index)


def _sr_prod(c, g, a, dim, index, src, include_self):
    """The product without each factor, computed so that zeros need no division by zero."""
    r = c.result
    masked_self = a.masked_fill(a == 0, 1)
    ga = g * masked_self.scatter_reduce(dim, index, src, "prod", include_self=include_self) / masked_self
    src_zero = src == 0
    zeros_per_slot = T.zeros_like(a).scatter_add(dim, index, src_zero.to(a.dtype)).gather(dim, index)
    single_zero = src_zero & (zeros_per_slot == 1)
    without_zero = a.scatter_reduce(dim, index, src.masked_fill(single_zero, 1), "prod",
                                    include_self=include_self)
    gs = T.where(single_zero, (g * without_zero).gather(dim, index),
                 (g * r).gather(dim, index) / src.masked_fill(src_zero, 1))
    return ga, gs


def _sr_extreme(c, g, a, dim, index, src, include_self):
    """amax/amin: shared evenly between self and the sources that equal the result."""
    r = c.result
    value = r.gather(dim, index)
    self_is = a == r
    src_is = src == value
    n = self_is.to(g.dtype).scatter_add(dim, index, src_is.to(g.dtype))
    share = g / n
    return self_is * share, src_is * share.gather(dim, index)


_SCATTER_REDUCE = {"sum": _sr_sum, "mean": _sr_mean, "prod": _sr_prod, "amax": _sr_extreme,
                   "amin": _sr_extreme, "max": _sr_extreme, "min": _sr_extreme}


def _scatter_reduce_back(c, g, a, dim, index, src, reduce, include_self=True, **kw):
    if tuple(src.shape) != tuple(index.shape):      # only src's leading part is read
        src = src[tuple(slice(0, n) for n in index.shape)]
    ga, gs = _SCATTER_REDUCE[reduce](c, g, a, dim, index, src, include_self)
    if not include_self:
        ga = ga.scatter(dim, index, 0.0)     # self's value at scattered slots was left out
    return ga, None, None, _padded(gs, c.shapes[3])


def _padded(g, shape):
    """g (index-shaped) as the gradient of a src that may be larger than the index: the
    unread part of src gets zeros."""
    if tuple(g.shape) == tuple(shape):
        return g
    full = T.zeros(shape, dtype=g.dtype, device=g.device)
    full[tuple(slice(0, n) for n in g.shape)] = g
    return full


F("scatter_reduce", "ScatterReduceBackward0", _scatter_reduce_back, "both")
