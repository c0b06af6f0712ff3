"""Derivatives, one entry per op: `F(op, node name, backward, save)`.

`backward(ctx, grad, *args, **kwargs)` receives the op's own arguments (tensors unpacked
from what was saved: `save="args"`; otherwise None in their place), `ctx.result` when
`save="result"`, `ctx.shapes`/`ctx.needs` per positional argument. It returns one gradient
per positional argument (None where there is none); the node sums each back to its
input's shape (Note [Gradient shapes]). Formulas use differentiable tensor ops only, so
create_graph=True gives higher-order gradients.
"""
import math


import torchlike_core as T
from torchlike_core._tensor import TensorBase

from ._record import FORMULAS, NON_DIFFERENTIABLE, COMPOSITE, Formula

# Kernels made of other dispatched ops: recording those ops records these.
COMPOSITE.update({"rdiv", "einsum", "hstack", "vstack", "dstack", "column_stack", "tile",
                  "fliplr", "flipud", "swapaxes", "swapdims", "moveaxis", "var_mean",
                  "std_mean", "aminmax", "inner", "row_stack"})


def F(op, node, backward, save=None, inplace=True, outputs=None, pick=None):
    """Add op's formula (and its in-place twin `op_`, which shares it)."""
    for name in (op, op + "_") if inplace else (op,):
        FORMULAS[name] = Formula(name, node, backward, save_args=save in ("args", "both"),
                                 save_result=save in ("result", "both"), outputs=outputs,
                                 pick=pick)


def _is_t(x):
    return isinstance(x, TensorBase)


# ---- unary ---------------------------------------------------------------------------
LN2, LN10 = math.log(2.0), math.log(10.0)
F("neg", "NegBackward0", lambda c, g, a: (-g,))
F("abs", "AbsBackward0", lambda c, g, a: (g * a.sign(),), "args")
F("sign", "SignBackward0", lambda c, g, a: (g * 0,))
F("exp", "ExpBackward0", lambda c, g, a: (g * c.result,), "result")
F("exp2", "Exp2Backward0", lambda c, g, a: (g * c.result * LN2,), "result")
F("expm1", "Expm1Backward0", lambda c, g, a: (g * (c.result + 1),), "result")
F("log", "LogBackward0", lambda c, g, a: (g / a,), "args")
F("log2", "Log2Backward0", lambda c, g, a: (g / (a * LN2),), "args")
F("log10", "Log10Backward0", lambda c, g, a: (g / (a * LN10),), "args")
F("log1p", "Log1PBackward0", lambda c, g, a: (g / (a + 1),), "args")
F("sqrt", "SqrtBackward0", lambda c, g, a: (g / (2 * c.result),), "result")
F("rsqrt", "RsqrtBackward0", lambda c, g, a: (-0.5 * g * c.result ** 3,), "result")
F("reciprocal", "ReciprocalBackward0", lambda c, g, a: (-g * c.result * c.result,), "result")
F("sin", "SinBackward0", lambda c, g, a: (g * a.cos(),), "args")
F("cos", "CosBackward0", lambda c, g, a: (-g * a.sin(),), "args")
F("tan", "TanBackward0", lambda c, g, a: (g * (1 + c.result * c.result),), "result")
F("asin", "AsinBackward0", lambda c, g, a: (g * (1 - a * a).rsqrt(),), "args")
F("acos", "AcosBackward0", lambda c, g, a: (-g * (1 - a * a).rsqrt(),), "args")
F("atan", "AtanBackward0", lambda c, g, a: (g / (1 + a * a),), "args")
F("sinh", "SinhBackward0", lambda c, g, a: (g * a.cosh(),), "args")
F("cosh", "CoshBackward0", lambda c, g, a: (g * a.sinh(),), "args")
F("tanh", "TanhBackward0", lambda c, g, a: (g * (1 - c.result * c.result),), "result")
F("sigmoid", "SigmoidBackward0", lambda c, g, a: (g * c.result * (1 - c.result),), "result")
# relu's result is >= 0 (or NaN), so its sign is the 0/1 mask (0 at NaN, as PyTorch's
# threshold_backward), in the gradient's dtype: no bool tensor to promote
F("relu", "ReluBackward0", lambda c, g, a: (g * c.result.sign(),), "result")
F("erf", "ErfBackward0",
  lambda c, g, a: (g * (2 / math.sqrt(math.pi)) * (-(a * a)).exp(),), "args")
for _op in ("floor", "ceil", "round", "trunc"):
    F(_op, _op.capitalize() + "Backward0", lambda c, g, a, **kw: (g * 0,))
F("frac", "FracBackward0", lambda c, g, a: (g,))
F("square", "PowBackward0", lambda c, g, a: (2 * g * a,), "args")
F("nan_to_num", "NanToNumBackward0", lambda c, g, a, *r, **kw: (g * a.isfinite(),), "args")

# ---- binary --------------------------------------------------------------------------


def _scaled(g, alpha):
    return g if alpha == 1 else g * alpha


