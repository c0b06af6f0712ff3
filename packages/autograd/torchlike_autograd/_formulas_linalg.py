"""Derivatives of the linalg ops (same F table as _formulas.py).

The formulas are PyTorch's (torch/csrc/autograd/FunctionsManual.cpp), written in
differentiable torchlike ops, so create_graph=True gives higher-order gradients. As in
PyTorch they assume what the op's derivative needs: a nonsingular matrix (inv, solve,
slogdet; det also handles singular matrices, through the SVD), distinct eigenvalues and
singular values (eigh, eig, svd; svdvals/eigvalsh need no such thing), full rank (qr,
lstsq, pinv's rank must not change).

Ops built from other dispatched ops are COMPOSITE: recording their pieces records them.

Note [Saved outputs of multi-output ops]: eigh's backward reads (L, V), svd's (U, S, Vh),
... `_MultiOutputFormula` saves every output of such an op, and gives them back to the
formula as the tuple `ctx.result`; each is re-attached to the node as its output i (so a
double backward sees that the gradient depends on them).
"""
import math

import numpy as np

import torchlike_core as T
from torchlike_core._dispatch import call
from torchlike_core._linalg_decomp import _is_vector_rhs
from torchlike_core._tensor import TensorBase

from ._formulas import F, _scaled, others_product
from ._graph import meta_of
from ._record import FORMULAS, COMPOSITE, Formula, _SavedOutput

COMPOSITE.update({
    "diagflat", "cross", "tensordot", "kron", "matrix_power", "linalg_multi_dot",
    "linalg_vecdot", "linalg_diagonal", "inverse", "linalg_inv", "slogdet", "logdet",
    "linalg_solve", "linalg_cholesky", "cholesky_inverse", "linalg_eigvalsh",
    "linalg_eigvals", "linalg_svdvals", "svd", "qr", "pinverse", "linalg_matrix_rank",
    "linalg_matrix_norm", "linalg_norm", "linalg_cond", "linalg_tensorinv",
    "linalg_tensorsolve",
})


class _SavedOutputs:
    """All outputs of one op, saved for its backward (Note [Saved outputs of multi-output
    ops])."""

    __slots__ = ("saved",)

    def __init__(self, outs):
        self.saved = tuple(_SavedOutput(o) for o in outs)

    def unpack_output(self, node):
        res = []
        for i, s in enumerate(self.saved):
            t = s.unpack_output(node)
            if i and t._grad_fn is node:
                meta_of(t).output_nr = i
            res.append(t)
        return tuple(res)


class _MultiOutputFormula(Formula):
    """A formula of an op with several outputs, whose backward reads them (ctx.result)."""

    def record(self, args, kwargs):
        out = Formula.record(self, args, kwargs)
        for o in out:
            if isinstance(o, TensorBase) and o._grad_fn is not None:
                o._grad_fn._result = _SavedOutputs(out)
                break
        return out


def _multi(op, node, backward, outputs=None):
    """Add a multi-output op's formula; its arguments and outputs are saved.
    outputs: how many leading outputs are differentiable (None: every float one); with 1,
    the backward gets that output's gradient alone, else a list with None where none came."""
    FORMULAS[op] = _MultiOutputFormula(op, node, backward, save_args=True, outputs=outputs)


# ---- helpers -------------------------------------------------------------------------------

def _mT(x):
    return x.transpose(-2, -1)


def _solve(A, B, left=True):
    return call("linalg_solve", (A, B), None if left else {"left": False})


def _solve_tri(A, B, upper, left=True, unitriangular=False):
    return call("linalg_solve_triangular", (A, B),
                {"upper": upper, "left": left, "unitriangular": unitriangular})


def _diag_embed(v):
    return call("diag_embed", (v,), None)


def _diag(X):
    return X.diagonal(0, -2, -1)


def _eye(n, like):
    return T.eye(n, dtype=like.dtype, device=like.device)


def _eps(t):
    return float(np.finfo(t.dtype.np).eps)


def _any(mask):
    return bool(mask.any().item())


# ---- trace, diag_embed, addr, cross ----------------------------------------------------------

