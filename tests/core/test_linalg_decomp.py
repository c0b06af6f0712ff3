"""The linalg kernels against numpy: decompositions, solvers, inverses, determinants, norms,
the products built on matmul (addr, cross, tensordot, kron, matrix_power, multi_dot), the
LAPACK `info` values recovered when numpy refuses a batch (Note [LAPACK info]), the blocked
triangular solve, and PyTorch's errors. Core only: no autograd, no torch."""
import math
import re
import types

import numpy as np
import pytest

import torchlike_core as tl

from checks import N
from torchlike_core import _linalg as _l, _linalg_decomp as D
from torchlike_core._linalg import LINALG

LA = types.SimpleNamespace(**LINALG)
RNG = np.random.default_rng(7)
SINGULAR = np.array([[1., 2., 3.], [2., 4., 6.], [1., 1., 1.]])


def rand(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def spd(n, batch=(), dtype=np.float64):
    a = rand(*batch, n, n)
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(dtype)


def T(a):
    return tl.tensor(np.asarray(a))


def Tt(a):
    """A transposed (non-contiguous) view holding the values of `a`."""
    return tl.tensor(np.ascontiguousarray(np.swapaxes(a, -1, -2))).transpose(-2, -1)


def close(t, expected, tol=None):
    got = N(t)
    expected = np.asarray(expected)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    tol = tol or {4: 1e-4, 8: 1e-10}.get(got.dtype.itemsize, 1e-2)
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


def raises(exc, msg):
    return pytest.raises(exc, match=re.escape(msg))


# ---- inverse, det, slogdet -----------------------------------------------------------------

@pytest.mark.parametrize("make", [T, Tt])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (2, 1, 3, 3), (0, 2, 2), (0, 0)])
def test_inv_det_slogdet_match_numpy(make, shape):
    a = rand(*shape)
    A = make(a)
    close(LA.inv(A), np.linalg.inv(a))
    close(tl.inverse(A), np.linalg.inv(a))
    close(LA.det(A), np.linalg.det(a))
    close(A.det(), np.linalg.det(a))
    sign, logabs = LA.slogdet(A)
    close(sign, np.linalg.slogdet(a)[0])
    close(logabs, np.linalg.slogdet(a)[1])


def test_float32_results_stay_float32():
    a = rand(3, 3, dtype=np.float32) + 3 * np.eye(3, dtype=np.float32)
    for r in (LA.inv(T(a)), LA.det(T(a)), LA.eigh(T(a + a.T))[0], LA.svd(T(a))[1],
              LA.qr(T(a))[0], LA.cholesky(T(spd(3, dtype=np.float32))), LA.pinv(T(a)),
              LA.solve(T(a), T(a))):
        assert r.dtype is tl.float32
    close(LA.inv(T(a)), np.linalg.inv(a.astype(np.float64)))


def test_inv_ex_info_per_matrix_and_singular_values():
    a = np.stack([np.eye(3), SINGULAR, np.zeros((3, 3)), 2 * np.eye(3)])
    inv, info = LA.inv_ex(T(a))
    assert info.dtype is tl.int32
    assert N(info).tolist() == [0, 3, 1, 0]       # LAPACK getrf's first zero pivot
    close(inv[0], np.eye(3))
    close(inv[3], np.eye(3) / 2)
    assert not np.isfinite(N(inv[1])).all()        # as getri leaves a singular matrix
    assert repr(LA.inv_ex(T(np.eye(2)))).startswith("torch.return_types.linalg_inv_ex(")


def test_singular_inverse_raises_linalg_error_with_lapack_info():
    with raises(D.LinAlgError, "linalg.inv: The diagonal element 3 is zero, the inversion could "
                               "not be completed because the input matrix is singular."):
        LA.inv(T(SINGULAR))
    with raises(RuntimeError, "linalg.inv: (Batch element 1): The diagonal element 2 is zero"):
        tl.inverse(T(np.stack([np.eye(2), [[1., 2.], [2., 4.]]])))
    with raises(D.LinAlgError, "linalg.inv_ex: The diagonal element 1 is zero"):
        LA.inv_ex(T(np.zeros((2, 2))), check_errors=True)
    assert issubclass(D.LinAlgError, RuntimeError)


