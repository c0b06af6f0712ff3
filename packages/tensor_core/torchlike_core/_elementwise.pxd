# Contract of the elementwise drivers: dtype rules, broadcasting, output, then a C loop
# (_loops) or a numpy ufunc over views of our memory.
from ._dtype cimport dtype
from ._tensor cimport TensorBase

cdef dtype result_type_of(tuple operands)
cdef object check_output_alias(TensorBase out, x)
cdef void check_internal_overlap(TensorBase out) except *

cdef class Binary:
    cdef readonly str name
    cdef readonly int c_op          # BinaryOp code, or -1 when only numpy has the loop
    cdef readonly object ufunc
    cdef readonly str rule          # 'promote', 'float', 'compare', 'logical'
    cdef readonly bint int_zero_check
    cdef readonly bint inplace
    cdef readonly int allowed       # bit set of the dtype categories (1 << CAT_*) it supports
    cdef readonly str kname         # PyTorch's kernel name in '"kname" not implemented for ...'
    cdef readonly object scale      # add/sub: scale(a, b, alpha) -> alpha * b; None: no alpha
    cdef readonly bint bool_refused # sub: PyTorch refuses bool operands
    cpdef object apply(self, a, b, out)
    cdef object _fast(self, TensorBase a, b)
    cdef bint _c_ok(self, x, dtype compute)
    cdef void _run_c(self, TensorBase o, a, b, tuple shape, dtype compute) except *
    cdef void _run_numpy(self, TensorBase o, a, b, dtype compute) except *

cdef class Unary:
    cdef readonly str name
    cdef readonly int c_op          # UnaryOp code
    cdef readonly str rule          # 'float' (ints become the default float), 'same'
    cdef readonly object int_fn     # numpy function for integer/bool inputs under rule 'same'
    cdef readonly bint inplace
    cdef readonly int allowed       # as Binary.allowed
    cdef readonly str kname
    cdef readonly str bool_msg      # PyTorch's own message for bool inputs (neg, relu), or None
    cpdef object apply(self, a, out)
    cdef void _run_float(self, TensorBase o, TensorBase x, dtype res) except *
