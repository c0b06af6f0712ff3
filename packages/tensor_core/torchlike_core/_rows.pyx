# cython: boundscheck=False, wraparound=False, cdivision=True
"""Row kernels: softmax and log_softmax over the last axis of C-contiguous rows.

Through numpy these were six ufunc calls, four of them small reductions, which made a
64x10 log_softmax six times PyTorch's time; one pass per row here, with numpy's SIMD exp
(Note [Borrowed numpy loops])."""
cimport numpy as cnp
from libc.math cimport log, INFINITY

from ._dtype cimport FLOAT32, FLOAT64
from ._loops cimport unary_1d, U_EXP

cnp.import_array()


cdef void softmax_rows(const real* x, real* out, Py_ssize_t rows, Py_ssize_t cols,
                       bint take_log) noexcept nogil:
    cdef Py_ssize_t r, j
    cdef const real* row
    cdef real* o
    cdef real m
    cdef double total, shift
    cdef int dt = FLOAT32 if real is float else FLOAT64
    for r in range(rows):
        row = x + r * cols
        o = out + r * cols
        # The max skips NaN (comparisons with NaN are false) and the NaN then spreads
        # through the sum, as in PyTorch; an all -inf row gives -inf - -inf = NaN, as there.
        m = -INFINITY
        for j in range(cols):
            if row[j] > m:
                m = row[j]
        for j in range(cols):
            o[j] = row[j] - m
        unary_1d(U_EXP, dt, <char*>o, <char*>o, sizeof(real), sizeof(real), cols)
        total = 0
        for j in range(cols):
            total += o[j]
        if take_log:
            shift = m + log(total)
            for j in range(cols):
                o[j] = <real>(row[j] - shift)
        else:
            for j in range(cols):
                o[j] = <real>(o[j] / total)


def softmax_lastdim(cnp.ndarray x, bint take_log):
    """softmax (or log_softmax) of a C-contiguous float32/float64 array over its last axis,
    as a new array of the same shape and dtype."""
    if x.ndim == 0 or not cnp.PyArray_IS_C_CONTIGUOUS(x):
        raise ValueError("softmax_lastdim: expected a C-contiguous array with at least 1 dim")
    cdef int typenum = cnp.PyArray_TYPE(x)
    if typenum != cnp.NPY_FLOAT32 and typenum != cnp.NPY_FLOAT64:
        raise TypeError("softmax_lastdim: expected float32 or float64")
    cdef cnp.ndarray out = cnp.PyArray_EMPTY(x.ndim, x.shape, typenum, 0)
    cdef Py_ssize_t cols = x.shape[x.ndim - 1]
    if cols == 0:
        return out
    cdef Py_ssize_t rows = cnp.PyArray_SIZE(x) // cols
    with nogil:
        if typenum == cnp.NPY_FLOAT32:
            softmax_rows(<const float*>cnp.PyArray_DATA(x), <float*>cnp.PyArray_DATA(out),
                         rows, cols, take_log)
        else:
            softmax_rows(<const double*>cnp.PyArray_DATA(x), <double*>cnp.PyArray_DATA(out),
                         rows, cols, take_log)
    return out
