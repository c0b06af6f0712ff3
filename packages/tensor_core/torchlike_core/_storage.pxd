# Contract of the storage module: a flat, reference-counted byte buffer with a version counter.

cdef class Storage:
    cdef char* data
    cdef readonly Py_ssize_t nbytes
    cdef object owner            # keeps foreign memory (a numpy array, ...) alive
    cdef bint owns_data          # ours to release; a C flag, since gc may clear `owner` first
    cdef readonly object device
    cdef public Py_ssize_t version   # bumped by every in-place write through any view

cdef Storage new_storage(Py_ssize_t nbytes)
cdef Storage storage_from_pointer(char* data, Py_ssize_t nbytes, object owner, object device)
