"""RNG ops on cuda tensors (Note [Device RNG] in _rng.py)."""
import numpy as np

from torchlike_core._tensor import TensorBase

from . import _compiler, _rng
from ._codegen import BLOCK
from ._device_tensor import empty, index_of


def fill_random(t, kind, a=0.0, b=1.0, lo=0, rng=1):
    """Fill cuda tensor t with draws of `kind`; a non-contiguous t is filled through a
    contiguous buffer."""
    from ._kernels_elementwise import copy_
    target = t if t.is_contiguous() else empty(t._shape, t._dtype, index_of(t))
    n = target.numel()
    index = index_of(t)
    if n:
        seed, offset = _rng.generator(index).next()
        spec = _rng.Random(kind, t._dtype.name)
        per = 2 if kind == "randint" else _rng.draws_per_group(t._dtype.name)
        groups = (n + per - 1) // per
        args = [np.uintp(target.data_ptr()), np.int64(n), np.uint64(seed), np.uint64(offset),
                np.float64(a), np.float64(b), np.int64(lo), np.int64(rng)]
        _compiler.launch(spec, index, min(max(1, (groups + BLOCK - 1) // BLOCK),
                                          _compiler._sm_count(index) * 32), args)
    if target is not t:
        copy_(t, target)
    t._bump_version()
    return t


def uniform_(self, from_=0.0, to=1.0, *, generator=None, **kw):
    from_ = kw.get("from", from_)
    return fill_random(self, "uniform", float(from_), float(to))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    return fill_random(self, "normal", float(mean), float(std))


def bernoulli_(self, p=0.5, *, generator=None):
    if isinstance(p, TensorBase):
        from ._kernels_elementwise import apply, copy_
        u = fill_random(empty(self._shape, p._dtype if p.is_floating_point() else
                              self._dtype, index_of(self)), "uniform")
        return copy_(self, apply("lt", [u, p]))
    if self.is_floating_point():
        return fill_random(self, "bernoulli", float(p))
    from ._kernels_elementwise import copy_
    mask = fill_random(empty(self._shape, _float32(), index_of(self)), "bernoulli", float(p))
    return copy_(self, mask)


def _float32():
    from torchlike_core import float32
    return float32


def bernoulli(input, p=None, *, generator=None, out=None):
    res = empty(input._shape, input._dtype, index_of(input))
    return bernoulli_(res, input if p is None else p)


def random_(self, from_=0, to=None, *, generator=None):
    if to is None:
        from_, to = 0, from_ if from_ else 2 ** 24
    return fill_random(self, "randint", lo=int(from_), rng=int(to) - int(from_))