F("add", "AddBackward0", lambda c, g, a, b, alpha=1: (g, _scaled(g, alpha)))
F("sub", "SubBackward0", lambda c, g, a, b, alpha=1: (g, -_scaled(g, alpha)))
F("rsub", "RsubBackward1", lambda c, g, a, b, alpha=1: (-_scaled(g, alpha), g), inplace=False)
F("mul", "MulBackward0",
  lambda c, g, a, b: (g * b if c.needs[0] else None, g * a if c.needs[1] else None), "args")


def _div(c, g, a, b, rounding_mode=None):
    if rounding_mode is not None:
        return (g * 0, g * 0 if _is_t(b) else None)
    ga = g / b if c.needs[0] else None
    gb = -g * a / (b * b) if c.needs[1] else None
    return ga, gb


F("div", "DivBackward0", _div, "args")
F("true_divide", "DivBackward0", _div, "args")


def _pow(c, g, a, b):
    ga = gb = None
    if c.needs[0]:
        if _is_t(b):        # x ** 0 has gradient 0 also at x == 0 (not 0 * 0 ** -1)
            ga = T.where(b == 0, T.zeros_like(g), g * b * a ** (b - 1))
        else:
            ga = g * b * a ** (b - 1) if b != 0 else g * 0
    if len(c.needs) > 1 and c.needs[1]:
        base = a if _is_t(a) else T.tensor(a, dtype=g.dtype)
        # a zero base contributes 0 (PyTorch's rule for exponents >= 0); log(1) there keeps
        # NaN out of both this gradient and its own
        gb = g * c.result * T.where(base == 0, T.ones_like(base), base).log()
    return ga, gb


F("pow", ("PowBackward0", "PowBackward1", "PowBackward2"), _pow, "both",
  pick=lambda args, kw: 2 if not _is_t(args[0]) else 1 if _is_t(args[1]) else 0)


def _maxmin(c, g, a, b):
    # ties share the gradient equally, as PyTorch's maximum/minimum
    win_a = (a > b) if c.node.name() == "MaximumBackward0" else (a < b)
    tie = a == b
    wa = win_a + tie * 0.5
    return (g * wa if c.needs[0] else None,
            g * (1 - wa) if len(c.needs) > 1 and c.needs[1] else None)


F("maximum", "MaximumBackward0", _maxmin, "args")
F("minimum", "MinimumBackward0", _maxmin, "args")
F("fmax", "MaximumBackward0", _maxmin, "args")
F("fmin", "MinimumBackward0", _maxmin, "args")
F("atan2", "Atan2Backward0",
  lambda c, g, a, b: (g * b / (a * a + b * b), -g * a / (a * a + b * b)), "args")
F("hypot", "HypotBackward0", lambda c, g, a, b: (g * a / c.result, g * b / c.result), "both")
F("remainder", "RemainderBackward0",
  lambda c, g, a, b: (g, -g * T.div(a, b, rounding_mode="floor") if _is_t(b) else None), "args")
F("fmod", "FmodBackward0",
  lambda c, g, a, b: (g, -g * T.div(a, b, rounding_mode="trunc") if _is_t(b) else None), "args")
F("floor_divide", "FloorDivideBackward0", lambda c, g, a, b: (g * 0, None))

# ---- ternary -------------------------------------------------------------------------
F("where", "WhereBackward0",
  lambda c, g, cond, a, b: (None, T.where(cond, g, 0.0), T.where(cond, 0.0, g)), "args",
  inplace=False)


def _clamp(c, g, a, min=None, max=None):
    keep = T.ones_like(a, dtype=T.bool)
    if min is not None:
        keep = keep & (a >= min)
    if max is not None:
        keep = keep & (a <= max)
    ga = g * keep
    gmin = g * (a < min) if _is_t(min) else None
    gmax = g * (a > max) if _is_t(max) else None
    return ga, gmin, gmax


F("clamp", "ClampBackward1", _clamp, "args")
F("clip", "ClampBackward1", _clamp, "args")
F("clamp_min", "ClampMinBackward0", lambda c, g, a, m: (g * (a >= m), g * (a < m) if _is_t(m) else None), "args")
F("clamp_max", "ClampMaxBackward0", lambda c, g, a, m: (g * (a <= m), g * (a > m) if _is_t(m) else None), "args")
F("lerp", "LerpBackward0",
  lambda c, g, a, b, w: (g * (1 - w), g * w, g * (b - a) if _is_t(w) else None), "args")
F("addcmul", "AddcmulBackward0",
  lambda c, g, a, t1, t2, value=1: (g, g * value * t2, g * value * t1), "args")
F("addcdiv", "AddcdivBackward0",
  lambda c, g, a, t1, t2, value=1: (g, g * value / t2, -g * value * t1 / (t2 * t2)), "args")

# ---- reductions ----------------------------------------------------------------------


def _dims(dim, ndim):
    if dim is None:
        return list(range(ndim))
    dims = list(dim) if isinstance(dim, (list, tuple)) else [dim]
    return sorted(d % ndim if ndim else 0 for d in dims)


