"""Decompositions, solvers, inverses, determinants and norms: torch.linalg and the older
torch.* spellings (inverse, det, slogdet, logdet, pinverse, svd, qr, cholesky,
cholesky_solve, cholesky_inverse, triangular_solve), CPU kernels over numpy.linalg.

Every op takes batches of matrices (leading dims), checks its input in PyTorch's order with
PyTorch's messages, and returns PyTorch's named tuples (torch.return_types.linalg_eigh,
...). The kernels are numpy.linalg's gufuncs (LAPACK: getrf/getri, gesv, potrf, syevd,
geev, gesdd, geqrf/orgqr, gelsd) over views of our memory; numpy runs LAPACK in double
precision and rounds float32 results once, so float32 results are at least as accurate as
PyTorch's. float16 and integer inputs are refused as PyTorch refuses them.

Note [LAPACK info]: numpy.linalg raises one LinAlgError for a whole batch and says neither
which matrix failed nor where. PyTorch's messages name both ("linalg.inv: (Batch element
1): The diagonal element 3 is zero, ..."), and the *_ex variants return the LAPACK `info`
per matrix. When numpy refuses, the batch is factored again here, unblocked, in numpy
(getf2 / potf2, vectorised over the batch) to find each matrix's info; the matrices that
succeed keep numpy's LAPACK results. That costs O(n) Python steps, on the error path only.

Triangular solves (linalg.solve_triangular, triangular_solve, cholesky_solve) have no
numpy.linalg kernel: `_trsm` is blocked, its updates matrix products (BLAS), so it runs in
O(n^2 k) like LAPACK's trsm; like trsm it gives inf/nan, not an error, for a zero on the
diagonal.

Where an op is made of others (inverse over linalg_inv_ex, svdvals over svd, matrix_norm
over vector_norm and svdvals, cond, matrix_rank, pinverse, lstsq's bookkeeping, ...), it
calls them through the dispatcher, so autograd records the pieces ("composite" ops).

linalg.eig: PyTorch returns complex tensors; torchlike has no complex dtype. It returns real
eigenvalues and eigenvectors when every eigenvalue is real, and raises NotImplementedError
when some eigenvalue is not (see `linalg_eig`).
"""
import math

import numpy as np

from . import _dtype
from ._dispatch import call, is_grad_enabled
from ._checks import not_implemented, require_tensor
from ._joins import write_out_checked
from ._numpy_bridge import from_result
from ._linalg import LINALG, _warn_once, _check_matrix, _check_square
from ._reductions import _return_type
from ._registry import def_op
from ._tensor import TensorBase, _empty, _expand, wrap_dim, _broadcast_pair

_f16, _f32, _f64 = _dtype.float16, _dtype.float32, _dtype.float64

