# cython: language_level=3
"""from_numpy: a tensor over a numpy array's memory, kept alive by the array.

It is here, in C, because every numpy-backed kernel returns its result through it: in
Python its checks would cost more than most small ops do.
"""
cimport numpy as cnp
from ._storage cimport Storage, storage_from_pointer
from ._tensor cimport TensorBase, make_tensor
from ._dtype cimport dtype, from_numpy_dtype
from ._device import cpu_device

cnp.import_array()


cpdef TensorBase from_numpy(object arr):
    """torch.from_numpy: a tensor sharing `arr`'s memory. The storage's owner is `arr`
    itself, so a subclass instance that refers back to the tensor forms a cycle the
    collector can see (Note [Untracked storages] in _storage.pyx)."""
    if not isinstance(arr, cnp.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(arr).__name__})")
    cdef cnp.ndarray a = <cnp.ndarray>arr
    cdef dtype dt = from_numpy_dtype(a.dtype)
    if not a.dtype.isnative:
        raise ValueError("given numpy array has byte order different from the native byte order. "
                         "Conversion between byte orders is currently not supported.")
    cdef int nd = cnp.PyArray_NDIM(a), k
    cdef cnp.npy_intp* np_strides = cnp.PyArray_STRIDES(a)
    cdef cnp.npy_intp* np_shape = cnp.PyArray_DIMS(a)
    cdef Py_ssize_t item = cnp.PyArray_ITEMSIZE(a), extent = 1, size = 1
    for k in range(nd):
        if np_strides[k] < 0:
            raise ValueError(
                "At least one stride in the given numpy array is negative, and tensors with "
                "negative strides are not currently supported. (You can probably work around "
                "this by making a copy of your array  with array.copy().) ")
        if np_strides[k] % item:
            raise ValueError("given numpy array strides not a multiple of the element byte size. "
                             "Copy the numpy array to reallocate the memory.")
        extent += (np_shape[k] - 1) * (np_strides[k] // item)
        size *= np_shape[k]
    cdef tuple shape = tuple([np_shape[k] for k in range(nd)])
    cdef tuple strides = tuple([np_strides[k] // item for k in range(nd)])
    cdef Storage storage = storage_from_pointer(<char*>cnp.PyArray_DATA(a),
                                                extent * item if size else 0, a, cpu_device)
    return make_tensor(storage, shape, strides, 0, dt)
