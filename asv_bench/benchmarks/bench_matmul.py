"""float32 matrix multiply of two n x n matrices."""
from . import LIBRARIES, gbps, get_lib, random, require, to_lib


class Matmul:
    params = (LIBRARIES, [64, 256, 1024, 2048])
    param_names = ["library", "n"]
    timeout = 240

    def setup(self, library, n):
        mod = get_lib(library)
        self.a = to_lib(library, mod, random((n, n), 0))
        self.b = to_lib(library, mod, random((n, n), 1))
        require(lambda: self.a @ self.b)

    def time_matmul(self, library, n):
        self.a @ self.b

    def track_matmul_gflops(self, library, n):
        return gbps(lambda: self.a @ self.b, 2 * n ** 3, repeat=3)
    track_matmul_gflops.unit = "GFLOP/s"