def _unreduce(g, shape, dim, keepdim):
    """g of a reduction, broadcast back to the input's shape."""
    if dim is None:
        return g.expand(shape)       # a 0-d g expands to any shape
    if not keepdim and len(shape):
        for d in _dims(dim, len(shape)):
            g = g.unsqueeze(d)
    return g.expand(shape)


def _count(shape, dim):
    n = 1
    for d in _dims(dim, len(shape)):
        n *= shape[d] if len(shape) else 1
    return n


F("sum", ("SumBackward0", "SumBackward1"),
  lambda c, g, a, dim=None, keepdim=False, **kw: (_unreduce(g, c.shapes[0], dim, keepdim),),
  inplace=False)
F("nansum", "NansumBackward0",
  lambda c, g, a, dim=None, keepdim=False, **kw: (_unreduce(g, c.shapes[0], dim, keepdim) * ~a.isnan(),),
  "args", inplace=False)
F("mean", ("MeanBackward0", "MeanBackward1"),
  lambda c, g, a, dim=None, keepdim=False, **kw:
  (_unreduce(g, c.shapes[0], dim, keepdim) / _count(c.shapes[0], dim),), inplace=False)


def others_product(x, d):
    """For each element along dim d, the product of the others: exclusive cumulative
    products from both sides, so zeros need no division (the first derivative has no NaN;
    cumprod's own backward still divides, so a second one can)."""
    n = x.shape[d]
    ones = T.ones_like(x.narrow(d, 0, 1))
    left = T.cat([ones, x.narrow(d, 0, n - 1).cumprod(d)], d)
    right = T.cat([x.narrow(d, 1, n - 1).flip(d).cumprod(d).flip(d), ones], d)
    return left * right


def _prod(c, g, a, dim=None, keepdim=False, **kw):
    shape = c.shapes[0]
    x, d = (a.reshape(-1), 0) if dim is None or a.dim() == 0 else (a, dim % a.dim())
    if x.shape[d] == 0:
        return (T.zeros(shape, dtype=g.dtype, device=g.device),)
    return (_unreduce(g, shape, dim, keepdim) * others_product(x, d).reshape(shape),)


F("prod", ("ProdBackward0", "ProdBackward1"), _prod, "args", inplace=False)


def _extreme(c, g, a, dim=None, keepdim=False, **kw):
    # evenly shared between all elements equal to the extreme value (PyTorch's amax rule)
    r = _unreduce(c.result, c.shapes[0], dim, keepdim)
    mask = (a == r)
    share = _unreduce(mask.sum(dim=_dims(dim, a.dim()) if a.dim() else None, keepdim=True)
                      if a.dim() else mask.sum(), c.shapes[0], None, True)
    return (_unreduce(g, c.shapes[0], dim, keepdim) * mask / share,)


F("amax", "AmaxBackward0", _extreme, "both", inplace=False)
F("amin", "AminBackward0", _extreme, "both", inplace=False)


def _max_like(c, g, a, dim=None, keepdim=False, **kw):
    if _is_t(dim):      # max(a, b): the binary form
        return _maxmin_bin(c, g, a, dim)
    if dim is None:
        return _extreme(c, g, a)
    values, indices = c.node._result_pair
    return (_scatter_back(g, indices, c.shapes[0], dim, keepdim),)


def _maxmin_bin(c, g, a, b):
    win = (a > b) if c.node.name().startswith("Max") else (a < b)
    wa = win + (a == b) * 0.5
    return (g * wa, g * (1 - wa))


def _scatter_back(g, indices, shape, dim, keepdim):
    if not keepdim and len(shape):
        g = g.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    return T.zeros(shape, dtype=g.dtype, device=g.device).scatter(dim % max(len(shape), 1), indices, g)


class _MaxFormula(Formula):
    """max/min come in three forms: all elements, along a dim (values, indices), binary."""

    def record(self, args, kwargs):
        out = Formula.record(self, args, kwargs)
        if isinstance(out, tuple) and out and _is_t(out[0]) and out[0].grad_fn is not None:
            node = out[0].grad_fn
            node._result_pair = (out[0].detach(), out[1])
        elif _is_t(out) and out.grad_fn is not None and not (len(args) > 1 and _is_t(args[1])):
            out.grad_fn._result_pair = None
        return out


for _op, _node in (("max", ("MaxBackward1", "MaxBackward0")),
                   ("min", ("MinBackward1", "MinBackward0"))):
    FORMULAS[_op] = _MaxFormula(_op, _node, _max_like, save_args=True, save_result=True,
                                outputs=1, extra_slots=("_result_pair",))


def _var(c, g, a, dim=None, unbiased=None, keepdim=False, *, correction=None, **kw):
    n = _count(c.shapes[0], dim)
    corr = (1 if unbiased is None or unbiased else 0) if correction is None else correction
    mean = a.mean(dim=_dims(dim, a.dim()) if a.dim() else None, keepdim=True) if a.dim() else a
    return (_unreduce(g, c.shapes[0], dim, keepdim) * 2 * (a - mean) / max(n - corr, 0),)


def _std(c, g, a, dim=None, unbiased=None, keepdim=False, *, correction=None, **kw):
    (gv,) = _var(c, g, a, dim, unbiased, keepdim, correction=correction)
    return (gv / (2 * _unreduce(c.result, c.shapes[0], dim, keepdim)),)


