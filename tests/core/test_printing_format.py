"""Character-for-character comparison of torchlike_core._printing with torch.

The module is loaded by file path because the package it lives in may not be
importable (or installed) when these tests run.
"""

import importlib.util
import math
import pathlib
import sys
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")

_PRINTING_PATH = (
    pathlib.Path(__file__).resolve().parents[2]
    / "packages/tensor_core/torchlike_core/_printing.py"
)


def _load_printing():
    name = "_torchlike_printing_under_test"
    spec = importlib.util.spec_from_file_location(name, _PRINTING_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


P = _load_printing()


# --------------------------------------------------------------------------
# helpers / fixtures
# --------------------------------------------------------------------------


def _reset_all():
    torch.set_printoptions(profile="default", sci_mode=None)
    P.set_printoptions(profile="default", sci_mode=None)
    torch.set_default_dtype(torch.float32)


@pytest.fixture(autouse=True)
def restore_print_options():
    _reset_all()
    yield
    _reset_all()


def set_both(**kwargs):
    torch.set_printoptions(**kwargs)
    P.set_printoptions(**kwargs)


def torch_dtype_name(t):
    return str(t.dtype).replace("torch.", "")


def check(arr):
    arr = np.ascontiguousarray(arr)
    t = torch.tensor(arr)
    expected = repr(t)
    got = P.format_tensor(
        arr, torch_dtype_name(t), default_float=str(torch.get_default_dtype())[6:]
    )
    assert got == expected, f"\nexpected:\n{expected}\ngot:\n{got}"
    assert str(t) == expected
    return got


def f32(x):
    return np.array(x, dtype=np.float32)


nan, inf = float("nan"), float("inf")


# --------------------------------------------------------------------------
# fixed cases
# --------------------------------------------------------------------------

INT_DTYPES = [np.uint8, np.int8, np.int16, np.int32, np.int64]
FLOAT_DTYPES = [np.float16, np.float32, np.float64]

BASIC_VALUES = [
    [1, 2],
    [[1, 2], [3, 4]],
    [0],
    [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]],
    [100, 0, 7, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
    5,
    0,
    127,
]


@pytest.mark.parametrize("dtype", INT_DTYPES + FLOAT_DTYPES)
@pytest.mark.parametrize("values", BASIC_VALUES, ids=lambda v: repr(v)[:30])
def test_basic_values_every_dtype(dtype, values):
    check(np.array(values, dtype=dtype))


@pytest.mark.parametrize(
    "values",
    [
        True,
        False,
        [True, False],
        [True, True],
        [False],
        [[True, False, True], [False, False, True]],
        np.ones(2000, dtype=bool),
        np.arange(60) % 3 == 0,
    ],
    ids=lambda v: repr(v)[:30],
)
def test_bool(values):
    check(np.array(values, dtype=bool))


@pytest.mark.parametrize("dtype", INT_DTYPES + FLOAT_DTYPES + [np.bool_])
@pytest.mark.parametrize(
    "shape", [(0,), (0, 3), (2, 0, 4), (3, 0), (0, 0), (1, 0, 1)], ids=str
)
def test_empty(dtype, shape):
    check(np.zeros(shape, dtype=dtype))


def test_empty_expected_strings():
    assert P.format_tensor(np.zeros((0,), np.float32), "float32") == "tensor([])"
    assert (
        P.format_tensor(np.zeros((0, 3), np.float32), "float32")
        == "tensor([], size=(0, 3))"
    )
    assert (
        P.format_tensor(np.zeros((0,), np.int64), "int64")
        == "tensor([], dtype=torch.int64)"
    )


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize(
    "values",
    [
        3.5,
        0.0,
        -0.0,
        1.0,
        -2.0,
        1e-5,
        1e9,
        nan,
        inf,
        -inf,
        [1.0, 2.0],
        [1.5, 2.25, -3.125],
        [1e-5, 1e5],
        [1e-5, 1.0],
        [1e9, 1.0],
        [1e9, 2e9],
        [0.5, 1000.0],
        [0.5, 500.1],
        [1.0, 1000.0],
        [1.0, 1001.0],
        [1e8, 1.0],
        [1.0001e8],
        [1e-4, 2e-4],
        [9.9e-5],
        [nan, inf, -inf],
        [nan, 1.0],
        [nan, 1.5],
        [inf, 1e-5],
        [-inf, 123456.0],
        [-0.0, 0.0],
        [-0.0, 1.0],
        [-0.0, 1.5],
        [0.0, 0.0, 0.0],
        [-1e-5, 0.0, 2.0],
        [123456789.0, 1.0, -3.0],
        [0.1, 0.2, 0.3],
        [0.99995, 9.99995, -99.99995],
        [65504.0, -65504.0],
        [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0],
        [[1.0, 2.5], [nan, -inf]],
        [[0.001, 0.01], [0.1, 1.0]],
        [[[1e-3]], [[1e3]]],
    ],
    ids=lambda v: repr(v)[:40],
)
def test_float_values(dtype, values):
    with np.errstate(over="ignore"):
        arr = np.array(values, dtype=dtype)
    check(arr)


def test_float_expected_strings():
    assert P.format_tensor(f32([1, 2]), "float32") == "tensor([1., 2.])"
    assert P.format_tensor(f32(3.5), "float32") == "tensor(3.5000)"
    assert (
        P.format_tensor(f32([1e-5, 1e5]), "float32") == "tensor([1.0000e-05, 1.0000e+05])"
    )
    assert P.format_tensor(f32([nan, inf, -inf]), "float32") == "tensor([nan, inf, -inf])"
    assert P.format_tensor(np.array([True, False]), "bool") == "tensor([ True, False])"
    assert (
        P.format_tensor(np.array([[1, 2], [3, 4]]), "int64")
        == "tensor([[1, 2],\n        [3, 4]])"
    )
    assert (
        P.format_tensor(np.array([1, 2], np.int32), "int32")
        == "tensor([1, 2], dtype=torch.int32)"
    )
    assert (
        P.format_tensor(np.array([1.5], np.float16), "float16")
        == "tensor([1.5000], dtype=torch.float16)"
    )


@pytest.mark.parametrize(
    "arr",
    [
        np.array([0, 255, 17], dtype=np.uint8),
        np.array([-128, 127, 0], dtype=np.int8),
        np.array([-32768, 32767], dtype=np.int16),
        np.array([-(2**31), 2**31 - 1], dtype=np.int32),
        np.array([-(2**63), 2**63 - 1, 0], dtype=np.int64),
        np.array([[-(2**63), 1], [2, 3]], dtype=np.int64),
        np.array(2**63 - 1, dtype=np.int64),
        np.array([10**18] * 12, dtype=np.int64),
        np.array([-1, -10, -100, 5], dtype=np.int64),
        np.arange(-50, 50, dtype=np.int64),
    ],
    ids=lambda a: f"{a.dtype}-{a.shape}",
)
def test_ints(arr):
    check(arr)


# --------------------------------------------------------------------------
# summarisation, line wrapping, nesting
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arr",
    [
        np.arange(2000, dtype=np.float32),
        np.arange(2000, dtype=np.int64),
        np.arange(1001, dtype=np.int32),
        np.arange(1000, dtype=np.int64),
        np.arange(1600, dtype=np.float32).reshape(40, 40) / 7,
        np.arange(1200, dtype=np.float64).reshape(3, 400),
        np.arange(1200, dtype=np.int16).reshape(400, 3),
        np.arange(24000, dtype=np.float32).reshape(20, 30, 40) * 1e-3,
        np.arange(2 * 3 * 4 * 50, dtype=np.float16).reshape(2, 3, 4, 50),
        np.random.RandomState(0).randn(100, 100).astype(np.float32),
        np.random.RandomState(1).randn(7, 7, 7, 7).astype(np.float64) * 1e6,
        # the extremes are outside the summary: formatter only sees the edges
        np.concatenate([f32([1.0, 2.0, 3.0]), np.full(2000, 1e-9, np.float32), f32([4, 5, 6])]),
        np.concatenate([np.arange(5), np.full(2000, 10**12), np.arange(5)]),
    ],
    ids=lambda a: f"{a.dtype}-{a.shape}",
)
def test_summarized(arr):
    got = check(arr)
    assert ("..." in got) == (arr.size > 1000)