_InvExT = _return_type("linalg_inv_ex", ("inverse", "info"))
_CholeskyExT = _return_type("linalg_cholesky_ex", ("L", "info"))
_SolveExT = _return_type("linalg_solve_ex", ("result", "info"))
_SlogdetT = _return_type("slogdet", ("sign", "logabsdet"))
_LinalgSlogdetT = _return_type("linalg_slogdet", ("sign", "logabsdet"))
_EighT = _return_type("linalg_eigh", ("eigenvalues", "eigenvectors"))
_EigT = _return_type("linalg_eig", ("eigenvalues", "eigenvectors"))
_LinalgSvdT = _return_type("linalg_svd", ("U", "S", "Vh"))
_SvdT = _return_type("svd", ("U", "S", "V"))
_LinalgQrT = _return_type("linalg_qr", ("Q", "R"))
_QrT = _return_type("qr", ("Q", "R"))
_LstsqT = _return_type("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))
_TriangularSolveT = _return_type("triangular_solve", ("solution", "cloned_coefficient"))


class LinAlgError(RuntimeError):
    """torch.linalg.LinAlgError: a matrix the function cannot handle (singular, not
    positive-definite). A RuntimeError subclass, as PyTorch's."""


# ---- checks, in PyTorch's order and words ------------------------------------------------

def _check_float(A, api, low_precision=True):
    dt = A._dtype
    if not dt.is_floating_point:
        raise RuntimeError(f"{api}: Expected a floating point or complex tensor as input. Got "
                           f"{dt.legacy_name}")
    if not low_precision and dt is _f16:
        raise RuntimeError(f"{api}: Low precision dtypes not supported. Got Half")


def _check_kernel_dtype(A, kernel):
    """The LAPACK kernels exist for float and double only: PyTorch's dispatch error."""
    if A._dtype is not _f32 and A._dtype is not _f64:
        raise not_implemented(kernel, A._dtype)


def _check_float_or_double(A):
    if A._dtype is not _f32 and A._dtype is not _f64:
        raise RuntimeError("This function doesn't handle types other than float and double")


def _check_info(info, api, is_matrix):
    """PyTorch's _linalg_check_errors: raise for the first matrix whose info is not 0."""
    flat = np.asarray(info).reshape(-1)
    bad = np.flatnonzero(flat)
    if not bad.size:
        return
    i = int(bad[0])
    code = int(flat[i])
    where = "" if is_matrix else f": (Batch element {i})"
    if "inv" in api:
        body = (f"The diagonal element {code} is zero, the inversion could not be completed "
                "because the input matrix is singular.")
    elif "solve" in api:
        body = "The solver failed because the input matrix is singular."
    elif "cholesky" in api:
        body = ("The factorization could not be completed because the input is not "
                f"positive-definite (the leading minor of order {code} is not "
                "positive-definite).")
    elif "svd" in api:
        body = ("The algorithm failed to converge because the input matrix is ill-conditioned "
                f"or has too many repeated singular values (error code: {code}).")
    else:
        body = ("The algorithm failed to converge because the input matrix is ill-conditioned "
                f"or has too many repeated eigenvalues (error code: {code}).")
    raise LinAlgError(f"{api}{where}: {body}")


# ---- numpy plumbing ------------------------------------------------------------------------

def _np(t):
    return t.numpy_view()


def _wrap(arr, dt):
    """A fresh tensor of dtype `dt` holding `arr` (numpy's own result memory when it can;
    a copy when `arr` may be a view of an input)."""
    return from_result(arr, dt.np)


def _zeros(shape, dt):
    t = _empty(tuple(shape), dt)
    if t.numel():
        t.numpy_view()[...] = 0
    return t


def _finish(res, out, name):
    """Copy a result (tensor or tuple of tensors) into the user's out= as PyTorch does."""
    if out is None:
        return res
    if isinstance(res, TensorBase):
        write_out_checked(res, out, name)
        return out
    if not isinstance(out, (tuple, list)) or len(out) != len(res):
        raise TypeError(f"{name}(): argument 'out' must be tuple of {len(res)} Tensors")
    for r, o in zip(res, out):
        write_out_checked(r, o, name)
    return type(res)(tuple(out))


def _stack(a):
    """A contiguous (batch, m, n) copy of `a` and its batch shape."""
    batch = a.shape[:-2]
    return np.array(a.reshape((math.prod(batch),) + a.shape[-2:]), copy=True), batch


def _eps(dt):
    return float(np.finfo(dt.np).eps)


def _wants_grad(*ts):
    return is_grad_enabled() and any(isinstance(t, TensorBase) and t._requires_grad for t in ts)


# ---- LAPACK's unblocked routines in numpy (Note [LAPACK info]); triangular solves --------

def _getf2(a):
    """LU with partial pivoting of a (B, n, n) stack, in place, as LAPACK's getf2:
    (lu, pivots, info) with info the 1-based index of each matrix's first zero pivot."""
    nb, n = a.shape[0], a.shape[-1]
    info = np.zeros(nb, np.int32)
    piv = np.empty((nb, n), np.intp)
    rows = np.arange(nb)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        for k in range(n):
            p = k + np.argmax(np.abs(a[:, k:, k]), axis=1)
            piv[:, k] = p
            if (p != k).any():
                row = a[rows, k, :].copy()
                a[rows, k, :] = a[rows, p, :]
                a[rows, p, :] = row
            d = a[:, k, k]
            zero = d == 0
            info[(info == 0) & zero] = k + 1
            if k + 1 < n:
                a[:, k + 1:, k] /= np.where(zero, 1, d)[:, None]
                a[:, k + 1:, k + 1:] -= a[:, k + 1:, k, None] * a[:, k, None, k + 1:]
    return a, piv, info


def _lu_solve(lu, piv, b):
    """Solve with getf2's factors: row swaps, then the unit-lower and the upper solve."""
    x = np.array(b, copy=True)
    rows = np.arange(x.shape[0])
    for k in range(piv.shape[1]):
        p = piv[:, k]
        row = x[rows, k, :].copy()
        x[rows, k, :] = x[rows, p, :]
        x[rows, p, :] = row
    x = _trsm(lu, x, lower=True, unit=True)
    return _trsm(lu, x, lower=False, unit=False)


def _potf2(a):
    """Cholesky (lower) of a (B, n, n) stack as LAPACK's potf2: (L, info), info the order of
    the first leading minor that is not positive-definite (NaN included); a failed
    matrix keeps its non-positive pivot and its unfactored columns, as LAPACK leaves them."""
    nb, n = a.shape[0], a.shape[-1]
    info = np.zeros(nb, np.int32)
    ok = np.ones(nb, bool)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        for j in range(n):
            row = a[:, j, :j]
            ajj = a[:, j, j] - np.einsum("bk,bk->b", row, row)
            bad = ok & ~(ajj > 0)
            info[bad] = j + 1
            a[bad, j, j] = ajj[bad]
            ok &= ~bad
            root = np.sqrt(np.where(ok, ajj, 1))
            a[ok, j, j] = root[ok]
            if j + 1 < n:
                col = (a[:, j + 1:, j] - np.einsum("bik,bk->bi", a[:, j + 1:, :j], row)) \
                    / root[:, None]
                a[ok, j + 1:, j] = col[ok]
    return np.tril(a), info


_TRSM_BLOCK = 128


def _trsm(a, b, lower, unit):
    """X with tri(a) X = b (batch dims broadcast): blocked, the diagonal blocks solved
    densely (LAPACK's gesv; without pivoting for an upper triangle, which needs none), the
    rest updated by matrix products (BLAS). Reads only the `lower` (or upper) triangle of a.
    A block with a zero on its diagonal is solved by substitution, which gives inf/nan as
    LAPACK's trsm does."""
    n = a.shape[-1]
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    x = np.array(np.broadcast_to(b, batch + b.shape[-2:]), dtype=np.result_type(a, b), copy=True)
    starts = list(range(0, n, _TRSM_BLOCK))
    if not lower:
        starts.reverse()
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        for s in starts:
            e = min(s + _TRSM_BLOCK, n)
            blk = a[..., s:e, s:e]
            blk = np.tril(blk) if lower else np.triu(blk)
            if unit:
                blk = blk * (1 - np.eye(e - s, dtype=blk.dtype)) + np.eye(e - s, dtype=blk.dtype)
            if (np.diagonal(blk, 0, -2, -1) != 0).all():
                x[..., s:e, :] = np.linalg.solve(blk, x[..., s:e, :])
            else:
                _substitute(blk, x[..., s:e, :], lower)
            if lower and e < n:
                x[..., e:, :] -= np.matmul(a[..., e:, s:e], x[..., s:e, :])
            elif not lower and s > 0:
                x[..., :s, :] -= np.matmul(a[..., :s, s:e], x[..., s:e, :])
    return x


def _substitute(t, x, lower):
    """x <- t^-1 x in place, t triangular, row by row (zeros on t's diagonal give inf/nan)."""
    n = t.shape[-1]
    for i in (range(n) if lower else range(n - 1, -1, -1)):
        lo, hi = (0, i) if lower else (i + 1, n)
        xi = x[..., i, :]
        if hi > lo:
            xi = xi - np.matmul(t[..., i:i + 1, lo:hi], x[..., lo:hi, :])[..., 0, :]
        x[..., i, :] = xi / t[..., i, i][..., None]


def _tri_solve(a, b, upper, left, unit, transpose=False):
    """op(tri(a)) X = b (left) or X op(tri(a)) = b, through `_trsm`."""
    lower = not upper
    if transpose:
        a = np.swapaxes(a, -1, -2)
        lower = not lower
    if left:
        return _trsm(a, b, lower, unit)
    # X A = B  <=>  A^T X^T = B^T
    return np.swapaxes(_trsm(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2), not lower, unit),
                       -1, -2)


# ---- inverse -----------------------------------------------------------------------------

def _inv_numpy(a):
    """(inverse, info) of a stack; singular matrices get inf/nan, as getri gives them."""
    n = a.shape[-1]
    try:
        return np.linalg.inv(a), np.zeros(a.shape[:-2], np.int32)
    except np.linalg.LinAlgError:
        pass
    s, batch = _stack(a)
    lu, piv, info = _getf2(s.copy())
    res = np.empty_like(s)
    ok = info == 0
    if ok.any():
        res[ok] = np.linalg.inv(s[ok])
    if (~ok).any():
        eye = np.broadcast_to(np.eye(n, dtype=s.dtype), (int((~ok).sum()), n, n))
        res[~ok] = _lu_solve(lu[~ok], piv[~ok], eye)
    return res.reshape(a.shape), info.reshape(batch)


def _inv_checks(A, api):
    require_tensor(A, api.replace(".", "_"), "A", 1)
    _check_square(A, api)
    _check_float(A, api, low_precision=False)


def linalg_inv_ex(A, *, check_errors=False, out=None):
    """(inverse, info): info[i] > 0 when matrix i is singular (its LU has a zero pivot
    info[i]); check_errors=True raises LinAlgError instead."""
    _inv_checks(A, "linalg.inv_ex")
    inv, info = _inv_numpy(_np(A))
    if check_errors:
        _check_info(info, "linalg.inv_ex", A.dim() == 2)
    return _finish(_InvExT((_wrap(inv, A.dtype), _wrap(info, _dtype.int32))), out,
                   "linalg_inv_ex")


