"""Creation functions, dtype inference and promotion tables, torch.Size, devices, and the
Python protocol of tensors (item/tolist/bool/float/int/index/len/iter), against numpy and
hand-checked values, and against PyTorch when it is installed."""
import math

import numpy as np
import pytest

import torchlike_core as tl

import opdb

DTYPE_NAMES = opdb.ALL


def _torch():
    return pytest.importorskip("torch")


def values(t):
    return np.array(t.numpy_view()) if isinstance(t, tl.Tensor) else t.detach().numpy().copy()


def dt(name):
    return getattr(tl, name)


# ---- torch.tensor(): dtype inference and copies ----------------------------------------

INFERENCE = [
    ("float_and_int", lambda lib: lib.tensor([5.5, 3]), "float32", [5.5, 3.0]),
    ("ints", lambda lib: lib.tensor([1, 2, 3]), "int64", [1, 2, 3]),
    ("bools", lambda lib: lib.tensor([True, False]), "bool", [True, False]),
    ("bool_and_int", lambda lib: lib.tensor([True, 2]), "int64", [1, 2]),
    ("bool_and_float", lambda lib: lib.tensor([True, 2.5]), "float32", [1.0, 2.5]),
    ("nested", lambda lib: lib.tensor([[1, 2], [3, 4]]), "int64", [[1, 2], [3, 4]]),
    ("nested_mixed", lambda lib: lib.tensor([[1, 2], [3, 4.5]]), "float32", [[1, 2], [3, 4.5]]),
    ("tuples", lambda lib: lib.tensor(((1, 2), (3, 4))), "int64", [[1, 2], [3, 4]]),
    ("range", lambda lib: lib.tensor(range(3)), "int64", [0, 1, 2]),
    ("scalar_int", lambda lib: lib.tensor(3), "int64", 3),
    ("scalar_float", lambda lib: lib.tensor(2.5), "float32", 2.5),
    ("scalar_bool", lambda lib: lib.tensor(True), "bool", True),
    ("empty", lambda lib: lib.tensor([]), "float32", []),
    ("empty_nested", lambda lib: lib.tensor([[], []]), "float32", [[], []]),
    ("empty_numpy", lambda lib: lib.tensor(np.zeros((0, 3))), "float64", np.zeros((0, 3))),
    ("numpy_float64_scalar", lambda lib: lib.tensor(np.float64(1.5)), "float64", 1.5),
    ("numpy_int32_scalar", lambda lib: lib.tensor(np.int32(3)), "int32", 3),
    ("list_of_numpy_floats", lambda lib: lib.tensor([np.float64(1.5), 2]), "float64", [1.5, 2.0]),
    ("list_of_numpy_ints", lambda lib: lib.tensor([np.int32(1), 2]), "int64", [1, 2]),
    ("numpy_array", lambda lib: lib.tensor(np.array([1, 2], dtype=np.int16)), "int16", [1, 2]),
    ("numpy_float64", lambda lib: lib.tensor(np.array([0.5])), "float64", [0.5]),
    ("zero_d_tensors", lambda lib: lib.tensor([lib.tensor(1.0), lib.tensor(2.0)]), "float32",
     [1.0, 2.0]),
    ("dtype_arg", lambda lib: lib.tensor([1, 2], dtype=lib.float64), "float64", [1.0, 2.0]),
    ("dtype_truncates", lambda lib: lib.tensor([1.7, -1.7], dtype=lib.int64), "int64", [1, -1]),
    ("dtype_bool", lambda lib: lib.tensor([0, 2], dtype=lib.bool), "bool", [False, True]),
    ("dtype_half", lambda lib: lib.tensor([1, 2.5], dtype=lib.float16), "float16", [1.0, 2.5]),
    ("nan_inf", lambda lib: lib.tensor([math.nan, math.inf]), "float32", [math.nan, math.inf]),
]


@pytest.mark.parametrize("name,make,dtype,expected", INFERENCE, ids=[c[0] for c in INFERENCE])
def test_tensor_dtype_inference(name, make, dtype, expected):
    t = make(tl)
    assert t.dtype is dt(dtype)
    np.testing.assert_array_equal(values(t), np.array(expected, dtype=dtype))


@pytest.mark.parametrize("name,make,dtype,expected", INFERENCE, ids=[c[0] for c in INFERENCE])
def test_tensor_dtype_inference_vs_torch(name, make, dtype, expected):
    torch = _torch()
    e, t = make(torch), make(tl)
    assert str(t.dtype) == str(e.dtype) and tuple(t.shape) == tuple(e.shape)
    assert t.stride() == e.stride()
    np.testing.assert_array_equal(values(t), values(e))