F("trace", "TraceBackward0", lambda c, g, a: (g * T.eye(*c.shapes[0], dtype=g.dtype, device=g.device),),
  inplace=False)
F("diag_embed", "DiagEmbedBackward0",
  lambda c, g, a, offset=0, dim1=-2, dim2=-1: (g.diagonal(offset, dim1, dim2),), inplace=False)


def _addr(c, g, x, v1, v2, *, beta=1, alpha=1, **kw):
    gx = _scaled(g, beta) if c.needs[0] else None
    gv1 = _scaled(g.mv(v2.to(g.dtype)), alpha) if c.needs[1] else None
    gv2 = _scaled(g.t().mv(v1.to(g.dtype)), alpha) if c.needs[2] else None
    return gx, gv1, gv2


F("addr", "AddrBackward0", _addr, "args")


def _cross(c, g, a, b, *, dim=-1, **kw):
    return (call("linalg_cross", (b, g), {"dim": dim}) if c.needs[0] else None,
            call("linalg_cross", (g, a), {"dim": dim}) if c.needs[1] else None)


F("linalg_cross", "LinalgCrossBackward0", _cross, "args", inplace=False)

# ---- det, slogdet, inverse ------------------------------------------------------------------


def _prod_safe_zeros_backward(grad, inp):
    """The gradient of prod(inp, -1), exact when inp has zeros."""
    if inp.numel() == 0:
        return grad.expand(inp.shape)
    return grad * others_product(inp, -1)


def _det_singular(A, g):
    # d det = adj(A)^T, computed for a singular A through its SVD (Higham's adjugate)
    U, S, Vh = call("linalg_svd", (A,), None)
    alpha = call("det", (U,), None) * call("det", (Vh,), None) * g
    D = _prod_safe_zeros_backward(alpha.unsqueeze(-1), S)
    return (U * D.unsqueeze(-2)).matmul(Vh)


def _det_nonsingular(A, d):
    n = A.shape[-1]
    return _solve(_mT(A), _diag_embed(d.unsqueeze(-1).expand(tuple(d.shape) + (n,))))


def _det(c, g, A, **kw):
    det = c.result
    if A.numel() == 0:
        return (None,)
    singular = det.abs() < 100 * _eps(A)
    if not _any(singular):
        return (_det_nonsingular(A, g * det),)
    if bool(singular.all().item()):
        return (_det_singular(A, g),)
    out = T.zeros(A.shape, dtype=A.dtype, device=A.device)
    out[singular] = _det_singular(A[singular], g[singular])
    regular = ~singular
    out[regular] = _det_nonsingular(A[regular], (g * det)[regular])
    return (out,)


F("det", "LinalgDetBackward0", _det, "both", inplace=False)


def _slogdet(c, g, A, **kw):
    g_logabsdet = g[1]          # the sign of a real determinant is locally constant
    if g_logabsdet is None:
        return (None,)
    return (_det_nonsingular(A, g_logabsdet),)


_multi("linalg_slogdet", "LinalgSlogdetBackward0", _slogdet)


def _inv_ex(c, g, A, **kw):
    invT = _mT(c.result[0])
    return (-invT.matmul(g).matmul(invT),)


_multi("linalg_inv_ex", "LinalgInvExBackward0", _inv_ex, outputs=1)

# ---- solvers ------------------------------------------------------------------------------


def _solve_ex(c, g, A, B, *, left=True, **kw):
    # X = A^-1 B: gB = A^-T gX, gA = -gB X^T  (X = B A^-1: gB = gX A^-T, gA = -X^T gB)
    vector = _is_vector_rhs(c.shapes[0], c.shapes[1])
    X = c.result[0]
    gB = _solve(_mT(A), g.unsqueeze(-1) if vector else g, left)
    gA = None
    if c.needs[0]:
        X_ = X.unsqueeze(-1) if vector else X
        gA = -gB.matmul(_mT(X_)) if left else -_mT(X_).matmul(gB)
    if vector:
        gB = gB.squeeze(-1)
    return gA, gB if c.needs[1] else None


_multi("linalg_solve_ex", "LinalgSolveExBackward0", _solve_ex, outputs=1)