F("var", "VarBackward0", _var, "args", inplace=False)
F("std", "StdBackward0", _std, "both", inplace=False)


def _norm(c, g, a, p="fro", dim=None, keepdim=False, **kw):
    r = _unreduce(c.result, c.shapes[0], dim, keepdim)
    gg = _unreduce(g, c.shapes[0], dim, keepdim)
    if p in ("fro", 2, 2.0, None):
        return (gg * a / T.where(r == 0, T.ones_like(r), r) * (r != 0),)
    if p in (float("inf"), float("-inf")):
        mask = a.abs() == r
        return (gg * a.sign() * mask / mask.sum(dim=_dims(dim, a.dim()), keepdim=True).expand(c.shapes[0]),)
    if p == 1:
        return (gg * a.sign(),)
    return (gg * a * a.abs() ** (p - 2) / r ** (p - 1),)


F("norm", "LinalgVectorNormBackward0", _norm, "both", inplace=False)
F("logsumexp", "LogsumexpBackward0",
  lambda c, g, a, dim, keepdim=False, **kw:
  (_unreduce(g, c.shapes[0], dim, keepdim) * (a - _unreduce(c.result, c.shapes[0], dim, keepdim)).exp(),),
  "both", inplace=False)
F("cumsum", "CumsumBackward0",
  lambda c, g, a, dim, **kw: (g.flip(dim).cumsum(dim).flip(dim),))
def _cumprod(c, g, a, dim, **kw):
    if a.dim() == 0:
        return (g,)
    d = dim % a.dim()
    if not bool((a == 0).any()):
        return ((g * c.result).flip(d).cumsum(d).flip(d) / a,)
    # With zeros the quotient above is 0/0. d y_j / d x_k is the product of x_i over i <= j,
    # i != k: for every k at once, the cumprod of x with its k-th element set to one (a new
    # leading dim of size n), summed against g over j >= k. O(n^2), only when x has zeros.
    n = a.shape[d]
    lead = [n] + [1] * a.dim()
    lead[1 + d] = n
    one_at_k = T.eye(n, dtype=a.dtype, device=a.device).reshape(lead)
    later = (T.arange(n, device=a.device).unsqueeze(0) >=
             T.arange(n, device=a.device).unsqueeze(1)).reshape(lead)
    products = (a.unsqueeze(0) * (1 - one_at_k) + one_at_k).cumprod(d + 1)
    return ((products * later * g.unsqueeze(0)).sum(d + 1).movedim(0, d),)


F("cumprod", "CumprodBackward0", _cumprod, "both")

# ---- views and shape ops -------------------------------------------------------------


def _reshape_back(c, g, a, *rest, **kw):
    return (g.reshape(c.shapes[0]),)


for _op in ("view", "reshape", "view_as", "reshape_as", "flatten", "unflatten", "ravel",
            "squeeze", "unsqueeze"):
    F(_op, "ViewBackward0" if _op in ("view", "reshape", "view_as", "reshape_as", "flatten",
                                      "unflatten", "ravel") else
      ("SqueezeBackward0" if _op == "squeeze" else "UnsqueezeBackward0"),
      _reshape_back, inplace=_op in ("squeeze", "unsqueeze"))


def _inverse(perm):
    inv = [0] * len(perm)
    for i, p in enumerate(perm):
        inv[p] = i
    return inv


def _permute_back(c, g, a, *dims):
    if len(dims) == 1 and isinstance(dims[0], (list, tuple)):
        dims = dims[0]
    n = len(c.shapes[0])
    return (g.permute(_inverse([d % n for d in dims])),)


F("permute", "PermuteBackward0", _permute_back, inplace=False)
F("movedim", "PermuteBackward0",
  lambda c, g, a, src, dst: (g.movedim(dst, src),), inplace=False)
F("transpose", "TransposeBackward0", lambda c, g, a, d0, d1: (g.transpose(d0, d1),))
F("t", "TBackward0", lambda c, g, a: (g.t(),))
for _op in ("expand", "expand_as", "broadcast_to"):
    F(_op, "ExpandBackward0", lambda c, g, a, *rest: (g,), inplace=False)
F("clone", "CloneBackward0", lambda c, g, a, **kw: (g,), inplace=False)
F("contiguous", "CloneBackward0", lambda c, g, a, **kw: (g,), inplace=False)
class _ToCopyFormula(Formula):
    """`to`: a copy to another device sends its gradient back to the source's device (the
    node remembers the device only, as PyTorch's ToCopyBackward0 keeps the options)."""

    def record(self, args, kwargs):
        out = Formula.record(self, args, kwargs)
        if _is_t(out) and out.grad_fn is not None and _is_t(args[0]):
            source = args[0]._storage.device
            out.grad_fn._source_device = None if source == out._storage.device else source
        return out


def _to_copy(c, g, a, *r, **kw):
    source = getattr(c.node, "_source_device", None)
    return (g if source is None else g.to(source),)


