"""Conformance against PyTorch: a `Case` calls one op the same way in torchlike and in
torch, on the same inputs, and the test compares values, dtypes and shapes, then gradients
(against torch's, and against central differences through torchlike's gradcheck).

A case's `fn(L, *args)` receives the library (`torchlike` or `torch`) and the inputs
turned into that library's tensors. Write it so that its result is unique: where an op's
output is only defined up to sign or order (eigenvectors, singular vectors), return what is
unique (a reconstruction, absolute values, sorted values).

Inputs are numpy arrays (float64 ones take part in the gradient checks), `T(array)` for a
transposed (non-contiguous) view of the same values, or any other Python value, passed as
it is. Nothing here imports torch or torchlike, so each topic file stays a plain table.
"""
import numpy as np


class T:
    """An input given as a transposed view (last two dims) of a contiguous buffer."""

    def __init__(self, values):
        self.values = np.asarray(values)


class Case:
    """One call of an op, compared with torch.

    grad: whether to compare gradients (default: when some input is float64 and the op
    returns a floating tensor); gradcheck: also check them by finite differences.
    """

    def __init__(self, name, fn, *inputs, id=None, grad=None, gradcheck=True,
                 atol=1e-6, rtol=1e-5):
        self.name = name
        self.fn = fn
        self.inputs = inputs
        self.id = id or name
        self.grad = grad
        self.gradcheck = gradcheck
        self.atol = atol
        self.rtol = rtol


class Err:
    """A call both libraries must refuse with exception type `exc`; torchlike's message
    must contain `match` (PyTorch's wording, or the part of it a user acts on)."""

    def __init__(self, name, fn, *inputs, exc=RuntimeError, match="", id=None):
        self.name = name
        self.fn = fn
        self.inputs = inputs
        self.exc = exc
        self.match = match
        self.id = id or f"{name}-error"


def rand(*shape, seed=0, positive=False, dtype="float64"):
    """Deterministic sample values (standard normal; |x| + 0.5 when positive)."""
    rng = np.random.default_rng(seed + 1000 * len(shape) + sum(shape))
    v = rng.standard_normal(shape)
    if positive:
        v = np.abs(v) + 0.5
    return v.astype(dtype)


def spd(n, seed=0, batch=()):
    """A symmetric positive-definite matrix (or batch of them)."""
    a = rand(*batch, n, n, seed=seed)
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
