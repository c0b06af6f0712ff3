# cython: language_level=3
"""The Cython half of the Tensor class.

`TensorBase` holds what every tensor is: a storage, a shape, strides and an offset (both
in elements), a dtype, and the slots the autograd layer fills. The Python class
`torchlike_core.Tensor` subclasses it and carries the methods generated from the op table
(see _ops.py), as torch.Tensor subclasses torch._C.TensorBase.
"""
cimport numpy as cnp
from cpython.ref cimport Py_INCREF
import numpy as np

from ._storage cimport Storage, new_storage
from ._dtype cimport dtype, CAT_FLOAT
from ._dispatch cimport call as dispatch_call   # a C call: this is every operator's hot path

cnp.import_array()

cdef extern from "numpy/arrayobject.h":
    # Commented out in numpy's .pxd; steals a reference to `descr`.
    object PyArray_NewFromDescr(type subtype, object descr, int nd, cnp.npy_intp* dims,
                                cnp.npy_intp* strides, void* data, int flags, object obj)

cdef extern from "Python.h":
    const Py_ssize_t PY_SSIZE_T_MAX

cdef object _tensor_class = None   # torchlike_core.Tensor, set once it is defined
cdef object _size_class = tuple
cdef object _tuple_new = tuple.__new__


def set_classes(tensor_class, size_class):
    global _tensor_class, _size_class
    _tensor_class = tensor_class
    _size_class = size_class


cdef Py_ssize_t numel_of(tuple shape) except -1:
    cdef Py_ssize_t n = 1, s
    for x in shape:
        s = x
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
        # refuse a product that overflows instead of wrapping to a small (or zero) size
        if s and n > PY_SSIZE_T_MAX // s:
            for y in shape:
                if y == 0:
                    return 0
            raise RuntimeError("numel: integer multiplication overflow")
        n *= s
    return n


cdef tuple _ONE = (1,)


cdef tuple contiguous_strides(tuple shape):
    cdef Py_ssize_t acc = 1
    cdef Py_ssize_t nd = len(shape)
    if nd == 1:            # the commonest cases, without a list (every new tensor comes here)
        return _ONE
    if nd == 0:
        return ()
    cdef list out = [0] * nd
    cdef Py_ssize_t i, s
    for i in range(nd - 1, -1, -1):
        out[i] = acc
        s = shape[i]
        acc *= s if s > 1 else 1
    return tuple(out)


cdef bint is_contiguous_meta(tuple shape, tuple stride):
    # As PyTorch: dims of size 1 may have any stride; empty tensors are contiguous.
    cdef Py_ssize_t expected = 1, i, s
    for s in shape:
        if s == 0:
            return True
    for i in range(len(shape) - 1, -1, -1):
        s = shape[i]
        if s != 1:
            if <Py_ssize_t>stride[i] != expected:
                return False
            expected *= s
    return True


cdef TensorBase make_tensor(Storage s, tuple shape, tuple stride, Py_ssize_t offset, dtype dt):
    cdef TensorBase t = TensorBase.__new__(_tensor_class)
    t._storage = s
    t._shape = shape
    t._stride = stride
    t._offset = offset
    t._dtype = dt
    return t


cdef TensorBase empty_tensor(tuple shape, dtype dt):
    if len(shape) > MAX_DIMS:
        raise RuntimeError(f"number of dims ({len(shape)}) must be at most {MAX_DIMS}")
    cdef Py_ssize_t n = numel_of(shape)
    if n > PY_SSIZE_T_MAX // dt.itemsize:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)}")
    return make_tensor(new_storage(n * dt.itemsize), shape, contiguous_strides(shape), 0, dt)


cdef TensorBase make_view(TensorBase base, tuple shape, tuple stride, Py_ssize_t offset):
    if len(shape) > MAX_DIMS:
        raise RuntimeError(f"number of dims ({len(shape)}) must be at most {MAX_DIMS}")
    cdef TensorBase t = make_tensor(base._storage, shape, stride, offset, base._dtype)
    t._base = base if base._base is None else base._base
    return t


cdef tuple broadcast_pair(tuple a, tuple b):
    cdef Py_ssize_t na = len(a), nb = len(b), n = max(na, nb), i, sa, sb
    cdef list out = [1] * n
    for i in range(n):
        sa = a[na - n + i] if na - n + i >= 0 else 1
        sb = b[nb - n + i] if nb - n + i >= 0 else 1
        if sa == sb or sb == 1:
            out[i] = sa
        elif sa == 1:
            out[i] = sb
        else:
            raise RuntimeError(
                f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) "
                f"at non-singleton dimension {i}")
    return tuple(out)


def broadcast_shapes(*shapes):
    """torch.broadcast_shapes, with PyTorch's messages."""
    cdef list shs = [(s,) if isinstance(s, int) else tuple(s) for s in shapes]
    cdef list result = [1] * max([len(s) for s in shs] + [0])
    for i, shape in enumerate(shs):
        for j in range(-1, -1 - len(shape), -1):
            if shape[j] < 0:
                raise ValueError("Attempting to broadcast a dimension with negative length!")
            if shape[j] == 1 or shape[j] == result[j]:
                continue
            if result[j] != 1:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {shape[j]} at {j}! "
                    f"Mismatching argument at index {i} had {shape}; but expected shape should "
                    f"be broadcastable to {result}")
            result[j] = shape[j]
    return _size_class(result)


