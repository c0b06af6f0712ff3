# cython: language_level=3
"""Elementwise ops: the dtype rules, broadcasting and output handling every elementwise op
shares, then a nogil C loop (_loops.pyx) for the common dtypes or a numpy ufunc over
views of our own memory for the rest.
"""
import warnings
import numpy as np

from ._dtype cimport (dtype, promote, get_default, scalar_dtype, dtype_from_code,
                      CAT_BOOL, CAT_INT, CAT_FLOAT, BOOL, FLOAT32, FLOAT64, INT32, INT64)
from ._tensor cimport (TensorBase, empty_tensor, is_contiguous_meta, broadcast_pair, expand_to, make_tensor,
                       contiguous_strides, numel_of)
from ._storage cimport new_storage
from ._loops cimport NdIter, coalesce, run_binary, run_unary, run_copy, sum_contiguous
from libc.string cimport memcpy
from libc.stdint cimport int32_t, int64_t


# ---- type promotion --------------------------------------------------------------------

cdef inline dtype _combine(dtype higher, dtype lower):
    # PyTorch's tiers: dimensioned tensors > 0-d tensors > Python scalars. A lower tier
    # only matters when it is of a higher category (int tensor + 2.5 -> float).
    if higher is None:
        return lower
    if lower is None or higher.category == CAT_FLOAT:
        return higher
    if higher.category == CAT_BOOL or lower.category == CAT_FLOAT:
        return promote(higher, lower)
    return higher


cdef dtype result_type_of(tuple operands):
    cdef dtype dim_t = None, zero_t = None, wrap_t = None, d
    for x in operands:
        if isinstance(x, TensorBase):
            d = (<TensorBase>x)._dtype
            if len((<TensorBase>x)._shape):
                dim_t = d if dim_t is None else promote(dim_t, d)
            else:
                zero_t = d if zero_t is None else promote(zero_t, d)
        elif x is not None:
            d = scalar_dtype(x)
            wrap_t = d if wrap_t is None else promote(wrap_t, d)
    return _combine(dim_t, _combine(zero_t, wrap_t))


def result_type(a, b):
    """torch.result_type"""
    return result_type_of((a, b))


def result_type_many(*operands):
    """The dtype PyTorch computes for these operands (tensors, scalars; None is skipped)."""
    return result_type_of(operands)


def can_cast(from_, to):
    return _can_cast(from_, to)


cdef bint _can_cast(dtype src, dtype dst):
    # No category may be lowered: float -> int, int -> bool are refused.
    return src.category <= dst.category


def check_can_cast(dtype src, dtype dst):
    if not _can_cast(src, dst):
        raise RuntimeError(f"result type {src.legacy_name} can't be cast to the desired "
                           f"output type {dst.legacy_name}")


# ---- shared pieces -----------------------------------------------------------------------

cdef tuple _shape_of(x):
    return (<TensorBase>x)._shape if isinstance(x, TensorBase) else ()


cdef object _np_operand(x, dtype compute):
    """A numpy array (or 0-d array) of dtype `compute` holding x's values."""
    if isinstance(x, TensorBase):
        arr = (<TensorBase>x).numpy_view()
        return arr if arr.dtype == compute.np else arr.astype(compute.np)
    # Python scalars wrap around like a C cast (uint8 + 300), as in PyTorch.
    if compute.category == CAT_FLOAT or isinstance(x, float):
        return np.asarray(x, dtype=np.float64).astype(compute.np)
    return np.asarray(x).astype(np.int64).astype(compute.np)


cdef TensorBase _prepare_out(out, tuple shape, dtype dt, str name):
    """Check a user-given out= tensor; resize it as PyTorch does when its shape differs."""
    if not isinstance(out, TensorBase):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    cdef TensorBase o = <TensorBase>out
    check_can_cast(dt, o._dtype)
    if o._shape != shape:
        resize_out(o, shape)
    return o


