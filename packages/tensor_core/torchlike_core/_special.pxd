# Contract of the special-function kernels: scalar nogil functions in float64, usable from
# other Cython modules' loops (the array entry points live in _special.pyx).

cdef double digamma(double x) noexcept nogil
cdef double polygamma(int n, double x) noexcept nogil
cdef double zeta(double x, double q) noexcept nogil
cdef double erfinv(double y) noexcept nogil
