"""Random numbers: torch.Generator, the default generator and its seeding functions, the
sampling functions (rand, randn, randint, randperm, normal, bernoulli, multinomial, *_like)
and the in-place samplers (uniform_, normal_, bernoulli_, random_, exponential_).

A Generator wraps numpy's PCG64 bit generator: the same seed gives the same stream, so
`manual_seed(s)` followed by the same calls reproduces their results. The streams are
numpy's, not PyTorch's Mersenne Twister: the numbers differ from PyTorch's, their
distributions and the API around them do not.
"""
import math
import os

import numpy as np

from . import _dtype
from ._checks import not_implemented
from ._creation import _finish as _place
from ._device import as_device
from ._elementwise import copy_into
from ._joins import fresh_tensor, cpp_name, write_out
from ._numpy_bridge import from_numpy
from ._registry import FUNCTIONS, def_op
from ._tensor import TensorBase, _broadcast_pair, _expand
from ._views import _shape_arg

_DEFAULT_SEED = 67280421310721      # PyTorch's default CPU seed
_U64 = (1 << 64) - 1
_STATE_BYTES = 56                   # see Generator.get_state


def _check_seed(seed):
    """A seed as PyTorch takes it: any 64-bit integer, negatives wrapping to unsigned."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
    seed = int(seed)
    if not -(1 << 63) <= seed <= _U64:
        raise ValueError("Overflow when unpacking long long")
    return seed & _U64


class Generator:
    """torch.Generator: a random stream with PyTorch's seeding and state API."""

    def __init__(self, device="cpu"):
        self.device = as_device(device)
        self._reseed(_DEFAULT_SEED)

    def _reseed(self, seed):
        self._initial_seed = seed
        self._np = np.random.Generator(np.random.PCG64(seed))

    def manual_seed(self, seed):
        self._reseed(_check_seed(seed))
        return self

    def seed(self):
        """Seeds from the OS's entropy and returns the seed used."""
        s = int.from_bytes(os.urandom(8), "little")
        self._reseed(s)
        return s

    def initial_seed(self):
        return self._initial_seed

    def get_state(self):
        """The state as a uint8 tensor: PCG64's state and increment (16 bytes each, little
        endian), its buffered 32-bit half (8 + 8 bytes) and the initial seed (8 bytes)."""
        st = self._np.bit_generator.state
        fields = [(st["state"]["state"], 16), (st["state"]["inc"], 16),
                  (int(st["has_uint32"]), 8), (int(st["uinteger"]), 8), (self._initial_seed, 8)]
        raw = b"".join(value.to_bytes(size, "little") for value, size in fields)
        return from_numpy(np.frombuffer(raw, dtype=np.uint8).copy())

    def set_state(self, new_state):
        if not isinstance(new_state, TensorBase):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state.dtype is not _dtype.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if new_state.numel() != _STATE_BYTES:
            raise RuntimeError(f"Expected an RNG state of size {_STATE_BYTES} but found the input "
                               f"RNG state size to be {new_state.numel()}")
        raw = new_state.numpy_view().reshape(-1).tobytes()
        field = [int.from_bytes(raw[a:b], "little") for a, b in
                 ((0, 16), (16, 32), (32, 40), (40, 48), (48, 56))]
        self._np.bit_generator.state = {
            "bit_generator": "PCG64", "state": {"state": field[0], "inc": field[1]},
            "has_uint32": field[2] & 1, "uinteger": field[3] & 0xFFFFFFFF}
        self._initial_seed = field[4]
        return self


default_generator = Generator()

# Other backends (torchlike_cuda) append a function here to be seeded by torch.manual_seed.
manual_seed_hooks = []


def manual_seed(seed):
    """Seeds the default generator (and every backend's); returns the default generator."""
    seed = int(seed)
    default_generator.manual_seed(seed)
    for hook in manual_seed_hooks:
        hook(seed)
    return default_generator


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)


FUNCTIONS.update(Generator=Generator, default_generator=default_generator,
                 manual_seed=manual_seed, seed=seed, initial_seed=initial_seed,
                 get_rng_state=get_rng_state, set_rng_state=set_rng_state)


# ---- shared pieces -------------------------------------------------------------------------

