# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""nogil CPU loops.

Bounds checks are off here: callers (_elementwise.pyx, _copy.py) validate shapes, dtypes
and strides before any pointer reaches this module.
"""
from cython.parallel cimport prange
from libc.stdint cimport int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc cimport math
from libc.string cimport memcpy
cimport openmp

cdef extern from "_simd.h" nogil:
    void relu_f32(float* o, const float* a, Py_ssize_t n)
    void relu_f64(double* o, const double* a, Py_ssize_t n)
    void sign_f32(float* o, const float* a, Py_ssize_t n)
    void sign_f64(double* o, const double* a, Py_ssize_t n)
    void frac_f32(float* o, const float* a, Py_ssize_t n)
    void neg_f32(float* o, const float* a, Py_ssize_t n)
    void neg_f64(double* o, const double* a, Py_ssize_t n)
    void inv1p_f32(float* o, Py_ssize_t n)
    void inv1p_f64(double* o, Py_ssize_t n)
    void add1_f32(float* o, const float* a, Py_ssize_t n)
    void add1_f64(double* o, const double* a, Py_ssize_t n)
    void log1p_finish_f32(float* o, const float* x, const float* u, Py_ssize_t n)
    void log1p_finish_f64(double* o, const double* x, const double* u, Py_ssize_t n)
from ._dtype cimport FLOAT32, FLOAT64, INT32, INT64

cimport numpy as cnp

cnp.import_array()

cdef extern from "numpy/ufuncobject.h":
    ctypedef void (*PyUFuncGenericFunction)(char **, cnp.npy_intp *, cnp.npy_intp *,
                                            void *) noexcept nogil
    ctypedef struct PyUFuncObject:
        int ntypes
        int nin
        int nout
        PyUFuncGenericFunction *functions
        void **data
        char *types

cnp.import_ufunc()

# Note [Borrowed numpy loops]: for transcendental float ops numpy has SIMD inner loops that
# beat a scalar libm call several times over. We call those loops (plain C functions over
# (pointers, count, byte strides)) from our own nogil/OpenMP loops: numpy's vector math,
# our threading and strides. Index: [unary op][0 float32, 1 float64]; NULL: our own loop.
cdef PyUFuncGenericFunction _np_loop[32][2]
cdef void* _np_data[32][2]
# Binary ops likewise; index [binary op][0 float32, 1 float64, 2 int32, 3 int64].
cdef PyUFuncGenericFunction _np_bloop[8][4]
cdef void* _np_bdata[8][4]


cdef int _same_type_loop(PyUFuncObject* u, int typenum):
    """Index of ufunc u's loop whose operands are all of `typenum`, or -1. The first match is
    numpy's specialised (SIMD) loop; later ones are generic fallbacks."""
    cdef int i, j, k = u.nin + u.nout
    for i in range(u.ntypes):
        for j in range(k):
            if u.types[i * k + j] != typenum:
                break
        else:
            return i
    return -1


def borrow_numpy_loop(int op, ufunc):
    """Use numpy ufunc `ufunc`'s float32/float64 inner loops for unary op code `op`."""
    cdef PyUFuncObject* u = <PyUFuncObject*>ufunc
    cdef int i, which
    if op < 0 or op >= 32 or u.nin != 1 or u.nout != 1:
        raise ValueError(f"cannot borrow the loops of {ufunc!r} for op {op}")
    for which, typenum in enumerate((cnp.NPY_FLOAT, cnp.NPY_DOUBLE)):
        i = _same_type_loop(u, typenum)
        if i >= 0:
            _np_loop[op][which] = u.functions[i]
            _np_data[op][which] = u.data[i]


def borrow_numpy_binary_loop(int op, ufunc):
    """Use numpy ufunc `ufunc`'s same-type loops (float32/64, int32/64) for binary op `op`."""
    cdef PyUFuncObject* u = <PyUFuncObject*>ufunc
    cdef int i, which
    if op < 0 or op >= 8 or u.nin != 2 or u.nout != 1:
        raise ValueError(f"cannot borrow the loops of {ufunc!r} for op {op}")
    for which, typenum in enumerate((cnp.NPY_FLOAT, cnp.NPY_DOUBLE, cnp.NPY_INT32, cnp.NPY_INT64)):
        i = _same_type_loop(u, typenum)
        if i >= 0:
            _np_bloop[op][which] = u.functions[i]
            _np_bdata[op][which] = u.data[i]