def test_getf2_matches_lapack_pivots_and_info():
    a = rand(5, 6, 6)
    a[2] = np.eye(6)
    a[2, :3, :3] = SINGULAR              # exactly singular: the third pivot is an exact zero
    a[4] = 0
    lu, piv, info = D._getf2(a.copy())
    assert info.tolist() == [0, 0, 3, 0, 1]
    b = rand(5, 6, 2)
    ok = info == 0
    x = D._lu_solve(lu[ok], piv[ok], b[ok])
    close(tl.tensor(x), np.linalg.solve(a[ok], b[ok]))


def test_det_of_singular_and_errors():
    close(LA.det(T(SINGULAR)), 0.0)
    sign, logabs = LA.slogdet(T(np.zeros((2, 2))))
    assert N(sign) == 0 and N(logabs) == -math.inf
    assert np.isnan(N(tl.logdet(T([[0., 1.], [1., 0.]]))))
    assert N(tl.logdet(T(np.zeros((2, 2))))) == -math.inf
    s = spd(3)
    close(tl.logdet(T(s)), np.linalg.slogdet(s)[1])
    with raises(RuntimeError, "linalg.det: A must be batches of square matrices, but they are "
                              "3 by 4 matrices"):
        tl.det(T(rand(3, 4)))
    with raises(RuntimeError, "linalg.det: The input tensor A must have at least 2 dimensions."):
        tl.det(T(rand(3)))
    with raises(RuntimeError, "linalg.det: Expected a floating point or complex tensor as input. "
                              "Got Long"):
        tl.det(tl.eye(3, dtype=tl.int64))
    with raises(NotImplementedError, "\"lu_cpu\" not implemented for 'Half'"):
        tl.det(tl.eye(3, dtype=tl.float16))
    with raises(RuntimeError, "linalg.inv: Low precision dtypes not supported. Got Half"):
        LA.inv(tl.eye(3, dtype=tl.float16))
    with raises(RuntimeError, "linalg.slogdet: Low precision dtypes not supported. Got Half"):
        tl.slogdet(tl.eye(3, dtype=tl.float16))
    with raises(RuntimeError, "logdet: Expected a floating point or complex tensor as input. "
                              "Got Long"):
        tl.logdet(tl.eye(3, dtype=tl.int64))
    r = tl.slogdet(T(rand(2, 2)))
    assert type(r).__name__ == "slogdet" and r._fields == ("sign", "logabsdet")
    assert LA.slogdet(T(rand(2, 2)))._fields == ("sign", "logabsdet")


# ---- solve -----------------------------------------------------------------------------------

@pytest.mark.parametrize("a_shape,b_shape,expected", [
    ((3, 3), (3,), (3,)),                 # a vector
    ((2, 3, 3), (2, 3), (2, 3)),          # a batch of vectors (B.shape == A.shape[:-1])
    ((2, 3, 3), (3,), (2, 3)),            # one vector for the whole batch
    ((2, 3, 3), (3, 2), (2, 3, 2)),       # a matrix, broadcast over the batch
    ((2, 1, 3, 3), (4, 3, 2), (2, 4, 3, 2)),
    ((3, 3), (2, 3, 1), (2, 3, 1)),
])
def test_solve_shapes_follow_numpy_rule(a_shape, b_shape, expected):
    a, b = rand(*a_shape), rand(*b_shape)
    x = LA.solve(T(a), T(b))
    assert tuple(x.shape) == expected
    vector = len(b_shape) == 1 or b_shape == a_shape[:-1]
    bb = b[..., None] if vector else b
    ref = np.linalg.solve(np.broadcast_to(a, np.broadcast_shapes(a.shape[:-2], bb.shape[:-2])
                                          + a.shape[-2:]), bb)
    close(x, ref[..., 0] if vector else ref)


def test_solve_right_and_non_contiguous():
    a, b = rand(2, 3, 3), rand(2, 4, 3)
    close(LA.solve(Tt(a), T(b), left=False), b @ np.linalg.inv(a))
    c = rand(2, 3, 3)
    close(LA.solve(Tt(a), Tt(c)), np.linalg.solve(a, c))


def test_solve_ex_info_and_singular_error():
    a = np.stack([np.eye(2), [[1., 2.], [2., 4.]]])
    x, info = LA.solve_ex(T(a), T(np.ones(2)))
    assert N(info).tolist() == [0, 2]
    close(x[0], np.ones(2))
    with raises(D.LinAlgError, "torch.linalg.solve: (Batch element 1): The solver failed because "
                               "the input matrix is singular."):
        LA.solve(T(a), T(np.ones(2)))
    with raises(D.LinAlgError, "torch.linalg.solve: The solver failed because the input matrix "
                               "is singular."):
        LA.solve(T(SINGULAR), T(np.ones(3)))
    with raises(RuntimeError, "linalg.solve: Incompatible shapes of A and B for the equation "
                              "XA = B (3x3 and 3x2)"):
        LA.solve(T(rand(3, 3)), T(rand(3, 2)), left=False)
    with raises(RuntimeError, "linalg.solve: Expected A and B to have the same dtype, but found "
                              "A of type Double and B of type Float instead"):
        LA.solve(T(rand(3, 3)), T(rand(3).astype(np.float32)))