def _inverse(A, out, name):
    _inv_checks(A, "linalg.inv")
    inv, info = call("linalg_inv_ex", (A,), None)
    _check_info(info.numpy_view(), "linalg.inv", A.dim() == 2)
    return _finish(inv, out, name)


def linalg_inv(A, *, out=None):
    """The inverse of each square matrix; LinAlgError for a singular one."""
    return _inverse(A, out, "linalg_inv")


def inverse(input, *, out=None):
    """torch.inverse: linalg.inv."""
    return _inverse(input, out, "inverse")


# ---- det, slogdet, logdet ------------------------------------------------------------------

def det(A, *, out=None):
    """The determinant of each square matrix (torch.det and torch.linalg.det)."""
    require_tensor(A, "det", "A", 1)
    _check_square(A, "linalg.det")
    _check_float(A, "linalg.det")
    _check_kernel_dtype(A, "lu_cpu")
    return _finish(_wrap(np.linalg.det(_np(A)), A.dtype), out, "linalg_det")


def linalg_slogdet(A, *, out=None):
    """(sign, log|det|) of each square matrix; a singular one gives (0, -inf)."""
    require_tensor(A, "linalg_slogdet", "A", 1)
    _check_square(A, "linalg.slogdet")
    _check_float(A, "linalg.slogdet", low_precision=False)
    with np.errstate(divide="ignore"):
        sign, logabs = np.linalg.slogdet(_np(A))
    return _finish(_LinalgSlogdetT((_wrap(sign, A.dtype), _wrap(logabs, A.dtype))), out,
                   "linalg_slogdet")


def slogdet(input, *, out=None):
    """torch.slogdet: linalg.slogdet, as torch.return_types.slogdet."""
    return _finish(_SlogdetT(tuple(call("linalg_slogdet", (input,), None))), out, "slogdet")


def logdet(input):
    """log(det): NaN where the determinant is negative, -inf where it is zero (composite)."""
    require_tensor(input, "logdet", "input", 1)
    _check_square(input, "logdet")
    _check_float(input, "logdet", low_precision=False)
    sign, logabs = call("linalg_slogdet", (input,), None)
    return call("where", (sign == -1, math.nan, logabs), None)


# ---- solve ---------------------------------------------------------------------------------

def _is_vector_rhs(a_shape, b_shape):
    """PyTorch's linalg_solve_is_vector_rhs (NumPy's rule): B is a (batch of) vector(s)."""
    return len(b_shape) == 1 or (len(a_shape) - 1 == len(b_shape)
                                 and tuple(b_shape) == tuple(a_shape[:-1]))


def _solver_shapes(A, B, left, api):
    _check_square(A, api)
    _check_matrix(B, api, "B")
    ok = A._shape[-2] == B._shape[-2] if left else A._shape[-1] == B._shape[-1]
    if not ok:
        eq = "AX = B" if left else "XA = B"
        raise RuntimeError(f"{api}: Incompatible shapes of A and B for the equation {eq} "
                           f"({A._shape[-2]}x{A._shape[-1]} and {B._shape[-2]}x{B._shape[-1]})")


def _solve_numpy(a, b):
    """(X, info) for A X = B with equal batch dims: numpy's gesv, getf2 on failure."""
    try:
        return np.linalg.solve(a, b), np.zeros(a.shape[:-2], np.int32)
    except np.linalg.LinAlgError:
        pass
    sa, batch = _stack(a)
    sb = b.reshape((-1,) + b.shape[-2:])
    lu, piv, info = _getf2(sa.copy())
    x = np.empty(sb.shape, np.result_type(sa, sb))
    ok = info == 0
    if ok.any():
        x[ok] = np.linalg.solve(sa[ok], sb[ok])
    if (~ok).any():
        x[~ok] = _lu_solve(lu[~ok], piv[~ok], sb[~ok])
    return x.reshape(b.shape), info.reshape(batch)


def linalg_solve_ex(A, B, *, left=True, check_errors=False, out=None):
    """(X, info) with A X = B (left) or X A = B; batch dims broadcast; B may be a vector or
    a batch of vectors (NumPy's rule). info > 0 marks a singular A."""
    require_tensor(A, "linalg_solve_ex", "A", 1)
    require_tensor(B, "linalg_solve_ex", "B", 2)
    _check_float(A, "linalg.solve")
    if A.dtype is not B.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A "
                           f"of type {A.dtype.legacy_name} and B of type {B.dtype.legacy_name} "
                           "instead")
    vector = _is_vector_rhs(A._shape, B._shape)
    B2 = B.unsqueeze(-1) if vector else B
    _solver_shapes(A, B2, left, "linalg.solve")
    _check_kernel_dtype(A, "lu_cpu")
    batch = _broadcast_pair(A._shape[:-2], B2._shape[:-2])
    a = np.broadcast_to(_np(A), batch + A._shape[-2:])
    b = np.broadcast_to(_np(B2), batch + B2._shape[-2:])
    if left:
        x, info = _solve_numpy(a, b)
    else:
        x, info = _solve_numpy(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2))
        x = np.swapaxes(x, -1, -2)
    if vector:
        x = x[..., 0]
    if check_errors:
        _check_info(info, "torch.linalg.solve_ex", A.dim() == 2)
    return _finish(_SolveExT((_wrap(x, A.dtype), _wrap(info, _dtype.int32))), out,
                   "linalg_solve_ex")


def linalg_solve(A, B, *, left=True, out=None):
    """X with A X = B (left=True) or X A = B; LinAlgError for a singular A (composite over
    linalg_solve_ex, as PyTorch)."""
    x, info = call("linalg_solve_ex", (A, B), None if left else {"left": False})
    _check_info(info.numpy_view(), "torch.linalg.solve", A.dim() == 2)
    return _finish(x, out, "linalg_solve")


# ---- triangular solves ---------------------------------------------------------------------

def linalg_solve_triangular(A, B, *, upper, left=True, unitriangular=False, out=None):
    """X with tri(A) X = B (left) or X tri(A) = B, reading the upper or lower triangle of A
    (its diagonal taken as ones when unitriangular). Batch dims broadcast; B takes A's dtype."""
    require_tensor(A, "linalg_solve_triangular", "A", 1)
    require_tensor(B, "linalg_solve_triangular", "B", 2)
    _solver_shapes(A, B, left, "linalg.solve_triangular")
    _check_kernel_dtype(A, "triangular_solve_cpu")
    b = _np(B)
    if b.dtype != A.dtype.np:
        b = b.astype(A.dtype.np)
    x = _tri_solve(_np(A), b, upper, left, unitriangular)
    return _finish(_wrap(x, A.dtype), out, "linalg_solve_triangular")


