# cython: language_level=3
"""DLPack capsules: export (__dlpack__) and import (from_dlpack) of tensors.

This module only speaks the C protocol (structs, capsules, deleters); the Python-level
rules of the array-API standard (stream, dl_device, copy, max_version, read-only sources)
are in _interop.py.

Note [DLPack ownership]:
- Export: one malloc'd block holds the DLManagedTensor(Versioned) and its shape/strides
  arrays; `manager_ctx` holds a strong reference to the tensor's Storage, so the memory
  outlives the tensor for as long as the consumer holds it. The block's deleter drops that
  reference and frees the block. The consumer calls the deleter once it is done; a capsule
  that was never consumed (still named "dltensor"/"dltensor_versioned") calls it from its
  own destructor. A consumer renames the capsule to "used_..." first, so exactly one of the
  two ever runs.
- Import: a consumed capsule's DLManagedTensor goes into a `_ProducerOwner`, which is the
  base of a numpy array over the producer's memory; that array becomes the owner of our
  Storage (see _numpy_bridge.from_numpy / _storage.storage_from_pointer), so the producer's
  deleter runs exactly once, when the last tensor over the memory is freed. Everything is
  validated before the capsule is renamed: a refused capsule stays the producer's.
"""
from libc.stdint cimport int64_t
from libc.stdlib cimport malloc, free
from libc.string cimport memset
from cpython.ref cimport PyObject, Py_INCREF, Py_XINCREF, Py_XDECREF
from cpython.pycapsule cimport (PyCapsule_New, PyCapsule_IsValid, PyCapsule_GetPointer,
                                PyCapsule_SetName, PyCapsule_CheckExact)
cimport numpy as cnp
import numpy as np

from ._dtype cimport dtype, CAT_BOOL, CAT_INT
from ._tensor cimport TensorBase, MAX_DIMS
from . import _dtype as _dtype_mod

cnp.import_array()

cdef extern from "numpy/arrayobject.h":
    # Commented out in numpy's .pxd; steals a reference to `descr`.
    object PyArray_NewFromDescr(type subtype, object descr, int nd, cnp.npy_intp* dims,
                                cnp.npy_intp* strides, void* data, int flags, object obj)

VERSION = (DLPACK_MAJOR_VERSION, DLPACK_MINOR_VERSION)
CPU_DEVICE = (kDLCPU, 0)
FLAG_READ_ONLY = DLPACK_FLAG_BITMASK_READ_ONLY
FLAG_IS_COPIED = DLPACK_FLAG_BITMASK_IS_COPIED

_CODE_NAMES = {kDLInt: "int", kDLUInt: "uint", kDLFloat: "float", kDLOpaqueHandle: "opaque",
               kDLBfloat: "bfloat", kDLComplex: "complex", kDLBool: "bool"}
_DEVICE_NAMES = {1: "kDLCPU", 2: "kDLCUDA", 3: "kDLCUDAHost", 4: "kDLOpenCL", 7: "kDLVulkan",
                 8: "kDLMetal", 9: "kDLVPI", 10: "kDLROCM", 11: "kDLROCMHost", 12: "kDLExtDev",
                 13: "kDLCUDAManaged", 14: "kDLOneAPI", 15: "kDLWebGPU", 16: "kDLHexagon",
                 17: "kDLMAIA"}
cdef char _EMPTY_DATA = 0         # a valid address for empty tensors whose producer gave NULL


cdef inline int _dl_code(dtype dt):
    if dt.category == CAT_BOOL:
        return kDLBool
    if dt.category == CAT_INT:
        return kDLInt if dt.is_signed else kDLUInt
    return kDLFloat


cdef dict _FROM_DL = {(_dl_code(d), d.itemsize * 8): d for d in _dtype_mod.all_dtypes()}


def device_name(device_type):
    """'kDLCUDA' for 2: the names of dlpack.h, for error messages."""
    return _DEVICE_NAMES.get(device_type, f"device type {device_type}")


# ---- export -----------------------------------------------------------------------------

cdef void _delete_legacy(DLManagedTensor* self) noexcept with gil:
    Py_XDECREF(<PyObject*>self.manager_ctx)
    free(self)


cdef void _delete_versioned(DLManagedTensorVersioned* self) noexcept with gil:
    Py_XDECREF(<PyObject*>self.manager_ctx)
    free(self)


