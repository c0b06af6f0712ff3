"""The elementwise op table: one line per op (see _elementwise.pyx for the drivers).

Each row says which dtype categories PyTorch supports the op for (checked on the promoted
dtype of the operands) and the kernel name PyTorch names in its error otherwise
('"bitwise_and_cpu" not implemented for \'Float\'').
"""
import numpy as np

from ._elementwise import (Binary, Unary, copy_into, check_can_cast, resize_out, check_out_aliasing,
                           result_type_many, ALLOW_BOOL, ALLOW_INT, ALLOW_FLOAT, ALL_CATEGORIES)
from ._loops import borrow_numpy_loop, borrow_numpy_binary_loop
from ._rows import softmax_lastdim
from ._registry import def_op
from ._checks import require_tensor
from ._dispatch import call
from ._tensor import TensorBase, wrap_dim
from ._numpy_bridge import from_result

# Mirrors of the C enums in _loops.pxd (Cython enums are not visible from Python).
B_ADD, B_SUB, B_MUL, B_DIV, B_MAXIMUM, B_MINIMUM = range(6)
(U_NEG, U_ABS, U_EXP, U_EXP2, U_EXPM1, U_LOG, U_LOG2, U_LOG10, U_LOG1P, U_SQRT, U_RSQRT,
 U_RECIPROCAL, U_SIN, U_COS, U_TAN, U_ASIN, U_ACOS, U_ATAN, U_SINH, U_COSH, U_TANH,
 U_SIGMOID, U_RELU, U_ERF, U_FLOOR, U_CEIL, U_ROUND, U_TRUNC, U_FRAC, U_SIGN) = range(30)

ALL = ALL_CATEGORIES
NO_BOOL = ALLOW_INT | ALLOW_FLOAT
INTEGRAL = ALLOW_BOOL | ALLOW_INT

_ident = np.positive       # floor/ceil/trunc/round of an integer is itself


def _sign_int(x):
    return x.copy() if x.dtype == np.bool_ else np.sign(x)


_NEG_BOOL = ("Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
             "to invert a mask, use the `~` or `logical_not()` operator instead.")

# Note [Borrowed numpy loops] (_loops.pyx): these ops run numpy's SIMD float loops.
for _code, _ufunc in [(U_NEG, np.negative), (U_ABS, np.absolute), (U_EXP, np.exp),
                      (U_EXP2, np.exp2), (U_EXPM1, np.expm1), (U_LOG, np.log),
                      (U_LOG2, np.log2), (U_LOG10, np.log10), (U_LOG1P, np.log1p),
                      (U_SQRT, np.sqrt), (U_RECIPROCAL, np.reciprocal), (U_SIN, np.sin),
                      (U_COS, np.cos), (U_TAN, np.tan), (U_ASIN, np.arcsin), (U_ACOS, np.arccos),
                      (U_ATAN, np.arctan), (U_SINH, np.sinh), (U_COSH, np.cosh),
                      (U_TANH, np.tanh), (U_FLOOR, np.floor), (U_CEIL, np.ceil),
                      (U_ROUND, np.rint), (U_TRUNC, np.trunc)]:
    borrow_numpy_loop(_code, _ufunc)
for _code, _ufunc in [(B_ADD, np.add), (B_SUB, np.subtract), (B_MUL, np.multiply),
                      (B_DIV, np.divide), (B_MAXIMUM, np.maximum), (B_MINIMUM, np.minimum)]:
    borrow_numpy_binary_loop(_code, _ufunc)

