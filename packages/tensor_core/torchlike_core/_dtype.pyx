# cython: language_level=3
"""dtypes, the default dtype and PyTorch's type promotion."""
import numpy as np

cdef list DTYPES = [None] * NUM_DTYPES
cdef list _PROMOTE = []
cdef dtype _default
cdef dict _BY_NUMPY = {}
cdef dict _BY_NAME = {}


cdef class dtype:
    """A tensor element type (`torch.float32`, ...)."""

    @property
    def is_floating_point(self):
        return self.category == CAT_FLOAT

    @property
    def is_complex(self):
        return False

    def to_real(self):
        return self

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return (to_dtype, (self.name,))


cdef dtype _make(int code, str name, object npd, int category, bint signed, str legacy, str short):
    cdef dtype d = dtype.__new__(dtype)
    d.name = name
    d.code = code
    d.np = np.dtype(npd)
    d.itemsize = d.np.itemsize
    d.category = category
    d.is_signed = signed
    d.legacy_name = legacy
    d.short_name = short
    DTYPES[code] = d
    _BY_NUMPY[d.np] = d
    _BY_NAME[name] = d
    return d


bool_ = _make(BOOL, "bool", np.bool_, CAT_BOOL, False, "Bool", "bool")
uint8 = _make(UINT8, "uint8", np.uint8, CAT_INT, False, "Byte", "byte")
int8 = _make(INT8, "int8", np.int8, CAT_INT, True, "Char", "char")
int16 = _make(INT16, "int16", np.int16, CAT_INT, True, "Short", "short")
int32 = _make(INT32, "int32", np.int32, CAT_INT, True, "Int", "int")
int64 = _make(INT64, "int64", np.int64, CAT_INT, True, "Long", "long")
float16 = _make(FLOAT16, "float16", np.float16, CAT_FLOAT, True, "Half", "half")
float32 = _make(FLOAT32, "float32", np.float32, CAT_FLOAT, True, "Float", "float")
float64 = _make(FLOAT64, "float64", np.float64, CAT_FLOAT, True, "Double", "double")
_default = float32

# Aliases PyTorch users write.
_BY_NAME.update(float=float32, double=float64, half=float16, long=int64, int=int32,
                short=int16, char=int8, byte=uint8)


cdef dtype _promote_pair(dtype a, dtype b):
    # Across categories the higher category wins unchanged (int64 + float16 -> float16);
    # within one, numpy's rule agrees with PyTorch's for these types (uint8 + int8 -> int16).
    if a.category != b.category:
        return a if a.category > b.category else b
    return _BY_NUMPY[np.promote_types(a.np, b.np)]


_PROMOTE = [[_promote_pair(x, y) for y in DTYPES] for x in DTYPES]


cdef dtype dtype_from_code(int code):
    return <dtype>DTYPES[code]


cdef dtype promote(dtype a, dtype b):
    return <dtype>(<list>_PROMOTE[a.code])[b.code]


def promote_types(type1, type2):
    """torch.promote_types"""
    return promote(to_dtype(type1), to_dtype(type2))


cdef dtype get_default():
    return _default


def get_default_dtype():
    return _default


def set_default_dtype(d):
    global _default
    cdef dtype dt = to_dtype(d)
    if dt.category != CAT_FLOAT:
        raise TypeError("only floating-point types are supported as the default type")
    _default = dt


cpdef dtype to_dtype(object x):
    """Accepts a torchlike dtype, a numpy dtype, a Python type (float, int, bool) or a name."""
    if isinstance(x, dtype):
        return <dtype>x
    if x is float:
        return float64
    if x is int:
        return int64
    if x is bool:
        return bool_
    if isinstance(x, str):
        name = x[6:] if x.startswith("torch.") else x
        d = _BY_NAME.get(name)
        if d is not None:
            return d
        raise TypeError(f"invalid dtype: {x!r}")
    try:
        return from_numpy_dtype(np.dtype(x))
    except TypeError:
        raise TypeError(f"dtype must be a torchlike dtype (e.g. torch.float32), got {x!r}") from None


cpdef dtype from_numpy_dtype(object npdtype):
    d = _BY_NUMPY.get(npdtype)
    if d is None:
        raise TypeError(
            f"can't convert np.ndarray of type {npdtype}. The only supported types are: "
            "float64, float32, float16, int64, int32, int16, int8, uint8, and bool.")
    return d


cpdef dtype scalar_dtype(object value):
    """The dtype a Python scalar takes when it is wrapped: weak, see result_type."""
    if isinstance(value, bool) or isinstance(value, np.bool_):
        return bool_
    if isinstance(value, int) or isinstance(value, np.integer):
        return int64
    if isinstance(value, float) or isinstance(value, np.floating):
        return _default
    if isinstance(value, complex):
        raise TypeError("complex numbers are not supported by torchlike")
    raise TypeError(f"expected a number, got {type(value).__name__}")


def all_dtypes():
    return [DTYPES[i] for i in range(NUM_DTYPES)]
