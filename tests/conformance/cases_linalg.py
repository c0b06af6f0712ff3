"""Linear algebra: trace, diag_embed, diagflat, addr, cross, tensordot, kron, matrix_power,
inverse/det/slogdet/logdet, solvers, cholesky, eigh/eig, svd, qr, pinv, lstsq, the norms,
cond, matrix_rank, multi_dot, and their errors.

Where a result is only defined up to sign or order (eigenvectors, singular vectors), the
case returns what is unique: absolute values, reconstructions, or sign- and order-free
combinations. Inputs to decompositions that read one triangle (eigh, cholesky) are
symmetrised inside the case, so that finite differences see what the formula assumes.
torch.linalg.eig returns complex tensors: its cases keep real parts of real invariants
(torchlike returns real tensors when every eigenvalue is real).
"""
import numpy as np

from harness import Case, Err, T, rand, spd

INF = float("inf")
SINGULAR = np.array([[1., 2., 3.], [2., 4., 6.], [1., 1., 1.]])
NOT_PD = np.array([[1., 2.], [2., 1.]])
INTS = np.array([[2, 1, 0], [1, 3, 1], [0, 1, 4]])
# real, well separated eigenvalues (1, 2, 4), so that small perturbations keep them real
_P = np.array([[1., 0.5, 0.2], [0.1, 1., 0.3], [0.2, -0.4, 1.]])
NONSYM = _P @ np.diag([1., 2., 4.]) @ np.linalg.inv(_P)
_W = np.eye(3) + 0.3 * rand(3, 3, seed=3)        # well-conditioned, for tolerant gradchecks


def _re(x):
    """The real part of torch's complex eig outputs (torchlike's are real already)."""
    return x.real if x.is_complex() else x


def _sym(a):
    return a + a.mT


def _eigh_unique(L, a, **kw):
    w, v = L.linalg.eigh(_sym(a), **kw)
    return w, v.abs()


def _svd_unique(r):
    U, S, Vh = r
    return S, U.abs(), Vh.abs(), (U * S.unsqueeze(-2)) @ Vh


def _eig_unique(L, a):
    """Power sums of the eigenvalues and sum_k f(l_k) v_k v_k^H: free of order and sign."""
    w, v = L.linalg.eig(a)
    sums = L.stack([_re(w.sum(-1)), _re((w * w).sum(-1)), _re((w * w * w).sum(-1))])
    proj = _re((v * (w * w).unsqueeze(-2)) @ v.mH)
    return sums, proj


def _pd(L, a):
    """A symmetric positive-definite matrix made of a (the cases' way to feed cholesky)."""
    return a @ a.mT + a.shape[-1] * L.eye(a.shape[-1], dtype=a.dtype)


def _grad(L, f, *xs):
    """Gradients of sum(f(*xs)) with create_graph: comparing their own gradients with
    torch's tests double backward."""
    xs = [x if x.requires_grad else x.detach().requires_grad_(True) for x in xs]
    return L.autograd.grad(f(*xs).sum(), xs, create_graph=True)


def _node_names(L, a, b, s):
    """The grad_fn names PyTorch gives the results (node classes as in PyTorch)."""
    a, b, s = (x.detach().requires_grad_(True) for x in (a, b, s))
    outs = [L.trace(a), L.diag_embed(b[:, 0]), L.diagflat(b), L.addr(a, b[:, 0], b[:, 0]),
            L.linalg.cross(a, a), L.inverse(a), L.linalg.inv_ex(a)[0], L.det(a),
            L.slogdet(a)[1], L.linalg.pinv(a), L.linalg.svd(a)[0], L.linalg.svdvals(a),
            L.linalg.qr(a)[0], L.linalg.eigh(s)[1], L.linalg.eigvalsh(s),
            L.linalg.cholesky(s), L.cholesky(s), L.cholesky_solve(b, s), L.linalg.solve(a, b),
            L.linalg.solve_triangular(a, b, upper=True), L.triangular_solve(b, a)[1],
            L.linalg.lstsq(a, b)[0], L.linalg.vector_norm(a), L.linalg.matrix_norm(a),
            L.linalg.eig(s)[0], L.linalg.matrix_power(a, 2)]
    return [o.grad_fn.name() for o in outs]