def resize_out(TensorBase o, tuple shape, storage=None):
    """Resize a user's out= tensor to `shape`, onto new memory (`storage`: a device's, made
    by its backend; a new host buffer when None), warning as PyTorch does unless it was
    empty."""
    if numel_of(o._shape) != 0:
        warnings.warn(
            f"An output with one or more elements was resized since it had shape "
            f"{list(o._shape)}, which does not match the required output shape {list(shape)}. "
            "This behavior is deprecated, and in a future PyTorch release outputs will not be "
            "resized unless they have zero elements. You can explicitly reuse an out tensor "
            "t by resizing it, inplace, to zero elements with t.resize_(0).", UserWarning,
            stacklevel=3)
    o._storage = new_storage(numel_of(shape) * o._dtype.itemsize) if storage is None else storage
    o.reset_meta(shape, contiguous_strides(shape), 0)


# Note [Output aliasing]: as PyTorch, an op refuses to write into memory that one of its
# inputs reads through a different view (torch.add(a, 1, out=a.t()), a.add_(a[0])): the
# result would depend on the loop order. The very same view (a.add_(a)) is fine. When the
# layouts are too irregular to tell (stride-0 or gapped views), the input is read from a
# private copy instead. Writing through a tensor whose elements share memory (an expanded
# tensor) is refused too.

cdef bint _has_internal_overlap(TensorBase t):
    cdef Py_ssize_t i
    if numel_of(t._shape) == 0:
        return False
    for i in range(len(t._shape)):
        if <Py_ssize_t>t._stride[i] == 0 and <Py_ssize_t>t._shape[i] > 1:
            return True
    return False


cdef void check_internal_overlap(TensorBase out) except *:
    if _has_internal_overlap(out):
        raise RuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a "
            "single memory location. Please clone() the tensor before performing the operation.")


cdef bint _dense(TensorBase t):
    """Non-overlapping and dense: some order of its dims is contiguous (no gaps, no repeats)."""
    cdef Py_ssize_t expected = 1
    for st, sz in sorted([(st, sz) for sz, st in zip(t._shape, t._stride) if sz != 1]):
        if st != expected:
            return False
        expected *= sz
    return True


cdef object check_output_alias(TensorBase out, x):
    """x, an input of an op that writes `out`, as the op may safely read it (see Note
    [Output aliasing]): x itself, or a private copy; raises PyTorch's error on partial overlap."""
    if not isinstance(x, TensorBase) or (<TensorBase>x)._storage is not out._storage:
        return x
    cdef TensorBase t = <TensorBase>x
    if t._offset == out._offset and t._stride == out._stride and t._shape == out._shape:
        return x
    if numel_of(t._shape) == 0 or numel_of(out._shape) == 0:
        return x
    cdef Py_ssize_t t_end, o_end
    if _dense(t) and _dense(out):
        t_end = t._offset + sum([(n - 1) * s for n, s in zip(t._shape, t._stride)])
        o_end = out._offset + sum([(n - 1) * s for n, s in zip(out._shape, out._stride)])
        if t._offset <= o_end and out._offset <= t_end:
            raise RuntimeError(
                "unsupported operation: some elements of the input tensor and the written-to "
                "tensor refer to a single memory location. Please clone() the tensor before "
                "performing the operation.")
        return x
    return make_from_array(t.numpy_view().copy())


def check_out_aliasing(TensorBase out, *inputs):
    """Python entry to Note [Output aliasing]: the inputs as the op may read them."""
    check_internal_overlap(out)
    return tuple([check_output_alias(out, x) for x in inputs])


cdef _dtype_error(str kname, dtype d):
    raise NotImplementedError(f'"{kname}" not implemented for \'{d.legacy_name}\'')


cdef bint _fill_iter(NdIter* it, tuple shape, tuple operands) except False:
    """Byte strides of each operand broadcast to `shape` (scalars: stride 0)."""
    cdef int nd = len(shape), k, i, lead
    cdef TensorBase t
    cdef tuple st, sh
    it.ndim = nd
    it.nops = len(operands)
    for i in range(nd):
        it.shape[i] = shape[i]
    for k in range(it.nops):
        x = operands[k]
        if isinstance(x, TensorBase):
            t = <TensorBase>x
            st = t._stride
            sh = t._shape
            lead = nd - len(sh)
            for i in range(nd):
                if i < lead or sh[i - lead] == 1:
                    it.strides[k][i] = 0
                else:
                    it.strides[k][i] = <Py_ssize_t>st[i - lead] * t._dtype.itemsize
        else:
            for i in range(nd):
                it.strides[k][i] = 0
    coalesce(it)
    return True


