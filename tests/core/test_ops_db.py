"""Generic tests of the elementwise ops, expanded over op x dtype from the op database.

For every (op, dtype) in opdb.OPS: forward values vs numpy (and vs PyTorch when it is
installed), the result dtype (PyTorch's promotion incl. weak Python scalars and 0-d
tensors), `out=`, the in-place `name_` variant, the method spelling, and the error for the
dtypes the op does not support. The tensor operators (`a + b`, `2 ** a`, `a &= b`, ...)
are checked against the ops they stand for.
"""
import operator
import warnings

import numpy as np
import pytest

import torchlike_core as tl

import opdb
from opdb import ALL, Arg, Sample, materialize

SUPPORTED = opdb.op_dtype_pairs()
UNSUPPORTED = opdb.op_dtype_pairs(supported=False)


def _ids(pairs):
    return [f"{op.variant}-{d}" for op, d in pairs]


def _torch():
    return pytest.importorskip("torch")


def call(op, lib, args, kwargs, **extra):
    return getattr(lib, op.name)(*args, **kwargs, **extra)


def values(t):
    """A numpy copy of a tensor of either library."""
    if isinstance(t, tl.Tensor):
        return np.array(t.numpy_view())
    return t.detach().numpy().copy()


def assert_values(actual, expected, dtype, op, what="", precision=None):
    """Equal values; floats within the tolerance of `precision` (default: dtype), the dtype
    the values were computed in."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    if dtype in opdb.FLOATS:
        atol, rtol = op.tolerance(precision if precision in opdb.FLOATS else dtype)
        np.testing.assert_allclose(actual.astype(np.float64), expected.astype(np.float64),
                                   rtol=rtol, atol=atol, equal_nan=True, err_msg=what)
    else:
        np.testing.assert_array_equal(actual, expected, err_msg=what)


def result_shape(sample):
    shapes = [a.shape for a in sample.args if isinstance(a, Arg)]
    return np.broadcast_shapes(*shapes)


# ---- forward vs numpy ----------------------------------------------------------------------

@pytest.mark.parametrize("op,dtype", SUPPORTED, ids=_ids(SUPPORTED))
def test_forward_vs_numpy(op, dtype):
    for sample in op.samples(dtype):
        args = materialize(sample.args, tl)
        before = [values(a) if isinstance(a, tl.Tensor) else None for a in args]
        res = call(op, tl, args, sample.kwargs)
        what = f"{op.variant} {sample}"
        assert isinstance(res, tl.Tensor), what
        assert res.dtype.name == op.result_dtype(sample.args), what
        assert tuple(res.shape) == result_shape(sample), what
        assert_values(values(res), op.reference(sample), res.dtype.name, op, what)
        # the inputs are not modified
        for a, b in zip(args, before):
            if b is not None:
                np.testing.assert_array_equal(values(a), b, err_msg=what)


@pytest.mark.parametrize("op,dtype", SUPPORTED, ids=_ids(SUPPORTED))
def test_method_matches_function(op, dtype):
    if not op.method:
        assert not hasattr(tl.Tensor, op.name)       # (rsub is a function only, as in PyTorch)
        return
    for sample in op.samples(dtype)[:6]:
        if not isinstance(sample.args[0], Arg):
            continue
        args = materialize(sample.args, tl)
        f = call(op, tl, args, sample.kwargs)
        m = getattr(args[0], op.name)(*args[1:], **sample.kwargs)
        assert m.dtype == f.dtype
        np.testing.assert_array_equal(values(m), values(f))


# ---- forward vs PyTorch ----------------------------------------------------------------------

@pytest.mark.parametrize("op,dtype", SUPPORTED, ids=_ids(SUPPORTED))
def test_forward_vs_torch(op, dtype):
    torch = _torch()
    for sample in op.samples(dtype):
        what = f"{op.variant} {sample}"
        expected = call(op, torch, materialize(sample.args, torch), sample.kwargs)
        res = call(op, tl, materialize(sample.args, tl), sample.kwargs)
        assert str(res.dtype) == str(expected.dtype), what
        assert tuple(res.shape) == tuple(expected.shape), what
        assert_values(values(res), values(expected), res.dtype.name, op, what)


# ---- out= ----------------------------------------------------------------------------------

def _wider(dtype):
    """A dtype the result may be cast to (same category, larger)."""
    return {"bool": "uint8", "uint8": "int16", "int8": "int32", "int16": "int64",
            "int32": "int64", "int64": "float32", "float16": "float64", "float32": "float64",
            "float64": "float32"}[dtype]


@pytest.mark.parametrize("op,dtype", [p for p in SUPPORTED if p[0].supports_out],
                         ids=_ids([p for p in SUPPORTED if p[0].supports_out]))
def test_out(op, dtype):
    for sample in [s for s in op.samples(dtype) if not s.large][:9]:
        what = f"{op.variant} {sample}"
        res_dtype = op.result_dtype(sample.args)
        shape = result_shape(sample)
        expected = op.reference(sample)
        for out_dtype, transposed in [(res_dtype, False), (_wider(res_dtype), len(shape) == 2)]:
            dt = getattr(tl, out_dtype)
            out = tl.empty(shape[::-1], dtype=dt).t() if transposed else tl.empty(shape, dtype=dt)
            ptr, version = out.data_ptr(), out._version
            r = call(op, tl, materialize(sample.args, tl), sample.kwargs, out=out)
            assert r is out, what
            assert out.dtype is dt and tuple(out.shape) == shape, what
            assert out.data_ptr() == ptr, what          # written in place, not reallocated
            assert out._version > version, what
            with np.errstate(over="ignore"):
                expected_out = expected.astype(out_dtype)
            assert_values(values(out), expected_out, out_dtype, op, what, precision=res_dtype)


def _out_ops():
    return [op for op in opdb.OPS if op.supports_out]


@pytest.mark.parametrize("op", _out_ops(), ids=lambda op: op.variant)
def test_out_resize_warns(op):
    dtype = "float32" if op.supports("float32") else op.dtypes[-1]
    sample = op.samples(dtype)[0]
    shape = result_shape(sample)
    res_dtype = getattr(tl, op.result_dtype(sample.args))
    out = tl.empty((7, 1), dtype=res_dtype)
    with pytest.warns(UserWarning, match=r"An output with one or more elements was resized "
                                         r"since it had shape \[7, 1\]"):
        r = call(op, tl, materialize(sample.args, tl), sample.kwargs, out=out)
    assert r is out and tuple(out.shape) == shape
    assert_values(values(out), op.reference(sample), res_dtype.name, op)
    # an empty out is resized silently
    out = tl.empty(0, dtype=res_dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        call(op, tl, materialize(sample.args, tl), sample.kwargs, out=out)
    assert tuple(out.shape) == shape


@pytest.mark.parametrize("op", _out_ops(), ids=lambda op: op.variant)
def test_out_dtype_that_cannot_hold_the_result(op):
    dtype = "float32" if op.supports("float32") else op.dtypes[-1]
    sample = op.samples(dtype)[0]
    res = op.result_dtype(sample.args)
    if res == "bool":
        return
    lower = "int64" if res in opdb.FLOATS else "bool"
    out = tl.empty(result_shape(sample), dtype=getattr(tl, lower))
    legacy = {"float16": "Half", "float32": "Float", "float64": "Double", "int64": "Long",
              "bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int"}
    with pytest.raises(RuntimeError, match=f"result type {legacy[res]} can't be cast to the "
                                           f"desired output type {legacy[lower]}"):
        call(op, tl, materialize(sample.args, tl), sample.kwargs, out=out)


# ---- in-place ------------------------------------------------------------------------------

def _can_cast(src, dst):
    return opdb._CATEGORY[src] <= opdb._CATEGORY[dst]


def _small(samples):
    return [s for s in samples if not s.large]


def _inplace_ok(op, sample):
    """Whether PyTorch accepts sample.args[0].op_(...): self keeps its shape and dtype."""
    self = sample.args[0]
    return (isinstance(self, Arg) and self.layout != "expand"
            and result_shape(sample) == self.shape
            and _can_cast(op.result_dtype(sample.args), self.dtype))


INPLACE = [p for p in SUPPORTED if p[0].inplace]


@pytest.mark.parametrize("op,dtype", INPLACE, ids=_ids(INPLACE))
def test_inplace(op, dtype):
    for sample in _small(op.samples(dtype)):
        if not isinstance(sample.args[0], Arg) or sample.args[0].layout == "expand":
            continue
        what = f"{op.variant}_ {sample}"
        args = materialize(sample.args, tl)
        self = args[0]
        method = getattr(self, op.name + "_")
        if not _inplace_ok(op, sample):
            with pytest.raises(RuntimeError):
                method(*args[1:], **sample.kwargs)
            continue
        ptr, stride, version = self.data_ptr(), self.stride(), self._version
        r = method(*args[1:], **sample.kwargs)
        assert r is self, what
        assert self.data_ptr() == ptr and self.stride() == stride, what
        assert self._version > version, what
        expected = op.reference(sample)
        with np.errstate(all="ignore"):
            expected = expected.astype(dtype)
        assert_values(values(self), expected, dtype, op, what)


@pytest.mark.parametrize("op,dtype", INPLACE, ids=_ids(INPLACE))
def test_inplace_vs_torch(op, dtype):
    torch = _torch()
    for sample in _small(op.samples(dtype)):
        if not isinstance(sample.args[0], Arg):
            continue
        what = f"{op.variant}_ {sample}"
        targs, args = materialize(sample.args, torch), materialize(sample.args, tl)
        try:
            expected = getattr(targs[0], op.name + "_")(*targs[1:], **sample.kwargs)
        except RuntimeError as e:
            with pytest.raises(type(e)):
                getattr(args[0], op.name + "_")(*args[1:], **sample.kwargs)
            continue
        res = getattr(args[0], op.name + "_")(*args[1:], **sample.kwargs)
        assert res is args[0], what
        assert_values(values(res), values(expected), dtype, op, what)


def test_inplace_variants_exist_like_torch():
    torch = _torch()
    for op in opdb.OPS:
        assert hasattr(torch.Tensor, op.name + "_") == op.inplace, op.variant
        if op.inplace:
            assert hasattr(tl.Tensor, op.name + "_"), op.variant


# ---- unsupported dtypes ----------------------------------------------------------------------

@pytest.mark.parametrize("op,dtype", UNSUPPORTED, ids=_ids(UNSUPPORTED))
def test_unsupported_dtype_raises(op, dtype):
    exc, msg = op.error_message(dtype)
    sample = opdb.error_input(op, dtype)
    with pytest.raises(exc, match=_escape(msg)):
        call(op, tl, materialize(sample.args, tl), sample.kwargs)
    if op.inplace:
        args = materialize(sample.args, tl)
        before = values(args[0])
        with pytest.raises(exc, match=_escape(msg)):
            getattr(args[0], op.name + "_")(*args[1:], **sample.kwargs)
        np.testing.assert_array_equal(values(args[0]), before)   # nothing was written


def _escape(msg):
    import re
    return re.escape(msg)


@pytest.mark.parametrize("op", opdb.OPS, ids=lambda op: op.variant)
def test_supported_dtypes_match_torch(op):
    """The database itself against PyTorch: which dtypes work, and the error otherwise."""
    torch = _torch()
    for dtype in ALL:
        sample = opdb.error_input(op, dtype)
        args = materialize(sample.args, torch)
        if op.supports(dtype):
            call(op, torch, args, sample.kwargs)
        else:
            exc, msg = op.error_message(dtype)
            with pytest.raises(exc, match=_escape(msg)):
                call(op, torch, args, sample.kwargs)


# ---- result dtypes: PyTorch's promotion --------------------------------------------------------

_PROMOTION_OPERANDS = [
    ("int8", ()), ("uint8", (3,)), ("int64", ()), ("float16", (3,)), ("float64", ()),
    ("bool", (3,)), ("int32", (3,)), ("float32", ()), 2, 2.5, True, -1,
]


def _operand(spec):
    if isinstance(spec, tuple):
        dtype, shape = spec
        return Arg(np.ones(shape, dtype))
    return spec


_PROMOTION_CASES = [(a, b) for a in _PROMOTION_OPERANDS for b in _PROMOTION_OPERANDS
                    if isinstance(a, tuple) or isinstance(b, tuple)]


@pytest.mark.parametrize("a,b", _PROMOTION_CASES, ids=[f"{a}-{b}" for a, b in _PROMOTION_CASES])
def test_result_dtype_promotion(a, b):
    x, y = _operand(a), _operand(b)
    expected = opdb.result_type(x, y)
    args = materialize((x, y), tl)
    assert tl.result_type(*args).name == expected
    r = tl.add(*args) if isinstance(args[0], tl.Tensor) else tl.add(args[1], args[0])
    assert r.dtype.name == expected
    assert tl.mul(*args).dtype.name == expected
    assert tl.eq(*args).dtype is tl.bool
    assert tl.true_divide(*args).dtype.name == (expected if expected in opdb.FLOATS else "float32")


@pytest.mark.parametrize("a,b", _PROMOTION_CASES, ids=[f"{a}-{b}" for a, b in _PROMOTION_CASES])
def test_result_dtype_promotion_vs_torch(a, b):
    torch = _torch()
    x, y = _operand(a), _operand(b)
    ta, tb = materialize((x, y), torch)
    assert opdb.result_type(x, y) == str(torch.result_type(ta, tb)).replace("torch.", "")
    la, lb = materialize((x, y), tl)
    for name in ("add", "mul", "true_divide", "maximum" if isinstance(a, tuple) and isinstance(b, tuple) else "eq"):
        if not isinstance(ta, torch.Tensor):
            (ta, tb), (la, lb) = (tb, ta), (lb, la)
        assert str(getattr(tl, name)(la, lb).dtype) == str(getattr(torch, name)(ta, tb).dtype), name


def test_default_dtype_changes_scalar_promotion():
    t = tl.tensor([1, 2])
    prev = tl.get_default_dtype()
    try:
        tl.set_default_dtype(tl.float64)
        assert (t + 2.5).dtype is tl.float64
        assert tl.sin(t).dtype is tl.float64
        assert (t / 2).dtype is tl.float64
        assert (tl.tensor([1.0], dtype=tl.float32) + 2.5).dtype is tl.float32
    finally:
        tl.set_default_dtype(prev)
    assert (t + 2.5).dtype is tl.float32


# ---- the tensor operators ----------------------------------------------------------------

# (operator, op name, reflected): a <op> b calls op(a, b); reflected: b <op> a == op(b, a)
BINARY_DUNDERS = [
    (operator.add, "add"), (operator.sub, "sub"), (operator.mul, "mul"),
    (operator.truediv, "div"), (operator.floordiv, "floor_divide"), (operator.mod, "remainder"),
    (operator.pow, "pow"), (operator.and_, "bitwise_and"), (operator.or_, "bitwise_or"),
    (operator.xor, "bitwise_xor"), (operator.lshift, "bitwise_left_shift"),
    (operator.rshift, "bitwise_right_shift"), (operator.eq, "eq"), (operator.ne, "ne"),
    (operator.lt, "lt"), (operator.le, "le"), (operator.gt, "gt"), (operator.ge, "ge"),
]
INPLACE_DUNDERS = [
    (operator.iadd, "add"), (operator.isub, "sub"), (operator.imul, "mul"),
    (operator.itruediv, "div"), (operator.ifloordiv, "floor_divide"),
    (operator.imod, "remainder"), (operator.ipow, "pow"), (operator.iand, "bitwise_and"),
    (operator.ior, "bitwise_or"), (operator.ixor, "bitwise_xor"),
    (operator.ilshift, "bitwise_left_shift"), (operator.irshift, "bitwise_right_shift"),
]
UNARY_DUNDERS = [(operator.neg, "neg"), (operator.abs, "abs"), (operator.pos, "positive"),
                 (operator.invert, "bitwise_not")]

_DUNDER_DTYPES = ("float32", "int64", "int16", "bool")


def _dunder_operands(dtype, name):
    """(lhs, rhs) pairs: tensor-tensor (broadcast), tensor-scalar, scalar-tensor."""
    rng = opdb.rng_for(name, dtype)
    lo, hi = (0, 3) if "shift" in name or name == "pow" else (-5, 5)
    nz = name in ("floor_divide", "remainder", "div")
    a = Arg(opdb.make_values(rng, (3, 4), dtype, (lo + 1 if name == "pow" else lo, hi)))
    b = Arg(opdb.make_values(rng, (4,), dtype, (lo, hi), nonzero=nz))
    s = 2 if dtype != "float32" else 1.5
    return [(a, b), (a, s), (s, b)]


def _supported(name, *operands):
    op = opdb.BY_VARIANT[name]
    return op.supports_sample(operands)


@pytest.mark.parametrize("dtype", _DUNDER_DTYPES)
@pytest.mark.parametrize("fn,name", BINARY_DUNDERS, ids=[n for _, n in BINARY_DUNDERS])
def test_binary_operators(fn, name, dtype):
    for x, y in _dunder_operands(dtype, name):
        a, b = materialize((x, y), tl)
        if not _supported(name, x, y):
            with pytest.raises(RuntimeError):
                fn(a, b)
            continue
        r = fn(a, b)
        f = getattr(tl, name)(a, b)
        assert isinstance(r, tl.Tensor) and r.dtype == f.dtype
        np.testing.assert_array_equal(values(r), values(f))


@pytest.mark.parametrize("dtype", _DUNDER_DTYPES)
@pytest.mark.parametrize("fn,name", BINARY_DUNDERS + UNARY_DUNDERS,
                         ids=[n for _, n in BINARY_DUNDERS + UNARY_DUNDERS])
def test_operators_vs_torch(fn, name, dtype):
    torch = _torch()
    unary = (fn, name) in UNARY_DUNDERS
    pairs = [(x,) for x, _ in _dunder_operands(dtype, name)[:1]] if unary else \
        _dunder_operands(dtype, name)
    for operands in pairs:
        targs, args = materialize(operands, torch), materialize(operands, tl)
        try:
            expected = fn(*targs)
        except (RuntimeError, TypeError) as e:
            with pytest.raises(type(e), match=_escape(str(e).split("\n")[0])):
                fn(*args)
            continue
        r = fn(*args)
        assert str(r.dtype) == str(expected.dtype), operands
        np.testing.assert_allclose(values(r), values(expected), rtol=1e-6, err_msg=str(operands))


@pytest.mark.parametrize("dtype", _DUNDER_DTYPES)
@pytest.mark.parametrize("fn,name", INPLACE_DUNDERS, ids=[n for _, n in INPLACE_DUNDERS])
def test_inplace_operators(fn, name, dtype):
    for x, y in _dunder_operands(dtype, name)[:2]:
        a, b = materialize((x, y), tl)
        sample = Sample([x, y])
        op = opdb.BY_VARIANT[name]
        if not _supported(name, x, y) or not _inplace_ok(op, sample):
            with pytest.raises(RuntimeError):
                fn(a, b)
            continue
        ptr, version = a.data_ptr(), a._version
        expected = values(getattr(tl, name)(a, b)).astype(dtype)
        r = fn(a, b)
        assert r is a and a.data_ptr() == ptr and a._version > version
        np.testing.assert_array_equal(values(a), expected)


@pytest.mark.parametrize("dtype", _DUNDER_DTYPES)
@pytest.mark.parametrize("fn,name", INPLACE_DUNDERS, ids=[n for _, n in INPLACE_DUNDERS])
def test_inplace_operators_vs_torch(fn, name, dtype):
    torch = _torch()
    for operands in _dunder_operands(dtype, name)[:2]:
        (ta, tb), (a, b) = materialize(operands, torch), materialize(operands, tl)
        try:
            expected = fn(ta, tb)
        except RuntimeError as e:
            with pytest.raises(type(e), match=_escape(str(e).split("\n")[0])):
                fn(a, b)
            continue
        r = fn(a, b)
        assert r is a
        np.testing.assert_allclose(values(r), values(expected), rtol=1e-6)


@pytest.mark.parametrize("dtype", _DUNDER_DTYPES)
@pytest.mark.parametrize("fn,name", UNARY_DUNDERS, ids=[n for _, n in UNARY_DUNDERS])
def test_unary_operators(fn, name, dtype):
    x = Arg(opdb.make_values(opdb.rng_for(name, dtype), (3, 4), dtype), "T")
    a = materialize(x, tl)
    op = opdb.BY_VARIANT[name]
    if fn is operator.invert and dtype in opdb.FLOATS:
        with pytest.raises(TypeError, match=r"~ \(operator.invert\) is only implemented on "
                                            "integer and Boolean-type tensors"):
            fn(a)
        return
    if not op.supports(dtype):
        exc, msg = op.error_message(dtype)
        with pytest.raises(exc, match=_escape(msg)):
            fn(a)
        return
    r = fn(a)
    assert r.dtype.name == dtype
    np.testing.assert_array_equal(values(r), op.reference(Sample([x])))


def test_comparison_operators_keep_tensors_hashable():
    a = tl.tensor([1, 2])
    b = tl.tensor([1, 2])
    assert len({a, b}) == 2 and a in {a}
    assert hash(a) == hash(a)
    d = {a: 1}
    assert d[a] == 1


def test_eq_with_non_numbers_is_false():
    a = tl.tensor([1, 2])
    assert (a == None) is False  # noqa: E711
    assert (a != None) is True  # noqa: E711
    assert (a == "x") is False
    assert (a == object()) is False


def test_contains_uses_eq():
    a = tl.tensor([[1, 2], [3, 4]])
    assert 3 in a and 5 not in a