def _old_solver_checks(b, A, name, op):
    """The checks torch.triangular_solve and torch.cholesky_solve share."""
    if A.dtype is not b.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{b.dtype.legacy_name} and A of type {A.dtype.legacy_name} instead.")
    if A._shape[-1] != A._shape[-2]:
        raise RuntimeError(f"A must be batches of square matrices, but they are {A._shape[-2]} "
                           f"by {A._shape[-1]} matrices")
    if A._shape[-1] != b._shape[-2]:
        raise RuntimeError(f"Incompatible matrix sizes for {op}: each A matrix is "
                           f"{A._shape[-2]} by {A._shape[-1]} but each b matrix is "
                           f"{b._shape[-2]} by {b._shape[-1]}")
    _check_kernel_dtype(A, name)


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False, *, out=None):
    """torch.triangular_solve (deprecated for linalg.solve_triangular): (solution,
    cloned_coefficient) for op(tri(A)) X = b, op the transpose when `transpose`."""
    require_tensor(b, "triangular_solve", "input", 1)
    require_tensor(A, "triangular_solve", "A", 2)
    _warn_once("triangular_solve",
               "torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangular"
               "and will be removed in a future PyTorch release.\ntorch.linalg.solve_triangular "
               "has its arguments reversed and does not return a copy of one of the inputs.\n"
               "X = torch.triangular_solve(B, A).solution\nshould be replaced with\n"
               "X = torch.linalg.solve_triangular(A, B).")
    for t, name in ((b, "b"), (A, "A")):
        if t.dim() < 2:
            raise RuntimeError(f"torch.triangular_solve: Expected {name} to have at least 2 "
                               f"dimensions, but it has {t.dim()} dimensions instead")
    _old_solver_checks(b, A, "triangular_solve_cpu", "triangular_solve")
    batch = _broadcast_pair(b._shape[:-2], A._shape[:-2])
    a = _np(A)
    x = _tri_solve(a, _np(b), upper, True, unitriangular, transpose)
    coeff = np.array(np.broadcast_to(a, batch + A._shape[-2:]), copy=True)
    return _finish(_TriangularSolveT((_wrap(x, A.dtype), _wrap(coeff, A.dtype))), out,
                   "triangular_solve")


def cholesky_solve(input, input2, upper=False, *, out=None):
    """X with A X = B given A's Cholesky factor (lower L, or upper U when `upper`):
    torch.cholesky_solve(B, L). Batch dims broadcast."""
    require_tensor(input, "cholesky_solve", "input", 1)
    require_tensor(input2, "cholesky_solve", "input2", 2)
    b, L = input, input2
    if b.dim() < 2:
        raise RuntimeError(f"b should have at least 2 dimensions, but has {b.dim()} dimensions "
                           "instead")
    if L.dim() < 2:
        raise RuntimeError(f"u should have at least 2 dimensions, but has {L.dim()} dimensions "
                           "instead")
    _old_solver_checks(b, L, "cholesky_solve_cpu", "cholesky_solve")
    l = _np(L)
    # A = L L^T: L Y = B, then L^T X = Y (with U = L^T when upper)
    y = _tri_solve(l, _np(b), upper, True, False, transpose=upper)
    x = _tri_solve(l, y, upper, True, False, transpose=not upper)
    return _finish(_wrap(x, L.dtype), out, "cholesky_solve")


def cholesky_inverse(input, upper=False, *, out=None):
    """A^-1 from A's Cholesky factor: cholesky_solve(I, L) (composite)."""
    require_tensor(input, "cholesky_inverse", "input", 1)
    _check_square(input, "cholesky_inverse", "input")
    n = input._shape[-1]
    eye = _expand(_wrap(np.eye(n), input.dtype), input._shape)
    return _finish(call("cholesky_solve", (eye, input), {"upper": upper}), out,
                   "cholesky_inverse")


# ---- cholesky ------------------------------------------------------------------------------

def _cholesky_numpy(a, upper):
    """(factor, info): lower L from a's lower triangle, or upper U from its upper one."""
    if upper:
        a = np.swapaxes(a, -1, -2)
    try:
        L, info = np.linalg.cholesky(a), np.zeros(a.shape[:-2], np.int32)
        failed = not np.isfinite(np.diagonal(L, 0, -2, -1)).all()    # NaN passes some potrf
    except np.linalg.LinAlgError:
        failed = True
    if failed:
        s, batch = _stack(a)
        L, info = _potf2(s.copy())
        ok = info == 0
        if ok.any():
            L[ok] = np.linalg.cholesky(s[ok])
        L, info = L.reshape(a.shape), info.reshape(batch)
    return (np.swapaxes(L, -1, -2) if upper else L), info


def _cholesky(A, upper, api):
    _check_square(A, api)
    _check_float(A, api)
    _check_kernel_dtype(A, "cholesky_cpu")
    return _cholesky_numpy(_np(A), upper)


def linalg_cholesky_ex(A, *, upper=False, check_errors=False, out=None):
    """(L, info) with A = L L^T (U^T U when upper); info > 0: the order of the leading minor
    that is not positive-definite."""
    require_tensor(A, "linalg_cholesky_ex", "A", 1)
    L, info = _cholesky(A, upper, "linalg.cholesky_ex")
    if check_errors:
        _check_info(info, "linalg.cholesky_ex", A.dim() == 2)
    return _finish(_CholeskyExT((_wrap(L, A.dtype), _wrap(info, _dtype.int32))), out,
                   "linalg_cholesky_ex")


def linalg_cholesky(A, *, upper=False, out=None):
    """The Cholesky factor; LinAlgError when A is not positive-definite (composite over
    linalg_cholesky_ex, as PyTorch)."""
    require_tensor(A, "linalg_cholesky", "A", 1)
    _check_square(A, "linalg.cholesky")
    _check_float(A, "linalg.cholesky")
    L, info = call("linalg_cholesky_ex", (A,), {"upper": upper} if upper else None)
    _check_info(info.numpy_view(), "linalg.cholesky", A.dim() == 2)
    return _finish(L, out, "linalg_cholesky")


def cholesky(input, upper=False, *, out=None):
    """torch.cholesky (deprecated for linalg.cholesky)."""
    require_tensor(input, "cholesky", "input", 1)
    _warn_once("cholesky",
               "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be "
               "removed in a future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced "
               "with\nL = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\n"
               "should be replaced with\nU = torch.linalg.cholesky(A).mH\nThis transform will "
               "produce equivalent results for all valid (symmetric positive definite) inputs.")
    L, info = _cholesky(input, upper, "cholesky")
    _check_info(info, "cholesky", input.dim() == 2)
    return _finish(_wrap(L, input.dtype), out, "cholesky")


# ---- eigen decompositions --------------------------------------------------------------------

def _uplo(UPLO):
    if not isinstance(UPLO, str) or UPLO.upper() not in ("L", "U") or len(UPLO) != 1:
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return UPLO.upper()


def _eigh_checks(A, UPLO, api="linalg.eigh"):
    uplo = _uplo(UPLO)
    _check_square(A, api)
    _check_kernel_dtype(A, "linalg_eigh_cpu")
    return uplo


