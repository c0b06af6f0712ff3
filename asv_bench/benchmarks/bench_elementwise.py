"""Large elementwise kernels (memory bound) and the transpose copy."""
from . import LIBRARIES, gbps, get_lib, random, require, to_lib

SIZES = [10_000, 1_000_000, 16_000_000]


class Add:
    """Out-of-place `a + b`: reads two arrays, allocates and writes a third."""
    params = (LIBRARIES, SIZES)
    param_names = ["library", "n"]

    def setup(self, library, n):
        mod = get_lib(library)
        self.a = to_lib(library, mod, random(n, 0))
        self.b = to_lib(library, mod, random(n, 1))
        require(lambda: self.a + self.b)

    def time_add(self, library, n):
        self.a + self.b

    def track_add_gbps(self, library, n):
        return gbps(lambda: self.a + self.b, 3 * 4 * n)
    track_add_gbps.unit = "GB/s"


class Exp:
    params = (LIBRARIES, SIZES)
    param_names = ["library", "n"]

    def setup(self, library, n):
        self.mod = get_lib(library)
        self.a = to_lib(library, self.mod, random(n, 0))
        require(lambda: self.mod.exp(self.a))

    def time_exp(self, library, n):
        self.mod.exp(self.a)

    def track_exp_gbps(self, library, n):
        return gbps(lambda: self.mod.exp(self.a), 2 * 4 * n)
    track_exp_gbps.unit = "GB/s"


class InplaceAdd:
    """`a += b` (numpy: `np.add(a, b, out=a)`): no allocation, pure bandwidth."""
    params = (LIBRARIES, SIZES)
    param_names = ["library", "n"]

    def setup(self, library, n):
        mod = get_lib(library)
        self.a = to_lib(library, mod, random(n, 0))
        self.b = to_lib(library, mod, random(n, 1))
        if library == "numpy":
            self.fn = lambda: mod.add(self.a, self.b, out=self.a)
        else:
            self.fn = self._iadd
        require(self.fn)

    def _iadd(self):
        a = self.a
        a += self.b

    def time_iadd(self, library, n):
        self.fn()

    def track_iadd_gbps(self, library, n):
        return gbps(self.fn, 3 * 4 * n)
    track_iadd_gbps.unit = "GB/s"


class TransposeContiguous:
    """`x.t().contiguous()` (numpy: `np.ascontiguousarray(x.T)`) of an n x n matrix."""
    params = (LIBRARIES, [512, 4096])
    param_names = ["library", "n"]

    def setup(self, library, n):
        mod = get_lib(library)
        self.x = to_lib(library, mod, random((n, n), 0))
        if library == "numpy":
            self.fn = lambda: mod.ascontiguousarray(self.x.T)
        else:
            self.fn = lambda: self.x.t().contiguous()
        require(self.fn)

    def time_t_contiguous(self, library, n):
        self.fn()

    def track_t_contiguous_gbps(self, library, n):
        return gbps(self.fn, 2 * 4 * n * n)
    track_t_contiguous_gbps.unit = "GB/s"


def _numpy_unary(name):
    import numpy as np
    return {"sigmoid": lambda a: 1 / (1 + np.exp(-a)), "log1p": np.log1p,
            "frac": lambda a: a - np.trunc(a)}[name]


class UnaryMath:
    """Unary ops with their own vectorised loops in torchlike (sigmoid and log1p around
    numpy's SIMD exp/log, frac branch-free); numpy spells sigmoid and frac out."""
    params = (LIBRARIES, ["sigmoid", "log1p", "frac"], [10_000, 1_000_000])
    param_names = ["library", "op", "n"]

    def setup(self, library, op, n):
        mod = get_lib(library)
        self.a = to_lib(library, mod, random(n, 0) * 4 - 0.9)     # log1p needs > -1
        fn = _numpy_unary(op) if library == "numpy" else getattr(mod, op)
        self.fn = lambda: fn(self.a)
        require(self.fn)

    def time_unary(self, library, op, n):
        self.fn()


class LogSoftmax:
    """log_softmax over the last dim of (rows, 10): the classifier head's shape."""
    params = (LIBRARIES, [64, 4096])
    param_names = ["library", "rows"]

    def setup(self, library, rows):
        mod = get_lib(library)
        self.x = to_lib(library, mod, random((rows, 10), 0))
        if library == "numpy":
            def fn():
                s = self.x - self.x.max(axis=1, keepdims=True)
                return s - mod.log(mod.exp(s).sum(axis=1, keepdims=True))
            self.fn = fn
        else:
            self.fn = lambda: self.x.log_softmax(1)
        require(self.fn)

    def time_log_softmax(self, library, rows):
        self.fn()
