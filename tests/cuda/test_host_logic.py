"""The backend's host-side decisions, checked without a GPU: cuBLAS operand layouts, 0-d
shapes of host -> device copies, device checks before a launch, the kernel catalog covering
the runtime's variants, RNG argument checks, DLPack export checks and the reasons CUDA is
unavailable. Tensors "on cuda" here are host memory labelled cuda:0: nothing may launch."""
import numpy as np
import pytest

import torchlike_core as tl
from torchlike_core._storage import device_storage
from torchlike_core._tensor import _make_tensor, _contiguous_strides

from torchlike_cuda import _cublas, _catalog, _device_tensor, _runtime, _random_ops, _interop
from torchlike_cuda import _kernels_elementwise as ew, _kernels_reduce as rd


def labelled_cuda(shape, dtype=tl.float32):
    """A tensor whose storage says cuda:0 over a host buffer (kept alive by the storage)."""
    buf = np.zeros(shape, dtype=dtype.np)
    storage = device_storage(buf.ctypes.data, max(buf.nbytes, 1), buf,
                             _device_tensor.cuda_device(0))
    return _make_tensor(storage, tuple(shape), _contiguous_strides(tuple(shape)), 0, dtype)


# ---- cuBLAS layouts (Note [Row-major GEMM]) ------------------------------------------------

def test_layout_of_plain_and_transposed_operands():
    a = tl.zeros(5, 4)
    assert _cublas._layout(a) == (_cublas.OP_N, 4)
    assert _cublas._layout(a.t()) == (_cublas.OP_T, 4)
    assert _cublas._layout(tl.zeros(6, 1)) == (_cublas.OP_N, 1)
    assert _cublas._layout(tl.zeros(1, 6)) == (_cublas.OP_N, 6)


def test_layout_of_a_slice_keeps_the_parent_row_stride():
    x = tl.zeros(4, 6)
    assert _cublas._layout(x[:, 1:5]) == (_cublas.OP_N, 6)
    assert _cublas._layout(x.t()[1:5]) == (_cublas.OP_T, 6)


@pytest.mark.parametrize("make", [
    lambda: tl.zeros(1, 4).expand(5, 4),          # stride (0, 1): rows repeat
    lambda: tl.zeros(5, 1).expand(5, 4),          # stride (1, 0): columns repeat
    lambda: tl.zeros(1, 1).expand(3, 3),          # stride (0, 0)
    lambda: tl.zeros(8).as_strided((3, 4), (2, 1)),   # overlapping rows
    lambda: tl.zeros(8).as_strided((4, 3), (1, 2)),   # overlapping columns
    lambda: tl.zeros(4, 6)[:, ::2],               # no unit stride at all
], ids=["row-expanded", "col-expanded", "scalar-expanded", "overlap-rows", "overlap-cols",
        "step-2"])
def test_operands_cublas_cannot_read_are_made_contiguous(make):
    assert _cublas._layout(make()) is None


# ---- host <-> device copies ----------------------------------------------------------------

@pytest.mark.parametrize("value", [np.float32(3), np.array(3.0), np.arange(6.0).reshape(2, 3).T,
                                   np.zeros((0, 3))])
def test_host_staging_keeps_the_shape(value):
    staged = _device_tensor.host_contiguous(value)
    assert staged.shape == np.shape(value) and staged.flags.c_contiguous
    np.testing.assert_array_equal(staged, value)


# ---- device checks -------------------------------------------------------------------------

def test_every_operand_and_out_must_be_on_the_ops_device():
    x = labelled_cuda((3,))
    _device_tensor.check_devices(0, [x, None, 2.0])
    for other in (tl.zeros(3), tl.zeros(())):
        with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device, "
                                               "but found at least two devices, cuda:0 and cpu!"):
            _device_tensor.check_devices(0, [x, other])
    assert _device_tensor.op_index([tl.zeros(3), 1.0, x]) == 0


def test_a_cpu_out_tensor_is_refused_before_any_launch():
    x = labelled_cuda((3,))
    with pytest.raises(RuntimeError, match="cuda:0 and cpu"):
        ew.launch("add", tl.empty(3), [x, x], ["float32", "float32"])
    with pytest.raises(RuntimeError, match="cuda:0 and cpu"):
        _cublas.mm(labelled_cuda((2, 2)), labelled_cuda((2, 2)), out=tl.empty(2, 2))


def test_a_cpu_scalar_tensor_reaches_the_kernel_by_value():
    assert ew._host_scalar(tl.tensor(2.5)) == 2.5
    t = tl.zeros(2)
    assert ew._host_scalar(t) is t