BAD_DATA = [
    ("ragged", lambda lib: lib.tensor([[1, 2], [3]]), ValueError,
     "expected sequence of length 2 at dim 1 (got 1)"),
    ("none", lambda lib: lib.tensor([1, None]), RuntimeError, "Could not infer dtype of NoneType"),
    ("overflow_uint8", lambda lib: lib.tensor([300], dtype=lib.uint8), RuntimeError,
     "value cannot be converted to type uint8 without overflow"),
    ("tensor_elements", lambda lib: lib.tensor([lib.tensor([1., 3]), lib.tensor([2., 4])]),
     ValueError, "only one element tensors can be converted to Python scalars"),
]


@pytest.mark.parametrize("name,make,exc,msg", BAD_DATA, ids=[c[0] for c in BAD_DATA])
def test_tensor_bad_data(name, make, exc, msg):
    with pytest.raises(exc, match=_re(msg)):
        make(tl)


@pytest.mark.parametrize("name,make,exc,msg", BAD_DATA, ids=[c[0] for c in BAD_DATA])
def test_tensor_bad_data_matches_torch(name, make, exc, msg):
    torch = _torch()
    with pytest.raises(exc, match=_re(msg)):
        make(torch)


def _re(msg):
    import re
    return re.escape(msg)


def test_tensor_copies_numpy_and_tensors():
    a = np.array([1.0, 2.0])
    t = tl.tensor(a)
    a[0] = 100
    assert values(t)[0] == 1.0 and t.dtype is tl.float64
    with pytest.warns(UserWarning, match="To copy construct from a tensor"):
        u = tl.tensor(t)
    u.add_(1)
    assert values(t)[0] == 1.0
    nested = [[1, 2]]
    t = tl.tensor(nested)
    nested[0][0] = 9
    assert values(t)[0, 0] == 1


def test_tensor_from_noncontiguous_numpy():
    a = np.arange(12.0).reshape(3, 4)[:, ::2].T
    t = tl.tensor(a)
    np.testing.assert_array_equal(values(t), a)
    neg = np.arange(5)[::-1]
    np.testing.assert_array_equal(values(tl.tensor(neg)), neg)   # tensor() copies: allowed


# ---- from_numpy / numpy() / as_tensor: shared memory ------------------------------------

@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_from_numpy_shares_memory_both_ways(dtype):
    a = np.zeros((2, 3), dtype=dtype)
    t = tl.from_numpy(a)
    assert t.dtype is dt(dtype) and tuple(t.shape) == (2, 3)
    assert t.data_ptr() == a.ctypes.data
    a[0, 1] = 1
    assert values(t)[0, 1] == 1
    t.fill_(1)
    assert a.all()
    assert t.numpy() is not None and np.shares_memory(t.numpy(), a)


