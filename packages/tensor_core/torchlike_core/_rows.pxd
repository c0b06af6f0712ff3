# Contract of the row kernels: softmax-like ops over the last axis of C-contiguous rows.
# The Python entry points validate dtype, contiguity and shape; the loops trust them.

ctypedef fused real:
    float
    double

cdef void softmax_rows(const real* x, real* out, Py_ssize_t rows, Py_ssize_t cols,
                       bint take_log) noexcept nogil
