"""The op database: one entry per elementwise op, from which test_ops_db.py derives its tests.

Each `OpInfo` says how to call the op, which numpy function computes the same values, which
dtypes PyTorch supports it for, how its result dtype follows from its operands (`rule`),
whether it has an in-place `name_` variant and an `out=` argument, and how to make sample
inputs (broadcasting, 0-d, empty, Python scalars, transposed/strided/expanded views,
NaN/inf). Samples are library-neutral: `Arg`s become tensors of either library (torchlike
or PyTorch) with the same memory layout through `materialize`.

Nothing here imports torch or torchlike, so the database can be read by any test.
"""
import math
import zlib

import numpy as np

ALL = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64")
INTS = ("uint8", "int8", "int16", "int32", "int64")
FLOATS = ("float16", "float32", "float64")
NO_BOOL = INTS + FLOATS
INTEGRAL = ("bool",) + INTS

_CATEGORY = {"bool": 0, **{d: 1 for d in INTS}, **{d: 2 for d in FLOATS}}
DEFAULT_FLOAT = "float32"


# ---- PyTorch's type promotion, written independently of the library under test ----------

def promote_types(a, b):
    """torch.promote_types on dtype names: across categories the higher one wins unchanged."""
    if _CATEGORY[a] != _CATEGORY[b]:
        return a if _CATEGORY[a] > _CATEGORY[b] else b
    return np.promote_types(a, b).name


def scalar_dtype(x):
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int64"
    return DEFAULT_FLOAT


def _combine(higher, lower):
    """PyTorch's combine_categories: a lower tier only matters when it is of a higher
    category (int tensor + 2.5 -> float; float16 tensor + float64 0-d tensor -> float16)."""
    if higher is None:
        return lower
    if lower is None or _CATEGORY[higher] == 2:
        return higher
    if higher == "bool" or _CATEGORY[lower] == 2:
        return promote_types(higher, lower)
    return higher


def result_type(*operands):
    """torch.result_type over Args and Python scalars (None skipped): dimensioned tensors
    beat 0-d tensors, which beat Python scalars (a Python float counts as the default
    float dtype)."""
    tiers = [None, None, None]       # dimensioned, 0-d, scalars
    for x in operands:
        if x is None:
            continue
        if isinstance(x, Arg):
            tier, d = (0 if x.values.ndim else 1), x.dtype
        else:
            tier, d = 2, scalar_dtype(x)
        tiers[tier] = d if tiers[tier] is None else promote_types(tiers[tier], d)
    return _combine(tiers[0], _combine(tiers[1], tiers[2]))


# ---- sample inputs -----------------------------------------------------------------------

class Arg:
    """A tensor argument: its values and the memory layout to build it with.

    layout: 'contig'; 'T' (a transposed view of a contiguous buffer); 'step' (every other
    element of a larger buffer, with a storage offset); 'expand' (a stride-0 broadcast of
    the values' last column: the values are constant along the last dim).
    """
    __slots__ = ("values", "layout")

    def __init__(self, values, layout="contig"):
        self.values = np.asarray(values)
        self.layout = layout

    @property
    def dtype(self):
        return self.values.dtype.name

    @property
    def shape(self):
        return self.values.shape

    def __repr__(self):
        return f"Arg({self.dtype}{list(self.shape)},{self.layout})"


class Sample:
    """args (Args and Python values) and kwargs of one call; `large` samples are big enough
    for the multi-threaded loops and only run in the forward tests."""

    def __init__(self, args, kwargs=None, desc="", large=False):
        self.args = tuple(args)
        self.kwargs = dict(kwargs or {})
        self.desc = desc
        self.large = large

    def __repr__(self):
        return f"Sample({self.desc}: {self.args}, {self.kwargs})"


def materialize(x, lib):
    """An Arg as a tensor of `lib` (torchlike_core or torch) in a fresh buffer with Arg's
    layout; anything else is returned as it is."""
    if isinstance(x, (list, tuple)):
        return type(x)(materialize(y, lib) for y in x)
    if not isinstance(x, Arg):
        return x
    v = x.values
    if x.layout == "contig":
        return lib.from_numpy(v.copy())
    if x.layout == "T":
        return lib.from_numpy(np.ascontiguousarray(np.swapaxes(v, -1, -2))).transpose(-1, -2)
    if x.layout == "step":
        buf = np.zeros(v.shape[:-1] + (2 * v.shape[-1] + 1,), v.dtype)
        buf[..., 1::2] = v
        return lib.from_numpy(buf[..., 1::2])
    if x.layout == "expand":
        return lib.from_numpy(np.ascontiguousarray(v[..., :1])).expand(*v.shape)
    raise ValueError(x.layout)


