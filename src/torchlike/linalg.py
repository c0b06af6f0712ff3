"""torchlike.linalg: the torch.linalg namespace.

The functions are the core's dispatched linalg ops (torchlike_core/_linalg.py and
_linalg_decomp.py), so autograd records them; their derivatives are in
torchlike_autograd/_formulas_linalg.py.

Differences from PyTorch (no complex dtype, CPU only): `eig` and `eigvals` return real
tensors when every eigenvalue is real and raise NotImplementedError otherwise (PyTorch
returns complex tensors); `lstsq` computes the minimum-norm solution with LAPACK's gelsd
whatever `driver` says (the driver still decides which of residuals, rank and
singular_values are returned, as on PyTorch's CPU).
"""
from torchlike_core._linalg import LINALG as _LINALG
from torchlike_core._linalg_decomp import LinAlgError  # noqa: F401

inv = _LINALG["inv"]
inv_ex = _LINALG["inv_ex"]
det = _LINALG["det"]
slogdet = _LINALG["slogdet"]
solve = _LINALG["solve"]
solve_ex = _LINALG["solve_ex"]
solve_triangular = _LINALG["solve_triangular"]
lstsq = _LINALG["lstsq"]
cholesky = _LINALG["cholesky"]
cholesky_ex = _LINALG["cholesky_ex"]
eigh = _LINALG["eigh"]
eigvalsh = _LINALG["eigvalsh"]
eig = _LINALG["eig"]
eigvals = _LINALG["eigvals"]
svd = _LINALG["svd"]
svdvals = _LINALG["svdvals"]
qr = _LINALG["qr"]
matrix_rank = _LINALG["matrix_rank"]
norm = _LINALG["norm"]
vector_norm = _LINALG["vector_norm"]
matrix_norm = _LINALG["matrix_norm"]
cond = _LINALG["cond"]
tensorinv = _LINALG["tensorinv"]
tensorsolve = _LINALG["tensorsolve"]
matmul = _LINALG["matmul"]
multi_dot = _LINALG["multi_dot"]
matrix_power = _LINALG["matrix_power"]
cross = _LINALG["cross"]
vecdot = _LINALG["vecdot"]
diagonal = _LINALG["diagonal"]
_pinv = _LINALG["pinv"]


def pinv(A, rcond=None, hermitian=False, *, atol=None, rtol=None, out=None):
    """The pseudo-inverse. Singular values (absolute eigenvalues when `hermitian`) at most
    max(atol, rtol * largest) count as zero; rtol defaults to eps * max(m, n), or to 0 when
    a positive atol is given. The older `rcond` is rtol with atol = 0."""
    if rcond is not None:
        if atol is not None or rtol is not None:
            raise TypeError("linalg.pinv(): rcond cannot be given with atol or rtol")
        atol, rtol = 0.0, rcond
    return _pinv(A, atol=atol, rtol=rtol, hermitian=hermitian, out=out)


__all__ = ["LinAlgError", "inv", "inv_ex", "det", "slogdet", "solve", "solve_ex",
           "solve_triangular", "lstsq", "cholesky", "cholesky_ex", "eigh", "eigvalsh", "eig",
           "eigvals", "svd", "svdvals", "qr", "pinv", "matrix_rank", "norm", "vector_norm",
           "matrix_norm", "cond", "tensorinv", "tensorsolve", "matmul", "multi_dot",
           "matrix_power", "cross", "vecdot", "diagonal"]
