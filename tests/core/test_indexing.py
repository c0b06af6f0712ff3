"""Indexing (`x[i]`, `x[i] = v`) and the index ops (index_select, masked_select, nonzero,
argwhere, gather, scatter, scatter_add, take, index_fill/add/copy, masked_scatter, put):
values against numpy (always) and PyTorch (where installed), views vs copies, non-contiguous
sources, empty results, 0-d tensors, dtypes, the version counter, every error message, and
that a failed in-place op leaves its destination untouched."""
import re
import warnings

import numpy as np
import pytest

import torchlike_core as tl

from checks import N, assert_same


# ---- helpers ---------------------------------------------------------------------------------

def T(data, dtype=None):
    return tl.tensor(np.asarray(data), dtype=dtype)


def np_source(shape, dtype, layout="contig"):
    """A numpy array of `shape` with distinct values and the requested memory layout."""
    def values(shp):
        n = int(np.prod(shp))
        if dtype == "bool":
            return (np.arange(n) % 3 == 0).reshape(shp)
        return (np.arange(n) * (1 if dtype == "int64" else 1.5) - 3).astype(dtype).reshape(shp)
    if layout == "contig":
        return values(shape)
    if layout == "transposed":
        return values(shape[::-1]).transpose(tuple(range(len(shape) - 1, -1, -1)))
    assert layout == "stepped"           # every other row of a taller array
    return values((shape[0] * 2,) + tuple(shape[1:]))[::2]


def tl_source(arr, layout):
    """The torchlike tensor with the same values and layout as np_source's array."""
    if layout == "contig":
        return tl.tensor(arr)
    if layout == "transposed":
        base = tl.tensor(np.ascontiguousarray(arr.T))
        t = base.permute(*range(arr.ndim - 1, -1, -1))
        assert arr.ndim < 2 or not t.is_contiguous()
        return t
    full = np.repeat(arr, 2, axis=0)           # rows 0, 2, 4... of `full` are arr's rows
    t = tl.tensor(full)[::2]
    assert arr.ndim == 0 or t.stride(0) == 2 * full.strides[0] // full.itemsize
    return t


class Idx:
    """An index tensor in a test case, built for each library (numpy, torchlike, torch)."""

    def __init__(self, data, dtype="int64"):
        self.data = np.asarray(data, dtype=dtype)

    def __repr__(self):
        return f"Idx({self.data.tolist()!r}, {self.data.dtype})"


def build(spec, lib, torch=None):
    """Turn an index spec (which may hold Idx) into a real index for lib 'np', 'tl' or 'torch'."""
    if isinstance(spec, Idx):
        if lib == "np":
            return spec.data.item() if spec.data.ndim == 0 and spec.data.dtype != bool else spec.data
        if lib == "tl":
            return tl.tensor(spec.data.copy())
        return torch.from_numpy(spec.data.copy())
    if isinstance(spec, tuple):
        return tuple(build(s, lib, torch) for s in spec)
    return spec


def assert_torch_same(r, rt):
    assert tuple(r.shape) == tuple(rt.shape)
    assert r.dtype.name == str(rt.dtype).replace("torch.", "")
    np.testing.assert_array_equal(N(r), rt.numpy())


DTYPES = ["float32", "float64", "int64", "bool"]
LAYOUTS = ["contig", "transposed", "stepped"]


# ---- basic indexing: views ---------------------------------------------------------------------