def to_numpy(x):
    return x.values.copy() if isinstance(x, Arg) else x


def make_values(rng, shape, dtype, domain=(-5, 5), nonzero=False):
    """Random values of `dtype` in `domain` (ints: inclusive integer range)."""
    lo, hi = domain
    if dtype == "bool":
        v = rng.random(shape) < 0.5
        return np.ones(shape, bool) if nonzero else v
    if dtype in INTS:
        info = np.iinfo(dtype)
        lo, hi = max(math.ceil(lo), info.min), min(math.floor(hi), info.max)
        v = rng.integers(lo, hi + 1, size=shape).astype(dtype)
        if nonzero:
            v[v == 0] = 1
        return v
    v = rng.uniform(lo, hi, size=shape).astype(dtype)
    if nonzero:
        v[np.abs(v) < 0.25] = 0.5
    return v


def rng_for(*key):
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


# dtypes whose C loops split work across threads above a size threshold
_LARGE_DTYPES = ("float32", "int64")

_SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0]


def special_values(dtype, n=len(_SPECIAL), shift=0):
    return np.roll(np.array(_SPECIAL, dtype=dtype), shift)[:n]


# ---- the op description -----------------------------------------------------------------

class OpInfo:
    """One op (or one variant of an op, e.g. div with rounding_mode='floor').

    name: the torch function / method name; variant: the test id (defaults to name);
    kind: 'unary', 'binary' or 'ternary'; ref: numpy function on arrays already cast to
    the compute dtype (see compute_dtype); rule: how the result dtype follows from the
    operands' promoted dtype: 'promote' (it is the result), 'float' (ints and bools become
    the default float), 'compare'/'logical' (bool), 'same' for unary ops that keep the
    dtype, 'square' (bool -> int64); dtypes: the dtypes PyTorch supports (as the promoted
    dtype of the operands); error: for unsupported dtypes, (exception, message with
    {legacy} for 'Float'...).
    """

    def __init__(self, name, kind, ref, *, rule="promote", dtypes=ALL, variant=None,
                 kwargs=None, domain=(-5, 5), rhs_domain=None, rhs_nonzero_int=False,
                 inplace=True, supports_out=True, scalars=(2, -3, True, 2.5, -0.5),
                 scalar_lhs=False, special=True, error=None, atol=None, rtol=None,
                 sample_fn=None, method=True, half_in_float=True, bool_operands=True):
        self.name = name
        self.variant = variant or name
        self.kind = kind
        self.ref = ref
        self.rule = rule
        self.dtypes = tuple(dtypes)
        self.kwargs = dict(kwargs or {})
        self.domain = domain
        self.rhs_domain = rhs_domain or domain
        self.rhs_nonzero_int = rhs_nonzero_int
        self.inplace = inplace
        self.supports_out = supports_out
        self.scalars = scalars
        self.scalar_lhs = scalar_lhs
        self.special = special
        self.error = error
        self.atol = atol
        self.rtol = rtol
        self.sample_fn = sample_fn
        self.method = method
        self.half_in_float = half_in_float      # PyTorch computes float16 through float32
        self.bool_operands = bool_operands      # False: refuses any bool operand (sub)

    def __repr__(self):
        return self.variant

    # dtypes ---------------------------------------------------------------------------
    def supports(self, dtype):
        return dtype in self.dtypes

    def supports_sample(self, args):
        if not self.bool_operands and any(
                isinstance(a, bool) or (isinstance(a, Arg) and a.dtype == "bool") for a in args):
            return False
        return self.supports(self.common_dtype(args))

    def common_dtype(self, args):
        return result_type(*args)

    def compute_dtype(self, args):
        """The dtype the op computes in (what the reference gets its inputs cast to)."""
        common = self.common_dtype(args)
        if self.rule == "float" and _CATEGORY[common] < 2:
            return DEFAULT_FLOAT
        if self.rule == "logical":
            return "bool"
        return common

    def result_dtype(self, args):
        common = self.common_dtype(args)
        if self.rule in ("compare", "logical"):
            return "bool"
        if self.rule == "float" and _CATEGORY[common] < 2:
            return DEFAULT_FLOAT
        if self.rule == "square" and common == "bool":
            return "int64"
        return common

    def error_message(self, dtype):
        exc, msg = self.error
        legacy = {"bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short",
                  "int32": "Int", "int64": "Long", "float16": "Half", "float32": "Float",
                  "float64": "Double"}[dtype]
        return exc, msg.format(legacy=legacy)

    def tolerance(self, dtype):
        atol, rtol = {"float16": (1e-3, 2e-3), "float32": (1e-5, 1e-5),
                      "float64": (1e-10, 1e-10)}.get(dtype, (0, 0))
        return (self.atol if self.atol is not None and atol else atol,
                self.rtol if self.rtol is not None and rtol else rtol)

    # reference ---------------------------------------------------------------------------
    def reference(self, sample):
        """The expected result of `sample` as a numpy array of the result dtype."""
        args = sample.args
        compute = self.compute_dtype(args)
        work = "float32" if compute == "float16" and self.half_in_float else compute
        cast = [_cast_operand(a, work) for a in args]
        with np.errstate(all="ignore"):
            r = np.asarray(self.ref(*cast, **sample.kwargs))
        return r.astype(self.result_dtype(args))

    # samples --------------------------------------------------------------------------
    def samples(self, dtype):
        if self.sample_fn is not None:
            return self.sample_fn(self, dtype)
        return {"unary": unary_samples, "binary": binary_samples}[self.kind](self, dtype)