CASES = [
    Case("grad_fn_names", _node_names, rand(3, 3), rand(3, 2), spd(3)),
    # ---- double backward: the gradients of the gradients, against torch's
    Case("inv_double_backward", lambda L, a: _grad(L, lambda x: L.linalg.inv(x), a)[0], _W,
         gradcheck=False),
    Case("qr_double_backward", lambda L, a: _grad(L, lambda x: L.linalg.qr(x).R.triu(), a)[0],
         rand(4, 3), gradcheck=False),
    Case("eigh_vectors_double_backward",
         lambda L, a: _grad(L, lambda x: L.linalg.eigh(_sym(x))[1].abs(), a)[0], rand(3, 3),
         gradcheck=False),
    Case("svd_vectors_double_backward",
         lambda L, a: _grad(L, lambda x: L.linalg.svd(x, full_matrices=False)[0].abs(), a)[0],
         rand(4, 3), gradcheck=False),
    Case("pinv_double_backward", lambda L, a: _grad(L, lambda x: L.linalg.pinv(x), a)[0],
         rand(3, 4), gradcheck=False),
    Case("lstsq_double_backward",
         lambda L, a, b: _grad(L, lambda x, y: L.linalg.lstsq(x, y).solution, a, b),
         rand(5, 3), rand(5, 2), gradcheck=False),
    Case("solve_triangular_double_backward",
         lambda L, a, b: _grad(L, lambda x, y: L.linalg.solve_triangular(x, y, upper=False),
                               a, b), _W, rand(3, 2), gradcheck=False),
    Case("cholesky_solve_double_backward",
         lambda L, b, a: _grad(L, lambda x, y: L.cholesky_solve(x, L.linalg.cholesky(_pd(L, y))),
                               b, a), rand(3, 2), rand(3, 3), gradcheck=False),
    Case("vector_norm_double_backward",
         lambda L, a: _grad(L, lambda x: L.linalg.vector_norm(x, 3, dim=0), a)[0], rand(3, 2),
         gradcheck=False),
    Case("matrix_norm_nuc_double_backward",
         lambda L, a: _grad(L, lambda x: L.linalg.matrix_norm(x, "nuc"), a)[0], rand(3, 3),
         gradcheck=False),
    Case("cross_double_backward",
         lambda L, a, b: _grad(L, lambda x, y: L.linalg.cross(x, y) ** 2, a, b), rand(2, 3),
         rand(2, 3), gradcheck=False),
    Case("eig_double_backward",
         lambda L, a: _grad(L, lambda x: _re(L.linalg.eigvals(x)) ** 2, a)[0], NONSYM,
         gradcheck=False),

    # ---- trace, diag_embed, diagflat
    Case("trace", lambda L, a: L.trace(a), rand(3, 3)),
    Case("trace_rect_T", lambda L, a: a.trace(), T(rand(3, 5))),
    Case("trace_int", lambda L, a: L.trace(a), INTS.astype("int32")),
    Case("trace_f32", lambda L, a: L.trace(a), rand(4, 4, dtype="float32")),
    Case("diag_embed", lambda L, a: L.diag_embed(a), rand(2, 3)),
    Case("diag_embed_offset_dims", lambda L, a: L.diag_embed(a, -1, 0, 2), rand(2, 3)),
    Case("diag_embed_method", lambda L, a: a.diag_embed(offset=2, dim1=-1, dim2=0), T(rand(3, 2))),
    Case("diag_embed_int", lambda L, a: L.diag_embed(a), INTS),
    Case("diagflat", lambda L, a: L.diagflat(a), rand(2, 2)),
    Case("diagflat_offset", lambda L, a: a.diagflat(-2), rand(3)),
    Case("diagflat_0d", lambda L, a: L.diagflat(a, 1), np.array(2.5)),
    Err("trace_3d", lambda L, a: L.trace(a), rand(2, 2, 2),
        match="trace: expected a matrix, but got tensor with dim 3"),
    Err("trace_bool", lambda L, a: L.trace(a), np.ones((2, 2), bool), exc=NotImplementedError,
        match="\"trace\" not implemented for 'Bool'"),
    Err("diag_embed_same_dims", lambda L, a: L.diag_embed(a, 0, 1, 1), rand(2, 3),
        match="diagonal dimensions cannot be identical 1, 1"),

    # ---- addr
    Case("addr", lambda L, x, a, b: L.addr(x, a, b), rand(3, 2), rand(3), rand(2)),
    Case("addr_scaled_bcast", lambda L, x, a, b: L.addr(x, a, b, beta=0.5, alpha=-2),
         rand(1, 2), rand(3), rand(2)),
    Case("addr_beta0_nan", lambda L, x, a, b: L.addr(x, a, b, beta=0),
         np.full((2, 2), np.nan), rand(2), rand(2)),
    Case("addr_int", lambda L, x, a, b: L.addr(x, a, b, beta=3, alpha=2),
         INTS[:2, :2], INTS[0, :2], INTS[1, :2]),
    Case("addr_promote", lambda L, x, a, b: L.addr(x, a, b), INTS[:2, :2], rand(2), rand(2)),
    Case("addr_bool", lambda L, x, a, b: L.addr(x, a, b), np.array([[True, False]] * 2),
         np.array([True, False]), np.array([False, True])),
    Case("addr_", lambda L, x, a, b: x.clone().addr_(a, b, alpha=2), rand(3, 2), rand(3), rand(2)),
    Err("addr_2d_vec", lambda L, x, a, b: L.addr(x, a, b), rand(2, 2), rand(2, 2), rand(2),
        match="addr: Expected 1-D argument vec1, but got 2-D"),
    Err("addr_int_float_alpha", lambda L, x, a, b: L.addr(x, a, b, alpha=2.5),
        INTS[:2, :2], INTS[0, :2], INTS[1, :2],
        match="For integral input tensors, argument alpha must not be a floating point number."),
    Err("addr_bad_input", lambda L, x, a, b: L.addr(x, a, b), rand(4), rand(3), rand(2),
        match="The expanded size of the tensor (2) must match the existing size (4)"),
    Err("addr__size", lambda L, x, a, b: x.addr_(a, b), rand(2, 2), rand(3), rand(2),
        match="size mismatch, input: [2, 2], v1: [3], v2: [2]"),

    # ---- cross
    Case("linalg_cross", lambda L, a, b: L.linalg.cross(a, b), rand(4, 3), rand(4, 3)),
    Case("linalg_cross_bcast", lambda L, a, b: L.linalg.cross(a, b), rand(1, 3), rand(2, 3)),
    Case("linalg_cross_dim0_T", lambda L, a, b: L.linalg.cross(a, b, dim=0), T(rand(3, 2)),
         rand(3, 2)),
    Case("cross_dim", lambda L, a, b: L.cross(a, b, dim=1), rand(2, 3, 4), rand(2, 3, 4)),
    Case("cross_method", lambda L, a, b: a.cross(b, 0), rand(3, 2), rand(3, 2)),
    Case("cross_int", lambda L, a, b: L.linalg.cross(a, b), INTS, INTS.T.copy()),
    Err("linalg_cross_len", lambda L, a, b: L.linalg.cross(a, b), rand(3, 2), rand(3, 2),
        match="linalg.cross: inputs dimension -1 must have length 3. Got 2 and 2"),
    Err("linalg_cross_dtype", lambda L, a, b: L.linalg.cross(a, b), rand(3),
        rand(3, dtype="float32"), match="expected scalar type Double but found Float"),
    Err("cross_no_dim_of_3", lambda L, a, b: L.cross(a, b), rand(2, 2), rand(2, 2),
        match="no dimension of size 3 in input"),

    # ---- tensordot, kron
    Case("tensordot_int_dims", lambda L, a, b: L.tensordot(a, b), rand(2, 3, 4), rand(3, 4, 5)),
    Case("tensordot_lists", lambda L, a, b: L.tensordot(a, b, dims=([1, 0], [0, 2])),
         rand(2, 3, 4), rand(3, 5, 2)),
    Case("tensordot_outer", lambda L, a, b: L.tensordot(a, b, 0), rand(2, 3), T(rand(2, 2))),
    Case("tensordot_int", lambda L, a, b: L.tensordot(a, b, 1), INTS, INTS),
    Case("kron", lambda L, a, b: L.kron(a, b), rand(2, 3), rand(4, 2)),
    Case("kron_ranks", lambda L, a, b: L.kron(a, b), rand(2), rand(2, 3, 2)),
    Case("kron_promote", lambda L, a, b: a.kron(b), INTS, rand(2, dtype="float32")),
    Err("tensordot_sizes", lambda L, a, b: L.tensordot(a, b, 1), rand(2, 3), rand(4, 5),
        match="contracted dimensions need to match, but first has size 3 in dim -1 and second "
              "has size 4 in dim 0"),
    Err("tensordot_negative", lambda L, a, b: L.tensordot(a, b, -1), rand(2, 3), rand(3, 2),
        match="tensordot expects dims >= 0, but got dims=-1"),
    Err("tensordot_dtype", lambda L, a, b: L.tensordot(a, b, 1), rand(2, 3),
        rand(3, 2, dtype="float32"), match="both inputs should have same dtype"),
    Err("tensordot_lengths", lambda L, a, b: L.tensordot(a, b, ([0, 1], [0])), rand(2, 3),
        rand(2, 4), match="both dimension lists should have same length"),

    # ---- matrix_power, multi_dot, vecdot, diagonal
    Case("matrix_power_5", lambda L, a: L.matrix_power(a, 5), 0.5 * rand(3, 3)),
    Case("matrix_power_batch_T", lambda L, a: a.matrix_power(2), T(rand(2, 3, 3))),
    Case("matrix_power_0", lambda L, a: L.linalg.matrix_power(a, 0), rand(2, 3, 3)),
    Case("matrix_power_neg", lambda L, a: L.matrix_power(a, -2), _W),
    Case("matrix_power_int", lambda L, a: L.matrix_power(a, 3), INTS),
    Case("multi_dot", lambda L, a, b, c, d: L.linalg.multi_dot([a, b, c, d]),
         rand(2, 5), rand(5, 3), T(rand(3, 4)), rand(4, 6)),
    Case("multi_dot_vectors", lambda L, a, b, c: L.linalg.multi_dot([a, b, c]),
         rand(3), rand(3, 4), rand(4)),
    Case("vecdot", lambda L, a, b: L.linalg.vecdot(a, b), rand(2, 4), rand(4)),
    Case("vecdot_dim", lambda L, a, b: L.linalg.vecdot(a, b, dim=0), T(rand(3, 2)), rand(3, 1)),
    Case("linalg_diagonal", lambda L, a: L.linalg.diagonal(a, offset=1), rand(2, 3, 4)),
    Case("linalg_matmul", lambda L, a, b: L.linalg.matmul(a, b), rand(2, 3, 4), rand(4)),
    Err("matrix_power_rect", lambda L, a: L.matrix_power(a, 2), rand(2, 3),
        match="linalg.matrix_power: A must be batches of square matrices, but they are 2 by 3 "
              "matrices"),
    Err("matrix_power_int_neg", lambda L, a: L.matrix_power(a, -1), INTS,
        match="linalg.inv: Expected a floating point or complex tensor as input. Got Long"),
    Err("multi_dot_one", lambda L, a: L.linalg.multi_dot([a]), rand(2, 2),
        match="multi_dot(): expected at least 2 tensors but got 1"),
    Err("multi_dot_3d", lambda L, a, b: L.linalg.multi_dot([a, b]), rand(2, 2), rand(2, 2, 2),
        match="multi_dot(): the last tensor must be 1D or 2D but got 3D"),
    Err("multi_dot_shapes", lambda L, a, b: L.linalg.multi_dot([a, b]), rand(2, 3), rand(4, 5),
        match="multi_dot(): tensors 0 and 1 with shapes [2, 3] and [4, 5] cannot be multiplied"),
    Err("vecdot_int", lambda L, a, b: L.linalg.vecdot(a, b), INTS, INTS,
        match="linalg.vecdot: Expected a floating point or complex tensor as input. Got Long"),

    # ---- inverse, det, slogdet, logdet
    Case("inv", lambda L, a: L.linalg.inv(a), rand(3, 3)),
    Case("inv_batch_T", lambda L, a: L.linalg.inv(a), T(rand(2, 4, 4))),
    Case("inverse", lambda L, a: L.inverse(a), rand(3, 3)),
    Case("inverse_method_f32", lambda L, a: a.inverse(), _W.astype("float32"), rtol=1e-4,
         atol=1e-5),
    Case("inv_ex", lambda L, a: L.linalg.inv_ex(a), rand(2, 3, 3)),
    Case("inv_ex_singular_info", lambda L, a: L.linalg.inv_ex(a).info,
         np.stack([np.eye(3), SINGULAR, np.zeros((3, 3))])),
    Case("inv_empty", lambda L, a: L.linalg.inv(a), np.zeros((2, 0, 0))),
    Case("det", lambda L, a: L.linalg.det(a), rand(3, 3)),
    Case("det_batch_method", lambda L, a: a.det(), T(rand(2, 4, 4))),
    Case("det_singular_value", lambda L, a: L.det(a), SINGULAR, grad=False),
    Case("det_singular_double_backward",
         lambda L, a: _grad(L, lambda x: L.det(x), a)[0], SINGULAR, gradcheck=False),
    Case("det_double_backward", lambda L, a: _grad(L, lambda x: L.linalg.det(x), a)[0],
         rand(3, 3), gradcheck=False),
    Case("det_empty", lambda L, a: L.linalg.det(a), np.zeros((2, 0, 0)), grad=False),
    Case("slogdet", lambda L, a: L.slogdet(a), rand(3, 3)),
    Case("slogdet_batch", lambda L, a: L.linalg.slogdet(a), rand(2, 3, 3)),
    Case("slogdet_singular", lambda L, a: L.linalg.slogdet(a), np.zeros((2, 2)), grad=False),
    Case("logdet", lambda L, a: L.logdet(a), spd(3)),
    Case("logdet_negative", lambda L, a: a.logdet(), np.array([[0., 1.], [1., 0.]]), grad=False),
    Case("logdet_double_backward", lambda L, a: _grad(L, lambda x: L.logdet(x), a)[0], spd(3),
         gradcheck=False),
    Err("inv_rect", lambda L, a: L.linalg.inv(a), rand(3, 4),
        match="linalg.inv: A must be batches of square matrices, but they are 3 by 4 matrices"),
    Err("inv_1d", lambda L, a: L.linalg.inv(a), rand(3),
        match="linalg.inv: The input tensor A must have at least 2 dimensions."),
    Err("inv_int", lambda L, a: L.linalg.inv(a), INTS,
        match="linalg.inv: Expected a floating point or complex tensor as input. Got Long"),
    Err("inverse_int", lambda L, a: L.inverse(a), INTS,
        match="linalg.inv: Expected a floating point or complex tensor as input. Got Long"),
    Err("inv_half", lambda L, a: L.linalg.inv(a), np.eye(2, dtype="float16"),
        match="linalg.inv: Low precision dtypes not supported. Got Half"),
    Err("inv_singular", lambda L, a: L.linalg.inv(a), SINGULAR,
        match="linalg.inv: The diagonal element 3 is zero, the inversion could not be completed "
              "because the input matrix is singular."),
    Err("inv_singular_2", lambda L, a: L.linalg.inv(a), np.array([[1., 2.], [2., 4.]]),
        match="linalg.inv: The diagonal element 2 is zero"),
    Err("inv_singular_batch", lambda L, a: L.inverse(a), np.stack([np.eye(3), SINGULAR]),
        match="linalg.inv: (Batch element 1): The diagonal element 3 is zero"),
    Err("inv_ex_check_errors", lambda L, a: L.linalg.inv_ex(a, check_errors=True),
        np.zeros((2, 2)), match="linalg.inv_ex: The diagonal element 1 is zero"),
    Err("det_rect", lambda L, a: L.det(a), rand(3, 4),
        match="linalg.det: A must be batches of square matrices, but they are 3 by 4 matrices"),
    Err("det_int", lambda L, a: L.linalg.det(a), INTS,
        match="linalg.det: Expected a floating point or complex tensor as input. Got Long"),
    Err("det_half", lambda L, a: L.linalg.det(a), np.eye(2, dtype="float16"),
        exc=NotImplementedError, match="\"lu_cpu\" not implemented for 'Half'"),
    Err("slogdet_rect", lambda L, a: L.slogdet(a), rand(3, 4),
        match="linalg.slogdet: A must be batches of square matrices, but they are 3 by 4 "
              "matrices"),
    Err("logdet_int", lambda L, a: L.logdet(a), INTS,
        match="logdet: Expected a floating point or complex tensor as input. Got Long"),

    # ---- solve, solve_triangular, triangular_solve, cholesky_solve
    Case("solve", lambda L, a, b: L.linalg.solve(a, b), rand(3, 3), rand(3, 2)),
    Case("solve_vector", lambda L, a, b: L.linalg.solve(a, b), rand(3, 3), rand(3)),
    Case("solve_batch_vectors", lambda L, a, b: L.linalg.solve(a, b), rand(2, 3, 3), rand(2, 3)),
    Case("solve_broadcast", lambda L, a, b: L.linalg.solve(a, b), T(rand(2, 1, 3, 3)),
         rand(4, 3, 2)),
    Case("solve_vector_broadcast", lambda L, a, b: L.linalg.solve(a, b), rand(2, 3, 3), rand(3)),
    Case("solve_right", lambda L, a, b: L.linalg.solve(a, b, left=False), rand(3, 3),
         rand(2, 4, 3)),
    Case("solve_ex", lambda L, a, b: L.linalg.solve_ex(a, b), rand(3, 3), rand(3, 2)),
    Case("solve_double_backward",
         lambda L, a, b: _grad(L, lambda x, y: L.linalg.solve(x, y), a, b), _W, rand(3, 2),
         gradcheck=False),
    Case("solve_triangular_upper", lambda L, a, b: L.linalg.solve_triangular(a, b, upper=True),
         _W, rand(3, 2)),
    Case("solve_triangular_lower_right",
         lambda L, a, b: L.linalg.solve_triangular(a, b, upper=False, left=False),
         T(_W), rand(2, 4, 3)),
    Case("solve_triangular_unit",
         lambda L, a, b: L.linalg.solve_triangular(a, b, upper=False, unitriangular=True),
         rand(2, 3, 3), rand(3, 1)),
    Case("triangular_solve", lambda L, b, a: L.triangular_solve(b, a), rand(3, 2), _W),
    Case("triangular_solve_lower_T",
         lambda L, b, a: L.triangular_solve(b, a, upper=False, transpose=True), rand(2, 3, 2),
         T(_W)),
    Case("triangular_solve_unit_method",
         lambda L, b, a: b.triangular_solve(a, False, False, True), rand(3, 4), rand(3, 3)),
    Case("triangular_solve_zero_diag", lambda L, b, a: L.triangular_solve(b, a).solution,
         rand(2, 1), np.array([[1., 2.], [0., 0.]]), grad=False),
    # the factors are made inside the cases: the solvers read one triangle of them only
    Case("cholesky_solve", lambda L, b, a: L.cholesky_solve(b, L.linalg.cholesky(_pd(L, a))),
         rand(3, 2), rand(3, 3)),
    Case("cholesky_solve_upper_bcast",
         lambda L, b, a: b.cholesky_solve(L.linalg.cholesky(_pd(L, a), upper=True), True),
         rand(2, 3, 2), rand(3, 3)),
    Case("cholesky_solve_given_factor", lambda L, b, l: L.cholesky_solve(b, l), rand(3, 2),
         np.linalg.cholesky(spd(3)), gradcheck=False),
    Case("cholesky_inverse", lambda L, a: L.cholesky_inverse(L.linalg.cholesky(_pd(L, a))),
         rand(3, 3)),
    Err("solve_singular", lambda L, a, b: L.linalg.solve(a, b), SINGULAR, rand(3),
        match="torch.linalg.solve: The solver failed because the input matrix is singular."),
    Err("solve_singular_batch", lambda L, a, b: L.linalg.solve(a, b),
        np.stack([np.eye(3), SINGULAR]), rand(3),
        match="torch.linalg.solve: (Batch element 1): The solver failed"),
    Err("solve_shapes", lambda L, a, b: L.linalg.solve(a, b), rand(3, 3), rand(4, 2),
        match="linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 4x2)"),
    Err("solve_dtypes", lambda L, a, b: L.linalg.solve(a, b), rand(3, 3),
        rand(3, 2, dtype="float32"),
        match="linalg.solve: Expected A and B to have the same dtype, but found A of type Double "
              "and B of type Float instead"),
    Err("solve_rect", lambda L, a, b: L.linalg.solve(a, b), rand(3, 4), rand(3),
        match="linalg.solve: A must be batches of square matrices, but they are 3 by 4 matrices"),
    Err("solve_ex_check_errors", lambda L, a, b: L.linalg.solve_ex(a, b, check_errors=True),
        SINGULAR, rand(3), match="torch.linalg.solve_ex: The solver failed"),
    Err("solve_triangular_1d_b", lambda L, a, b: L.linalg.solve_triangular(a, b, upper=True),
        rand(3, 3), rand(3),
        match="linalg.solve_triangular: The input tensor B must have at least 2 dimensions."),
    Err("solve_triangular_int", lambda L, a, b: L.linalg.solve_triangular(a, b, upper=True),
        INTS, INTS, exc=NotImplementedError,
        match="\"triangular_solve_cpu\" not implemented for 'Long'"),
    Err("triangular_solve_1d", lambda L, b, a: L.triangular_solve(b, a), rand(3), rand(3, 3),
        match="torch.triangular_solve: Expected b to have at least 2 dimensions, but it has 1 "
              "dimensions instead"),
    Err("triangular_solve_sizes", lambda L, b, a: L.triangular_solve(b, a), rand(2, 2),
        rand(3, 3), match="Incompatible matrix sizes for triangular_solve: each A matrix is 3 by "
                          "3 but each b matrix is 2 by 2"),
    Err("cholesky_solve_dtypes", lambda L, b, a: L.cholesky_solve(b, a), rand(3, 2),
        rand(3, 3, dtype="float32"),
        match="Expected b and A to have the same dtype, but found b of type Double and A of type "
              "Float instead."),
    Err("cholesky_solve_1d", lambda L, b, a: L.cholesky_solve(b, a), rand(3), rand(3, 3),
        match="b should have at least 2 dimensions, but has 1 dimensions instead"),

    # ---- cholesky
    Case("cholesky", lambda L, a: L.linalg.cholesky(a @ a.mT + 3 * L.eye(3, dtype=a.dtype)),
         rand(3, 3)),
    Case("cholesky_upper_batch",
         lambda L, a: L.linalg.cholesky(a @ a.mT + 3 * L.eye(3, dtype=a.dtype), upper=True),
         T(rand(2, 3, 3))),
    Case("cholesky_ex", lambda L, a: L.linalg.cholesky_ex(_pd(L, a)), rand(2, 3, 3)),
    Case("cholesky_ex_given", lambda L, a: L.linalg.cholesky_ex(a), spd(3), gradcheck=False),
    Case("cholesky_ex_info", lambda L, a: L.linalg.cholesky_ex(a).info,
         np.stack([np.eye(2), NOT_PD, np.full((2, 2), np.nan)])),
    Case("cholesky_old", lambda L, a: L.cholesky(a @ a.mT + 3 * L.eye(3, dtype=a.dtype)),
         rand(3, 3)),
    Case("cholesky_old_upper",
         lambda L, a: a.matmul(a.mT).add(L.eye(3, dtype=a.dtype)).cholesky(upper=True),
         rand(3, 3)),
    Case("cholesky_upper_reads_upper", lambda L, a: L.linalg.cholesky(a, upper=True),
         np.array([[4., 2.], [100., 3.]]), grad=False),
    Case("cholesky_double_backward",
         lambda L, a: _grad(L, lambda x: L.linalg.cholesky(x @ x.mT + L.eye(3, dtype=x.dtype)),
                            a)[0], rand(3, 3), gradcheck=False),
    Err("cholesky_not_pd", lambda L, a: L.linalg.cholesky(a), NOT_PD,
        match="linalg.cholesky: The factorization could not be completed because the input is "
              "not positive-definite (the leading minor of order 2 is not positive-definite)."),
    Err("cholesky_not_pd_batch", lambda L, a: L.linalg.cholesky(a), np.stack([np.eye(2), NOT_PD]),
        match="linalg.cholesky: (Batch element 1): The factorization could not be completed"),
    Err("cholesky_old_not_pd", lambda L, a: L.cholesky(a), NOT_PD,
        match="cholesky: The factorization could not be completed because the input is not "
              "positive-definite (the leading minor of order 2"),
    Err("cholesky_nan", lambda L, a: L.linalg.cholesky(a), np.array([[np.nan, 1.], [1., 1.]]),
        match="(the leading minor of order 1 is not positive-definite)"),
    Err("cholesky_rect", lambda L, a: L.linalg.cholesky(a), rand(2, 3),
        match="linalg.cholesky: A must be batches of square matrices, but they are 2 by 3 "
              "matrices"),
    Err("cholesky_int", lambda L, a: L.linalg.cholesky(a), INTS,
        match="linalg.cholesky: Expected a floating point or complex tensor as input. Got Long"),
    Err("cholesky_ex_check_errors", lambda L, a: L.linalg.cholesky_ex(a, check_errors=True),
        NOT_PD, match="linalg.cholesky_ex: The factorization could not be completed"),

    # ---- eigh, eigvalsh, eig, eigvals
    Case("eigh", _eigh_unique, rand(3, 3)),
    Case("eigh_batch_upper_T", lambda L, a: _eigh_unique(L, a, UPLO="U"), T(rand(2, 4, 4))),
    Case("eigh_reads_lower", lambda L, a: L.linalg.eigh(a).eigenvalues, rand(3, 3), grad=False),
    Case("eigh_reads_upper", lambda L, a: L.linalg.eigh(a, UPLO="U").eigenvalues, rand(3, 3),
         grad=False),
    Case("eigh_reconstruct", lambda L, a: (lambda w, v: (v * w.unsqueeze(-2)) @ v.mT)(
        *L.linalg.eigh(_sym(a))), rand(3, 3)),
    Case("eigvalsh", lambda L, a: L.linalg.eigvalsh(_sym(a)), rand(2, 3, 3)),
    Case("eigvalsh_upper", lambda L, a: L.linalg.eigvalsh(_sym(a), "U"), rand(4, 4)),
    Case("eigh_double_backward",
         lambda L, a: _grad(L, lambda x: L.linalg.eigvalsh(_sym(x))[..., -1], a)[0],
         rand(3, 3), gradcheck=False),
    Case("eig", _eig_unique, NONSYM),
    Case("eig_batch", _eig_unique, np.stack([NONSYM, _sym(rand(3, 3))])),
    Case("eigvals", lambda L, a: _re(L.linalg.eigvals(a).sum()), NONSYM),
    Err("eigh_rect", lambda L, a: L.linalg.eigh(a), rand(2, 3),
        match="linalg.eigh: A must be batches of square matrices, but they are 2 by 3 matrices"),
    Err("eigh_int", lambda L, a: L.linalg.eigh(a), INTS, exc=NotImplementedError,
        match="\"linalg_eigh_cpu\" not implemented for 'Long'"),
    Err("eigh_uplo", lambda L, a: L.linalg.eigh(a, UPLO="X"), rand(3, 3),
        match="Expected UPLO argument to be 'L' or 'U', but got X"),
    Err("eig_rect", lambda L, a: L.linalg.eig(a), rand(2, 3),
        match="linalg.eig: A must be batches of square matrices, but they are 2 by 3 matrices"),

    # ---- svd, svdvals
    Case("linalg_svd", lambda L, a: _svd_unique(L.linalg.svd(a, full_matrices=False)),
         rand(4, 3)),
    Case("linalg_svd_wide_batch_T",
         lambda L, a: _svd_unique(L.linalg.svd(a, full_matrices=False)), T(rand(2, 5, 3))),
    Case("linalg_svd_full",
         lambda L, a: (lambda U, S, Vh: (S, U[..., :, :3].abs(), Vh.abs(), U.shape, Vh.shape))(
             *L.linalg.svd(a)), rand(5, 3)),
    Case("svd_old", lambda L, a: (lambda U, S, V: (S, U.abs(), V.abs(), (U * S) @ V.mT))(
        *L.svd(a)), rand(3, 4)),
    Case("svd_old_some_false", lambda L, a: (lambda U, S, V: (S, U.shape, V.shape))(
        *a.svd(some=False)), rand(4, 3)),
    Case("svd_old_no_uv", lambda L, a: L.svd(a, compute_uv=False), rand(2, 4, 3)),
    Case("svdvals", lambda L, a: L.linalg.svdvals(a), rand(2, 3, 5)),
    Case("svdvals_double_backward",
         lambda L, a: _grad(L, lambda x: L.linalg.svdvals(x)[..., 0], a)[0], rand(3, 3),
         gradcheck=False),
    Err("svd_int", lambda L, a: L.linalg.svd(a), INTS,
        match="linalg.svd: Expected a floating point or complex tensor as input. Got Long"),
    Err("svd_1d", lambda L, a: L.linalg.svdvals(a), rand(3),
        match="linalg.svd: The input tensor A must have at least 2 dimensions."),
    Err("svd_nan", lambda L, a: L.linalg.svd(a), np.array([[np.nan, 1.], [1., 1.]]),
        match="linalg.svd: The algorithm failed to converge because the input matrix contained "
              "non-finite values."),
    Err("svd_driver", lambda L, a: L.linalg.svd(a, driver="gesvd"), rand(3, 3),
        match="torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs"),

    # ---- qr
    Case("linalg_qr", lambda L, a: L.linalg.qr(a), rand(4, 3)),
    Case("linalg_qr_wide_batch", lambda L, a: L.linalg.qr(a), T(rand(2, 5, 3))),
    Case("linalg_qr_complete_wide", lambda L, a: L.linalg.qr(a, mode="complete"), rand(3, 5)),
    Case("linalg_qr_complete_tall", lambda L, a: L.linalg.qr(a, "complete"), rand(4, 3),
         grad=False),
    Case("linalg_qr_r", lambda L, a: L.linalg.qr(a, mode="r"), rand(4, 3), grad=False),
    Case("linalg_qr_r_empty", lambda L, a: L.linalg.qr(a, mode="r"), rand(3, 0), grad=False),
    Case("qr_old", lambda L, a: L.qr(a), rand(3, 3)),
    Case("qr_old_some_false", lambda L, a: a.qr(some=False), rand(4, 2), grad=False),
    Err("qr_mode", lambda L, a: L.linalg.qr(a, mode="foo"), rand(3, 3),
        match="qr received unrecognized mode 'foo' but expected one of 'reduced' (default), "
              "'r', or 'complete'"),
    Err("qr_int", lambda L, a: L.linalg.qr(a), INTS,
        match="linalg.qr: Expected a floating point or complex tensor as input. Got Long"),

    # ---- pinv, pinverse, lstsq, matrix_rank
    Case("pinv", lambda L, a: L.linalg.pinv(a), rand(4, 3)),
    Case("pinv_wide_batch", lambda L, a: L.linalg.pinv(a), T(rand(2, 5, 3))),
    Case("pinv_hermitian", lambda L, a: L.linalg.pinv(_sym(a), hermitian=True), rand(3, 3)),
    Case("pinv_rank_deficient", lambda L, a: L.linalg.pinv(a @ a[..., :2, :]), rand(4, 2),
         grad=False),
    # a cut-off singular value: the formula differentiates the full pseudo-inverse, as torch
    Case("pinv_rcond", lambda L, a: L.linalg.pinv(a, 0.5), np.diag([3., 1., 0.1]),
         gradcheck=False),
    Case("pinv_atol_rtol", lambda L, a: L.linalg.pinv(a, atol=0.2, rtol=0.0),
         np.diag([3., 1., 0.1]), gradcheck=False),
    Case("pinverse", lambda L, a: L.pinverse(a), rand(3, 4)),
    Case("lstsq", lambda L, a, b: L.linalg.lstsq(a, b), rand(5, 3), rand(5, 2)),
    Case("lstsq_batch_bcast", lambda L, a, b: L.linalg.lstsq(a, b), rand(2, 5, 3), rand(1, 5, 2)),
    Case("lstsq_vector", lambda L, a, b: L.linalg.lstsq(a, b), rand(5, 3), rand(5)),
    Case("lstsq_batch_vectors", lambda L, a, b: L.linalg.lstsq(a, b), rand(2, 5, 3), rand(2, 5)),
    Case("lstsq_wide", lambda L, a, b: L.linalg.lstsq(a, b).solution, rand(3, 5), rand(3, 2)),
    # singular_values carry no gradient (in torch neither): finite differences skipped
    Case("lstsq_gelsd", lambda L, a, b: L.linalg.lstsq(a, b, driver="gelsd"), rand(5, 3),
         rand(5, 2), gradcheck=False),
    Case("lstsq_gelsd_residuals", lambda L, a, b: L.linalg.lstsq(a, b, driver="gelsd")[:2],
         rand(2, 5, 3), rand(2, 5, 2)),
    Case("lstsq_gelss_vector", lambda L, a, b: L.linalg.lstsq(a, b, driver="gelss")[:2],
         rand(5, 3), rand(5)),
    Case("lstsq_gels", lambda L, a, b: L.linalg.lstsq(a, b, driver="gels"), rand(2, 5, 3),
         rand(2, 5, 2)),
    Case("lstsq_rank_deficient", lambda L, a, b: L.linalg.lstsq(a @ a[:2], b),
         rand(5, 2), rand(5, 2), grad=False),
    Case("lstsq_f32", lambda L, a, b: L.linalg.lstsq(a, b), _W[:, :2].astype("float32"),
         rand(3, 2, dtype="float32"), rtol=1e-4, atol=1e-5),
    Case("matrix_rank", lambda L, a: L.linalg.matrix_rank(a), rand(2, 4, 3)),
    Case("matrix_rank_deficient", lambda L, a: L.linalg.matrix_rank(a @ a[:2]), rand(4, 2)),
    Case("matrix_rank_tolerances", lambda L, a: (L.linalg.matrix_rank(a, atol=0.5),
                                                 L.linalg.matrix_rank(a, 0.5),
                                                 L.linalg.matrix_rank(a, rtol=0.2),
                                                 L.linalg.matrix_rank(a, hermitian=True)),
         np.diag([3., 1., 0.1])),
    Err("pinv_int", lambda L, a: L.linalg.pinv(a), INTS,
        match="linalg.pinv(Long{[3, 3]}): expected a tensor with 2 or more dimensions of float, "
              "double, cfloat or cdouble types"),
    Err("lstsq_int", lambda L, a, b: L.linalg.lstsq(a, b), INTS, INTS,
        match="This function doesn't handle types other than float and double"),
    Err("lstsq_rows", lambda L, a, b: L.linalg.lstsq(a, b), rand(3, 2), rand(4, 2),
        match="torch.linalg.lstsq: input.size(-2) should match other.size(-2)"),
    Err("lstsq_driver", lambda L, a, b: L.linalg.lstsq(a, b, driver="foo"), rand(3, 2),
        rand(3, 2), match="torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, "
                          "gelsd, gelss)"),
    Err("matrix_rank_1d", lambda L, a: L.linalg.matrix_rank(a), rand(3),
        match="torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions."),

    # ---- norms, cond
    Case("norm_default", lambda L, a: L.linalg.norm(a), rand(2, 3, 4)),
    Case("norm_vector_ord", lambda L, a: L.linalg.norm(a, 3), rand(5)),
    Case("norm_matrix_2", lambda L, a: L.linalg.norm(a, 2), rand(3, 4)),
    Case("norm_dim_pair_nuc", lambda L, a: L.linalg.norm(a, "nuc", dim=(0, 2)), rand(2, 3, 4)),
    Case("norm_dim_int_keepdim", lambda L, a: L.linalg.norm(a, -INF, 1, True), rand(2, 3, 4)),
    Case("norm_dtype", lambda L, a: L.linalg.norm(a, dtype=L.float64), rand(3, 3, dtype="float32")),
    Case("vector_norm", lambda L, a: L.linalg.vector_norm(a), T(rand(3, 4))),
    Case("vector_norm_ords", lambda L, a: [L.linalg.vector_norm(a, o, dim=1) for o in
                                           (1, 1.5, 3, 0.5, INF, -INF, -1)], rand(2, 3, 4)),
    Case("vector_norm_0", lambda L, a: L.linalg.vector_norm(a, 0, dim=(0, 2), keepdim=True),
         rand(2, 3, 4)),
    Case("vector_norm_zero_vector", lambda L, a: L.linalg.vector_norm(a, dim=-1), np.array(
        [[0., 0.], [3., 4.]]), gradcheck=False),
    Case("matrix_norm_ords", lambda L, a: [L.linalg.matrix_norm(a, o) for o in
                                           ("fro", "nuc", 1, -1, 2, -2, INF, -INF)],
         rand(2, 3, 4)),
    Case("matrix_norm_dims_keepdim", lambda L, a: [L.linalg.matrix_norm(a, o, dim=(2, 0),
                                                                        keepdim=True)
                                                   for o in ("nuc", 1, -INF, -2)],
         rand(2, 3, 4)),
    Case("matrix_norm_half", lambda L, a: L.linalg.matrix_norm(a, 1), rand(3, 3, dtype="float16"),
         rtol=1e-3, atol=1e-3),
    Case("cond", lambda L, a: L.linalg.cond(a), rand(2, 3, 3)),
    Case("cond_rect", lambda L, a: L.linalg.cond(a, -2), rand(3, 5)),
    Case("cond_ords", lambda L, a: [L.linalg.cond(a, p) for p in ("fro", "nuc", 1, -1, INF,
                                                                  -INF)], _W, grad=False),
    Case("cond_singular", lambda L, a: (L.linalg.cond(a, "fro"), L.linalg.cond(a, 1)), SINGULAR,
         grad=False),
    Case("cond_empty", lambda L, a: L.linalg.cond(a), np.zeros((2, 0, 0)), grad=False),
    Case("tensorinv", lambda L, a: L.linalg.tensorinv(a, ind=1), rand(6, 2, 3)),
    Case("tensorsolve", lambda L, a, b: L.linalg.tensorsolve(a, b), rand(2, 3, 6), rand(2, 3)),
    Err("matrix_norm_order", lambda L, a: L.linalg.matrix_norm(a, 3), rand(3, 3),
        match="linalg.matrix_norm: Order 3 not supported."),
    Err("matrix_norm_1d", lambda L, a: L.linalg.matrix_norm(a), rand(3),
        match="linalg.matrix_norm: The input tensor A must have at least 2 dimensions."),
    Err("matrix_norm_same_dims", lambda L, a: L.linalg.matrix_norm(a, dim=(0, 0)), rand(2, 3),
        match="linalg.matrix_norm: dims must be different. Got (0, 0)"),
    Err("matrix_norm_nuc_half", lambda L, a: L.linalg.matrix_norm(a, "nuc"),
        rand(2, 3, dtype="float16"),
        match="linalg.matrix_norm: Low precision dtypes not supported. Got Half"),
    Err("norm_3d_ord", lambda L, a: L.linalg.norm(a, "fro"), rand(2, 2, 2),
        match="linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
              "Got 3D."),
    Err("vector_norm_int", lambda L, a: L.linalg.vector_norm(a), INTS,
        match="linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
              "Long"),
    Err("cond_order", lambda L, a: L.linalg.cond(a, 3), rand(3, 3),
        match="linalg.cond got an invalid norm type: 3"),
    Err("cond_rect_fro", lambda L, a: L.linalg.cond(a, "fro"), rand(2, 3),
        match="linalg.cond(ord=fro): A must be batches of square matrices, but they are 2 by 3 "
              "matrices"),
]
