"""Every op of the core's cpu column runs on cuda (a cuda kernel, a composite of dispatched
ops, or the host fallback: torchlike_cuda/_register.py), and gives the cpu's result there:
one sample per op that has no test of its own in tests/cuda, compared value for value.
Optimizer steps and gradient clipping, which use several of them, run on cuda too."""
import math

import numpy as np
import pytest

import torchlike as torch

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(),
                                reason=f"no usable GPU: {torch.cuda.unavailable_reason()}")

# factories: they take device= (tests/cuda/test_cuda_device.py) instead of a tensor argument
FACTORIES = {"rand", "randint", "randn", "randperm"}


def test_every_cpu_op_has_a_cuda_kernel():
    from torchlike_core import _dispatch
    missing = set(_dispatch.registered("cpu")) - set(_dispatch.registered("cuda"))
    assert missing <= FACTORIES, sorted(missing - FACTORIES)


def _m(d, *shape, offset=0.0):
    """Deterministic float64 values of `shape` on device d."""
    n = math.prod(shape)
    return (torch.arange(n, dtype=torch.float64).sin() * 3 + offset).reshape(shape).to(d)


def _spd(d):
    a = _m("cpu", 3, 3)
    return (a @ a.t() + 3 * torch.eye(3, dtype=torch.float64)).to(d)


def _idx(d, *values):
    return torch.tensor(values, device=d)