@pytest.mark.parametrize(
    "arr",
    [
        np.linspace(-1e4, 1e4, 30).astype(np.float32),
        np.arange(30, dtype=np.float32) * 12345.678,
        np.arange(100, dtype=np.int64) * 10**9,
        np.arange(60, dtype=np.float64).reshape(2, 30) * 1e7 + 0.5,
        np.arange(90, dtype=np.float32).reshape(3, 30) / 3,
        np.arange(200, dtype=np.float32).reshape(2, 2, 50) * -1.5,
        np.full(40, 1.2345e-7, np.float64),
        np.array([True, False] * 30),
    ],
    ids=lambda a: f"{a.dtype}-{a.shape}",
)
def test_line_wrapping(arr):
    got = check(arr)
    assert "\n" in got


@pytest.mark.parametrize("n", range(1, 40))
def test_suffix_wrapping_int32(n):
    # elements of width 10 make the last line length vary with n, so the
    # dtype suffix sometimes fits and sometimes goes to the next line
    check(np.arange(n, dtype=np.int32) + 10**9)


def test_suffix_wrapping_happens():
    results = [check(np.arange(n, dtype=np.int32) + 10**9) for n in range(1, 40)]
    assert any("\n       dtype=torch.int32" in r for r in results)
    assert any(r.endswith(", dtype=torch.int32)") and "\n" in r for r in results)