BASIC_CASES = [
    ((5,), 2), ((5,), -1), ((5,), slice(1, 4)), ((5,), slice(None, None, 2)),
    ((5,), slice(-3, None)), ((5,), slice(10, 20)), ((5,), slice(3, 1)), ((5,), slice(-10, 2)),
    ((5,), slice(1, None, 10)), ((5,), None), ((5,), (Ellipsis, None)), ((5,), Ellipsis), ((5,), ()),
    ((5,), np.int64(3)), ((5,), Idx(3)), ((5,), Idx(-2, "int32")),
    ((3, 4), 1), ((3, 4), (1, 2)), ((3, 4), (slice(None), 1)), ((3, 4), (-1, slice(1, None, 2))),
    ((3, 4), (None, 1, None)), ((3, 4), (Ellipsis, 2)), ((3, 4), (1, Ellipsis)),
    ((3, 4), (slice(None, None, 2), slice(None, None, 3))), ((3, 4), (Idx(1), slice(None))),
    ((3, 4), (None, Ellipsis, None)), ((3, 4), (slice(1, 1), 0)), ((3, 4), (slice(None), slice(4, None))),
    ((2, 3, 4), (0, Ellipsis, 1)), ((2, 3, 4), (slice(None), None, 1)),
    ((2, 3, 4), (Ellipsis, slice(1, 3))), ((2, 3, 4), (1, 2, 3)), ((2, 3, 4), (-1, -1)),
    ((2, 3, 4), (slice(None), slice(None, None, 2), None, slice(1, None, 2))),
    ((2, 3, 4, 5), (1, Ellipsis, slice(None, None, 2), 3)),
    ((2, 3, 4, 5), (None, 0, None, slice(1, None), Ellipsis)), ((2, 3, 4, 5), (Ellipsis, -1)),
    ((2, 3, 4, 5), (slice(None), 1, slice(None), 2)), ((2, 3, 4, 5), (Idx(1), Idx(2), Idx(3), Idx(4))),
    ((), ()), ((), Ellipsis), ((), None), ((), (None, Ellipsis, None)),
    ((0, 3), (slice(None), 1)), ((0, 3), (Ellipsis, slice(1, 2))),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape,spec", BASIC_CASES, ids=[repr(c) for c in BASIC_CASES])
def test_basic_index_is_a_view_matching_numpy(shape, spec, layout):
    if layout != "contig" and (len(shape) == 0 or 0 in shape):
        pytest.skip("layout needs a non-empty tensor")
    arr = np_source(shape, "float32", layout)
    x = tl_source(arr, layout)
    r = x[build(spec, "tl")]
    expected = arr[build(spec, "np")]
    assert_same(r, expected, tl.float32)
    # a view: shares x's memory, records its base, and writes go through to x
    base = x if x._base is None else x._base
    assert r._base is base
    assert r._storage is x._storage
    if r.numel():
        assert np.shares_memory(N(r), N(x))
        r.fill_(-100)
        arr[build(spec, "np")] = -100
        assert_same(x, arr)


@pytest.mark.parametrize("dtype", DTYPES)
def test_basic_index_keeps_the_dtype_and_values(dtype):
    arr = np_source((3, 4, 2), dtype)
    x = tl.tensor(arr)
    for spec in [1, (slice(None), 2), (Ellipsis, 0), (None, 2, slice(1, 3)), (2, 3, 1)]:
        r = x[spec]
        assert r.dtype is getattr(tl, dtype if dtype != "bool" else "bool")
        np.testing.assert_array_equal(N(r), arr[spec])


def test_basic_index_strides_and_offsets():
    x = T(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    r = x[1, ::2, 1::2]
    assert r.shape == (2, 2) and r.stride() == (8, 2) and r.storage_offset() == 13
    assert x[5:].shape == (0, 3, 4) and x[5:].storage_offset() == 24     # start clamps to the size
    r = x[None, ..., None]
    assert r.shape == (1, 2, 3, 4, 1) and r.stride() == (24, 12, 4, 1, 1)
    assert x[...].data_ptr() == x.data_ptr() and x[...] is not x and x[()]._base is x
    assert x[:, 1].data_ptr() == x.data_ptr() + 4 * 4


@pytest.mark.parametrize("shape,spec", BASIC_CASES, ids=[repr(c) for c in BASIC_CASES])
def test_basic_index_strides_match_torch(shape, spec):
    torch = pytest.importorskip("torch")
    arr = np_source(shape, "float32")
    x, xt = tl.tensor(arr), torch.from_numpy(arr.copy())
    r, rt = x[build(spec, "tl")], xt[build(spec, "torch", torch)]
    assert_torch_same(r, rt)
    assert r.stride() == rt.stride()
    assert r.storage_offset() == rt.storage_offset()
    assert rt._is_view() and r._base is not None


def test_int_tensor_and_numpy_int_indices_are_views():
    x = T(np.arange(12, dtype=np.float32).reshape(3, 4))
    for i in (tl.tensor(1), tl.tensor(1, dtype=tl.int32), np.int64(1), np.int32(1)):
        r = x[i]
        assert r._base is x and r.data_ptr() == x.data_ptr() + 4 * 4
        assert_same(r, [4., 5., 6., 7.])


def test_repeated_ellipsis_is_accepted_like_torch():
    # numpy refuses a second Ellipsis; PyTorch lets each one skip (ndim - indexed dims) dims
    x = T(np.arange(12, dtype=np.float32).reshape(3, 4))
    assert_same(x[..., 0, ...], N(x)[:, 0])
    assert_same(x[..., ...], N(x))
    assert x[..., 0, ...]._base is x


def test_writes_through_nested_views_reach_the_base():
    x = tl.zeros(4, 5)
    v = x[1:, ::2][1]             # a view of a view
    assert v._base is x
    v[1] = 7.
    expected = np.zeros((4, 5), np.float32)
    expected[2, 2] = 7.
    assert_same(x, expected)


# ---- advanced indexing: copies -----------------------------------------------------------------

def _m(*shape, seed=0):
    """A reproducible bool mask."""
    return Idx(np.random.default_rng(seed).random(shape) < 0.5, "bool")


ADV_CASES = [
    # (shape, spec, numpy function giving PyTorch's answer when plain numpy indexing differs)
    ((5,), [0, 2, 4], None), ((5,), [-1, -5, 0], None), ((5,), Idx([[0, 1], [2, 3]]), None),
    ((5,), Idx([], "int64"), None), ((5,), [True, False, True, False, True], None),
    ((5,), _m(5), None), ((5,), Idx([False] * 5, "bool"), None), ((5,), np.array([1, 3]), None),
    ((5,), np.array([True, False, False, True, True]), None), ((5,), Idx([1, 1, 1]), None),
    ((5,), True, None), ((5,), False, None), ((5,), Idx(True, "bool"), None),
    ((5,), Idx(False, "bool"), None), ((5,), (None, [0, 1]), None), ((5,), Idx([1, 2], "int32"), None),
    ((3, 4), [[0, 1], [1, 2]], lambda a: a[[0, 1], [1, 2]]),    # short nested list: a tuple
    ((3, 4), [0, 2], None), ((3, 4), ([0, 2], [1, 3]), None), ((3, 4), ([0, 2], slice(None)), None),
    ((3, 4), (slice(None), [0, 3]), None), ((3, 4), (slice(1, None), [0, 3, 0]), None),
    ((3, 4), (Idx([[0], [2]]), Idx([1, 3])), None), ((3, 4), _m(3, 4), None),
    ((3, 4), (_m(3), slice(1, 3)), None), ((3, 4), (slice(None), _m(4, seed=1)), None),
    ((3, 4), (1, [0, 2]), None), ((3, 4), ([0, 2], 1), None), ((3, 4), (None, [0, 1], None), None),
    ((3, 4), (Ellipsis, [0, 1]), None), ((3, 4), (True, [0, 1]), None),
    ((3, 4), Idx(np.zeros((3, 4), bool), "bool"), None), ((3, 4), (Idx([-1, -3]),), None),
    ((3, 4), (Idx([0, 1]), Idx(2)), None), ((3, 4), (slice(None, None, 2), [3, 1]), None),
    ((3, 4), (Idx([], "int64"), slice(None)), None), ((3, 4), (Idx([True, False, True], "bool"), Idx([0, 1])), None),
    ((2, 3, 4), ([0, 1], slice(None), [0, 1]), None),
    ((2, 3, 4), (0, slice(None), [0, 1]), lambda a: a[0][:, [0, 1]]),     # ints select first
    ((2, 3, 4), (slice(None), [0, 1], [1, 2]), None), ((2, 3, 4), ([0, 1], [1, 2]), None),
    ((2, 3, 4), _m(2, 3), None), ((2, 3, 4), (_m(2, 3), slice(1, 3)), None),
    ((2, 3, 4), (slice(None), _m(3, 4)), None), ((2, 3, 4), ([1], None, [2]), None),
    ((2, 3, 4), (Idx([[0, 1]]), slice(None), Idx([[0], [1]])), None),
    ((2, 3, 4), (Ellipsis, [0, 3]), None), ((2, 3, 4), (1, _m(3)), None),
    ((2, 3, 4), ([1, 0], 2, slice(None)), None),
    ((2, 3, 4), (slice(None), 1, [0, 3]), None),
    ((2, 3, 4), ([1, 0], slice(None), 2), lambda a: a[:, :, 2][[1, 0], :]),
    ((2, 3, 4), (_m(2), Ellipsis, [1, 2]), None), ((2, 3, 4), _m(2, 3, 4), None),
    ((2, 3, 4, 5), (slice(None), [0, 2], slice(None), [1, 4]), None),
    ((2, 3, 4, 5), ([1], [0, 2], slice(None), slice(1, 3)), None),
    ((2, 3, 4, 5), (Ellipsis, [0, 4]), None), ((2, 3, 4, 5), _m(2, 3, 4, 5), None),
    ((2, 3, 4, 5), (0, slice(None), [1, 2], [3, 4]), lambda a: a[0][:, [1, 2], [3, 4]]),
    ((2, 3, 4, 5), (slice(None), _m(3, 4), Idx([[1], [0]])), None),
    ((), True, None), ((), False, None), ((), Idx(True, "bool"), None), ((), (None, True), None),
    ((0, 3), Idx([], "int64"), None), ((0, 3), (slice(None), [0, 2]), None),
    ((0, 3), Idx(np.zeros((0, 3), bool), "bool"), None),
]
ADV_IDS = [f"{c[0]}-{c[1]!r}" for c in ADV_CASES]


def _expected(arr, spec, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if fn is not None:
            return fn(arr)
        np_spec = build(spec, "np")
        if isinstance(np_spec, list) and any(isinstance(e, list) for e in np_spec):
            np_spec = tuple(np_spec)
        return arr[np_spec]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape,spec,fn", ADV_CASES, ids=ADV_IDS)
def test_advanced_index_copies_matching_numpy(shape, spec, fn, layout):
    if layout != "contig" and (len(shape) == 0 or 0 in shape):
        pytest.skip("layout needs a non-empty tensor")
    arr = np_source(shape, "float64", layout)
    x = tl_source(arr, layout)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # the nested-list deprecation warning
        r = x[build(spec, "tl")]
    expected = _expected(arr, spec, fn)
    assert_same(r, expected, tl.float64)
    assert r._base is None and r.is_contiguous()
    if r.numel():
        assert not np.shares_memory(N(r), N(x))
        r.fill_(1234.)                             # a copy: x is unchanged
        assert_same(x, arr)


@pytest.mark.parametrize("shape,spec,fn", ADV_CASES, ids=ADV_IDS)
def test_advanced_index_matches_torch(shape, spec, fn):
    torch = pytest.importorskip("torch")
    arr = np_source(shape, "float32", "transposed" if len(shape) > 1 and 0 not in shape else "contig")
    x = tl_source(arr, "transposed" if len(shape) > 1 and 0 not in shape else "contig")
    xt = torch.from_numpy(arr.copy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r, rt = x[build(spec, "tl")], xt[build(spec, "torch", torch)]
    assert_torch_same(r, rt)


@pytest.mark.parametrize("dtype", DTYPES)
def test_advanced_index_every_dtype(dtype):
    arr = np_source((4, 3), dtype)
    x = tl.tensor(arr)
    np.testing.assert_array_equal(N(x[[3, 0, 3]]), arr[[3, 0, 3]])
    np.testing.assert_array_equal(N(x[:, [2, 0]]), arr[:, [2, 0]])
    mask = arr != arr[0, 0] if dtype != "bool" else arr
    np.testing.assert_array_equal(N(x[T(mask)]), arr[mask])
    assert x[[0]].dtype is x.dtype


def test_uint8_index_is_a_mask_and_warns():
    x = tl.arange(4.)
    with pytest.warns(UserWarning, match="indexing with dtype torch.uint8 is now deprecated"):
        r = x[T([1, 0, 2, 0], dtype=tl.uint8)]
    assert_same(r, [0., 2.])


def test_nested_list_index_warns_and_reads_as_a_tuple():
    x = tl.arange(12.).reshape(3, 4)
    with pytest.warns(UserWarning, match="Using a non-tuple sequence for multidimensional indexing"):
        r = x[[1, [0, 3]]]
    assert_same(r, [4., 7.])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_same(x[[2, 0]], N(x)[[2, 0]])     # a flat list of ints is one index, no warning


def test_list_of_numbers_becomes_an_int64_index():
    x = tl.arange(5.) * 10
    assert_same(x[[0, 1.9, True]], [0., 10., 10.])    # as torch.tensor(..., dtype=long)
    assert_same(x[[]], np.zeros(0, np.float32))


def test_index_on_expanded_and_zero_stride_sources():
    x = tl.tensor([1., 2.]).expand(3, 2)
    assert_same(x[[0, 2], 1], [2., 2.])
    assert_same(x[1:, 0], [1., 1.])


def test_index_arrays_are_read_before_writes():
    # the index shares memory with the destination: it must be read before anything is written
    x = tl.tensor([2, 0, 1, 0])
    x[x[:3]] = x[[3, 2, 1]]
    expected = np.array([2, 0, 1, 0])
    expected[expected[:3].copy()] = expected[[3, 2, 1]]
    assert_same(x, expected)


# ---- indexing errors ---------------------------------------------------------------------------

GETITEM_ERRORS = [
    ((3,), 5, IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    ((3, 4), (0, 7), IndexError, "index 7 is out of bounds for dimension 1 with size 4"),
    ((3, 4), -4, IndexError, "index -4 is out of bounds for dimension 0 with size 3"),
    ((3, 4), (Ellipsis, 7), IndexError, "index 7 is out of bounds for dimension 1 with size 4"),
    ((2, 3, 4), (None, None, 7), IndexError, "index 7 is out of bounds for dimension 2 with size 2"),
    ((3,), Idx(5), IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    ((3,), np.int64(-5), IndexError, "index -5 is out of bounds for dimension 0 with size 3"),
    ((3, 4), (0, 0, 0), IndexError, "too many indices for tensor of dimension 2"),
    ((3, 4), (Ellipsis, 0, 0, 0), IndexError, "too many indices for tensor of dimension 2"),
    ((3, 4), (_m(3, 4), 0), IndexError, "too many indices for tensor of dimension 2"),
    ((3, 4), slice(None, None, -1), ValueError, "step must be greater than zero"),
    ((3, 4), (slice(None), slice(3, 0, -2)), ValueError, "step must be greater than zero"),
    ((3, 4), slice(None, None, 0), ValueError, "slice step cannot be zero"),
    ((4,), [0, 10], IndexError, "index 10 is out of bounds for dimension 0 with size 4"),
    ((4,), Idx([-5]), IndexError, "index -5 is out of bounds for dimension 0 with size 4"),
    ((3, 4), (slice(None), [0, 10]), IndexError, "index 10 is out of bounds for dimension 0 with size 4"),
    ((2, 3, 4), ([0], [0], [10]), IndexError, "index 10 is out of bounds for dimension 2 with size 4"),
    ((2, 3, 4), ([0], [5], [1]), IndexError, "index 5 is out of bounds for dimension 1 with size 3"),
    ((0,), [0], IndexError, "index is out of bounds for dimension with size 0"),
    ((3, 0), ([1], [0]), IndexError, "index is out of bounds for dimension with size 0"),
    ((0,), 0, IndexError, "index 0 is out of bounds for dimension 0 with size 0"),
    ((4,), Idx([True, False, True], "bool"), IndexError,
     "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [4] at index 0"),
    ((3, 4), (slice(None), Idx([True, False, True], "bool")), IndexError,
     "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [3, 4] at index 1"),
    ((3, 4), Idx(np.ones((3, 3), bool), "bool"), IndexError,
     "The shape of the mask [3, 3] at index 1 does not match the shape of the indexed tensor [3, 4] at index 1"),
    ((2, 3, 4), (0, [True, False]), IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0"),
    ((3, 4), Idx([0., 1.], "float32"), IndexError,
     "tensors used as indices must be long, int, byte or bool tensors"),
    ((3, 4), Idx(1., "float64"), IndexError, "tensors used as indices must be long, int, byte or bool tensors"),
    ((3, 4), Idx([1], "int16"), IndexError, "tensors used as indices must be long, int, byte or bool tensors"),
    ((3, 4), Idx([1], "int8"), IndexError, "tensors used as indices must be long, int, byte or bool tensors"),
    ((3, 4), 1.5, IndexError,
     "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
     "indices (got float)"),
    ((3, 4), slice(1.5, None), TypeError, "slice indices must be integers or None or have an __index__ method"),
    ((3, 4), ([0, 1], [0, 1, 2]), IndexError,
     "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]"),
    ((3, 4), (Idx([0, 1]), Idx([True, False, True, True], "bool")), IndexError,
     "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]"),
    ((), 0, IndexError, "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                        "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"),
    ((), np.int64(0), IndexError, "invalid index of a 0-dim tensor."),
    ((), [0], IndexError, "too many indices for tensor of dimension 0"),
    ((), (0,), IndexError, "too many indices for tensor of dimension 0"),
    ((), Idx(0), IndexError, "too many indices for tensor of dimension 0"),
    ((3,), "a", TypeError, "new(): invalid data type 'str'"),
    ((3, 4), (Ellipsis, Ellipsis, [0]), IndexError, "too many indices for tensor of dimension 2"),
]
ERR_IDS = [f"{c[0]}-{c[1]!r}" for c in GETITEM_ERRORS]


@pytest.mark.parametrize("shape,spec,exc,msg", GETITEM_ERRORS, ids=ERR_IDS)
def test_getitem_errors(shape, spec, exc, msg):
    x = tl.tensor(np_source(shape, "float32"))
    with pytest.raises(exc, match=re.escape(msg)):
        x[build(spec, "tl")]


@pytest.mark.parametrize("shape,spec,exc,msg", GETITEM_ERRORS, ids=ERR_IDS)
def test_getitem_errors_match_torch(shape, spec, exc, msg):
    torch = pytest.importorskip("torch")
    xt = torch.from_numpy(np_source(shape, "float32"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(exc, match=re.escape(msg)):
            xt[build(spec, "torch", torch)]


@pytest.mark.parametrize("shape,spec,exc,msg", GETITEM_ERRORS, ids=ERR_IDS)
def test_setitem_errors_leave_the_tensor_unchanged(shape, spec, exc, msg):
    arr = np_source(shape, "float32")
    x = tl.tensor(arr)
    v = x._version
    with pytest.raises(exc, match=re.escape(msg)):
        x[build(spec, "tl")] = 99.
    assert x._version == v
    assert_same(x, arr)


# ---- x[index] = value --------------------------------------------------------------------------

SETITEM_CASES = [
    # (shape, index spec, value as numpy data or a scalar)
    ((5,), 2, 9.), ((5,), slice(1, 4), np.array([7., 8., 9.])), ((5,), slice(None, None, 2), -1.),
    ((5,), Ellipsis, np.arange(5.)), ((5,), (), 3.), ((5,), None, np.arange(5.)[None]),
    ((3, 4), 1, np.array([1., 2., 3., 4.])), ((3, 4), (slice(None), 1), np.array([5., 6., 7.])),
    ((3, 4), slice(None), np.array([10., 20., 30., 40.])),             # broadcast a row
    ((3, 4), (slice(None), slice(1, 3)), np.array([[1.], [2.], [3.]])),  # broadcast a column
    ((3, 4), 0, np.ones((1, 1, 4))),                                   # leading 1s are dropped
    ((3, 4), [0, 2], 5.), ((3, 4), [0, 2], np.array([1., 2., 3., 4.])),
    ((3, 4), [0, 2], np.ones((1, 1, 4))), ((3, 4), ([0, 2], [1, 3]), np.array([-1., -2.])),
    ((3, 4), (slice(None), [3, 0]), np.array([[1., 2.], [3., 4.], [5., 6.]])),
    ((3, 4), _m(3, 4), 0.), ((3, 4), _m(3), np.array([1., 2., 3., 4.])),
    ((3, 4), Idx(np.zeros((3, 4), bool), "bool"), 1.), ((3, 4), Idx([], "int64"), 1.),
    ((3, 4), (Idx([], "int64"), slice(None)), np.arange(4.)),
    ((2, 3, 4), ([0, 1], slice(None), [0, 1]), np.arange(6.).reshape(2, 3)),
    ((2, 3, 4), (0, slice(None), [0, 1]), np.arange(6.).reshape(3, 2)),   # ints select first
    ((2, 3, 4), (Ellipsis, [3]), 7.), ((2, 3, 4), (slice(None), _m(3, 4)), 2.),
    ((2, 3, 4, 5), (slice(None), [0, 2], slice(None), [1, 4]), np.arange(2 * 2 * 4.).reshape(2, 2, 4)),
    ((2, 3, 4, 5), (1, Ellipsis, 2), 3.), ((), (), 5.), ((), Ellipsis, np.array(6.)), ((), True, 2.),
]
SET_IDS = [f"{c[0]}-{c[1]!r}" for c in SETITEM_CASES]


def _np_setitem(arr, shape, spec, value):
    """PyTorch's answer to x[spec] = value, computed on numpy data."""
    out = arr.copy()
    if isinstance(spec, tuple) and len(spec) == 3 and spec[0] == 0 and spec[2] == [0, 1]:
        out[0][:, [0, 1]] = value                   # ints select first (Note in _indexing.py)
        return out
    np_spec = build(spec, "np")
    if isinstance(value, np.ndarray):
        value = value.reshape(value.shape[next((i for i, s in enumerate(value.shape) if s != 1),
                                                value.ndim):])
    if shape == () and spec is True:
        out[None] = value
    else:
        out[np_spec] = value
    return out


@pytest.mark.parametrize("layout", ["contig", "transposed"])
@pytest.mark.parametrize("shape,spec,value", SETITEM_CASES, ids=SET_IDS)
def test_setitem_matches_numpy_and_bumps_version_once(shape, spec, value, layout):
    if layout != "contig" and len(shape) < 2:
        pytest.skip("layout needs 2 dims")
    arr = np_source(shape, "float32", layout)
    x = tl_source(arr, layout)
    v0 = x._version
    x[build(spec, "tl")] = T(value, dtype=tl.float32) if isinstance(value, np.ndarray) else value
    assert x._version == v0 + 1
    assert_same(x, _np_setitem(arr, shape, spec, value))


@pytest.mark.parametrize("shape,spec,value", SETITEM_CASES, ids=SET_IDS)
def test_setitem_matches_torch(shape, spec, value):
    torch = pytest.importorskip("torch")
    arr = np_source(shape, "float32")
    x, xt = tl.tensor(arr), torch.from_numpy(arr.copy())
    vt = torch.from_numpy(value.astype(np.float32)) if isinstance(value, np.ndarray) else value
    v = T(value, dtype=tl.float32) if isinstance(value, np.ndarray) else value
    x[build(spec, "tl")] = v
    xt[build(spec, "torch", torch)] = vt
    assert_torch_same(x, xt)


def test_setitem_through_a_view_reaches_the_base():
    base = tl.zeros(3, 4)
    view = base[1:, ::2]
    v0 = base._version
    view[[0, 1], 1] = tl.tensor([5., 6.])
    view[0] = 1.
    expected = np.zeros((3, 4), np.float32)
    expected[1:, ::2][[0, 1], 1] = [5., 6.]
    expected[1:, ::2][0] = 1.
    assert_same(base, expected)
    assert base._version == v0 + 2 and view._version == base._version


@pytest.mark.parametrize("dtype,value,expected", [
    (tl.int64, 5.7, 5), (tl.int64, -2.5, -2), (tl.int64, True, 1), (tl.uint8, -1, 255),
    (tl.uint8, -255, 1), (tl.bool, 2.0, True), (tl.bool, -3, True), (tl.bool, 0, False),
    (tl.float32, 7, 7.), (tl.float16, 1e6, np.inf), (tl.int64, 2 ** 63 - 1, 2 ** 63 - 1),
    (tl.float32, np.float64(2.5), 2.5), (tl.float32, np.int64(3), 3.), (tl.int32, np.bool_(True), 1),
    (tl.float64, 1 + 0j, 1.),
])
def test_setitem_scalar_casts_like_torch(dtype, value, expected):
    x = tl.zeros(3, dtype=dtype)
    x[1] = value
    x[[2]] = value
    assert N(x)[1] == expected and N(x)[2] == expected and N(x)[0] == 0
    assert x.dtype is dtype


@pytest.mark.parametrize("dtype", DTYPES)
def test_setitem_tensor_values_of_every_dtype(dtype):
    arr = np_source((3, 4), dtype)
    x = tl.tensor(arr)
    src = np_source((2, 4), dtype)[::-1].copy()
    x[[2, 0]] = tl.tensor(src)
    x[1, 1:3] = tl.tensor(src[0, :2])
    expected = arr.copy()
    expected[[2, 0]] = src
    expected[1, 1:3] = src[0, :2]
    assert_same(x, expected)


def test_setitem_basic_index_casts_tensor_values():
    x = tl.zeros(2, 3)
    x[0] = tl.tensor([1.5, 2.5, 3.5], dtype=tl.float64)
    x[1] = tl.tensor([True, False, True])
    assert_same(x, [[1.5, 2.5, 3.5], [1., 0., 1.]], tl.float32)
    y = tl.zeros(3, dtype=tl.int64)
    y[:] = tl.tensor([3.7, -3.7, 0.2])
    assert_same(y, [3, -3, 0], tl.int64)
    y[1:] = tl.tensor(9., dtype=tl.float64)        # a 0-d tensor fills
    assert_same(y, [3, 9, 9])


def test_setitem_single_mask_with_one_value_casts_like_masked_fill():
    x = tl.zeros(3, 2)
    x[T([True, False, True])] = tl.tensor(2.5, dtype=tl.float64)
    x[T([[False, True]] * 3)] = tl.tensor([7], dtype=tl.int64)
    assert_same(x, [[2.5, 7.], [0., 7.], [2.5, 7.]])


def test_setitem_duplicate_indices_last_write_wins():
    x = tl.zeros(3, 4)
    x[[0, 0], [1, 1]] = tl.tensor([7., 8.])
    x[[2, 2, 2]] = tl.tensor([[1.] * 4, [2.] * 4, [3.] * 4])
    assert N(x)[0, 1] == 8. and (N(x)[2] == 3.).all()


def test_setitem_from_an_overlapping_view_of_itself():
    x = tl.arange(6.)
    x[1:] = x[:-1].clone()
    assert_same(x, [0., 0., 1., 2., 3., 4.])
    y = tl.arange(6.)
    y[[1, 2, 3, 4, 5]] = y[:-1]           # the value is read before it is overwritten
    assert_same(y, [0., 0., 1., 2., 3., 4.])
    z = tl.arange(6.)
    z[1:] = z[:-1]
    assert_same(z, [0., 0., 1., 2., 3., 4.])


def test_setitem_false_writes_nothing_and_keeps_the_version():
    x = tl.ones(2, 2)
    v = x._version
    x[False] = 5.
    assert x._version == v and (N(x) == 1).all()
    x[True] = 5.
    assert x._version == v + 1 and (N(x) == 5).all()


def test_setitem_numpy_and_list_values_are_accepted():
    # PyTorch raises TypeError for these; torchlike reads them as tensors of x's dtype.
    x = tl.zeros(2, 3, dtype=tl.int64)
    x[0] = [1, 2, 3]
    x[1, [0, 2]] = np.array([7.9, 8.1])
    assert_same(x, [[1, 2, 3], [7, 0, 8]], tl.int64)


def F(a):
    return np.asarray(a, np.float32)


SETITEM_ERRORS = [
    ((3, 4), 0, F(np.ones(3)), RuntimeError,
     "The expanded size of the tensor (4) must match the existing size (3) at non-singleton "
     "dimension 0.  Target sizes: [4].  Tensor sizes: [3]"),
    ((3, 4), 0, F(np.ones((2, 4))), RuntimeError,
     "expand(torch.FloatTensor{[2, 4]}, size=[4]): the number of sizes provided (1) must be greater "
     "or equal to the number of dimensions in the tensor (2)"),
    ((3, 4), slice(0, 2), F(np.ones((3, 4))), RuntimeError,
     "The expanded size of the tensor (2) must match the existing size (3) at non-singleton "
     "dimension 0.  Target sizes: [2, 4].  Tensor sizes: [3, 4]"),
    ((), Ellipsis, F(np.ones(2)), RuntimeError,
     "expand(torch.FloatTensor{[2]}, size=[]): the number of sizes provided (0) must be greater or "
     "equal to the number of dimensions in the tensor (1)"),
    ((3, 4), [0, 1], F(np.ones(3)), RuntimeError,
     "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 4]"),
    ((3, 4), [0, 1], F(np.ones((1, 2, 3))), RuntimeError,
     "shape mismatch: value tensor of shape [2, 3] cannot be broadcast to indexing result of shape [2, 4]"),
    ((3, 4), [0, 1], F(np.ones((2, 2, 4))), RuntimeError,
     "shape mismatch: value tensor of shape [2, 2, 4] cannot be broadcast to indexing result of shape [2, 4]"),
    ((3, 4), Idx([True, False, True], "bool"), F(np.ones(3)), RuntimeError,
     "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 4]"),
    ((3, 4), Idx([], "int64"), F(np.ones(3)), RuntimeError,
     "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [0, 4]"),
    ((3, 4), [0, 1], np.ones(4, np.float64), RuntimeError,
     "Index put requires the source and destination dtypes match, got Float for the destination and "
     "Double for the source."),
    ((3, 4), [0, 1], np.ones(4, np.int64), RuntimeError,
     "Index put requires the source and destination dtypes match, got Float for the destination and "
     "Long for the source."),
    ((3, 4), [0, 1], np.array(1., np.float64), RuntimeError,
     "Index put requires the source and destination dtypes match"),
    ((3, 4), [0, 1], np.ones(3, np.float64), RuntimeError,        # the shape is checked first
     "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 4]"),
    ((3, 4), 0, None, TypeError, "can't assign a NoneType to a torch.FloatTensor"),
    ((3, 4), [0], "a", TypeError, "can't assign a str to a torch.FloatTensor"),
    ((3, 4), 0, 1e40, RuntimeError, "value cannot be converted to type float without overflow"),
    ((3, 4), 0, 1j, RuntimeError, "value cannot be converted to type float without overflow"),
    ((3, 4), [0], 2 ** 70, ValueError, "Overflow when unpacking long long"),
]


def _value(value, lib, torch=None):
    if not isinstance(value, np.ndarray):
        return value
    return tl.tensor(value.copy()) if lib == "tl" else torch.from_numpy(value.copy())


@pytest.mark.parametrize("shape,spec,value,exc,msg", SETITEM_ERRORS,
                         ids=[f"{c[1]!r}-{c[2]!r}" for c in SETITEM_ERRORS])
def test_setitem_value_errors(shape, spec, value, exc, msg):
    arr = np_source(shape, "float32")
    x = tl.tensor(arr)
    v0 = x._version
    with pytest.raises(exc, match=re.escape(msg)):
        x[build(spec, "tl")] = _value(value, "tl")
    assert x._version == v0
    assert_same(x, arr)


@pytest.mark.parametrize("shape,spec,value,exc,msg", SETITEM_ERRORS,
                         ids=[f"{c[1]!r}-{c[2]!r}" for c in SETITEM_ERRORS])
def test_setitem_value_errors_match_torch(shape, spec, value, exc, msg):
    torch = pytest.importorskip("torch")
    xt = torch.from_numpy(np_source(shape, "float32"))
    with pytest.raises(exc, match=re.escape(msg)):
        xt[build(spec, "torch", torch)] = _value(value, "torch", torch)


@pytest.mark.parametrize("dtype,value,exc,msg", [
    (tl.uint8, 300, RuntimeError, "value cannot be converted to type uint8_t without overflow"),
    (tl.uint8, -256, RuntimeError, "value cannot be converted to type uint8_t without overflow"),
    (tl.uint8, -1.0, RuntimeError, "value cannot be converted to type uint8_t without overflow"),
    (tl.int8, 200, RuntimeError, "value cannot be converted to type int8_t without overflow"),
    (tl.int16, 2 ** 40, RuntimeError, "value cannot be converted to type int16_t without overflow"),
    (tl.int32, 2 ** 40, RuntimeError, "value cannot be converted to type int without overflow"),
    (tl.int64, float("nan"), RuntimeError, "value cannot be converted to type int64_t without overflow"),
    (tl.int64, float("inf"), RuntimeError, "value cannot be converted to type int64_t without overflow"),
    (tl.int64, 2 ** 63, ValueError, "Overflow when unpacking long long"),
    (tl.float32, 1e300, RuntimeError, "value cannot be converted to type float without overflow"),
])
def test_setitem_scalar_overflow(dtype, value, exc, msg):
    x = tl.zeros(3, dtype=dtype)
    with pytest.raises(exc, match=re.escape(msg)):
        x[0] = value
    with pytest.raises(exc, match=re.escape(msg)):
        x[[0, 1]] = value
    assert (N(x) == 0).all() and x._version == 0


def test_setitem_scalar_overflow_matches_torch():
    torch = pytest.importorskip("torch")
    for dt, value in [("uint8", 300), ("uint8", -1.0), ("int8", 200), ("int32", 2 ** 40),
                      ("int64", float("nan")), ("float32", 1e300)]:
        x, xt = tl.zeros(3, dtype=getattr(tl, dt)), torch.zeros(3, dtype=getattr(torch, dt))
        with pytest.raises(RuntimeError) as e1:
            x[0] = value
        with pytest.raises(RuntimeError) as e2:
            xt[0] = value
        assert str(e1.value) == str(e2.value)


# ---- index_select ------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,dim", [((5,), 0), ((3, 4), 0), ((3, 4), 1), ((3, 4), -1),
                                       ((2, 3, 4), 1), ((2, 3, 4), -3), ((2, 3, 4, 5), 2)])
def test_index_select_matches_numpy(shape, dim, dtype, layout):
    arr = np_source(shape, dtype, layout)
    x = tl_source(arr, layout)
    size = shape[dim]
    idx = np.array([size - 1, 0, size - 1], np.int64)
    r = tl.index_select(x, dim, tl.tensor(idx))
    assert_same(r, np.take(arr, idx, axis=dim), x.dtype)
    assert r.is_contiguous() and r._base is None
    assert_same(x.index_select(dim, tl.tensor(idx, dtype=tl.int32)), np.take(arr, idx, axis=dim))
    assert_same(x.index_select(dim, tl.tensor(1)), np.take(arr, [1], axis=dim))       # 0-d index
    assert_same(x.index_select(dim, tl.tensor([], dtype=tl.int64)), np.take(arr, [], axis=dim))


def test_index_select_0d_and_out():
    assert_same(tl.index_select(tl.tensor(5.), 0, tl.tensor([0])), np.array(5.))
    assert_same(tl.index_select(tl.tensor(5.), 0, tl.tensor(0)), np.array(5.))
    out = tl.empty(1, 4)
    r = tl.index_select(tl.arange(12.).reshape(3, 4), 0, tl.tensor([2]), out=out)
    assert r is out
    assert_same(out, [[8., 9., 10., 11.]])
    out = tl.empty(5)
    with pytest.warns(UserWarning, match="was resized"):
        tl.index_select(tl.arange(4.), 0, tl.tensor([1, 2]), out=out)
    assert_same(out, [1., 2.])


# ---- masked_select -----------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_masked_select_matches_numpy(dtype, layout):
    arr = np_source((3, 4), dtype, layout)
    x = tl_source(arr, layout)
    mask = np.random.default_rng(1).random((3, 4)) < 0.5
    assert_same(tl.masked_select(x, T(mask)), arr[mask], x.dtype)
    row = np.array([True, False, True, True])                      # the mask broadcasts
    assert_same(x.masked_select(T(row)), np.broadcast_to(arr, (3, 4))[np.broadcast_to(row, (3, 4))])
    assert_same(tl.masked_select(x, T(np.zeros((3, 4), bool))), arr[:0, 0])


def test_masked_select_broadcasts_the_input_too_and_0d():
    r = tl.masked_select(tl.tensor([1., 2., 3., 4.]), T(np.ones((2, 4), bool)))
    assert_same(r, [1., 2., 3., 4., 1., 2., 3., 4.])
    assert_same(tl.masked_select(tl.tensor(3.), tl.tensor(True)), [3.])
    assert_same(tl.masked_select(tl.tensor(3.), tl.tensor(False)), np.zeros(0, np.float32))
    out = tl.empty(0)
    assert tl.masked_select(tl.arange(4.), T([True, False, True, True]), out=out) is out
    assert_same(out, [0., 2., 3.])


# ---- nonzero / argwhere ------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 3, 4), (2, 2, 3, 2), (0, 3)])
def test_nonzero_matches_numpy(shape, dtype, layout):
    if layout != "contig" and 0 in shape:
        pytest.skip("layout needs a non-empty tensor")
    arr = np_source(shape, dtype, layout)
    if dtype != "bool":
        arr = arr * (np.arange(arr.size).reshape(arr.shape) % 2)        # some zeros
    x = tl_source(arr, layout) if dtype == "bool" else tl_source(np.ascontiguousarray(arr), "contig")
    r = tl.nonzero(x)
    assert_same(r, np.argwhere(arr), tl.int64)
    assert_same(x.nonzero(), np.argwhere(arr))
    assert_same(tl.argwhere(x), np.argwhere(arr), tl.int64)
    parts = tl.nonzero(x, as_tuple=True)
    assert isinstance(parts, tuple) and len(parts) == len(shape)
    for p, e in zip(parts, np.nonzero(arr)):
        assert_same(p, e, tl.int64)


def test_nonzero_special_values_and_0d():
    assert_same(tl.nonzero(tl.tensor([0., float("nan"), -0., 2.])), [[1], [3]])
    assert tl.nonzero(tl.tensor(5)).shape == (1, 0)
    assert tl.nonzero(tl.tensor(0)).shape == (0, 0)
    assert tl.argwhere(tl.tensor(3.)).shape == (1, 0)
    (p,) = tl.nonzero(tl.tensor(5), as_tuple=True)
    assert_same(p, [0], tl.int64)
    (p,) = tl.nonzero(tl.tensor(0), as_tuple=True)
    assert_same(p, np.zeros(0, np.int64), tl.int64)
    out = tl.empty(0, dtype=tl.int64)
    assert tl.nonzero(tl.tensor([1, 0, 2]), out=out) is out
    assert_same(out, [[0], [2]])


def test_nonzero_matches_torch():
    torch = pytest.importorskip("torch")
    for data in [[[0, 1], [2, 0]], [0., 0.], 5, 0, [[[True, False]]]]:
        a = np.array(data)
        for as_tuple in (False, True):
            r = tl.nonzero(tl.tensor(a), as_tuple=as_tuple)
            rt = torch.nonzero(torch.from_numpy(a), as_tuple=as_tuple)
            if as_tuple:
                assert len(r) == len(rt)
                for p, pt in zip(r, rt):
                    assert_torch_same(p, pt)
            else:
                assert_torch_same(r, rt)


# ---- gather ------------------------------------------------------------------------------------

def ref_gather(arr, dim, idx):
    out = np.empty(idx.shape, arr.dtype)
    for pos in np.ndindex(*idx.shape):
        src = list(pos)
        src[dim] = idx[pos]
        out[pos] = arr[tuple(src)]
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,dim,idx_shape", [
    ((5,), 0, (7,)), ((3, 4), 1, (3, 2)), ((3, 4), 0, (2, 4)), ((3, 4), -1, (2, 3)),
    ((2, 3, 4), 1, (2, 5, 3)), ((2, 3, 4), 2, (1, 1, 6)), ((2, 3, 4, 2), 0, (3, 2, 2, 1)),
    ((3, 4), 1, (3, 0)),
])
def test_gather_matches_reference(shape, dim, idx_shape, dtype, layout):
    arr = np_source(shape, dtype, layout)
    x = tl_source(arr, layout)
    idx = np.random.default_rng(2).integers(0, shape[dim], idx_shape)
    expected = ref_gather(arr, dim % len(shape), idx)
    assert_same(tl.gather(x, dim, tl.tensor(idx)), expected, x.dtype)
    assert_same(x.gather(dim, tl.tensor(idx, dtype=tl.int32)), expected)
    idx_t = tl.tensor(np.ascontiguousarray(idx.T)).permute(*range(idx.ndim - 1, -1, -1))
    assert_same(tl.gather(x, dim, idx_t, sparse_grad=True), expected)     # non-contiguous index


def test_gather_0d_empty_and_out():
    assert_same(tl.gather(tl.tensor(5.), 0, tl.tensor(0)), np.array(5.))
    assert_same(tl.gather(tl.tensor(5.), 0, tl.tensor([0, 0])), [5., 5.])
    assert_same(tl.gather(tl.tensor([5., 6.]), 0, tl.tensor(1)), np.array(6.))
    # an empty index is never checked, as in PyTorch
    assert tl.gather(tl.zeros(3, 4), 1, tl.empty(5, 0, dtype=tl.int64)).shape == (5, 0)
    assert tl.gather(tl.zeros(3, 4), 1, tl.empty(0, dtype=tl.float32)).shape == (0,)
    out = tl.empty(1, 1)
    assert tl.gather(tl.arange(12.).reshape(3, 4), 1, tl.tensor([[2]]), out=out) is out
    assert_same(out, [[2.]])


# ---- scatter / scatter_add ---------------------------------------------------------------------

def ref_scatter(arr, dim, idx, src, reduce=None):
    out = arr.copy()
    for pos in np.ndindex(*idx.shape):
        dst = list(pos)
        dst[dim] = idx[pos]
        v = src[pos] if isinstance(src, np.ndarray) else src
        if reduce == "add":
            out[tuple(dst)] += v
        elif reduce == "multiply":
            out[tuple(dst)] *= v
        else:
            out[tuple(dst)] = v
    return out


def _unique_index(shape, dim, idx_shape, seed=3):
    """An index whose values along `dim` do not repeat (scatter without reduce is then exact)."""
    rng = np.random.default_rng(seed)
    idx = np.empty(idx_shape, np.int64)
    for pos in np.ndindex(*[s for d, s in enumerate(idx_shape) if d != dim]):
        line = rng.permutation(shape[dim])[:idx_shape[dim]]
        where = list(pos)
        where.insert(dim, slice(None))
        idx[tuple(where)] = line
    return idx


SCATTER_SHAPES = [((5,), 0, (3,)), ((3, 4), 1, (3, 2)), ((3, 4), 0, (2, 4)), ((3, 4), -1, (2, 3)),
                  ((2, 3, 4), 1, (2, 2, 3)), ((2, 3, 4, 2), 3, (1, 2, 2, 2)), ((3, 4), 1, (0, 2))]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
@pytest.mark.parametrize("shape,dim,idx_shape", SCATTER_SHAPES)
def test_scatter_matches_reference(shape, dim, idx_shape, dtype, layout):
    d = dim % len(shape)
    arr = np_source(shape, dtype, layout)
    idx = _unique_index(shape, d, idx_shape)
    src_shape = tuple(s + 1 for s in idx_shape)                 # src may be larger than index
    src = (np.arange(int(np.prod(src_shape))).reshape(src_shape) + 100).astype(dtype)
    expected = ref_scatter(arr, d, idx, src)

    x = tl_source(arr, layout)
    r = tl.scatter(x, dim, tl.tensor(idx), tl.tensor(src))
    assert_same(r, expected, x.dtype)
    assert_same(x, arr)                                          # out-of-place leaves x alone
    assert_same(x.scatter(dim, tl.tensor(idx), src=tl.tensor(src)), expected)

    v0 = x._version
    assert x.scatter_(dim, tl.tensor(idx, dtype=tl.int32), tl.tensor(src)) is x
    assert_same(x, expected)
    assert x._version == v0 + 1

    value_expected = ref_scatter(arr, d, idx, np.array(7).astype(dtype).item())
    assert_same(tl.scatter(tl_source(arr, layout), dim, tl.tensor(idx), 7), value_expected)
    assert_same(tl.scatter(tl_source(arr, layout), dim, tl.tensor(idx), value=7), value_expected)
    assert_same(tl_source(arr, layout).scatter_(dim, tl.tensor(idx), value=tl.tensor(7)), value_expected)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
@pytest.mark.parametrize("shape,dim,idx_shape", SCATTER_SHAPES)
def test_scatter_add_and_reduce_match_reference(shape, dim, idx_shape, dtype):
    d = dim % len(shape)
    arr = np_source(shape, dtype)
    idx = np.random.default_rng(4).integers(0, shape[d], idx_shape)     # repeats accumulate
    src = (np.arange(int(np.prod(idx_shape))).reshape(idx_shape) % 5 + 1).astype(dtype)

    expected = ref_scatter(arr, d, idx, src, "add")
    assert_same(tl.scatter_add(tl.tensor(arr), dim, tl.tensor(idx), tl.tensor(src)), expected)
    x = tl.tensor(arr)
    assert x.scatter_add_(dim, tl.tensor(idx), tl.tensor(src)) is x and x._version == 1
    assert_same(x, expected)

    with pytest.warns(UserWarning, match="The reduce argument of torch.scatter with Tensor src is deprecated"):
        r = tl.scatter(tl.tensor(arr), dim, tl.tensor(idx), tl.tensor(src), reduce="add")
    assert_same(r, expected)
    with pytest.warns(UserWarning):
        r = tl.scatter(tl.tensor(arr), dim, tl.tensor(idx), tl.tensor(src), reduce="multiply")
    assert_same(r, ref_scatter(arr, d, idx, src, "multiply"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")            # no warning for a scalar value
        r = tl.tensor(arr).scatter_(dim, tl.tensor(idx), 2, reduce="multiply")
    assert_same(r, ref_scatter(arr, d, idx, np.array(2).astype(dtype).item(), "multiply"))


def test_scatter_0d_empty_duplicates_and_overlap():
    assert_same(tl.scatter(tl.tensor(1.), 0, tl.tensor(0), tl.tensor(5.)), np.array(5.))
    assert_same(tl.scatter(tl.zeros(3), 0, tl.tensor([0]), tl.tensor(2.)), [2., 0., 0.])
    z = tl.zeros(3, 4)
    assert_same(tl.scatter(z, 1, tl.empty(0, 2, dtype=tl.int64), tl.ones(1, 2)), np.zeros((3, 4)))
    assert_same(tl.scatter(tl.zeros(3), 0, tl.tensor([1, 1]), tl.tensor([4., 5.])), [0., 5., 0.])
    x = tl.arange(4.)
    x.scatter_(0, tl.tensor([1, 2, 3]), x)                    # src shares x's memory
    assert_same(x, [0., 0., 1., 2.])
    x = tl.zeros(3, 3)
    x.scatter_(0, tl.tensor([[0, 1, 2]]), tl.arange(9.).reshape(3, 3).t())
    assert_same(x, [[0., 0., 0.], [0., 3., 0.], [0., 0., 6.]])


def test_scatter_value_casts_to_self_dtype():
    assert_same(tl.scatter(tl.zeros(2, 3, dtype=tl.int64), 1, tl.tensor([[0, 1]]), 3.7),
                [[3, 3, 0], [0, 0, 0]], tl.int64)
    assert_same(tl.scatter(tl.zeros(3), 0, tl.tensor([2]), True), [0., 0., 1.], tl.float32)


# ---- take / put --------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_take_matches_numpy(dtype, layout):
    arr = np_source((3, 4), dtype, layout)
    x = tl_source(arr, layout)
    idx = np.array([[0, 11], [-1, 5], [-12, 3]])
    assert_same(tl.take(x, tl.tensor(idx)), np.take(arr, idx), x.dtype)     # logical (row-major) order
    assert_same(x.take(tl.tensor(4)), np.take(arr, 4))
    assert_same(x.take(tl.empty(0, 2, dtype=tl.int64)), np.zeros((0, 2), arr.dtype))
    assert_same(tl.take(tl.tensor(4.), tl.tensor([0, 0])), [4., 4.])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
def test_put_matches_reference(dtype, layout):
    arr = np_source((3, 4), dtype, layout)
    idx = np.array([0, 11, -1, 5, 5])
    src = np.array([1, 2, 3, 4, 5]).astype(dtype)
    expected = arr.copy()
    flat = expected.reshape(-1)                               # a view of the copy
    for i, v in zip(idx, src):
        flat[i] = v
    x = tl_source(arr, layout)
    assert x.put_(tl.tensor(idx), tl.tensor(src)) is x and x._version == 1
    assert_same(x, expected)

    acc = arr.copy()
    for i, v in zip(idx, src):
        acc.reshape(-1)[i] += v
    x = tl_source(arr, layout)
    x.put_(tl.tensor(idx.reshape(5, 1)), tl.tensor(src), accumulate=True)
    assert_same(x, acc)
    x = tl_source(arr, layout)
    assert_same(tl.put(x, tl.tensor(idx), tl.tensor(src)), expected)
    assert_same(x, arr)


def test_put_0d_and_empty():
    x = tl.tensor(1.)
    x.put_(tl.tensor([0]), tl.tensor([5.]))
    assert_same(x, np.array(5.))
    e = tl.empty(0)
    e.put_(tl.tensor([], dtype=tl.int64), tl.empty(0))
    assert e.numel() == 0


# ---- index_fill / index_add / index_copy ------------------------------------------------------

def ref_along(arr, dim, idx, fn):
    """Apply fn(out_slice_index, k) for every k, where out_slice_index picks position idx[k]."""
    out = arr.copy()
    for k, i in enumerate(idx):
        where = [slice(None)] * arr.ndim
        where[dim] = i
        fn(out, tuple(where), k)
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,dim", [((5,), 0), ((3, 4), 1), ((3, 4), -2), ((2, 3, 4), 2)])
def test_index_fill_matches_reference(shape, dim, dtype, layout):
    arr = np_source(shape, dtype, layout)
    idx = np.array([0, -1, 0])
    value = True if dtype == "bool" else -7

    def fill(out, where, k):
        out[where] = value
    expected = ref_along(arr, dim % len(shape), idx, fill)
    x = tl_source(arr, layout)
    assert_same(tl.index_fill(x, dim, tl.tensor(idx), value), expected, x.dtype)
    assert_same(x, arr)
    assert x.index_fill_(dim, tl.tensor(idx), tl.tensor(value)) is x and x._version == 1
    assert_same(x, expected)
    assert_same(tl_source(arr, layout).index_fill_(dim, tl.tensor(0), value),
                ref_along(arr, dim % len(shape), [0], fill))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
@pytest.mark.parametrize("shape,dim", [((5,), 0), ((3, 4), 1), ((3, 4), 0), ((2, 3, 4), -2)])
def test_index_add_matches_reference(shape, dim, dtype, layout):
    d = dim % len(shape)
    arr = np_source(shape, dtype, layout)
    idx = np.array([0, shape[d] - 1, 0])                      # a repeat accumulates
    src_shape = list(shape)
    src_shape[d] = 3
    src = (np.arange(int(np.prod(src_shape))).reshape(src_shape) % 7).astype(dtype)

    def add(alpha):
        def fn(out, where, k):
            take = [slice(None)] * len(shape)
            take[d] = k
            out[where] += alpha * src[tuple(take)]
        return fn
    x = tl_source(arr, layout)
    assert_same(tl.index_add(x, dim, tl.tensor(idx), tl.tensor(src)), ref_along(arr, d, idx, add(1)))
    assert_same(x, arr)
    assert x.index_add_(dim, tl.tensor(idx, dtype=tl.int32), tl.tensor(src), alpha=2) is x
    assert_same(x, ref_along(arr, d, idx, add(2)))
    assert x._version == 1


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,dim", [((5,), 0), ((3, 4), 1), ((3, 4), 0), ((2, 3, 4), -1)])
def test_index_copy_matches_reference(shape, dim, dtype, layout):
    d = dim % len(shape)
    arr = np_source(shape, dtype, layout)
    idx = np.array([shape[d] - 1, 0])
    src_shape = list(shape)
    src_shape[d] = 2
    src = np_source(tuple(src_shape), dtype)[..., ::-1].copy()

    def cp(out, where, k):
        take = [slice(None)] * len(shape)
        take[d] = k
        out[where] = src[tuple(take)]
    expected = ref_along(arr, d, idx, cp)
    x = tl_source(arr, layout)
    assert_same(tl.index_copy(x, dim, tl.tensor(idx), tl.tensor(src)), expected, x.dtype)
    assert_same(x, arr)
    assert x.index_copy_(dim, tl.tensor(idx), tl.tensor(src)) is x and x._version == 1
    assert_same(x, expected)


def test_index_ops_0d_and_repeats():
    assert_same(tl.index_fill(tl.tensor(3.), 0, tl.tensor([0]), -1.), np.array(-1.))
    assert_same(tl.index_add(tl.tensor(1.), 0, tl.tensor([0]), tl.tensor(2.)), np.array(3.))
    assert_same(tl.index_copy(tl.tensor(1.), 0, tl.tensor([0]), tl.tensor(2.)), np.array(2.))
    assert_same(tl.index_copy(tl.zeros(3), 0, tl.tensor([0, 0]), tl.tensor([1., 2.])), [2., 0., 0.])
    assert_same(tl.index_add(tl.zeros(3, dtype=tl.int64), 0, tl.tensor([0]), tl.tensor([1]), alpha=1.5),
                [1, 0, 0])
    assert_same(tl.index_fill(tl.arange(4), 0, tl.tensor([0]), 2.7), [2, 1, 2, 3], tl.int64)
    assert_same(tl.index_fill(tl.zeros(2, 3), 0, tl.tensor([], dtype=tl.int64), 1.), np.zeros((2, 3)))


# ---- masked_scatter ----------------------------------------------------------------------------

def ref_masked_scatter(arr, mask, src):
    out = arr.copy()
    m = np.broadcast_to(mask, arr.shape)
    out[m] = src.reshape(-1)[:int(m.sum())]
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_masked_scatter_matches_reference(dtype, layout):
    arr = np_source((3, 4), dtype, layout)
    mask = np.random.default_rng(5).random((3, 4)) < 0.5
    src = np_source((2, 7), dtype)[:, ::-1].copy()
    x = tl_source(arr, layout)
    assert_same(tl.masked_scatter(x, T(mask), tl.tensor(src)), ref_masked_scatter(arr, mask, src))
    assert_same(x, arr)
    assert x.masked_scatter_(T(mask), tl.tensor(src)) is x and x._version == 1
    assert_same(x, ref_masked_scatter(arr, mask, src))
    row = np.array([True, False, False, True])                       # the mask broadcasts
    assert_same(tl_source(arr, layout).masked_scatter_(T(row), tl.tensor(src)),
                ref_masked_scatter(arr, row, src))
    none = np.zeros((3, 4), bool)
    assert_same(tl_source(arr, layout).masked_scatter_(T(none), tl.tensor(src[:0])), arr)


def test_masked_scatter_broadcasts_self_out_of_place_and_0d():
    r = tl.masked_scatter(tl.zeros(4), T(np.ones((2, 4), bool)), tl.arange(10.))
    assert_same(r, [[0., 1., 2., 3.], [4., 5., 6., 7.]])
    assert_same(tl.masked_scatter(tl.tensor(1.), tl.tensor(True), tl.tensor([5.])), np.array(5.))
    assert_same(tl.masked_scatter(tl.tensor([1., 2.]), T([True, False]), tl.tensor(5.)), [5., 2.])
    x = tl.zeros(2, 2)
    x.masked_scatter_(T([[True, True], [True, False]]), tl.arange(4.).reshape(2, 2).t())
    assert_same(x, [[0., 2.], [1., 0.]])


# ---- the index ops against torch ---------------------------------------------------------------

OP_CASES = {
    "index_select": lambda L: L.index_select(L.arange(12.).reshape(3, 4).t(), 0, L.tensor([3, 0, 3])),
    "index_select_0d_idx": lambda L: L.arange(12.).reshape(3, 4).index_select(1, L.tensor(2)),
    "masked_select": lambda L: L.masked_select(L.arange(12.).reshape(3, 4), L.tensor([True, False, True, False])),
    "argwhere": lambda L: L.argwhere(L.tensor([[0, 3], [4, 0]])),
    "gather": lambda L: L.gather(L.arange(12.).reshape(3, 4), 1, L.tensor([[0, 0], [1, 0], [3, 2]])),
    "gather_small": lambda L: L.gather(L.arange(12.).reshape(3, 4), 0, L.tensor([[2, 0]])),
    "scatter": lambda L: L.scatter(L.zeros(3, 4), 1, L.tensor([[0, 1], [2, 3], [1, 0]]), L.ones(3, 2) * 7),
    "scatter_src_bigger": lambda L: L.scatter(L.zeros(3, 4), 1, L.tensor([[0, 1]]), L.arange(10.).reshape(2, 5)),
    "scatter_value": lambda L: L.scatter(L.zeros(3, 4), 1, L.tensor([[0, 1]]), 5.),
    "scatter_value_kw": lambda L: L.zeros(3, 4).scatter_(0, L.tensor([[2, 1]]), value=5.),
    "scatter_0d_src": lambda L: L.scatter(L.zeros(3), 0, L.tensor([1]), L.tensor(2.)),
    "scatter_add": lambda L: L.scatter_add(L.zeros(3, 4), 1, L.tensor([[0, 0, 1]]), L.ones(1, 3)),
    "scatter_int_into_float": lambda L: L.scatter(L.zeros(2, 2), 0, L.tensor([[1, 0]]), 3),
    "take": lambda L: L.take(L.arange(12.).reshape(3, 4).t(), L.tensor([[0, 11], [-1, 5]])),
    "put_": lambda L: L.zeros(3, 4).t().put_(L.tensor([0, 11, -1]), L.tensor([1., 2., 3.])),
    "put_acc": lambda L: L.zeros(3, 4).put_(L.tensor([0, 0, 11]), L.tensor([1., 2., 3.]), accumulate=True),
    "index_fill": lambda L: L.index_fill(L.arange(12.).reshape(3, 4), 1, L.tensor([0, -2]), -1.),
    "index_fill_0d_value": lambda L: L.arange(12.).reshape(3, 4).index_fill_(0, L.tensor(1), L.tensor(9., dtype=L.float64)),
    "index_add": lambda L: L.index_add(L.zeros(3, 4), 0, L.tensor([0, 0, 2]), L.ones(3, 4)),
    "index_add_alpha": lambda L: L.zeros(3, 4).index_add_(1, L.tensor([0, 0]), L.ones(3, 2), alpha=2),
    "index_copy": lambda L: L.index_copy(L.zeros(3, 4), 1, L.tensor([3, 0]), L.arange(6.).reshape(3, 2)),
    "masked_scatter": lambda L: L.masked_scatter(L.zeros(3, 4), L.tensor([True, False, False, True]), L.arange(10.)),
    "masked_scatter_bcast_self": lambda L: L.masked_scatter(L.zeros(4), L.ones(2, 4, dtype=L.bool), L.arange(10.)),
}


@pytest.mark.parametrize("name", list(OP_CASES))
def test_index_ops_match_torch(name):
    torch = pytest.importorskip("torch")
    assert_torch_same(OP_CASES[name](tl), OP_CASES[name](torch))


# ---- index op errors (and a failed in-place op changes nothing) --------------------------------

OP_ERRORS = [
    # index_select
    (lambda L: L.index_select(L.zeros(3, 4), 1, L.tensor([[1]])), IndexError,
     "index_select(): Index is supposed to be a vector"),
    (lambda L: L.index_select(L.zeros(3, 4), 1, L.tensor([1], dtype=L.int16)), RuntimeError,
     "index_select(): Expected dtype int32 or int64 for index"),
    (lambda L: L.index_select(L.zeros(3, 4), 1, L.tensor([1.])), RuntimeError,
     "index_select(): Expected dtype int32 or int64 for index"),
    (lambda L: L.index_select(L.zeros(5), 0, L.tensor([7])), IndexError, "index out of range in self"),
    (lambda L: L.index_select(L.zeros(5), 0, L.tensor([-1])), IndexError, "index out of range in self"),
    (lambda L: L.index_select(L.zeros(3, 4), 0, L.tensor([3])), IndexError, "index out of range in self"),
    (lambda L: L.index_select(L.zeros(3, 4), 1, L.tensor([4])), RuntimeError,
     "INDICES element is out of DATA bounds, id=4 axis_dim=4"),
    (lambda L: L.index_select(L.zeros(3, 4), 2, L.tensor([1])), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    (lambda L: L.index_select(L.zeros(0, 3), 0, L.tensor([0])), RuntimeError,
     "index_select(): self indexing axis dim should be positive"),
    (lambda L: L.index_select(L.tensor(5.), 0, L.tensor([0, 0])), RuntimeError,
     "index_select(): Index to scalar can have only 1 value, got 2 value(s)"),
    (lambda L: L.index_select(L.tensor(5.), 0, L.tensor([1])), IndexError, "index out of range in self"),
    (lambda L: L.index_select(L.zeros(3), 0, [1]), TypeError,
     "index_select(): argument 'index' (position 3) must be Tensor, not list"),
    (lambda L: L.index_select(L.zeros(3), 0, L.tensor([1]), out=L.zeros(1, dtype=L.float64)), RuntimeError,
     "index_select(): self and result must have the same scalar type"),
    # masked_select
    (lambda L: L.masked_select(L.zeros(3, 4), L.ones(3, 4)), RuntimeError,
     "masked_select: expected BoolTensor for mask"),
    (lambda L: L.masked_select(L.zeros(3, 4), L.ones(3, dtype=L.bool)), RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"),
    (lambda L: L.masked_select(L.zeros(2), L.ones(2, dtype=L.bool), out=L.zeros(0, dtype=L.int64)),
     RuntimeError, "masked_select(): self and result must have the same scalar type"),
    # nonzero
    (lambda L: L.nonzero(L.ones(2), out=L.zeros(0)), RuntimeError,
     "nonzero: Expected out tensor to have scalar type Long but got scalar typeFloat"),
    (lambda L: L.nonzero(L.ones(2), as_tuple=True, out=L.zeros(0, dtype=L.int64)), RuntimeError,
     "nonzero does not support the out kwarg when as_tuple is True"),
    # gather
    (lambda L: L.gather(L.zeros(3, 4), 1, L.tensor([[5]])), RuntimeError,
     "index 5 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.gather(L.zeros(3, 4), 0, L.tensor([[-1]])), RuntimeError,
     "index -1 is out of bounds for dimension 0 with size 3"),
    (lambda L: L.gather(L.zeros(3, 4), 1, L.tensor([5])), RuntimeError,
     "Index tensor must have the same number of dimensions as input tensor"),
    (lambda L: L.gather(L.zeros(3, 4), 1, L.tensor([[0.]])), RuntimeError,
     "gather(): Expected dtype int32/int64 for index"),
    (lambda L: L.gather(L.zeros(3, 4), 1, L.tensor([[0]], dtype=L.int16)), RuntimeError,
     "gather(): Expected dtype int32/int64 for index"),
    (lambda L: L.gather(L.zeros(3, 4), 1, L.zeros(4, 5, dtype=L.int64)), RuntimeError,
     "Size does not match at dimension 0 expected index [4, 5] to be no larger than self [3, 4] apart "
     "from dimension 1"),
    (lambda L: L.gather(L.zeros(3, 4), 3, L.tensor([[1]])), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 3)"),
    (lambda L: L.gather(L.zeros(3, 4), 1, L.tensor([[1]]), out=L.zeros(1, 1, dtype=L.int64)), RuntimeError,
     "Expected out tensor to have dtype float, but got long int instead"),
    # scatter / scatter_add
    (lambda L: L.zeros(3, 4).scatter_(1, L.tensor([[0, 5]]), L.ones(1, 2)), RuntimeError,
     "index 5 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.scatter(L.zeros(3, 4), 1, L.tensor([[0, -1]]), L.ones(1, 2)), RuntimeError,
     "index -1 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.scatter(L.zeros(3, 4), 0, L.tensor([[3]]), 1.), RuntimeError,
     "index 3 is out of bounds for dimension 0 with size 3"),
    (lambda L: L.scatter(L.zeros(3, 4), 1, L.tensor([0, 1]), L.ones(2, 2)), RuntimeError,
     "Index tensor must have the same number of dimensions as self tensor"),
    (lambda L: L.scatter(L.zeros(3, 4), 1, L.tensor([[0, 1]]), L.tensor(4.)), RuntimeError,
     "Index tensor must have the same number of dimensions as src tensor"),
    (lambda L: L.scatter(L.zeros(3, 4), 1, L.tensor([[0]], dtype=L.int16), L.ones(1, 1)), RuntimeError,
     "scatter(): Expected dtype int32/int64 for index"),
    (lambda L: L.scatter(L.zeros(3, 4), 1, L.tensor([[0]]), L.ones(1, 1, dtype=L.float64)), RuntimeError,
     "scatter(): Expected self.dtype to be equal to src.dtype"),
    (lambda L: L.scatter(L.zeros(3, 4), 1, L.tensor([[0, 1]]), L.ones(1, 1)), RuntimeError,
     "Expected index [1, 2] to be no larger than self [3, 4] apart from dimension 1 and to be no "
     "larger size than src [1, 1]"),
    (lambda L: L.scatter(L.zeros(3, 4), 1, L.zeros(4, 2, dtype=L.int64), L.ones(4, 2)), RuntimeError,
     "Expected index [4, 2] to be no larger than self [3, 4] apart from dimension 1 and to be no "
     "larger size than src [4, 2]"),
    (lambda L: L.scatter(L.ones(3, 4), 1, L.tensor([[0]]), L.ones(1, 1), reduce="max"), RuntimeError,
     "reduce argument must be either add or multiply."),
    (lambda L: L.scatter(L.ones(3, 4), 1, L.tensor([[0]]), 2., reduce="mean"), RuntimeError,
     "reduce argument must be either add or multiply."),
    (lambda L: L.zeros(3, dtype=L.uint8).scatter_(0, L.tensor([0]), 300), RuntimeError,
     "value cannot be converted to type uint8_t without overflow"),
    (lambda L: L.scatter(L.zeros(3), 0, L.tensor([0])), TypeError,
     "scatter() received an invalid combination of arguments - got (Tensor, int, Tensor), but expected one of:"),
    (lambda L: L.scatter_add(L.zeros(3, 4), 1, L.tensor([[0, 0, 9]]), L.ones(1, 3)), RuntimeError,
     "index 9 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.scatter_add(L.zeros(3, 4), 1, L.tensor([[0.]]), L.ones(1, 1)), RuntimeError,
     "scatter(): Expected dtype int32/int64 for index"),
    (lambda L: L.scatter_add(L.zeros(3, 4), 1, L.tensor([[0]]), L.ones(1, 3, dtype=L.int64)), RuntimeError,
     "scatter(): Expected self.dtype to be equal to src.dtype"),
    (lambda L: L.scatter_add(L.zeros(3, 4), 1, L.tensor([[0]]), 1.), TypeError,
     "scatter_add(): argument 'src' (position 4) must be Tensor, not float"),
    # take / put_
    (lambda L: L.take(L.zeros(3, 4), L.tensor([12])), IndexError,
     "out of range: tried to access index 12 on a tensor of 12 elements."),
    (lambda L: L.take(L.zeros(3, 4), L.tensor([-13])), IndexError,
     "out of range: tried to access index -13 on a tensor of 12 elements."),
    (lambda L: L.take(L.zeros(3), L.tensor([1], dtype=L.int32)), RuntimeError,
     "take(): Expected a long tensor for index, but got Int"),
    (lambda L: L.take(L.zeros(0), L.tensor([0])), IndexError, "take(): tried to take from an empty tensor"),
    (lambda L: L.zeros(3, 4).put_(L.tensor([12]), L.tensor([1.])), IndexError,
     "out of range: tried to access index 12 on a tensor of 12 elements."),
    (lambda L: L.zeros(3, 4).put_(L.tensor([0, 1]), L.tensor([1., 2., 3.])), IndexError,
     "put_(): Expected source and index to have the same number of elements, but got source.numel() = 3, "
     "index.numel() = 2"),
    (lambda L: L.zeros(3, 4).put_(L.tensor([0], dtype=L.int32), L.tensor([1.])), RuntimeError,
     "put_(): Expected a long tensor for index, but got Int"),
    (lambda L: L.zeros(3, 4).put_(L.tensor([0]), L.tensor([1.], dtype=L.float64)), RuntimeError,
     "put_(): self and source expected to have the same dtype, but got self.dtype = Float and "
     "source.dtype = Double"),
    (lambda L: L.zeros(0).put_(L.tensor([0]), L.tensor([1.])), IndexError,
     "put_(): Tried to put elements into an empty tensor"),
    # index_fill
    (lambda L: L.index_fill(L.zeros(3, 4), 1, L.tensor([0, 5]), -1.), IndexError,
     "index 5 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.index_fill(L.zeros(3, 4), 1, L.tensor([-5]), -1.), IndexError,
     "index -5 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.index_fill(L.zeros(3, 4), 1, L.tensor([0], dtype=L.int32), -1.), IndexError,
     "index_fill_(): Expected dtype int64 for index."),
    (lambda L: L.index_fill(L.zeros(3, 4), 1, L.tensor([[0]]), -1.), RuntimeError,
     "Index has to be a vector/scalar"),
    (lambda L: L.index_fill(L.zeros(3, 4), 1, L.tensor([0]), L.tensor([1.])), RuntimeError,
     "index_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s)."),
    (lambda L: L.zeros(3, dtype=L.uint8).index_fill_(0, L.tensor([0]), 300), RuntimeError,
     "value cannot be converted to type uint8_t without overflow"),
    # index_add
    (lambda L: L.zeros(3, 4).index_add_(1, L.tensor([4]), L.ones(3, 1)), RuntimeError,
     "index 4 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.zeros(3, 4).index_add_(1, L.tensor([-1]), L.ones(3, 1)), RuntimeError,
     "index -1 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.zeros(3, 4).index_add_(1, L.tensor([0], dtype=L.int16), L.ones(3, 1)), RuntimeError,
     "index_add_(): Expected dtype int32/int64 for index but got: Short"),
    (lambda L: L.zeros(3, 4).index_add_(1, L.tensor([0]), L.ones(3, 2)), RuntimeError,
     "index_add_(): Number of indices (1) should be equal to source.size(dim): (2), for dim: 1"),
    (lambda L: L.zeros(3, 4).index_add_(1, L.tensor([0]), L.ones(2, 1)), RuntimeError,
     "source tensor shape must match self tensor shape, excluding the specified dimension. Got "
     "self.shape = [3, 4] source.shape = [2, 1]"),
    (lambda L: L.zeros(3, 4).index_add_(1, L.tensor([0]), L.ones(3)), RuntimeError,
     "index_add_(): Indexing dim 1 is out of bounds of the source tensor with dim 1"),
    (lambda L: L.zeros(3, 4).index_add_(1, L.tensor([0]), L.ones(3, 1, dtype=L.float64)), RuntimeError,
     "index_add_(): self (Float) and source (Double) must have the same scalar type"),
    (lambda L: L.zeros(3, 4).index_add_(1, L.tensor([[0]]), L.ones(3, 1)), IndexError,
     "index_add_(): Index is supposed to be a vector, but got dim: 2 with type: Long and size: [1, 1]"),
    # index_copy
    (lambda L: L.zeros(3, 4).index_copy_(1, L.tensor([4]), L.ones(3, 1)), IndexError,
     "index_copy_(): index 4 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.zeros(3, 4).index_copy_(1, L.tensor([-1]), L.ones(3, 1)), IndexError,
     "index_copy_(): index -1 is out of bounds for dimension 1 with size 4"),
    (lambda L: L.zeros(3, 4).index_copy_(1, L.tensor([3], dtype=L.int32), L.ones(3, 1)), RuntimeError,
     "index_copy_(): Expected a long tensor for index, but got Int"),
    (lambda L: L.zeros(3, 4).index_copy_(1, L.tensor([0]), L.ones(3, 1, dtype=L.float64)), RuntimeError,
     "index_copy_(): self and source expected to have the same dtype, but got (self) Float and (source) Double"),
    (lambda L: L.zeros(3, 4).index_copy_(1, L.tensor([0]), L.ones(3, 2)), IndexError,
     "index_copy_(): Number of indices (1) should be equal to source.size(dim) (2)"),
    (lambda L: L.zeros(3, 4).index_copy_(1, L.tensor([0]), L.ones(2, 1)), RuntimeError,
     "index_copy_(): Source/destination tensor must have same slice shapes. Destination slice shape: 3 "
     "at dimension 1 and source slice shape: 2 at dimension 0."),
    (lambda L: L.zeros(2, 3, 4).index_copy_(1, L.tensor([0]), L.ones(2, 1, 5)), RuntimeError,
     "Destination slice shape: 2 4 at dimension 1 and source slice shape: 2 5 at dimension 0."),
    (lambda L: L.zeros(3, 4).index_copy_(1, L.tensor([0]), L.ones(3)), IndexError,
     "index_copy_(): When source and destination are not scalars, their dimensionality must match. "
     "Source dimensionality (1), destination dimensionality (2)"),
    (lambda L: L.zeros(3, 4).index_copy_(1, L.tensor([[0]]), L.ones(3, 1)), IndexError,
     "index_copy_(): Index should have dimension 1 or 0 (got 2)"),
    (lambda L: L.zeros(3).index_copy_(0, L.tensor([0, 1]), L.tensor(1.)), IndexError,
     "index_copy_(): When source is scalar, index should have one element (got 2)"),
    # masked_scatter
    (lambda L: L.zeros(3, 4).masked_scatter_(L.ones(3, 4, dtype=L.bool), L.arange(5.)), RuntimeError,
     "Number of elements of source < number of ones in mask"),
    (lambda L: L.masked_scatter(L.zeros(3, 4), L.ones(3, 4, dtype=L.bool), L.arange(5.)), RuntimeError,
     "Number of elements of source < number of ones in mask"),
    (lambda L: L.masked_scatter(L.zeros(3, 4), L.ones(3, dtype=L.bool), L.arange(12.)), RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"),
    (lambda L: L.zeros(3, 4).masked_scatter_(L.ones(3, 4, dtype=L.bool), L.arange(12)), RuntimeError,
     "masked_scatter: expected self and source to have same dtypes but gotFloat and Long"),
    (lambda L: L.zeros(3, 4).masked_scatter_(L.ones(3, 4), L.arange(12.)), RuntimeError,
     "masked_scatter_ only supports boolean masks, but got mask with dtype Float"),
    (lambda L: L.zeros(3, 4).masked_scatter_(L.ones(2, 3, 4, dtype=L.bool), L.arange(24.)), RuntimeError,
     "expand(CPUBoolType{[2, 3, 4]}, size=[3, 4]): the number of sizes provided (2) must be greater or "
     "equal to the number of dimensions in the tensor (3)"),
    (lambda L: L.zeros(3, 4).masked_scatter_(L.ones(3, dtype=L.bool), L.arange(12.)), RuntimeError,
     "The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  "
     "Target sizes: [3, 4].  Tensor sizes: [3]"),
]
OP_ERR_IDS = [f"{i}-{c[2][:40]}" for i, c in enumerate(OP_ERRORS)]


@pytest.mark.parametrize("fn,exc,msg", OP_ERRORS, ids=OP_ERR_IDS)
def test_index_op_errors(fn, exc, msg):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(exc, match=re.escape(msg)):
            fn(tl)


@pytest.mark.parametrize("fn,exc,msg", OP_ERRORS, ids=OP_ERR_IDS)
def test_index_op_errors_match_torch(fn, exc, msg):
    torch = pytest.importorskip("torch")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(exc, match=re.escape(msg)):
            fn(torch)


# Each call makes some indices valid and one invalid (or the source too short): nothing may be
# written, and the version must not move.
FAILING_INPLACE = [
    ("scatter_", lambda x: x.scatter_(1, tl.tensor([[0, 1], [2, 9]]), tl.ones(2, 2))),
    ("scatter_value", lambda x: x.scatter_(0, tl.tensor([[0, 1, 2, 3]]), 5.)),
    ("scatter_add_", lambda x: x.scatter_add_(1, tl.tensor([[0, 1], [2, -1]]), tl.ones(2, 2))),
    ("scatter_reduce", lambda x: x.scatter_(1, tl.tensor([[0, 4]]), 2., reduce="add")),
    ("index_copy_", lambda x: x.index_copy_(1, tl.tensor([0, 1, 4]), tl.ones(3, 3))),
    ("index_copy_dtype", lambda x: x.index_copy_(1, tl.tensor([0]), tl.ones(3, 1, dtype=tl.float64))),
    ("index_add_", lambda x: x.index_add_(0, tl.tensor([0, 3]), tl.ones(2, 4))),
    ("index_fill_", lambda x: x.index_fill_(1, tl.tensor([0, 1, -5]), 7.)),
    ("put_", lambda x: x.put_(tl.tensor([0, 1, 12]), tl.tensor([1., 2., 3.]))),
    ("put_acc", lambda x: x.put_(tl.tensor([0, -13]), tl.tensor([1., 2.]), accumulate=True)),
    ("masked_scatter_", lambda x: x.masked_scatter_(T(np.ones((3, 4), bool)), tl.arange(11.))),
    ("setitem_adv", lambda x: x.__setitem__(([0, 1, 2], [0, 1, 4]), 5.)),
    ("setitem_mask", lambda x: x.__setitem__(T([True, False]), 5.)),
    ("setitem_value", lambda x: x.__setitem__([0, 2], tl.ones(3, 4))),
    ("setitem_basic", lambda x: x.__setitem__((slice(None), 1), tl.ones(4))),
]


@pytest.mark.parametrize("name,call", FAILING_INPLACE, ids=[c[0] for c in FAILING_INPLACE])
@pytest.mark.parametrize("layout", ["contig", "transposed"])
def test_failed_inplace_op_leaves_destination_unchanged(name, call, layout):
    arr = np_source((3, 4), "float32", layout)
    x = tl_source(arr, layout)
    v0 = x._version
    with pytest.raises((IndexError, RuntimeError)):
        call(x)
    assert_same(x, arr)
    assert x._version == v0


def test_range_check_kernel_refuses_arrays_it_cannot_read():
    from torchlike_core._loops import first_out_of_range
    assert first_out_of_range(np.array([0, 3, -1, 9]), 0, 4) == -1
    assert first_out_of_range(np.array([[0, 3], [2, 1]]), -4, 4) is None
    assert first_out_of_range(np.arange(12)[::3], 0, 9) == 9        # strided 1-d
    with pytest.raises(TypeError, match="C-contiguous or 1-d int64"):
        first_out_of_range(np.array([0, 1], dtype=np.int32), 0, 4)
    with pytest.raises(TypeError, match="C-contiguous or 1-d int64"):
        first_out_of_range(np.zeros((3, 4), dtype=np.int64)[:, ::2], 0, 4)


@pytest.mark.parametrize("shape, axis", [((7,), 0), ((4, 5), 0), ((4, 5), 1), ((2, 3, 4), 1),
                                         ((2, 3, 2, 5), 3)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "bool", "float16"])
def test_take_along_kernel_matches_numpy(shape, axis, dtype):
    from torchlike_core._loops import take_along
    rng = np.random.default_rng(len(shape) + axis)
    arr = (rng.standard_normal(shape) * 4).astype(dtype)
    ishape = list(shape)
    ishape[axis] = 3
    idx = rng.integers(0, shape[axis], ishape)
    for a in (arr, np.asfortranarray(arr)):               # any strides, for both operands
        for i in (idx, np.asfortranarray(idx)):
            got = take_along(a, i, axis)
            assert got.flags.c_contiguous and got.dtype == arr.dtype
            np.testing.assert_array_equal(got, np.take_along_axis(arr, idx, axis))


def test_take_along_kernel_checks_what_it_reads():
    from torchlike_core._loops import take_along
    arr = np.zeros((3, 4))
    with pytest.raises(IndexError, match="index 4 is out of bounds for size 4"):
        take_along(arr, np.array([[0], [4], [1]]), 1)
    with pytest.raises(IndexError, match="index -1 is out of bounds"):
        take_along(arr, np.array([[0], [-1], [1]]), 1)
    with pytest.raises(TypeError, match="int64 index"):
        take_along(arr, np.array([[0], [1], [1]], dtype=np.int32), 1)
    with pytest.raises(TypeError, match="int64 index"):
        take_along(arr, np.array([0, 1]), 1)
    with pytest.raises(ValueError, match="shapes differ"):
        take_along(arr, np.zeros((2, 1), dtype=np.int64), 1)