# name, C loop, rule ('float': ints and bools become the default float; 'same': keep the
# dtype, integers through int_fn), int_fn, aliases, supported categories, kernel name for
# the error, PyTorch's own message for bool inputs
UNARY = [
    ("neg", U_NEG, "same", np.negative, ("negative",), NO_BOOL, None, _NEG_BOOL),
    ("abs", U_ABS, "same", np.abs, ("absolute",), NO_BOOL, "abs_cpu", None),
    ("sign", U_SIGN, "same", _sign_int, (), ALL, None, None),
    ("exp", U_EXP, "float", None, (), ALL, None, None),
    ("exp2", U_EXP2, "float", None, (), ALL, None, None),
    ("expm1", U_EXPM1, "float", None, (), ALL, None, None),
    ("log", U_LOG, "float", None, (), ALL, None, None),
    ("log2", U_LOG2, "float", None, (), ALL, None, None),
    ("log10", U_LOG10, "float", None, (), ALL, None, None),
    ("log1p", U_LOG1P, "float", None, (), ALL, None, None),
    ("sqrt", U_SQRT, "float", None, (), ALL, None, None),
    ("rsqrt", U_RSQRT, "float", None, (), ALL, None, None),
    ("reciprocal", U_RECIPROCAL, "float", None, (), ALL, None, None),
    ("sin", U_SIN, "float", None, (), ALL, None, None),
    ("cos", U_COS, "float", None, (), ALL, None, None),
    ("tan", U_TAN, "float", None, (), ALL, None, None),
    ("asin", U_ASIN, "float", None, ("arcsin",), ALL, None, None),
    ("acos", U_ACOS, "float", None, ("arccos",), ALL, None, None),
    ("atan", U_ATAN, "float", None, ("arctan",), ALL, None, None),
    ("sinh", U_SINH, "float", None, (), ALL, None, None),
    ("cosh", U_COSH, "float", None, (), ALL, None, None),
    ("tanh", U_TANH, "float", None, (), ALL, None, None),
    ("sigmoid", U_SIGMOID, "float", None, (), ALL, None, None),
    ("relu", U_RELU, "same", lambda x: np.maximum(x, 0), (), NO_BOOL, None,
     "Boolean inputs not supported for relu"),
    ("erf", U_ERF, "float", None, (), ALL, None, None),
    ("floor", U_FLOOR, "same", _ident, (), NO_BOOL, "floor_vml_cpu", None),
    ("ceil", U_CEIL, "same", _ident, (), NO_BOOL, "ceil_vml_cpu", None),
    ("trunc", U_TRUNC, "same", _ident, ("fix",), NO_BOOL, "trunc_vml_cpu", None),
    ("frac", U_FRAC, "same", None, (), ALLOW_FLOAT, "frac_cpu", None),
]


def _install_unary(name, c_op, rule, int_fn, aliases, allowed, kname, bool_msg):
    spec = dict(allowed=allowed, kname=kname, bool_msg=bool_msg)
    def_op(name, Unary(name, c_op, rule, int_fn, **spec), aliases=aliases)
    def_op(name + "_", Unary(name, c_op, rule, int_fn, inplace=True, **spec), function=False,
           aliases=tuple(a + "_" for a in aliases))


for _entry in UNARY:
    _install_unary(*_entry)


def _int_pow(a, b, out, casting):
    """np.power, except that integers to negative powers follow PyTorch: 1 ** -n == 1,
    (-1) ** -n == +-1, anything else ** -n == 0 (numpy refuses)."""
    if a.dtype.kind in "iu" and np.any(b < 0):
        neg = b < 0
        r = np.power(a, np.where(neg, 0, b).astype(b.dtype))
        odd = (b % 2) != 0
        special = np.where(a == 1, 1, np.where(a == -1, np.where(odd, -1, 1), 0))
        np.copyto(out, np.where(neg, special, r), casting=casting)
    else:
        np.power(a, b, out=out, casting=casting)


