"""DLPack export (Tensor.__dlpack__) and import (from_dlpack), against numpy as the peer."""
import gc
import sys
import weakref

import numpy as np
import pytest

import torchlike_core as tc

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


def _shares(t, arr):
    return np.shares_memory(t.numpy_view(), arr)


# ---- export ---------------------------------------------------------------------------------

def test_numpy_reads_our_memory_and_writes_through():
    t = tc.arange(6.).reshape(2, 3)
    a = np.from_dlpack(t)
    a[0, 1] = 42.0
    assert t[0, 1].item() == 42.0
    t[1, 2] = -1.0
    assert a[1, 2] == -1.0


@pytest.mark.parametrize("max_version, name", [(None, "dltensor"), ((0, 8), "dltensor"),
                                               ((1, 0), "dltensor_versioned"),
                                               ((1, 3), "dltensor_versioned"),
                                               ((2, 0), "dltensor_versioned")])
def test_capsule_name_follows_max_version(max_version, name):
    capsule = tc.ones(2).__dlpack__(max_version=max_version)
    assert f'"{name}"' in repr(capsule)


def test_dlpack_device_is_cpu():
    assert tc.ones(2).__dlpack_device__() == (1, 0)


@pytest.mark.parametrize("make", [lambda t: t.t(), lambda t: t[:, 1:], lambda t: t[1],
                                  lambda t: t[::2, ::3], lambda t: t[0:0],
                                  lambda t: t[0, 0], lambda t: t[:, :1].expand(4, 5)])
def test_export_views_keeps_strides_and_offset(make):
    base = tc.arange(20.).reshape(4, 5)
    v = make(base)
    a = np.from_dlpack(v)
    np.testing.assert_array_equal(a, v.numpy_view())
    assert a.shape == tuple(v.shape)
    if v.numel() > 1:
        assert a.strides == tuple(s * v.element_size() for s in v.stride())
        assert np.shares_memory(a, base.numpy_view())


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_round_trips_without_copy(dtype):
    src = (np.arange(6) % 2).astype(dtype).reshape(2, 3)
    t = tc.from_dlpack(src)
    assert str(t.dtype) == f"torch.{dtype}"
    assert _shares(t, src)
    back = np.from_dlpack(t)
    assert back.dtype == src.dtype and np.shares_memory(back, src)


def test_copy_true_exports_a_copy_and_copy_false_shares():
    t = tc.arange(4.)
    a = np.from_dlpack(t, copy=True)
    a[0] = 9.0
    assert t[0].item() == 0.0
    b = np.from_dlpack(t, copy=False)
    b[0] = 7.0
    assert t[0].item() == 7.0


def test_refused_exports():
    t = tc.ones(2)
    with pytest.raises(BufferError, match="unsupported device"):
        t.__dlpack__(dl_device=(2, 0))
    assert t.__dlpack__(dl_device=(1, 0)) is not None
    with pytest.raises(BufferError, match="stream"):
        t.__dlpack__(stream=1)
    with pytest.raises(BufferError, match="require gradient"):
        tc.ones(2).requires_grad_().__dlpack__()


def test_capsules_release_the_storage_exactly_once():
    t = tc.arange(4.)
    s = t._storage
    base = sys.getrefcount(s)
    capsule = t.__dlpack__(max_version=(1, 0))
    assert sys.getrefcount(s) == base + 1          # held by the capsule's manager_ctx
    del capsule                                     # unconsumed: its destructor frees it
    assert sys.getrefcount(s) == base
    a = np.from_dlpack(t)                           # consumed: numpy calls the deleter
    del a
    gc.collect()
    assert sys.getrefcount(s) == base


def test_exported_memory_outlives_the_tensor():
    t = tc.arange(5.)
    s = t._storage
    base = sys.getrefcount(s)
    a = np.from_dlpack(t)
    del t                              # the consumer's reference keeps the storage alive
    gc.collect()
    assert sys.getrefcount(s) == base
    np.testing.assert_array_equal(a, np.arange(5.))
    del a
    gc.collect()
    assert sys.getrefcount(s) == base - 1


# ---- import ---------------------------------------------------------------------------------

def test_from_dlpack_shares_memory_both_ways():
    a = np.arange(12, dtype=np.int32).reshape(3, 4)
    t = tc.from_dlpack(a)
    assert t.shape == (3, 4) and t.stride() == (4, 1)
    t[0, 0] = -5
    assert a[0, 0] == -5
    a[2, 3] = 100
    assert t[2, 3].item() == 100