def _cast_operand(x, work):
    if isinstance(x, Arg):
        return x.values.astype(work)
    if x is None or isinstance(x, str):
        return x
    if _CATEGORY[work] == 2 or isinstance(x, float):
        return np.asarray(x, dtype=np.float64).astype(work)
    # Python ints wrap around like a C cast (uint8 + (-3)), as in PyTorch
    return np.asarray(x).astype(np.int64).astype(work)


# ---- generic sample generators ----------------------------------------------------------

def unary_samples(op, dtype):
    rng = rng_for(op.variant, dtype)
    mk = lambda shape: make_values(rng, shape, dtype, op.domain)  # noqa: E731
    out = [
        Sample([Arg(mk(()))], op.kwargs, "0-d"),
        Sample([Arg(mk((0,)))], op.kwargs, "empty"),
        Sample([Arg(mk((0, 3)), "T")], op.kwargs, "empty transposed"),
        Sample([Arg(mk((7,)))], op.kwargs, "1-d"),
        Sample([Arg(mk((3, 4)), "T")], op.kwargs, "transposed"),
        Sample([Arg(mk((2, 3, 4)), "step")], op.kwargs, "strided"),
        Sample([Arg(np.repeat(mk((4, 1)), 3, axis=1), "expand")], op.kwargs, "expanded"),
    ]
    if dtype in _LARGE_DTYPES:
        out.append(Sample([Arg(mk((5000,)))], op.kwargs, "large (threaded loop)", large=True))
    if op.special and dtype in FLOATS:
        out.append(Sample([Arg(special_values(dtype))], op.kwargs, "nan/inf"))
    return out


def binary_samples(op, dtype):
    rng = rng_for(op.variant, dtype)

    def lhs(shape, dt=dtype, layout="contig"):
        return Arg(make_values(rng, shape, dt, op.domain), layout)

    def rhs(shape, dt=dtype, layout="contig"):
        nz = op.rhs_nonzero_int and dt not in FLOATS
        v = make_values(rng, shape, dt, op.rhs_domain, nonzero=nz)
        return Arg(v, layout)

    kw = op.kwargs
    out = [
        Sample([lhs((3, 4)), rhs((3, 4))], kw, "same shape"),
        Sample([lhs((3, 4), layout="T"), rhs((3, 4), layout="step")], kw, "transposed, strided"),
        Sample([lhs((3, 1)), rhs((1, 4))], kw, "broadcast both"),
        Sample([lhs((2, 3, 4), layout="step"), rhs((4,))], kw, "broadcast leading dims"),
        Sample([lhs(()), rhs(())], kw, "0-d, 0-d"),
        Sample([lhs(()), rhs((2, 3))], kw, "0-d, dims"),
        Sample([lhs((2, 3)), rhs(())], kw, "dims, 0-d"),
        Sample([lhs((0, 3)), rhs((3,))], kw, "empty"),
        Sample([lhs((4, 3)), Arg(np.repeat(rhs((4, 1)).values, 3, axis=1), "expand")], kw,
               "expanded rhs"),
    ]
    if dtype in _LARGE_DTYPES:
        out.append(Sample([lhs((40000,)), rhs((40000,))], kw, "large (threaded loop)", large=True))
    for s in op.scalars:
        if dtype == "uint8" and isinstance(s, int) and s < 0 and op.rule == "compare":
            continue      # PyTorch compares with the wrapped value; numpy would not
        out.append(Sample([lhs((2, 3)), s], kw, f"scalar {s!r}"))
        if op.scalar_lhs:
            out.append(Sample([s, rhs((2, 3))], kw, f"scalar lhs {s!r}"))
    # mixed dtypes: promotion between tensors, and 0-d tensors of another category
    for other in _PARTNERS[dtype]:
        out.append(Sample([lhs((2, 3)), rhs((2, 3), other)], kw, f"with {other}"))
        out.append(Sample([lhs((2, 3)), rhs((), other)], kw, f"with 0-d {other}"))
        out.append(Sample([lhs((), other), rhs((2, 3))], kw, f"0-d {other} with"))
    if op.special and dtype in FLOATS:
        out.append(Sample([Arg(special_values(dtype)), Arg(special_values(dtype, shift=3))],
                          kw, "nan/inf"))
    # keep the samples whose promoted dtype the op supports (the others are error tests)
    return [s for s in out if op.supports_sample(s.args)]