def _eigh_numpy(a, uplo, vectors):
    try:
        return np.linalg.eigh(a, UPLO=uplo) if vectors else np.linalg.eigvalsh(a, UPLO=uplo)
    except np.linalg.LinAlgError:
        if not np.isfinite(a).all():        # PyTorch answers NaNs for non-finite input
            w = np.full(a.shape[:-1], np.nan, a.dtype)
            return (w, np.full(a.shape, np.nan, a.dtype)) if vectors else w
        _check_info(np.ones(a.shape[:-2], np.int32), "linalg.eigh", a.ndim == 2)


def linalg_eigh(A, UPLO="L", *, out=None):
    """(eigenvalues ascending, orthonormal eigenvectors) of symmetric matrices, reading the
    lower (UPLO='L') or upper triangle."""
    require_tensor(A, "linalg_eigh", "A", 1)
    uplo = _eigh_checks(A, UPLO)
    w, v = _eigh_numpy(_np(A), uplo, True)
    return _finish(_EighT((_wrap(w, A.dtype), _wrap(v, A.dtype))), out, "linalg_eigh")


def _linalg_eigvalsh(A, UPLO="L"):
    """The eigenvalues alone (no gradient: linalg_eigvalsh uses it when none is needed)."""
    uplo = _eigh_checks(A, UPLO)
    return _wrap(_eigh_numpy(_np(A), uplo, False), A.dtype)


def linalg_eigvalsh(A, UPLO="L", *, out=None):
    """Eigenvalues of symmetric matrices, ascending. Differentiable through linalg_eigh (as
    PyTorch, the eigenvectors are computed only when a gradient may be asked for)."""
    require_tensor(A, "linalg_eigvalsh", "A", 1)
    if _wants_grad(A):
        w = call("linalg_eigh", (A, UPLO), None)[0]
    else:
        w = call("_linalg_eigvalsh", (A, UPLO), None)
    return _finish(w, out, "linalg_eigvalsh")


def _eig_numpy(A, vectors, api):
    _check_square(A, api)
    if not A.dtype.is_floating_point:
        raise RuntimeError(f"Unknown Complex ScalarType for {A.dtype.legacy_name}")
    _check_kernel_dtype(A, "linalg_eig_out_cpu")
    a = _np(A)
    if not np.isfinite(a).all():
        raise RuntimeError("torch.linalg.eig: input tensor should not contain infs or NaNs.")
    try:
        r = np.linalg.eig(a) if vectors else (np.linalg.eigvals(a),)
    except np.linalg.LinAlgError:
        _check_info(np.ones(a.shape[:-2], np.int32), api, a.ndim == 2)
    if np.iscomplexobj(r[0]):
        raise NotImplementedError(
            f"{api}: the input has eigenvalues that are not real. PyTorch returns them as "
            "complex tensors; torchlike has no complex dtypes, so it only supports inputs whose "
            "eigenvalues are all real (use linalg.eigh for symmetric matrices)")
    return r


def linalg_eig(A, *, out=None):
    """Eigenvalues and unit-norm eigenvectors of general square matrices.

    PyTorch returns complex tensors (complex64/complex128) whatever the input. torchlike has
    no complex dtype: when every eigenvalue is real it returns them (and the eigenvectors,
    which are then real too) as real tensors of A's dtype, the values PyTorch's results
    have as their real parts (`.real`); when some eigenvalue is not real it raises
    NotImplementedError. Gradients (real eigenvalues) follow PyTorch's formula."""
    require_tensor(A, "linalg_eig", "A", 1)
    w, v = _eig_numpy(A, True, "linalg.eig")
    return _finish(_EigT((_wrap(w, A.dtype), _wrap(v, A.dtype))), out, "linalg_eig")


def _linalg_eigvals(A):
    return _wrap(_eig_numpy(A, False, "linalg.eig")[0], A.dtype)


def linalg_eigvals(A, *, out=None):
    """Eigenvalues of general square matrices (real ones only: see linalg_eig)."""
    require_tensor(A, "linalg_eigvals", "A", 1)
    if _wants_grad(A):
        w = call("linalg_eig", (A,), None)[0]
    else:
        w = call("_linalg_eigvals", (A,), None)
    return _finish(w, out, "linalg_eigvals")


# ---- svd ---------------------------------------------------------------------------------

def _svd_checks(A, driver):
    _check_matrix(A, "linalg.svd")
    _check_float(A, "linalg.svd")
    _check_kernel_dtype(A, "linalg_svd_cpu")
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on "
                           "CUDA inputs with cuSOLVER backend.")
    a = _np(A)
    if a.size and not np.isfinite(a).all():
        raise LinAlgError("linalg.svd: The algorithm failed to converge because the input "
                          "matrix contained non-finite values.")
    return a


def _svd_numpy(a, full_matrices, vectors):
    m, n = a.shape[-2:]
    k = min(m, n)
    if k == 0:      # LAPACK is not called: identity factors, no singular values
        s = np.zeros(a.shape[:-2] + (0,), a.dtype)
        if not vectors:
            return s
        u = np.broadcast_to(np.eye(m, m if full_matrices else 0, dtype=a.dtype),
                            a.shape[:-2] + (m, m if full_matrices else 0))
        vh = np.broadcast_to(np.eye(n if full_matrices else 0, n, dtype=a.dtype),
                             a.shape[:-2] + (n if full_matrices else 0, n))
        return u, s, vh
    try:
        if vectors:
            return np.linalg.svd(a, full_matrices=full_matrices)
        return np.linalg.svd(a, compute_uv=False)
    except np.linalg.LinAlgError:
        _check_info(np.ones(a.shape[:-2], np.int32), "linalg.svd", a.ndim == 2)


def linalg_svd(A, full_matrices=True, *, driver=None, out=None):
    """(U, S, Vh) with A = U diag(S) Vh, S descending; U (m, m) and Vh (n, n) when
    full_matrices, else (m, k) and (k, n), k = min(m, n)."""
    require_tensor(A, "linalg_svd", "A", 1)
    a = _svd_checks(A, driver)
    u, s, vh = _svd_numpy(a, full_matrices, True)
    return _finish(_LinalgSvdT((_wrap(u, A.dtype), _wrap(s, A.dtype), _wrap(vh, A.dtype))),
                   out, "linalg_svd")


def _linalg_svdvals(A):
    return _wrap(_svd_numpy(_svd_checks(A, None), False, False), A.dtype)


def linalg_svdvals(A, *, driver=None, out=None):
    """The singular values, descending. Differentiable through linalg_svd (the singular
    vectors are computed only when a gradient may be asked for)."""
    require_tensor(A, "linalg_svdvals", "A", 1)
    if driver is not None:
        _svd_checks(A, driver)
    if _wants_grad(A):
        s = call("linalg_svd", (A,), {"full_matrices": False})[1]
    else:
        s = call("_linalg_svdvals", (A,), None)
    return _finish(s, out, "linalg_svdvals")