FORMULAS["to"] = _ToCopyFormula("to", "ToCopyBackward0", _to_copy,
                                extra_slots=("_source_device",))
for _op in ("float", "double", "half"):
    F(_op, "ToCopyBackward0", lambda c, g, a, **kw: (g,), inplace=False)


def _linear_positions(shape, like):
    """Each element's flat index, on `like`'s device: the same view/index applied to it
    tells where a selected element came from (so one put() scatters any view's gradient
    back)."""
    return T.arange(_numel(shape), device=like.device).view(shape)


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _embed(g, shape, positions):
    """A zero tensor of `shape` with g added at `positions` (flat indices)."""
    z = T.zeros(_numel(shape), dtype=g.dtype, device=g.device)
    return z.put(positions.reshape(-1), g.reshape(-1), accumulate=True).view(shape)


def _view_like_back(select):
    def back(c, g, a, *args, **kw):
        shape = c.shapes[0]
        return (_embed(g, shape, select(_linear_positions(shape, g), *args, **kw)),)
    return back


F("narrow", "SliceBackward0", _view_like_back(lambda p, *a: p.narrow(*a)), inplace=False)
F("select", "SelectBackward0", _view_like_back(lambda p, *a: p.select(*a)), inplace=False)
F("diagonal", "DiagonalBackward0", _view_like_back(lambda p, *a, **k: p.diagonal(*a, **k)),
  inplace=False)
F("as_strided", "AsStridedBackward0",
  _view_like_back(lambda p, size, stride, offset=None: p.reshape(-1).as_strided(size, stride, offset or 0)),
  inplace=False)
def _index_kind(args, kw):
    """PyTorch's node for x[index]: IndexBackward0 (advanced), SelectBackward0 (an int in it),
    SliceBackward0 (slices only)."""
    index = args[1] if isinstance(args[1], tuple) else (args[1],)
    if any(isinstance(i, (list, TensorBase)) for i in index):
        return 0
    return 1 if any(isinstance(i, int) for i in index) else 2


F("getitem", ("IndexBackward0", "SelectBackward0", "SliceBackward0"),
  _view_like_back(lambda p, index: p[index]), inplace=False, pick=_index_kind)
F("take", "TakeBackward0", _view_like_back(lambda p, index: p.reshape(-1)[index]), inplace=False)
F("diag", "DiagBackward0", lambda c, g, a, diagonal=0, **kw:
  (g.diagonal(diagonal) if len(c.shapes[0]) == 2 else g.diagonal(diagonal).reshape(c.shapes[0]),)
  if len(c.shapes[0]) == 1 else
  (_embed(g, c.shapes[0], _linear_positions(c.shapes[0], g).diagonal(diagonal)),), inplace=False)


def _put_back(c, g, a, index, source, accumulate=False):
    ga = g if accumulate else g.put(index, T.zeros_like(source), accumulate=False)
    gs = g.reshape(-1)[index.reshape(-1)].reshape(c.shapes[2]) if c.needs[2] else None
    return ga, None, gs


F("put", "PutBackward0", _put_back, "args")


def _multi_back(join):
    def back(c, g, a, *args, **kw):
        like = next(x for x in g if x is not None)
        grads = [x if x is not None else T.zeros(s, dtype=like.dtype, device=like.device)
                 for x, s in zip(g, _out_shapes(c))]
        return (join(grads, *args, **kw),)
    return back


def _out_shapes(c):
    return c.node._out_shapes


class _MultiOutFormula(Formula):
    """unbind/split/chunk: several outputs, one node; remembers their shapes."""

    def record(self, args, kwargs):
        out = Formula.record(self, args, kwargs)
        if out and out[0].grad_fn is not None:
            out[0].grad_fn._out_shapes = [o._shape for o in out]
        return out


def _add_multi(op, node, back, pick=None):
    FORMULAS[op] = _MultiOutFormula(op, node, back, extra_slots=("_out_shapes",), pick=pick)


def _has_sections(args, kw):
    """1 when split got a list of sizes (PyTorch's SplitWithSizesBackward0), else 0."""
    sizes = args[1] if len(args) > 1 else kw.get("split_size_or_sections", kw.get("split_size"))
    return 1 if isinstance(sizes, (list, tuple)) else 0


_add_multi("unbind", "UnbindBackward0", _multi_back(lambda gs, dim=0: T.stack(gs, dim)))
_add_multi("split", ("SplitBackward0", "SplitWithSizesBackward0"),
           _multi_back(lambda gs, size, dim=0: T.cat(gs, dim)), pick=_has_sections)
_add_multi("chunk", "SplitBackward0", _multi_back(lambda gs, chunks, dim=0: T.cat(gs, dim)))


def _cat_back(c, g, tensors, dim=0, **kw):
    shapes = c.shapes[0]
    nd = len(g.shape)
    d = dim % nd
    sizes = [s[d] if len(s) else 0 for s in shapes]
    parts, start = [], 0
    for s, shape in zip(sizes, shapes):
        parts.append(g.narrow(d, start, s) if len(shape) == nd else None)
        start += s if len(shape) == nd else 0
    return (parts,)