# ---- triangular solves -----------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 5, 300])        # 300 > _TRSM_BLOCK: several blocks
@pytest.mark.parametrize("upper", [True, False])
@pytest.mark.parametrize("unit", [True, False])
def test_trsm_matches_dense_solve(n, upper, unit):
    a = rand(2, n, n) / np.sqrt(n) + 4 * np.eye(n)      # well-conditioned, unit or not
    tri = np.triu(a) if upper else np.tril(a)
    if unit:
        tri = tri * (1 - np.eye(n)) + np.eye(n)
    b = rand(n, 3)
    x = D._trsm(a, b, lower=not upper, unit=unit)
    np.testing.assert_allclose(x, np.linalg.solve(tri, b), rtol=1e-9, atol=1e-9)


def test_trsm_substitution_path_for_zero_diagonals():
    a = np.triu(rand(3, 3)) + 4 * np.eye(3)
    b = rand(3, 2)
    np.testing.assert_allclose(D._trsm(a, b, lower=False, unit=False), np.linalg.solve(a, b))
    x = b.copy()
    D._substitute(a, x, lower=False)
    np.testing.assert_allclose(x, np.linalg.solve(a, b))
    a[1, 1] = 0
    assert not np.isfinite(D._trsm(a, b, lower=False, unit=False)[:2]).any()
    assert np.isfinite(D._trsm(a, b, lower=False, unit=True)).all()     # diagonal not read


def test_solve_triangular_variants():
    a, b = rand(2, 4, 4) + 4 * np.eye(4), rand(2, 4, 3)
    up, lo = np.triu(a), np.tril(a)
    close(LA.solve_triangular(T(a), T(b), upper=True), np.linalg.solve(up, b))
    close(LA.solve_triangular(Tt(a), T(b), upper=False), np.linalg.solve(lo, b))
    c = rand(2, 3, 4)
    close(LA.solve_triangular(T(a), T(c), upper=True, left=False), c @ np.linalg.inv(up))
    unit = np.tril(a, -1) + np.eye(4)
    close(LA.solve_triangular(T(a), T(b), upper=False, unitriangular=True),
          np.linalg.solve(unit, b))
    # B takes A's dtype, as in PyTorch
    assert LA.solve_triangular(T(a[0]), T(b[0].astype(np.float32)), upper=True).dtype is tl.float64


def test_triangular_solve_old_api():
    a, b = rand(4, 4) + 4 * np.eye(4), rand(2, 4, 3)
    _l._warned.discard("triangular_solve")
    with pytest.warns(UserWarning, match="torch.triangular_solve is deprecated"):
        x, coeff = tl.triangular_solve(T(b), T(a))
    close(x, np.linalg.solve(np.triu(a), b))
    close(coeff, np.broadcast_to(a, (2, 4, 4)))
    x = tl.triangular_solve(T(b), T(a), upper=False, transpose=True).solution
    close(x, np.linalg.solve(np.tril(a).T, b))
    x = T(b).triangular_solve(T(a), True, False, True)[0]
    close(x, np.linalg.solve(np.triu(a, 1) + np.eye(4), b))
    # a zero on the diagonal gives inf/nan, no error (LAPACK's trsm)
    x = tl.triangular_solve(T(np.ones((2, 1))), T([[1., 2.], [0., 0.]])).solution
    assert not np.isfinite(N(x)).all()
    with raises(RuntimeError, "torch.triangular_solve: Expected b to have at least 2 dimensions, "
                              "but it has 1 dimensions instead"):
        tl.triangular_solve(T(rand(3)), T(a))
    with raises(NotImplementedError, "\"triangular_solve_cpu\" not implemented for 'Long'"):
        tl.triangular_solve(tl.ones(4, 2, dtype=tl.int64), tl.eye(4, dtype=tl.int64))


