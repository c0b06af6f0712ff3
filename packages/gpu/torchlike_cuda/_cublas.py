"""cuBLAS through ctypes, loaded at run time, and the matmul family on top of it.

Note [Row-major GEMM]: cuBLAS is column-major. A row-major (m, k) matrix with row stride
lda is the column-major (k, m) matrix A^T with leading dimension lda, so C = A @ B is
computed as C^T = B^T @ A^T: gemm(n, m, k, B, A, C) with no transposes. An operand that is
a transposed view (unit row stride) is passed with the transpose flag instead of being
copied; any other layout is made contiguous first.
"""
import ctypes
import ctypes.util
import glob
import os

import numpy as np

from . import _kernels_elementwise as ew, _runtime

OP_N, OP_T = 0, 1
CUDA_R_16F, CUDA_R_32F, CUDA_R_64F = 2, 0, 1
COMPUTE_32F, COMPUTE_64F = 68, 70
GEMM_DEFAULT = -1
_DATA = {"float16": (CUDA_R_16F, COMPUTE_32F, ctypes.c_float),
         "float32": (CUDA_R_32F, COMPUTE_32F, ctypes.c_float),
         "float64": (CUDA_R_64F, COMPUTE_64F, ctypes.c_double)}

_lib = [None]
_handles = {}


# Versioned sonames the loader may find on its own path (newest first).
_SONAMES = ("libcublas.so.13", "libcublas.so.12")


