"""Every differentiable op of the op database: gradcheck in float64 (analytical gradients
from the formula table against central differences), on the database's own samples."""
import pathlib
import sys

import numpy as np
import pytest

import torchlike as torch
from torchlike_autograd._record import FORMULAS

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "core"))
import opdb  # noqa: E402

# Not differentiable in PyTorch either, or piecewise constant (their gradient is zero and
# gradcheck has nothing to compare).
SKIP = {"floor_divide", "remainder", "fmod", "sign", "floor", "ceil", "round", "trunc",
        "frac", "nan_to_num"}

OPS = [op for op in opdb.OPS
       if op.rule not in ("compare", "logical") and "float64" in op.dtypes
       and op.name in FORMULAS and op.name not in SKIP and op.kwargs.get("rounding_mode") is None]


def _good_samples(op, limit=6):
    out = []
    for s in op.samples("float64"):
        arrays = [a.values for a in s.args if isinstance(a, opdb.Arg)]
        if s.large or not arrays or any(a.dtype != np.float64 for a in arrays):
            continue
        if any(a.size == 0 or a.size > 24 or not np.all(np.isfinite(a)) for a in arrays):
            continue
        if any(isinstance(v, float) and not np.isfinite(v) for v in s.kwargs.values()):
            continue
        out.append(s)
        if len(out) == limit:
            break
    return out


def _kinks(op, sample):
    """Samples that sit on a kink of the op (ties, zero crossings) are not differentiable."""
    vals = [a.values for a in sample.args if isinstance(a, opdb.Arg)]
    if op.name in ("maximum", "minimum", "fmax", "fmin", "clamp", "clamp_min", "clamp_max"):
        flat = np.concatenate([v.reshape(-1) for v in vals] +
                              [np.atleast_1d(np.asarray(x, dtype=float)) for x in sample.args
                               if isinstance(x, (int, float)) and not isinstance(x, bool)] +
                              [np.atleast_1d(np.asarray(v, dtype=float)) for v in sample.kwargs.values()
                               if isinstance(v, (int, float))])
        d = np.abs(flat[:, None] - flat[None, :])
        return bool((d[~np.eye(len(flat), dtype=bool)] < 1e-3).any())
    if op.name in ("abs", "relu", "pow", "sqrt", "rsqrt", "log", "log2", "log10", "reciprocal",
                   "div", "true_divide", "atan2", "hypot"):
        return any(np.abs(v).min() < 1e-2 for v in vals)
    return False


def _as_function_of_tensors(op, sample):
    """(f, inputs): the op on the sample, as a function of its tensor arguments only (fresh
    float64 leaves that require grad); the other arguments stay fixed."""
    args = [torch.from_numpy(a.values.copy()).requires_grad_() if isinstance(a, opdb.Arg) else a
            for a in sample.args]
    fn = getattr(torch, op.name)
    positions = [k for k, a in enumerate(args) if isinstance(a, torch.Tensor)]

    def f(*tensors):
        full = list(args)
        for k, t in zip(positions, tensors):
            full[k] = t
        return fn(*full, **sample.kwargs)

    return f, tuple(args[k] for k in positions)


CASES = [(op, i, s) for op in OPS for i, s in enumerate(_good_samples(op))]


@pytest.mark.parametrize("op,i,sample", CASES, ids=[f"{op.variant}-{i}" for op, i, _ in CASES])
def test_gradcheck(op, i, sample):
    if _kinks(op, sample):
        pytest.skip("sample sits on a point where the op is not differentiable")
    f, inputs = _as_function_of_tensors(op, sample)
    assert torch.autograd.gradcheck(f, inputs, eps=1e-6, atol=1e-5, rtol=1e-3)


def test_the_database_is_covered():
    assert len(OPS) >= 25 and len(CASES) >= 100


SECOND = [(op, s) for op in OPS for s in _good_samples(op, limit=2)[1:2]]


@pytest.mark.parametrize("op,sample", SECOND, ids=[op.variant for op, _ in SECOND])
def test_gradgradcheck(op, sample):
    """Backward formulas are built from differentiable ops: second derivatives check too."""
    if _kinks(op, sample):
        pytest.skip("sample sits on a point where the op is not differentiable")
    f, inputs = _as_function_of_tensors(op, sample)
    assert torch.autograd.gradgradcheck(f, inputs, atol=1e-4, rtol=1e-3)
