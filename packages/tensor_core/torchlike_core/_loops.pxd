# Contract of the CPU loops: nogil kernels over N-d strided operands.
# Operands arrive as raw pointers plus per-dimension byte strides, already broadcast
# (Note [Broadcast views]) to the output's shape; the caller validated shapes and dtypes.

cdef enum:
    MAX_OPS = 3

cdef struct NdIter:
    int ndim
    int nops
    Py_ssize_t shape[64]
    Py_ssize_t strides[MAX_OPS][64]   # bytes; operand 0 is the output

# Binary op codes with a C loop (others go through numpy, see _elementwise.pyx)
cdef enum BinaryOp:
    B_ADD, B_SUB, B_MUL, B_DIV, B_MAXIMUM, B_MINIMUM

cdef enum UnaryOp:
    U_NEG, U_ABS, U_EXP, U_EXP2, U_EXPM1, U_LOG, U_LOG2, U_LOG10, U_LOG1P, U_SQRT, U_RSQRT,
    U_RECIPROCAL, U_SIN, U_COS, U_TAN, U_ASIN, U_ACOS, U_ATAN, U_SINH, U_COSH, U_TANH,
    U_SIGMOID, U_RELU, U_ERF, U_FLOOR, U_CEIL, U_ROUND, U_TRUNC, U_FRAC, U_SIGN

cdef void coalesce(NdIter* it) noexcept nogil
cdef void run_binary(int op, int dtcode, NdIter* it, char* out, char* a, char* b) noexcept nogil
cdef void run_unary(int op, int dtcode, NdIter* it, char* out, char* a) noexcept nogil
# one strided 1-d run of a unary op (byte strides); numpy's SIMD loop where borrowed
cdef void unary_1d(int op, int dtcode, char* o, char* a, Py_ssize_t so, Py_ssize_t sa,
                   Py_ssize_t n) noexcept nogil
cdef void run_copy(Py_ssize_t itemsize, NdIter* it, char* out, char* a) noexcept nogil
cdef double sum_contiguous(int dtcode, char* a, Py_ssize_t n) noexcept nogil
cdef int num_threads() noexcept nogil