cdef void _capsule_destructor(object capsule) noexcept:
    # Only an unconsumed capsule still owns its tensor (Note [DLPack ownership]).
    cdef DLManagedTensor* m
    cdef DLManagedTensorVersioned* mv
    if PyCapsule_IsValid(capsule, b"dltensor_versioned"):
        mv = <DLManagedTensorVersioned*>PyCapsule_GetPointer(capsule, b"dltensor_versioned")
        if mv.deleter != NULL:
            mv.deleter(mv)
    elif PyCapsule_IsValid(capsule, b"dltensor"):
        m = <DLManagedTensor*>PyCapsule_GetPointer(capsule, b"dltensor")
        if m.deleter != NULL:
            m.deleter(m)


cdef void _describe(DLTensor* dl, TensorBase t, int64_t* arrays) except *:
    """Fill `dl` with t's pointer and metadata; `arrays` has room for shape and strides."""
    cdef int nd = len(t._shape), i
    dl.data = <void*>(t._storage.data + t._offset * t._dtype.itemsize)
    dl.device.device_type = kDLCPU
    dl.device.device_id = 0
    dl.ndim = nd
    dl.dtype.code = _dl_code(t._dtype)
    dl.dtype.bits = t._dtype.itemsize * 8
    dl.dtype.lanes = 1
    dl.shape = arrays
    dl.strides = arrays + nd
    dl.byte_offset = 0
    for i in range(nd):
        arrays[i] = t._shape[i]
        arrays[nd + i] = t._stride[i]


def export_capsule(TensorBase t, bint versioned, bint copied):
    """A "dltensor_versioned" (versioned) or legacy "dltensor" capsule over t's memory.
    `copied` sets DLPACK_FLAG_BITMASK_IS_COPIED (t is a private copy made for the export)."""
    if t._storage.device.type != "cpu":
        raise BufferError(f"torchlike can only export cpu tensors through DLPack, "
                          f"got a tensor on {t._storage.device}")
    cdef int nd = len(t._shape)
    cdef size_t head = sizeof(DLManagedTensorVersioned) if versioned else sizeof(DLManagedTensor)
    cdef char* block = <char*>malloc(head + 2 * (nd if nd > 0 else 1) * sizeof(int64_t))
    if block == NULL:
        raise MemoryError("__dlpack__: out of memory")
    memset(block, 0, head)
    cdef DLManagedTensorVersioned* mv = <DLManagedTensorVersioned*>block
    cdef DLManagedTensor* m = <DLManagedTensor*>block
    try:
        if versioned:
            mv.version.major = DLPACK_MAJOR_VERSION
            mv.version.minor = DLPACK_MINOR_VERSION
            mv.flags = DLPACK_FLAG_BITMASK_IS_COPIED if copied else 0
            _describe(&mv.dl_tensor, t, <int64_t*>(block + head))
        else:
            _describe(&m.dl_tensor, t, <int64_t*>(block + head))
    except BaseException:
        free(block)
        raise
    # From here the block owns a reference to the storage; its deleter releases both.
    Py_XINCREF(<PyObject*>t._storage)
    if versioned:
        mv.manager_ctx = <void*>t._storage
        mv.deleter = _delete_versioned
    else:
        m.manager_ctx = <void*>t._storage
        m.deleter = _delete_legacy
    try:
        return PyCapsule_New(block, b"dltensor_versioned" if versioned else b"dltensor",
                             _capsule_destructor)
    except BaseException:
        if versioned:
            _delete_versioned(mv)
        else:
            _delete_legacy(m)
        raise


# ---- import -----------------------------------------------------------------------------

cdef class _ProducerOwner:
    """The consumed DLManagedTensor(Versioned) of a producer: calls its deleter once, when the
    last array/tensor over its memory is freed."""
    cdef void* managed
    cdef bint versioned

    def __dealloc__(self):
        cdef DLManagedTensor* m
        cdef DLManagedTensorVersioned* mv
        if self.managed == NULL:
            return
        if self.versioned:
            mv = <DLManagedTensorVersioned*>self.managed
            if mv.deleter != NULL:
                mv.deleter(mv)
        else:
            m = <DLManagedTensor*>self.managed
            if m.deleter != NULL:
                m.deleter(m)
        self.managed = NULL