_PARTNERS = {
    "bool": ("int64", "float32"),
    "uint8": ("int8", "bool", "float64"),
    "int8": ("uint8", "int64"),
    "int16": ("int32", "float16"),
    "int32": ("int64", "float32"),
    "int64": ("bool", "float16", "int32"),
    "float16": ("float32", "int64"),
    "float32": ("float64", "int64", "bool"),
    "float64": ("float32", "int32"),
}


# ---- references whose numpy spelling differs from PyTorch ---------------------------------

def _sign(x):
    if x.dtype == np.bool_:
        return x.copy()
    r = np.sign(x)
    if x.dtype.kind == "f":
        r = np.where(np.isnan(x), 0, r).astype(x.dtype)     # torch.sign(nan) == 0
    return r


def _erf(x):
    return np.vectorize(math.erf, otypes=[x.dtype])(x) if x.size else x.copy()


def _round_decimals(x, decimals=0):
    # PyTorch's formula, in the input's precision (float16 runs in float32)
    if decimals >= 0:
        p = x.dtype.type(10.0 ** decimals)
        return np.rint(x * p) / p
    p = x.dtype.type(10.0 ** -decimals)
    return np.rint(x / p) * p


def _nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    if x.dtype.kind != "f":
        return x.copy()
    return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def _floor_div(a, b, rounding_mode=None):
    return np.floor_divide(a, b)


def _trunc_div(a, b, rounding_mode=None):
    if np.result_type(a, b).kind == "f":
        return np.trunc(a / b)
    return (np.abs(a) // np.abs(b)) * np.sign(a) * np.sign(b)


def _lerp(a, b, w):
    return np.where(np.abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w))


def _clamp(x, min=None, max=None):
    if min is not None:
        x = np.maximum(x, min)
    if max is not None:
        x = np.minimum(x, max)
    return x


def _sub(a, b, alpha=1):
    return a - np.asarray(alpha).astype(np.result_type(a, b)) * b


def _add(a, b, alpha=1):
    if a.dtype == np.bool_:
        return a | (b & bool(alpha))
    return a + np.asarray(alpha).astype(np.result_type(a, b)) * b


def _vectorize(fn):
    """A scalar math function over an array, in float64, cast back to the array's dtype."""
    def ref(x):
        v = [fn(float(e)) for e in x.reshape(-1)]
        return np.array(v, dtype=np.float64).reshape(x.shape).astype(x.dtype)
    return ref


def _lgamma_scalar(x):
    if math.isnan(x):
        return x
    if math.isinf(x) or (x <= 0 and x == math.floor(x)):
        return math.inf                     # poles, and lgamma(+-inf) == inf
    return math.lgamma(x)


def _digamma_scalar(x):
    """psi by recurrence up to x >= 30, then the asymptotic series (reflection below 0)."""
    if math.isnan(x) or x == math.inf:
        return x
    if x == -math.inf:
        return math.nan
    if x == 0:
        return math.copysign(math.inf, -x)
    if x < 0:
        if x == math.floor(x):
            return math.nan
        return _digamma_scalar(1 - x) - math.pi / math.tan(math.pi * (x - math.trunc(x)))
    acc = 0.0
    while x < 30:
        acc -= 1 / x
        x += 1
    z = 1 / (x * x)
    series = z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z / 132))))
    return acc + math.log(x) - 0.5 / x - series