def test_cholesky_solve_and_inverse():
    s = spd(4)
    L = np.linalg.cholesky(s)
    b = rand(2, 4, 3)
    close(tl.cholesky_solve(T(b), T(L)), np.linalg.solve(s, b))
    close(T(b).cholesky_solve(T(L.T.copy()), True), np.linalg.solve(s, b))
    close(tl.cholesky_inverse(T(L)), np.linalg.inv(s))
    close(tl.cholesky_inverse(T(L.T.copy()), upper=True), np.linalg.inv(s))
    with raises(RuntimeError, "Incompatible matrix sizes for cholesky_solve: each A matrix is "
                              "4 by 4 but each b matrix is 3 by 2"):
        tl.cholesky_solve(T(rand(3, 2)), T(L))
    with raises(RuntimeError, "u should have at least 2 dimensions, but has 1 dimensions "
                              "instead"):
        tl.cholesky_solve(T(rand(3, 2)), T(rand(3)))


# ---- cholesky --------------------------------------------------------------------------------

def test_cholesky_matches_numpy_and_reads_one_triangle():
    s = spd(3, batch=(2,))
    close(LA.cholesky(T(s)), np.linalg.cholesky(s))
    close(LA.cholesky(Tt(s), upper=True), np.swapaxes(np.linalg.cholesky(s), -1, -2))
    lower_only = np.tril(s[0]) + np.triu(rand(3, 3), 1) * 100
    close(LA.cholesky(T(lower_only)), np.linalg.cholesky(s[0]))
    close(LA.cholesky(T(lower_only.T.copy()), upper=True), np.linalg.cholesky(s[0]).T)
    _l._warned.discard("cholesky")
    with pytest.warns(UserWarning, match="torch.cholesky is deprecated"):
        close(tl.cholesky(T(s[0])), np.linalg.cholesky(s[0]))
    close(T(s[0]).cholesky(True), np.linalg.cholesky(s[0]).T)


def test_cholesky_ex_info_and_errors():
    a = np.stack([np.eye(2), [[1., 2.], [2., 1.]], [[np.nan, 1.], [1., 1.]], [[-1., 0], [0, 1]]])
    L, info = LA.cholesky_ex(T(a))
    assert info.dtype is tl.int32 and N(info).tolist() == [0, 2, 1, 1]
    close(L[0], np.eye(2))
    assert N(L[1]).tolist() == [[1., 0.], [2., -3.]]     # potrf stops at the failed pivot
    with raises(D.LinAlgError, "linalg.cholesky: (Batch element 1): The factorization could not "
                               "be completed because the input is not positive-definite (the "
                               "leading minor of order 2 is not positive-definite)."):
        LA.cholesky(T(a))
    with raises(D.LinAlgError, "cholesky: The factorization could not be completed"):
        tl.cholesky(T(a[1]))
    with raises(D.LinAlgError, "linalg.cholesky_ex: The factorization could not be completed"):
        LA.cholesky_ex(T(a[1]), check_errors=True)
    with raises(NotImplementedError, "\"cholesky_cpu\" not implemented for 'Half'"):
        LA.cholesky(tl.eye(2, dtype=tl.float16))


def test_potf2_agrees_with_numpy():
    s = spd(7, batch=(3,))
    L, info = D._potf2(s.copy())
    assert (info == 0).all()
    np.testing.assert_allclose(L, np.linalg.cholesky(s), rtol=1e-12, atol=1e-12)


# ---- eigen decompositions --------------------------------------------------------------------

def test_eigh_and_eigvalsh():
    a = rand(2, 4, 4)
    s = a + np.swapaxes(a, -1, -2)
    w, v = LA.eigh(T(s))
    close(w, np.linalg.eigvalsh(s))
    close(tl.tensor(N(v) @ (N(w)[..., :, None] * np.swapaxes(N(v), -1, -2))), s)
    close(LA.eigvalsh(Tt(s), "U"), np.linalg.eigvalsh(s, UPLO="U"))
    close(LA.eigvalsh(T(a), UPLO="U"), np.linalg.eigvalsh(a, UPLO="U"))   # the upper triangle
    close(LA.eigvalsh(T(a)), np.linalg.eigvalsh(a))
    r = LA.eigh(T(s[0]))
    assert r._fields == ("eigenvalues", "eigenvectors")
    with raises(RuntimeError, "Expected UPLO argument to be 'L' or 'U', but got X"):
        LA.eigh(T(s), UPLO="X")
    with raises(NotImplementedError, "\"linalg_eigh_cpu\" not implemented for 'Long'"):
        LA.eigvalsh(tl.eye(2, dtype=tl.int64))