def first_out_of_range(cnp.ndarray idx, int64_t lo, int64_t hi):
    """The first value of an int64 array (C-contiguous, or 1-d with any stride, as nonzero()
    gives) outside [lo, hi), or None: one pass, where the numpy form made three temporaries
    and cost several microseconds."""
    cdef bint flat = cnp.PyArray_IS_C_CONTIGUOUS(idx)
    if cnp.PyArray_TYPE(idx) != cnp.NPY_INT64 or not (flat or idx.ndim == 1):
        raise TypeError("first_out_of_range: expected a C-contiguous or 1-d int64 array")
    cdef char* p = <char*>cnp.PyArray_DATA(idx)
    cdef Py_ssize_t i, n = cnp.PyArray_SIZE(idx), step = 8 if flat else idx.strides[0]
    cdef int64_t v
    for i in range(n):
        v = (<int64_t*>(p + i * step))[0]
        if v < lo or v >= hi:
            return v
    return None


def take_along(cnp.ndarray arr, cnp.ndarray idx, int axis):
    """np.take_along_axis(arr, idx, axis) for an int64 idx shaped as arr except along `axis`
    (no broadcasting), any strides, as a new C-contiguous array: numpy's version builds its
    index arrays in Python, which cost more than the take for small tensors. Every index is
    checked (IndexError), since the loop reads memory through it."""
    cdef int nd = arr.ndim, d
    if cnp.PyArray_TYPE(idx) != cnp.NPY_INT64 or idx.ndim != nd or not 0 <= axis < nd:
        raise TypeError("take_along: expected an int64 index with the array's dims")
    if arr.dtype.hasobject:      # copying object pointers would skip their reference counts
        raise TypeError("take_along: object arrays are not supported")
    for d in range(nd):
        if d != axis and idx.shape[d] != arr.shape[d]:
            raise ValueError("take_along: index and array shapes differ off the axis")
    cdef cnp.ndarray out = cnp.PyArray_EMPTY(nd, idx.shape, cnp.PyArray_TYPE(arr), 0)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(idx), size = arr.shape[axis], k, item = arr.itemsize
    cdef Py_ssize_t coord[64]
    cdef Py_ssize_t a_off = 0, i_off = 0
    cdef int64_t v
    cdef char* a = <char*>cnp.PyArray_DATA(arr)
    cdef char* ip = <char*>cnp.PyArray_DATA(idx)
    cdef char* o = <char*>cnp.PyArray_DATA(out)
    for d in range(nd):
        coord[d] = 0
    for k in range(n):
        v = (<int64_t*>(ip + i_off))[0]
        if v < 0 or v >= size:
            raise IndexError(f"index {v} is out of bounds for size {size}")
        memcpy(o + k * item, a + a_off + v * arr.strides[axis], item)
        d = nd - 1      # next coordinate, last dim fastest
        while d >= 0:
            coord[d] += 1
            i_off += idx.strides[d]
            if d != axis:
                a_off += arr.strides[d]
            if coord[d] < idx.shape[d]:
                break
            i_off -= idx.strides[d] * coord[d]
            if d != axis:
                a_off -= arr.strides[d] * coord[d]
            coord[d] = 0
            d -= 1
    return out


ctypedef fused num:
    float
    double
    int32_t
    int64_t

ctypedef fused real:
    float
    double

ctypedef fused word:
    uint8_t
    uint16_t
    uint32_t
    uint64_t

# Below this many elements a loop runs on one thread. Larger than PyTorch's 32768: our
# threads wait passively (see __init__.py), so waking them costs tens of microseconds.
cdef Py_ssize_t GRAIN = 1 << 17
cdef int _num_threads = openmp.omp_get_max_threads()


def set_num_threads(int n):
    global _num_threads
    if n < 1:
        raise RuntimeError(f"set_num_threads expects a positive integer, got {n}")
    _num_threads = n


def get_num_threads():
    return _num_threads


