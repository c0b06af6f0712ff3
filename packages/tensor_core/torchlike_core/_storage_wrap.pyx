# cython: language_level=3
"""Storages over memory someone else owns (numpy arrays, buffers)."""
cimport numpy as cnp
from ._storage cimport Storage, storage_from_pointer
from ._device import cpu_device

cnp.import_array()


def wrap_array_memory(cnp.ndarray arr, Py_ssize_t nbytes):
    """A Storage over arr's memory that keeps arr alive; no copy."""
    return storage_from_pointer(<char*>cnp.PyArray_DATA(arr), nbytes, arr, cpu_device)
