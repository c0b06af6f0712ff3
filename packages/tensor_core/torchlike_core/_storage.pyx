# cython: language_level=3, boundscheck=False, wraparound=False
"""Host memory for tensors.

Note [Big buffers]: out-of-place ops on large tensors are bound by page faults when every
result is fresh memory. Buffers of at least BIG bytes are 2 MiB aligned, advised as huge
pages, and kept in a small cache on release, so a loop like `c = a + b` reuses the
previous result's memory instead of faulting it in again.
"""
from libc.stdlib cimport free
from libc.string cimport memset
from posix.stdlib cimport posix_memalign
from ._device import cpu_device

cdef extern from "<sys/mman.h>" nogil:
    int madvise(void* addr, size_t length, int advice)
    int MADV_HUGEPAGE

cdef enum:
    BIG = 1 << 20
    HUGE_ALIGN = 1 << 21

cdef dict _cache = {}            # rounded size -> list of pointers (as ints)
cdef Py_ssize_t _cached_bytes = 0
cdef Py_ssize_t _cache_limit = 1 << 30


cdef Py_ssize_t _round(Py_ssize_t n):
    if n < BIG:
        return n if n > 0 else 1
    return (n + HUGE_ALIGN - 1) // HUGE_ALIGN * HUGE_ALIGN


cdef char* _alloc(Py_ssize_t size) except NULL:
    global _cached_bytes
    cdef void* p = NULL
    if size >= BIG:
        free_list = _cache.get(size)
        if free_list:
            _cached_bytes -= size
            return <char*><size_t>free_list.pop()
    if posix_memalign(&p, HUGE_ALIGN if size >= BIG else 64, size) != 0:
        raise MemoryError(f"torchlike: failed to allocate {size} bytes of host memory")
    if size >= BIG:
        madvise(p, size, MADV_HUGEPAGE)
    return <char*>p


cdef void _release(char* p, Py_ssize_t size):
    global _cached_bytes
    if size >= BIG and _cached_bytes + size <= _cache_limit:
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


cdef class Storage:
    """A flat byte buffer shared by a tensor and all its views."""

    def __dealloc__(self):
        if self.owns_data and self.data != NULL:
            _release(self.data, _round(self.nbytes))

    def data_ptr(self):
        return <size_t>self.data

    def nbytes_(self):
        return self.nbytes

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
    return s