def _rng(generator, fname):
    """The numpy Generator behind `generator` (the default one when None)."""
    if generator is None:
        return default_generator._np
    if not isinstance(generator, Generator):
        raise TypeError(f"{fname}(): argument 'generator' must be torch.Generator, not "
                        f"{type(generator).__name__}")
    return generator._np


def _size(size, fname):
    if len(size) == 1 and size[0] is None:
        raise TypeError(f"{fname}(): argument 'size' must be tuple of ints, not NoneType")
    shape = _shape_arg(size)
    for s in shape:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: "
                               f"{list(shape)}")
    return shape


def _float_dtype(dtype, out, kernel):
    """The sampling dtype of a float op: dtype=, else out='s, else the default float."""
    if dtype is not None:
        dt = _dtype.to_dtype(dtype)
    elif out is not None:
        dt = out.dtype
    else:
        dt = _dtype.get_default_dtype()
    if not dt.is_floating_point:
        raise not_implemented(kernel, dt)
    return dt


def _finish(arr, out=None, device=None, requires_grad=False):
    """Wrap a numpy sample as a tensor; into out= or onto `device` when asked."""
    t = fresh_tensor(np.asarray(arr))
    if out is not None:
        return write_out(t, out)
    return _place(t, device=device, requires_grad=requires_grad)


def _fill(self, arr):
    """Write a sample into `self` (any strides) and bump its version, for the x_ methods."""
    return copy_into(self, from_numpy(np.asarray(arr, order="C")))


def _int_arg(value, fname, argname):
    if isinstance(value, (bool, float)) or not hasattr(value, "__index__"):
        raise TypeError(f"{fname}(): argument '{argname}' must be int, not {type(value).__name__}")
    value = value.__index__()
    if not -(1 << 63) <= value < (1 << 63):
        raise ValueError("Overflow when unpacking long long")
    return value


# ---- the samplers, numpy arrays of numpy dtype dt.np ----------------------------------------

def _uniform01(g, shape, dt):
    """Uniform on [0, 1) at dt's precision: every value is exact in dt and below 1."""
    if dt is _dtype.float64:
        return g.random(shape)
    if dt is _dtype.float32:
        return g.random(shape, dtype=np.float32)        # 24 random bits
    # float16: 11 random bits, as many as its significand holds
    return (g.integers(0, 1 << 11, shape) * (1.0 / (1 << 11))).astype(dt.np)


def _uniform(g, shape, dt, low, high):
    """Uniform on [low, high), computed in float64 and kept below `high` after rounding."""
    if low == 0 and high == 1:
        return _uniform01(g, shape, dt)
    u = _uniform01(g, shape, _dtype.float64)
    r = (low + (high - low) * u).astype(dt.np)
    if high > low:
        top = dt.np.type(high)
        r[r >= top] = np.nextafter(top, dt.np.type(-np.inf))
    return r


def _standard_normal(g, shape, dt):
    if dt is _dtype.float64:
        return g.standard_normal(shape)
    return g.standard_normal(shape, dtype=np.float32).astype(dt.np, copy=False)


def _float_bounds(dt):
    info = np.finfo(dt.np)
    return float(info.min), float(info.max)


def _int_bounds(dt):
    if dt is _dtype.bool_:
        return 0, 1
    info = np.iinfo(dt.np)
    return int(info.min), int(info.max)


def _integers(g, shape, dt, low, high_inclusive):
    """Integers in [low, high_inclusive] (bounds checked for dt), as dt."""
    lo, hi = _float_bounds(dt) if dt.is_floating_point else _int_bounds(dt)
    if not lo <= low <= hi:
        raise RuntimeError(f"from is out of bounds for {cpp_name(dt)}")
    if not lo <= high_inclusive <= hi:
        raise RuntimeError(f"to - 1 is out of bounds for {cpp_name(dt)}")
    r = g.integers(low, high_inclusive, size=shape, dtype=np.int64, endpoint=True)
    return r.astype(dt.np)


def _check_from_to(low, high):
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= "
                           f"to={high}")


# ---- creation functions ----------------------------------------------------------------------