def _tri_project(G, upper, unitriangular):
    return G.triu(int(unitriangular)) if upper else G.tril(-int(unitriangular))


def _solve_triangular(c, g, A, B, *, upper, left=True, unitriangular=False, **kw):
    X = c.result
    gB = _solve_tri(_mT(A), g, not upper, left, unitriangular)
    gA = None
    if c.needs[0]:
        gA = -gB.matmul(_mT(X)) if left else -_mT(X).matmul(gB)
        gA = _tri_project(gA, upper, unitriangular)
    return gA, gB if c.needs[1] else None


F("linalg_solve_triangular", "LinalgSolveTriangularBackward0", _solve_triangular, "both",
  inplace=False)


def _triangular_solve(c, g, b, A, upper=True, transpose=False, unitriangular=False, **kw):
    gX, gM = g
    X = c.result[0]
    gb = gA = None
    if gX is not None:
        gb = call("triangular_solve", (gX, A, upper, not transpose, unitriangular), None)[0]
        if c.needs[1]:
            gA = -X.matmul(_mT(gb)) if transpose else -gb.matmul(_mT(X))
            gA = _tri_project(gA, upper, unitriangular)
    if gM is not None and c.needs[1]:
        gA = gM if gA is None else gA + gM
    return gb, gA


_multi("triangular_solve", "TriangularSolveBackward0", _triangular_solve)


def _cholesky_solve(c, g, B, L, upper=False, **kw):
    X = c.result
    gB = call("cholesky_solve", (g, L), {"upper": upper})
    gL = None
    if c.needs[1]:
        common = gB.matmul(_mT(X))
        common = common + _mT(common)
        gL = -L.matmul(common) if upper else -common.matmul(L)
    return gB, gL


F("cholesky_solve", "CholeskySolveBackward0", _cholesky_solve, "both", inplace=False)

# ---- cholesky ------------------------------------------------------------------------------


def _cholesky_grad(gL, L, upper):
    # gA = L^-T Phi(L^T gL) L^-1, Phi(X) = tril(X) with its diagonal halved, symmetrised
    L_ = _mT(L) if upper else L
    gL_ = _mT(gL) if upper else gL
    gA = _mT(L_).matmul(gL_).tril()
    gA = 0.5 * (gA + _mT(gA.tril(-1)))
    gA = _solve_tri(_mT(L_), gA, True, True)
    return _solve_tri(L_, gA, False, False)


_multi("linalg_cholesky_ex", "LinalgCholeskyExBackward0",
       lambda c, g, A, *, upper=False, **kw: (_cholesky_grad(g, c.result[0], upper),),
       outputs=1)
F("cholesky", "CholeskyBackward0",
  lambda c, g, A, upper=False, **kw: (_cholesky_grad(g, c.result, upper),), "result",
  inplace=False)

# ---- eigh, eig ---------------------------------------------------------------------------


def _eig_backward(gL, gV, L, V, hermitian):
    """gA = V^-T (diag(gL) + (V^T gV - V^T V diag(V^T gV)) / E) V^T, E_ij = L_j - L_i
    (for symmetric A, V^-T = V and V^T gV is projected onto the skew-symmetric matrices)."""
    if gL is None and gV is None:
        return None
    Vt = _mT(V)
    if gV is None:
        if hermitian:
            return (V * gL.unsqueeze(-2)).matmul(Vt)
        return _solve(Vt, gL.unsqueeze(-1) * Vt)
    VtgV = Vt.matmul(gV)
    if hermitian:
        VtgV = 0.5 * (VtgV - _mT(VtgV))
    else:
        VtgV = VtgV - Vt.matmul(V * _diag(VtgV).unsqueeze(-2))
    n = L.shape[-1]
    E = L.unsqueeze(-2) - L.unsqueeze(-1) + _eye(n, L)
    gA = VtgV / E
    if gL is not None:
        gA = gA - _diag_embed(_diag(gA)) + _diag_embed(gL)
    if hermitian:
        return V.matmul(gA.matmul(Vt))
    return _solve(Vt, gA.matmul(Vt))


_multi("linalg_eigh", "LinalgEighBackward0",
       lambda c, g, A, *a, **kw: (_eig_backward(g[0], g[1], *c.result, True),))
