"""A CPU emulator of the part of pycuda that torchlike_cuda uses: for tests only.

Note [CPU emulator]: CI has no GPU, yet the cuda backend is mostly host code (dispatch,
geometry, dtype rules, the allocator, autograd on device tensors) plus generated kernels.
This package stands in for pycuda so that all of it runs here: `tests/conftest.py` puts
this folder first on sys.path when TORCHLIKE_CUDA_EMULATOR=1 (scripts/test.sh runs
tests/cuda that way). What is real and what is not:
- Device memory is host memory (mmap) between pages that may not be touched, filled with
  0xFF bytes (NaN, -1) whenever it is handed out, so a kernel that reads what nobody wrote
  shows up, and one that runs past its block stops the process. Each block remembers its
  device and whether it is live; a launch, copy or cuBLAS call with a pointer parameter
  outside the live blocks of its device raises, as the GPU would fault (a host pointer, a
  freed block, another device's memory).
- Kernels are the generated CUDA C, compiled by the host C++ compiler against tl_emu.h
  (the CUDA dialect as plain C++). Blocks run one after another; the threads of a block run
  one after another, or as fibers switched at each barrier when the kernel calls
  __syncthreads (a divergent barrier fails the launch).
- cuBLAS is fake_cublas.c: the same entry points, plain loops.
- Two devices, so that cross-device paths are exercised.
Nothing here measures speed or proves a kernel right on a real GPU (warp scheduling,
memory ordering and float16 hardware are not emulated).
"""
VERSION = (2024, 1, 2)
VERSION_TEXT = "2024.1.2+tl-emulator"