F("cat", "CatBackward0", _cat_back, inplace=False)
F("concat", "CatBackward0", _cat_back, inplace=False)
F("concatenate", "CatBackward0", _cat_back, inplace=False)
F("stack", "StackBackward0", lambda c, g, tensors, dim=0, **kw: (list(g.unbind(dim)),), inplace=False)
F("flip", "FlipBackward0", lambda c, g, a, *dims: (g.flip(*dims),), inplace=False)


def _roll_back(c, g, a, shifts, dims=None):
    neg = [-s for s in shifts] if isinstance(shifts, (list, tuple)) else -shifts
    return (g.roll(neg, dims),)


F("roll", "RollBackward0", _roll_back, inplace=False)


def _repeat_back(c, g, a, *sizes):
    if len(sizes) == 1 and isinstance(sizes[0], (list, tuple)):
        sizes = sizes[0]
    shape = c.shapes[0]
    lead = len(sizes) - len(shape)
    full = (1,) * lead + tuple(shape)
    split = []
    for r, s in zip(sizes, full):
        split += [r, s]
    g = g.reshape(split).sum(dim=list(range(0, 2 * len(sizes), 2)))
    return (g.reshape(shape),)


F("repeat", "RepeatBackward0", _repeat_back, inplace=False)
F("tril", "TrilBackward0", lambda c, g, a, diagonal=0: (g.tril(diagonal),))
F("triu", "TriuBackward0", lambda c, g, a, diagonal=0: (g.triu(diagonal),))

# ---- writes, indexing ops ------------------------------------------------------------


def _setitem_back(c, g, a, index, value):
    ga = None
    if c.needs[0]:
        ga = g.clone()
        ga[index] = 0
    gv = g[index] if c.needs[2] else None
    return ga, None, gv


F("setitem_", "CopySlices", _setitem_back, inplace=False)
# src may live on another device: its gradient goes back there (dtype: Note [Gradient shapes])
F("copy_", "CopyBackwards",
  lambda c, g, a, src, non_blocking=False: (g * 0, g.to(src.device)), "args", inplace=False)
F("fill_", "FillBackward0", lambda c, g, a, v: (g * 0, None), inplace=False)
F("zero_", "ZeroBackward0", lambda c, g, a: (g * 0,), inplace=False)
F("masked_fill", "MaskedFillBackward0",
  lambda c, g, a, mask, value: (g.masked_fill(mask, 0), None,
                                g.masked_select(mask).sum() if _is_t(value) else None), "args")
F("masked_select", "MaskedSelectBackward0",
  lambda c, g, a, mask: (T.zeros(c.shapes[0], dtype=g.dtype, device=g.device).masked_scatter(
      mask.expand(c.shapes[0]) if mask.shape != c.shapes[0] else mask, g), None), "args",
  inplace=False)
def _masked_scatter(c, g, a, mask, source):
    ga = g.masked_fill(mask, 0) if c.needs[0] else None
    gs = None
    if c.needs[2]:
        picked = g.masked_select(mask)
        n = 1
        for s in c.shapes[2]:
            n *= s
        rest = T.zeros(n - picked.numel(), dtype=g.dtype, device=g.device)
        gs = T.cat([picked, rest]).reshape(c.shapes[2])
    return ga, None, gs


F("masked_scatter", "MaskedScatterBackward0", _masked_scatter)
F("index_select", "IndexSelectBackward0",
  lambda c, g, a, dim, index: (T.zeros(c.shapes[0], dtype=g.dtype, device=g.device).index_add(dim, index, g),),
  "args", inplace=False)
F("gather", "GatherBackward0",
  lambda c, g, a, dim, index, **kw: (T.zeros(c.shapes[0], dtype=g.dtype, device=g.device).scatter_add(dim, index, g),),
  "args", inplace=False)


def _scatter_back_f(c, g, a, dim, index, src=None, value=None, **kw):
    ga = g.scatter(dim, index, 0.0) if c.needs[0] else None
    gs = g.gather(dim, index) if _is_t(src) and c.needs[3] else None
    return ga, None, None, gs


F("scatter", "ScatterBackward0", _scatter_back_f, "args")
F("scatter_add", "ScatterAddBackward0",
  lambda c, g, a, dim, index, src: (g, None, None, g.gather(dim, index)), "args")
F("index_add", "IndexAddBackward0",
  lambda c, g, a, dim, index, source, alpha=1, **kw:
  (g, None, None, _scaled(g.index_select(dim, index), alpha)), "args")

# ---- matrix products -----------------------------------------------------------------


def _matmul(c, g, a, b, **kw):
    a2 = a.unsqueeze(0) if a.dim() == 1 else a
    b2 = b.unsqueeze(-1) if b.dim() == 1 else b
    g2 = g
    if a.dim() == 1:
        g2 = g2.unsqueeze(-2)
    if b.dim() == 1:
        g2 = g2.unsqueeze(-1)
    ga = gb = None
    if c.needs[0]:
        ga = g2.matmul(b2.transpose(-1, -2))
        if a.dim() == 1:
            ga = ga.squeeze(-2)
    if c.needs[1]:
        gb = a2.transpose(-1, -2).matmul(g2)
        if b.dim() == 1:
            gb = gb.squeeze(-1)
    return ga, gb