# name, C loop (-1: numpy only), numpy ufunc, rule, integer zero check, aliases, supported
# categories, kernel name for the error
BINARY = [
    ("add", B_ADD, np.add, "promote", False, (), ALL, None),
    ("sub", B_SUB, np.subtract, "promote", False, ("subtract",), ALL, None),
    ("mul", B_MUL, np.multiply, "promote", False, ("multiply",), ALL, None),
    ("true_divide", B_DIV, np.divide, "float", False, (), ALL, None),
    ("floor_divide", -1, np.floor_divide, "promote", True, (), NO_BOOL, "div_floor_cpu"),
    ("remainder", -1, np.remainder, "promote", True, (), NO_BOOL, None),
    ("fmod", -1, np.fmod, "promote", True, (), NO_BOOL, None),
    ("pow", -1, _int_pow, "promote", False, (), NO_BOOL, "pow"),
    ("atan2", -1, np.arctan2, "float", False, ("arctan2",), ALL, None),
    ("maximum", B_MAXIMUM, np.maximum, "promote", False, (), ALL, None),
    ("minimum", B_MINIMUM, np.minimum, "promote", False, (), ALL, None),
    ("fmax", -1, np.fmax, "promote", False, (), ALL, None),
    ("fmin", -1, np.fmin, "promote", False, (), ALL, None),
    ("hypot", -1, np.hypot, "promote", False, (), ALLOW_FLOAT, None),
    ("copysign", -1, np.copysign, "float", False, (), ALL, None),
    ("eq", -1, np.equal, "compare", False, (), ALL, None),
    ("ne", -1, np.not_equal, "compare", False, ("not_equal",), ALL, None),
    ("lt", -1, np.less, "compare", False, ("less",), ALL, None),
    ("le", -1, np.less_equal, "compare", False, ("less_equal",), ALL, None),
    ("gt", -1, np.greater, "compare", False, ("greater",), ALL, None),
    ("ge", -1, np.greater_equal, "compare", False, ("greater_equal",), ALL, None),
    ("logical_and", -1, np.logical_and, "logical", False, (), ALL, None),
    ("logical_or", -1, np.logical_or, "logical", False, (), ALL, None),
    ("logical_xor", -1, np.logical_xor, "logical", False, (), ALL, None),
    ("bitwise_and", -1, np.bitwise_and, "promote", False, (), INTEGRAL, None),
    ("bitwise_or", -1, np.bitwise_or, "promote", False, (), INTEGRAL, None),
    ("bitwise_xor", -1, np.bitwise_xor, "promote", False, (), INTEGRAL, None),
    ("bitwise_left_shift", -1, np.left_shift, "promote", False, (), ALLOW_INT, "lshift_cpu"),
    ("bitwise_right_shift", -1, np.right_shift, "promote", False, (), ALLOW_INT, "rshift_cpu"),
]

def check_alpha(common, alpha):
    """PyTorch's checks of add/sub's alpha against the result dtype `common` (shared with
    the cuda backend)."""
    if isinstance(alpha, float) and not common.is_floating_point:
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")
    if isinstance(alpha, bool) and common.name != "bool":
        raise RuntimeError("Boolean alpha only supported for Boolean results.")


def _scaled(input, other, alpha):
    """alpha * other, computed in the dtype of the result (as PyTorch computes a + alpha * b)."""
    common = result_type_many(input, other)
    check_alpha(common, alpha)
    if alpha == 1:
        return other
    if common.name == "bool":
        alpha = bool(alpha)             # b + alpha * b stays bool, as in PyTorch
    if isinstance(other, TensorBase):
        if other._dtype is not common:
            other = call("to", (other, common), None)
        return call("mul", (other, alpha), None)
    return (other and alpha) if common.name == "bool" else other * alpha


def _pow_kernel(op):
    def pow(input, exponent, *, out=None):
        # A negative Python int exponent is refused for integer results; a tensor of
        # negative exponents follows _int_pow.
        if isinstance(exponent, int) and exponent < 0 and isinstance(input, TensorBase) and \
                not result_type_many(input, exponent).is_floating_point:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        return op(input, exponent, out)
    return pow


def _binary(name, c_op, ufunc, rule, zero, allowed, kname, inplace=False):
    return Binary(name, c_op, ufunc, rule, zero, inplace=inplace, allowed=allowed, kname=kname,
                  scale=_scaled if name in ("add", "sub") else None, bool_refused=name == "sub")


for _name, _c, _uf, _rule, _zero, _aliases, _allowed, _kname in BINARY:
    _op = _binary(_name, _c, _uf, _rule, _zero, _allowed, _kname)
    _op_ = _binary(_name, _c, _uf, _rule, _zero, _allowed, _kname, inplace=True)
    if _name == "pow":
        _op, _op_ = _pow_kernel(_op), _pow_kernel(_op_)
    def_op(_name, _op, aliases=_aliases)
    def_op(_name + "_", _op_, function=False, aliases=tuple(a + "_" for a in _aliases))