def _erfinv_scalar(y):
    """erfinv by bisection on math.erf (slow, but independent of the library's method)."""
    if math.isnan(y) or abs(y) > 1:
        return math.nan
    if abs(y) == 1:
        return math.copysign(math.inf, y)
    lo, hi = -6.0, 6.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if math.erf(mid) < y:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-16 * max(abs(mid), 1e-300):
            break
    return (lo + hi) / 2


def _logit(x):
    return np.log(x / (1 - x))


def _xlogy(a, b):
    return np.where((a == 0) & ~np.isnan(b), 0, a * np.log(b))


def _not_bool(dtypes):
    return tuple(d for d in dtypes if d != "bool")


def _nie(kernel):
    return (NotImplementedError, f'"{kernel}" not implemented for ' + "'{legacy}'")


# ---- the table ----------------------------------------------------------------------------

def _unary(name, ref, rule="float", dtypes=ALL, **kw):
    return OpInfo(name, "unary", ref, rule=rule, dtypes=dtypes, **kw)


def _binary(name, ref, rule="promote", dtypes=ALL, **kw):
    return OpInfo(name, "binary", ref, rule=rule, dtypes=dtypes, **kw)


_INT_ROUNDING = dict(rule="same", dtypes=NO_BOOL)

UNARY = [
    _unary("neg", np.negative, "same", NO_BOOL, error=(RuntimeError, "Negation, the `-` operator, on a bool tensor is not supported.")),
    _unary("abs", np.abs, "same", NO_BOOL, error=_nie("abs_cpu")),
    _unary("sign", _sign, "same"),
    _unary("exp", np.exp, domain=(-3, 3)),
    _unary("exp2", np.exp2, domain=(-3, 3)),
    _unary("expm1", np.expm1, domain=(-3, 3)),
    _unary("log", np.log, domain=(0.1, 6)),
    _unary("log2", np.log2, domain=(0.1, 6)),
    _unary("log10", np.log10, domain=(0.1, 6)),
    _unary("log1p", np.log1p, domain=(-0.9, 6)),
    _unary("sqrt", np.sqrt, domain=(0, 6)),
    _unary("rsqrt", lambda x: 1 / np.sqrt(x), domain=(0.1, 6)),
    _unary("reciprocal", np.reciprocal, domain=(0.25, 6)),
    _unary("sin", np.sin),
    _unary("cos", np.cos),
    _unary("tan", np.tan, domain=(-1.3, 1.3)),
    _unary("asin", np.arcsin, domain=(-1, 1)),
    _unary("acos", np.arccos, domain=(-1, 1)),
    _unary("atan", np.arctan),
    _unary("sinh", np.sinh, domain=(-3, 3)),
    _unary("cosh", np.cosh, domain=(-3, 3)),
    _unary("tanh", np.tanh),
    _unary("sigmoid", lambda x: 1 / (1 + np.exp(-x))),
    _unary("relu", lambda x: np.maximum(x, x.dtype.type(0)), "same", NO_BOOL,
           error=(RuntimeError, "Boolean inputs not supported for relu")),
    _unary("erf", _erf),
    _unary("floor", np.floor, error=_nie("floor_vml_cpu"), **_INT_ROUNDING),
    _unary("ceil", np.ceil, error=_nie("ceil_vml_cpu"), **_INT_ROUNDING),
    _unary("trunc", np.trunc, error=_nie("trunc_vml_cpu"), **_INT_ROUNDING),
    _unary("round", np.rint, error=_nie("round_vml_cpu"), **_INT_ROUNDING),
    _unary("round", _round_decimals, "same", FLOATS, variant="round_decimals2",
           kwargs={"decimals": 2}, error=_nie("round_cpu")),
    _unary("round", _round_decimals, "same", FLOATS, variant="round_decimals-1",
           kwargs={"decimals": -1}, domain=(-300, 300), error=_nie("round_cpu")),
    _unary("frac", lambda x: x - np.trunc(x), "same", FLOATS, error=_nie("frac_cpu")),
    _unary("square", np.square, "square"),
    _unary("positive", np.positive, "same", NO_BOOL, inplace=False, supports_out=False,
           error=(RuntimeError, "The `+` operator, on a bool tensor is not supported.")),
    _unary("nan_to_num", _nan_to_num, "same", half_in_float=False),
    _unary("nan_to_num", _nan_to_num, "same", variant="nan_to_num_args",
           kwargs={"nan": 1.5, "posinf": 100.0, "neginf": -100.0}, half_in_float=False),
    _unary("isnan", np.isnan, "compare", inplace=False, supports_out=False),
    _unary("isinf", np.isinf, "compare", inplace=False, supports_out=False),
    _unary("isfinite", np.isfinite, "compare", inplace=False, supports_out=False),
    _unary("logical_not", np.logical_not, "logical"),
    _unary("bitwise_not", np.invert, "same", INTEGRAL, error=_nie("bitwise_not_cpu")),
    _unary("sgn", _sign, "same"),
    _unary("sinc", np.sinc),
    _unary("deg2rad", np.deg2rad, domain=(-360, 360)),
    _unary("rad2deg", np.rad2deg),
    _unary("erfc", _vectorize(math.erfc)),
    _unary("erfinv", _vectorize(_erfinv_scalar), domain=(-1, 1)),
    _unary("lgamma", _vectorize(_lgamma_scalar), domain=(-4.5, 6)),
    _unary("digamma", _vectorize(_digamma_scalar), domain=(-4.5, 6), atol=1e-4, rtol=1e-4),
    _unary("logit", _logit, domain=(0, 1)),
]