_multi("linalg_eig", "LinalgEigBackward0",
       lambda c, g, A, **kw: (_eig_backward(g[0], g[1], *c.result, False),))

# ---- svd ---------------------------------------------------------------------------------


def _svd_backward(gU, gS, gVh, U, S, Vh):
    """PyTorch's svd_backward (real case): distinct singular values, full rank when A is
    not square."""
    if gU is None and gS is None and gVh is None:
        return None
    m, n = U.shape[-2], Vh.shape[-1]
    if gU is None and gVh is None:
        return U.matmul(gS.unsqueeze(-1) * Vh) if m >= n else (U * gS.unsqueeze(-2)).matmul(Vh)
    S2 = S * S
    E = S2.unsqueeze(-2) - S2.unsqueeze(-1) + _eye(S.shape[-1], S)
    UtgU = None if gU is None else _mT(U).matmul(gU)
    VtgV = None if gVh is None else Vh.matmul(_mT(gVh))
    if UtgU is not None:
        UtgU = UtgU - _mT(UtgU)
    if VtgV is not None:
        VtgV = VtgV - _mT(VtgV)
    if gU is not None and gVh is not None:
        gA = (UtgU * S.unsqueeze(-2) + S.unsqueeze(-1) * VtgV) / E
    elif gU is not None:
        gA = (UtgU / E) * S.unsqueeze(-2)
    else:
        gA = S.unsqueeze(-1) * (VtgV / E)
    if gS is not None:
        gA = gA + _diag_embed(gS)
    if m > n and gU is not None:
        gA = U.matmul(gA)
        gUSinv = gU / S.unsqueeze(-2)
        gA = gA + gUSinv - U.matmul(_mT(U).matmul(gUSinv))
        return gA.matmul(Vh)
    if m < n and gVh is not None:
        gA = gA.matmul(Vh)
        SinvgVh = gVh / S.unsqueeze(-1)
        gA = gA + SinvgVh - SinvgVh.matmul(_mT(Vh)).matmul(Vh)
        return U.matmul(gA)
    return U.matmul(gA.matmul(Vh)) if m >= n else U.matmul(gA).matmul(Vh)


def _svd(c, g, A, full_matrices=True, **kw):
    gU, gS, gVh = g
    U, S, Vh = c.result
    if full_matrices:        # only the first k = min(m, n) singular vectors are determined
        k = S.shape[-1]
        U, Vh = U.narrow(-1, 0, k), Vh.narrow(-2, 0, k)
        gU = None if gU is None else gU.narrow(-1, 0, k)
        gVh = None if gVh is None else gVh.narrow(-2, 0, k)
    return (_svd_backward(gU, gS, gVh, U, S, Vh),)


_multi("linalg_svd", "LinalgSvdBackward0", _svd)

# ---- qr ------------------------------------------------------------------------------------


def _qr(c, g, A, mode="reduced", **kw):
    gQ, gR = g
    Q, R = c.result
    if mode == "r":
        raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when "
                           "mode='r'. Please use linalg.qr(A, mode='reduced') if you are going "
                           "to differentiate through linalg.qr.")
    m, n = Q.shape[-2], R.shape[-1]
    if mode == "complete" and m > n:
        raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and "
                           "nrows > ncols.")
    if gQ is None and gR is None:
        return (None,)
    if gQ is not None:
        gA = -_mT(Q).matmul(gQ)
        if gR is not None:
            gA = gA + gR.matmul(_mT(R))
    else:
        gA = gR.matmul(_mT(R))
    if m >= n:
        X = gA.triu()
        X = X + _mT(X)
        X = X - 0.5 * _diag_embed(_diag(X))
        gA = Q.matmul(X)
        if gQ is not None:
            gA = gA + gQ
        return (_solve_tri(_mT(R), gA, False, False),)
    X = -gA
    gA = Q.matmul((X - _mT(X)).tril())
    gA = _solve_tri(_mT(R.narrow(-1, 0, m)), gA, False, False)
    gA = T.cat([gA, T.zeros(tuple(R.shape[:-1]) + (n - m,), dtype=gA.dtype, device=gA.device)], -1)
    if gR is not None:
        gA = gA + Q.matmul(gR)
    return (gA,)


