"""Tests that need a GPU (they skip with the reason elsewhere): the op database on cuda
against the CPU, gradcheck in float64 on cuda, a short training run, the allocator's reuse,
and zero-copy exchange with PyTorch / CuPy when installed."""
import os
import sys

import numpy as np
import pytest

import torchlike as torch

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(),
                                reason=f"no usable GPU: {torch.cuda.unavailable_reason()}")

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "core"))


def _opdb_cases():
    import opdb
    return [(op, d) for op, d in opdb.op_dtype_pairs()]


def _on_cuda(x):
    if isinstance(x, (list, tuple)):
        return type(x)(_on_cuda(y) for y in x)
    return x.cuda() if isinstance(x, torch.Tensor) else x


@pytest.mark.parametrize("op,dtype", _opdb_cases() if torch.cuda.is_available() else [],
                         ids=str)
def test_opdb_on_cuda_matches_cpu(op, dtype):
    import opdb
    import torchlike_core as tl
    for sample in op.samples(dtype):
        args = [opdb.materialize(a, tl) for a in sample.args]
        try:
            expected = getattr(torch, op.name)(*args, **sample.kwargs)
        except Exception as e:          # the cpu refuses: cuda must refuse with the same type
            with pytest.raises(type(e)):
                getattr(torch, op.name)(*_on_cuda(args), **sample.kwargs)
            continue
        got = getattr(torch, op.name)(*_on_cuda(args), **sample.kwargs)
        assert got.device.type == "cuda"
        assert got.dtype == expected.dtype
        tol = 1e-2 if torch.float16 in (got.dtype, *[a.dtype for a in args
                                                       if isinstance(a, torch.Tensor)]) else 1e-5
        np.testing.assert_allclose(got.cpu().numpy().astype(np.float64),
                                   expected.numpy().astype(np.float64), rtol=tol, atol=tol,
                                   equal_nan=True)


def test_strided_and_broadcast_operands_are_handled_in_the_kernel():
    a = torch.arange(24.0).reshape(2, 3, 4)
    b = torch.arange(4.0)
    got = (a.cuda().transpose(0, 2) + b.cuda()[:, None, None]).cpu()
    assert torch.equal(got, a.transpose(0, 2) + b[:, None, None])


@pytest.mark.parametrize("dim", [None, 0, 1, (0, 2)])
def test_reductions_match_cpu(dim):
    x = torch.randn(5, 7, 9, dtype=torch.float64)
    for op in ("sum", "mean", "amax", "amin"):
        kw = {} if dim is None else {"dim": dim}
        if dim is None and op in ("amax", "amin"):
            kw = {"dim": (0, 1, 2)}
        got = getattr(torch, op)(x.cuda().transpose(0, 1), **kw).cpu()
        np.testing.assert_allclose(got.numpy(), getattr(torch, op)(x.transpose(0, 1), **kw).numpy(),
                                   rtol=1e-12)


def test_large_sum_uses_the_split_reduction():
    x = torch.ones(1 << 22)
    assert x.cuda().sum().item() == float(1 << 22)


def test_matmul_matches_cpu():
    a, b = torch.randn(33, 17, dtype=torch.float64), torch.randn(17, 9, dtype=torch.float64)
    np.testing.assert_allclose((a.cuda() @ b.cuda()).cpu().numpy(), (a @ b).numpy(), rtol=1e-12)
    np.testing.assert_allclose((a.cuda().t().t() @ b.cuda().t().t()).cpu().numpy(),
                               (a @ b).numpy(), rtol=1e-12)
    x, y = torch.randn(4, 5, 6), torch.randn(6, 3)
    np.testing.assert_allclose(torch.matmul(x.cuda(), y.cuda()).cpu().numpy(),
                               torch.matmul(x, y).numpy(), rtol=1e-4, atol=1e-5)


def test_gradcheck_on_cuda_float64():
    x = torch.randn(4, 3, dtype=torch.float64, device="cuda", requires_grad=True)
    w = torch.randn(3, 2, dtype=torch.float64, device="cuda", requires_grad=True)
    assert torch.autograd.gradcheck(lambda x, w: (x @ w).tanh().sum(), (x, w))


def test_training_a_small_model_on_cuda_reduces_the_loss():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(),
                                torch.nn.Linear(32, 1)).cuda()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.randn(64, 8).cuda()
    y = x.sum(1, keepdim=True)
    losses = []
    for _ in range(50):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0] * 0.5


def _train(model, x, y, loss_fn, steps=30):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def test_the_demo_mlp_trains_with_cross_entropy_on_cuda():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(),
                                torch.nn.Linear(32, 3)).cuda()
    x = torch.randn(64, 8).cuda()
    y = x[:, :3].argmax(1)
    losses = _train(model, x, y, torch.nn.functional.cross_entropy)
    assert all(p.device.type == "cuda" for p in model.parameters())
    assert losses[-1] < losses[0] * 0.7


