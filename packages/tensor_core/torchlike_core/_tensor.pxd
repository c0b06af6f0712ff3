# Contract of the tensor module: the Cython half of the Tensor class (metadata, autograd
# slots, numpy bridge) and the helpers kernels use to make tensors and views.
from ._storage cimport Storage
from ._dtype cimport dtype

cdef enum:
    MAX_DIMS = 64

cdef class TensorBase:
    cdef public Storage _storage
    cdef public tuple _shape          # plain tuple of ints
    cdef public tuple _stride         # in elements, like PyTorch
    cdef public Py_ssize_t _offset    # in elements
    cdef public dtype _dtype
    cdef object _np_cache             # numpy view of this tensor, made on first use
    # Autograd slots: the core only stores them; torchlike_autograd gives them meaning.
    cdef public bint _requires_grad
    cdef public object _grad
    cdef public object _grad_fn
    cdef public object _base          # the tensor this one is a view of, or None
    cdef public object _autograd_meta # anything else the autograd layer keeps per tensor
    cdef dict __dict__
    cdef object __weakref__

    cdef inline char* ptr(self)
    cpdef object numpy_view(self)
    cdef void reset_meta(self, tuple shape, tuple stride, Py_ssize_t offset)

cdef TensorBase make_tensor(Storage s, tuple shape, tuple stride, Py_ssize_t offset, dtype dt)
cdef TensorBase empty_tensor(tuple shape, dtype dt)
cdef TensorBase make_view(TensorBase base, tuple shape, tuple stride, Py_ssize_t offset)
cdef tuple contiguous_strides(tuple shape)
cdef bint is_contiguous_meta(tuple shape, tuple stride)
cdef Py_ssize_t numel_of(tuple shape) except -1
cdef tuple broadcast_pair(tuple a, tuple b)
cdef TensorBase expand_to(TensorBase t, tuple shape)