_multi("linalg_qr", "LinalgQrBackward0", _qr)

# ---- pinv, lstsq ---------------------------------------------------------------------------


def _pinv_backward(grad, pinvA, A):
    m, n = A.shape[-2], A.shape[-1]
    pinvAh = _mT(pinvA)
    gradh = _mT(grad)
    if m <= n:
        K = gradh.matmul(pinvA)
        KpinvAh = K.matmul(pinvAh)
        return (-_mT(pinvA.matmul(K)) + KpinvAh - A.matmul(pinvA).matmul(KpinvAh)
                + pinvAh.matmul(pinvA).matmul(gradh - K.matmul(A)))
    K = pinvA.matmul(gradh)
    pinvAhK = pinvAh.matmul(K)
    return (-_mT(K.matmul(pinvA)) + (gradh - A.matmul(K)).matmul(pinvA).matmul(pinvAh)
            + pinvAhK - pinvAhK.matmul(pinvA).matmul(A))


F("linalg_pinv", "LinalgPinvBackward0",
  lambda c, g, A, **kw: (_pinv_backward(g, c.result, A),), "both", inplace=False)


def _lstsq(c, g, A, B, *args, **kw):
    gX_, gL_ = g
    X_ = c.result[0]
    vector = len(c.shapes[1]) == len(c.shapes[0]) - 1

    def as_matrix(t):
        return t.unsqueeze(-1) if vector else t

    B_ = as_matrix(B)
    gA = gB = None
    if gX_ is not None:
        gX = as_matrix(gX_)
        pinvA = call("linalg_pinv", (A,), None)
        if c.needs[0]:
            gA = _pinv_backward(gX.matmul(_mT(B_)), pinvA, A)
        if c.needs[1]:
            gB = _mT(pinvA).matmul(gX)
            gB = gB.squeeze(-1) if vector else gB
    if gL_ is not None and gL_.numel():
        X = as_matrix(X_)
        r = A.matmul(X) - B_
        gL = gL_.unsqueeze(-2)
        if c.needs[0]:
            t = 2 * (gL * r).matmul(_mT(X))
            gA = t if gA is None else gA + t
        if c.needs[1]:
            t = -2 * gL * r
            t = t.squeeze(-1) if vector else t
            gB = t if gB is None else gB + t
    return gA, gB


_multi("linalg_lstsq", "LinalgLstsqBackward0", _lstsq, outputs=2)

# ---- vector norm ---------------------------------------------------------------------------


def _vector_norm(c, g, x, ord=2, dim=None, keepdim=False, *, dtype=None, **kw):
    """PyTorch's norm_backward (ord 0 has no gradient; inf shares it between the ties)."""
    norm = c.result
    p = float(ord)
    nd = x.dim()
    if dim is None or (isinstance(dim, (list, tuple)) and len(dim) == 0):
        dims = list(range(nd))
    else:
        dims = sorted(d % nd for d in (dim if isinstance(dim, (list, tuple)) else [dim])) \
            if nd else []
    if not keepdim and nd:
        for d in dims:
            g = g.unsqueeze(d)
            norm = norm.unsqueeze(d)
    if p == 0:
        return (None,)
    if p == 1:
        return (x.sign() * g,)
    if p == 2:
        return (g * (x / norm).masked_fill(norm == 0, 0),)
    if math.isinf(p):
        ax = x.abs()
        mask = (ax == norm) | ax.isnan()
        count = mask.sum(dims, keepdim=True) if nd else mask.sum()
        return (x.sign() * ((g / count) * mask),)
    if p < 1:
        scaled = x.sign() * x.abs().pow(p - 1).masked_fill(x == 0, 0)
        return (scaled * g * norm.pow(1 - p),)
    scaled = x.sign() * x.abs().pow(p - 1) if p < 2 else x * x.abs().pow(p - 2)
    return (scaled * (g / norm.pow(p - 1)).masked_fill(norm == 0, 0),)


F("linalg_vector_norm", "LinalgVectorNormBackward0", _vector_norm, "both", inplace=False)