_DIV_INT = dict(rhs_nonzero_int=True, scalars=(2, -3, True, 2.5, -0.5))
_SUB_BOOL_MSG = "Subtraction, the `-` operator, with two bool tensors is not supported."

BINARY = [
    _binary("add", np.add),
    _binary("add", _add, variant="add_alpha", kwargs={"alpha": 2}),
    _binary("add", _add, dtypes=FLOATS, variant="add_alpha_float", kwargs={"alpha": 0.5},
            error=(RuntimeError, "For integral input tensors, argument alpha must not be a "
                                 "floating point number.")),
    _binary("sub", np.subtract, dtypes=NO_BOOL, error=(RuntimeError, _SUB_BOOL_MSG),
            bool_operands=False),
    _binary("sub", _sub, dtypes=NO_BOOL, variant="sub_alpha", kwargs={"alpha": 3},
            error=(RuntimeError, _SUB_BOOL_MSG), bool_operands=False),
    _binary("mul", np.multiply),
    _binary("div", np.divide, "float", scalar_lhs=True),
    _binary("true_divide", np.divide, "float"),
    # PyTorch rounds a float16 quotient to float16 before truncating it
    _binary("div", _trunc_div, dtypes=NO_BOOL, variant="div_trunc",
            kwargs={"rounding_mode": "trunc"}, error=_nie("div_trunc_cpu"), half_in_float=False,
            **_DIV_INT),
    _binary("div", _floor_div, dtypes=NO_BOOL, variant="div_floor",
            kwargs={"rounding_mode": "floor"}, error=_nie("div_floor_cpu"), **_DIV_INT),
    _binary("floor_divide", np.floor_divide, dtypes=NO_BOOL, error=_nie("div_floor_cpu"),
            scalar_lhs=True, **_DIV_INT),
    _binary("remainder", np.remainder, dtypes=NO_BOOL, error=_nie("remainder_cpu"),
            scalar_lhs=True, **_DIV_INT),
    _binary("fmod", np.fmod, dtypes=NO_BOOL, error=_nie("fmod_cpu"), **_DIV_INT),
    _binary("pow", np.power, dtypes=NO_BOOL, error=_nie("pow"), domain=(0.25, 3),
            rhs_domain=(0, 3), scalars=(2, 0, 3, 0.5, -1.0, True), scalar_lhs=True),
    # PyTorch's atan2 ... hypot and the logical ops take no Python scalar as `other`
    _binary("atan2", np.arctan2, "float", scalars=()),
    _binary("maximum", np.maximum, inplace=False, scalars=()),
    _binary("minimum", np.minimum, inplace=False, scalars=()),
    _binary("fmax", np.fmax, inplace=False, scalars=()),
    _binary("fmin", np.fmin, inplace=False, scalars=()),
    _binary("hypot", np.hypot, dtypes=FLOATS, error=_nie("hypot_cpu"), scalars=()),
    _binary("copysign", np.copysign, "float"),
    _binary("eq", np.equal, "compare"),
    _binary("ne", np.not_equal, "compare"),
    _binary("lt", np.less, "compare"),
    _binary("le", np.less_equal, "compare"),
    _binary("gt", np.greater, "compare"),
    _binary("ge", np.greater_equal, "compare"),
    _binary("logical_and", np.logical_and, "logical", scalars=()),
    _binary("logical_or", np.logical_or, "logical", scalars=()),
    _binary("logical_xor", np.logical_xor, "logical", scalars=()),
    _binary("bitwise_and", np.bitwise_and, dtypes=INTEGRAL, scalars=(2, -3, True),
            scalar_lhs=True, error=_nie("bitwise_and_cpu")),
    _binary("bitwise_or", np.bitwise_or, dtypes=INTEGRAL, scalars=(2, -3, True),
            scalar_lhs=True, error=_nie("bitwise_or_cpu")),
    _binary("bitwise_xor", np.bitwise_xor, dtypes=INTEGRAL, scalars=(2, -3, True),
            scalar_lhs=True, error=_nie("bitwise_xor_cpu")),
    _binary("bitwise_left_shift", np.left_shift, dtypes=INTS, rhs_domain=(0, 3),
            scalars=(1, 2), scalar_lhs=True, error=_nie("lshift_cpu")),
    _binary("bitwise_right_shift", np.right_shift, dtypes=INTS, rhs_domain=(0, 3),
            scalars=(1, 2), scalar_lhs=True, error=_nie("rshift_cpu")),
    _binary("logaddexp", np.logaddexp, dtypes=FLOATS, error=_nie("logaddexp_cpu"), scalars=(),
            inplace=False),
    _binary("logaddexp2", np.logaddexp2, dtypes=FLOATS, error=_nie("logaddexp2_cpu"),
            scalars=(), inplace=False),
    _binary("xlogy", _xlogy, "float", rhs_domain=(0, 5), scalar_lhs=True),
    _binary("rsub", lambda a, b: b - a, dtypes=NO_BOOL, inplace=False, supports_out=False,
            method=False, error=(RuntimeError, _SUB_BOOL_MSG), bool_operands=False),
]


