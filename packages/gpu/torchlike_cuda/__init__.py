"""torchlike_cuda: the CUDA backend through pycuda.

Importing this package never fails and never imports pycuda: without pycuda, a driver or a
device, `is_available()` is False and `unavailable_reason()` says why, and every cuda
kernel (registered here in the dispatch table's cuda column, plus the cpu -> cuda
`_to_device`) raises RuntimeError("CUDA is not available: <reason>") on first use.
Initialisation is lazy and goes through each device's primary context (Note [Primary
contexts] in _runtime.py).

Modules: _runtime (contexts, current device, shutdown), _allocator (pooled device memory),
_ops (the CUDA op table), _codegen (kernel sources), _catalog (every kernel variant),
_compiler (compile + per-context cache), _device_tensor (storages and transfers),
_kernels_elementwise / _kernels_reduce / _kernels_index / _random_ops / _cublas (the
kernels), _interop (__cuda_array_interface__, DLPack), _register (the dispatch column).
"""
from ._runtime import (is_available, unavailable_reason, device_count, require,
                       is_initialized, current_device, set_device, device, synchronize,
                       get_device_name, get_device_capability)

__all__ = ["is_available", "unavailable_reason", "device_count", "require", "is_initialized",
           "current_device", "set_device", "device", "synchronize", "get_device_name",
           "get_device_capability"]


def _install():
    from torchlike_core import Tensor
    from . import _register, _interop
    _register.install()
    _interop.install(Tensor)


_install()