# ---- div and its rounding modes ---------------------------------------------------------

def _trunc_divide(a, b, out, casting):
    if out.dtype.kind == "f":
        # the quotient is rounded to the operands' precision before it is truncated, as in
        # PyTorch (float16 / float16 is a float16)
        np.trunc(np.divide(a, b), out=out, casting=casting)
    else:
        # integers: the quotient rounded toward zero (floor_divide rounds down)
        q = np.floor_divide(a, b)
        q += ((np.remainder(a, b) != 0) & ((a < 0) != (b < 0))).astype(q.dtype)
        np.copyto(out, q, casting=casting)


def _div_ops(inplace):
    plain = Binary("div", B_DIV, np.divide, "float", False, inplace=inplace)
    trunc = Binary("div", -1, _trunc_divide, "promote", True, inplace=inplace,
                   allowed=NO_BOOL, kname="div_trunc_cpu")
    floor = Binary("div", -1, np.floor_divide, "promote", True, inplace=inplace,
                   allowed=NO_BOOL, kname="div_floor_cpu")

    def div(input, other, *, rounding_mode=None, out=None):
        if rounding_mode is None:
            return plain(input, other, out)
        if rounding_mode == "trunc":
            return trunc(input, other, out)
        if rounding_mode == "floor":
            return floor(input, other, out)
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                           f"found '{rounding_mode}'")
    return div


def_op("div", _div_ops(False), aliases=("divide",))
def_op("div_", _div_ops(True), function=False, aliases=("divide_",))


def rsub(input, other, *, alpha=1):
    """other - alpha * input"""
    return call("sub", (other, input), {"alpha": alpha} if alpha != 1 else None)


def_op("rsub", rsub, method=False)


def rdiv(a, b):
    # b / a, spelled as PyTorch's Tensor.__rtruediv__ does
    return call("mul", (call("reciprocal", (a,), None), b), None)


def_op("rdiv", rdiv, function=False, method=False)


# ---- ops with their own kernels ---------------------------------------------------------

def _store(result, out, name, check_cast=True):
    """The numpy result as a new tensor, or written into out= (resized as PyTorch does)."""
    t = from_result(result)
    if out is None:
        return t
    require_tensor(out, name, "out", None)
    if check_cast:
        check_can_cast(t._dtype, out._dtype)
    if out._shape != t._shape:
        resize_out(out, t._shape)
    return copy_into(out, t)


def _inplace(fn):
    """self.fn_(...): fn's result written back into self, which must be able to hold it."""
    def inplace(self, *args, **kwargs):
        check_out_aliasing(self)
        r = fn(self, *args, **kwargs)
        check_can_cast(r._dtype, self._dtype)
        return copy_into(self, r)
    return inplace


def logical_not(input, *, out=None):
    return _store(np.logical_not(input.numpy_view()), out, "logical_not", check_cast=False)


def bitwise_not(input, *, out=None):
    if input.is_floating_point():
        raise NotImplementedError(
            f"\"bitwise_not_cpu\" not implemented for '{input._dtype.legacy_name}'")
    return _store(np.invert(input.numpy_view()), out, "bitwise_not")


def positive(input):
    if input._dtype.name == "bool":
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def square(input, *, out=None):
    # pow(x, 2): a bool tensor squares to int64, as in PyTorch
    return call("pow", (input, 2), None if out is None else {"out": out})


def square_(self):
    return call("pow_", (self, 2), None)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    arr = input.numpy_view()
    if input.is_floating_point():
        with np.errstate(over="ignore"):
            r = np.nan_to_num(arr, copy=True, nan=0.0 if nan is None else nan, posinf=posinf,
                              neginf=neginf)
    else:
        r = arr.copy()
    return _store(r, out, "nan_to_num")


def nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
    if not self.is_floating_point():
        self._bump_version()            # integers hold no NaN or inf: nothing to write
        return self
    return _inplace(nan_to_num)(self, nan, posinf, neginf)


def _classify(np_fn, value_for_integers):
    def fn(input):
        arr = input.numpy_view()
        if input.is_floating_point():
            return from_result(np_fn(arr))
        return from_result(np.full(arr.shape, value_for_integers))
    fn.__name__ = np_fn.__name__
    return fn


def_op("logical_not", logical_not)
def_op("logical_not_", _inplace(logical_not), function=False)
def_op("bitwise_not", bitwise_not)
def_op("bitwise_not_", _inplace(bitwise_not), function=False)
def_op("positive", positive)
def_op("square", square)
def_op("square_", square_, function=False)
def_op("nan_to_num", nan_to_num)
def_op("nan_to_num_", nan_to_num_, function=False)
def_op("isnan", _classify(np.isnan, False))
def_op("isinf", _classify(np.isinf, False))
def_op("isfinite", _classify(np.isfinite, True))
def_op("isposinf", _classify(np.isposinf, False))
def_op("isneginf", _classify(np.isneginf, False))


# ---- round, with decimals ---------------------------------------------------------------

_round_op = Unary("round", U_ROUND, "same", _ident, allowed=NO_BOOL, kname="round_vml_cpu")
_round_op_ = Unary("round", U_ROUND, "same", _ident, inplace=True, allowed=NO_BOOL,
                   kname="round_vml_cpu")


def _round_decimals(a, decimals):
    """PyTorch's formula, in the input's own precision: rint(x * 10**d) / 10**d, or
    rint(x / 10**-d) * 10**-d for negative d."""
    if not a.is_floating_point():
        raise NotImplementedError(f"\"round_cpu\" not implemented for '{a._dtype.legacy_name}'")
    x = a.numpy_view()
    if x.dtype == np.float16:
        x = x.astype(np.float32)        # float16 runs in float32 (PyTorch's opmath type)
    with np.errstate(all="ignore"):
        if decimals > 0:
            p = x.dtype.type(10.0 ** decimals)
            r = np.rint(x * p) / p
        else:
            p = x.dtype.type(10.0 ** -decimals)
            r = np.rint(x / p) * p
    return r.astype(a._dtype.np, copy=False)


def round(input, *, decimals=0, out=None):
    if decimals == 0:
        return _round_op(input, out)
    return _store(_round_decimals(input, decimals), out, "round")


def round_(self, *, decimals=0):
    if decimals == 0:
        return _round_op_(self, None)
    check_out_aliasing(self)
    return copy_into(self, from_result(_round_decimals(self, decimals)))


def_op("round", round)
def_op("round_", round_, function=False)


# ---- float unary ops numpy or _special computes ------------------------------------------
# Note [Numpy-computed unary ops]: ops without a C loop in _loops run a numpy (or _special)
# function on the input cast to the compute dtype: the input's float dtype (float16 through
# float32, as PyTorch's opmath), or the default float for integers and bools.

from ._dtype import get_default_dtype, float64 as _float64  # noqa: E402
from . import _special  # noqa: E402


def _float_operand(x):
    """x's values as a numpy array to compute on, and the dtype of the result."""
    res = x._dtype if x.is_floating_point() else get_default_dtype()
    arr = x.numpy_view()
    work = np.float32 if res.np == np.float16 else res.np
    return arr.astype(work, copy=False), res


def _float_unary(name, fn):
    """The function (input, *args, out=None, **kwargs) and in-place method of a float unary op
    computed by fn(array, *args) (Note [Numpy-computed unary ops])."""
    def op(input, *args, out=None, **kwargs):
        require_tensor(input, name)
        arr, res = _float_operand(input)
        with np.errstate(all="ignore"):
            r = np.asarray(fn(arr, *args, **kwargs))
        return _store(r.astype(res.np, copy=False), out, name)
    op.__name__ = name
    return op, _inplace(op)


def _special_fn(kernel_name):
    def fn(arr):
        return _special.apply_unary(kernel_name, arr)
    return fn