def test_eig_real_spectrum_and_complex_refused():
    p = rand(3, 3) + 3 * np.eye(3)
    a = p @ np.diag([1., 2., 5.]) @ np.linalg.inv(p)
    w, v = LA.eig(T(a))
    assert w.dtype is tl.float64 and v.dtype is tl.float64
    close(tl.tensor(np.sort(N(w))), [1., 2., 5.], tol=1e-8)
    close(tl.tensor(a @ N(v)), N(v) * N(w))
    close(tl.tensor(np.linalg.norm(N(v), axis=0)), np.ones(3))
    close(tl.tensor(np.sort(N(LA.eigvals(T(a))))), [1., 2., 5.], tol=1e-8)
    rotation = np.array([[0., -1.], [1., 0.]])
    with pytest.raises(NotImplementedError, match="not real"):
        LA.eig(T(rotation))
    with pytest.raises(NotImplementedError, match="not real"):
        LA.eigvals(T(rotation))
    with raises(RuntimeError, "linalg.eig: A must be batches of square matrices"):
        LA.eig(T(rand(2, 3)))


# ---- svd, qr ---------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(4, 3), (3, 5), (2, 3, 3), (2, 5, 2)])
def test_svd_shapes_and_reconstruction(shape):
    a = rand(*shape)
    m, n = shape[-2:]
    k = min(m, n)
    U, S, Vh = LA.svd(T(a))
    assert tuple(U.shape[-2:]) == (m, m) and tuple(Vh.shape[-2:]) == (n, n)
    U, S, Vh = LA.svd(Tt(a), full_matrices=False)
    assert tuple(U.shape[-2:]) == (m, k) and tuple(Vh.shape[-2:]) == (k, n)
    close(tl.tensor((N(U) * N(S)[..., None, :]) @ N(Vh)), a)
    close(S, np.linalg.svd(a, compute_uv=False))
    close(LA.svdvals(T(a)), np.linalg.svd(a, compute_uv=False))
    U, S, V = tl.svd(T(a))
    close(tl.tensor((N(U) * N(S)[..., None, :]) @ np.swapaxes(N(V), -1, -2)), a)
    U, S, V = T(a).svd(compute_uv=False)
    assert not N(U).any() and tuple(U.shape[-2:]) == (m, m) and tuple(V.shape[-2:]) == (n, n)


def test_svd_errors():
    with raises(D.LinAlgError, "linalg.svd: The algorithm failed to converge because the input "
                               "matrix contained non-finite values."):
        LA.svd(T([[math.nan, 1.], [1., 1.]]))
    with raises(RuntimeError, "torch.linalg.svd: keyword argument `driver=` is only supported on "
                              "CUDA inputs with cuSOLVER backend."):
        LA.svdvals(T(rand(2, 2)), driver="gesvd")
    with raises(NotImplementedError, "\"linalg_svd_cpu\" not implemented for 'Half'"):
        LA.svd(tl.eye(2, dtype=tl.float16))


@pytest.mark.parametrize("shape", [(4, 3), (3, 5), (2, 3, 3)])
@pytest.mark.parametrize("mode", ["reduced", "complete", "r"])
def test_qr_matches_numpy(shape, mode):
    a = rand(*shape)
    Q, R = LA.qr(Tt(a), mode=mode)
    if mode == "r":
        assert tuple(Q.shape) == (0,)
        close(R, np.linalg.qr(a, mode="r"))
    else:
        q, r = np.linalg.qr(a, mode=mode)
        close(Q, q)
        close(R, r)
    _l._warned.discard("qr")
    with pytest.warns(UserWarning, match="torch.qr is deprecated"):
        close(tl.qr(T(a)).R, np.linalg.qr(a)[1])
    with raises(RuntimeError, "qr received unrecognized mode 'x' but expected one of 'reduced' "
                              "(default), 'r', or 'complete'"):
        LA.qr(T(a), "x")


# ---- pinv, lstsq, matrix_rank --------------------------------------------------------------