SAMPLES = {
    # composites of dispatched ops
    "atleast_3d": lambda d: torch.atleast_3d(_m(d, 4)),
    "broadcast_tensors": lambda d: torch.broadcast_tensors(_m(d, 3, 1), _m(d, 4)),
    "meshgrid": lambda d: torch.meshgrid(_m(d, 2), _m(d, 3), indexing="ij"),
    "tensor_split": lambda d: torch.tensor_split(_m(d, 7, 2), 3),
    "hsplit": lambda d: torch.hsplit(_m(d, 2, 4), 2),
    "stacks": lambda d: (torch.hstack([_m(d, 2), _m(d, 3)]), torch.vstack([_m(d, 3), _m(d, 3)]),
                         torch.dstack([_m(d, 2, 2), _m(d, 2, 2)]),
                         torch.column_stack([_m(d, 3), _m(d, 3, 2)])),
    "flips": lambda d: (torch.fliplr(_m(d, 2, 3)), torch.flipud(_m(d, 2, 3))),
    "tile": lambda d: _m(d, 2, 3).tile((2, 1, 2)),
    "repeat_interleave": lambda d: _m(d, 3).repeat_interleave(_idx(d, 1, 0, 2)),
    "take_along_dim": lambda d: torch.take_along_dim(_m(d, 2, 3), _idx(d, [2, 0, 1], [1, 1, 0]),
                                                     dim=1),
    "products": lambda d: (torch.kron(_m(d, 2, 2), _m(d, 2, 3)), torch.inner(_m(d, 2, 3),
                                                                             _m(d, 4, 3)),
                           torch.tensordot(_m(d, 2, 3, 4), _m(d, 3, 4, 2), dims=2),
                           torch.einsum("ij,jk->ik", _m(d, 2, 3), _m(d, 3, 2)),
                           torch.linalg.multi_dot([_m(d, 2, 3), _m(d, 3, 3), _m(d, 3, 1)])),
    "cross": lambda d: torch.cross(_m(d, 4, 3), _m(d, 4, 3, offset=1), dim=1),
    "diagflat": lambda d: torch.diagflat(_m(d, 3), 1),
    "distances": lambda d: (torch.dist(_m(d, 3, 2), _m(d, 2), 3),
                            torch.cdist(_m(d, 4, 3), _m(d, 5, 3))),
    "aminmax": lambda d: torch.aminmax(_m(d, 3, 4), dim=1),
    "msort": lambda d: torch.msort(_m(d, 4, 2)),
    "trapezoid": lambda d: (torch.trapezoid(_m(d, 5)), torch.cumulative_trapezoid(_m(d, 5))),
    "float_power_": lambda d: _m(d, 4).abs().float_power_(1.5),
    "norms": lambda d: (torch.linalg.vector_norm(_m(d, 3, 4), 3, dim=1),
                        torch.linalg.norm(_m(d, 3, 4)), torch.linalg.matrix_norm(_m(d, 3, 4), 1),
                        torch.linalg.matrix_norm(_m(d, 3, 4), "nuc"),
                        _m(d, 2, 5).norm(float("inf"), dim=1, keepdim=True),
                        _m(d, 2, 5).norm(0), _m(d, 2, 5).norm(0.5),
                        _m(d, 6).half().norm(), _m(d, 2, 3).float().norm(dtype=torch.float64)),
    "linalg_composites": lambda d: (torch.linalg.inv(_spd(d)), torch.inverse(_spd(d)),
                                    torch.linalg.solve(_spd(d), _m(d, 3, 2)),
                                    torch.linalg.cholesky(_spd(d)),
                                    torch.cholesky_inverse(torch.linalg.cholesky(_spd(d))),
                                    torch.linalg.cond(_spd(d)), torch.logdet(_spd(d)),
                                    torch.slogdet(_spd(d)), torch.matrix_power(_spd(d), 3),
                                    torch.linalg.eigvalsh(_spd(d)), torch.linalg.svdvals(_spd(d)),
                                    torch.linalg.matrix_rank(_spd(d)), torch.pinverse(_m(d, 3, 2)),
                                    torch.linalg.vecdot(_m(d, 2, 3), _m(d, 2, 3)),
                                    torch.linalg.diagonal(_m(d, 2, 3, 3))),
    "var_mean": lambda d: (torch.var_mean(_m(d, 3, 4), dim=1),
                           torch.std_mean(_m(d, 3, 4), correction=0)),
    "unfold": lambda d: _m(d, 2, 7).unfold(1, 3, 2),
    "masked_select": lambda d: _m(d, 3, 4).masked_select(_m(d, 4) > 0),
    # through the host
    "sorting": lambda d: (_m(d, 3, 4).argsort(dim=1), _m(d, 3, 4).kthvalue(2, dim=1),
                          _m(d, 3, 5).median(dim=1), torch.nanmedian(_m(d, 5)),
                          torch.mode(torch.tensor([[1, 2, 2], [3, 3, 1]], device=d), 1),
                          torch.unique(torch.tensor([3, 1, 3, 2], device=d), return_counts=True),
                          torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 1], device=d)),
                          torch.searchsorted(_idx(d, 1, 3, 5), _idx(d, 0, 3, 6)),
                          torch.bucketize(_idx(d, 0, 3, 6), _idx(d, 1, 3, 5)),
                          torch.bincount(_idx(d, 0, 2, 2, 5)), torch.histc(_m(d, 10), 4),
                          torch.argwhere(_m(d, 2, 3) > 0)),
    "scans": lambda d: (torch.cummax(_m(d, 5), 0), torch.cummin(_m(d, 2, 3), 1),
                        torch.logcumsumexp(_m(d, 4), 0)),
    "nan_reductions": lambda d: (torch.nansum(torch.tensor([1.0, math.nan, 2.0], device=d)),
                                 torch.nanmean(torch.tensor([1.0, math.nan, 2.0], device=d)),
                                 torch.count_nonzero(_m(d, 2, 3).round(), dim=1)),
    "comparisons": lambda d: (torch.isclose(_m(d, 3), _m(d, 3) + 1e-9), torch.allclose(
        _m(d, 3), _m(d, 3)), torch.equal(_m(d, 3), _m(d, 3, offset=1))),
    "small_linalg": lambda d: (torch.outer(_m(d, 2), _m(d, 3)), torch.vdot(_m(d, 3), _m(d, 3)),
                               torch.trace(_m(d, 3, 3)), torch.diag(_m(d, 3)),
                               torch.diag_embed(_m(d, 2, 3)), torch.det(_spd(d))),
    "moves": lambda d: (torch.roll(_m(d, 2, 3), 1, 1), torch.rot90(_m(d, 2, 3)),
                        torch.take(_m(d, 2, 3), _idx(d, 0, 5)), _m(d, 4, 2).narrow_copy(0, 1, 2)),
    "index_writes": lambda d: (
        _m(d, 3, 2).index_copy(0, _idx(d, 2, 0), _m(d, 2, 2, offset=9)),
        _m(d, 3, 2).index_fill_(1, _idx(d, 1), -1.0),
        _m(d, 3).index_put_((_idx(d, 0, 0),), _m(d, 2), accumulate=True),
        _m(d, 3).index_put((_idx(d, 2),), _m(d, 1)),
        _m(d, 2, 2).masked_scatter(_m(d, 2, 2) > 0, _m(d, 4, offset=5)),
        _m(d, 3).scatter_reduce(0, _idx(d, 0, 0, 2), _m(d, 3), "amax")),
    "pads": lambda d: (torch.nn.functional.pad(_m(d, 1, 2, 4), (2, 1), mode="reflect"),
                       torch.nn.functional.pad(_m(d, 1, 2, 4), (1, 3), mode="replicate")),
    "blas_updates": lambda d: (torch.addmv(_m(d, 2), _m(d, 2, 3), _m(d, 3), beta=0.5),
                               torch.addr(_m(d, 2, 3), _m(d, 2), _m(d, 3)),
                               torch.baddbmm(_m(d, 2, 2, 2), _m(d, 2, 2, 3), _m(d, 2, 3, 2)),
                               torch.addbmm(_m(d, 2, 2), _m(d, 2, 2, 3), _m(d, 2, 3, 2))),
    "solvers": lambda d: (torch.linalg.cholesky_ex(_spd(d)), torch.cholesky(_spd(d)),
                          torch.cholesky_solve(_m(d, 3, 1), torch.linalg.cholesky(_spd(d))),
                          torch.linalg.solve_triangular(torch.linalg.cholesky(_spd(d)),
                                                        _m(d, 3, 2), upper=False),
                          torch.triangular_solve(_m(d, 3, 2), torch.linalg.cholesky(_spd(d)),
                                                 upper=False),
                          torch.linalg.inv_ex(_spd(d)), torch.linalg.solve_ex(_spd(d), _m(d, 3)),
                          torch.linalg.slogdet(_spd(d)), torch.linalg.lstsq(_spd(d),
                                                                            _m(d, 3, 1)).solution,
                          torch.linalg.pinv(_m(d, 3, 2)), torch.linalg.cross(_m(d, 3),
                                                                             _m(d, 3, offset=1))),
    "decompositions": lambda d: (torch.linalg.eigh(_spd(d)).eigenvalues,
                                 torch.linalg.svd(_spd(d)).S, torch.svd(_spd(d)).S,
                                 torch.linalg.qr(_spd(d)).R.abs(), torch.qr(_spd(d)).R.abs()),
    "special": lambda d: (torch.digamma(_m(d, 3).abs() + 1), torch.polygamma(1, _m(d, 3).abs() + 1)),
}


