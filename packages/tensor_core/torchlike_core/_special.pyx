# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Special functions numpy lacks (erfinv, digamma, polygamma, Hurwitz zeta), plus libm's
lgamma/erfc: float64 nogil kernels and array entry points for the elementwise op table.

Edge values follow PyTorch (and the C standard for gamma-like functions): digamma(+-0) is
-+inf, digamma of a negative integer is nan, erfinv(+-1) is +-inf, |y| > 1 gives nan.
"""
import numpy as np

from libc.math cimport (lgamma, erf, erfc, exp, log, sqrt, tan, floor, trunc, fabs, pow, modf,
                        copysign, isnan, INFINITY, NAN, M_PI)

cdef double _MACHEP = 1.11022302462515654042e-16
cdef double _PSI_10 = 2.25175258906672110764      # digamma(10)
# Bernoulli-number coefficients B_2k / 2k of digamma's asymptotic series, highest first
cdef double _PSI_A[7]
_PSI_A[:] = [8.33333333333333333333e-2, -2.10927960927960927961e-2, 7.57575757575757575758e-3,
             -4.16666666666666666667e-3, 3.96825396825396825397e-3, -8.33333333333333333333e-3,
             8.33333333333333333333e-2]
# (2k)! / B_2k: the Euler-Maclaurin correction terms of the Hurwitz zeta sum
cdef double _ZETA_A[12]
_ZETA_A[:] = [12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9,
              7.47242496e10, -2.950130727918164224e12, 1.1646782814350067249e14,
              -4.5979787224074726105e15, 1.8152105401943546773e17, -7.1661652561756670113e18]


cdef double digamma(double x) noexcept nogil:
    cdef double result = 0, z, y = 0, ipart, frac
    cdef int i
    if x == 0:
        return copysign(INFINITY, -x)
    if x < 0:
        if x == trunc(x):
            return NAN
        # reflection; tan of the fractional part keeps pi * x from losing digits
        frac = modf(x, &ipart)
        return digamma(1 - x) - M_PI / tan(M_PI * frac)
    if isnan(x):
        return x
    while x < 10:           # recurrence psi(x) = psi(x + 1) - 1/x up to the asymptotic range
        result -= 1 / x
        x += 1
    if x == 10:
        return result + _PSI_10
    if x < 1e17:
        z = 1 / (x * x)
        for i in range(7):
            y = y * z + _PSI_A[i]
        y *= z
    return result + log(x) - 0.5 / x - y


cdef double zeta(double x, double q) noexcept nogil:
    """Hurwitz zeta sum_k (k + q)^-x by Euler-Maclaurin summation (x > 1)."""
    cdef double a, b = 0, k, s, t, w
    cdef int i
    if x == 1:
        return INFINITY
    if x < 1 or isnan(x) or isnan(q):
        return NAN
    if q <= 0:
        if q == floor(q):
            return INFINITY
        if x != floor(x):
            return NAN          # q^-x is not real
    s = pow(q, -x)
    a = q
    i = 0
    while i < 9 or a <= 9.0:
        i += 1
        a += 1
        b = pow(a, -x)
        s += b
        if -_MACHEP * s < b < _MACHEP * s:
            return s
    w = a
    s += b * w / (x - 1)
    s -= 0.5 * b
    a = 1
    k = 0
    for i in range(12):
        a *= x + k
        b /= w
        t = a * b / _ZETA_A[i]
        s += t
        if fabs(t / s) < _MACHEP:
            return s
        k += 1
        a *= x + k
        b /= w
        k += 1
    return s


cdef double polygamma(int n, double x) noexcept nogil:
    """psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x) for n >= 1."""
    if n == 0:
        return digamma(x)
    return (1.0 if n % 2 else -1.0) * exp(lgamma(n + 1.0)) * zeta(n + 1.0, x)


cdef double _erfinv_guess(double y) noexcept nogil:
    # Giles, "Approximating the erfinv function" (GPU Computing Gems), single-precision
    # coefficients: about 1e-7 relative, refined by Newton steps below.
    cdef double w = -log((1 - y) * (1 + y)), p
    if w < 5:
        w -= 2.5
        p = 2.81022636e-08
        p = 3.43273939e-07 + p * w
        p = -3.5233877e-06 + p * w
        p = -4.39150654e-06 + p * w
        p = 0.00021858087 + p * w
        p = -0.00125372503 + p * w
        p = -0.00417768164 + p * w
        p = 0.246640727 + p * w
        p = 1.50140941 + p * w
    else:
        w = sqrt(w) - 3
        p = -0.000200214257
        p = 0.000100950558 + p * w
        p = 0.00134934322 + p * w
        p = -0.00367342844 + p * w
        p = 0.00573950773 + p * w
        p = -0.0076224613 + p * w
        p = 0.00943887047 + p * w
        p = 1.00167406 + p * w
        p = 2.83297682 + p * w
    return p * y


cdef double erfinv(double y) noexcept nogil:
    cdef double x, ay = fabs(y), e, step, deriv
    cdef int i
    if isnan(y) or ay > 1:
        return NAN
    if ay == 1:
        return copysign(INFINITY, y)
    if y == 0:
        return y                    # keeps the sign of -0.0
    x = _erfinv_guess(ay)
    for i in range(4):
        deriv = 1.1283791670955126 * exp(-x * x)      # d erf / dx = 2/sqrt(pi) e^(-x^2)
        if ay < 0.5:
            step = (erf(x) - ay) / deriv
        else:
            # Newton on log erfc(x) = log(1 - |y|): 1 - |y| is exact, and in log space the
            # tail is nearly linear, so a rough guess converges
            e = erfc(x)
            step = (log(e) - log(1 - ay)) * e / -deriv
        x -= step
        if fabs(step) <= 1e-17 * x:
            break
    return copysign(x, y)


cdef double _lgamma(double x) noexcept nogil:
    return lgamma(x)


cdef double _erfc(double x) noexcept nogil:
    return erfc(x)


ctypedef double (*unary_fn)(double) noexcept nogil

cdef dict _CODES = {"lgamma": 0, "digamma": 1, "erfinv": 2, "erfc": 3}


cdef unary_fn _kernel(int code) noexcept nogil:
    if code == 0:
        return _lgamma
    if code == 1:
        return digamma
    if code == 2:
        return erfinv
    return _erfc


def apply_unary(str name, x):
    """`name` (lgamma, digamma, erfinv, erfc) of each element of the float64 array x, as a
    new float64 array of x's shape."""
    # (ascontiguousarray makes a 0-d array 1-d: the shape is taken from x)
    src_arr = np.ascontiguousarray(x, dtype=np.float64)
    out = np.empty(np.shape(x), np.float64)
    cdef const double[::1] src = src_arr.reshape(-1)
    cdef double[::1] dst = out.reshape(-1)
    cdef unary_fn f = _kernel(_CODES[name])
    cdef Py_ssize_t i, n = dst.shape[0]
    with nogil:
        for i in range(n):
            dst[i] = f(src[i])
    return out


def apply_polygamma(int n, x):
    """polygamma(n, x) of each element of the float64 array x (n >= 0)."""
    # (ascontiguousarray makes a 0-d array 1-d: the shape is taken from x)
    src_arr = np.ascontiguousarray(x, dtype=np.float64)
    out = np.empty(np.shape(x), np.float64)
    cdef const double[::1] src = src_arr.reshape(-1)
    cdef double[::1] dst = out.reshape(-1)
    cdef Py_ssize_t i, size = dst.shape[0]
    with nogil:
        for i in range(size):
            dst[i] = polygamma(n, src[i])
    return out