def _search_dirs():
    """Folders that may hold libcublas: the nvidia-* wheels (CUDA 13 ships one
    nvidia/cu13 wheel, CUDA 12 nvidia-cublas-cu12) under every site-packages folder, then the
    CUDA toolkit."""
    import site
    roots = list(site.getsitepackages())
    user = site.getusersitepackages() if hasattr(site, "getusersitepackages") else None
    if user:
        roots.append(user)
    dirs = []
    for root in roots:
        dirs += [os.path.join(root, "nvidia", "cu13", "lib"),
                 os.path.join(root, "nvidia", "cublas", "lib")]
    for root in (os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH"), "/usr/local/cuda"):
        if root:
            dirs.append(os.path.join(root, "lib64"))
            dirs += sorted(glob.glob(os.path.join(root, "targets", "*", "lib")))
    return dirs


def _candidates():
    """Paths (or bare sonames, for the loader's own search) of libcublas, best first: the
    file $TORCHLIKE_CUBLAS names, when set, comes before any search."""
    paths = [os.environ["TORCHLIKE_CUBLAS"]] if os.environ.get("TORCHLIKE_CUBLAS") else []
    for d in _search_dirs():
        paths += sorted(glob.glob(os.path.join(d, "libcublas.so*")), reverse=True)
    paths += list(_SONAMES)
    found = ctypes.util.find_library("cublas")
    if found:
        paths.append(found)
    return paths


def _load(path):
    """CDLL(path), after loading the libcublasLt next to it with RTLD_GLOBAL (libcublas needs
    its symbols and the loader does not look in a wheel's folder by itself)."""
    folder = os.path.dirname(path)
    if folder:
        for lt in sorted(glob.glob(os.path.join(folder, "libcublasLt.so*")), reverse=True):
            try:
                ctypes.CDLL(lt, mode=ctypes.RTLD_GLOBAL)
                break
            except OSError:
                continue
    return ctypes.CDLL(path)


def library():
    """The loaded libcublas, with argument types declared (RuntimeError when missing)."""
    if _lib[0] is not None:
        return _lib[0]
    errors = []
    for path in _candidates():
        try:
            lib = _load(path)
            break
        except OSError as e:
            errors.append(str(e))
    else:
        raise RuntimeError(
            "cuBLAS could not be loaded (install the CUDA toolkit or `pip install "
            "nvidia-cublas`); looked in " + ", ".join(_search_dirs()) + " and for "
            + ", ".join(_SONAMES) + f" on the loader's path: {errors or 'nothing found'}")
    p, i, i64, v = ctypes.c_void_p, ctypes.c_int, ctypes.c_longlong, ctypes.c_void_p
    lib.cublasCreate_v2.argtypes = [ctypes.POINTER(p)]
    lib.cublasDestroy_v2.argtypes = [p]
    for name in ("cublasSgemm_v2", "cublasDgemm_v2"):
        getattr(lib, name).argtypes = [p, i, i, i, i, i, v, p, i, p, i, v, p, i]
    lib.cublasGemmStridedBatchedEx.argtypes = [p, i, i, i, i, i, v, p, i, i, i64, p, i, i, i64,
                                               v, p, i, i, i64, i, i, i]
    _lib[0] = lib
    return lib


def _check(status, what):
    if status != 0:
        raise RuntimeError(f"CUDA error: {what} failed with cuBLAS status {status}")


def handle(index):
    """The cuBLAS handle of device `index` (created in its primary context)."""
    h = _handles.get(index)
    if h is None:
        _runtime.activate(index)
        h = ctypes.c_void_p()
        _check(library().cublasCreate_v2(ctypes.byref(h)), "cublasCreate")
        _handles[index] = h
    return h


def _destroy_handles():
    for index, h in list(_handles.items()):
        _runtime.activate(index)
        library().cublasDestroy_v2(h)
    _handles.clear()


_runtime.on_shutdown(_destroy_handles)


def _layout(t):
    """(transpose flag, leading dimension) of the last two dims of `t` in cuBLAS terms, or
    None when the operand must be made contiguous first (Note [Row-major GEMM]).

    cuBLAS needs unit-stride elements along one dim and a leading dimension that separates
    the lines along the other: ld >= the line length. A stride-0 (expanded) or overlapping
    dim is not a leading dimension, so such operands are copied."""
    rows, cols = t._shape[-2], t._shape[-1]
    rs, cs = t._stride[-2], t._stride[-1]
    if cs == 1 and (rows == 1 or rs >= cols):
        return OP_N, max(rs if rows > 1 else cols, cols, 1)
    if rs == 1 and (cols == 1 or cs >= rows):
        return OP_T, max(cs if cols > 1 else rows, rows, 1)
    return None


def gemm(a, b, out, batch, stride_a, stride_b, stride_c):
    """out[i] = a[i] @ b[i] for i < batch (row-major, Note [Row-major GEMM]); a, b have
    unit-stride rows or columns; out is contiguous."""
    from torchlike_core._tensor import TensorBase  # noqa: F401  (documentation of types)
    dt = out._dtype.name
    if dt not in _DATA:
        raise RuntimeError(f"\"addmm_cuda\" not implemented for '{out._dtype.legacy_name}'")
    index = out._storage.device.index
    m, k = a._shape[-2], a._shape[-1]
    n = b._shape[-1]
    if m == 0 or n == 0:
        return out
    if k == 0:
        return ew.fill_(out, 0)
    ta, lda = _layout(a)
    tb, ldb = _layout(b)
    data, compute, scalar = _DATA[dt]
    one, zero = scalar(1), scalar(0)
    lib = library()
    h = handle(index)
    _runtime.activate(index)
    if batch == 1 and dt in ("float32", "float64"):
        fn = lib.cublasSgemm_v2 if dt == "float32" else lib.cublasDgemm_v2
        status = fn(h, tb, ta, n, m, k, ctypes.byref(one), b.data_ptr(), ldb, a.data_ptr(), lda,
                    ctypes.byref(zero), out.data_ptr(), n)
    else:
        status = lib.cublasGemmStridedBatchedEx(
            h, tb, ta, n, m, k, ctypes.byref(one), b.data_ptr(), data, ldb, stride_b,
            a.data_ptr(), data, lda, stride_a, ctypes.byref(zero), out.data_ptr(), data, n,
            stride_c, batch, compute, GEMM_DEFAULT)
    _check(status, "gemm")
    return out


# ---- the matmul family -------------------------------------------------------------------

def _gemm_ready(t):
    """t itself when its last two dims suit cuBLAS and its batch dims are dense, else a
    contiguous copy."""
    if t.dim() >= 2 and _layout(t) is not None and t.dim() <= 3:
        if (t.dim() == 2 or t._shape[0] == 1 or t._stride[0] == 0
                or t._stride[0] >= t._shape[-1] * t._shape[-2]):
            return t        # a stride-0 batch dim is one matrix reused (a batch stride of 0)
    return ew.contiguous(t)


def _check_dtypes(a, b, name):
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{a._dtype.name} != {b._dtype.name}" if name == "mm" else
                           f"expected scalar type {a._dtype.legacy_name} but found "
                           f"{b._dtype.legacy_name}")


def _on_one_device(*tensors):
    """The cuda index of the operands (and out=), with PyTorch's error for a mix."""
    from ._device_tensor import op_index, check_devices
    index = op_index(tensors)
    check_devices(index, tensors)
    return index