# ---- ternary ops: where, clamp, lerp, addcmul, addcdiv -----------------------------------

def _where_samples(op, dtype):
    rng = rng_for(op.variant, dtype)
    mk = lambda shape, dt=dtype: Arg(make_values(rng, shape, dt))  # noqa: E731
    cond = lambda shape: Arg(rng.random(shape) < 0.5)  # noqa: E731
    return [
        Sample([cond((3, 4)), mk((3, 4)), mk((3, 4))], {}, "same shape"),
        Sample([Arg(rng.random((3, 4)) < 0.5, "T"), mk((3, 4)), mk((3, 4))], {}, "transposed cond"),
        Sample([cond((3, 1)), mk((1, 4)), mk((4,))], {}, "broadcast"),
        Sample([cond(()), mk(()), mk(())], {}, "0-d"),
        Sample([cond((0, 2)), mk((2,)), mk(())], {}, "empty"),
        Sample([cond((2, 3)), mk((2, 3)), 2], {}, "scalar other"),
        Sample([cond((2, 3)), 1.5, mk((2, 3))], {}, "scalar input"),
        Sample([cond((2, 3)), 1, 2.5], {}, "two scalars"),
        Sample([cond((2, 3)), mk((2, 3)), mk((2, 3), "float64" if dtype != "float64" else "int8")],
               {}, "mixed dtypes"),
    ]


def _clamp_samples(op, dtype):
    rng = rng_for(op.variant, dtype)
    mk = lambda shape, dom=(-5, 5), dt=dtype: Arg(make_values(rng, shape, dt, dom))  # noqa: E731
    out = [
        Sample([mk((3, 4)), mk((3, 4), (-3, 0)), mk((3, 4), (0, 3))], {}, "tensor bounds"),
        Sample([mk((3, 4)), mk((4,), (-3, 0)), mk((3, 1), (0, 3))], {}, "broadcast bounds"),
        Sample([Arg(make_values(rng, (3, 4), dtype), "T"), -2, 3], {}, "scalar bounds"),
        Sample([mk((2, 3)), None, 1], {}, "max only"),
        Sample([mk((2, 3)), -1, None], {}, "min only"),
        Sample([mk(()), 1, 3], {}, "0-d"),
        Sample([mk((0, 2)), 1, 3], {}, "empty"),
        Sample([mk((2, 3)), 3, 1], {}, "min > max"),
        Sample([mk((2, 3)), 1.5, None], {}, "float scalar bound"),
    ]
    if dtype in FLOATS:
        out.append(Sample([Arg(special_values(dtype)), -1, 2], {}, "nan/inf"))
    return [s for s in out if op.supports_sample(s.args)]