cdef bint _scalar_into(object x, int code, char* buf) except False:
    cdef double d
    cdef int64_t l
    if code == FLOAT32:
        (<float*>buf)[0] = <float>float(x)
    elif code == FLOAT64:
        (<double*>buf)[0] = float(x)
    elif code == INT64:
        (<int64_t*>buf)[0] = int(x)
    elif code == INT32:
        l = int(x)
        (<int32_t*>buf)[0] = <int32_t>l
    return True


# ---- binary ------------------------------------------------------------------------------

# Bits of Binary.allowed / Unary.allowed: which dtype categories an op supports.
ALLOW_BOOL = 1 << CAT_BOOL
ALLOW_INT = 1 << CAT_INT
ALLOW_FLOAT = 1 << CAT_FLOAT
ALL_CATEGORIES = ALLOW_BOOL | ALLOW_INT | ALLOW_FLOAT


cdef class Binary:
    """One binary elementwise op: out = f(a, b), broadcasting, PyTorch's dtype rules."""

    def __init__(self, name, c_op, ufunc, rule="promote", int_zero_check=False, inplace=False,
                 allowed=ALL_CATEGORIES, kname=None, scale=None, bool_refused=False):
        self.name = name
        self.c_op = c_op
        self.ufunc = ufunc
        self.rule = rule
        self.int_zero_check = int_zero_check
        self.inplace = inplace
        self.allowed = allowed
        self.kname = kname or name + "_cpu"
        self.scale = scale
        self.bool_refused = bool_refused

    def __call__(self, a, b, out=None, alpha=1):
        if self.bool_refused and (_is_bool(a) or _is_bool(b)):
            raise RuntimeError(_SUB_BOOLS if _is_bool(a) and _is_bool(b) else _SUB_BOOL)
        if alpha is not 1:              # 1.0 and True are checked too, as in PyTorch
            if self.scale is None:
                raise TypeError(f"{self.name}() got an unexpected keyword argument 'alpha'")
            b = self.scale(a, b, alpha)
        if out is None and not self.inplace and isinstance(a, TensorBase):
            r = self._fast(<TensorBase>a, b)
            if r is not None:
                return r
        return self.apply(a, b, out)

    cdef object _fast(self, TensorBase a, b):
        """The common case without the general machinery: same-dtype contiguous operands of
        one shape (or a tensor and a Python number) with a C loop; None when it does not apply."""
        cdef dtype dt = a._dtype
        cdef int code = dt.code
        cdef TensorBase bt, o
        cdef double bbuf = 0
        cdef char* pb
        cdef Py_ssize_t n, sb
        if self.c_op < 0 or not (code == FLOAT32 or code == FLOAT64 or
                                 ((code == INT64 or code == INT32) and self.rule == "promote")):
            return None
        if a._storage.device.type != "cpu" or not is_contiguous_meta(a._shape, a._stride):
            return None
        if isinstance(b, TensorBase):
            bt = <TensorBase>b
            if bt._dtype is not dt or bt._shape != a._shape or \
                    not is_contiguous_meta(bt._shape, bt._stride) or bt._storage.device is not a._storage.device:
                return None
            pb = bt.ptr()
            sb = dt.itemsize
        elif (type(b) is float or type(b) is int) and dt.category == CAT_FLOAT or \
                type(b) is int and dt.category == CAT_INT:
            _scalar_into(b, code, <char*>&bbuf)
            pb = <char*>&bbuf
            sb = 0
        else:
            return None
        o = empty_tensor(a._shape, dt)
        n = numel_of(a._shape)
        if n:
            _run_flat(self.c_op, code, o.ptr(), a.ptr(), pb, n, dt.itemsize, sb)
        return o

    cpdef object apply(self, a, b, out):
        cdef bint a_t = isinstance(a, TensorBase), b_t = isinstance(b, TensorBase)
        if not a_t and not b_t:
            raise TypeError(f"{self.name}(): expected at least one Tensor argument")
        if (a_t and (<TensorBase>a)._storage.device.type != "cpu") or \
                (b_t and (<TensorBase>b)._storage.device.type != "cpu"):
            raise RuntimeError("cpu kernel called with a non-cpu tensor")
        cdef dtype common = result_type_of((a, b))
        cdef dtype compute = common, res
        if not (self.allowed >> common.category) & 1:
            _dtype_error(self.kname, common)
        if self.rule == "float":
            if common.category != CAT_FLOAT:
                compute = get_default()
            res = compute
        elif self.rule == "compare" or self.rule == "logical":
            res = dtype_from_code(BOOL)
            if self.rule == "logical":
                compute = dtype_from_code(BOOL)
        else:
            res = common
        cdef tuple shape
        cdef TensorBase o
        if self.inplace:
            if not a_t:
                raise TypeError(f"{self.name}(): in-place op needs a Tensor as self")
            o = <TensorBase>a
            shape = broadcast_pair(o._shape, _shape_of(b))
            if shape != o._shape:
                raise RuntimeError(f"output with shape {list(o._shape)} doesn't match the "
                                   f"broadcast shape {list(shape)}")
            check_can_cast(res, o._dtype)
            check_internal_overlap(o)
            b = check_output_alias(o, b)
        else:
            shape = broadcast_pair(_shape_of(a), _shape_of(b))
            if out is None:
                o = empty_tensor(shape, res)
            else:
                o = _prepare_out(out, shape, res, self.name)
                check_internal_overlap(o)
                a = check_output_alias(o, a)
                b = check_output_alias(o, b)
        if self.int_zero_check and compute.category != CAT_FLOAT:
            if (_np_operand(b, compute) == 0).any():
                raise RuntimeError("ZeroDivisionError")
        if numel_of(shape) == 0:
            pass
        elif self.c_op >= 0 and o._dtype is compute and self._c_ok(a, compute) and self._c_ok(b, compute):
            self._run_c(o, a, b, shape, compute)
        else:
            self._run_numpy(o, a, b, compute)
        if self.inplace or out is not None:
            o._storage.version += 1
        return o

    cdef bint _c_ok(self, x, dtype compute):
        cdef int code = compute.code
        if not (code == FLOAT32 or code == FLOAT64 or code == INT64 or code == INT32):
            return False
        if isinstance(x, TensorBase):
            return (<TensorBase>x)._dtype is compute
        return True

    cdef void _run_c(self, TensorBase o, a, b, tuple shape, dtype compute) except *:
        cdef NdIter it
        cdef double abuf = 0, bbuf = 0      # 8-byte homes for scalar operands
        cdef char* pa
        cdef char* pb
        _fill_iter(&it, shape, (o, a, b))
        if isinstance(a, TensorBase):
            pa = (<TensorBase>a).ptr()
        else:
            _scalar_into(a, compute.code, <char*>&abuf)
            pa = <char*>&abuf
        if isinstance(b, TensorBase):
            pb = (<TensorBase>b).ptr()
        else:
            _scalar_into(b, compute.code, <char*>&bbuf)
            pb = <char*>&bbuf
        cdef char* po = o.ptr()
        cdef int op = self.c_op, code = compute.code
        with nogil:
            run_binary(op, code, &it, po, pa, pb)

    cdef void _run_numpy(self, TensorBase o, a, b, dtype compute) except *:
        xa = _np_operand(a, compute)
        xb = _np_operand(b, compute)
        if self.rule == "compare" or self.rule == "logical":
            # comparisons raise no floating-point warnings (NaN included), and errstate
            # costs more than a small comparison
            self.ufunc(xa, xb, out=o.numpy_view(), casting="unsafe")
            return
        with np.errstate(all="ignore"):
            try:
                self.ufunc(xa, xb, out=o.numpy_view(), casting="unsafe")
            except ValueError as e:
                raise RuntimeError(str(e)) from None