def svd(input, some=True, compute_uv=True, *, out=None):
    """torch.svd (deprecated for linalg.svd): (U, S, V) with A = U diag(S) V^T; reduced
    factors when `some`. Without compute_uv, U and V are zero-filled (m, m) and (n, n)."""
    require_tensor(input, "svd", "input", 1)
    if compute_uv:
        U, S, Vh = call("linalg_svd", (input,), {"full_matrices": not some})
        V = Vh.transpose(-2, -1)
    else:
        S = call("linalg_svdvals", (input,), None)
        m, n = input._shape[-2:]
        batch = input._shape[:-2]
        U, V = _zeros(batch + (m, m), input.dtype), _zeros(batch + (n, n), input.dtype)
    return _finish(_SvdT((U, S, V)), out, "svd")


# ---- qr ----------------------------------------------------------------------------------

_QR_MODES = ("reduced", "complete", "r")


def linalg_qr(A, mode="reduced", *, out=None):
    """(Q, R) with A = Q R, Q orthonormal columns, R upper triangular (LAPACK's signs:
    geqrf + orgqr). mode 'reduced': Q (m, k), R (k, n); 'complete': Q (m, m), R (m, n);
    'r': R only (Q is an empty tensor)."""
    require_tensor(A, "linalg_qr", "A", 1)
    if mode not in _QR_MODES:
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")
    _check_matrix(A, "linalg.qr")
    _check_float(A, "linalg.qr")
    _check_kernel_dtype(A, "geqrf_cpu")
    a = _np(A)
    m, n = a.shape[-2:]
    k = min(m, n)
    if k == 0:
        qc = m if mode == "complete" else k
        q = np.broadcast_to(np.eye(m, qc, dtype=a.dtype), a.shape[:-2] + (m, qc))
        r = np.zeros(a.shape[:-2] + (qc, n), a.dtype)
        if mode == "r":     # Q is always the empty (0,) placeholder in mode 'r'
            q = np.zeros((0,), a.dtype)
    elif mode == "r":
        q, r = np.zeros((0,), a.dtype), np.linalg.qr(a, mode="r")
    else:
        q, r = np.linalg.qr(a, mode=mode)
    return _finish(_LinalgQrT((_wrap(q, A.dtype), _wrap(r, A.dtype))), out, "linalg_qr")


def qr(input, some=True, *, out=None):
    """torch.qr (deprecated for linalg.qr): mode 'reduced' when `some`, else 'complete'."""
    require_tensor(input, "qr", "input", 1)
    _warn_once("qr",
               "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a "
               "future PyTorch release.\nThe boolean parameter 'some' has been replaced with a "
               "string parameter 'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\n"
               "Q, R = torch.linalg.qr(A, 'reduced' if some else 'complete')")
    q, r = call("linalg_qr", (input,), None if some else {"mode": "complete"})
    return _finish(_QrT((q, r)), out, "qr")


# ---- pinv, lstsq, matrix_rank ----------------------------------------------------------

def _tolerances(A, atol, rtol, batch):
    """PyTorch's get_atol_rtol: absolute and relative tolerances as arrays over the batch;
    rtol defaults to eps * max(m, n), or 0 when a positive atol is given."""
    def arr(x):
        return np.asarray(x.numpy_view() if isinstance(x, TensorBase) else x, np.float64)
    at = np.zeros(()) if atol is None else arr(atol)
    if rtol is not None:
        rt = arr(rtol)
    else:
        default = _eps(A.dtype) * max(A._shape[-2], A._shape[-1])
        rt = np.full((), default) if atol is None else np.where(at > 0, 0.0, default)
    return np.broadcast_to(at, batch), np.broadcast_to(rt, batch)


def linalg_pinv(A, *, atol=None, rtol=None, hermitian=False, out=None):
    """The Moore-Penrose pseudo-inverse: singular values at most max(atol, rtol * S_max) are
    taken as zero (through eigh when `hermitian`)."""
    require_tensor(A, "linalg_pinv", "A", 1)
    if A.dim() < 2 or (A.dtype is not _f32 and A.dtype is not _f64):
        raise RuntimeError(f"linalg.pinv({A.dtype.legacy_name}{{{list(A._shape)}}}): expected "
                           "a tensor with 2 or more dimensions of float, double, cfloat or "
                           "cdouble types")
    a = _np(A)
    m, n = a.shape[-2:]
    batch = a.shape[:-2]
    if m == 0 or n == 0:
        return _finish(_zeros(batch + (n, m), A.dtype), out, "linalg_pinv")
    at, rt = _tolerances(A, atol, rtol, batch)
    with np.errstate(divide="ignore", invalid="ignore"):
        if hermitian:
            _check_square(A, "linalg.eigh")
            w, v = _eigh_numpy(a, "L", True)
            big = np.abs(w).max(-1, keepdims=True)
            tol = np.maximum(at[..., None], rt[..., None] * big)
            winv = np.where(np.abs(w) > tol, 1 / w, 0).astype(a.dtype)
            r = np.matmul(v * winv[..., None, :], np.swapaxes(v, -1, -2))
        else:
            u, s, vh = _svd_numpy(_svd_checks(A, None), False, True)
            tol = np.maximum(at[..., None], rt[..., None] * s[..., :1])
            sinv = np.where(s > tol, 1 / s, 0).astype(a.dtype)
            r = np.matmul(np.swapaxes(vh, -1, -2) * sinv[..., None, :], np.swapaxes(u, -1, -2))
    return _finish(_wrap(r, A.dtype), out, "linalg_pinv")


def pinverse(input, rcond=1e-15):
    """torch.pinverse: linalg.pinv with rtol=rcond (composite)."""
    require_tensor(input, "pinverse", "input", 1)
    return call("linalg_pinv", (input,), {"atol": 0.0, "rtol": rcond})


_LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def linalg_lstsq(A, B, rcond=None, *, driver=None):
    """(solution, residuals, rank, singular_values): the minimum-norm least-squares solution
    of A X = B for each matrix of the (broadcast) batch.

    The solution comes from numpy's lstsq (LAPACK gelsd) whatever the driver: for every
    driver PyTorch's CPU result is the same minimum-norm solution (gels: full rank assumed).
    What is returned alongside follows the driver as PyTorch's CPU does: rank for all but
    'gels'; singular values for 'gelsd' and 'gelss'; the squared residuals when m > n and
    (for 'gelsd'/'gelss') every matrix has full rank, never for the default 'gelsy'. The
    rank is counted with the SVD cutoff rcond * S_max (gelsy estimates it from a pivoted
    QR; the counts differ only for matrices within rounding of that cutoff)."""
    require_tensor(A, "linalg_lstsq", "self", 1)
    require_tensor(B, "linalg_lstsq", "b", 2)
    _check_float_or_double(A)
    if A.dim() < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if B.dim() < 1:
        raise RuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
    if A.dtype is not B.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same "
                           f"dtype, but got input's dtype {A.dtype.legacy_name} and other's "
                           f"dtype {B.dtype.legacy_name}")
    if not (A.dim() >= B.dim() and A.dim() - B.dim() <= 1):
        raise RuntimeError("torch.linalg.lstsq: input.dim() must be greater or equal to "
                           "other.dim() and (input.dim() - other.dim()) <= 1")
    vector = B.dim() == A.dim() - 1
    if vector and A._shape[-2] != B._shape[-1]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-1)")
    if not vector and A._shape[-2] != B._shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    if driver is None:
        driver = "gelsy"
    if driver not in _LSTSQ_DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, "
                           "gelsy, gelsd, gelss)")
    m, n = A._shape[-2:]
    B2 = B.unsqueeze(-1) if vector else B
    k = B2._shape[-1]
    batch = _broadcast_pair(A._shape[:-2], B2._shape[:-2])
    nb = math.prod(batch)
    a = np.broadcast_to(_np(A), batch + (m, n)).reshape((nb, m, n))
    b = np.broadcast_to(_np(B2), batch + (m, k)).reshape((nb, m, k))
    cutoff = _eps(A.dtype) * max(m, n) if rcond is None else float(rcond)
    x = np.zeros((nb, n, k), A.dtype.np)
    rank = np.zeros(nb, np.int64)
    sv = np.zeros((nb, min(m, n)), A.dtype.np)
    for i in range(nb):
        if m and n:
            xi, _, ri, si = np.linalg.lstsq(a[i], b[i], rcond=cutoff)
            x[i], rank[i], sv[i] = xi, ri, si
    dt = A.dtype
    solution = x.reshape(batch + (n, k))
    if vector:
        solution = solution[..., 0]
    residuals = np.zeros((0,), dt.np)
    if m > n and driver != "gelsy" and (driver == "gels" or (rank == n).all()):
        r = np.matmul(a, x) - b
        residuals = (r * r).sum(-2).reshape(batch + (k,))     # (..., 1) for vectors too
    rank_t = _wrap(np.zeros((0,), np.int64) if driver == "gels" else rank.reshape(batch),
                   _dtype.int64)
    sv_t = _wrap(sv.reshape(batch + (min(m, n),)) if driver in ("gelsd", "gelss")
                 else np.zeros((0,), dt.np), dt)
    return _LstsqT((_wrap(solution, dt), _wrap(residuals, dt), rank_t, sv_t))


def linalg_matrix_rank(A, tol=None, hermitian=False, *, atol=None, rtol=None, out=None):
    """The number of singular values (absolute eigenvalues when `hermitian`) above
    max(atol, rtol * largest); the legacy `tol` is atol with rtol = 0. int64, no gradient."""
    require_tensor(A, "linalg_matrix_rank", "input", 1)
    if tol is not None:
        if atol is not None or rtol is not None:
            raise TypeError("linalg_matrix_rank(): tol cannot be given with atol or rtol")
        atol, rtol = tol, 0.0
    _check_matrix(A, "torch.linalg.matrix_rank", "input")
    _check_float_or_double(A)
    m, n = A._shape[-2:]
    batch = A._shape[:-2]
    if m == 0 or n == 0:
        return _finish(_zeros(batch, _dtype.int64), out, "linalg_matrix_rank")
    if hermitian:
        s = np.abs(_np(call("_linalg_eigvalsh", (A,), None)))
    else:
        s = _np(call("_linalg_svdvals", (A,), None))
    at, rt = _tolerances(A, atol, rtol, batch)
    tol_ = np.maximum(at[..., None], rt[..., None] * s.max(-1, keepdims=True))
    return _finish(_wrap((s > tol_).sum(-1), _dtype.int64), out, "linalg_matrix_rank")


# ---- norms ---------------------------------------------------------------------------------

def _ord_text(ord):
    return f"{float(ord):g}" if not isinstance(ord, str) else ord


def linalg_vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    """The vector ord-norm over `dim` (all elements by default): ord any real, inf, -inf, or 0
    (the number of non-zeros)."""
    require_tensor(x, "linalg_vector_norm", "x", 1)
    if isinstance(ord, bool) or not isinstance(ord, (int, float)):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' must be Number, not "
                        f"{type(ord).__name__}")
    return call("norm", (x, ord, dim, keepdim), {"out": out, "dtype": dtype})


def _matrix_norm_dims(A, dim, api="linalg.matrix_norm"):
    if not isinstance(dim, (tuple, list)) or len(dim) != 2:
        got = " ".join(str(d) for d in dim) if isinstance(dim, (tuple, list)) else str(dim)
        raise RuntimeError(f"{api}: dim must be a 2-tuple. Got {got}")
    d0, d1 = wrap_dim(dim[0], A.dim()), wrap_dim(dim[1], A.dim())
    if d0 == d1:
        raise RuntimeError(f"{api}: dims must be different. Got ({d0}, {d1})")
    return d0, d1


def _to_end(A, d0, d1):
    """A with dims d0, d1 moved last, and the permutation that undoes it."""
    perm = [i for i in range(A.dim()) if i not in (d0, d1)] + [d0, d1]
    inv = [0] * len(perm)
    for i, p in enumerate(perm):
        inv[p] = i
    return A.permute(perm), inv


def linalg_matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    """Matrix norms over the two dims `dim`: 'fro', 'nuc', 2/-2 (largest/smallest singular
    value), 1/-1 (max/min column sum), inf/-inf (max/min row sum). Composite over
    vector_norm, svdvals and amax/amin, as PyTorch."""
    require_tensor(A, "linalg_matrix_norm", "A", 1)
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
        allow_half = ord == "fro"
    else:
        o = float(ord)
        if abs(o) not in (1.0, 2.0, math.inf):
            raise RuntimeError(f"linalg.matrix_norm: Order {_ord_text(ord)} not supported.")
        allow_half = abs(o) != 2.0
    _check_matrix(A, "linalg.matrix_norm")
    _check_float(A, "linalg.matrix_norm", low_precision=allow_half)
    d0, d1 = _matrix_norm_dims(A, dim)
    if dtype is not None:
        dt = _dtype.to_dtype(dtype)
        if _dtype.promote_types(A.dtype, dt) is not dt:
            raise RuntimeError(f"linalg.matrix_norm: the dtype of the input "
                               f"({A.dtype.legacy_name}) should be convertible without narrowing "
                               f"to the specified dtype ({dt.legacy_name})")
    kw = {"dtype": dtype} if dtype is not None else None
    if ord == "fro":
        r = call("linalg_vector_norm", (A, 2, [d0, d1], keepdim), kw)
    elif ord == "nuc" or abs(float(ord)) == 2.0:
        A_ = A if dtype is None else A.to(dtype)
        moved, inv = _to_end(A_, d0, d1)
        s = call("linalg_svdvals", (moved,), None)
        if ord == "nuc":
            r = s.sum(-1, keepdim=keepdim)
        else:
            r = s.amax(-1, keepdim=keepdim) if float(ord) > 0 else s.amin(-1, keepdim=keepdim)
        if keepdim:
            r = r.unsqueeze(-1).permute(inv)
    else:
        o = float(ord)
        if abs(o) == math.inf:
            d0, d1 = d1, d0
        if not keepdim and d0 < d1:
            d1 -= 1
        s = call("linalg_vector_norm", (A, 1.0, [d0], keepdim), kw)
        r = s.amax(d1, keepdim=keepdim) if o > 0 else s.amin(d1, keepdim=keepdim)
    return _finish(r, out, "linalg_matrix_norm")