def _float_creator(name, sample, kernel):
    def fn(*size, generator=None, out=None, dtype=None, layout=None, device=None,
           requires_grad=False, pin_memory=False, **kw):
        if "size" in kw:
            size = (kw.pop("size"),)
        if kw:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kw))}'")
        if not size:
            raise TypeError(f"{name}() received an invalid combination of arguments - got (), "
                            "but expected (tuple of ints size, *, torch.Generator generator, "
                            "torch.dtype dtype, ...)")
        shape = _size(size, name)
        dt = _float_dtype(dtype, out, kernel)
        return _finish(sample(_rng(generator, name), shape, dt), out, device, requires_grad)
    fn.__name__ = name
    return fn


rand = _float_creator("rand", _uniform01, "check_uniform_bounds")
randn = _float_creator("randn", _standard_normal, "normal_kernel_cpu")


def randint(*args, low=None, high=None, size=None, generator=None, out=None, dtype=None,
            layout=None, device=None, requires_grad=False, pin_memory=False):
    """randint(high, size) or randint(low, high, size): integers in [low, high)."""
    pos = list(args)
    if size is None:
        if not pos:
            raise TypeError("randint() missing required argument 'size'")
        size = pos.pop()
    if len(pos) > 2:
        raise TypeError(f"randint() takes at most 3 positional arguments ({len(args)} given)")
    if len(pos) == 2:
        low, high = pos
    elif len(pos) == 1:
        if high is None:
            high = pos[0]
        else:
            low = pos[0]
    if high is None:
        raise TypeError("randint() missing required argument 'high'")
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"randint(): argument 'size' (position 2) must be tuple of ints, not "
                        f"{type(size).__name__}")
    low = 0 if low is None else _int_arg(low, "randint", "low")
    high = _int_arg(high, "randint", "high")
    shape = _size((size,), "randint")
    dt = _dtype.to_dtype(dtype) if dtype is not None else out.dtype if out is not None \
        else _dtype.int64
    _check_from_to(low, high)
    r = _integers(_rng(generator, "randint"), shape, dt, low, high - 1)
    return _finish(r, out, device, requires_grad)


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    if isinstance(n, (bool, float)) or not hasattr(n, "__index__"):
        raise TypeError(f"randperm(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    n = n.__index__()
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    dt = _dtype.to_dtype(dtype) if dtype is not None else out.dtype if out is not None \
        else _dtype.int64
    if dt is _dtype.bool_:
        raise NotImplementedError("\"randperm\" not implemented for 'Bool'")
    if dt.is_floating_point:
        digits = np.finfo(dt.np).nmant + 1
        if n > (1 << digits) + 1:
            raise RuntimeError(f"n cannot be greater than 2^{digits}+1 for {dt.legacy_name} type.")
    elif n > _int_bounds(dt)[1] + 1:
        raise RuntimeError(f"value cannot be converted to type {dt.name}_t without overflow")
    r = _rng(generator, "randperm").permutation(n).astype(dt.np)
    return _finish(r, out, device, requires_grad)


def _like(name, sample, kernel):
    def fn(input, *, generator=None, dtype=None, layout=None, device=None,
           requires_grad=False, memory_format=None):
        dt = _float_dtype(input.dtype if dtype is None else dtype, None, kernel)
        r = sample(_rng(generator, name), input._shape, dt)
        return _finish(r, None, input.device if device is None else device, requires_grad)
    fn.__name__ = name
    return fn


rand_like = _like("rand_like", _uniform01, "check_uniform_bounds")
randn_like = _like("randn_like", _standard_normal, "normal_kernel_cpu")


def randint_like(input, low=0, high=None, *, generator=None, dtype=None, layout=None,
                 device=None, requires_grad=False, memory_format=None):
    if high is None:                    # randint_like(x, high)
        low, high = 0, low
    low, high = _int_arg(low, "randint_like", "low"), _int_arg(high, "randint_like", "high")
    dt = input.dtype if dtype is None else _dtype.to_dtype(dtype)
    _check_from_to(low, high)
    r = _integers(_rng(generator, "randint_like"), input._shape, dt, low, high - 1)
    return _finish(r, None, input.device if device is None else device, requires_grad)


# ---- normal, bernoulli, multinomial -------------------------------------------------------

def _as_np(x, npdt):
    if isinstance(x, TensorBase):
        return x.numpy_view().astype(npdt, copy=False)
    return np.asarray(x, dtype=npdt)


def _check_std_scalar(std):
    if not std >= 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")


def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None,
           device=None, requires_grad=False, pin_memory=False):
    """normal(Tensor mean, Tensor std), (Tensor, float), (float, Tensor), (float, float, size)."""
    mean_t, std_t = isinstance(mean, TensorBase), isinstance(std, TensorBase)
    if mean_t and std_t:
        shape = _broadcast_pair(mean._shape, std._shape)
        dt = _dtype.promote_types(mean.dtype, std.dtype)
    elif mean_t:
        shape, dt = mean._shape, mean.dtype
    elif std_t:
        shape, dt = std._shape, std.dtype
    else:
        if size is None:
            raise TypeError(f"normal() received an invalid combination of arguments - got "
                            f"({type(mean).__name__}, {type(std).__name__}), but expected one of "
                            "(Tensor mean, Tensor std), (Tensor mean, float std), (float mean, "
                            "Tensor std), (float mean, float std, tuple of ints size)")
        shape = _size((size,), "normal")
        dt = _float_dtype(dtype, out, "normal_kernel_cpu")
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"normal_kernel_cpu\" not implemented for '{dt.legacy_name}'")
    if std_t:
        if std.numel() and not (std.numpy_view() >= 0).all():
            raise RuntimeError("normal expects all elements of std >= 0.0")
    else:
        _check_std_scalar(std)
    z = _standard_normal(_rng(generator, "normal"), shape, dt)
    # half is scaled in float32; float32 and float64 in their own precision
    work = np.float32 if dt is _dtype.float16 else dt.np
    r = (_as_np(mean, work) + _as_np(std, work) * z.astype(work, copy=False)).astype(dt.np)
    if mean_t or std_t:
        return _finish(r, out)
    return _finish(r, out, device, requires_grad)