cdef void _run_flat(int op, int code, char* po, char* pa, char* pb, Py_ssize_t n,
                    Py_ssize_t item, Py_ssize_t sb) except *:
    cdef NdIter it
    it.ndim = 1
    it.nops = 3
    it.shape[0] = n
    it.strides[0][0] = item
    it.strides[1][0] = item
    it.strides[2][0] = sb
    with nogil:
        run_binary(op, code, &it, po, pa, pb)


cdef inline void _unary_flat(int op, int code, NdIter* it, char* po, char* pa) noexcept:
    with nogil:
        run_unary(op, code, it, po, pa)


_SUB_BOOL = ("Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
             "trying to invert a mask, use the `~` or `logical_not()` operator instead.")
_SUB_BOOLS = ("Subtraction, the `-` operator, with two bool tensors is not supported. Use the "
              "`^` or `logical_xor()` operator instead.")


cdef inline bint _is_bool(x):
    return isinstance(x, bool) or (isinstance(x, TensorBase) and (<TensorBase>x)._dtype.code == BOOL)


# ---- unary -------------------------------------------------------------------------------

cdef class Unary:
    """One unary elementwise op."""

    def __init__(self, name, c_op, rule="float", int_fn=None, inplace=False,
                 allowed=ALL_CATEGORIES, kname=None, bool_msg=None):
        self.name = name
        self.c_op = c_op
        self.rule = rule
        self.int_fn = int_fn
        self.inplace = inplace
        self.allowed = allowed
        self.kname = kname or name + "_cpu"
        self.bool_msg = bool_msg

    def __call__(self, a, out=None):
        cdef TensorBase x, o
        cdef int code
        cdef NdIter it
        if out is None and not self.inplace and type(a) is not bool and isinstance(a, TensorBase):
            # the common case: a contiguous float32/float64 tensor, straight to the loop
            x = <TensorBase>a
            code = x._dtype.code
            if (code == FLOAT32 or code == FLOAT64) and x._storage.device.type == "cpu" and \
                    is_contiguous_meta(x._shape, x._stride):
                o = empty_tensor(x._shape, x._dtype)
                it.ndim = 1
                it.nops = 2
                it.shape[0] = numel_of(x._shape)
                it.strides[0][0] = x._dtype.itemsize
                it.strides[1][0] = x._dtype.itemsize
                if it.shape[0]:
                    _unary_flat(self.c_op, code, &it, o.ptr(), x.ptr())
                return o
        return self.apply(a, out)

    cpdef object apply(self, a, out):
        if not isinstance(a, TensorBase):
            raise TypeError(f"{self.name}(): argument 'input' must be Tensor, not {type(a).__name__}")
        cdef TensorBase x = <TensorBase>a, o
        cdef dtype res = x._dtype
        if not (self.allowed >> x._dtype.category) & 1:
            if self.bool_msg is not None and x._dtype.category == CAT_BOOL:
                raise RuntimeError(self.bool_msg)
            _dtype_error(self.kname, x._dtype)
        if x._dtype.category != CAT_FLOAT and self.rule == "float":
            res = get_default()
        if self.inplace:
            check_can_cast(res, x._dtype)
            check_internal_overlap(x)
            o = x
        elif out is None:
            o = empty_tensor(x._shape, res)
        else:
            o = _prepare_out(out, x._shape, res, self.name)
            check_internal_overlap(o)
            x = check_output_alias(o, x)
        if numel_of(x._shape):
            if x._dtype.category != CAT_FLOAT and self.rule == "same":
                with np.errstate(all="ignore"):
                    r = self.int_fn(x.numpy_view())
                np.copyto(o.numpy_view(), r, casting="unsafe")
            else:
                self._run_float(o, x, res)
        if self.inplace or out is not None:
            o._storage.version += 1
        return o

    cdef void _run_float(self, TensorBase o, TensorBase x, dtype res) except *:
        cdef NdIter it
        cdef TensorBase src = x, dst = o
        cdef int code = res.code
        if code != FLOAT32 and code != FLOAT64:
            code = FLOAT32        # float16 (and integer inputs of float16 results) via float32
        if src._dtype.code != code:
            src = make_from_array(x.numpy_view().astype(dtype_from_code(code).np))
        if dst._dtype.code != code:
            dst = empty_tensor(o._shape, dtype_from_code(code))
        _fill_iter(&it, dst._shape, (dst, src))
        cdef char* po = dst.ptr()
        cdef char* pa = src.ptr()
        cdef int op = self.c_op
        with nogil:
            run_unary(op, code, &it, po, pa)
        if dst is not o:
            with np.errstate(all="ignore"):
                np.copyto(o.numpy_view(), dst.numpy_view(), casting="unsafe")