def _lerp_samples(op, dtype):
    rng = rng_for(op.variant, dtype)
    mk = lambda shape, dom=(-5, 5): Arg(make_values(rng, shape, dtype, dom))  # noqa: E731
    return [
        Sample([mk((3, 4)), mk((3, 4)), 0.3], {}, "scalar weight"),
        Sample([mk((3, 4)), mk((3, 4)), 0.75], {}, "scalar weight > 0.5"),
        Sample([mk((3, 4)), mk((4,)), mk((3, 1), (0, 1))], {}, "tensor weight, broadcast"),
        Sample([Arg(make_values(rng, (3, 4), dtype), "T"), mk((3, 4)), mk((), (0, 1))], {}, "transposed"),
        Sample([mk(()), mk(()), 1.0], {}, "0-d"),
        Sample([mk((0,)), mk((0,)), 0.5], {}, "empty"),
    ]


def _addc_samples(op, dtype):
    rng = rng_for(op.variant, dtype)
    nz = op.name == "addcdiv"
    mk = lambda shape, nonzero=False, dt=dtype: Arg(make_values(rng, shape, dt, nonzero=nonzero))  # noqa: E731
    out = [
        Sample([mk((3, 4)), mk((3, 4)), mk((3, 4), nz)], {}, "same shape"),
        Sample([mk((3, 4)), mk((4,)), mk((3, 1), nz)], {"value": 2}, "broadcast, value"),
        Sample([Arg(make_values(rng, (3, 4), dtype), "T"), mk((3, 4)), mk((), nz)], {}, "transposed"),
        Sample([mk(()), mk(()), mk((), nz)], {"value": -1}, "0-d"),
        Sample([mk((0, 2)), mk((2,)), mk((2,), nz)], {}, "empty"),
    ]
    if dtype in FLOATS:
        out.append(Sample([mk((2, 3)), mk((2, 3)), mk((2, 3), nz)], {"value": 0.5}, "float value"))
    return out


def _addcmul(a, t1, t2, value=1):
    return a + np.asarray(value).astype(a.dtype) * (t1 * t2)


def _addcdiv(a, t1, t2, value=1):
    return a + np.asarray(value).astype(a.dtype) * (t1 / t2)


_ADDCDIV_MSG = "Integer division with addcdiv is no longer supported"

TERNARY = [
    OpInfo("where", "ternary", lambda c, a, b: np.where(c, a, b), dtypes=ALL,
           sample_fn=_where_samples, inplace=False),
    OpInfo("clamp", "ternary", _clamp, dtypes=NO_BOOL, sample_fn=_clamp_samples,
           error=_nie("clamp_cpu")),
    OpInfo("lerp", "ternary", _lerp, dtypes=FLOATS, sample_fn=_lerp_samples,
           error=_nie("lerp_kernel_tensor")),
    OpInfo("addcmul", "ternary", _addcmul, dtypes=NO_BOOL, sample_fn=_addc_samples,
           error=_nie("addcmul_cpu_out")),
    OpInfo("addcdiv", "ternary", _addcdiv, dtypes=FLOATS, sample_fn=_addc_samples,
           error=(RuntimeError, _ADDCDIV_MSG)),
]


def _where_common(args):
    return result_type(*args[1:])


# where's result dtype comes from input and other only (the condition is bool)
TERNARY[0].common_dtype = _where_common

OPS = UNARY + BINARY + TERNARY
BY_VARIANT = {op.variant: op for op in OPS}
assert len(BY_VARIANT) == len(OPS), "variant names must be unique"


def op_dtype_pairs(ops=OPS, supported=True):
    """(op, dtype) pairs to parametrize over: the supported dtypes, or the others."""
    return [(op, d) for op in ops for d in ALL if op.supports(d) == supported]


def error_input(op, dtype):
    """A sample of all-`dtype` tensors, used to check the unsupported-dtype error."""
    v = np.ones((2, 3), dtype)
    if op.kind == "unary":
        return Sample([Arg(v)], op.kwargs)
    if op.kind == "binary":
        return Sample([Arg(v), Arg(v)], op.kwargs)
    if op.name == "where":
        return Sample([Arg(v > 0), Arg(v), Arg(v)], {})
    return Sample([Arg(v), Arg(v), Arg(v)], {})
