"""torchlike_cuda: the CUDA backend through pycuda.

Importing this package never fails: without pycuda, a driver or a device,
`is_available()` is False and `unavailable_reason()` says why. Initialisation is lazy and
goes through the device's primary context (never pycuda.autoinit).
"""
from ._runtime import (is_available, unavailable_reason, device_count, require,
                       is_initialized)

__all__ = ["is_available", "unavailable_reason", "device_count", "require", "is_initialized"]


def _install():
    """Make the cpu -> cuda transfer say why it cannot happen (kernels come with issue 5)."""
    from torchlike_core._dispatch import register

    def to_device(tensor, device, dtype):
        if device.type == "cuda":
            require()
            raise NotImplementedError("torchlike_cuda has no device kernels yet")
        raise RuntimeError(f"unknown device type '{device.type}'")

    register("_to_device", "cpu", to_device)


_install()
