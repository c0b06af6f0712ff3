"""DLPack exchange at the Python level: `Tensor.__dlpack__` and `torchlike.from_dlpack`.

The capsules themselves (C structs, deleters, ownership) are in _dlpack.pyx; this module
applies the array-API standard's rules for `stream`, `max_version`, `dl_device` and `copy`.

Note [Read-only DLPack sources]: torchlike tensors are always writable. PyTorch 2.13's
`torch.from_dlpack` wraps memory that the producer declared read-only (a read-only numpy
array, a versioned capsule with DLPACK_FLAG_BITMASK_READ_ONLY) as a writable tensor, so a
write through the tensor changes (or segfaults on) memory that must not change. We copy
such sources instead (and refuse them with BufferError under `copy=False`): the result
never aliases read-only memory.
"""
import numpy as np

from . import _dlpack
from ._device import as_device
from ._numpy_bridge import from_numpy, from_result
from ._registry import FUNCTIONS


def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
    """Export as a DLPack capsule: "dltensor_versioned" when the consumer gives
    max_version >= (1, 0), the legacy "dltensor" otherwise. Shares memory unless copy=True."""
    if self.requires_grad:
        raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
    if stream is not None and stream != -1:
        raise BufferError(f"stream should be None on cpu (got stream={stream!r})")
    if dl_device is not None and tuple(dl_device) != self.__dlpack_device__():
        raise BufferError(
            f"__dlpack__: unsupported device requested: {_dlpack.device_name(dl_device[0])} "
            f"(id {dl_device[1]}); this tensor is on {self.device} and torchlike exports "
            f"without moving data")
    versioned = max_version is not None and tuple(max_version)[0] >= 1
    source = self.clone() if copy else self
    return _dlpack.export_capsule(source, versioned, bool(copy))


def to_dlpack(tensor):
    """torch.to_dlpack / torch.utils.dlpack.to_dlpack: a legacy "dltensor" capsule sharing
    `tensor`'s memory, which one DLPack consumer (numpy, torch, ...) can take over. Unlike
    `Tensor.__dlpack__`, it exports tensors that require grad (their data), as PyTorch's."""
    return tensor.detach().__dlpack__()


def _capsule_of(ext_tensor):
    """A DLPack capsule from a producer object (or the capsule itself)."""
    if type(ext_tensor).__name__ == "PyCapsule":
        return ext_tensor
    if not hasattr(ext_tensor, "__dlpack__"):
        raise TypeError(f"from_dlpack: expected an object with __dlpack__ (a numpy array, a "
                        f"torch tensor...) or a DLPack capsule, got {type(ext_tensor).__name__}")
    if hasattr(ext_tensor, "__dlpack_device__"):
        dev_type, dev_id = ext_tensor.__dlpack_device__()
        if int(dev_type) != _dlpack.CPU_DEVICE[0]:
            raise BufferError(
                f"from_dlpack: torchlike tensors live in host memory (kDLCPU); "
                f"{type(ext_tensor).__name__} is on {_dlpack.device_name(int(dev_type))} "
                f"(device id {int(dev_id)}). Copy it to the cpu first.")
    try:
        return ext_tensor.__dlpack__(max_version=_dlpack.VERSION)
    except TypeError:      # a producer that predates DLPack 1.0 takes no max_version
        return ext_tensor.__dlpack__()


def from_dlpack(ext_tensor, *, device=None, copy=None):
    """torch.from_dlpack: a tensor sharing the memory of any DLPack producer (an object
    with `__dlpack__`, or a capsule). copy=True always copies, copy=False never does;
    read-only sources are copied (Note [Read-only DLPack sources])."""
    if device is not None and as_device(device).type != "cpu":
        raise BufferError(f"from_dlpack: torchlike imports to the cpu only, got device={device}")
    arr, read_only = _dlpack.import_capsule(_capsule_of(ext_tensor))
    needs_copy = read_only or any(s < 0 for s in arr.strides)
    if needs_copy and copy is False:
        raise BufferError(
            "from_dlpack: copy=False, but the source is " +
            ("read-only and torchlike tensors are writable" if read_only else
             "laid out with negative strides, which torchlike tensors cannot have"))
    if needs_copy or copy:
        return from_result(np.array(arr, order="C"))
    return from_numpy(arr)


def _install():
    from ._tensor_class import Tensor
    Tensor.__dlpack__ = __dlpack__
    FUNCTIONS["from_dlpack"] = from_dlpack
    FUNCTIONS["to_dlpack"] = to_dlpack


_install()
