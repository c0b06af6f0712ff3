"""The CPU emulator's own checks (Note [CPU emulator] in emulator/pycuda/__init__.py): what
it reports is what a GPU would fault on, so these prove that a passing emulated run means
no kernel got a bad pointer."""
import os
import subprocess
import sys

import numpy as np
import pytest

import torchlike as torch

EMULATED = os.environ.get("TORCHLIKE_CUDA_EMULATOR") == "1"
pytestmark = pytest.mark.skipif(not EMULATED, reason="runs under the CPU emulator only "
                                "(TORCHLIKE_CUDA_EMULATOR=1)")

SOURCE = r"""
extern "C" __global__ void tl_test_scale(float* out, const float* x, long long n, float k) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
       i += (long long)blockDim.x * gridDim.x)
    out[i] = k * x[i];
}
extern "C" __global__ void tl_test_block_sum(float* out, const float* x) {
  __shared__ float sh[256];
  sh[threadIdx.x] = x[blockIdx.x * blockDim.x + threadIdx.x];
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) sh[threadIdx.x] += sh[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = sh[0];
}
extern "C" __global__ void tl_test_divergent(float* out) {
  if (threadIdx.x < 5) __syncthreads();
  out[threadIdx.x] = 1.0f;
}
"""


def _module():
    import pycuda.driver as drv
    from pycuda.compiler import compile as cc
    torch.cuda.init()
    return drv, drv.module_from_buffer(cc(SOURCE))


def _scale(out_ptr, x_ptr, n):
    drv, mod = _module()
    mod.get_function("tl_test_scale")(out_ptr, x_ptr, np.int64(n), np.float32(2.0),
                                      block=(256, 1, 1), grid=(1, 1))


def test_kernels_run_with_their_grid_and_block():
    x = torch.arange(1024.0, device="cuda")
    out = torch.empty(1024, device="cuda")
    _scale(out.data_ptr(), x.data_ptr(), 1024)
    assert torch.equal(out.cpu(), torch.arange(1024.0) * 2)


def test_threads_of_a_block_meet_at_barriers():
    drv, mod = _module()
    x = torch.arange(512.0, device="cuda")
    out = torch.empty(2, device="cuda")
    mod.get_function("tl_test_block_sum")(out.data_ptr(), x.data_ptr(), block=(256, 1, 1),
                                          grid=(2, 1))
    assert out.cpu().tolist() == [sum(range(256)), sum(range(256, 512))]


def test_a_divergent_barrier_fails_the_launch():
    drv, mod = _module()
    out = torch.empty(256, device="cuda")
    with pytest.raises(drv.LaunchError, match="divergent barrier"):
        mod.get_function("tl_test_divergent")(out.data_ptr(), block=(256, 1, 1), grid=(1, 1))


def test_a_host_pointer_is_refused():
    import pycuda.driver as drv
    host = np.zeros(16, dtype=np.float32)
    x = torch.zeros(16, device="cuda")
    with pytest.raises(drv.LaunchError, match="not device memory"):
        _scale(host.ctypes.data, x.data_ptr(), 16)


def test_pointers_passed_as_numpy_integers_are_checked_too():
    import pycuda.driver as drv
    host = np.zeros(16, dtype=np.float32)
    x = torch.zeros(16, device="cuda")
    with pytest.raises(drv.LaunchError, match="not device memory"):
        _scale(np.uintp(host.ctypes.data), np.uintp(x.data_ptr()), 16)


def test_a_wrong_argument_count_is_refused():
    drv, mod = _module()
    with pytest.raises(drv.LaunchError, match="takes 4 arguments, 3 were passed"):
        mod.get_function("tl_test_scale")(0, 0, np.int64(0), block=(256, 1, 1), grid=(1, 1))


def test_reused_pool_blocks_do_not_keep_old_values():
    x = torch.full((1000,), 7.0, device="cuda")
    del x
    assert torch.isnan(torch.empty(1000, device="cuda")).all().item()


def test_a_freed_block_is_refused():
    import pycuda.driver as drv
    x = torch.zeros(16, device="cuda")
    stale = torch.zeros(16, device="cuda")
    ptr = stale.data_ptr()
    del stale                                  # back to the pool, not live any more
    with pytest.raises(drv.LaunchError, match="use after free"):
        _scale(ptr, x.data_ptr(), 16)


def test_another_devices_memory_is_refused():
    import pycuda.driver as drv
    other = torch.zeros(16, device="cuda:1")
    x = torch.zeros(16, device="cuda:0")
    with pytest.raises(drv.LaunchError, match="memory of device 1"):
        _scale(other.data_ptr(), x.data_ptr(), 16)


def test_fresh_device_memory_is_not_zero():
    torch.cuda.empty_cache()                   # no cached block to hand out again
    assert torch.isnan(torch.empty(12345, device="cuda")).all().item()


def test_a_kernel_writing_past_its_block_stops_the_process():
    code = ("import sys; sys.path.insert(0, %r); import tl_emulator; tl_emulator.install()\n"
            "import numpy as np, torchlike as torch, pycuda.driver as drv\n"
            "from pycuda.compiler import compile as cc\n"
            "torch.cuda.init(); mod = drv.module_from_buffer(cc(%r))\n"
            "x = torch.zeros(64, device='cuda'); out = torch.zeros(64, device='cuda')\n"
            "mod.get_function('tl_test_scale')(out.data_ptr(), x.data_ptr(), np.int64(1 << 16),"
            " np.float32(2.0), block=(256, 1, 1), grid=(1, 1))\n"
            % (os.path.join(os.path.dirname(__file__), "emulator"), SOURCE))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == -11, proc.stderr[-2000:]          # SIGSEGV at the guard page