F("matmul", ("DotBackward0", "MvBackward0", "MmBackward0", "BmmBackward0"), _matmul, "args",
  inplace=False, pick=lambda args, kw: 0 if args[0].dim() == args[1].dim() == 1 else
  1 if args[0].dim() == 2 and args[1].dim() == 1 else
  2 if args[0].dim() <= 2 and args[1].dim() <= 2 else 3)
F("mm", "MmBackward0", _matmul, "args", inplace=False)
F("bmm", "BmmBackward0", _matmul, "args", inplace=False)
F("mv", "MvBackward0", _matmul, "args", inplace=False)
F("dot", "DotBackward0", lambda c, g, a, b, **kw: (g * b, g * a), "args", inplace=False)
F("vdot", "DotBackward0", lambda c, g, a, b, **kw: (g * b, g * a), "args", inplace=False)
F("outer", "OuterBackward0",
  lambda c, g, a, b, **kw: (g.mv(b), g.t().mv(a)), "args", inplace=False)
F("ger", "OuterBackward0",
  lambda c, g, a, b, **kw: (g.mv(b), g.t().mv(a)), "args", inplace=False)


def _transposed(m):
    """Whether the matrix m is a transpose of a contiguous one (nn.Linear's weight.t())."""
    return m.dim() == 2 and m.stride(0) == 1 and m.stride(1) == m.shape[0] != 1


def _mm_in_layout_of(m, left, right):
    """left @ right, laid out as m is: for a transposed m, computed as (right^T left^T)^T,
    so the gradient reaches a weight used as weight.t() already contiguous (PyTorch's
    mm_mat2_backward does the same) and needs no transposing copy when it is stored."""
    if _transposed(m):
        return right.transpose(-1, -2).matmul(left.transpose(-1, -2)).transpose(-1, -2)
    return left.matmul(right)


def _addmm(c, g, x, m1, m2, *, beta=1, alpha=1, **kw):
    gm1 = _scaled(_mm_in_layout_of(m1, g, m2.transpose(-1, -2)), alpha) if c.needs[1] else None
    gm2 = _scaled(_mm_in_layout_of(m2, m1.transpose(-1, -2), g), alpha) if c.needs[2] else None
    return _scaled(g, beta), gm1, gm2


def _addmv(c, g, x, m, v, *, beta=1, alpha=1, **kw):
    return (_scaled(g, beta), _scaled(g.outer(v), alpha) if c.needs[1] else None,
            _scaled(m.t().mv(g), alpha) if c.needs[2] else None)


F("addmm", "AddmmBackward0", _addmm, "args")
F("baddbmm", "BaddbmmBackward0", _addmm, "args")
F("addmv", "AddmvBackward0", _addmv, "args")
F("addbmm", "AddbmmBackward0",
  lambda c, g, x, b1, b2, *, beta=1, alpha=1, **kw:
  (_scaled(g, beta),
   _scaled(g.unsqueeze(0).matmul(b2.transpose(-1, -2)), alpha) if c.needs[1] else None,
   _scaled(b1.transpose(-1, -2).matmul(g.unsqueeze(0)), alpha) if c.needs[2] else None), "args")

# ---- ops whose outputs never carry gradients -------------------------------------------
NON_DIFFERENTIABLE.update("""
eq ne lt le gt ge eq_ ne_ lt_ le_ gt_ ge_ logical_and logical_or logical_xor logical_not
logical_and_ logical_or_ logical_xor_ logical_not_ bitwise_and bitwise_or bitwise_xor
bitwise_not bitwise_left_shift bitwise_right_shift argmax argmin nonzero argwhere
count_nonzero isnan isinf isfinite isposinf isneginf all any detach rand_like randn_like
randint_like bernoulli multinomial long int short char byte bool
normal_ uniform_ bernoulli_ random_ exponential_
""".split())


# ---- special functions and other elementwise extras (issue 4) -------------------------
SQRT_PI = math.sqrt(math.pi)


def _sinc(c, g, a):
    # (cos(pi x) pi x - sin(pi x)) / (pi x^2), 0 at x == 0; the safe denominator keeps NaN
    # out of the masked branch (its gradient would be NaN * 0 in double backward)
    safe = T.where(a == 0, T.ones_like(a), a)
    px = math.pi * safe
    return (g * T.where(a == 0, T.zeros_like(a), (px.cos() * px - px.sin()) / (px * safe)),)


def _logit(c, g, a, eps=None):
    d = g / (a * (1 - a))
    if eps is None:
        return (d,)
    return (T.where((a < eps) | (a > 1 - eps), T.zeros_like(a), d),)


def _polygamma(c, g, n, a=None):
    if _is_t(n):                       # the method spelling a.polygamma(n)
        return (g * n.polygamma(a + 1), None)
    return (None, g * a.polygamma(n + 1))


