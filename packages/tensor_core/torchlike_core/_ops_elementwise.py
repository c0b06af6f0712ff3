"""The elementwise op table: one line per op (see _elementwise.pyx for the drivers)."""
import numpy as np

from ._elementwise import Binary, Unary, copy_into
from ._registry import def_op
from ._dispatch import call
from ._tensor import TensorBase

# Mirrors of the C enums in _loops.pxd (Cython enums are not visible from Python).
B_ADD, B_SUB, B_MUL, B_DIV, B_MAXIMUM, B_MINIMUM = range(6)
(U_NEG, U_ABS, U_EXP, U_EXP2, U_EXPM1, U_LOG, U_LOG2, U_LOG10, U_LOG1P, U_SQRT, U_RSQRT,
 U_RECIPROCAL, U_SIN, U_COS, U_TAN, U_ASIN, U_ACOS, U_ATAN, U_SINH, U_COSH, U_TANH,
 U_SIGMOID, U_RELU, U_ERF, U_FLOOR, U_CEIL, U_ROUND, U_TRUNC, U_FRAC, U_SIGN) = range(30)

_ident = np.positive

# name, C loop, rule ('float': ints become the default float), numpy function for ints
UNARY = [
    ("neg", U_NEG, "same", np.negative, ("negative",)),
    ("abs", U_ABS, "same", np.abs, ("absolute",)),
    ("sign", U_SIGN, "same", np.sign, ()),
    ("exp", U_EXP, "float", None, ()),
    ("exp2", U_EXP2, "float", None, ()),
    ("expm1", U_EXPM1, "float", None, ()),
    ("log", U_LOG, "float", None, ()),
    ("log2", U_LOG2, "float", None, ()),
    ("log10", U_LOG10, "float", None, ()),
    ("log1p", U_LOG1P, "float", None, ()),
    ("sqrt", U_SQRT, "float", None, ()),
    ("rsqrt", U_RSQRT, "float", None, ()),
    ("reciprocal", U_RECIPROCAL, "float", None, ()),
    ("sin", U_SIN, "float", None, ()),
    ("cos", U_COS, "float", None, ()),
    ("tan", U_TAN, "float", None, ()),
    ("asin", U_ASIN, "float", None, ("arcsin",)),
    ("acos", U_ACOS, "float", None, ("arccos",)),
    ("atan", U_ATAN, "float", None, ("arctan",)),
    ("sinh", U_SINH, "float", None, ()),
    ("cosh", U_COSH, "float", None, ()),
    ("tanh", U_TANH, "float", None, ()),
    ("sigmoid", U_SIGMOID, "float", None, ()),
    ("relu", U_RELU, "same", lambda x: np.maximum(x, 0), ()),
    ("erf", U_ERF, "float", None, ()),
    ("floor", U_FLOOR, "same", _ident, ()),
    ("ceil", U_CEIL, "same", _ident, ()),
    ("trunc", U_TRUNC, "same", _ident, ("fix",)),
    ("frac", U_FRAC, "float_only", None, ()),
]

# name, C loop (-1: numpy only), numpy ufunc, rule, integer zero check, aliases, dunder names
BINARY = [
    ("add", B_ADD, np.add, "promote", False, ()),
    ("sub", B_SUB, np.subtract, "promote", False, ("subtract",)),
    ("mul", B_MUL, np.multiply, "promote", False, ("multiply",)),
    ("true_divide", B_DIV, np.divide, "float", False, ()),
    ("floor_divide", -1, np.floor_divide, "promote", True, ()),
    ("remainder", -1, np.remainder, "promote", True, ()),
    ("fmod", -1, np.fmod, "promote", True, ()),
    ("pow", -1, np.power, "promote", False, ()),
    ("atan2", -1, np.arctan2, "float", False, ("arctan2",)),
    ("maximum", B_MAXIMUM, np.maximum, "promote", False, ()),
    ("minimum", B_MINIMUM, np.minimum, "promote", False, ()),
    ("fmax", -1, np.fmax, "promote", False, ()),
    ("fmin", -1, np.fmin, "promote", False, ()),
    ("hypot", -1, np.hypot, "float", False, ()),
    ("eq", -1, np.equal, "compare", False, ()),
    ("ne", -1, np.not_equal, "compare", False, ("not_equal",)),
    ("lt", -1, np.less, "compare", False, ("less",)),
    ("le", -1, np.less_equal, "compare", False, ("less_equal",)),
    ("gt", -1, np.greater, "compare", False, ("greater",)),
    ("ge", -1, np.greater_equal, "compare", False, ("greater_equal",)),
    ("logical_and", -1, np.logical_and, "logical", False, ()),
    ("logical_or", -1, np.logical_or, "logical", False, ()),
    ("logical_xor", -1, np.logical_xor, "logical", False, ()),
    ("bitwise_and", -1, np.bitwise_and, "bitwise", False, ()),
    ("bitwise_or", -1, np.bitwise_or, "bitwise", False, ()),
    ("bitwise_xor", -1, np.bitwise_xor, "bitwise", False, ()),
    ("bitwise_left_shift", -1, np.left_shift, "bitwise", False, ()),
    ("bitwise_right_shift", -1, np.right_shift, "bitwise", False, ()),
]

# Ops that PyTorch refuses on bool tensors, with its messages.
_BOOL_ERRORS = {
    "neg": "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
           "invert a mask, use the `~` or `logical_not()` operator instead.",
}
_SUB_BOOL = ("Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
             "trying to invert a mask, use the `~` or `logical_not()` operator instead.")
_SUB_BOOLS = ("Subtraction, the `-` operator, with two bool tensors is not supported. Use the "
              "`^` or `logical_xor()` operator instead.")