cdef dtype _check_tensor(DLTensor* dl):
    """Our dtype for dl, after refusing what torchlike cannot hold."""
    if dl.device.device_type != kDLCPU:
        raise BufferError(
            f"from_dlpack: torchlike tensors live in host memory (kDLCPU); the capsule's data is "
            f"on {device_name(dl.device.device_type)} (device id {dl.device.device_id})")
    cdef dtype dt = _FROM_DL.get((dl.dtype.code, dl.dtype.bits)) if dl.dtype.lanes == 1 else None
    if dt is None:
        raise BufferError(
            f"from_dlpack: unsupported DLPack dtype "
            f"{_CODE_NAMES.get(dl.dtype.code, dl.dtype.code)}{dl.dtype.bits}"
            f"{'' if dl.dtype.lanes == 1 else 'x%d' % dl.dtype.lanes}; torchlike supports bool, "
            f"uint8, int8, int16, int32, int64, float16, float32 and float64")
    if dl.ndim < 0 or dl.ndim > MAX_DIMS:
        raise BufferError(f"from_dlpack: number of dims ({dl.ndim}) must be in [0, {MAX_DIMS}]")
    cdef int i
    for i in range(dl.ndim):
        if dl.shape[i] < 0:
            raise BufferError(f"from_dlpack: negative dimension {dl.shape[i]} in the capsule")
    return dt


cdef object _array_over(DLTensor* dl, dtype dt, object owner, bint read_only):
    """A numpy array over dl's memory (strides in elements, or compact when NULL) whose base
    is `owner`; writeable unless the producer declared the memory read-only."""
    cdef int nd = dl.ndim, i
    cdef cnp.npy_intp dims[MAX_DIMS]
    cdef cnp.npy_intp strides[MAX_DIMS]
    cdef Py_ssize_t item = dt.itemsize, acc = item
    for i in range(nd - 1, -1, -1):
        dims[i] = dl.shape[i]
        strides[i] = dl.strides[i] * item if dl.strides != NULL else acc
        acc *= dl.shape[i] if dl.shape[i] > 1 else 1
    cdef char* data = <char*>dl.data
    data = &_EMPTY_DATA if data == NULL else data + dl.byte_offset
    descr = dt.np
    Py_INCREF(descr)   # PyArray_NewFromDescr steals a reference
    arr = PyArray_NewFromDescr(np.ndarray, descr, nd, dims, strides, <void*>data,
                               0 if read_only else cnp.NPY_ARRAY_WRITEABLE, None)
    cnp.set_array_base(arr, owner)
    return arr


def import_capsule(capsule):
    """Consume a DLPack capsule: (numpy array over its memory, read_only flag).

    The array's base calls the producer's deleter when freed (Note [DLPack ownership])."""
    if not PyCapsule_CheckExact(capsule):
        raise TypeError(f"from_dlpack: expected a DLPack capsule, got {type(capsule).__name__}")
    cdef DLManagedTensorVersioned* mv = NULL
    cdef DLManagedTensor* m = NULL
    cdef DLTensor* dl
    cdef bint read_only = False
    if PyCapsule_IsValid(capsule, b"dltensor_versioned"):
        mv = <DLManagedTensorVersioned*>PyCapsule_GetPointer(capsule, b"dltensor_versioned")
        if mv.version.major > DLPACK_MAJOR_VERSION:
            raise BufferError(
                f"from_dlpack: the capsule has DLPack version {mv.version.major}."
                f"{mv.version.minor}; torchlike understands major version "
                f"{DLPACK_MAJOR_VERSION} only")
        dl = &mv.dl_tensor
        read_only = (mv.flags & DLPACK_FLAG_BITMASK_READ_ONLY) != 0
    elif PyCapsule_IsValid(capsule, b"dltensor"):
        m = <DLManagedTensor*>PyCapsule_GetPointer(capsule, b"dltensor")
        dl = &m.dl_tensor
    elif PyCapsule_IsValid(capsule, b"used_dltensor") or \
            PyCapsule_IsValid(capsule, b"used_dltensor_versioned"):
        raise RuntimeError(
            "from_dlpack received an invalid capsule. Note that DLTensor capsules can be "
            "consumed only once, so you might have already constructed a tensor from it once.")
    else:
        raise TypeError("from_dlpack: expected a capsule named 'dltensor' or "
                        "'dltensor_versioned'")
    cdef dtype dt = _check_tensor(dl)
    cdef _ProducerOwner owner = _ProducerOwner.__new__(_ProducerOwner)
    if mv != NULL:
        PyCapsule_SetName(capsule, b"used_dltensor_versioned")
        owner.managed = <void*>mv
        owner.versioned = True
    else:
        PyCapsule_SetName(capsule, b"used_dltensor")
        owner.managed = <void*>m
        owner.versioned = False
    return _array_over(dl, dt, owner, read_only), read_only