F("sinc", "SincBackward0", _sinc, "args")
F("deg2rad", "Deg2RadBackward0", lambda c, g, a: (g * (math.pi / 180),))
F("rad2deg", "Rad2DegBackward0", lambda c, g, a: (g * (180 / math.pi),))
F("erfc", "ErfcBackward0", lambda c, g, a: (-g * (2 / SQRT_PI) * (-(a * a)).exp(),), "args")
F("erfinv", "ErfinvBackward0",
  lambda c, g, a: (g * (SQRT_PI / 2) * (c.result * c.result).exp(),), "result")
F("lgamma", "LgammaBackward0", lambda c, g, a: (g * a.digamma(),), "args")
F("digamma", "DigammaBackward0", lambda c, g, a: (g * a.polygamma(1),), "args")
F("polygamma", "PolygammaBackward0", _polygamma, "args")
F("logit", "LogitBackward0", _logit, "args")
F("sgn", "SgnBackward0", lambda c, g, a: (g * 0,))


def _logaddexp(base):
    def back(c, g, a, b):
        # d/da log(e^a + e^b) = 1 / (1 + e^(b - a)) (base 2 alike)
        pow_ = (lambda x: x.exp()) if base == "e" else (lambda x: x.exp2())
        return (g / (1 + pow_(b - a)) if c.needs[0] else None,
                g / (1 + pow_(a - b)) if c.needs[1] else None)
    return back


def _xlogy(c, g, a, b):
    ga = gb = None
    if c.needs[0]:
        ga = g * T.xlogy((a != 0) if _is_t(a) else float(a != 0), b)
    if len(c.needs) > 1 and c.needs[1]:
        gb = g * a / b
    return ga, gb


F("logaddexp", "LogaddexpBackward0", _logaddexp("e"), "args")
F("logaddexp2", "Logaddexp2Backward0", _logaddexp("2"), "args")
F("xlogy", ("XlogyBackward0", "XlogyBackward1", "XlogyBackward2"), _xlogy, "args",
  pick=lambda args, kw: 1 if not _is_t(args[0]) else 0 if _is_t(args[1]) else 2)


def _softmax(c, g, a, dim, dtype=None, **kw):
    r = c.result
    return (r * (g - (g * r).sum(dim, keepdim=True)),)


def _log_softmax(c, g, a, dim, dtype=None, **kw):
    return (g - c.result.exp() * g.sum(dim, keepdim=True),)


F("softmax", "SoftmaxBackward0", _softmax, "result", inplace=False)
F("log_softmax", "LogSoftmaxBackward0", _log_softmax, "result", inplace=False)

COMPOSITE.update({"float_power", "float_power_", "diff", "trapezoid", "trapz",
                  "cumulative_trapezoid"})
NON_DIFFERENTIABLE.update({"isclose", "allclose", "equal", "heaviside", "heaviside_"})


def _copysign(c, g, a, b):
    # |a| with b's sign: the gradient flips where the sign changed; none flows to b
    ga = g * T.where(a == 0, T.zeros_like(a), c.result / T.where(a == 0, T.ones_like(a), a))
    return ga, (g * 0 if _is_t(b) else None)


F("copysign", ("CopysignBackward0", "CopysignBackward1"), _copysign, "both",
  pick=lambda args, kw: 0 if _is_t(args[1]) else 1)


def _moments_back(is_std):
    """var_mean/std_mean: both outputs on one node (their kernel computes them together)."""
    def back(c, g, a, dim=None, unbiased=None, keepdim=False, *, correction=None):
        g_spread, g_mean = g
        total = None
        if g_spread is not None:
            if is_std:      # d std = d var / (2 std)
                corr = (0 if unbiased is False else 1) if correction is None else correction
                kw = {"correction": corr} if dim is None else \
                    {"dim": dim, "correction": corr, "keepdim": keepdim}
                g_spread = g_spread / (2 * a.std(**kw))
            total = _var(c, g_spread, a, dim, unbiased, keepdim, correction=correction)[0]
        if g_mean is not None:
            gm = _unreduce(g_mean, c.shapes[0], dim, keepdim) / _count(c.shapes[0], dim)
            total = gm if total is None else total + gm
        return (total,)
    return back


COMPOSITE.difference_update({"var_mean", "std_mean"})
F("var_mean", "VarMeanBackward0", _moments_back(False), "args", inplace=False)
F("std_mean", "StdMeanBackward0", _moments_back(True), "args", inplace=False)


def _nll_loss(c, g, x, target, weight=None, reduction="mean", ignore_index=-100):
    """nll_loss is linear in its input: a constant tensor of coefficients times g, so that
    the gradient stays differentiable in g."""
    coef = T.dispatch.call("_nll_loss_coefficients", (target, weight, c.shapes[0], c.dtypes[0],
                                                      reduction, ignore_index), None)
    return (coef * (g.unsqueeze(1 if x.dim() > 1 else 0) if reduction == "none" else g),)


F("nll_loss", "NllLossBackward0", _nll_loss, "args", inplace=False)


# The rest of the table, by topic.
from . import (_formulas_linalg, _formulas_indexing, _formulas_sorting,  # noqa: E402,F401
               _formulas_shape, _formulas_nn)