cdef int num_threads() noexcept nogil:
    return _num_threads


cdef bint _inner_first(NdIter* it, int x, int y) noexcept nogil:
    """Should dim y come before (outside of) dim x? True when every operand walks y with a
    stride at least as large as x's (so memory order is kept for all of them)."""
    cdef int k
    cdef bint larger = False
    for k in range(it.nops):
        if it.strides[k][y] < it.strides[k][x]:
            return False
        if it.strides[k][y] > it.strides[k][x]:
            larger = True
    return larger


cdef void coalesce(NdIter* it) noexcept nogil:
    """Drop size-1 dims, put the dims in memory order when all operands agree on it (a
    permuted tensor copied to the same permuted layout walks memory contiguously), and
    merge neighbours that are contiguous for every operand."""
    cdef int i, k, j = 0, nd = it.ndim
    cdef bint ok
    cdef Py_ssize_t tmp
    for i in range(nd):                  # drop size-1 dims
        if it.shape[i] != 1:
            it.shape[j] = it.shape[i]
            for k in range(it.nops):
                it.strides[k][j] = it.strides[k][i]
            j += 1
    nd = j
    for i in range(1, nd):               # insertion sort: larger strides outside
        j = i
        while j > 0 and _inner_first(it, j - 1, j):
            tmp = it.shape[j]
            it.shape[j] = it.shape[j - 1]
            it.shape[j - 1] = tmp
            for k in range(it.nops):
                tmp = it.strides[k][j]
                it.strides[k][j] = it.strides[k][j - 1]
                it.strides[k][j - 1] = tmp
            j -= 1
    if nd == 0:
        it.shape[0] = 1
        for k in range(it.nops):
            it.strides[k][0] = 0
        it.ndim = 1
        return
    j = 0
    for i in range(1, nd):               # merge dim i into j when j is i's outer neighbour
        ok = True
        for k in range(it.nops):
            if it.strides[k][j] != it.strides[k][i] * it.shape[i]:
                ok = False
                break
        if ok:
            it.shape[j] *= it.shape[i]
            for k in range(it.nops):
                it.strides[k][j] = it.strides[k][i]
        else:
            j += 1
            it.shape[j] = it.shape[i]
            for k in range(it.nops):
                it.strides[k][j] = it.strides[k][i]
    it.ndim = j + 1


# ---- binary ------------------------------------------------------------------------