def test_pinv_and_tolerances():
    a = rand(2, 5, 3)
    close(LA.pinv(T(a)), np.linalg.pinv(a))
    close(tl.pinverse(Tt(a)), np.linalg.pinv(a))
    s = a[0] @ a[0].T
    close(LA.pinv(T(s), hermitian=True), np.linalg.pinv(s, hermitian=True), tol=1e-8)
    d = np.diag([3., 1., 0.1])
    close(LA.pinv(T(d), atol=0.5), np.diag([1 / 3, 1., 0.]))
    close(LA.pinv(T(d), rtol=0.2), np.diag([1 / 3, 1., 0.]))
    close(LA.pinv(T(d), atol=0.05, rtol=0.5), np.diag([1 / 3, 0., 0.]))
    close(LA.pinv(T(np.zeros((2, 0, 3)))), np.zeros((2, 3, 0)))
    with raises(RuntimeError, "linalg.pinv(Long{[3, 3]}): expected a tensor with 2 or more "
                              "dimensions of float, double, cfloat or cdouble types"):
        LA.pinv(tl.eye(3, dtype=tl.int64))


@pytest.mark.parametrize("driver,shapes", [
    (None, [(3, 2), (0,), (), (0,)]),
    ("gelsy", [(3, 2), (0,), (), (0,)]),
    ("gels", [(3, 2), (2,), (0,), (0,)]),
    ("gelsd", [(3, 2), (2,), (), (3,)]),
    ("gelss", [(3, 2), (2,), (), (3,)]),
])
def test_lstsq_outputs_follow_the_driver(driver, shapes):
    a, b = rand(5, 3), rand(5, 2)
    r = LA.lstsq(T(a), T(b), driver=driver)
    assert r._fields == ("solution", "residuals", "rank", "singular_values")
    assert [tuple(t.shape) for t in r] == shapes
    x, res, rank, sv = np.linalg.lstsq(a, b, rcond=None)
    close(r.solution, x)
    assert r.rank.dtype is tl.int64
    if r.residuals.numel():
        close(r.residuals, res)
    if r.singular_values.numel():
        close(r.singular_values, sv)


def test_lstsq_batches_vectors_and_rank_deficiency():
    a, b = rand(2, 5, 3), rand(1, 5, 2)
    r = LA.lstsq(T(a), T(b))
    close(r.solution, np.stack([np.linalg.lstsq(a[i], b[0], rcond=None)[0] for i in range(2)]))
    assert tuple(r.rank.shape) == (2,)
    r = LA.lstsq(T(a), T(b[0, :, 0] * np.ones((2, 1))), driver="gelsd")
    assert tuple(r.solution.shape) == (2, 3) and tuple(r.residuals.shape) == (2, 1)
    low = rand(5, 2) @ rand(2, 3)
    r = LA.lstsq(T(low), T(b[0]), driver="gelsd")
    assert int(r.rank.item()) == 2 and r.residuals.numel() == 0
    close(r.solution, np.linalg.pinv(low) @ b[0], tol=1e-8)
    with raises(RuntimeError, "torch.linalg.lstsq: input.dim() must be greater or equal to "
                              "other.dim() and (input.dim() - other.dim()) <= 1"):
        LA.lstsq(T(rand(5, 3)), T(rand(2, 5, 2)))
    with raises(RuntimeError, "torch.linalg.lstsq: input.size(-2) should match other.size(-1)"):
        LA.lstsq(T(rand(5, 3)), T(rand(4)))


def test_matrix_rank():
    low = rand(2, 5, 2) @ rand(2, 2, 4)
    assert N(LA.matrix_rank(T(low))).tolist() == [2, 2]
    d = T(np.diag([3., 1., 0.1]))
    assert int(LA.matrix_rank(d).item()) == 3
    assert int(LA.matrix_rank(d, atol=0.5).item()) == 2
    assert int(LA.matrix_rank(d, 0.5).item()) == 2            # legacy tol: atol, rtol 0
    assert int(LA.matrix_rank(d, rtol=0.5).item()) == 1
    assert int(LA.matrix_rank(d, hermitian=True).item()) == 3
    assert LA.matrix_rank(d).dtype is tl.int64
    with raises(RuntimeError, "This function doesn't handle types other than float and double"):
        LA.matrix_rank(tl.eye(2, dtype=tl.int64))


# ---- norms, cond -----------------------------------------------------------------------------