@pytest.mark.parametrize("ndim", [1, 2, 3, 4, 5])
def test_nested_brackets(ndim):
    shape = (2,) * ndim
    check(np.arange(2**ndim, dtype=np.float32).reshape(shape) / 4)
    check(np.arange(2**ndim, dtype=np.int64).reshape(shape))


@pytest.mark.parametrize("shape", [(1,), (1, 1), (1, 1, 1), (3, 1), (1, 3), (2, 1, 3)], ids=str)
def test_singleton_dims(shape):
    check(np.arange(math.prod(shape), dtype=np.float32).reshape(shape) + 0.25)


# --------------------------------------------------------------------------
# print options
# --------------------------------------------------------------------------

OPTION_SETS = [
    dict(precision=2),
    dict(precision=0),
    dict(precision=8),
    dict(sci_mode=False),
    dict(sci_mode=True),
    dict(precision=2, sci_mode=True),
    dict(linewidth=40),
    dict(linewidth=10),
    dict(linewidth=200),
    dict(threshold=5),
    dict(threshold=0),
    dict(threshold=10, edgeitems=1),
    dict(threshold=10, edgeitems=0),
    dict(edgeitems=0),
    dict(edgeitems=5, threshold=50),
    dict(profile="full"),
    dict(profile="short"),
    dict(profile="default"),
    dict(profile="short", precision=6),
]

OPTION_ARRAYS = [
    np.array([1.12345, 2.5, -3.75], dtype=np.float32),
    np.array([1e-5, 1e5, 1.0], dtype=np.float32),
    np.array([1e10, -2e12], dtype=np.float64),
    np.array([1.0, 2.0, 3.0], dtype=np.float32),
    np.array([0.0, -0.0, nan, inf], dtype=np.float32),
    np.array(3.14159, dtype=np.float32),
    np.array(7, dtype=np.int64),
    np.arange(20, dtype=np.int64),
    np.arange(20, dtype=np.float16) / 3,
    np.arange(2000, dtype=np.float32) * 1.5,
    np.arange(1500, dtype=np.float64).reshape(30, 50) * 1e-6,
    np.arange(60, dtype=np.int32).reshape(3, 4, 5),
    np.arange(300, dtype=np.float32).reshape(3, 100) - 150.5,
    np.array([True, False, True] * 7),
    np.zeros((0, 2), dtype=np.float32),
]


@pytest.mark.parametrize("opts", OPTION_SETS, ids=lambda d: repr(d))
@pytest.mark.parametrize(
    "arr", OPTION_ARRAYS, ids=lambda a: f"{a.dtype}-{a.shape}-{a.reshape(-1)[:1]}"
)
def test_print_options(opts, arr):
    set_both(**opts)
    assert P.get_printoptions() == torch._tensor_str.get_printoptions()
    check(arr)


