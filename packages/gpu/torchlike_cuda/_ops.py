"""The CUDA column of the op table: one C expression per elementwise op and one combine rule
per reduction, keyed by the core's op names (the rows of torchlike_core._ops_elementwise).

Note [CUDA op table]: an elementwise entry is `Op(rule, exprs)`:
- `rule` says how the result dtype follows from the promoted dtype of the operands, with
  the core's words: "promote" (the promoted dtype), "float" (integers and bools give the
  default float), "compare" (bool result, computed in the promoted dtype), "logical" (bool
  result, operands tested for non-zero). tests/cuda/test_codegen.py checks these against
  the core's UNARY/BINARY tables, so the two cannot drift.
- `exprs` maps a compute category to a C expression: "f" (float16/float32/float64, computed
  in float for float16 and double for float64), "i" (integers), "b" (bool). A category that
  is missing is not supported for that op (as the core's `allowed` categories). The
  expression names its operands {a}, {b}, {c}, {d}, already converted to the compute type
  {T}; helpers `tl_*` live in _codegen.PRELUDE. {R}(x) rounds x to the output's precision
  where PyTorch computes a step in float16 (identity for other outputs).
"""
from collections import namedtuple

Op = namedtuple("Op", "rule exprs")
Reduction = namedtuple("Reduction", "identity combine acc out finalize")

_F, _I, _B = "f", "i", "b"


def _all(expr):
    return {_F: expr, _I: expr, _B: expr}


def _float(expr):
    return {_F: expr}


def _numeric(expr):
    return {_F: expr, _I: expr}


UNARY = {
    "copy": Op("promote", _all("{a}")),
    "neg": Op("promote", _numeric("-{a}")),
    "abs": Op("promote", {_F: "fabs({a})", _I: "({a} < 0 ? -{a} : {a})"}),
    "sign": Op("promote", {_F: "tl_sign({a})", _I: "({T})(({a} > 0) - ({a} < 0))", _B: "{a}"}),
    "sgn": Op("promote", {_F: "tl_sign({a})", _I: "({T})(({a} > 0) - ({a} < 0))", _B: "{a}"}),
    "relu": Op("promote", {_F: "({a} != {a} ? {a} : ({a} > 0 ? {a} : ({T})0))",
                           _I: "({a} > 0 ? {a} : ({T})0)"}),
    "floor": Op("promote", {_F: "floor({a})", _I: "{a}"}),
    "ceil": Op("promote", {_F: "ceil({a})", _I: "{a}"}),
    "trunc": Op("promote", {_F: "trunc({a})", _I: "{a}"}),
    "round": Op("promote", {_F: "rint({a})", _I: "{a}"}),
    "frac": Op("promote", _float("({a} - trunc({a}))")),
    "bitwise_not": Op("promote", {_I: "(~{a})", _B: "(!{a})"}),
    "logical_not": Op("logical", _all("(!{a})")),
    "isnan": Op("compare", {_F: "({a} != {a})", _I: "false", _B: "false"}),
    "isinf": Op("compare", {_F: "isinf({a})", _I: "false", _B: "false"}),
    "isfinite": Op("compare", {_F: "isfinite({a})", _I: "true", _B: "true"}),
    "isposinf": Op("compare", {_F: "(isinf({a}) && {a} > 0)", _I: "false", _B: "false"}),
    "isneginf": Op("compare", {_F: "(isinf({a}) && {a} < 0)", _I: "false", _B: "false"}),
    "reciprocal": Op("float", _float("(({T})1 / {a})")),
    "rsqrt": Op("float", _float("rsqrt({a})")),
    "sigmoid": Op("float", _float("(({T})1 / (({T})1 + exp(-{a})))")),
    "deg2rad": Op("float", _float("({a} * ({T})0.017453292519943295)")),
    "rad2deg": Op("float", _float("({a} * ({T})57.29577951308232)")),
    "sinc": Op("float", _float("tl_sinc({a})")),
    "logit": Op("float", _float("log({a} / (({T})1 - {a}))")),
}
for _name in ("exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "sin", "cos",
              "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "erf", "erfc", "erfinv",
              "lgamma"):
    UNARY[_name] = Op("float", _float(f"{_name}({{a}})"))