@pytest.mark.parametrize("ord", ["fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf])
def test_matrix_norm_matches_numpy(ord):
    a = rand(2, 3, 4)
    close(LA.matrix_norm(T(a), ord), np.linalg.norm(a, ord, axis=(-2, -1)))
    close(LA.matrix_norm(Tt(a), ord, dim=(2, 0), keepdim=True),
          np.linalg.norm(a, ord, axis=(2, 0), keepdims=True))
    close(LA.norm(T(a[0]), ord), np.linalg.norm(a[0], ord))


@pytest.mark.parametrize("ord", [2, 1, 3, 0.5, 0, math.inf, -math.inf, -1])
def test_vector_norm_matches_numpy(ord):
    a = rand(2, 3, 4)
    close(LA.vector_norm(T(a), ord, dim=1), np.linalg.norm(a, ord, axis=1))
    close(LA.vector_norm(T(a), ord, dim=(0, 2), keepdim=True),
          (np.abs(a) ** ord).sum((0, 2), keepdims=True) ** (1 / ord)
          if ord not in (0, math.inf, -math.inf) else
          np.linalg.norm(np.moveaxis(a, 1, 0).reshape(3, -1), ord, axis=1).reshape(1, 3, 1))
    close(LA.norm(T(a[0, 0]), ord), np.linalg.norm(a[0, 0], ord))
    close(LA.norm(T(a)), np.linalg.norm(a.ravel()))
    assert LA.vector_norm(T(a.astype(np.float32)), dtype=tl.float64).dtype is tl.float64


def test_norm_errors():
    with raises(RuntimeError, "linalg.matrix_norm: Order 3 not supported."):
        LA.matrix_norm(T(rand(3, 3)), 3)
    with raises(RuntimeError, "linalg.matrix_norm: dims must be different. Got (0, 0)"):
        LA.matrix_norm(T(rand(3, 3)), dim=(0, -2))
    with raises(RuntimeError, "linalg.norm: If dim is not specified but ord is, the input must "
                              "be 1D or 2D. Got 3D."):
        LA.norm(T(rand(2, 2, 2)), 2)
    with raises(RuntimeError, "linalg.norm: If dim is specified, it must be of length 1 or 2. "
                              "Got [0, 1, 2]"):
        LA.norm(T(rand(2, 2, 2)), dim=(0, 1, 2))
    with raises(RuntimeError, "linalg.matrix_norm: Low precision dtypes not supported. Got Half"):
        LA.matrix_norm(tl.ones(2, 2, dtype=tl.float16), "nuc")
    assert LA.matrix_norm(tl.ones(2, 2, dtype=tl.float16), 1).dtype is tl.float16
    with pytest.raises(TypeError):
        LA.vector_norm(T(rand(3)), "fro")


@pytest.mark.parametrize("p", [None, 2, -2, 1, -1, math.inf, -math.inf, "fro", "nuc"])
def test_cond_matches_numpy(p):
    a = rand(2, 3, 3)
    close(LA.cond(T(a), p), np.linalg.cond(a, p), tol=1e-8)


def test_cond_special_inputs():
    assert N(LA.cond(T(SINGULAR), "fro")) == math.inf
    r = rand(3, 5)
    close(LA.cond(T(r)), np.linalg.cond(r))
    close(LA.cond(T(np.zeros((2, 0, 0)))), np.zeros(2))
    with raises(RuntimeError, "linalg.cond got an invalid norm type: 3"):
        LA.cond(T(rand(3, 3)), 3)
    with raises(RuntimeError, "linalg.cond(ord=1): A must be batches of square matrices, but "
                              "they are 2 by 3 matrices"):
        LA.cond(T(rand(2, 3)), 1)


def test_tensorinv_tensorsolve():
    a = rand(4, 6, 8, 3)
    inv = LA.tensorinv(T(a), ind=2)
    np.testing.assert_allclose(N(inv), np.linalg.tensorinv(a, ind=2), atol=1e-10)
    a, b = rand(2, 3, 6), rand(2, 3)
    close(LA.tensorsolve(T(a), T(b)), np.linalg.tensorsolve(a, b))


# ---- products: trace, diag_embed, diagflat, addr, cross, tensordot, kron, ... ---------------

def test_trace_diag_embed_diagflat():
    a = rand(3, 5)
    close(tl.trace(T(a)), np.trace(a))
    assert tl.trace(tl.ones(2, 2, dtype=tl.int32)).dtype is tl.int64
    assert tl.trace(tl.ones(2, 2, dtype=tl.float16)).dtype is tl.float16
    v = rand(2, 3)
    out = tl.diag_embed(T(v), offset=1, dim1=0, dim2=2)
    assert tuple(out.shape) == (4, 2, 4)
    for i in range(2):
        close(out[:, i, :], np.diag(v[i], 1))
    close(tl.diag_embed(T(v), -1), np.stack([np.diag(r, -1) for r in v]))
    close(tl.diagflat(T(v)), np.diagflat(v))
    close(T(v).diagflat(2), np.diagflat(v, 2))
    with raises(RuntimeError, "trace: expected a matrix, but got tensor with dim 1"):
        tl.trace(T(rand(3)))


def test_addr():
    x, a, b = rand(3, 2), rand(3), rand(2)
    close(tl.addr(T(x), T(a), T(b)), x + np.outer(a, b))
    close(tl.addr(T(x[:1]), T(a), T(b), beta=0.5, alpha=2), 0.5 * x[:1] + 2 * np.outer(a, b))
    close(tl.addr(T(np.full((3, 2), math.nan)), T(a), T(b), beta=0), np.outer(a, b))
    ints = tl.addr(tl.ones(2, 2, dtype=tl.int64), tl.ones(2, dtype=tl.int64),
                   tl.ones(2, dtype=tl.int64), beta=3, alpha=2)
    assert ints.dtype is tl.int64 and N(ints).tolist() == [[5, 5], [5, 5]]
    y = T(x)
    assert y.addr_(T(a), T(b)) is y
    close(y, x + np.outer(a, b))
    out = tl.empty(0, dtype=tl.float64)
    tl.addr(T(x), T(a), T(b), out=out)
    close(out, x + np.outer(a, b))
    with raises(RuntimeError, "For integral input tensors, argument beta must not be a floating "
                              "point number."):
        tl.addr(tl.ones(2, 2, dtype=tl.int64), tl.ones(2, dtype=tl.int64),
                tl.ones(2, dtype=tl.int64), beta=0.5)


def test_cross_tensordot_kron():
    a, b = rand(4, 3), rand(1, 3)
    close(LA.cross(T(a), T(b)), np.cross(a, b))
    close(LA.cross(Tt(a), T(b), dim=-1), np.cross(a, b))
    close(tl.cross(T(a.T.copy()), T(np.broadcast_to(b, (4, 3)).T.copy()), 0), np.cross(a, b).T)
    x, y = rand(2, 3, 4), rand(4, 3, 5)
    close(tl.tensordot(T(x), T(y), ([1, 2], [1, 0])), np.tensordot(x, y, ([1, 2], [1, 0])))
    z = rand(4, 5)
    close(tl.tensordot(T(x), Tt(z), 1), np.tensordot(x, z, 1))
    close(tl.tensordot(T(x), T(x), 3), np.tensordot(x, x, 3))
    close(tl.tensordot(T(x), T(y), dims=tl.tensor([[2], [0]])), np.tensordot(x, y, ([2], [0])))
    p, q = rand(2, 3), rand(4)
    close(tl.kron(T(p), T(q)), np.kron(p, q))
    close(tl.kron(T(q), T(x)), np.kron(q, x))
    assert tl.kron(tl.ones(2, dtype=tl.int64), tl.ones(2)).dtype is tl.float32


def test_matrix_power_multi_dot_vecdot():
    a = rand(2, 3, 3)
    for n in (0, 1, 2, 3, 6, 13, -1, -4):
        close(tl.matrix_power(T(a), n), np.linalg.matrix_power(a, n), tol=1e-8)
    ints = np.array([[1, 1], [1, 0]])
    assert N(T(ints).matrix_power(10)).tolist() == np.linalg.matrix_power(ints, 10).tolist()
    with pytest.raises(TypeError):
        tl.matrix_power(T(a), 2.0)
    mats = [rand(3), rand(3, 7), rand(7, 2), rand(2, 5), rand(5)]
    close(LA.multi_dot([T(m) for m in mats]), np.linalg.multi_dot(mats))
    close(LA.multi_dot([T(m) for m in mats[1:4]]), np.linalg.multi_dot(mats[1:4]))
    x, y = rand(2, 4), rand(4)
    close(LA.vecdot(T(x), T(y)), x @ y)
    close(LA.diagonal(T(a), offset=1), np.diagonal(a, 1, -2, -1))


def test_out_arguments():
    a = rand(3, 3)
    out = tl.empty(0, dtype=tl.float64)
    assert LA.inv(T(a), out=out) is out
    close(out, np.linalg.inv(a))
    outs = (tl.empty(0, dtype=tl.float64), tl.empty(0, dtype=tl.float64))
    r = LA.eigh(T(a + a.T), out=outs)
    assert r[0] is outs[0] and r._fields == ("eigenvalues", "eigenvectors")
    with raises(RuntimeError, "Expected out tensor to have dtype double, but got float instead"):
        LA.det(T(a), out=tl.empty(0))