def _logit(x, eps=None):
    if eps is not None:
        x = np.clip(x, eps, 1 - eps)
    return np.log(x / (1 - x))


for _name, _fn in [("sinc", np.sinc),     # sin(pi x) / (pi x), 1 at 0
                   ("deg2rad", lambda x: x * x.dtype.type(np.pi / 180)),
                   ("rad2deg", lambda x: x * x.dtype.type(180 / np.pi)),
                   ("erfc", _special_fn("erfc")), ("erfinv", _special_fn("erfinv")),
                   ("lgamma", _special_fn("lgamma")), ("digamma", _special_fn("digamma")),
                   ("logit", _logit)]:
    _op, _op_ = _float_unary(_name, _fn)
    def_op(_name, _op)
    def_op(_name + "_", _op_, function=False)


def _polygamma_args(n, input, name="polygamma"):
    """polygamma(n, input) as a function, input.polygamma(n) as a method: (n, tensor).
    As PyTorch's argument parser, `n` is an integer (an int 0-d tensor will do, no bool)."""
    if isinstance(n, TensorBase) and not isinstance(input, TensorBase):
        n, input = input, n
    integral = (not isinstance(n, (bool, float)) and hasattr(n, "__index__")
                and not (isinstance(n, TensorBase) and n.is_floating_point()))
    if not integral:
        raise TypeError(f"{name}(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    require_tensor(input, name, "input", 2)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return int(n), input


def _polygamma_array(arr, n):
    return _special.apply_polygamma(n, arr)


_polygamma_op, _ = _float_unary("polygamma", _polygamma_array)


def polygamma(n, input, *, out=None):
    n, input = _polygamma_args(n, input)
    return _polygamma_op(input, n, out=out)


def polygamma_(self, n):
    _polygamma_args(n, self, "polygamma_")
    return _inplace(lambda x: polygamma(n, x))(self)


def_op("polygamma", polygamma)
def_op("polygamma_", polygamma_, function=False)

# sgn is sign for real dtypes (it differs only for complex numbers)
_install_unary("sgn", U_SIGN, "same", _sign_int, (), ALL, None, None)


# ---- binary ops numpy computes -------------------------------------------------------------

def _xlogy(a, b, out, casting):
    # 0 * log(y) is 0 for any y but NaN, as in PyTorch (numpy would give nan for y == 0)
    r = np.where((a == 0) & ~np.isnan(b), 0, a * np.log(b))
    np.copyto(out, r, casting=casting)


def _logaddexp2(a, b, out, casting):
    np.logaddexp2(a, b, out=out, casting=casting)


_EXTRA_BINARY = [
    ("logaddexp", np.logaddexp, "promote", ALLOW_FLOAT),
    ("logaddexp2", _logaddexp2, "promote", ALLOW_FLOAT),
    ("xlogy", _xlogy, "float", ALL),
]


def _tensor_other(op, name):
    """PyTorch's logaddexp takes no Python number as `other`."""
    def fn(input, other, out=None):
        require_tensor(other, name, "other", 2)
        return op(input, other, out)
    return fn


for _name, _uf, _rule, _allowed in _EXTRA_BINARY:
    # PyTorch has xlogy_ but no logaddexp_/logaddexp2_
    for _inpl in (False, True) if _name == "xlogy" else (False,):
        _op = Binary(_name, -1, _uf, _rule, False, inplace=_inpl, allowed=_allowed)
        if _name != "xlogy":
            _op = _tensor_other(_op, _name)
        def_op(_name + "_" * _inpl, _op, function=not _inpl)


def _heaviside_ufunc(a, values, out, casting):
    r = np.where(a == 0, values, (a > 0).astype(a.dtype))
    np.copyto(out, r, casting=casting)


_heaviside_ops = {inpl: Binary("heaviside", -1, _heaviside_ufunc, "promote", False, inplace=inpl)
                  for inpl in (False, True)}


def _heaviside(inplace):
    def heaviside(input, values, *, out=None):
        require_tensor(input, "heaviside")
        require_tensor(values, "heaviside", "values", 2)
        if input._dtype is not values._dtype:
            raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
        return _heaviside_ops[inplace](input, values, out)
    return heaviside


def_op("heaviside", _heaviside(False))
def_op("heaviside_", _heaviside(True), function=False)


def float_power(input, exponent, *, out=None):
    """pow computed in float64, whatever the operands' dtypes (as PyTorch, which refuses
    an out= of any other dtype instead of casting into it)."""
    if isinstance(out, TensorBase) and out._dtype is not _float64:
        raise RuntimeError(f"the output given to float_power has dtype {out._dtype.legacy_name} "
                           "but the operation's result requires dtype Double")
    args = [call("to", (x, _float64), None) if isinstance(x, TensorBase) else x
            for x in (input, exponent)]
    return call("pow", tuple(args), None if out is None else {"out": out})


def float_power_(self, exponent):
    if self._dtype is not _float64:
        raise RuntimeError(f"the base given to float_power_ has dtype {self._dtype.legacy_name} "
                           "but the operation's result requires dtype Double")
    if isinstance(exponent, TensorBase):
        exponent = call("to", (exponent, _float64), None)
    return call("pow_", (self, exponent), None)


def_op("float_power", float_power)
def_op("float_power_", float_power_, function=False)


# ---- comparisons with tolerances --------------------------------------------------------

def _same_dtype(input, other):
    if input._dtype is not other._dtype:
        raise RuntimeError(f"{input._dtype.legacy_name} did not match {other._dtype.legacy_name}")


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    require_tensor(input, "isclose")
    require_tensor(other, "isclose", "other", 2)
    _same_dtype(input, other)
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol}")
    a, b = input.numpy_view(), other.numpy_view()
    if input._dtype.name == "bool":
        a, b = a.astype(np.int64), b.astype(np.int64)
    with np.errstate(all="ignore"):
        r = np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return from_result(r)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(isclose(input, other, rtol, atol, equal_nan).numpy_view().all())