def linalg_norm(A, ord=None, dim=None, keepdim=False, *, dtype=None, out=None):
    """torch.linalg.norm: a vector norm (dim an int, or ord None with dim None: the 2-norm of
    the flattened input) or a matrix norm (dim a pair, or a 2-D input with ord given)."""
    require_tensor(A, "linalg_norm", "A", 1)
    if isinstance(dim, int):
        dim = (dim,)
    if dim is not None:
        dim = tuple(dim)
        if len(dim) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. "
                               f"Got {list(dim)}")
    elif ord is not None and A.dim() not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be "
                           f"1D or 2D. Got {A.dim()}D.")
    kw = {"dtype": dtype} if dtype is not None else {}
    if isinstance(ord, str) or (ord is not None and ((dim is not None and len(dim) == 2)
                                                     or (dim is None and A.dim() == 2))):
        r = call("linalg_matrix_norm", (A, ord, dim if dim is not None else (0, 1), keepdim),
                 kw or None)
    else:
        r = call("linalg_vector_norm", (A, 2 if ord is None else ord, dim, keepdim), kw or None)
    return _finish(r, out, "linalg_norm")


_COND_ORDS = (None, 1, -1, 2, -2, math.inf, -math.inf, "fro", "nuc")


def linalg_cond(A, p=None, *, out=None):
    """The condition number in the p-norm: S_max / S_min (p None or 2; -2 the reciprocal),
    else norm(A) * norm(A^-1), inf for a singular A (composite)."""
    require_tensor(A, "linalg_cond", "A", 1)
    if A.dim() < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if p not in _COND_ORDS or isinstance(p, bool):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {_ord_text(p)}")
    batch = A._shape[:-2]
    if A.numel() == 0:
        return _finish(_zeros(batch, A.dtype), out, "linalg_cond")
    if p is None or (not isinstance(p, str) and abs(p) == 2):
        s = call("linalg_svdvals", (A,), None)
        smax, smin = s.narrow(-1, 0, 1), s.narrow(-1, s._shape[-1] - 1, 1)
        r = (smin / smax if p == -2 else smax / smin).squeeze(-1)
        return _finish(r, out, "linalg_cond")
    name = p if isinstance(p, str) else ("inf" if abs(p) == math.inf and p > 0 else
                                         "-inf" if abs(p) == math.inf else str(int(p)))
    _check_square(A, f"linalg.cond(ord={name})")
    inv, info = call("linalg_inv_ex", (A,), None)
    singular = (info > 0).unsqueeze(-1).unsqueeze(-1)
    inv = inv.masked_fill(singular, math.inf)
    r = call("linalg_matrix_norm", (A, p), None) * call("linalg_matrix_norm", (inv, p), None)
    r = r.nan_to_num(math.inf, math.inf, -math.inf)
    return _finish(r, out, "linalg_cond")


# ---- tensorinv, tensorsolve ------------------------------------------------------------------

def linalg_tensorinv(A, ind=2, *, out=None):
    """The inverse of A seen as a matrix of its first `ind` dims by the rest (composite)."""
    require_tensor(A, "linalg_tensorinv", "A", 1)
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows, cols = A._shape[:ind], A._shape[ind:]
    p, q = math.prod(rows), math.prod(cols)
    if p != q:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {q} != {p}")
    inv = call("linalg_inv", (A.reshape(p, q),), None)
    return _finish(inv.reshape(tuple(cols) + tuple(rows)), out, "linalg_tensorinv")


def linalg_tensorsolve(A, B, dims=None, *, out=None):
    """X with tensordot(A, X, X.ndim) = B (composite over linalg.solve)."""
    require_tensor(A, "linalg_tensorsolve", "A", 1)
    require_tensor(B, "linalg_tensorsolve", "B", 2)
    if dims is not None:
        nd = A.dim()
        moved = [wrap_dim(d, nd) for d in dims]
        rest = [i for i in range(nd) if i not in moved]
        A = A.permute(rest + moved)
    xshape = A._shape[B.dim():]
    p, q = B.numel(), math.prod(xshape)
    if p != q:
        raise RuntimeError(f"Expected self to satisfy the requirement "
                           f"prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), "
                           f"but got {q} != {p}")
    x = call("linalg_solve", (A.reshape(p, q), B.reshape(p)), None)
    return _finish(x.reshape(xshape), out, "linalg_tensorsolve")


# ---- registration ------------------------------------------------------------------------

def _linalg(name, kernel):
    """An op of torch.linalg only (PyTorch has no torch.linalg_<name>): dispatched under
    `linalg_<name>`, exposed by torchlike.linalg as `<name>`."""
    LINALG[name] = def_op("linalg_" + name, kernel, function=False, method=False)


for _name, _kernel in (("inv_ex", linalg_inv_ex), ("inv", linalg_inv),
                       ("slogdet", linalg_slogdet), ("solve_ex", linalg_solve_ex),
                       ("solve", linalg_solve), ("solve_triangular", linalg_solve_triangular),
                       ("cholesky_ex", linalg_cholesky_ex), ("cholesky", linalg_cholesky),
                       ("eigh", linalg_eigh), ("eigvalsh", linalg_eigvalsh),
                       ("eig", linalg_eig), ("eigvals", linalg_eigvals),
                       ("svd", linalg_svd), ("svdvals", linalg_svdvals), ("qr", linalg_qr),
                       ("pinv", linalg_pinv), ("lstsq", linalg_lstsq),
                       ("matrix_rank", linalg_matrix_rank), ("vector_norm", linalg_vector_norm),
                       ("matrix_norm", linalg_matrix_norm), ("norm", linalg_norm),
                       ("cond", linalg_cond), ("tensorinv", linalg_tensorinv),
                       ("tensorsolve", linalg_tensorsolve)):
    _linalg(_name, _kernel)

# Kernels used by composites when no gradient is wanted (private: never recorded).
for _name, _kernel in (("_linalg_eigvalsh", _linalg_eigvalsh), ("_linalg_svdvals", _linalg_svdvals),
                       ("_linalg_eigvals", _linalg_eigvals)):
    def_op(_name, _kernel, function=False, method=False)

LINALG["det"] = def_op("det", det)
def_op("slogdet", slogdet)
def_op("logdet", logdet)
def_op("inverse", inverse)
def_op("pinverse", pinverse)
def_op("svd", svd)
def_op("qr", qr)
def_op("cholesky", cholesky)
def_op("cholesky_solve", cholesky_solve)
def_op("cholesky_inverse", cholesky_inverse)
def_op("triangular_solve", triangular_solve)