# ---- copies --------------------------------------------------------------------------------

cpdef TensorBase make_from_array(object arr):
    """A tensor that owns a copy-free reference to a numpy array's memory (any strides >= 0)."""
    from ._numpy_bridge import from_numpy
    return from_numpy(arr)


def copy_into(TensorBase dst, src):
    """dst[...] = src with broadcasting and casting (the engine of copy_ and setitem)."""
    cdef tuple shape = dst._shape
    cdef NdIter it
    cdef TensorBase s
    if isinstance(src, TensorBase):
        s = <TensorBase>src
        expand_to(s, shape)                    # only to raise PyTorch's message on mismatch
        if s._storage is dst._storage and numel_of(shape):
            s = make_from_array(s.numpy_view().copy())
        if s._dtype is dst._dtype and numel_of(shape):
            _fill_iter(&it, shape, (dst, s))
            _copy(&it, dst, s)
        elif numel_of(shape):
            with np.errstate(all="ignore"):     # casts overflow silently, as in PyTorch
                np.copyto(dst.numpy_view(), s.numpy_view(), casting="unsafe")
    elif numel_of(shape):
        if _fits(src, dst._dtype):
            dst.numpy_view().fill(src)
        else:
            with np.errstate(all="ignore"):
                dst.numpy_view()[...] = _np_operand(src, dst._dtype)
    dst._storage.version += 1
    return dst