@pytest.mark.parametrize("view", [lambda a: a.T, lambda a: a[1:, 2:], lambda a: a[:, ::2],
                                  lambda a: a[2], lambda a: a[1, 1, ...], lambda a: a[:0]])
def test_from_dlpack_views(view):
    a = np.arange(20.).reshape(4, 5)
    v = view(a)
    t = tc.from_dlpack(v)
    np.testing.assert_array_equal(t.numpy_view(), v)
    assert t.stride() == tuple(s // 8 for s in v.strides)
    if v.size:
        assert _shares(t, a)


def test_from_dlpack_zero_strides():
    a = np.arange(3.)
    v = np.lib.stride_tricks.as_strided(a, shape=(4, 3), strides=(0, 8))   # writeable
    t = tc.from_dlpack(v)
    assert t.stride() == (0, 1) and t.shape == (4, 3)
    np.testing.assert_array_equal(t.numpy_view(), v)


def test_from_dlpack_0d_and_empty():
    t = tc.from_dlpack(np.array(3.5))
    assert t.shape == () and t.item() == 3.5
    e = tc.from_dlpack(np.zeros((0, 3), np.float32))
    assert e.shape == (0, 3) and e.dtype is tc.float32
    assert np.from_dlpack(tc.tensor(2.0)).shape == ()
    assert np.from_dlpack(tc.zeros(0, 4)).shape == (0, 4)


def test_raw_capsule_is_consumed_once():
    a = np.arange(3.)
    capsule = a.__dlpack__()
    t = tc.from_dlpack(capsule)
    assert '"used_dltensor"' in repr(capsule)
    with pytest.raises(RuntimeError, match="consumed only once"):
        tc.from_dlpack(capsule)
    versioned = a.__dlpack__(max_version=(1, 0))
    tc.from_dlpack(versioned)
    assert '"used_dltensor_versioned"' in repr(versioned)
    np.testing.assert_array_equal(t.numpy_view(), a)


def test_imported_memory_kept_alive_and_deleter_called_once():
    a = np.arange(6.)
    base = sys.getrefcount(a)
    ref = weakref.ref(a)
    t = tc.from_dlpack(a)
    v = t[2:]                      # a view keeps the storage, hence the producer, alive
    del a, t
    gc.collect()
    assert ref() is not None
    np.testing.assert_array_equal(v.numpy_view(), [2., 3., 4., 5.])
    del v
    gc.collect()
    assert ref() is None           # numpy's deleter ran (once: a double decref would crash)
    b = np.arange(3.)
    base = sys.getrefcount(b)
    t = tc.from_dlpack(b)
    del t
    gc.collect()
    assert sys.getrefcount(b) == base


def test_our_own_tensors_round_trip():
    t = tc.arange(6.).reshape(2, 3).t()
    u = tc.from_dlpack(t)
    assert u.stride() == t.stride() and u.data_ptr() == t.data_ptr()
    u[0, 0] = 11.0
    assert t[0, 0].item() == 11.0


def test_read_only_sources_are_copied():
    # Note [Read-only DLPack sources]: PyTorch wraps them writable; we copy instead.
    a = np.arange(4.)
    a.flags.writeable = False
    t = tc.from_dlpack(a)
    assert not _shares(t, a)
    t[0] = 5.0
    assert a[0] == 0.0
    with pytest.raises(BufferError, match="read-only"):
        tc.from_dlpack(a, copy=False)


def test_negative_strides_are_copied():
    a = np.arange(5.)[::-1]
    t = tc.from_dlpack(a)
    np.testing.assert_array_equal(t.numpy_view(), a)
    with pytest.raises(BufferError, match="negative strides"):
        tc.from_dlpack(a, copy=False)


def test_copy_true_imports_a_copy():
    a = np.arange(3.)
    t = tc.from_dlpack(a, copy=True)
    t[0] = 9.0
    assert a[0] == 0.0


@pytest.mark.parametrize("dtype, name", [(np.complex64, "complex64"), (np.uint32, "uint32"),
                                         (np.uint16, "uint16"), (np.uint64, "uint64")])
def test_unsupported_dtypes_are_refused_unconsumed(dtype, name):
    capsule = np.zeros(2, dtype).__dlpack__()
    with pytest.raises(BufferError, match=f"unsupported DLPack dtype {name}"):
        tc.from_dlpack(capsule)
    assert '"dltensor"' in repr(capsule)      # still the producer's; freed by its destructor


def test_non_cpu_producers_are_refused():
    class OnGpu:
        def __dlpack_device__(self):
            return (2, 0)

        def __dlpack__(self, **kwargs):
            raise AssertionError("must not be asked for a capsule")

    with pytest.raises(BufferError, match="kDLCUDA"):
        tc.from_dlpack(OnGpu())
    with pytest.raises(BufferError, match="cpu only"):
        tc.from_dlpack(np.arange(2.), device="cuda")


def test_not_a_producer():
    with pytest.raises(TypeError, match="__dlpack__"):
        tc.from_dlpack([1, 2])


def test_legacy_producer_without_max_version():
    class Old:
        def __init__(self, a):
            self.a = a

        def __dlpack__(self, stream=None):
            return self.a.__dlpack__()

        def __dlpack_device__(self):
            return (1, 0)

    a = np.arange(3.)
    t = tc.from_dlpack(Old(a))
    assert _shares(t, a)


# ---- as_tensor: shares exactly where PyTorch does ----------------------------------------------

def test_as_tensor_shares_numpy_memory_when_dtype_allows():
    a = np.arange(6.).reshape(2, 3)
    assert _shares(tc.as_tensor(a), a)
    assert _shares(tc.as_tensor(a.T), a)
    assert _shares(tc.as_tensor(a[:, ::2]), a)
    assert _shares(tc.as_tensor(a, dtype=tc.float64), a)
    cast = tc.as_tensor(a, dtype=tc.float32)
    assert cast.dtype is tc.float32 and not _shares(cast, a)


def test_as_tensor_shares_array_interface_and_dlpack_producers():
    a = np.arange(4, dtype=np.int32)

    class ArrayInterface:
        __array_interface__ = a.__array_interface__

    class Producer:
        def __dlpack__(self, **kwargs):
            return a.__dlpack__(**kwargs)

        def __dlpack_device__(self):
            return a.__dlpack_device__()

    keep = ArrayInterface()
    assert _shares(tc.as_tensor(keep), a)
    t = tc.as_tensor(Producer())
    assert _shares(t, a) and t.dtype is tc.int32


def test_as_tensor_returns_the_tensor_itself():
    t = tc.arange(3.)
    assert tc.as_tensor(t) is t and tc.as_tensor(t, dtype=tc.float32) is t
    assert tc.as_tensor(t, dtype=tc.int64).dtype is tc.int64


def test_as_tensor_copies_python_data_and_scalars():
    assert tc.as_tensor([1, 2]).dtype is tc.int64
    s = tc.as_tensor(np.float32(2.0))
    assert s.shape == () and s.dtype is tc.float32
    u16 = np.arange(3, dtype=np.uint16)
    assert tc.as_tensor(u16, dtype=tc.int32).tolist() == [0, 1, 2]


def test_as_tensor_errors_like_torch():
    with pytest.raises(ValueError, match="negative"):
        tc.as_tensor(np.arange(3.)[::-1])
    with pytest.raises(ValueError, match="negative"):       # wrapped before the cast
        tc.as_tensor(np.arange(3.)[::-1], dtype=tc.float32)


def test_as_tensor_read_only_numpy_shares_with_a_warning():
    # PyTorch shares a read-only array and warns that writes are undefined behaviour
    a = np.arange(3.)
    a.flags.writeable = False
    with pytest.warns(UserWarning, match="not writable"):
        t = tc.as_tensor(a)
    assert _shares(t, a)


def _versioned_header(capsule):
    """(major, minor, flags) of a "dltensor_versioned" capsule, read with ctypes."""
    import ctypes
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype, get.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    ptr = get(capsule, b"dltensor_versioned")
    major, minor = ctypes.cast(ptr, ctypes.POINTER(ctypes.c_uint32))[0:2]
    # DLPackVersion (8 bytes), manager_ctx and deleter (two pointers), then uint64 flags
    flags = ctypes.cast(ptr + 8 + 2 * ctypes.sizeof(ctypes.c_void_p),
                        ctypes.POINTER(ctypes.c_uint64))[0]
    return major, minor, flags


def test_versioned_capsule_header():
    t = tc.arange(3.)
    assert _versioned_header(t.__dlpack__(max_version=(1, 0))) == (1, 0, 0)
    major, _, flags = _versioned_header(t.__dlpack__(max_version=(1, 0), copy=True))
    assert major == 1 and flags == 2               # DLPACK_FLAG_BITMASK_IS_COPIED


def test_to_dlpack_exports_the_data_of_tensors_requiring_grad():
    from torchlike_core._interop import to_dlpack
    t = tc.ones(3).requires_grad_()
    u = tc.from_dlpack(to_dlpack(t))
    assert u.data_ptr() == t.data_ptr() and not u.requires_grad