cdef TensorBase expand_to(TensorBase t, tuple shape):
    """Note [Broadcast views]: broadcasting never copies; a broadcast dimension gets stride 0."""
    if t._shape == shape:
        return t
    cdef Py_ssize_t n = len(shape), k = len(t._shape), i, lead = n - k, size, want
    if k > n:
        raise RuntimeError(
            f"The expanded size of the tensor ({n}) must match the existing size ({k}) "
            f"at non-singleton dimension 0.  Target sizes: {list(shape)}.  "
            f"Tensor sizes: {list(t._shape)}")
    cdef list stride = [0] * n
    cdef Py_ssize_t st
    # PyTorch's inferExpandGeometry, innermost dim first: a new leading dim of size 1 gets
    # the stride it would have in a contiguous layout; a broadcast dim gets stride 0.
    for i in range(n - 1, -1, -1):
        want = shape[i]
        if i >= lead:
            size = t._shape[i - lead]
            st = t._stride[i - lead]
        else:
            size = 1
            st = <Py_ssize_t>shape[i + 1] * <Py_ssize_t>stride[i + 1] if i + 1 < n else 1
        if size != want:
            if size != 1:
                raise RuntimeError(
                    f"The expanded size of the tensor ({want}) must match the existing size "
                    f"({size}) at non-singleton dimension {i}.  Target sizes: {list(shape)}.  "
                    f"Tensor sizes: {list(t._shape)}")
            st = 0
        stride[i] = st
    return make_view(t, shape, tuple(stride), t._offset)


cdef class TensorBase:
    """Metadata and storage of a tensor; see torchlike_core.Tensor for the methods."""

    cdef inline char* ptr(self):
        return self._storage.data + self._offset * self._dtype.itemsize

    cdef void reset_meta(self, tuple shape, tuple stride, Py_ssize_t offset):
        self._shape = shape
        self._stride = stride
        self._offset = offset
        self._np_cache = None

    cpdef object numpy_view(self):
        """A numpy array over this tensor's memory (shared, not copied)."""
        if self._np_cache is not None:
            return self._np_cache
        if self._storage.device.type != "cpu":
            raise TypeError(
                f"can't convert {self._storage.device} device type tensor to numpy. "
                "Use Tensor.cpu() to copy the tensor to host memory first.")
        cdef int nd = len(self._shape), i
        cdef cnp.npy_intp dims[MAX_DIMS]
        cdef cnp.npy_intp strides[MAX_DIMS]
        cdef Py_ssize_t item = self._dtype.itemsize
        for i in range(nd):
            dims[i] = self._shape[i]
            strides[i] = <Py_ssize_t>self._stride[i] * item
        descr = self._dtype.np
        Py_INCREF(descr)   # PyArray_NewFromDescr steals a reference
        arr = PyArray_NewFromDescr(np.ndarray, descr, nd, dims, strides,
                                       <void*>self.ptr(), cnp.NPY_ARRAY_WRITEABLE, None)
        cnp.set_array_base(arr, self._storage)
        self._np_cache = arr
        return arr

    def drop_numpy_cache(self):
        """Forget the cached numpy view (made again on next use). Its array holds a reference
        to the storage, which a caller counting those references must not see (Note
        [Stealing gradients] in torchlike_autograd's engine)."""
        self._np_cache = None

    # ---- metadata -------------------------------------------------------------------
    @property
    def shape(self):
        return _tuple_new(_size_class, self._shape)   # all ints already: skip Size's checks

    def size(self, dim=None):
        if dim is None:
            return _tuple_new(_size_class, self._shape)
        return self._shape[self._wrap_dim(dim)]

    def stride(self, dim=None):
        if dim is None:
            return self._stride
        return self._stride[self._wrap_dim(dim)]

    def storage_offset(self):
        return self._offset

    @property
    def dtype(self):
        return self._dtype

    @property
    def device(self):
        return self._storage.device

    @property
    def is_cuda(self):
        return self._storage.device.type == "cuda"

    @property
    def is_cpu(self):
        return self._storage.device.type == "cpu"

    def dim(self):
        return len(self._shape)

    @property
    def ndim(self):
        return len(self._shape)

    def numel(self):
        return numel_of(self._shape)

    def nelement(self):
        return numel_of(self._shape)

    def element_size(self):
        return self._dtype.itemsize

    @property
    def itemsize(self):
        return self._dtype.itemsize

    @property
    def nbytes(self):
        return numel_of(self._shape) * self._dtype.itemsize

    def data_ptr(self):
        return <size_t>self.ptr()

    def is_contiguous(self, memory_format=None):
        if memory_format is not None:
            from . import _memory_format as mf
            mf.check(memory_format, "is_contiguous")
            if memory_format is mf.channels_last or memory_format is mf.channels_last_3d:
                return mf.is_contiguous_as(self, memory_format)
        return is_contiguous_meta(self._shape, self._stride)

    def is_floating_point(self):
        return self._dtype.category == CAT_FLOAT

    def is_complex(self):
        return False

    @property
    def _version(self):
        return self._storage.version

    def _bump_version(self):
        self._storage.version += 1

    def _wrap_dim(self, dim):
        return wrap_dim(dim, len(self._shape))

    # ---- autograd slots ---------------------------------------------------------------
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        value = bool(value)
        if self._grad_fn is not None and not value:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use "
                "a computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach().")
        if value and self._dtype.category != CAT_FLOAT:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = value

    @property
    def grad_fn(self):
        return self._grad_fn

    @property
    def is_leaf(self):
        return self._grad_fn is None

    @property
    def grad(self):
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, TensorBase):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of "
                                f"type {type(value).__name__}")
            if (<TensorBase>value)._shape != self._shape:
                raise RuntimeError("assigned grad has data of a different size")
            if (<TensorBase>value)._dtype is not self._dtype:
                raise RuntimeError("assigned grad has data of a different type")
        self._grad = value

    # ---- numpy bridge -------------------------------------------------------------------
    @property
    def __array_interface__(self):
        return self.numpy_view().__array_interface__

    def __array__(self, dtype=None, copy=None):
        arr = self.numpy_view()
        if dtype is not None and np.dtype(dtype) != arr.dtype:
            return arr.astype(dtype)
        if copy:
            return arr.copy()
        return arr

    # ---- operators: each goes through the dispatcher ------------------------------------
    # An operand that is neither a tensor nor a number gives NotImplemented (as PyTorch's
    # operators do), so Python raises its TypeError or tries the other operand's method.
    def __add__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("add", (self, other), None)

    def __radd__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("add", (self, other), None)

    def __sub__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("sub", (self, other), None)

    def __rsub__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("rsub", (self, other), None)

    def __mul__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("mul", (self, other), None)

    def __rmul__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("mul", (self, other), None)

    def __truediv__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("div", (self, other), None)

    def __rtruediv__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("rdiv", (self, other), None)

    def __neg__(self):
        return dispatch_call("neg", (self,), None)

    def __iadd__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("add_", (self, other), None)

    def __isub__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("sub_", (self, other), None)

    def __imul__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("mul_", (self, other), None)

    def __itruediv__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return dispatch_call("div_", (self, other), None)


