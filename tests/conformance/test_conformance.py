"""Runs every case of the `cases_*.py` tables against PyTorch (see harness.py)."""
import importlib
import pathlib
import re
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torchlike  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from harness import T, Case, Err  # noqa: E402

TABLES = sorted(p.stem for p in pathlib.Path(__file__).parent.glob("cases_*.py"))
ALL = [(table, c) for table in TABLES for c in importlib.import_module(table).CASES]
CASES = [pytest.param(c, id=f"{t[6:]}:{c.id}") for t, c in ALL if isinstance(c, Case)]
ERRORS = [pytest.param(c, id=f"{t[6:]}:{c.id}") for t, c in ALL if isinstance(c, Err)]


def test_case_ids_are_unique():
    ids = [f"{t}:{c.id}" for t, c in ALL]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def _tensor(lib, x, requires_grad=False):
    if isinstance(x, T):
        v = np.ascontiguousarray(np.swapaxes(x.values, -1, -2))
        t = lib.from_numpy(v).transpose(-1, -2)
    elif isinstance(x, np.ndarray):
        t = lib.from_numpy(x.copy())
    else:
        return x
    if requires_grad:
        t = t.detach().requires_grad_(True)   # a leaf, even for the transposed layout
    return t


def _is_tensor(x):
    return isinstance(x, (torch.Tensor, torchlike.Tensor))


def _flat(out):
    """The tensors and plain values of a result, in order (namedtuples, lists, tuples)."""
    if isinstance(out, (tuple, list)) and not isinstance(out, (torch.Size, torchlike.Size)):
        return [y for x in out for y in _flat(x)]
    return [out]


def _compare(ours, theirs, case):
    if hasattr(theirs, "_fields"):     # torch.return_types: same field names
        assert getattr(ours, "_fields", None) == theirs._fields
    a, b = _flat(ours), _flat(theirs)
    assert len(a) == len(b), (ours, theirs)
    for x, y in zip(a, b):
        if isinstance(y, torch.Tensor):
            assert isinstance(x, torchlike.Tensor), f"expected a Tensor, got {type(x).__name__}"
            assert str(x.dtype) == str(y.dtype)
            assert tuple(x.shape) == tuple(y.shape)
            np.testing.assert_allclose(x.detach().numpy(), y.detach().numpy(),
                                       rtol=case.rtol, atol=case.atol, equal_nan=True)
        elif isinstance(y, float):
            assert isinstance(x, float) and np.isclose(x, y, rtol=case.rtol, atol=case.atol)
        else:
            assert type(x) is type(y) or isinstance(y, torch.Size), (x, y)
            assert tuple(x) == tuple(y) if isinstance(y, torch.Size) else x == y


def _grad_inputs(case):
    return [i for i, x in enumerate(case.inputs)
            if isinstance(x, (np.ndarray, T)) and getattr(x, "values", x).dtype == np.float64]


def _run(lib, case, grad_positions=()):
    args = [_tensor(lib, x, i in grad_positions) for i, x in enumerate(case.inputs)]
    return args, case.fn(lib, *args)


@pytest.mark.parametrize("case", CASES)
def test_values_match_torch(case):
    _, ours = _run(torchlike, case)
    _, theirs = _run(torch, case)
    _compare(ours, theirs, case)


def _float_outputs(out):
    return [x for x in _flat(out) if _is_tensor(x) and x.dtype.is_floating_point]


def _wants_grad(case):
    if case.grad is False or not _grad_inputs(case):
        return False
    if case.grad:
        return True
    try:
        _, out = _run(torch, case)
    except Exception:      # a broken case fails in test_values_match_torch, not here
        return False
    return bool(_float_outputs(out))


def _weighted_grads(lib, case, positions):
    args, out = _run(lib, case, positions)
    outs = [o for o in _float_outputs(out) if o.requires_grad]
    if not outs:
        return [None] * len(positions)
    rng = np.random.default_rng(5)
    loss = sum((o * lib.from_numpy(rng.standard_normal(tuple(o.shape)))).sum() for o in outs)
    grads = lib.autograd.grad(loss, [args[i] for i in positions], allow_unused=True)
    return [None if g is None else g.numpy() for g in grads]


@pytest.mark.parametrize("case", [c for c in CASES if _wants_grad(c.values[0])])
def test_gradients_match_torch(case):
    positions = _grad_inputs(case)
    ours = _weighted_grads(torchlike, case, positions)
    theirs = _weighted_grads(torch, case, positions)
    for i, x, y in zip(positions, ours, theirs):
        if y is None or not np.any(y):
            assert x is None or not np.any(x), f"input {i}: torch has no gradient, we have one"
        else:
            assert x is not None, f"input {i}: no gradient"
            np.testing.assert_allclose(x, y, rtol=1e-5, atol=1e-7, err_msg=f"input {i}")


@pytest.mark.parametrize("case", [c for c in CASES
                                  if c.values[0].gradcheck and _wants_grad(c.values[0])])
def test_gradcheck(case):
    positions = _grad_inputs(case)
    args = [_tensor(torchlike, x) for x in case.inputs]
    leaves = [args[i].detach().clone().requires_grad_(True) for i in positions]

    def f(*xs):
        full = list(args)
        for i, x in zip(positions, xs):
            full[i] = x
        return tuple(_float_outputs(case.fn(torchlike, *full)))

    assert torchlike.autograd.gradcheck(f, leaves, eps=1e-6, atol=1e-5, rtol=1e-3)


@pytest.mark.parametrize("case", ERRORS)
def test_errors_match_torch(case):
    with pytest.raises(case.exc):
        case.fn(torch, *[_tensor(torch, x) for x in case.inputs])
    with pytest.raises(case.exc, match=re.escape(case.match)):
        case.fn(torchlike, *[_tensor(torchlike, x) for x in case.inputs])