_P_RANGE = ("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error "
            "message be improved?  If so, please report an enhancement request to PyTorch.)")


def _check_p_tensor(p):
    if not p.is_floating_point():
        raise NotImplementedError(
            f"\"bernoulli_tensor_cpu_p_\" not implemented for '{p.dtype.legacy_name}'")
    arr = p.numpy_view()
    if arr.size and not ((arr >= 0) & (arr <= 1)).all():    # NaN fails both comparisons
        raise RuntimeError(_P_RANGE)


def _check_p_scalar(p):
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p:g}")


def bernoulli(input, p=None, *, generator=None, out=None):
    """1 with probability p (the input's values when p is None), else 0; input's dtype."""
    g = _rng(generator, "bernoulli")
    if p is None:
        _check_p_tensor(input)
        prob = input.numpy_view()
    else:
        _check_p_scalar(p)
        prob = p
    r = (g.random(input._shape) < prob).astype(input.dtype.np)
    return _finish(r, out)


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    if isinstance(num_samples, (bool, float)) or not hasattr(num_samples, "__index__"):
        raise TypeError(f"multinomial(): argument 'num_samples' (position 2) must be int, not "
                        f"{type(num_samples).__name__}")
    n = num_samples.__index__()
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not input.is_floating_point():
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{input.dtype.legacy_name}")
    if out is not None and out.dtype is not _dtype.int64:
        raise RuntimeError(f"multinomial expects Long tensor out, got: {out.dtype.legacy_name}")
    if n <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    k = input._shape[-1]
    if not replacement and n > k:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    if k > (1 << 24):
        raise RuntimeError("number of categories cannot exceed 2^24")
    rows = math.prod(input._shape[:-1])
    p = input.numpy_view().astype(np.float64).reshape(rows, k)
    if p.size and not (np.isfinite(p) & (p >= 0)).all():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if rows and (k == 0 or (p.sum(axis=1) <= 0).any()):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    g = _rng(generator, "multinomial")
    result = np.empty((rows, n), dtype=np.int64)
    if rows and replacement:
        cdf = np.cumsum(p, axis=1)
        u = g.random((rows, n)) * cdf[:, -1:]          # uniform on [0, row total)
        last_positive = k - 1 - np.argmax(p[:, ::-1] > 0, axis=1)
        for r in range(rows):
            # the first category whose cumulative sum exceeds u; zero-probability categories
            # have an empty interval, and rounding at the top end is clamped onto the last
            # category that can be drawn
            idx = np.searchsorted(cdf[r], u[r], side="right")
            result[r] = np.minimum(idx, last_positive[r])
    elif rows:
        # Without replacement: the n largest p / Exp(1) keys (an exponential race) are a
        # draw in proportion to p; zero-probability categories come last.
        with np.errstate(divide="ignore"):
            keys = p / g.standard_exponential((rows, k))
        result[:] = np.argsort(-keys, axis=1, kind="stable")[:, :n]
    if input.dim() == 1:
        result = result.reshape(n)
    return _finish(result, out)


