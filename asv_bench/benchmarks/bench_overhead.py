"""Per-call overhead: tiny (4,) float32 tensors, where the dispatch path dominates."""
import functools
import operator

from . import LIBRARIES, get_lib, random, require, to_lib


def _call(op, mod, a, b):
    # functools.partial over C callables: the timed call adds no Python frame of ours.
    if op == "add":
        return functools.partial(operator.add, a, b)
    if op == "mul":
        return functools.partial(operator.mul, a, b)
    if op == "exp":
        return functools.partial(mod.exp, a)
    if op == "sum":
        return a.sum
    if op == "reshape":
        return functools.partial(a.reshape, 2, 2)
    if op == "getitem":
        return functools.partial(operator.getitem, a, 0)
    raise ValueError(op)


class Overhead:
    params = (LIBRARIES, ["add", "mul", "exp", "sum", "reshape", "getitem"])
    param_names = ["library", "op"]

    def setup(self, library, op):
        mod = get_lib(library)
        a = to_lib(library, mod, random((4,), 0))
        b = to_lib(library, mod, random((4,), 1))
        try:
            self.fn = _call(op, mod, a, b)
        except AttributeError as e:
            raise NotImplementedError(str(e))
        require(self.fn)

    def time_op(self, library, op):
        self.fn()
