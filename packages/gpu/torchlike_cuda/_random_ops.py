"""RNG ops on cuda tensors (Note [Device RNG] in _rng.py)."""
import numpy as np

from torchlike_core._tensor import TensorBase

from . import _compiler, _rng
from ._codegen import BLOCK, DTYPES, FLOATS
from ._device_tensor import empty, index_of


# The output dtypes each RNG kernel is built for (also what _catalog.py compiles): the ops
# below refuse, or go through a float32 buffer for, any other dtype.
RANDOM_DTYPES = {"uniform": FLOATS, "normal": FLOATS, "bernoulli": FLOATS, "randint": DTYPES}


def fill_random(t, kind, a=0.0, b=1.0, lo=0, rng=1):
    """Fill cuda tensor t with draws of `kind`; a non-contiguous t is filled through a
    contiguous buffer."""
    from ._kernels_elementwise import copy_
    if t._dtype.name not in RANDOM_DTYPES[kind]:
        raise NotImplementedError(f"the {kind} kernel has no variant for {t._dtype.name}")
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


def _require_float(t, kernel):
    if t._dtype.name not in FLOATS:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{t._dtype.legacy_name}'")


def uniform_(self, from_=0.0, to=1.0, *, generator=None, **kw):
    from_ = kw.get("from", from_)
    _require_float(self, "check_uniform_bounds")
    return fill_random(self, "uniform", float(from_), float(to))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    _require_float(self, "normal_kernel_cuda")
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


# random_() without bounds draws from [0, 2^digits] for floats (every integer the dtype
# holds exactly) and from [0, max] for integers, as PyTorch.
_DEFAULT_TO = {"float16": 2 ** 11 + 1, "float32": 2 ** 24 + 1, "float64": 2 ** 53 + 1,
               "bool": 2, "uint8": 2 ** 8, "int8": 2 ** 7, "int16": 2 ** 15, "int32": 2 ** 31,
               "int64": 2 ** 63 - 1}


def random_(self, from_=None, to=None, *, generator=None, **kw):
    from_ = kw.get("from", from_)
    if from_ is None and to is None:
        from_, to = 0, _DEFAULT_TO[self._dtype.name]
    elif to is None:                       # random_(to)
        from_, to = 0, from_
    from_, to = int(from_), int(to)
    if from_ >= to:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                           f"from={from_} >= to={to}")
    return fill_random(self, "randint", lo=from_, rng=to - from_)