def equal(input, other):
    """Same shape and the same values (compared after type promotion, as PyTorch 2.x)."""
    require_tensor(input, "equal")
    require_tensor(other, "equal", "other", 2)
    if input._shape != other._shape:
        return False
    return bool(np.array_equal(input.numpy_view(), other.numpy_view()))


def_op("isclose", isclose)
def_op("allclose", allclose)
def_op("equal", equal)


# ---- differences and integrals (composites of dispatched ops) ---------------------------

def _narrow(x, dim, start, length):
    return call("narrow", (x, dim, start, length), None)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    require_tensor(input, "diff")
    if input.dim() == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    extra = [x for x in (prepend, input, append) if x is not None]
    if len(extra) > 1:
        for name, x in (("prepend", prepend), ("append", append)):
            if x is not None:       # PyTorch takes no Python number here
                require_tensor(x, "diff", name, None)
                if x.dim() != input.dim():
                    raise RuntimeError("diff expects prepend or append to be the same dimension "
                                       "as input")
        input = call("cat", (extra, dim), None)
    sub = "logical_xor" if input._dtype.name == "bool" else "sub"
    for _ in range(n):
        length = input._shape[dim]
        if length == 0:
            break
        input = call(sub, (_narrow(input, dim, 1, length - 1), _narrow(input, dim, 0, length - 1)),
                     None)
    return input


def _trapezoid_checks(name, y, x, dx):
    require_tensor(y, name, "y")
    if y._dtype.name == "bool":
        raise RuntimeError(f"{name}: received a bool input for `y`, but bool is not supported")
    if x is not None and dx is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments: got both `x` "
                        "and `dx`")
    if isinstance(x, TensorBase) and x._dtype.name == "bool":
        raise RuntimeError(f"{name}: received a bool input for `x`, but bool is not supported")