def test_from_numpy_keeps_strides_and_keeps_the_array_alive():
    base = np.arange(24.0).reshape(4, 6)
    view = base[1:, ::2].T
    t = tl.from_numpy(view)
    assert t.stride() == tuple(s // 8 for s in view.strides)
    del view, base
    np.testing.assert_array_equal(values(t), np.arange(24.0).reshape(4, 6)[1:, ::2].T)


def test_from_numpy_errors():
    with pytest.raises(ValueError, match="At least one stride in the given numpy array is "
                                         "negative, and tensors with negative strides are not "
                                         "currently supported"):
        tl.from_numpy(np.arange(3)[::-1])
    with pytest.raises(TypeError, match=r"expected np.ndarray \(got list\)"):
        tl.from_numpy([1, 2])
    with pytest.raises(TypeError, match="can't convert np.ndarray of type"):
        tl.from_numpy(np.zeros(2, np.complex128))
    with pytest.raises(TypeError, match="can't convert np.ndarray of type"):
        tl.from_numpy(np.array(["a"]))


def test_from_numpy_errors_match_torch():
    torch = _torch()
    for lib in (torch, tl):
        with pytest.raises(ValueError) as info:
            lib.from_numpy(np.arange(3)[::-1])
        msg = str(info.value)
        if lib is torch:
            expected = msg
    assert msg == expected


def test_numpy_shares_memory():
    t = tl.zeros(2, 3)
    a = t.numpy()
    a[1, 2] = 5
    assert values(t)[1, 2] == 5
    t.add_(1)
    assert a[0, 0] == 1
    tt = t.t()
    assert np.shares_memory(tt.numpy(), a) and tt.numpy().strides == a.T.strides


def test_as_tensor_does_not_copy():
    a = np.arange(4.0)
    t = tl.as_tensor(a)
    a[0] = 7
    assert values(t)[0] == 7
    assert tl.as_tensor(t) is t
    c = tl.as_tensor(a, dtype=tl.float32)        # another dtype: a converted copy
    a[1] = 9
    assert c.dtype is tl.float32 and values(c)[1] == 1
    lst = tl.as_tensor([1, 2])
    assert lst.dtype is tl.int64
    assert tl.asarray(a).data_ptr() == a.ctypes.data


# ---- factories vs PyTorch ----------------------------------------------------------------

FACTORIES = [
    ("zeros", lambda lib: lib.zeros(2, 3)),
    ("zeros_tuple", lambda lib: lib.zeros((2, 3))),
    ("zeros_list", lambda lib: lib.zeros([2, 3], dtype=lib.int64)),
    ("zeros_size", lambda lib: lib.zeros(lib.Size([2, 1]), dtype=lib.bool)),
    ("zeros_0d", lambda lib: lib.zeros(())),
    ("zeros_empty", lambda lib: lib.zeros(0, 3)),
    ("ones", lambda lib: lib.ones(3, dtype=lib.float16)),
    ("ones_int8", lambda lib: lib.ones((2, 2), dtype=lib.int8)),
    ("full_float", lambda lib: lib.full((2, 3), 1.5)),
    ("full_int", lambda lib: lib.full((2,), 7)),
    ("full_bool", lambda lib: lib.full((2,), True)),
    ("full_dtype", lambda lib: lib.full((2,), 2, dtype=lib.float64)),
    ("full_0d", lambda lib: lib.full((), 3.0)),
    ("full_bool_dtype", lambda lib: lib.full((2,), 2, dtype=lib.bool)),
    ("arange", lambda lib: lib.arange(5)),
    ("arange_start", lambda lib: lib.arange(1, 5)),
    ("arange_float_step", lambda lib: lib.arange(0, 1, 0.1)),
    ("arange_float_end", lambda lib: lib.arange(5.0)),
    ("arange_half_step", lambda lib: lib.arange(1, 4, 0.5)),
    ("arange_negative", lambda lib: lib.arange(10, 0, -3)),
    ("arange_negative_float", lambda lib: lib.arange(0, -1, -0.25)),
    ("arange_dtype", lambda lib: lib.arange(5, dtype=lib.float64)),
    ("arange_float_start", lambda lib: lib.arange(0.5, 3)),
    ("arange_tensor", lambda lib: lib.arange(lib.tensor(3))),
    ("arange_empty", lambda lib: lib.arange(3, 3)),
    ("linspace", lambda lib: lib.linspace(0, 1, 5)),
    ("linspace_one", lambda lib: lib.linspace(-1, 1, 1)),
    ("linspace_zero", lambda lib: lib.linspace(0, 1, 0)),
    ("linspace_const", lambda lib: lib.linspace(3, 3, 4)),
    ("linspace_int", lambda lib: lib.linspace(0, 10, 7, dtype=lib.int64)),
    ("linspace_f64", lambda lib: lib.linspace(0, 1, 7, dtype=lib.float64)),
    ("linspace_long", lambda lib: lib.linspace(-3.3, 7.1, 101)),
    ("logspace", lambda lib: lib.logspace(0, 2, 3)),
    ("logspace_base2", lambda lib: lib.logspace(0, 1, 4, base=2)),
    ("logspace_f64", lambda lib: lib.logspace(-1, 1, 5, dtype=lib.float64)),
    ("logspace_int", lambda lib: lib.logspace(0, 2, 3, dtype=lib.int64)),
    ("eye", lambda lib: lib.eye(3)),
    ("eye_rect", lambda lib: lib.eye(2, 4)),
    ("eye_empty", lambda lib: lib.eye(0)),
    ("eye_int", lambda lib: lib.eye(3, dtype=lib.int64)),
    ("eye_bool", lambda lib: lib.eye(3, dtype=lib.bool)),
    ("zeros_like", lambda lib: lib.zeros_like(lib.ones(2, 3, dtype=lib.int16))),
    ("ones_like_dtype", lambda lib: lib.ones_like(lib.tensor([1, 2]), dtype=lib.float64)),
    ("full_like", lambda lib: lib.full_like(lib.tensor([1, 2]), 2.7)),
    ("full_like_float", lambda lib: lib.full_like(lib.ones(2).t(), 2.5)),
    ("empty_like_shape", lambda lib: lib.zeros_like(lib.empty_like(lib.ones(2, 3).t()))),
    ("new_zeros", lambda lib: lib.ones(2, dtype=lib.float64).new_zeros(2, 3)),
    ("new_ones", lambda lib: lib.tensor([1, 2]).new_ones((2,))),
    ("new_full", lambda lib: lib.tensor([1, 2]).new_full((2,), 3.5)),
    ("new_tensor", lambda lib: lib.tensor([1.0, 2]).new_tensor([1, 2])),
    ("new_tensor_int", lambda lib: lib.tensor([1, 2]).new_tensor([1.5])),
    ("new_empty", lambda lib: lib.zeros_like(lib.tensor([1.0, 2]).new_empty(0))),
    ("legacy_sizes", lambda lib: lib.Tensor(2, 3).zero_()),
    ("legacy_list", lambda lib: lib.Tensor([1, 2])),
    ("legacy_nested", lambda lib: lib.Tensor([[1, 2], [3, 4]])),
    ("legacy_tuple", lambda lib: lib.Tensor((1, 2))),
    ("legacy_empty", lambda lib: lib.Tensor()),
    ("legacy_size", lambda lib: lib.Tensor(lib.Size([2, 3])).zero_()),
    ("legacy_numpy", lambda lib: lib.Tensor(np.array([1, 2]))),
    ("legacy_tensor", lambda lib: lib.Tensor(lib.tensor([1.0, 2.0]))),
]


@pytest.mark.parametrize("name,make", FACTORIES, ids=[c[0] for c in FACTORIES])
def test_factories_vs_torch(name, make):
    torch = _torch()
    e, t = make(torch), make(tl)
    assert isinstance(t, tl.Tensor)
    assert str(t.dtype) == str(e.dtype)
    assert tuple(t.shape) == tuple(e.shape)
    assert t.stride() == e.stride()
    if t.dtype.is_floating_point:
        np.testing.assert_allclose(values(t), values(e), rtol=1e-6, atol=1e-7)
    else:
        np.testing.assert_array_equal(values(t), values(e))


def test_factories_values():
    np.testing.assert_array_equal(values(tl.zeros(2, 3)), np.zeros((2, 3), np.float32))
    assert tl.zeros(2, 3).dtype is tl.float32 and tl.ones(2, dtype=tl.int64).dtype is tl.int64
    np.testing.assert_array_equal(values(tl.ones(2, dtype=tl.bool)), [True, True])
    np.testing.assert_array_equal(values(tl.full((2,), 7)), [7, 7])
    assert tl.full((2,), 7).dtype is tl.int64 and tl.full((2,), 1.5).dtype is tl.float32
    assert tl.full((2,), True).dtype is tl.bool
    np.testing.assert_array_equal(values(tl.arange(5)), np.arange(5))
    assert tl.arange(5).dtype is tl.int64 and tl.arange(5.0).dtype is tl.float32
    np.testing.assert_allclose(values(tl.arange(0, 1, 0.1)), np.arange(0, 1, 0.1), rtol=1e-6)
    assert tl.arange(0, 1, 0.1).shape == (10,)
    np.testing.assert_array_equal(values(tl.arange(10, 0, -3)), [10, 7, 4, 1])
    np.testing.assert_allclose(values(tl.linspace(0, 1, 5)), np.linspace(0, 1, 5))
    assert values(tl.linspace(-3.3, 7.1, 101))[-1] == np.float32(7.1)    # exact end point
    np.testing.assert_allclose(values(tl.logspace(0, 2, 3)), [1, 10, 100])
    np.testing.assert_array_equal(values(tl.eye(2, 3)), np.eye(2, 3))
    assert tl.empty(2, 3).shape == (2, 3) and tl.empty(0).numel() == 0
    x = tl.ones(2, 3, dtype=tl.int16)
    for like in (tl.zeros_like(x), tl.ones_like(x), tl.empty_like(x), tl.full_like(x, 3)):
        assert like.dtype is tl.int16 and like.shape == (2, 3)
        assert like._storage is not x._storage
    assert values(tl.full_like(x, 3.9))[0, 0] == 3
    assert x.new_zeros(3).dtype is tl.int16 and x.new_full((1,), 2).dtype is tl.int16
    assert x.new_tensor([1.5]).dtype is tl.int16


def test_legacy_constructors():
    t = tl.Tensor(2, 3)
    assert t.dtype is tl.float32 and t.shape == (2, 3)
    np.testing.assert_array_equal(values(tl.Tensor([1, 2])), np.array([1.0, 2.0], np.float32))
    assert tl.Tensor([1, 2]).dtype is tl.float32
    assert tl.Tensor().shape == (0,)
    x = tl.tensor([1.0, 2.0])
    alias = tl.Tensor(x)
    assert alias.data_ptr() == x.data_ptr()          # the legacy constructor aliases
    assert isinstance(tl.Tensor([1]), tl.Tensor)


FACTORY_ERRORS = [
    ("arange_step_zero", lambda lib: lib.arange(0, 5, 0), RuntimeError, "step must be nonzero"),
    ("arange_sign", lambda lib: lib.arange(0, 5, -1), RuntimeError,
     "upper bound and lower bound inconsistent with step sign"),
    ("arange_inf", lambda lib: lib.arange(float("inf")), RuntimeError,
     "unsupported range: 0 -> inf"),
    ("arange_bool", lambda lib: lib.arange(5, dtype=lib.bool), NotImplementedError,
     "\"arange_cpu\" not implemented for 'Bool'"),
    ("linspace_steps", lambda lib: lib.linspace(0, 1, -1), RuntimeError,
     "number of steps must be non-negative"),
    ("eye_n", lambda lib: lib.eye(-1), RuntimeError, "n must be greater or equal to 0, got -1"),
    ("eye_m", lambda lib: lib.eye(2, -1), RuntimeError, "m must be greater or equal to 0, got -1"),
    ("zeros_negative", lambda lib: lib.zeros(2, -3), RuntimeError,
     "zeros: Dimension size must be non-negative."),
    ("ones_negative", lambda lib: lib.ones(-1), RuntimeError,
     "Trying to create tensor with negative dimension -1: [-1]"),
    ("empty_negative", lambda lib: lib.empty(-1), RuntimeError,
     "Trying to create tensor with negative dimension -1: [-1]"),
    ("full_negative", lambda lib: lib.full((-1,), 1.0), RuntimeError,
     "Trying to create tensor with negative dimension -1: [-1]"),
    ("legacy_negative", lambda lib: lib.Tensor(-1), RuntimeError,
     "Trying to create tensor with negative dimension -1: [-1]"),
    ("set_default_int", lambda lib: lib.set_default_dtype(lib.int64), TypeError,
     "only floating-point types are supported as the default type"),
]


@pytest.mark.parametrize("name,make,exc,msg", FACTORY_ERRORS, ids=[c[0] for c in FACTORY_ERRORS])
def test_factory_errors(name, make, exc, msg):
    with pytest.raises(exc) as info:
        make(tl)
    assert str(info.value) == msg


@pytest.mark.parametrize("name,make,exc,msg", FACTORY_ERRORS, ids=[c[0] for c in FACTORY_ERRORS])
def test_factory_errors_match_torch(name, make, exc, msg):
    torch = _torch()
    with pytest.raises(exc) as info:
        make(torch)
    assert str(info.value) == msg


# ---- default dtype ---------------------------------------------------------------------

@pytest.fixture
def default_float64():
    prev = tl.get_default_dtype()
    tl.set_default_dtype(tl.float64)
    yield
    tl.set_default_dtype(prev)


def test_set_default_dtype(default_float64):
    assert tl.get_default_dtype() is tl.float64
    assert tl.tensor([1.5]).dtype is tl.float64
    assert tl.tensor([1, 2]).dtype is tl.int64
    assert tl.zeros(2).dtype is tl.float64 and tl.ones(1).dtype is tl.float64
    assert tl.arange(0.0, 1.0).dtype is tl.float64 and tl.arange(3).dtype is tl.int64
    assert tl.full((1,), 1.5).dtype is tl.float64
    assert tl.linspace(0, 1, 3).dtype is tl.float64 and tl.eye(2).dtype is tl.float64
    assert tl.Tensor([1]).dtype is tl.float64
    assert (tl.tensor([1, 2]) * 0.5).dtype is tl.float64


def test_set_default_dtype_half():
    prev = tl.get_default_dtype()
    try:
        tl.set_default_dtype(tl.float16)
        assert tl.tensor([1.5]).dtype is tl.float16
    finally:
        tl.set_default_dtype(prev)
    assert tl.get_default_dtype() is prev is tl.float32


def test_default_dtype_is_float32():
    assert tl.get_default_dtype() is tl.float32
    assert tl.float is tl.float32 and tl.double is tl.float64 and tl.long is tl.int64
    assert tl.half is tl.float16 and tl.int is tl.int32 and tl.short is tl.int16


# ---- dtype objects and the promotion tables ---------------------------------------------

@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_dtype_objects(name):
    d = dt(name)
    assert repr(d) == f"torch.{name}" and d.itemsize == np.dtype(name).itemsize
    assert d.is_floating_point == (name in opdb.FLOATS) and d.is_complex is False
    import pickle
    assert pickle.loads(pickle.dumps(d)) is d
    assert tl.zeros(1, dtype=d).element_size() == d.itemsize


@pytest.mark.parametrize("a", DTYPE_NAMES)
@pytest.mark.parametrize("b", DTYPE_NAMES)
def test_promote_types_table(a, b):
    assert tl.promote_types(dt(a), dt(b)) is dt(opdb.promote_types(a, b))
    assert tl.promote_types(dt(a), dt(b)) is tl.promote_types(dt(b), dt(a))
    x, y = tl.ones(2, dtype=dt(a)), tl.ones(2, dtype=dt(b))
    assert tl.result_type(x, y) is dt(opdb.promote_types(a, b))
    # a 0-d tensor only matters when it is of a higher category
    assert tl.result_type(x, tl.ones((), dtype=dt(b))).name == \
        opdb.result_type(opdb.Arg(np.ones(2, a)), opdb.Arg(np.ones((), b)))
    can = opdb._CATEGORY[a] <= opdb._CATEGORY[b]
    assert tl.can_cast(dt(a), dt(b)) == can


def test_promote_types_table_vs_torch():
    torch = _torch()
    for a in DTYPE_NAMES:
        for b in DTYPE_NAMES:
            ta, tb = getattr(torch, a), getattr(torch, b)
            assert str(tl.promote_types(dt(a), dt(b))) == str(torch.promote_types(ta, tb)), (a, b)
            assert tl.can_cast(dt(a), dt(b)) == torch.can_cast(ta, tb), (a, b)
            for shape in ((2,), ()):
                x, y = torch.ones(2, dtype=ta), torch.ones(shape, dtype=tb)
                lx, ly = tl.ones(2, dtype=dt(a)), tl.ones(shape, dtype=dt(b))
                assert str(tl.result_type(lx, ly)) == str(torch.result_type(x, y)), (a, b, shape)
                assert str(tl.result_type(ly, lx)) == str(torch.result_type(y, x)), (a, b, shape)
            for scalar in (True, 2, 2.5):
                x = torch.ones((), dtype=ta)
                assert str(tl.result_type(tl.ones((), dtype=dt(a)), scalar)) == \
                    str(torch.result_type(x, scalar)), (a, scalar)


def test_promote_types_accepts_aliases():
    assert tl.promote_types(tl.int, tl.float) is tl.float32
    assert tl.promote_types(tl.uint8, tl.int8) is tl.int16
    assert tl.promote_types(tl.bool, tl.bool) is tl.bool


# ---- torch.Size ----------------------------------------------------------------------------

def test_size():
    s = tl.zeros(2, 3).shape
    assert isinstance(s, tl.Size) and isinstance(s, tuple)
    assert repr(s) == "torch.Size([2, 3])" and str(s) == "torch.Size([2, 3])"
    assert repr(tl.Size([])) == "torch.Size([])" and repr(tl.zeros(()).shape) == "torch.Size([])"
    assert s == (2, 3) and s == tl.Size([2, 3]) and s != (3, 2)
    assert s.numel() == 6 and tl.Size([]).numel() == 1 and tl.Size([0, 5]).numel() == 0
    assert isinstance(s[1:], tl.Size) and s[1:] == (3,) and s[0] == 2 and s[-1] == 3
    assert isinstance(s + (4,), tl.Size) and s + (4,) == (2, 3, 4)
    assert isinstance((4,) + s, tl.Size) and (4,) + s == (4, 2, 3)
    assert isinstance(s * 2, tl.Size) and s * 2 == (2, 3, 2, 3)
    assert tl.Size((tl.tensor(2), 3)) == (2, 3)
    import pickle
    assert pickle.loads(pickle.dumps(s)) == s and isinstance(pickle.loads(pickle.dumps(s)), tl.Size)
    with pytest.raises(TypeError, match=r"torch.Size\(\) takes an iterable of 'int' \(item 0 is "
                                        r"'float'\)"):
        tl.Size([2.5])


def test_size_vs_torch():
    torch = _torch()
    for make in (lambda lib: lib.Size([2, 3]), lambda lib: lib.Size([]),
                 lambda lib: lib.Size([2, 3])[1:], lambda lib: lib.Size([2]) + (4,),
                 lambda lib: (4,) + lib.Size([2]), lambda lib: lib.Size([1]) * 3):
        assert repr(make(tl)) == repr(make(torch))


# ---- devices ---------------------------------------------------------------------------------

def test_devices():
    cpu = tl.device("cpu")
    assert cpu.type == "cpu" and cpu.index is None
    assert repr(cpu) == "device(type='cpu')" and str(cpu) == "cpu"
    c1 = tl.device("cuda:1")
    assert c1.type == "cuda" and c1.index == 1 and str(c1) == "cuda:1"
    assert repr(tl.device("cuda", 0)) == "device(type='cuda', index=0)"
    assert tl.device("cuda", 0) == tl.device("cuda:0") and tl.device("cuda") != tl.device("cuda:0")
    assert tl.device(cpu) == cpu and hash(tl.device("cpu")) == hash(cpu)
    assert len({tl.device("cpu"), tl.device("cpu"), tl.device("cuda:0")}) == 2
    assert tl.zeros(1).device == cpu and tl.zeros(1).device.type == "cpu"
    assert tl.zeros(1).is_cpu and not tl.zeros(1).is_cuda and tl.zeros(1).get_device() == -1
    import pickle
    assert pickle.loads(pickle.dumps(c1)) == c1
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        tl.device("gpu")
    with pytest.raises(RuntimeError, match=r"Invalid device string: 'cuda:x'"):
        tl.device("cuda:x")
    with pytest.raises(RuntimeError, match="type \\(string\\) must not include an index because "
                                           "index was passed explicitly: cuda:1"):
        tl.device("cuda:1", 1)
    with pytest.raises(RuntimeError, match="Device index must not be negative"):
        tl.device("cuda", -1)


def test_devices_vs_torch():
    torch = _torch()
    for args in [("cpu",), ("cuda:1",), ("cuda", 0), ("cuda",), ("cpu", 0), ("meta",)]:
        assert repr(tl.device(*args)) == repr(torch.device(*args))
        assert str(tl.device(*args)) == str(torch.device(*args))
    # a device compares equal to devices, not to strings (as in PyTorch)
    assert (tl.device("cpu") == "cpu") == (torch.device("cpu") == "cpu")


def test_factory_device_argument():
    assert tl.zeros(2, device="cpu").device.type == "cpu"
    assert tl.tensor([1], device=tl.device("cpu")).device.type == "cpu"
    assert tl.ones(1).to("cpu").device.type == "cpu"


# ---- the Python protocol ------------------------------------------------------------------

def test_item_and_tolist():
    assert tl.tensor(2.5).item() == 2.5 and type(tl.tensor(2.5).item()) is float
    assert type(tl.tensor(3).item()) is int and type(tl.tensor(True).item()) is bool
    assert tl.tensor([[7]]).item() == 7
    assert tl.tensor(2.5, dtype=tl.float16).item() == 2.5
    assert tl.tensor([[1, 2]], dtype=tl.int8).tolist() == [[1, 2]]
    assert tl.tensor(3).tolist() == 3 and tl.tensor([]).tolist() == []
    assert tl.tensor([True]).tolist() == [True] and type(tl.tensor([1.5]).tolist()[0]) is float
    assert tl.arange(6).view(2, 3).t().tolist() == [[0, 3], [1, 4], [2, 5]]
    with pytest.raises(RuntimeError, match="a Tensor with 2 elements cannot be converted to Scalar"):
        tl.tensor([1.0, 2.0]).item()
    with pytest.raises(RuntimeError, match="a Tensor with 0 elements cannot be converted to Scalar"):
        tl.tensor([]).item()


def test_scalar_conversions():
    assert float(tl.tensor([[2.5]])) == 2.5 and int(tl.tensor([2.7])) == 2
    assert int(tl.tensor(-2.7)) == -2 and complex(tl.tensor(2.0)) == 2 + 0j
    assert tl.tensor([3]).__index__() == 3 and [1, 2, 3][tl.tensor(1)] == 2
    assert tl.tensor([True]).__index__() == 1
    assert bool(tl.tensor([0.0])) is False and bool(tl.tensor(3)) is True
    assert f"{tl.tensor(2.5):.2f}" == "2.50"
    for conv in (float, int):
        with pytest.raises(ValueError, match="only one element tensors can be converted to Python "
                                             "scalars"):
            conv(tl.tensor([1.0, 2.0]))
        with pytest.raises(ValueError, match="only one element tensors can be converted to Python "
                                             "scalars"):
            conv(tl.tensor([]))
    with pytest.raises(TypeError, match="only integer tensors of a single element can be "
                                        "converted to an index"):
        tl.tensor(3.0).__index__()
    with pytest.raises(TypeError, match="only integer tensors of a single element can be "
                                        "converted to an index"):
        [1, 2][tl.tensor([0, 1])]
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value is "
                                           "ambiguous"):
        bool(tl.tensor([1, 2]))
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with no values is ambiguous"):
        bool(tl.tensor([]))
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value"):
        if tl.tensor([1, 2]) > 0:
            pass


