"""Reductions: full sum (bandwidth) and sum along one dimension of a matrix."""
from . import LIBRARIES, gbps, get_lib, random, require, to_lib


class Sum:
    params = (LIBRARIES, [10_000, 1_000_000, 16_000_000])
    param_names = ["library", "n"]

    def setup(self, library, n):
        mod = get_lib(library)
        self.a = to_lib(library, mod, random(n, 0))
        require(lambda: self.a.sum())

    def time_sum(self, library, n):
        self.a.sum()

    def track_sum_gbps(self, library, n):
        return gbps(self.a.sum, 4 * n)
    track_sum_gbps.unit = "GB/s"


class SumDim:
    """`x.sum(dim)` of a 2048 x 2048 matrix: dim 0 reduces across rows (strided)."""
    params = (LIBRARIES, [0, 1])
    param_names = ["library", "dim"]

    def setup(self, library, dim):
        mod = get_lib(library)
        self.x = to_lib(library, mod, random((2048, 2048), 0))
        require(lambda: self.x.sum(dim))

    def time_sum_dim(self, library, dim):
        self.x.sum(dim)
