"""cumprod and prod where the input has zeros: their gradients must not divide by it."""
import numpy as np

from harness import Case

WITH_ZEROS = np.array([[2., 0, 3, 4], [1, 2, 0, 0], [0, 0, 5, 1]])

CASES = [
    Case("cumprod", lambda L, a: a.cumprod(1), WITH_ZEROS, id="cumprod_zeros_dim1"),
    Case("cumprod", lambda L, a: a.cumprod(0), WITH_ZEROS, id="cumprod_zeros_dim0"),
    Case("cumprod", lambda L, a: a.cumprod(-1), np.array([0., 1.5, 2.0]), id="cumprod_leading_zero"),
    Case("prod", lambda L, a: a.prod(1), WITH_ZEROS, id="prod_zeros_dim"),
    Case("prod", lambda L, a: a.prod(), np.array([3., 0, 2]), id="prod_one_zero"),
]