def mm(a, b, *, out=None):
    from ._device_tensor import empty
    index = _on_one_device(a, b, out)
    if a.dim() != 2 or b.dim() != 2:
        raise RuntimeError(f"{'self' if a.dim() != 2 else 'mat2'} must be a matrix")
    if a._shape[1] != b._shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a._shape[0]}x"
                           f"{a._shape[1]} and {b._shape[0]}x{b._shape[1]})")
    _check_dtypes(a, b, "mm")
    res = empty((a._shape[0], b._shape[1]), a._dtype, index)
    gemm(_gemm_ready(a), _gemm_ready(b), res, 1, 0, 0, 0)
    return ew.finish(res, out)


def bmm(a, b, *, out=None):
    from ._device_tensor import empty
    index = _on_one_device(a, b, out)
    if a.dim() != 3 or b.dim() != 3:
        raise RuntimeError(f"batch1 must be a 3D tensor" if a.dim() != 3 else
                           "batch2 must be a 3D tensor")
    if a._shape[0] != b._shape[0] or a._shape[2] != b._shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{a._shape[0]}, {a._shape[2]}] but got: [{b._shape[0]}, "
                           f"{b._shape[1]}].")
    _check_dtypes(a, b, "bmm")
    a, b = _gemm_ready(a), _gemm_ready(b)
    batch, m, n = a._shape[0], a._shape[1], b._shape[2]
    res = empty((batch, m, n), a._dtype, index)
    sa = a._stride[0] if batch > 1 else 0
    sb = b._stride[0] if batch > 1 else 0
    gemm(a, b, res, batch, sa, sb, m * n)
    return ew.finish(res, out)


def matmul(a, b, *, out=None):
    """torch.matmul: 1-d operands are promoted and squeezed back; batch dims broadcast."""
    from torchlike_core._tensor import broadcast_shapes
    _on_one_device(a, b, out)
    if a.dim() == 0 or b.dim() == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{a.dim()}D and {b.dim()}D")
    if a.dim() == 1 and b.dim() == 1:
        if a._shape[0] != b._shape[0]:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{a._shape[0]}] and "
                               f"src [{b._shape[0]}] to have the same number of elements, but "
                               "got {a._shape[0]} and {b._shape[0]} elements respectively")
        return ew.finish(mm(a.unsqueeze(0), b.unsqueeze(1)).reshape(()), out)
    a2 = a.unsqueeze(0) if a.dim() == 1 else a
    b2 = b.unsqueeze(1) if b.dim() == 1 else b
    if a2._shape[-1] != b2._shape[-2]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a2._shape[-2]}x"
                           f"{a2._shape[-1]} and {b2._shape[-2]}x{b2._shape[-1]})")
    if a2.dim() == 2 and b2.dim() == 2:
        res = mm(a2, b2)
    else:
        batch = tuple(broadcast_shapes(a2._shape[:-2], b2._shape[:-2]))
        nb = int(np.prod(batch)) if batch else 1
        ea = _batched(a2, batch, nb)
        eb = _batched(b2, batch, nb)
        res = bmm(ea, eb).reshape(batch + (a2._shape[-2], b2._shape[-1]))
    if a.dim() == 1:
        res = res.squeeze(-2)
    if b.dim() == 1:
        res = res.squeeze(-1)
    return ew.finish(res, out)


def _batched(t, batch, nb):
    """t broadcast to the batch dims and viewed as (nb, rows, cols): a view when the batch
    dims merge (bmm's _gemm_ready copies what cuBLAS cannot read), else a contiguous copy."""
    from ._register import _reshape
    return _reshape(t.expand(batch + t._shape[-2:]), (nb,) + t._shape[-2:])


def mv(a, v, *, out=None):
    _on_one_device(a, v, out)
    return ew.finish(matmul(a, v), out)


def dot(a, b, *, out=None):
    _on_one_device(a, b, out)
    return ew.finish(matmul(a, b), out)


def addmm(input, a, b, *, beta=1, alpha=1, out=None):
    _on_one_device(a, b, input, out)
    prod = mm(a, b)
    if alpha != 1:
        prod = ew.apply("mul", [prod, alpha])
    res = prod if beta == 0 else ew.apply("add", [prod, input if beta == 1 else
                                                  ew.apply("mul", [input, beta])])
    return ew.finish(res, out)