def _spacing(y, x, dim):
    """The sample spacing of x along dim, shaped to broadcast against y's pairs (x may be
    1-d for an n-d y, as in PyTorch)."""
    dx = diff(x, dim=dim if x.dim() == y.dim() else -1)
    if x.dim() == 1 and y.dim() > 1:
        if x._shape[0] != y._shape[dim]:
            raise RuntimeError("trapezoid: There must be one `x` value for each sample point")
        shape = [1] * y.dim()
        shape[dim] = dx._shape[0]
        dx = call("view", (dx, tuple(shape)), None)
    return dx


def _pairs(y, dim):
    n = y._shape[dim]
    return call("add", (_narrow(y, dim, 1, n - 1), _narrow(y, dim, 0, n - 1)), None)


def trapezoid(y, x=None, *, dx=None, dim=-1):
    _trapezoid_checks("trapezoid", y, x, dx)
    if y._shape[dim] == 0:
        # no intervals: zeros of the reduced shape, in the result dtype
        return call("sum", (call("mul", (y, 0.5), None), dim), None)
    if isinstance(x, TensorBase):
        return call("div", (call("sum", (call("mul", (_spacing(y, x, dim), _pairs(y, dim)), None),
                                         dim), None), 2.0), None)
    step = 1 if dx is None and x is None else (dx if dx is not None else x)
    # PyTorch's form: (sum - (first + last) / 2) * dx
    ends = call("add", (call("select", (y, dim, 0), None), call("select", (y, dim, -1), None)),
                None)
    inner = call("sub", (call("sum", (y, dim), None), call("mul", (ends, 0.5), None)), None)
    return call("mul", (inner, step), None)


def trapz(y, x=None, *, dx=None, dim=-1):
    # torch.trapz(y, x, dim=-1) and torch.trapz(y, *, dx=1, dim=-1)
    if x is not None and not isinstance(x, TensorBase):
        dx, x = x, None
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    _trapezoid_checks("cumulative_trapezoid", y, x, dx)
    n = y._shape[dim]
    if n == 0:
        return call("mul", (y, 0.5), None)
    pairs = _pairs(y, dim)
    if isinstance(x, TensorBase):
        return call("div", (call("cumsum", (call("mul", (_spacing(y, x, dim), pairs), None), dim),
                                 None), 2.0), None)
    step = 1 if dx is None else dx
    return call("cumsum", (call("mul", (pairs, step / 2.0), None), dim), None)


def_op("diff", diff)
def_op("trapezoid", trapezoid, method=False)
def_op("trapz", trapz, method=False)
def_op("cumulative_trapezoid", cumulative_trapezoid, method=False)


# ---- softmax and log_softmax ----------------------------------------------------------------

def softmax_input(name, input, dim, dtype):
    """(input in `dtype`, the wrapped dim) after PyTorch's checks of softmax / log_softmax
    (`name`); the cuda backend checks with this too."""
    require_tensor(input, name)
    if dtype is not None:
        input = call("to", (input, dtype), None)
    d = wrap_dim(dim, input.dim())
    if not input.is_floating_point():
        last = "lastdim_" if d == max(input.dim() - 1, 0) else ""
        raise NotImplementedError(f"\"{name}_{last}kernel_impl\" not implemented for "
                                  f"'{input._dtype.legacy_name}'")
    return input, d


def _softmax(name, input, dim, dtype, out, take_log):
    input, d = softmax_input(name, input, dim, dtype)
    x = input.numpy_view()
    # the row kernel wants the softmax dim last and contiguous; float16 runs in float32
    last = d >= x.ndim - 1
    work = np.float32 if x.dtype == np.float16 else x.dtype
    rows = np.ascontiguousarray(x.reshape(1) if not x.ndim else x if last else x.swapaxes(d, -1),
                                dtype=work)
    r = softmax_lastdim(rows, take_log)
    r = r.reshape(input._shape) if last else r.swapaxes(d, -1)
    return _store(r.astype(input._dtype.np, copy=False), out, name)


def softmax(input, dim, dtype=None, *, out=None):
    return _softmax("softmax", input, dim, dtype, out, False)


def log_softmax(input, dim, dtype=None, *, out=None):
    return _softmax("log_softmax", input, dim, dtype, out, True)


def_op("softmax", softmax)
def_op("log_softmax", log_softmax)