def test_len_and_iter():
    t = tl.arange(6).view(3, 2)
    assert len(t) == 3 and len(tl.zeros(0, 2)) == 0
    rows = list(t)
    assert len(rows) == 3 and all(r._storage is t._storage for r in rows)
    assert [r.tolist() for r in rows] == [[0, 1], [2, 3], [4, 5]]
    assert list(tl.zeros(0)) == []
    a, b, c = tl.tensor([1, 2, 3])
    assert (a.item(), b.item(), c.item()) == (1, 2, 3) and a.dim() == 0
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(tl.tensor(1))
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        iter(tl.tensor(1))


def test_protocol_errors_match_torch():
    torch = _torch()
    cases = [lambda lib: float(lib.tensor([1.0, 2.0])), lambda lib: int(lib.tensor([])),
             lambda lib: lib.tensor([1.0, 2.0]).item(), lambda lib: bool(lib.tensor([1, 2])),
             lambda lib: bool(lib.tensor([])), lambda lib: lib.tensor(3.0).__index__(),
             lambda lib: len(lib.tensor(1)), lambda lib: iter(lib.tensor(1))]
    for case in cases:
        with pytest.raises(Exception) as expected:
            case(torch)
        with pytest.raises(type(expected.value)) as got:
            case(tl)
        assert str(got.value) == str(expected.value)


