"""Distances: dist and cdist, plus Tensor.apply_ (a per-element Python callback).

dist and cdist are composites: their kernels call other dispatched ops (sub, norm, matmul,
where...), so the autograd layer records those pieces and needs no formula of its own
(they are listed as COMPOSITE in torchlike_autograd/_formulas_nn.py).
"""
import numbers
import operator

import numpy as np

from . import _dtype
from ._dispatch import call
from ._checks import require_tensor
from ._registry import def_op

# PyTorch's default compute_mode takes the matmul route for p=2 when either side has more
# than this many rows (P > 25 or R > 25), whatever the row length.
_MM_ROWS = 25

_COMPUTE_MODES = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                  "donot_use_mm_for_euclid_dist")


def dist(input, other, p=2):
    """The p-norm of input - other (broadcast), as a 0-d tensor."""
    require_tensor(input, "dist", "input", 1)
    require_tensor(other, "dist", "other", 2)
    diff = input - other
    if not diff.dtype.is_floating_point:
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. "
                           f"Got {diff.dtype.legacy_name} instead.")
    return diff.norm(p)


def _check_cdist(x1, x2, p, compute_mode):
    for x, name in ((x1, "X1"), (x2, "X2")):
        if x.dim() < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {x.dim()}D")
        if not x.dtype.is_floating_point:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{x.dtype.legacy_name}")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{x1.shape[-1]} X2: {x2.shape[-1]}")
    if x1.dtype is not x2.dtype:
        raise RuntimeError(f"expected scalar type {x1.dtype.legacy_name} but found "
                           f"{x2.dtype.legacy_name}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if compute_mode not in _COMPUTE_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")


def _euclid_mm(x1, x2):
    """sqrt(|a|^2 + |b|^2 - 2 a.b): one matmul instead of a (P, R, M) difference tensor.
    Rounding can make the square slightly negative, and sqrt has no derivative at 0, so
    both are guarded (a zero distance gets a zero gradient, as in PyTorch)."""
    sq = ((x1 * x1).sum(-1).unsqueeze(-1) + (x2 * x2).sum(-1).unsqueeze(-2)
          - 2 * x1.matmul(x2.transpose(-1, -2)))
    positive = sq > 0
    safe = call("where", (positive, sq, 1.0), None)
    return call("where", (positive, safe.sqrt(), 0.0), None)


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """Pairwise p-norm distances between the rows of x1 (..., P, M) and x2 (..., R, M),
    batch dims broadcast: (..., P, R)."""
    require_tensor(x1, "cdist", "x1", 1)
    require_tensor(x2, "cdist", "x2", 2)
    _check_cdist(x1, x2, p, compute_mode)
    rows, cols, m = x1.shape[-2], x2.shape[-2], x1.shape[-1]
    large = rows > _MM_ROWS or cols > _MM_ROWS
    if p == 2 and m > 0 and (compute_mode == "use_mm_for_euclid_dist"
                             or (large and compute_mode != "donot_use_mm_for_euclid_dist")):
        return _euclid_mm(x1, x2)
    diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    return diff.norm(p, -1)


# ---- Tensor.apply_ -------------------------------------------------------------------

def _python_value(dt):
    """How apply_ turns the callback's result into an element of dtype dt, as PyTorch does
    (floats are truncated into integer tensors; anything else must be an int there)."""
    if dt is _dtype.bool_:
        return bool
    if dt.is_floating_point:
        def as_float(v):
            if not isinstance(v, numbers.Real):
                raise TypeError(f"must be real number, not {type(v).__name__}")
            return float(v)
        return as_float
    return lambda v: int(v) if isinstance(v, float) else operator.index(v)


def apply_(self, callable):
    """Replace each element x by callable(x), in place (CPU only, not recorded)."""
    if self.requires_grad:
        raise RuntimeError("Can't call apply_() on Variable that requires grad. Use "
                           "var.detach().apply_() instead.")
    if self.device.type != "cpu":
        raise RuntimeError("apply_ is only implemented on CPU tensors")
    if not hasattr(callable, "__call__"):
        raise TypeError(f"'{type(callable).__name__}' object is not callable")
    arr = self.numpy_view()
    convert = _python_value(self.dtype)
    # all results first: a callback that fails half way leaves the tensor unchanged
    values = [convert(callable(v)) for v in arr.ravel().tolist()]
    arr[...] = np.array(values, dtype=arr.dtype).reshape(arr.shape)
    self._bump_version()
    return self


def_op("dist", dist)
def_op("cdist", cdist, method=False)
def_op("apply_", apply_, function=False)