def test_get_printoptions_defaults():
    assert P.get_printoptions() == {
        "precision": 4,
        "threshold": 1000,
        "edgeitems": 3,
        "linewidth": 80,
        "sci_mode": None,
    }
    assert P.get_printoptions() == torch._tensor_str.get_printoptions()


def test_set_printoptions_semantics():
    P.set_printoptions(precision=2, sci_mode=True)
    assert P.get_printoptions()["precision"] == 2
    assert P.get_printoptions()["sci_mode"] is True
    # like torch, sci_mode is reset by any call that does not pass it
    P.set_printoptions(linewidth=100)
    assert P.get_printoptions()["sci_mode"] is None
    assert P.get_printoptions()["precision"] == 2
    P.set_printoptions(profile="full")
    assert P.get_printoptions()["threshold"] == math.inf
    assert P.get_printoptions()["linewidth"] == 80
    P.set_printoptions(profile="short")
    assert P.get_printoptions()["precision"] == 2
    assert P.get_printoptions()["edgeitems"] == 2
    P.set_printoptions(profile="default")
    assert P.get_printoptions()["precision"] == 4
    assert P.get_printoptions()["edgeitems"] == 3


def test_printoptions_context_manager():
    arr = f32([1.123456])
    with P.printoptions(precision=2):
        assert P.format_tensor(arr, "float32") == "tensor([1.12])"
    assert P.format_tensor(arr, "float32") == "tensor([1.1235])"
    assert P.get_printoptions()["precision"] == 4


def test_full_profile_large():
    set_both(profile="full")
    got = check(np.arange(1500, dtype=np.int64).reshape(30, 50))
    assert "..." not in got
    check(np.random.RandomState(3).randn(2100).astype(np.float32))


# --------------------------------------------------------------------------
# default dtype and suffixes
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arr",
    [
        f32([1.0, 2.0]),
        np.array([1.0, 2.5]),
        np.array([1.5], np.float16),
        np.array(2.0),
        f32(2.0),
        np.zeros((0,), np.float32),
        np.zeros((0,), np.float64),
        np.zeros((0, 2), np.float64),
        np.zeros((0,), np.int64),
        np.array([1, 2]),
        np.array([True]),
        np.array([1 + 2j, -3.5 - 0.5j]),
        np.array([1 + 2j], np.complex64),
    ],
    ids=lambda a: f"{a.dtype}-{a.shape}",
)
@pytest.mark.parametrize("default", [torch.float32, torch.float64])
def test_default_dtype(arr, default):
    torch.set_default_dtype(default)
    check(arr)


@pytest.mark.parametrize(
    "arr",
    [
        f32([1.0, 2.0]),
        f32(1.5),
        np.arange(30, dtype=np.float32) * 1234.5,
        np.arange(2000, dtype=np.float64).reshape(40, 50) * 1e-7,
        np.array([1.0, 2.0], np.float16),
        np.arange(17, dtype=np.float64) * 1e5,
        np.zeros((0, 3), np.float32),
    ],
    ids=lambda a: f"{a.dtype}-{a.shape}",
)
def test_requires_grad_and_grad_fn(arr):
    dtype_name = {np.float16: "float16", np.float32: "float32", np.float64: "float64"}[
        arr.dtype.type
    ]
    x = torch.tensor(arr, requires_grad=True)
    assert P.format_tensor(arr, dtype_name, suffixes=("requires_grad=True",)) == repr(x)
    assert P.format_tensor(arr, dtype_name, requires_grad=True) == repr(x)

    y = x * 2
    y_vals = y.detach().numpy()
    name = type(y.grad_fn).__name__
    assert P.format_tensor(y_vals, dtype_name, grad_fn_name=name) == repr(y)
    assert (
        P.format_tensor(y_vals, dtype_name, grad_fn_name=name, requires_grad=True)
        == repr(y)
    )

    z = (x + 1).sum()
    assert P.format_tensor(
        z.detach().numpy(), dtype_name, grad_fn_name=type(z.grad_fn).__name__
    ) == repr(z)