# ---- in-place samplers ------------------------------------------------------------------------

def _float_self(self, kernel):
    if not self.is_floating_point():
        raise not_implemented(kernel, self.dtype)


def _from_to(args, kw, defaults, fname):
    """(from, to) of uniform_/random_, given positionally or as the keywords from= / to=."""
    if len(args) > 2:
        raise TypeError(f"{fname}() takes at most 2 positional arguments ({len(args)} given)")
    unknown = set(kw) - {"from", "to"}
    if unknown:
        raise TypeError(f"{fname}() got an unexpected keyword argument '{unknown.pop()}'")
    frm, to = defaults
    if len(args) == 2:
        frm, to = args
    elif len(args) == 1:
        if fname == "random_" and "to" not in kw:   # random_(to)
            to = args[0]
        else:
            frm = args[0]
    frm, to = kw.get("from", frm), kw.get("to", to)
    return frm, to


def uniform_(self, *args, generator=None, **kw):
    """uniform_(from=0, to=1): uniform on [from, to)."""
    frm, to = _from_to(args, kw, (0, 1), "uniform_")
    _float_self(self, "check_uniform_bounds")
    lo, hi = _float_bounds(self.dtype)
    name = cpp_name(self.dtype)
    if not lo <= frm <= hi:
        raise RuntimeError(f"from is out of bounds for {name}")
    if not lo <= to <= hi:
        raise RuntimeError(f"to is out of bounds for {name}")
    if frm > to:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={frm:g} > to={to:g}")
    return _fill(self, _uniform(_rng(generator, "uniform_"), self._shape, self.dtype, frm, to))


def normal_(self, mean=0, std=1, *, generator=None):
    _float_self(self, "normal_kernel_cpu")
    _check_std_scalar(std)
    z = _standard_normal(_rng(generator, "normal_"), self._shape, _dtype.float64)
    return _fill(self, mean + std * z)


def bernoulli_(self, p=0.5, *, generator=None):
    g = _rng(generator, "bernoulli_")
    if isinstance(p, TensorBase):
        _check_p_tensor(p)
        prob = _expand(p, self._shape).numpy_view()     # PyTorch's message if p can't broadcast
    else:
        _check_p_scalar(p)
        prob = p
    return _fill(self, g.random(self._shape) < prob)


def random_(self, *args, generator=None, **kw):
    """random_(from=0, to=None): integers in [from, to), by default all the dtype holds
    (for floats: [0, 2**mantissa], every integer of which is exact)."""
    frm, to = _from_to(args, kw, (0, None), "random_")
    frm = _int_arg(frm, "random_", "from")
    dt = self.dtype
    if to is None:
        top = (1 << (np.finfo(dt.np).nmant + 1)) if dt.is_floating_point else _int_bounds(dt)[1]
    else:
        to = _int_arg(to, "random_", "to")
        _check_from_to(frm, to)
        top = to - 1
    return _fill(self, _integers(_rng(generator, "random_"), self._shape, dt, frm, top))


def exponential_(self, lambd=1, *, generator=None):
    if not self.is_floating_point():
        raise RuntimeError(f"Exponential distribution is a continuous probability distribution. "
                           f"dtype must be a floating point but you specified "
                           f"{self.dtype.legacy_name}")
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd:g}")
    e = _rng(generator, "exponential_").standard_exponential(self._shape)
    return _fill(self, e / lambd)


# ---- registration --------------------------------------------------------------------------

for _name, _fn in (("rand", rand), ("randn", randn), ("randint", randint),
                   ("randperm", randperm), ("rand_like", rand_like),
                   ("randn_like", randn_like), ("randint_like", randint_like),
                   ("normal", normal)):
    def_op(_name, _fn, method=False)
def_op("bernoulli", bernoulli)
def_op("multinomial", multinomial)
for _name, _fn in (("uniform_", uniform_), ("normal_", normal_), ("bernoulli_", bernoulli_),
                   ("random_", random_), ("exponential_", exponential_)):
    def_op(_name, _fn, function=False)
