"""Ops that predate the conformance tables, as a check of the harness itself."""
from harness import Case, Err, T, rand

CASES = [
    Case("matmul", lambda L, a, b: L.matmul(a, b), rand(3, 4), T(rand(4, 5))),
    Case("max_dim", lambda L, a: L.max(a, dim=1), rand(3, 4)),
    Case("sum_int", lambda L, a: a.sum(), rand(3, 4, dtype="int64")),
    Case("shape", lambda L, a: a.shape, rand(3, 4)),
    Err("mm", lambda L, a, b: L.mm(a, b), rand(3, 4), rand(3, 4),
        match="mat1 and mat2 shapes cannot be multiplied (3x4 and 3x4)"),
]