def test_grad_fn_wraps_lines():
    set_both(linewidth=40)
    arr = np.arange(12, dtype=np.float64) * 1.25
    x = torch.tensor(arr, requires_grad=True)
    y = x - 1
    got = P.format_tensor(y.detach().numpy(), "float64", grad_fn_name="SubBackward0")
    assert got == repr(y)
    assert "\n       grad_fn=<SubBackward0>" in got


def test_device_suffix_placement():
    arr = np.array([1, 2], np.int32)
    expected = "tensor([1, 2], device='cuda:0', dtype=torch.int32)"
    assert P.format_tensor(arr, "int32", device_suffix="cuda:0") == expected
    assert P.format_tensor(arr, "int32", device_suffix="device='cuda:0'") == expected
    assert (
        P.format_tensor(
            f32([1.0]), "float32", device_suffix="cuda:0", requires_grad=True
        )
        == "tensor([1.], device='cuda:0', requires_grad=True)"
    )
    assert (
        P.format_tensor(np.zeros((0, 2), np.int64), "int64", device_suffix="cuda:1")
        == "tensor([], device='cuda:1', size=(0, 2), dtype=torch.int64)"
    )
    assert (
        P.format_tensor(
            f32([1.5]), "float32", device_suffix="cuda:0", grad_fn_name="AddBackward0"
        )
        == "tensor([1.5000], device='cuda:0', grad_fn=<AddBackward0>)"
    )


def test_device_suffix_matches_torch_meta_layout():
    # torch's own device ordering, checked with a suffix-only comparison on a
    # CPU tensor rendered through torch's _add_suffixes.
    t = torch.tensor([1, 2], dtype=torch.int32)
    tensor_str = "tensor(" + torch._tensor_str._tensor_str(t, 7)
    expected = torch._tensor_str._add_suffixes(
        tensor_str, ["device='cuda:0'", "dtype=torch.int32"], 7, False
    )
    assert P.format_tensor(t.numpy(), "int32", device_suffix="cuda:0") == expected


def test_dtype_name_aliases():
    arr = np.array([1, 2], np.int64)
    assert P.format_tensor(arr, "torch.int64") == "tensor([1, 2])"
    assert P.format_tensor(arr, "long") == "tensor([1, 2])"
    assert P.format_tensor(f32([1.0]), "float") == "tensor([1.])"
    assert (
        P.format_tensor(np.array([1.0]), "double") == "tensor([1.], dtype=torch.float64)"
    )


def test_extra_suffixes_order():
    got = P.format_tensor(
        np.array([1, 2], np.int16), "int16", suffixes=("foo=1", "bar=2"), grad_fn_name="X"
    )
    assert got == "tensor([1, 2], dtype=torch.int16, foo=1, bar=2, grad_fn=<X>)"


# --------------------------------------------------------------------------
# complex (bonus: torch formats real and imaginary parts separately)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arr",
    [
        np.array([1 + 2j, -3 - 4j]),
        np.array([1 + 2j, -3.5 - 4j], np.complex64),
        np.array(1.5 - 0.0j),
        np.array([complex(0, -0.0), complex(-0.0, 0)]),
        np.array([1e-5 + 1e5j, 3 + 1j]),
        np.array([complex(nan, inf), 1 + 1j]),
        (np.arange(60).reshape(3, 20) * (1.5 + 0.25j)).astype(np.complex64),
        np.arange(3000).reshape(30, 100) * (1 - 1j),
    ],
    ids=lambda a: f"{a.dtype}-{a.shape}",
)
def test_complex(arr):
    check(arr)


# --------------------------------------------------------------------------
# random fuzz
# --------------------------------------------------------------------------

_FUZZ_DTYPES = [
    np.bool_,
    np.uint8,
    np.int8,
    np.int16,
    np.int32,
    np.int64,
    np.float16,
    np.float32,
    np.float64,
    np.float32,
    np.float64,
]