cdef inline bint _is_operand(object x):
    return isinstance(x, (TensorBase, int, float)) or isinstance(x, (np.number, np.bool_))


cpdef Py_ssize_t wrap_dim(object dim, Py_ssize_t ndim) except? -1:
    """Negative dims count from the end; 0-d tensors accept dims -1 and 0."""
    cdef Py_ssize_t d
    try:
        d = dim.__index__()
    except AttributeError:
        raise TypeError(f"dim must be an int, got {type(dim).__name__}") from None
    cdef Py_ssize_t n = ndim if ndim > 0 else 1
    if d < -n or d >= n:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {d})")
    return d + n if d < 0 else d


def _make_tensor(Storage storage, tuple shape, tuple stride, Py_ssize_t offset, dtype dt):
    return make_tensor(storage, shape, stride, offset, dt)


def _empty(tuple shape, dtype dt):
    return empty_tensor(shape, dt)


def _view(TensorBase base, tuple shape, tuple stride, Py_ssize_t offset):
    return make_view(base, shape, stride, offset)


def _expand(TensorBase t, tuple shape):
    return expand_to(t, shape)


def _contiguous_strides(tuple shape):
    return contiguous_strides(shape)


def _broadcast_pair(tuple a, tuple b):
    return broadcast_pair(a, b)


def _set_meta(TensorBase t, tuple shape, tuple stride, Py_ssize_t offset):
    t.reset_meta(shape, stride, offset)


# ---- fast paths of the commonest view ops (the general code is in _views/_indexing) -------

def select_first_dim(TensorBase t, object index):
    """t[i] for a Python int i in range: the view, or None to take the general path."""
    if type(index) is not int or not t._shape:
        return None
    cdef Py_ssize_t size = t._shape[0], i = index
    if i < 0:
        i += size
    if i < 0 or i >= size:
        return None
    return make_view(t, t._shape[1:], t._stride[1:], t._offset + i * <Py_ssize_t>t._stride[0])


def reshape_contiguous(TensorBase t, tuple shape):
    """A contiguous t viewed with `shape` (ints, at most one -1), or None for the general path."""
    if not is_contiguous_meta(t._shape, t._stride):
        return None
    cdef Py_ssize_t known = 1, s, neg = -1, i = 0
    for x in shape:
        if type(x) is not int:
            return None
        s = x
        if s == -1 and neg < 0:
            neg = i
        elif s < 0:
            return None
        else:
            known *= s
        i += 1
    cdef Py_ssize_t n = numel_of(t._shape)
    if neg >= 0:
        if known == 0 or n % known:
            return None
        shape = shape[:neg] + (n // known,) + shape[neg + 1:]
    elif known != n:
        return None
    return make_view(t, shape, contiguous_strides(shape), t._offset)
