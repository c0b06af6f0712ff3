"""gradcheck (float64) of the non-elementwise ops' formulas: reductions, views, indexing,
joins, matrix products, and the nn losses built on them; gradgradcheck where smooth."""
import numpy as np
import pytest

import torchlike as torch
import torchlike.nn.functional as F

rng = np.random.default_rng(7)


def t(*shape, positive=False):
    v = rng.standard_normal(shape)
    if positive:
        v = np.abs(v) + 0.5
    return torch.tensor(v, dtype=torch.float64, requires_grad=True)


IDX = torch.tensor([2, 0, 2])
IDX2 = torch.tensor([[0, 1, 2, 0], [2, 2, 1, 0]])
IDX_UNIQUE = torch.tensor([[0, 1, 2, 0], [2, 2, 1, 1]])    # no two writes to one place
MASK = torch.tensor([[True, False, True, False], [False, True, True, False], [True, True, False, False]])

CASES = {
    "sum": (lambda x: x.sum(), [t(3, 4)]),
    "sum_dims": (lambda x: x.sum((0, 2), keepdim=True), [t(2, 3, 4)]),
    "mean": (lambda x: x.mean(1), [t(3, 4)]),
    "prod": (lambda x: x.prod(1), [t(3, 4, positive=True)]),
    "amax": (lambda x: x.amax(0), [t(3, 4)]),
    "max_dim": (lambda x: x.max(1)[0], [t(3, 4)]),
    "min_all": (lambda x: x.min(), [t(3, 4)]),
    "var": (lambda x: x.var(1), [t(3, 4)]),
    "std": (lambda x: x.std(), [t(3, 4)]),
    "norm": (lambda x: x.norm(), [t(3, 4)]),
    "norm_dim": (lambda x: x.norm(dim=1), [t(3, 4)]),
    "logsumexp": (lambda x: x.logsumexp(1), [t(3, 4)]),
    "cumsum": (lambda x: x.cumsum(1), [t(3, 4)]),
    "cumprod": (lambda x: x.cumprod(1), [t(3, 4, positive=True)]),
    "view": (lambda x: x.view(4, 3) * 2, [t(3, 4)]),
    "reshape_t": (lambda x: x.t().reshape(12), [t(3, 4)]),
    "permute": (lambda x: x.permute(2, 0, 1), [t(2, 3, 4)]),
    "transpose": (lambda x: x.transpose(0, 2), [t(2, 3, 4)]),
    "expand": (lambda x: x.expand(3, 2, 4), [t(2, 1)]),
    "squeeze_unsqueeze": (lambda x: x.squeeze(1).unsqueeze(0), [t(3, 1, 4)]),
    "flatten": (lambda x: x.flatten(1), [t(2, 3, 4)]),
    "narrow": (lambda x: x.narrow(1, 1, 2), [t(3, 4)]),
    "select": (lambda x: x.select(1, 2), [t(3, 4)]),
    "diagonal": (lambda x: x.diagonal(1), [t(3, 4)]),
    "getitem_basic": (lambda x: x[1:, ::2], [t(3, 4)]),
    "getitem_int": (lambda x: x[1], [t(3, 4)]),
    "getitem_advanced_dup": (lambda x: x[IDX], [t(3, 4)]),
    "getitem_mask": (lambda x: x[MASK], [t(3, 4)]),
    "unbind": (lambda x: x.unbind(1)[2] * 3, [t(3, 4)]),
    "split": (lambda x: x.split(3)[1], [t(5, 2)]),
    "chunk": (lambda x: x.chunk(2, 1)[0], [t(3, 4)]),
    "cat": (lambda a, b: torch.cat([a, b], 1), [t(2, 3), t(2, 2)]),
    "stack": (lambda a, b: torch.stack([a, b], 2), [t(2, 3), t(2, 3)]),
    "flip": (lambda x: x.flip(0, 1), [t(3, 4)]),
    "roll": (lambda x: x.roll(1, 1), [t(3, 4)]),
    "repeat": (lambda x: x.repeat(2, 1, 2), [t(2, 3)]),
    "tril": (lambda x: x.tril(), [t(3, 3)]),
    "triu": (lambda x: x.triu(1), [t(3, 4)]),
    "index_select": (lambda x: x.index_select(0, IDX), [t(3, 4)]),
    "gather": (lambda x: x.gather(0, IDX2), [t(3, 4)]),
    "scatter": (lambda x, s: x.scatter(0, IDX_UNIQUE, s), [t(3, 4), t(2, 4)]),
    "scatter_add": (lambda x, s: x.scatter_add(0, IDX2, s), [t(3, 4), t(2, 4)]),
    "index_add": (lambda x, s: x.index_add(0, IDX, s, alpha=2), [t(3, 4), t(3, 4)]),
    "masked_fill": (lambda x: x.masked_fill(MASK, 0.5), [t(3, 4)]),
    "masked_select": (lambda x: x.masked_select(MASK), [t(3, 4)]),
    "take": (lambda x: x.take(IDX2), [t(3, 4)]),
    "where": (lambda a, b: torch.where(MASK, a, b), [t(3, 4), t(4)]),
    "mm": (lambda a, b: a.mm(b), [t(2, 3), t(3, 4)]),
    "bmm": (lambda a, b: a.bmm(b), [t(2, 2, 3), t(2, 3, 2)]),
    "matmul_broadcast": (lambda a, b: a @ b, [t(2, 1, 2, 3), t(3, 3, 2)]),
    "matmul_1d_2d": (lambda a, b: a @ b, [t(3), t(3, 2)]),
    # composites: their kernels dispatch other ops, which autograd records
    "einsum_matmul": (lambda a, b: torch.einsum("ij,jk->ik", a, b), [t(2, 3), t(3, 4)]),
    "einsum_same_operand": (lambda a: torch.einsum("ij,jk", a, a), [t(3, 3)]),
    "einsum_diagonal": (lambda a: torch.einsum("iij->j", a), [t(3, 3, 2)]),
    "einsum_ellipsis_broadcast": (lambda a, b: torch.einsum("...ij,...jk", a, b),
                                  [t(2, 1, 2, 3), t(4, 3, 2)]),
    "einsum_three": (lambda a, b, c: torch.einsum("i,ij,j->", a, b, c), [t(2), t(2, 3), t(3)]),
    "inner": (lambda a, b: torch.inner(a, b), [t(2, 3), t(4, 3)]),
    "aminmax": (lambda a: torch.aminmax(a, dim=1).max - torch.aminmax(a).min, [t(3, 4)]),
    "matmul_2d_1d": (lambda a, b: a.matmul(b), [t(2, 3), t(3)]),
    "dot": (lambda a, b: a.dot(b), [t(3), t(3)]),
    "mv": (lambda a, b: a.mv(b), [t(2, 3), t(3)]),
    "outer": (lambda a, b: torch.outer(a, b), [t(3), t(2)]),
    "addmm": (lambda c, a, b: torch.addmm(c, a, b, beta=0.5, alpha=2), [t(4), t(2, 3), t(3, 4)]),
    "addmv": (lambda c, a, b: torch.addmv(c, a, b), [t(2), t(2, 3), t(3)]),
    "baddbmm": (lambda c, a, b: torch.baddbmm(c, a, b), [t(2, 2, 2), t(2, 2, 3), t(2, 3, 2)]),
    "softmax": (lambda x: F.softmax(x, dim=1), [t(3, 4)]),
    "log_softmax": (lambda x: F.log_softmax(x, dim=1), [t(3, 4)]),
    "cross_entropy": (lambda x: F.cross_entropy(x, torch.tensor([0, 3, 1])), [t(3, 4)]),
    "mse_loss": (lambda a, b: F.mse_loss(a, b), [t(3, 4), t(3, 4)]),
    "linear": (lambda x, w, b: F.linear(x, w, b), [t(2, 3), t(4, 3), t(4)]),
    "setitem_graph": (lambda x, v: _setitem(x, v), [t(3, 4), t(4)]),
    "clone_contiguous": (lambda x: x.t().contiguous().clone(), [t(3, 4)]),
}


def _setitem(x, v):
    y = x * 1
    y[1] = v * 2
    return y


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradcheck(name):
    fn, inputs = CASES[name]
    assert torch.autograd.gradcheck(fn, tuple(inputs))


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradgradcheck(name):
    fn, inputs = CASES[name]
    assert torch.autograd.gradgradcheck(fn, tuple(inputs), atol=1e-4)