def _random_shape(rng):
    kind = rng.randint(0, 10)
    if kind == 0:
        return ()
    if kind == 1:
        # possibly large enough to be summarised
        return tuple(int(d) for d in rng.randint(1, 60, size=rng.randint(1, 3)))
    if kind == 2:
        return (int(rng.randint(900, 2500)),)
    ndim = rng.randint(1, 5)
    return tuple(int(d) for d in rng.randint(0 if rng.rand() < 0.1 else 1, 7, size=ndim))


def _random_array(rng):
    dtype = _FUZZ_DTYPES[rng.randint(len(_FUZZ_DTYPES))]
    shape = _random_shape(rng)
    n = math.prod(shape)
    if dtype is np.bool_:
        return rng.rand(n).reshape(shape) < 0.5
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        hi = min(int(info.max), 10 ** int(rng.randint(1, 19)))
        lo = max(int(info.min), -hi if rng.rand() < 0.5 else 0)
        vals = rng.randint(lo, hi, size=n, dtype=np.int64) if hi > lo else np.zeros(n)
        return np.asarray(vals).astype(dtype).reshape(shape)
    # floats
    mode = rng.randint(0, 7)
    if mode == 0:  # integral floats
        vals = np.round(rng.randn(n) * 10 ** rng.randint(0, 9))
    elif mode == 1:  # single scale
        vals = rng.randn(n) * 10.0 ** rng.uniform(-12, 12)
    elif mode == 2:  # mixed scales
        vals = rng.randn(n) * 10.0 ** rng.uniform(-8, 8, size=n)
    elif mode == 3:  # uniform positive in [0, scale)
        vals = rng.rand(n) * 10.0 ** rng.randint(-5, 10)
    elif mode == 4:  # extreme float64 exponents
        vals = rng.randn(n) * 10.0 ** rng.choice([-300, -150, -40, 40, 150, 300], size=n)
    elif mode == 5:  # values near rounding boundaries
        vals = rng.choice([0.99995, 9.99995, 99.99995, 0.00005, 1e-4, 1e8], size=n)
        vals = vals * rng.choice([-1.0, 1.0], size=n)
    else:  # small integers / halves
        vals = rng.randint(-20, 20, size=n) / 2.0
    vals = vals.astype(np.float64)
    if n and rng.rand() < 0.3:
        specials = rng.choice([nan, inf, -inf, 0.0, -0.0], size=max(1, n // 5))
        idx = rng.randint(0, n, size=specials.size)
        vals[idx] = specials
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return vals.astype(dtype).reshape(shape)


def _random_options(rng):
    if rng.rand() < 0.6:
        return {}
    opts = {}
    if rng.rand() < 0.5:
        opts["precision"] = int(rng.randint(0, 9))
    if rng.rand() < 0.4:
        opts["linewidth"] = int(rng.randint(10, 160))
    if rng.rand() < 0.3:
        opts["threshold"] = int(rng.randint(0, 200))
    if rng.rand() < 0.3:
        opts["edgeitems"] = int(rng.randint(0, 5))
    if rng.rand() < 0.3:
        opts["sci_mode"] = bool(rng.rand() < 0.5)
    return opts


@pytest.mark.parametrize("seed", range(400))
def test_fuzz(seed):
    rng = np.random.RandomState(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arr = _random_array(rng)
    opts = _random_options(rng)
    if opts:
        set_both(**opts)
    if rng.rand() < 0.15:
        torch.set_default_dtype(torch.float64)
    check(arr)


@pytest.mark.parametrize("seed", range(40))
def test_fuzz_grad(seed):
    rng = np.random.RandomState(1000 + seed)
    dtype = [np.float32, np.float64, np.float16][seed % 3]
    shape = tuple(int(d) for d in rng.randint(1, 8, size=rng.randint(0, 4)))
    scale = 10.0 ** rng.uniform(-6, 9 if dtype is not np.float16 else 4)
    arr = np.asarray(rng.standard_normal(shape) * scale).astype(dtype)
    if seed % 5 == 0:
        set_both(linewidth=int(rng.randint(20, 100)))
    x = torch.tensor(arr, requires_grad=True)
    y = x * 3
    name = torch_dtype_name(x)
    assert P.format_tensor(arr, name, requires_grad=True) == repr(x)
    assert P.format_tensor(y.detach().numpy(), name, grad_fn_name="MulBackward0") == repr(y)
