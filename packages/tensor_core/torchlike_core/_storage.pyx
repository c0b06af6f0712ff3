# cython: language_level=3, boundscheck=False, wraparound=False
"""Host memory for tensors.

Note [Big buffers]: out-of-place ops on large tensors are bound by page faults when every
result is fresh memory (glibc serves blocks above 128 KiB with a fresh mmap each time).
Buffers of at least CACHED bytes are kept in a size-keyed cache on release (up to 1 GiB),
so a loop like `c = a + b`, or a training step, reuses the previous result's memory
instead of faulting it in again; buffers of at least HUGE bytes are also 2 MiB aligned
and advised as huge pages.
"""
from libc.stdlib cimport free
from libc.string cimport memset
from posix.stdlib cimport posix_memalign
cimport cython
from cpython.ref cimport Py_REFCNT
cdef extern from "Python.h":
    void PyObject_GC_UnTrack(void* op)
import numpy as np

from ._device import cpu_device

cdef extern from "<sys/mman.h>" nogil:
    int madvise(void* addr, size_t length, int advice)
    int MADV_HUGEPAGE

cdef enum:
    CACHED = 1 << 16       # cached on release, sizes rounded to multiples of CACHED
    HUGE = 1 << 21         # huge-page aligned and advised, sizes rounded to multiples of HUGE

cdef dict _cache = {}            # rounded size -> list of pointers (as ints)
cdef Py_ssize_t _cached_bytes = 0
cdef Py_ssize_t _cache_limit = 1 << 30


cdef Py_ssize_t _round(Py_ssize_t n):
    if n < CACHED:
        return n if n > 0 else 1
    if n < HUGE:
        return (n + CACHED - 1) // CACHED * CACHED
    return (n + HUGE - 1) // HUGE * HUGE


cdef char* _alloc(Py_ssize_t size) except NULL:
    global _cached_bytes
    cdef void* p = NULL
    if size >= CACHED:
        free_list = _cache.get(size)
        if free_list:
            _cached_bytes -= size
            return <char*><size_t>free_list.pop()
    if posix_memalign(&p, HUGE if size >= HUGE else 64, size) != 0:
        raise MemoryError(f"torchlike: failed to allocate {size} bytes of host memory")
    if size >= HUGE:
        madvise(p, size, MADV_HUGEPAGE)
    return <char*>p


cdef void _release(char* p, Py_ssize_t size):
    global _cached_bytes
    if size >= CACHED and _cached_bytes + size <= _cache_limit:
        _cache.setdefault(size, []).append(<size_t>p)
        _cached_bytes += size
    else:
        free(p)


def empty_cache():
    """Return every cached big buffer to the system."""
    global _cached_bytes
    for free_list in _cache.values():
        for p in free_list:
            free(<void*><size_t>p)
    _cache.clear()
    _cached_bytes = 0


def cached_bytes():
    return _cached_bytes


@cython.no_gc_clear
cdef class Storage:
    """A flat byte buffer shared by a tensor and all its views.

    It holds two objects: `device` (never part of a cycle) and `owner`, whatever keeps
    foreign memory alive. Note [Untracked storages]: a storage over our own memory
    (owner None) or over a plain numpy array that owns its data (every numpy-backed
    kernel's result) cannot be part of a reference cycle, so it is untracked by the cyclic
    garbage collector (one object fewer per op for it to scan, Note [Fewer tracked
    objects]). Any other owner may refer back to a tensor over it (an ndarray subclass
    with a __dict__, a buffer exporter object), so that storage stays tracked and the
    collector can see and break the cycle. `owner` is never cleared by the collector
    (no_gc_clear): a cycle is broken at the owner's side, and the memory stays valid
    until the storage itself goes.
    """

    def __dealloc__(self):
        if self.owns_data and self.data != NULL:
            _release(self.data, _round(self.nbytes))

    def data_ptr(self):
        return <size_t>self.data

    def nbytes_(self):
        return self.nbytes

    def memory_is_private(self):
        """Whether nothing but this storage can reach its memory: memory we allocated, or a
        numpy array that owns its data and that only this storage references. (Tensors
        sharing the storage itself are the caller's to count.)"""
        if self.owns_data:
            return True
        owner = self.owner
        return (type(owner) is np.ndarray and Py_REFCNT(owner) == 2    # ours + `owner`
                and owner.base is None)

    def __len__(self):
        return self.nbytes

    def __repr__(self):
        return f"torchlike.Storage(nbytes={self.nbytes}, device={self.device})"


cdef Storage new_storage(Py_ssize_t nbytes):
    cdef Storage s = Storage.__new__(Storage)
    s.data = _alloc(_round(nbytes))
    s.nbytes = nbytes
    s.owner = None
    s.owns_data = True
    s.device = cpu_device
    PyObject_GC_UnTrack(<void*>s)      # Note [Untracked storages]
    return s


def zeroed_storage(Py_ssize_t nbytes):
    cdef Storage s = new_storage(nbytes)
    with nogil:
        memset(s.data, 0, nbytes)
    return s


cdef Storage storage_from_pointer(char* data, Py_ssize_t nbytes, object owner, object device):
    cdef Storage s = Storage.__new__(Storage)
    s.data = data
    s.nbytes = nbytes
    s.owner = owner
    s.owns_data = False
    s.device = device
    if _plain_memory(owner):
        PyObject_GC_UnTrack(<void*>s)  # Note [Untracked storages]
    return s


cdef bint _plain_memory(object owner):
    """Whether `owner` holds no object that could refer back to a tensor: nothing, or a
    plain ndarray owning its data, or a plain view of one (numpy links a view straight to
    the array owning the memory)."""
    if owner is None:
        return True
    if type(owner) is not np.ndarray:
        return False
    base = owner.base
    return base is None or (type(base) is np.ndarray and base.base is None)


def device_storage(size_t ptr, Py_ssize_t nbytes, object owner, object device):
    """A Storage over device memory at address `ptr`, kept alive by `owner` (a backend's
    allocation; Note [Device allocator] in torchlike_cuda/_allocator.py). The core never
    dereferences it: numpy_view() refuses storages whose device is not the cpu."""
    if device.type == "cpu":
        raise ValueError("device_storage is for memory that is not host memory")
    return storage_from_pointer(<char*>ptr, nbytes, owner, device)