def test_a_small_cnn_trains_on_cuda():
    torch.manual_seed(0)
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(4 * 4 * 4, 2)).cuda()
    x = torch.randn(16, 1, 8, 8).cuda()
    y = (x.sum((1, 2, 3)) > 0).long()
    losses = _train(model, x, y, nn.functional.cross_entropy)
    assert losses[-1] < losses[0]
    for p in model.parameters():
        assert p.grad is not None and p.grad.device == p.device


def test_copies_between_cpu_and_cuda_and_cpu_scalars():
    a = torch.zeros(3, device="cuda")
    a.copy_(torch.arange(3.0))
    assert a.cpu().tolist() == [0.0, 1.0, 2.0]
    c = torch.zeros(3)
    c.copy_(a * 2)
    assert c.tolist() == [0.0, 2.0, 4.0]
    assert (a + torch.tensor(1.0)).cpu().tolist() == [1.0, 2.0, 3.0]
    assert torch.tensor(3.0, device="cuda").shape == ()
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        a + torch.ones(3)
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        torch.add(a, a, out=torch.empty(3))


def test_matmul_of_expanded_and_transposed_operands():
    r, c, b = torch.randn(1, 4), torch.randn(5, 1), torch.randn(4, 3)
    np.testing.assert_allclose((r.cuda().expand(5, 4) @ b.cuda()).cpu().numpy(),
                               (r.expand(5, 4) @ b).numpy(), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose((c.cuda().expand(5, 4) @ b.cuda()).cpu().numpy(),
                               (c.expand(5, 4) @ b).numpy(), rtol=1e-5, atol=1e-5)
    a3, bb = torch.randn(2, 5, 4), torch.randn(2, 3, 4)
    np.testing.assert_allclose((a3.cuda() @ bb.cuda().transpose(1, 2)).cpu().numpy(),
                               (a3 @ bb.transpose(1, 2)).numpy(), rtol=1e-5, atol=1e-5)


def test_ops_added_for_training_match_cpu():
    x = torch.randn(4, 5)
    g = x.cuda()
    for f in (lambda t: t.flip(0, 1), lambda t: t.repeat(2, 1, 3), lambda t: t.tril(),
              lambda t: t.triu(1), lambda t: t.float(), lambda t: t.long(),
              lambda t: t.clone().cumsum_(1), lambda t: t.sort(1).values,
              lambda t: t.topk(2).indices,
              lambda t: torch.zeros(3, 5, device=t.device).index_add_(
                  0, torch.tensor([0, 2, 0, 1], device=t.device), t)):
        np.testing.assert_allclose(f(g).cpu().numpy(), f(x).numpy(), rtol=1e-5, atol=1e-6)


def test_allocator_reuses_freed_blocks():
    torch.cuda.empty_cache()
    a = torch.empty(1 << 20, device="cuda")
    ptr = a.data_ptr()
    allocated = torch.cuda.memory_allocated()
    del a
    assert torch.cuda.memory_allocated() == allocated - (1 << 22)
    b = torch.empty(1 << 20, device="cuda")
    assert b.data_ptr() == ptr
    assert torch.cuda.memory_reserved() >= torch.cuda.memory_allocated()
    assert torch.cuda.max_memory_allocated() >= torch.cuda.memory_allocated()


def test_rng_is_reproducible_under_manual_seed():
    torch.cuda.manual_seed(3)
    a = torch.empty(1000, device="cuda").uniform_()
    torch.cuda.manual_seed(3)
    b = torch.empty(1000, device="cuda").uniform_()
    assert torch.equal(a.cpu(), b.cpu())
    v = a.cpu().numpy()
    assert 0 <= v.min() and v.max() < 1 and abs(v.mean() - 0.5) < 0.05


def test_numpy_of_a_cuda_tensor_raises_type_error():
    t = torch.ones(2, device="cuda")
    with pytest.raises(TypeError, match="can't convert cuda:0 device type tensor to numpy"):
        t.numpy()
    assert "device='cuda:0'" in repr(t)


def test_exchange_with_pytorch():
    real = pytest.importorskip("torch")
    if not real.cuda.is_available():
        pytest.skip("PyTorch has no CUDA here")
    t = torch.arange(6.0, device="cuda").reshape(2, 3)
    r = real.from_dlpack(t.__dlpack__())
    assert r.device.type == "cuda" and r.cpu().tolist() == [[0, 1, 2], [3, 4, 5]]
    r2 = real.as_tensor(t, device="cuda")        # through __cuda_array_interface__
    assert r2.data_ptr() == t.data_ptr()


def test_exchange_with_cupy():
    cupy = pytest.importorskip("cupy")
    t = torch.arange(4, device="cuda")
    c = cupy.asarray(t)
    assert c.data.ptr == t.data_ptr() and c.tolist() == [0, 1, 2, 3]


needs_two = pytest.mark.skipif(torch.cuda.device_count() < 2, reason="needs two CUDA devices")


@needs_two
def test_a_second_device_holds_its_own_tensors():
    a = torch.arange(6.0).reshape(2, 3)
    b = a.to("cuda:1")
    assert b.device == torch.device("cuda:1")
    got = (b * 2 + b.t().t()).sum(0)
    assert got.device == torch.device("cuda:1")
    assert got.cpu().tolist() == (a * 3).sum(0).tolist()
    c = b.to("cuda:0")
    assert c.device == torch.device("cuda:0") and torch.equal(c.cpu(), a)
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        b + c


@needs_two
def test_set_device_and_the_device_context_choose_where_tensors_go():
    with torch.cuda.device(1):
        assert torch.cuda.current_device() == 1
        assert torch.zeros(2, device="cuda").device == torch.device("cuda:1")
        assert torch.ones(2).cuda().device == torch.device("cuda:1")
    assert torch.cuda.current_device() == 0
    assert torch.zeros(2, device="cuda").device == torch.device("cuda:0")


def test_gradgradcheck_on_cuda_float64():
    x = torch.randn(3, dtype=torch.float64, device="cuda", requires_grad=True)
    assert torch.autograd.gradgradcheck(lambda x: (x * x.sin()).sum(), (x,))


def test_round_with_decimals_and_nan_to_num_match_cpu():
    x = torch.tensor([1.2345, -2.5551, float("nan"), float("inf"), -float("inf"), 125.0])
    for dt in (torch.float16, torch.float32, torch.float64):
        for d in (-1, 0, 2):
            np.testing.assert_array_equal(x.to(dt).cuda().round(decimals=d).cpu().numpy(),
                                          x.to(dt).round(decimals=d).numpy())
        np.testing.assert_array_equal(x.to(dt).cuda().nan_to_num().cpu().numpy(),
                                      x.to(dt).nan_to_num().numpy())
        np.testing.assert_array_equal(x.to(dt).cuda().nan_to_num(1.0, 2.0, -3.0).cpu().numpy(),
                                      x.to(dt).nan_to_num(1.0, 2.0, -3.0).numpy())


def test_add_with_alpha_keeps_the_operands_dtype():
    for dt in (torch.bool, torch.uint8, torch.int32, torch.float16, torch.float32):
        a = torch.tensor([0, 1, 1, 0]).to(dt)
        b = torch.tensor([1, 1, 0, 0]).to(dt)
        alpha = 0.5 if dt.is_floating_point else 3
        got = torch.add(a.cuda(), b.cuda(), alpha=alpha)
        want = torch.add(a, b, alpha=alpha)
        assert got.dtype == want.dtype and torch.equal(got.cpu(), want)
        if dt is not torch.bool:
            got = a.cuda().sub_(b.cuda(), alpha=alpha)
            assert torch.equal(got.cpu(), a.sub(b, alpha=alpha))


def test_the_demo_trains_on_cuda():
    from torchlike import demo
    assert demo.main(["--epochs", "3", "--device", "cuda"]) > 0.85


def test_mixed_operand_dtypes_match_cpu():
    gen = np.random.default_rng(0)
    names = ("bool", "uint8", "int8", "int32", "int64", "float16", "float32", "float64")
    for a_name in names:
        for b_name in names:
            a = torch.tensor(gen.integers(0, 5, (3, 4))).to(getattr(torch, a_name))
            b = torch.tensor(gen.integers(1, 5, (4,))).to(getattr(torch, b_name))
            for f in (torch.add, torch.mul, torch.maximum, torch.lt, torch.true_divide,
                      lambda x, y: torch.where(x > 1, x, y.t() if y.dim() > 1 else y)):
                try:
                    want = f(a, b)
                except RuntimeError:
                    continue
                got = f(a.cuda().t().t(), b.cuda())
                assert got.dtype == want.dtype, (a_name, b_name, f)
                np.testing.assert_allclose(got.cpu().numpy().astype(np.float64),
                                           want.numpy().astype(np.float64), rtol=1e-3)


def test_trunc_division_rounds_in_the_result_dtype_not_out_dtype():
    a, b = torch.tensor([2049.9, 4099.0]), torch.tensor([1.0, 2.0])
    out = torch.empty(2, dtype=torch.float16, device="cuda")
    torch.div(a.cuda(), b.cuda(), rounding_mode="trunc", out=out)
    want = torch.empty(2, dtype=torch.float16)
    torch.div(a, b, rounding_mode="trunc", out=want)
    assert torch.equal(out.cpu(), want)
    h = a.half()
    assert torch.equal(torch.div(h.cuda(), b.half().cuda(), rounding_mode="trunc").cpu(),
                       torch.div(h, b.half(), rounding_mode="trunc"))