BINARY = {
    "add": Op("promote", _all("({a} + {b})")),
    "sub": Op("promote", _numeric("({a} - {b})")),
    "mul": Op("promote", {_F: "({a} * {b})", _I: "({a} * {b})", _B: "({a} && {b})"}),
    "true_divide": Op("float", _float("({a} / {b})")),
    "div": Op("float", _float("({a} / {b})")),
    "floor_divide": Op("promote", {_F: "tl_floordiv_f({a}, {b})", _I: "tl_floordiv_i({a}, {b})"}),
    # PyTorch rounds a float16 quotient to float16 before truncating it
    "trunc_divide": Op("promote", {_F: "trunc({R}({a} / {b}))", _I: "tl_truncdiv_i({a}, {b})"}),
    "remainder": Op("promote", {_F: "tl_remainder_f({a}, {b})", _I: "tl_remainder_i({a}, {b})"}),
    "fmod": Op("promote", {_F: "fmod({a}, {b})", _I: "({b} == 0 ? ({T})0 : {a} % {b})"}),
    "pow": Op("promote", {_F: "pow({a}, {b})", _I: "tl_ipow({a}, {b})"}),
    "atan2": Op("float", _float("atan2({a}, {b})")),
    "maximum": Op("promote", {_F: "tl_maximum({a}, {b})", _I: "({a} > {b} ? {a} : {b})",
                              _B: "({a} || {b})"}),
    "minimum": Op("promote", {_F: "tl_minimum({a}, {b})", _I: "({a} < {b} ? {a} : {b})",
                              _B: "({a} && {b})"}),
    "fmax": Op("promote", {_F: "fmax({a}, {b})", _I: "({a} > {b} ? {a} : {b})",
                           _B: "({a} || {b})"}),
    "fmin": Op("promote", {_F: "fmin({a}, {b})", _I: "({a} < {b} ? {a} : {b})",
                           _B: "({a} && {b})"}),
    "hypot": Op("promote", _float("hypot({a}, {b})")),
    "copysign": Op("float", _float("copysign({a}, {b})")),
    "eq": Op("compare", _all("({a} == {b})")),
    "ne": Op("compare", _all("({a} != {b})")),
    "lt": Op("compare", _all("({a} < {b})")),
    "le": Op("compare", _all("({a} <= {b})")),
    "gt": Op("compare", _all("({a} > {b})")),
    "ge": Op("compare", _all("({a} >= {b})")),
    "logical_and": Op("logical", _all("({a} && {b})")),
    "logical_or": Op("logical", _all("({a} || {b})")),
    "logical_xor": Op("logical", _all("((!{a}) != (!{b}))")),
    "bitwise_and": Op("promote", {_I: "({a} & {b})", _B: "({a} && {b})"}),
    "bitwise_or": Op("promote", {_I: "({a} | {b})", _B: "({a} || {b})"}),
    "bitwise_xor": Op("promote", {_I: "({a} ^ {b})", _B: "({a} != {b})"}),
    "bitwise_left_shift": Op("promote", {_I: "tl_shl({a}, {b})"}),
    "bitwise_right_shift": Op("promote", {_I: "tl_shr({a}, {b})"}),
    "logaddexp": Op("promote", _float("tl_logaddexp({a}, {b})")),
    "logaddexp2": Op("promote", _float("tl_logaddexp2({a}, {b})")),
    "xlogy": Op("float", _float("(({a} == 0 && {b} == {b}) ? ({T})0 : {a} * log({b}))")),
    "heaviside": Op("promote", {_F: "({a} == 0 ? {b} : ({T})({a} > 0))",
                                _I: "({a} == 0 ? {b} : ({T})({a} > 0))", _B: "({a} || {b})"}),
    "clamp_min": Op("promote", _numeric("({a} < {b} ? {b} : {a})")),
    "clamp_max": Op("promote", _numeric("({a} > {b} ? {b} : {a})")),
}

