"""Zero-copy exchange of cuda tensors: `__cuda_array_interface__` (v3) and DLPack (kDLCUDA).

Note [Exported device memory]: an exported view keeps the tensor (hence its Storage and
pooled allocation) alive: the array interface through the consumer's reference to the
tensor (CuPy/PyTorch keep the producer object), DLPack through the `_exports` registry
entry that the capsule's deleter removes. Work is on the legacy default stream: the array
interface says so ("stream" is 1), and `__dlpack__(stream=s)` synchronises the device when
the consumer names another stream (_sync_for_stream).
"""
import ctypes

from torchlike_core._tensor import TensorBase

KDL_CUDA = 2
_TYPESTR = {"bool": "|b1", "uint8": "|u1", "int8": "|i1", "int16": "<i2", "int32": "<i4",
            "int64": "<i8", "float16": "<f2", "float32": "<f4", "float64": "<f8"}
_DL_CODE = {"bool": (6, 8), "uint8": (1, 8), "int8": (0, 8), "int16": (0, 16),
            "int32": (0, 32), "int64": (0, 64), "float16": (2, 16), "float32": (2, 32),
            "float64": (2, 64)}


def cuda_array_interface(t):
    if t._storage.device.type != "cuda":
        raise AttributeError(f"Can't get __cuda_array_interface__ on non-CUDA tensor type: "
                             f"{t.type()} If CUDA data is required use tensor.cuda() to copy "
                             "tensor to device memory.")
    if t.requires_grad:
        raise RuntimeError("Can't get __cuda_array_interface__ on Variable that requires grad. "
                           "If gradients aren't required, use var.detach() to get Variable that "
                           "doesn't require grad.")
    item = t._dtype.itemsize
    return {"shape": tuple(t._shape), "typestr": _TYPESTR[t._dtype.name],
            "data": (t.data_ptr() if t.numel() else 0, False), "version": 3,
            "strides": None if t.is_contiguous() else tuple(s * item for s in t._stride),
            "stream": 1}


class _DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class _DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class _DLTensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("device", _DLDevice), ("ndim", ctypes.c_int32),
                ("dtype", _DLDataType), ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("strides", ctypes.POINTER(ctypes.c_int64)), ("byte_offset", ctypes.c_uint64)]


class _DLManagedTensor(ctypes.Structure):
    pass


_DELETER = ctypes.CFUNCTYPE(None, ctypes.POINTER(_DLManagedTensor))
_DLManagedTensor._fields_ = [("dl_tensor", _DLTensor), ("manager_ctx", ctypes.c_void_p),
                             ("deleter", _DELETER)]
_CAPSULE_DESTRUCTOR = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_exports = {}        # address of the DLManagedTensor -> (struct, arrays, tensor)


@_DELETER
def _deleter(managed):
    _exports.pop(ctypes.addressof(managed.contents), None)


@_CAPSULE_DESTRUCTOR
def _capsule_destructor(capsule):
    # a capsule still named "dltensor" was never consumed: release the export ourselves
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
    if get_name(capsule) == b"dltensor":
        get_ptr = ctypes.pythonapi.PyCapsule_GetPointer
        get_ptr.restype, get_ptr.argtypes = ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p]
        _exports.pop(get_ptr(capsule, b"dltensor"), None)


def to_dlpack_capsule(t):
    """A legacy "dltensor" capsule over cuda tensor t's memory (Note [Exported device
    memory])."""
    nd = t.dim()
    shape = (ctypes.c_int64 * max(nd, 1))(*t._shape)
    strides = (ctypes.c_int64 * max(nd, 1))(*t._stride)
    managed = _DLManagedTensor()
    code, bits = _DL_CODE[t._dtype.name]
    managed.dl_tensor = _DLTensor(t.data_ptr(), _DLDevice(KDL_CUDA, t._storage.device.index),
                                  nd, _DLDataType(code, bits, 1), shape, strides, 0)
    managed.deleter = _deleter
    address = ctypes.addressof(managed)
    _exports[address] = (managed, shape, strides, t)
    new = ctypes.pythonapi.PyCapsule_New
    new.restype, new.argtypes = ctypes.py_object, [ctypes.c_void_p, ctypes.c_char_p,
                                                   ctypes.c_void_p]
    return new(address, b"dltensor", ctypes.cast(_capsule_destructor, ctypes.c_void_p))


def from_cuda_array_interface(obj, index):
    """A cuda tensor sharing the memory of a producer with __cuda_array_interface__ (CuPy,
    PyTorch...); the tensor keeps `obj` alive."""
    import numpy as np
    from torchlike_core import _dtype
    from torchlike_core._storage import device_storage
    from torchlike_core._tensor import _make_tensor, _contiguous_strides
    from ._device_tensor import cuda_device
    info = obj.__cuda_array_interface__
    dt = _dtype.from_numpy_dtype(np.dtype(info["typestr"]))
    shape = tuple(info["shape"])
    if info.get("strides") is None:
        strides = _contiguous_strides(shape)
    else:
        strides = tuple(s // dt.itemsize for s in info["strides"])
    n = max([0] + [(s - 1) * st for s, st in zip(shape, strides) if s]) + 1
    storage = device_storage(info["data"][0], n * dt.itemsize, obj, cuda_device(index))
    return _make_tensor(storage, shape, strides, 0, dt)


def _sync_for_stream(stream, index):
    """The array API's stream argument: the consumer will use the memory on `stream`. Our
    kernels run on the legacy default stream (1), which every blocking stream already waits
    for, so None and 1 need nothing and -1 asks for nothing; any other stream gets the
    device synchronised so our pending writes are done before it reads."""
    if stream is None or stream in (1, -1):
        return
    if stream == 0:
        raise ValueError("__dlpack__: stream 0 is ambiguous on CUDA (use 1 for the legacy "
                         "default stream or 2 for the per-thread default stream)")
    from . import _runtime
    _runtime.synchronize(index)


def install(tensor_class):
    """Give cuda tensors __cuda_array_interface__ (cpu tensors raise AttributeError, so
    hasattr() is False for them, as in PyTorch) and route __dlpack__ of cuda tensors here."""
    tensor_class.__cuda_array_interface__ = property(cuda_array_interface)
    cpu_dlpack = tensor_class.__dlpack__

    def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
        if self._storage.device.type != "cuda":
            return cpu_dlpack(self, stream=stream, max_version=max_version, dl_device=dl_device,
                              copy=copy)
        if self.requires_grad:
            raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
        index = self._storage.device.index
        if dl_device is not None and tuple(dl_device) != (KDL_CUDA, index):
            raise BufferError(f"__dlpack__: the tensor is on cuda:{index} (DLPack device "
                              f"({KDL_CUDA}, {index})); exporting it to {tuple(dl_device)} "
                              "is not supported, move it with .to() first")
        _sync_for_stream(stream, index)
        return to_dlpack_capsule(self.clone() if copy else self)

    __dlpack__.__doc__ = cpu_dlpack.__doc__
    tensor_class.__dlpack__ = __dlpack__


del TensorBase
