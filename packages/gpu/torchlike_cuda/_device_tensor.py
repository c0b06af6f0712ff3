"""Device tensors: cuda storages over pooled device memory, and host <-> device copies.

A cuda tensor is an ordinary core tensor whose Storage has device cuda:i and whose data
pointer is a device address (made by torchlike_core._storage.device_storage). The Storage
keeps the pycuda allocation alive as its owner (Note [Device allocator]); the core never
dereferences the pointer (numpy_view() raises TypeError for non-cpu storages), so every
read of the values goes through `to_host` here.
"""
import numpy as np

from torchlike_core import device as Device, _dtype
from torchlike_core._storage import device_storage
from torchlike_core._tensor import TensorBase, _make_tensor, _contiguous_strides, _set_meta, _view
from torchlike_core._memory_format import keeps_strides
from torchlike_core._numpy_bridge import from_result

from . import _allocator, _runtime

_devices = {}


def cuda_device(index):
    """The one device object of cuda:index (so the dispatcher's identity check is hit)."""
    dev = _devices.get(index)
    if dev is None:
        dev = _devices[index] = Device("cuda", index)
    return dev


def resolve(dev):
    """A cuda device with an index (cuda -> cuda:<current>), checked to exist."""
    if dev is None or dev.index is None:
        return cuda_device(_runtime.current_device())
    return cuda_device(_runtime.check_index(dev.index))


def index_of(t):
    return t._storage.device.index


def check_devices(index, tensors):
    """PyTorch's error unless every tensor in `tensors` (None and numbers are skipped) is
    on cuda:index: a kernel must never receive a host pointer, and keyword operands and
    out= tensors do not pass through the dispatcher's device check."""
    dev = cuda_device(index)
    for t in tensors:
        if isinstance(t, TensorBase):
            other = t._storage.device
            if other is not dev and other != dev:
                raise RuntimeError("Expected all tensors to be on the same device, but found at "
                                   f"least two devices, {dev} and {other}!")


def op_index(tensors):
    """The device index of an op: that of its first cuda tensor (the dispatcher chose the
    cuda kernel, so there is one)."""
    for t in tensors:
        if isinstance(t, TensorBase) and t._storage.device.type == "cuda":
            return t._storage.device.index
    raise RuntimeError("a cuda kernel was called without a cuda tensor")


def empty(shape, dtype, index):
    """A new contiguous cuda tensor (uninitialised memory from the pool)."""
    shape = tuple(int(s) for s in shape)
    n = 1
    for s in shape:
        n *= s
    nbytes = n * dtype.itemsize
    block = _allocator.allocate(nbytes, index)
    storage = device_storage(int(block), nbytes, block, cuda_device(index))
    return _make_tensor(storage, shape, _contiguous_strides(shape), 0, dtype)


def empty_like(t, dtype=None):
    return empty(t._shape, t._dtype if dtype is None else dtype, index_of(t))


def reshaped(t, shape):
    """Contiguous t with another shape of the same size, as a new tensor on t's storage
    rather than a view: for results a kernel has just made, which PyTorch's kernels return
    without a base (a view would send an in-place op on them through the view machinery)."""
    shape = tuple(shape)
    return _make_tensor(t._storage, shape, _contiguous_strides(shape), t._offset, t._dtype)


def host_contiguous(arr):
    """arr as a C-contiguous numpy array of the same shape (np.ascontiguousarray would
    make a 0-d array 1-d)."""
    return np.require(np.asarray(arr), requirements="C")


def from_host(arr, index):
    """A cuda tensor with the values of numpy array `arr` (copied, made contiguous)."""
    drv = _runtime.require()
    arr = host_contiguous(arr)
    out = empty(arr.shape, _dtype.from_numpy_dtype(arr.dtype), index)
    if arr.nbytes:
        _runtime.activate(index)
        drv.memcpy_htod(out.data_ptr(), arr)
    return out


def to_host(t):
    """The values of cuda tensor `t` as a new contiguous numpy array (synchronous)."""
    from ._kernels_elementwise import contiguous
    drv = _runtime.require()
    src = contiguous(t)
    arr = np.empty(t._shape, dtype=t._dtype.np)
    if arr.nbytes:
        _runtime.activate(index_of(t))
        drv.memcpy_dtoh(arr, src.data_ptr())
    return arr


def _block(t):
    """t's elements as the 1-d contiguous view of the memory they fill, when t is dense but
    permuted (a transpose): copying that block and t's strides moves t with its layout, as
    PyTorch's preserve_format does, with no gather. None for other tensors."""
    if t.is_contiguous() or not keeps_strides(t):
        return None
    return _view(t, (t.numel(),), (1,), t._offset)


def to_device(t, dev, dt):
    """The `_to_device` kernel of both columns: cpu -> cuda, cuda -> cpu, cuda:i -> cuda:j.
    A permuted dense tensor keeps its strides (see _block); the others arrive contiguous."""
    block = _block(t)
    src = t if block is None else block
    if dev.type == "cuda":
        _runtime.require()
        dev = resolve(dev)
        if src._storage.device.type == "cpu":
            arr = src.numpy_view()
            if dt is not t._dtype:
                arr = arr.astype(dt.np)
            out = from_host(arr, dev.index)
        else:
            host = to_host(src)              # cuda:i -> cuda:j through the host
            out = from_host(host.astype(dt.np, copy=False), dev.index)
    elif dev.type == "cpu":
        out = from_result(to_host(src))
        if dt is not t._dtype:
            out = out.to(dt)
    else:
        raise RuntimeError(f"unknown device type '{dev.type}'")
    if block is not None:
        _set_meta(out, t._shape, t._stride, 0)
    return out
