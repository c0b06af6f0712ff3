# Contract of the dtype module: the dtype objects and PyTorch's promotion rules.

cdef enum:
    BOOL = 0
    UINT8 = 1
    INT8 = 2
    INT16 = 3
    INT32 = 4
    INT64 = 5
    FLOAT16 = 6
    FLOAT32 = 7
    FLOAT64 = 8
    NUM_DTYPES = 9

cdef enum Category:
    CAT_BOOL = 0
    CAT_INT = 1
    CAT_FLOAT = 2

cdef class dtype:
    cdef readonly str name
    cdef readonly int itemsize
    cdef readonly int code
    cdef readonly int category
    cdef readonly bint is_signed
    cdef readonly object np          # the numpy dtype with the same memory layout
    cdef readonly str legacy_name    # 'Float' as in torch.FloatTensor
    cdef readonly str short_name     # 'float' as in Tensor.float()

cdef dtype dtype_from_code(int code)
cdef dtype promote(dtype a, dtype b)
cdef dtype get_default()
cpdef dtype to_dtype(object x)
cpdef dtype from_numpy_dtype(object npdtype)
cpdef dtype scalar_dtype(object value)