def _flat(x):
    if isinstance(x, (list, tuple)):
        return [y for item in x for y in _flat(item)]
    return [x]


@pytest.mark.parametrize("name", SAMPLES)
def test_op_on_cuda_matches_cpu(name):
    want, got = _flat(SAMPLES[name]("cpu")), _flat(SAMPLES[name]("cuda"))
    assert len(got) == len(want)
    for w, g in zip(want, got):
        if isinstance(w, torch.Tensor):
            assert g.device.type == "cuda" and g.dtype == w.dtype and g.shape == w.shape
            np.testing.assert_allclose(g.cpu().numpy(), w.numpy(), rtol=1e-6, atol=1e-9)
        else:
            assert g == w


def test_apply_is_refused_on_cuda_as_pytorch():
    with pytest.raises(RuntimeError, match="apply_ is only implemented on CPU tensors"):
        torch.ones(2, device="cuda").apply_(lambda v: v)


@pytest.mark.parametrize("name", ["Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax",
                                  "NAdam", "RAdam"])
def test_optimizers_step_on_cuda_as_on_the_cpu(name):
    """Their update steps use lerp_, addcmul_ and addcdiv_; gradient clipping uses norm."""
    results = []
    for dev in ("cpu", "cuda"):
        torch.manual_seed(0)
        model = torch.nn.Linear(3, 2).double().to(dev)
        opt = getattr(torch.optim, name)(model.parameters(), lr=0.1)
        x = _m(dev, 4, 3)
        for _ in range(3):
            opt.zero_grad()
            (model(x) ** 2).sum().backward()
            total = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
        results.append([p.detach().cpu().numpy() for p in model.parameters()] + [total.item()])
    for want, got in zip(*results):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("fn", [
    lambda x: torch.inverse(x @ x.t() + torch.eye(3, dtype=x.dtype, device=x.device)),
    lambda x: x.sort(dim=1).values, lambda x: torch.cummax(x, 0).values,
    lambda x: x.repeat_interleave(2, dim=0),
    lambda x: torch.take_along_dim(x, torch.tensor([[2, 0, 1]], device=x.device), dim=1),
    lambda x: torch.einsum("ij,jk->ik", x, x)], ids=["inverse", "sort", "cummax",
                                                     "repeat_interleave", "take_along_dim",
                                                     "einsum"])
def test_gradients_flow_back_through_host_fallbacks(fn):
    """Composites among them record their moves to and from the host (Note [Host
    fallback]); the others have formulas of their own."""
    x = _m("cuda", 3, 3).requires_grad_()
    assert torch.autograd.gradcheck(fn, (x,))
    fn(x).sum().backward()
    assert x.grad.device.type == "cuda"
