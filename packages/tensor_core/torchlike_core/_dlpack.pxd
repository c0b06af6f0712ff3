# Contract of the DLPack module: the C structs of dlpack.h (v1.x), laid out exactly as the
# header declares them, so capsules made by numpy, PyTorch, CuPy, JAX... can be read and ours
# can be read by them. See https://dmlc.github.io/dlpack/latest/c_api.html
from libc.stdint cimport int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t

cdef enum:
    DLPACK_MAJOR_VERSION = 1
    DLPACK_MINOR_VERSION = 0

# DLDeviceType (a C enum, so int-sized in the structs below)
cdef enum:
    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3

# DLDataTypeCode
cdef enum:
    kDLInt = 0
    kDLUInt = 1
    kDLFloat = 2
    kDLOpaqueHandle = 3
    kDLBfloat = 4
    kDLComplex = 5
    kDLBool = 6

# DLManagedTensorVersioned.flags
cdef enum:
    DLPACK_FLAG_BITMASK_READ_ONLY = 1 << 0
    DLPACK_FLAG_BITMASK_IS_COPIED = 1 << 1
    DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED = 1 << 2

ctypedef struct DLPackVersion:
    uint32_t major
    uint32_t minor

ctypedef struct DLDevice:
    int device_type          # DLDeviceType
    int32_t device_id

ctypedef struct DLDataType:
    uint8_t code             # DLDataTypeCode
    uint8_t bits
    uint16_t lanes

ctypedef struct DLTensor:
    void* data
    DLDevice device
    int32_t ndim
    DLDataType dtype
    int64_t* shape
    int64_t* strides         # in elements; NULL means compact row-major
    uint64_t byte_offset

ctypedef struct DLManagedTensor:
    DLTensor dl_tensor
    void* manager_ctx
    void (*deleter)(DLManagedTensor*) noexcept

ctypedef struct DLManagedTensorVersioned:
    DLPackVersion version
    void* manager_ctx
    void (*deleter)(DLManagedTensorVersioned*) noexcept
    uint64_t flags
    DLTensor dl_tensor