def _is_bool(x):
    return isinstance(x, TensorBase) and x._dtype.name == "bool" or isinstance(x, bool)


def _install_unary(name, c_op, rule, int_fn, aliases):
    op, op_ = Unary(name, c_op, rule, int_fn), Unary(name, c_op, rule, int_fn, inplace=True)
    msg = _BOOL_ERRORS.get(name)
    if msg:
        plain, plain_ = op, op_

        def op(a, out=None):
            if _is_bool(a):
                raise RuntimeError(msg)
            return plain(a, out)

        def op_(a):
            if _is_bool(a):
                raise RuntimeError(msg)
            return plain_(a)
    def_op(name, op, aliases=aliases)
    def_op(name + "_", op_, function=False, aliases=tuple(a + "_" for a in aliases))


for _entry in UNARY:
    _install_unary(*_entry)


def _with_alpha(op, name):
    """add/sub take alpha: a + alpha * b."""
    def kernel(a, b, *, alpha=1, out=None):
        if name == "sub" and (_is_bool(a) or _is_bool(b)):
            raise RuntimeError(_SUB_BOOLS if _is_bool(a) and _is_bool(b) else _SUB_BOOL)
        if alpha != 1:
            if isinstance(alpha, float) and not (_is_float(a) or _is_float(b)):
                raise RuntimeError("For integral input tensors, argument alpha must not be a "
                                   "floating point number.")
            b = call("mul", (b, alpha), None) if isinstance(b, TensorBase) else b * alpha
        return op(a, b, out)
    kernel.__name__ = name
    return kernel


def _is_float(x):
    return isinstance(x, TensorBase) and x.is_floating_point() or isinstance(x, float)


for _name, _c, _uf, _rule, _zero, _aliases in BINARY:
    _op = Binary(_name, _c, _uf, _rule, _zero)
    _op_ = Binary(_name, _c, _uf, _rule, _zero, inplace=True)
    if _name in ("add", "sub"):
        _op, _op_ = _with_alpha(_op, _name), _with_alpha(_op_, _name + "_")
    def_op(_name, _op, aliases=_aliases)
    def_op(_name + "_", _op_, function=False, aliases=tuple(a + "_" for a in _aliases))


# ---- ops built from the table's entries ------------------------------------------------

_true_div = Binary("div", B_DIV, np.divide, "float", False)
_true_div_ = Binary("div", B_DIV, np.divide, "float", False, inplace=True)
_trunc_div = Binary("div", -1, lambda a, b, out, casting: np.trunc(np.divide(a, b), out=out, casting=casting)
                    if out.dtype.kind == "f" else _int_trunc_div(a, b, out), "promote", True)
_trunc_div_ = Binary("div", -1, _trunc_div.ufunc, "promote", True, inplace=True)
_floor_div = Binary("div", -1, np.floor_divide, "promote", True)
_floor_div_ = Binary("div", -1, np.floor_divide, "promote", True, inplace=True)


def _int_trunc_div(a, b, out):
    q = np.floor_divide(a, b)
    q += ((np.remainder(a, b) != 0) & ((a < 0) != (b < 0))).astype(q.dtype)
    np.copyto(out, q, casting="unsafe")


def _div_kernel(plain, trunc, floor):
    def div(a, b, *, rounding_mode=None, out=None):
        if rounding_mode is None:
            return plain(a, b, out)
        if rounding_mode == "trunc":
            return trunc(a, b, out)
        if rounding_mode == "floor":
            return floor(a, b, out)
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                           f"found '{rounding_mode}'")
    return div


def_op("div", _div_kernel(_true_div, _trunc_div, _floor_div), aliases=("divide",))
def_op("div_", _div_kernel(_true_div_, _trunc_div_, _floor_div_), function=False,
       aliases=("divide_",))


def rsub(a, b, *, alpha=1):
    return call("sub", (b, a), {"alpha": alpha} if alpha != 1 else None) \
        if isinstance(b, TensorBase) else call("add", (call("mul", (a, -alpha), None), b), None)


def_op("rsub", rsub)


def rdiv(a, b):
    return call("mul", (call("reciprocal", (a,), None), b), None)


def_op("rdiv", rdiv, function=False, method=False)


def _logical_not(a, out=None):
    r = np.logical_not(a.numpy_view())
    return _store(r, a, out, "logical_not")


def _bitwise_not(a, out=None):
    if a.is_floating_point():
        raise RuntimeError(f"\"bitwise_not_cpu\" not implemented for '{a.dtype.legacy_name}'")
    return _store(np.invert(a.numpy_view()), a, out, "bitwise_not")


def _store(result, like, out, name):
    from ._numpy_bridge import from_numpy
    t = from_numpy(np.ascontiguousarray(result))
    if out is None:
        return t
    from ._elementwise import resize_out
    if out.shape != t.shape:
        resize_out(out, t._shape)
    return copy_into(out, t)


def_op("logical_not", _logical_not)
def_op("logical_not_", lambda a: copy_into(a, _logical_not(a)), function=False)
def_op("bitwise_not", _bitwise_not)
def_op("bitwise_not_", lambda a: copy_into(a, _bitwise_not(a)), function=False)


def _round(a, *, decimals=0, out=None):
    if decimals == 0:
        return _round_op(a, out)
    scale = 10.0 ** decimals
    return call("div", (_round_op(call("mul", (a, scale), None), None), scale), None)


_round_op = Unary("round", U_ROUND, "same", _ident)
def_op("round", _round)
def_op("round_", lambda a, *, decimals=0: copy_into(a, _round(a, decimals=decimals)), function=False)