# PyTorch's checked conversion of a Python number to the dtype it fills (c10::overflows).
FILL_OVERFLOWS = {
    "full_uint8_300": (lambda lib: lib.full((2,), 300, dtype=lib.uint8), "uint8_t"),
    "full_int64_nan": (lambda lib: lib.full((2,), float("nan"), dtype=lib.int64), "int64_t"),
    "full_int8_below": (lambda lib: lib.full((2,), -128.5, dtype=lib.int8), "int8_t"),
    "full_float32_1e39": (lambda lib: lib.full((1,), 1e39), "float"),
    "full_like_int8": (lambda lib: lib.full_like(lib.zeros(2, dtype=lib.int8), 300), "int8_t"),
    "new_full_int16": (lambda lib: lib.zeros(2, dtype=lib.int16).new_full((2,), 2 ** 15),
                       "int16_t"),
    "fill_int32": (lambda lib: lib.zeros(2, dtype=lib.int32).fill_(2 ** 31), "int"),
    "masked_fill_tensor": (lambda lib: lib.zeros(2, dtype=lib.uint8).masked_fill(
        lib.tensor([True, False]), lib.tensor(300)), "uint8_t"),
    "full_two_to_63": (lambda lib: lib.full((2,), 2 ** 63), "int64_t"),
    "constant_pad_value": (lambda lib: lib.constant_pad_nd(lib.zeros(2, dtype=lib.uint8),
                                                           (1, 1), 300), "uint8_t"),
}
FILL_FITS = {     # wraps, truncations and non-finite values PyTorch lets through
    "uint8_minus_one": (lambda lib: lib.full((2,), -1, dtype=lib.uint8), [255, 255]),
    "fill_from_tensor": (lambda lib: lib.zeros(2, dtype=lib.int8).fill_(lib.tensor(300)),
                         [44, 44]),
    "bool_300": (lambda lib: lib.full((2,), 300, dtype=lib.bool), [True, True]),
    "int64_two_to_63": (lambda lib: lib.full((1,), float(2 ** 63), dtype=lib.int64), [-2 ** 63]),
    "int64_truncates": (lambda lib: lib.full((2,), 2.5, dtype=lib.int64), [2, 2]),
    "float32_inf": (lambda lib: lib.full((1,), math.inf), [math.inf]),
    "masked_fill_float": (lambda lib: lib.zeros(2, dtype=lib.uint8).masked_fill(
        lib.tensor([True, False]), 2.5), [2, 0]),
    "float_two_to_63": (lambda lib: lib.full((1,), 2 ** 63, dtype=lib.float64), [2.0 ** 63]),
}


@pytest.mark.parametrize("name", FILL_OVERFLOWS)
def test_fill_values_that_overflow_the_dtype_raise(name):
    make, ctype = FILL_OVERFLOWS[name]
    with pytest.raises(RuntimeError, match=f"^value cannot be converted to type {ctype} "
                                           "without overflow$"):
        make(tl)


@pytest.mark.parametrize("name", FILL_FITS)
def test_fill_values_that_fit_or_wrap_as_pytorch(name):
    make, want = FILL_FITS[name]
    assert make(tl).tolist() == want


@pytest.mark.parametrize("name", list(FILL_OVERFLOWS) + list(FILL_FITS))
def test_fill_conversions_match_torch(name):
    torch = _torch()
    make = {**FILL_OVERFLOWS, **FILL_FITS}[name][0]
    try:
        want = make(torch).tolist()
    except RuntimeError as e:
        with pytest.raises(RuntimeError, match=f"^{e}$"):
            make(tl)
        return
    assert make(tl).tolist() == want


def test_fill_values_past_uint64_are_too_big_as_pytorch():
    with pytest.raises(OverflowError, match="^int too big to convert$"):
        tl.zeros(2).fill_(2 ** 64)