cdef inline void binary_inner(int op, num* o, num* a, num* b, Py_ssize_t so, Py_ssize_t sa,
                              Py_ssize_t sb, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    if op == B_ADD:
        if so == 1 and sa == 1 and sb == 1:
            for i in range(n):
                o[i] = a[i] + b[i]
        elif so == 1 and sa == 1 and sb == 0:
            for i in range(n):
                o[i] = a[i] + b[0]
        else:
            for i in range(n):
                o[i * so] = a[i * sa] + b[i * sb]
    elif op == B_SUB:
        for i in range(n):
            o[i * so] = a[i * sa] - b[i * sb]
    elif op == B_MUL:
        if so == 1 and sa == 1 and sb == 1:
            for i in range(n):
                o[i] = a[i] * b[i]
        elif so == 1 and sa == 1 and sb == 0:
            for i in range(n):
                o[i] = a[i] * b[0]
        else:
            for i in range(n):
                o[i * so] = a[i * sa] * b[i * sb]
    elif op == B_DIV:
        for i in range(n):
            o[i * so] = a[i * sa] / b[i * sb]
    elif op == B_MAXIMUM:
        for i in range(n):
            o[i * so] = _max(a[i * sa], b[i * sb])
    elif op == B_MINIMUM:
        for i in range(n):
            o[i * so] = _min(a[i * sa], b[i * sb])


cdef inline num _max(num x, num y) noexcept nogil:
    # NaN propagates, as torch.maximum
    if num is float or num is double:
        if x != x:
            return x
        if y != y:
            return y
    return x if x > y else y


cdef inline num _min(num x, num y) noexcept nogil:
    if num is float or num is double:
        if x != x:
            return x
        if y != y:
            return y
    return x if x < y else y


cdef void binary_1d(int op, int dt, char* o, char* a, char* b, Py_ssize_t so, Py_ssize_t sa,
                    Py_ssize_t sb, Py_ssize_t n) noexcept nogil:
    # strides in bytes here; the typed loops take element strides
    cdef int which = 0 if dt == FLOAT32 else 1 if dt == FLOAT64 else 2 if dt == INT32 else 3
    cdef char* args[3]
    cdef cnp.npy_intp dims[1]
    cdef cnp.npy_intp steps[3]
    if _np_bloop[op][which] != NULL:     # Note [Borrowed numpy loops]
        args[0] = a
        args[1] = b
        args[2] = o
        dims[0] = n
        steps[0] = sa
        steps[1] = sb
        steps[2] = so
        _np_bloop[op][which](args, dims, steps, _np_bdata[op][which])
        return
    if dt == FLOAT32:
        binary_inner(op, <float*>o, <float*>a, <float*>b, so // 4, sa // 4, sb // 4, n)
    elif dt == FLOAT64:
        binary_inner(op, <double*>o, <double*>a, <double*>b, so // 8, sa // 8, sb // 8, n)
    elif dt == INT32:
        binary_inner(op, <int32_t*>o, <int32_t*>a, <int32_t*>b, so // 4, sa // 4, sb // 4, n)
    elif dt == INT64:
        binary_inner(op, <int64_t*>o, <int64_t*>a, <int64_t*>b, so // 8, sa // 8, sb // 8, n)


cdef void run_binary(int op, int dt, NdIter* it, char* out, char* a, char* b) noexcept nogil:
    cdef int last = it.ndim - 1, nt = _num_threads, t
    cdef Py_ssize_t n = it.shape[last], chunk, start, outer, k, idx, rem
    cdef Py_ssize_t so = it.strides[0][last], sa = it.strides[1][last], sb = it.strides[2][last]
    if last == 0 and n >= GRAIN and nt > 1:
        chunk = (n + nt - 1) // nt
        for t in prange(nt, num_threads=nt, schedule="static", chunksize=1):
            start = t * chunk
            if start < n:
                binary_1d(op, dt, out + start * so, a + start * sa, b + start * sb,
                          so, sa, sb, min(chunk, n - start))
        return
    outer = 1
    for k in range(last):
        outer *= it.shape[k]
    cdef char* po
    cdef char* pa
    cdef char* pb
    for idx in range(outer):
        po = out
        pa = a
        pb = b
        rem = idx
        for k in range(last - 1, -1, -1):
            po += (rem % it.shape[k]) * it.strides[0][k]
            pa += (rem % it.shape[k]) * it.strides[1][k]
            pb += (rem % it.shape[k]) * it.strides[2][k]
            rem = rem // it.shape[k]
        binary_1d(op, dt, po, pa, pb, so, sa, sb, n)


# ---- unary -------------------------------------------------------------------------

cdef inline real _unary_scalar(int op, real x) noexcept nogil:
    if op == U_NEG:
        return -x
    elif op == U_ABS:
        return math.fabs(x)
    elif op == U_EXP:
        return math.exp(x)
    elif op == U_EXP2:
        return math.exp2(x)
    elif op == U_EXPM1:
        return math.expm1(x)
    elif op == U_LOG:
        return math.log(x)
    elif op == U_LOG2:
        return math.log2(x)
    elif op == U_LOG10:
        return math.log10(x)
    elif op == U_LOG1P:
        return math.log1p(x)
    elif op == U_SQRT:
        return math.sqrt(x)
    elif op == U_RSQRT:
        return 1 / math.sqrt(x)
    elif op == U_RECIPROCAL:
        return 1 / x
    elif op == U_SIN:
        return math.sin(x)
    elif op == U_COS:
        return math.cos(x)
    elif op == U_TAN:
        return math.tan(x)
    elif op == U_ASIN:
        return math.asin(x)
    elif op == U_ACOS:
        return math.acos(x)
    elif op == U_ATAN:
        return math.atan(x)
    elif op == U_SINH:
        return math.sinh(x)
    elif op == U_COSH:
        return math.cosh(x)
    elif op == U_TANH:
        return math.tanh(x)
    elif op == U_SIGMOID:
        return 1 / (1 + math.exp(-x))
    elif op == U_RELU:
        return 0 if x < 0 else x         # NaN and -0.0 kept, as in PyTorch
    elif op == U_ERF:
        return math.erf(x)
    elif op == U_FLOOR:
        return math.floor(x)
    elif op == U_CEIL:
        return math.ceil(x)
    elif op == U_ROUND:
        return math.nearbyint(x)     # half to even under the default rounding mode
    elif op == U_TRUNC:
        return math.trunc(x)
    elif op == U_FRAC:
        return x - math.trunc(x)
    elif op == U_SIGN:
        return (x > 0) - (x < 0)         # 0 for NaN, as torch.sign
    return x


cdef inline float _unary_f(int op, float x) noexcept nogil:
    # float32 entry points of libm, so float32 math costs float32 time
    if op == U_EXP:
        return math.expf(x)
    elif op == U_LOG:
        return math.logf(x)
    elif op == U_SQRT:
        return math.sqrtf(x)
    elif op == U_TANH:
        return math.tanhf(x)
    elif op == U_SIN:
        return math.sinf(x)
    elif op == U_COS:
        return math.cosf(x)
    elif op == U_SIGMOID:
        return 1.0 / (1.0 + math.expf(-x))
    return _unary_scalar(op, x)


cdef void unary_1d(int op, int dt, char* o, char* a, Py_ssize_t so, Py_ssize_t sa,
                   Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    cdef int which = 0 if dt == FLOAT32 else 1
    cdef char* args[2]
    cdef cnp.npy_intp dims[1]
    cdef cnp.npy_intp steps[2]
    if so == sa == (4 if dt == FLOAT32 else 8):
        # blocked passes around numpy's SIMD exp/log: numpy has no sigmoid, and its log1p
        # is a scalar libm loop
        if op == U_SIGMOID:
            _sigmoid(dt, o, a, n)
            return
        if op == U_LOG1P:
            _log1p(dt, o, a, n)
            return
    if _np_loop[op][which] != NULL:      # Note [Borrowed numpy loops]
        args[0] = a
        args[1] = o
        dims[0] = n
        steps[0] = sa
        steps[1] = so
        _np_loop[op][which](args, dims, steps, _np_data[op][which])
        return
    cdef float* of
    cdef float* af
    cdef double* od
    cdef double* ad
    if dt == FLOAT32:
        of = <float*>o
        af = <float*>a
        so //= 4
        sa //= 4
        if op == U_NEG:
            for i in range(n):
                of[i * so] = -af[i * sa]
        elif op == U_RELU and so == 1 and sa == 1:
            relu_f32(of, af, n)
        elif op == U_SIGN and so == 1 and sa == 1:
            sign_f32(of, af, n)
        elif op == U_FRAC and so == 1 and sa == 1:
            frac_f32(of, af, n)
        elif op == U_RELU:
            for i in range(n):
                of[i * so] = 0 if af[i * sa] < 0 else af[i * sa]
        else:
            for i in range(n):
                of[i * so] = _unary_f(op, af[i * sa])
    elif dt == FLOAT64:
        od = <double*>o
        ad = <double*>a
        so //= 8
        sa //= 8
        if op == U_RELU and so == 1 and sa == 1:
            relu_f64(od, ad, n)
        elif op == U_SIGN and so == 1 and sa == 1:
            sign_f64(od, ad, n)
        else:
            for i in range(n):
                od[i * so] = _unary_scalar(op, ad[i * sa])


cdef enum:
    PASS_BLOCK = 2048        # elements per round of passes: a block stays in L1


cdef void _sigmoid(int dt, char* o, char* a, Py_ssize_t n) noexcept nogil:
    """Contiguous sigmoid as 1 / (1 + exp(-x)), with numpy's SIMD exp (Note [Borrowed numpy
    loops]) between two vectorised passes, a block at a time; o may be a (in place)."""
    cdef Py_ssize_t start = 0, m, item = 4 if dt == FLOAT32 else 8
    cdef char* ob
    while start < n:
        m = min(<Py_ssize_t>PASS_BLOCK, n - start)
        ob = o + start * item
        if dt == FLOAT32:
            neg_f32(<float*>ob, <float*>(a + start * item), m)
        else:
            neg_f64(<double*>ob, <double*>(a + start * item), m)
        unary_1d(U_EXP, dt, ob, ob, item, item, m)
        if dt == FLOAT32:
            inv1p_f32(<float*>ob, m)
        else:
            inv1p_f64(<double*>ob, m)
        start += m


cdef void _log1p(int dt, char* o, char* a, Py_ssize_t n) noexcept nogil:
    """Contiguous log1p as log(1 + x) corrected (log1p_finish in _simd.h), with numpy's
    SIMD log, a block at a time; o may be a (in place): x is copied aside first."""
    cdef double xs[PASS_BLOCK]       # room for a block of either dtype: x, then u = 1 + x
    cdef double us[PASS_BLOCK]
    cdef Py_ssize_t start = 0, m, item = 4 if dt == FLOAT32 else 8
    cdef char* ob
    while start < n:
        m = min(<Py_ssize_t>PASS_BLOCK, n - start)
        ob = o + start * item
        memcpy(<void*>xs, a + start * item, m * item)
        if dt == FLOAT32:
            add1_f32(<float*>us, <float*>xs, m)
        else:
            add1_f64(us, xs, m)
        unary_1d(U_LOG, dt, ob, <char*>us, item, item, m)
        if dt == FLOAT32:
            log1p_finish_f32(<float*>ob, <float*>xs, <float*>us, m)
        else:
            log1p_finish_f64(<double*>ob, xs, us, m)
        start += m


cdef void run_unary(int op, int dt, NdIter* it, char* out, char* a) noexcept nogil:
    cdef int last = it.ndim - 1, nt = _num_threads, t
    cdef Py_ssize_t n = it.shape[last], chunk, start, outer, k, idx, rem
    cdef Py_ssize_t so = it.strides[0][last], sa = it.strides[1][last]
    cdef char* po
    cdef char* pa
    if last == 0 and n >= GRAIN and nt > 1:
        chunk = (n + nt - 1) // nt
        for t in prange(nt, num_threads=nt, schedule="static", chunksize=1):
            start = t * chunk
            if start < n:
                unary_1d(op, dt, out + start * so, a + start * sa, so, sa, min(chunk, n - start))
        return
    outer = 1
    for k in range(last):
        outer *= it.shape[k]
    for idx in range(outer):
        po = out
        pa = a
        rem = idx
        for k in range(last - 1, -1, -1):
            po += (rem % it.shape[k]) * it.strides[0][k]
            pa += (rem % it.shape[k]) * it.strides[1][k]
            rem = rem // it.shape[k]
        unary_1d(op, dt, po, pa, so, sa, n)


# ---- copy (same dtype; any strides) ---------------------------------------------------

cdef enum:
    TILE = 32


cdef inline void copy_1d(word* o, word* a, Py_ssize_t so, Py_ssize_t sa, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    if so == 1 and sa == 1:
        memcpy(o, a, n * sizeof(word))
    else:
        for i in range(n):
            o[i * so] = a[i * sa]


cdef void copy_tiled(word* o, word* a, Py_ssize_t rows, Py_ssize_t cols, Py_ssize_t so0,
                     Py_ssize_t so1, Py_ssize_t sa0, Py_ssize_t sa1) noexcept nogil:
    # A 2-D copy where the input walks the other way (a transpose): tile so that both the
    # reads and the writes stay in cache lines already loaded.
    cdef Py_ssize_t bi, bj, i, j, ntiles = (rows + TILE - 1) // TILE
    cdef Py_ssize_t ctiles = (cols + TILE - 1) // TILE
    cdef int nt = _num_threads if rows * cols >= GRAIN * 4 else 1
    if nt == 1:          # no parallel region (and no thread wake-up) for small inputs
        for bi in range(ntiles):
            _tile_row(o, a, bi, ctiles, rows, cols, so0, so1, sa0, sa1)
        return
    for bi in prange(ntiles, num_threads=nt, schedule="static"):
        _tile_row(o, a, bi, ctiles, rows, cols, so0, so1, sa0, sa1)


cdef inline void _tile_row(word* o, word* a, Py_ssize_t bi, Py_ssize_t ctiles, Py_ssize_t rows,
                           Py_ssize_t cols, Py_ssize_t so0, Py_ssize_t so1, Py_ssize_t sa0,
                           Py_ssize_t sa1) noexcept nogil:
    cdef Py_ssize_t bj, i, j
    for bj in range(ctiles):
        for i in range(bi * TILE, min(bi * TILE + TILE, rows)):
            for j in range(bj * TILE, min(bj * TILE + TILE, cols)):
                o[i * so0 + j * so1] = a[i * sa0 + j * sa1]


cdef void _run_copy(word* out, word* a, NdIter* it, Py_ssize_t item) noexcept nogil:
    cdef int last = it.ndim - 1, k
    cdef Py_ssize_t n = it.shape[last], outer, idx, rem
    cdef Py_ssize_t so = it.strides[0][last] // item, sa = it.strides[1][last] // item
    cdef Py_ssize_t oo, aa
    if last == 1 and sa != 1 and so == 1:
        copy_tiled(out, a, it.shape[0], n, it.strides[0][0] // item, so,
                   it.strides[1][0] // item, sa)
        return
    outer = 1
    for k in range(last):
        outer *= it.shape[k]
    for idx in range(outer):
        oo = 0
        aa = 0
        rem = idx
        for k in range(last - 1, -1, -1):
            oo += (rem % it.shape[k]) * (it.strides[0][k] // item)
            aa += (rem % it.shape[k]) * (it.strides[1][k] // item)
            rem = rem // it.shape[k]
        copy_1d(out + oo, a + aa, so, sa, n)


cdef void run_copy(Py_ssize_t itemsize, NdIter* it, char* out, char* a) noexcept nogil:
    if itemsize == 1:
        _run_copy(<uint8_t*>out, <uint8_t*>a, it, 1)
    elif itemsize == 2:
        _run_copy(<uint16_t*>out, <uint16_t*>a, it, 2)
    elif itemsize == 4:
        _run_copy(<uint32_t*>out, <uint32_t*>a, it, 4)
    else:
        _run_copy(<uint64_t*>out, <uint64_t*>a, it, 8)


# ---- full sum of a contiguous float array ---------------------------------------------

cdef real _pairwise(real* a, Py_ssize_t n) noexcept nogil:
    # Pairwise summation: error grows as log(n), not n. Eight accumulators per leaf block.
    cdef real s0, s1, s2, s3, s4, s5, s6, s7, res
    cdef Py_ssize_t i, half
    if n < 8:
        res = 0
        for i in range(n):
            res += a[i]
        return res
    if n <= 256:
        s0 = a[0]; s1 = a[1]; s2 = a[2]; s3 = a[3]
        s4 = a[4]; s5 = a[5]; s6 = a[6]; s7 = a[7]
        i = 8
        while i + 8 <= n:
            s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]
            s4 += a[i + 4]; s5 += a[i + 5]; s6 += a[i + 6]; s7 += a[i + 7]
            i += 8
        res = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
        while i < n:
            res += a[i]
            i += 1
        return res
    half = (n // 2) // 8 * 8
    return _pairwise(a, half) + _pairwise(a + half, n - half)


cdef double sum_contiguous(int dt, char* a, Py_ssize_t n) noexcept nogil:
    cdef int nt = _num_threads if n >= GRAIN * 4 else 1, t
    cdef Py_ssize_t chunk = (n + nt - 1) // nt
    cdef double parts[256]
    if nt == 1:          # no parallel region (and no thread wake-up) for small inputs
        return _pairwise(<float*>a, n) if dt == FLOAT32 else _pairwise(<double*>a, n)
    if nt > 256:
        nt = 256
        chunk = (n + nt - 1) // nt
    for t in prange(nt, num_threads=nt, schedule="static", chunksize=1):
        if t * chunk < n:
            if dt == FLOAT32:
                parts[t] = _pairwise((<float*>a) + t * chunk, min(chunk, n - t * chunk))
            else:
                parts[t] = _pairwise((<double*>a) + t * chunk, min(chunk, n - t * chunk))
        else:
            parts[t] = 0
    cdef double total = 0
    for t in range(nt):
        total += parts[t]
    return total