# ---- the kernel catalog covers what the runtime requests ------------------------------------

def test_catalog_holds_the_runtime_reduction_variants():
    names = {spec.name() for spec in _catalog.all_specs()}
    for op in ("argmax", "argmin", "max", "min"):
        for dt in ("float16", "float32", "int64", "bool"):
            for k, r in _catalog.REDUCE_GEOMETRIES:
                assert rd.arg_reduce_spec(op, dt, k, r).name() in names
    for op in ("sum", "mean", "amax", "all"):
        for k, r in _catalog.REDUCE_GEOMETRIES:
            for split in (False, True):
                for spec in rd.reduce_specs(op, "float16", k, r, split):
                    assert spec.name() in names
    assert rd.arg_reduce_spec("argmax", "float32", 1, 0).out == "float32"   # values dtype
    for kind, dtypes in _random_ops.RANDOM_DTYPES.items():
        for dt in dtypes:
            assert f"tl_rng_{kind}_{dt}" in names
    assert "tl_rng_randint_bool" in names


# ---- RNG arguments -------------------------------------------------------------------------

@pytest.mark.parametrize("args", [(1, 1), (0,), (3, 2)])
def test_random_requires_from_below_to(args):
    with pytest.raises(RuntimeError, match="random_ expects 'from' to be less than 'to'"):
        _random_ops.random_(labelled_cuda((3,)), *args)


def test_uniform_and_normal_refuse_integer_tensors():
    with pytest.raises(NotImplementedError, match="check_uniform_bounds"):
        _random_ops.uniform_(labelled_cuda((3,), tl.int64))
    with pytest.raises(NotImplementedError, match="normal_kernel_cuda"):
        _random_ops.normal_(labelled_cuda((3,), tl.int64))


# ---- DLPack export -------------------------------------------------------------------------

def test_dlpack_refuses_another_device_and_stream_zero():
    x = labelled_cuda((2,))
    with pytest.raises(BufferError, match="cuda:0"):
        x.__dlpack__(dl_device=(1, 0))
    with pytest.raises(BufferError):
        x.__dlpack__(dl_device=(2, 1))
    for stream in (None, 1, -1):
        _interop._sync_for_stream(stream, 0)        # nothing to wait for
    with pytest.raises(ValueError, match="ambiguous"):
        _interop._sync_for_stream(0, 0)


# ---- why CUDA is unavailable ---------------------------------------------------------------

def test_import_failures_are_told_apart():
    missing = ModuleNotFoundError("No module named 'pycuda'", name="pycuda")
    assert "pycuda is not installed" in _runtime._import_failure(missing)
    no_driver = ImportError("libcuda.so.1: cannot open shared object file: No such file")
    reason = _runtime._import_failure(no_driver)
    assert "NVIDIA driver" in reason and "pycuda is not installed" not in reason
    old_driver = ImportError("_driver.so: undefined symbol: cuCtxCreate_v4")
    assert "newer CUDA than the installed NVIDIA driver" in _runtime._import_failure(old_driver)


def test_a_driver_older_than_pycudas_cuda_is_reported():
    class Drv:
        @staticmethod
        def get_version():
            return (13, 0, 0)

        @staticmethod
        def get_driver_version():
            return 12040
    reason = _runtime._version_mismatch(Drv)
    assert "supports CUDA 12.4" in reason and "built with CUDA 13.0" in reason
    Drv.get_driver_version = staticmethod(lambda: 13010)
    assert _runtime._version_mismatch(Drv) is None


def test_probing_again_takes_no_lock(monkeypatch):
    _runtime.is_available()

    class NoLock:
        def __enter__(self):
            raise AssertionError("the lock was taken after the first probe")

        def __exit__(self, *exc):
            return False
    monkeypatch.setattr(_runtime, "_lock", NoLock())
    _runtime.is_available()
    _runtime.unavailable_reason()


def test_cublas_search_covers_the_cuda13_and_cublas_wheels(monkeypatch, tmp_path):
    import site
    monkeypatch.setattr(site, "getsitepackages", lambda: [str(tmp_path)])
    dirs = _cublas._search_dirs()
    assert str(tmp_path / "nvidia" / "cu13" / "lib") in dirs
    assert str(tmp_path / "nvidia" / "cublas" / "lib") in dirs
    assert "libcublas.so.13" in _cublas._candidates() and "libcublas.so.12" in _cublas._candidates()