cdef bint _fits(object x, dtype dt):
    """Whether the Python scalar x converts to dt exactly as numpy's fill converts it (no
    overflow, no wrap-around): then filling needs no errstate, which costs microseconds."""
    cdef type tp = type(x)
    if tp is bool:
        return True
    if dt.category == CAT_FLOAT:
        return (tp is int or tp is float) and (x != x or -_FLOAT_MAX[dt.itemsize] <= x <= _FLOAT_MAX[dt.itemsize])
    if tp is int and dt.category == CAT_INT:
        return _INT_MIN[dt.name] <= x <= _INT_MAX[dt.name]
    return False


_FLOAT_MAX = {2: 65504.0, 4: 3.4028234663852886e38, 8: float("inf")}
_INT_MIN = {n: int(np.iinfo(n).min) for n in ("uint8", "int8", "int16", "int32", "int64")}
_INT_MAX = {n: int(np.iinfo(n).max) for n in ("uint8", "int8", "int16", "int32", "int64")}


def contiguous_copy(TensorBase t):
    """A new contiguous tensor with t's values (tiled when t is a transpose)."""
    cdef TensorBase o = empty_tensor(t._shape, t._dtype)
    cdef NdIter it
    if numel_of(t._shape):
        _fill_iter(&it, t._shape, (o, t))
        _copy(&it, o, t)
    return o


cdef void _copy(NdIter* it, TensorBase dst, TensorBase src):
    cdef char* po = dst.ptr()
    cdef char* pa = src.ptr()
    cdef Py_ssize_t item = dst._dtype.itemsize
    with nogil:
        run_copy(item, it, po, pa)


def sum_contiguous_float(TensorBase t):
    """Pairwise sum of a contiguous float32/float64 tensor, on all threads; a Python float."""
    if not (t._dtype.code == FLOAT32 or t._dtype.code == FLOAT64) or not t.is_contiguous():
        raise ValueError("sum_contiguous_float needs a contiguous float32/float64 tensor")
    cdef char* p = t.ptr()
    cdef Py_ssize_t n = numel_of(t._shape)
    cdef int code = t._dtype.code
    cdef double r
    with nogil:
        r = sum_contiguous(code, p, n)
    return r


def sum_all_contiguous(TensorBase t):
    """t.sum() as a 0-d tensor for a non-empty contiguous float32/float64 t, else None: the
    common case of sum() without the general reduction machinery."""
    cdef int code = t._dtype.code
    cdef Py_ssize_t n = numel_of(t._shape)
    if not (code == FLOAT32 or code == FLOAT64) or n == 0 or \
            not is_contiguous_meta(t._shape, t._stride) or t._storage.device.type != "cpu":
        return None
    cdef char* p = t.ptr()
    cdef double r
    with nogil:
        r = sum_contiguous(code, p, n)
    cdef TensorBase o = empty_tensor((), t._dtype)
    if code == FLOAT32:
        (<float*>o.ptr())[0] = <float>r
    else:
        (<double*>o.ptr())[0] = r
    return o