# Ternary (and wider) ops: operand 0 of `where` is the condition, loaded as bool.
TERNARY = {
    "where": Op("promote", _all("({a} ? {b} : {c})")),
    "clamp": Op("promote", _numeric("tl_clamp({a}, {b}, {c})")),
    # PyTorch's formula, exact at both ends (`end` itself at weight 1)
    "lerp": Op("promote", _float("(fabs({c}) < ({T})0.5 ? {a} + {c} * ({b} - {a}) "
                                 ": {b} - ({b} - {a}) * (({T})1 - {c}))")),
    "addcmul": Op("promote", _numeric("({a} + {d} * {b} * {c})")),
    "addcdiv": Op("promote", _float("({a} + {d} * ({b} / {c}))")),
    # add(a, b, alpha=c) and sub: c does not take part in promotion (UNPROMOTED_OPERAND)
    "add_alpha": Op("promote", {_F: "({a} + {c} * {b})", _I: "({a} + {c} * {b})",
                                _B: "({a} || ({c} && {b}))"}),
    "sub_alpha": Op("promote", _numeric("({a} - {c} * {b})")),
    # nan_to_num(a, nan, posinf, neginf), for floats only (integers hold neither)
    "nan_to_num": Op("promote", _float("({a} != {a} ? {b} : (isinf({a}) ? ({a} > 0 ? {c} : {d}) "
                                       ": {a}))")),
}
# Operands that do not take part in dtype promotion, with the dtype they are computed in
# (None: the op's compute dtype): `where`'s condition, the alpha of add and sub, and the
# value of addcmul and addcdiv.
UNPROMOTED_OPERAND = {"where": (0, "bool"), "add_alpha": (2, None), "sub_alpha": (2, None),
                      "addcmul": (3, None), "addcdiv": (3, None)}


def _table():
    out = {name: (1, op) for name, op in UNARY.items()}
    out.update({name: (2, op) for name, op in BINARY.items()})
    out.update({name: (4 if name in ("addcmul", "addcdiv", "nan_to_num") else 3, op)
                for name, op in TERNARY.items()})
    return out


_TABLE = _table()      # built once: every elementwise launch reads it


def table():
    """Every elementwise op: name -> (arity, Op)."""
    return _TABLE


# Reductions. `acc` maps an input dtype to the accumulation dtype ("same": the input's, with
# float16 accumulated in float32); `out` maps it to the result dtype. Max/min propagate NaN.
# Arg reductions (argmax/argmin, and max/min with a dim) carry (value, index) pairs and
# combine with tl_arg_better (Note [Arg reductions] in _codegen.py).
def _sum_acc(dt):
    return "int64" if dt in ("bool", "uint8", "int8", "int16", "int32", "int64") else (
        "float64" if dt == "float64" else "float32")


def _float_acc(dt):
    return "float64" if dt == "float64" else "float32"


def _same(dt):
    return dt


def _keep_float(dt):
    return "float32" if dt == "float16" else dt


def _sum_out(dt):
    return "int64" if _sum_acc(dt) == "int64" else dt


def _logical_out(dt):
    return "uint8" if dt == "uint8" else "bool"


REDUCTIONS = {
    "sum": Reduction("0", "({x} + {y})", _sum_acc, _sum_out, None),
    "mean": Reduction("0", "({x} + {y})", _float_acc, _same, "({x} / ({T})count)"),
    "prod": Reduction("1", "({x} * {y})", _sum_acc, _sum_out, None),
    "amax": Reduction("tl_lowest<{T}>()", "tl_maximum({x}, {y})", _keep_float, _same, None),
    "amin": Reduction("tl_highest<{T}>()", "tl_minimum({x}, {y})", _keep_float, _same, None),
    "all": Reduction("true", "({x} && {y})", lambda dt: "bool", _logical_out, None),
    "any": Reduction("false", "({x} || {y})", lambda dt: "bool", _logical_out, None),
}
# (value, index) reductions: name -> True for max-like, False for min-like
ARG_REDUCTIONS = {"argmax": True, "argmin": False, "max": True, "min": False}


def result_and_compute(op, promoted, default_float="float32"):
    """(result dtype, compute dtype) of elementwise `op` on operands promoted to `promoted`
    (Note [CUDA op table]); the compute dtype is never float16 (computed in float32)."""
    rule = table()[op][1].rule
    floats = ("float16", "float32", "float64")
    if rule == "float" and promoted not in floats:
        return default_float, default_float
    compute = "float32" if promoted == "float16" else promoted
    if rule in ("compare", "logical"):
        return "bool", ("bool" if rule == "logical" else compute)
    return promoted, compute
