"""Ops whose cuda kernels are made of device kernels (torchlike_cuda/_kernels_nn.py, the
index checks of _kernels_index.py, arange) give the cpu's values, gradients and errors, and
a training step of a convolutional classifier moves no tensor data across the bus."""
import re

import numpy as np
import pytest

import torchlike as torch
import torchlike.nn.functional as F

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(),
                                reason=f"no usable GPU: {torch.cuda.unavailable_reason()}")

FOLDS = [dict(kernel_size=3),
         dict(kernel_size=(2, 3), padding=1, stride=2, dilation=(1, 2)),
         dict(kernel_size=2, stride=1, padding=(0, 2))]


def _same(got, want):
    assert got.device.type == "cuda" and got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got.cpu().numpy(), want.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kw", FOLDS, ids=str)
def test_unfold_and_fold_match_cpu(kw):
    x = torch.randn(2, 3, 7, 6, dtype=torch.float64)
    for image in (x, x[0], x.transpose(2, 3)):           # batched, unbatched, strided
        cols = F.unfold(image, **kw)
        _same(F.unfold(image.cuda(), **kw), cols)
        size = image.shape[-2:]
        _same(F.fold(cols.cuda(), size, **kw), F.fold(cols, size, **kw))


@pytest.mark.parametrize("kw", FOLDS[:2], ids=str)
def test_unfold_and_fold_gradcheck_on_cuda(kw):
    x = torch.randn(1, 2, 6, 5, dtype=torch.float64, device="cuda", requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: F.unfold(t, **kw), (x,))
    cols = F.unfold(x.detach(), **kw).requires_grad_()
    assert torch.autograd.gradcheck(lambda t: F.fold(t, (6, 5), **kw), (cols,))


def test_fold_errors_match_cpu():
    for call in (lambda d: F.unfold(torch.ones(1, 1, 2, 2, device=d), 3),
                 lambda d: F.fold(torch.ones(1, 4, 5, device=d), (3, 3), 2),
                 lambda d: F.fold(torch.ones(1, 5, 4, device=d), (3, 3), 2)):
        with pytest.raises(RuntimeError) as cpu:
            call("cpu")
        with pytest.raises(RuntimeError) as cuda:
            call("cuda")
        assert str(cuda.value) == str(cpu.value)


@pytest.mark.parametrize("pad", [(1, 2), (1, 1, 2, 0), (-1, 2, 0, -3), (0, 0, 0, 0, 1, 1),
                                 (-3, 0)], ids=str)
@pytest.mark.parametrize("dtype", [torch.float64, torch.int32, torch.float16], ids=str)
def test_constant_pad_matches_cpu(pad, dtype):
    x = torch.arange(2 * 3 * 4 * 3).reshape(2, 3, 4, 3).to(dtype)
    for value in (0, 2):
        want = F.pad(x, pad, value=value)
        got = F.pad(x.cuda(), pad, value=value)
        assert got.dtype == want.dtype and got.shape == want.shape
        assert got._version == 0
        np.testing.assert_array_equal(got.cpu().numpy(), want.numpy())


def test_constant_pad_gradcheck_and_error_on_cuda():
    x = torch.randn(2, 3, 4, dtype=torch.float64, device="cuda", requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: F.pad(t, (1, -1, 2, 0), value=3.0), (x,))
    with pytest.raises(RuntimeError, match="resulted in a negative output size"):
        F.pad(x, (-3, -2))


NLL_CASES = {"1d": ((5,), ()), "2d": ((6, 5), (6,)), "4d": ((2, 5, 3, 2), (2, 3, 2))}


@pytest.mark.parametrize("shape", NLL_CASES, ids=str)
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("weighted", [False, True])
def test_nll_loss_and_its_gradient_match_cpu(shape, reduction, weighted):
    x_shape, t_shape = NLL_CASES[shape]
    torch.manual_seed(1)
    x = torch.randn(*x_shape, dtype=torch.float64)
    t = torch.randint(0, 5, t_shape)
    if t.numel() > 1:
        t.view(-1)[1] = -100                          # one ignored target
    w = torch.rand(5, dtype=torch.float64) if weighted else None
    results = []
    for dev in ("cpu", "cuda"):
        xd = x.detach().to(dev).requires_grad_()
        loss = F.nll_loss(xd, t.to(dev), weight=None if w is None else w.to(dev),
                          reduction=reduction)
        (loss * torch.arange(1.0, loss.numel() + 1, dtype=torch.float64, device=dev)
         .reshape(loss.shape)).sum().backward()
        assert loss.device.type == dev and xd.grad.device.type == dev
        results.append((loss.detach().cpu().numpy(), xd.grad.cpu().numpy()))
    for cpu, cuda in zip(*results):
        np.testing.assert_allclose(cuda, cpu, rtol=1e-12, atol=1e-12)


def test_nll_loss_gradcheck_and_all_ignored_on_cuda():
    x = torch.randn(4, 3, dtype=torch.float64, device="cuda", requires_grad=True)
    t = torch.tensor([2, 0, -100, 1], device="cuda")
    w = torch.tensor([0.5, 2.0, 1.0], dtype=torch.float64, device="cuda")
    assert torch.autograd.gradcheck(lambda y: F.nll_loss(y, t, weight=w), (x,))
    assert torch.autograd.gradgradcheck(lambda y: F.cross_entropy(y, t), (x,))
    ignored = torch.full((4,), -100, device="cuda")
    loss = F.nll_loss(x, ignored)
    loss.backward()
    assert np.isnan(loss.item()) and not x.grad.cpu().numpy().any()


def test_bad_indices_raise_the_cpu_errors_on_cuda():
    x = torch.arange(6.0).reshape(2, 3)
    calls = {IndexError: [lambda d: F.nll_loss(x.to(d), torch.tensor([0, 3], device=d)),
                          lambda d: F.nll_loss(x.to(d), torch.tensor([0, -2], device=d),
                                               weight=torch.ones(3, device=d)),
                          lambda d: x.to(d).index_select(0, torch.tensor([0, -1], device=d))],
             RuntimeError: [lambda d: x.to(d).gather(1, torch.tensor([[0], [-1]], device=d)),
                            lambda d: x.to(d).gather(1, torch.tensor([[0], [3]], device=d)),
                            lambda d: x.to(d).scatter_(0, torch.tensor([[2, 0, 0]], device=d),
                                                       1.0),
                            lambda d: x.to(d).scatter_add_(1, torch.tensor([[0, 5]], device=d),
                                                           torch.ones(1, 2, device=d))]}
    for exc, fns in calls.items():
        for call in fns:
            with pytest.raises(exc) as cpu:
                call("cpu")
            target = x.cuda()
            with pytest.raises(exc) as cuda:
                call("cuda")
            assert str(cuda.value) == str(cpu.value)
            assert target.cpu().tolist() == x.tolist()        # nothing was written


ARANGES = [((10,), {}), ((1, 2.5, 0.1), {}), ((0.5, 7), dict(dtype=torch.int64)),
           ((-3, 20, 3), dict(dtype=torch.int16)), ((0, 1, 0.01), dict(dtype=torch.float16)),
           ((5,), dict(dtype=torch.float64, requires_grad=True)), ((0,), {})]


@pytest.mark.parametrize("args,kw", ARANGES, ids=str)
def test_arange_is_computed_on_the_device(args, kw, monkeypatch):
    import pycuda.driver as drv
    want = torch.arange(*args, **kw)
    monkeypatch.setattr(drv, "memcpy_htod", lambda *a: pytest.fail("copied from the host"))
    got = torch.arange(*args, device="cuda", **kw)
    monkeypatch.undo()
    assert got.device.type == "cuda" and got.dtype == want.dtype
    assert got.requires_grad == want.requires_grad
    np.testing.assert_array_equal(got.detach().cpu().numpy(), want.detach().numpy())


def test_a_conv_training_step_moves_no_tensor_data_across_the_bus(monkeypatch):
    """Only a one-byte flag per index check comes back (PyTorch asserts on the device)."""
    import pycuda.driver as drv
    nn = torch.nn
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(4 * 4 * 4, 10)).cuda()
    x, y = torch.randn(8, 1, 8, 8, device="cuda"), torch.randint(0, 10, (8,), device="cuda")
    opt = torch.optim.SGD(model.parameters(), lr=0.1)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    first = step().item()
    copies = []
    for name, host in (("memcpy_dtoh", 0), ("memcpy_htod", 1)):
        def spy(*args, _real=getattr(drv, name), _name=name, _host=host):
            copies.append((_name, np.asarray(args[_host]).nbytes))
            return _real(*args)
        monkeypatch.setattr(drv, name, spy)
    loss = step()
    monkeypatch.undo()
    assert loss.item() < first
    assert copies and all(nbytes <= 1 for _, nbytes in copies), copies


def test_fill_values_are_checked_on_cuda_as_on_the_cpu():
    mask = torch.tensor([True, False], device="cuda")
    for call in (lambda: torch.full((2,), 300, dtype=torch.uint8, device="cuda"),
                 lambda: torch.zeros(2, dtype=torch.int8, device="cuda").fill_(-128.5),
                 lambda: torch.full_like(torch.zeros(2, dtype=torch.int64, device="cuda"),
                                         float("nan")),
                 lambda: torch.zeros(2, dtype=torch.uint8, device="cuda").masked_fill(mask, 256)):
        with pytest.raises(RuntimeError, match="without overflow"):
            call()
    assert torch.full((2,), -1, dtype=torch.uint8, device="cuda").tolist() == [255, 255]
    assert torch.zeros(2, dtype=torch.int8, device="cuda").fill_(
        torch.tensor(300, device="cuda")).tolist() == [44, 44]


COPIES = {"clone": lambda x: x.clone(), "zeros_like": torch.zeros_like,
          "full_like": lambda x: torch.full_like(x, 2.0), "empty_like": torch.empty_like,
          "double": lambda x: x.double(), "contiguous": lambda x: x.contiguous(),
          "contiguous_channels_last": lambda x: x.contiguous(memory_format=torch.channels_last),
          "to_channels_last": lambda x: x.to(memory_format=torch.channels_last),
          "clone_contiguous_format": lambda x: x.clone(memory_format=torch.contiguous_format)}


@pytest.mark.parametrize("name", COPIES)
def test_copies_on_cuda_take_the_cpu_layout(name):
    x = torch.arange(120.0).reshape(2, 3, 4, 5).transpose(1, 2)
    want, got = COPIES[name](x), COPIES[name](x.cuda())
    assert got.device.type == "cuda" and got.dtype == want.dtype
    assert got.stride() == want.stride()
    if name != "empty_like":
        np.testing.assert_array_equal(got.cpu().numpy(), want.numpy())


def test_transfers_keep_a_permuted_layout_as_pytorch():
    x = torch.arange(24.0).reshape(2, 3, 4).permute(2, 0, 1)
    for moved in (x.cuda(), x.to("cuda", torch.float64), x.cuda().cpu(),
                  x.cuda().to("cpu", torch.int32)):
        assert moved.stride() == x.stride()
        np.testing.assert_array_equal(moved.cpu().numpy(), x.numpy())
    sliced = x[:, :, ::2]                       # not dense: it arrives contiguous
    assert sliced.cuda().is_contiguous() and sliced.cuda().cpu().tolist() == sliced.tolist()


@pytest.mark.parametrize("mode", ["reflect", "replicate"])
@pytest.mark.parametrize("pad", [(2, 1, 0, 3), (1, 2, 2, 0), (-1, 2, 1, 1)], ids=str)
def test_index_pads_and_their_gradients_match_cpu(mode, pad):
    x = torch.arange(2 * 3 * 4 * 5, dtype=torch.float64).reshape(2, 3, 4, 5).sin()
    results = []
    for dev in ("cpu", "cuda"):
        xd = x.detach().to(dev).requires_grad_()
        y = F.pad(xd, pad, mode=mode)
        (y * y).sum().backward()
        results.append((y.detach().cpu().numpy(), xd.grad.cpu().numpy()))
    for cpu, cuda in zip(*results):
        np.testing.assert_allclose(cuda, cpu, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("index", [[3, -1, 0, 0], [[0, -4], [2, 1]], 2, []], ids=str)
def test_rows_by_a_cuda_index_stay_on_the_device(index, monkeypatch):
    import pycuda.driver as drv
    x = torch.arange(24.0).reshape(4, 3, 2)
    idx = torch.tensor(index, dtype=torch.int64)
    want, xc, ic = x[idx], x.cuda(), idx.cuda()
    copies = []
    monkeypatch.setattr(drv, "memcpy_htod", lambda *a: pytest.fail("copied from the host"))
    real = drv.memcpy_dtoh
    monkeypatch.setattr(drv, "memcpy_dtoh", lambda dst, src: (copies.append(dst.nbytes),
                                                               real(dst, src)))
    got = xc[ic]
    monkeypatch.undo()
    assert all(n <= 1 for n in copies)                   # the bounds flag at most
    assert got.shape == want.shape
    np.testing.assert_array_equal(got.cpu().numpy(), want.numpy())
    for bad in (4, -5):
        with pytest.raises(IndexError, match=f"^index {bad} is out of bounds for dimension 0 "
                                             "with size 4$"):
            xc[torch.tensor([0, bad], device="cuda")]


@pytest.mark.parametrize("make", [
    lambda x: F.unfold(x * 1, 2), lambda x: F.fold(F.unfold(x * 1, 2), (4, 4), 2),
    lambda x: (x * 1).reshape(4, 4)[torch.tensor([0, 0, 3], device=x.device)],
    lambda x: F.unfold((x * 1)[0], 2), lambda x: (x * 1).reshape(4, 4).t()],
    ids=["unfold", "fold", "rows", "unfold_unbatched", "view"])
def test_in_place_on_results_then_backward_as_on_the_cpu(make):
    """Kernel results are new tensors, not views of a buffer; writes through real views
    find their positions on the device."""
    grads = []
    for dev in ("cpu", "cuda"):
        x = torch.arange(1.0, 17.0, device=dev).reshape(1, 1, 4, 4).requires_grad_()
        y = make(x)
        y.mul_(torch.arange(float(y.numel()), device=dev).reshape(y.shape))
        y.sum().backward()
        grads.append(x.grad.cpu().numpy())
    np.testing.assert_array_equal(grads[1], grads[0])


def test_out_tensors_of_another_shape_are_resized_on_cuda():
    import warnings
    x = torch.arange(12.0, device="cuda").reshape(3, 4)
    for call in (lambda out: torch.norm(x, dim=0, out=out),
                 lambda out: torch.logsumexp(x, 1, out=out),
                 lambda out: torch.var(x, 0, out=out),
                 lambda out: torch.lerp(x, x * 2, 0.5, out=out),
                 lambda out: torch.mm(x, x.t(), out=out)):
        out = torch.empty(0, device="cuda")
        with warnings.catch_warnings():
            warnings.simplefilter("error")               # an empty out= resizes silently
            res = call(out)
        assert res is out
        np.testing.assert_allclose(out.cpu().numpy(), call(None).cpu().numpy(), rtol=1e-6)


def test_scalars_and_indices_on_cuda_follow_the_cpu_rules():
    x = torch.zeros(4, dtype=torch.uint8, device="cuda")
    with pytest.raises(RuntimeError, match="uint8_t without overflow"):
        x[0] = 300
    with pytest.raises(RuntimeError, match="uint8_t without overflow"):
        x.masked_fill(x == 0, torch.tensor(300, device="cuda"))
    a = torch.tensor([1, 2, 3], device="cuda")
    assert torch.addcmul(a, a, a, value=0.5).tolist() == [1, 2, 3]     # value: not promoted
    i32 = torch.tensor([2, 0], dtype=torch.int32, device="cuda")
    v = torch.arange(3.0, device="cuda")
    assert v.index_select(0, i32).tolist() == [2.0, 0.0]
    assert v.gather(0, i32).tolist() == [2.0, 0.0]
    with pytest.raises(RuntimeError, match=r"^gather\(\): Expected dtype int32/int64 for index$"):
        v.gather(0, v)


def test_moves_take_their_memory_format():
    x = torch.arange(120.0).reshape(2, 3, 4, 5)
    assert x.to("cuda", memory_format=torch.channels_last).stride() == (60, 1, 15, 3)
    back = x.contiguous(memory_format=torch.channels_last).cuda().to(
        "cpu", memory_format=torch.contiguous_format)
    assert back.stride() == (60, 20, 5, 1) and back.tolist() == x.tolist()


def test_nll_loss_ignores_the_weight_of_an_ignored_class_on_cuda():
    x = torch.randn(5, 4, dtype=torch.float64).log_softmax(1)
    t = torch.tensor([0, 1, 2, 3, 0])
    w = torch.tensor([float("inf"), 2.0, 0.5, 1.0], dtype=torch.float64)
    results = []
    for dev in ("cpu", "cuda"):
        xd = x.detach().to(dev).requires_grad_()
        loss = F.nll_loss(xd, t.to(dev), weight=w.to(dev), ignore_index=0)
        loss.backward()
        results.append((loss.item(), xd.grad.cpu().numpy()))
    assert np.isfinite(results[1][0]) and np.isfinite(results[1][1]).all()
    np.testing.assert_allclose(results[1][0], results[0][0], rtol=1e-12)
    np.testing.assert_allclose(results[1][1], results[0][1], rtol=1e-12)


STATS = {
    "softmax_int": lambda d: torch.softmax(torch.arange(3, device=d), 0),
    "log_softmax_int": lambda d: torch.log_softmax(torch.arange(3, device=d), 0),
    "var_int": lambda d: torch.var(torch.arange(3, device=d)),
    "std_mean_int": lambda d: torch.std_mean(torch.arange(3, device=d)),
    "logsumexp_empty": lambda d: torch.logsumexp(torch.ones(2, 0, device=d), 1),
    "logsumexp_int": lambda d: torch.logsumexp(torch.arange(3, device=d), 0),
    "var_legacy_unbiased": lambda d: torch.arange(6.0, device=d).reshape(2, 3).var(False),
    "std_correction": lambda d: torch.arange(6.0, device=d).reshape(2, 3).std(1, correction=0),
}


@pytest.mark.parametrize("name", STATS)
def test_softmax_logsumexp_and_moments_on_cuda_as_on_the_cpu(name):
    try:
        want = STATS[name]("cpu")
    except Exception as e:
        with pytest.raises(type(e), match=f"^{re.escape(str(e))}$"):
            STATS[name]("cuda")
        return
    got = STATS[name]("cuda")
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got.cpu().numpy(), want.numpy(), rtol=1e-6)


def _with_ties_and_nans(dtype):
    x = torch.tensor(np.random.default_rng(5).integers(0, 4, (3, 6, 5)).astype(np.float32))
    if dtype.is_floating_point:
        x[0, 0, 0] = x[1, 2, 3] = x[1, 4, 3] = float("nan")
    return x.to(dtype)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.float64, torch.int64,
                                   torch.uint8, torch.bool], ids=str)
@pytest.mark.parametrize("dim,descending", [(-1, False), (1, False), (0, True), (-1, True)])
def test_sort_argsort_and_topk_on_the_device_match_cpu(dtype, dim, descending, monkeypatch):
    """Stable, NaN greater than everything, indices included (Note [Sort order])."""
    import pycuda.driver as drv
    x = _with_ties_and_nans(dtype)
    xc = x.cuda()
    monkeypatch.setattr(drv, "memcpy_dtoh", lambda *a: pytest.fail("sorted on the host"))
    got = torch.sort(xc, dim=dim, descending=descending)
    order = torch.argsort(xc, dim=dim, descending=descending)
    top = None if dtype is torch.bool else torch.topk(xc, 2, dim=dim, largest=descending)
    monkeypatch.undo()
    want = torch.sort(x, dim=dim, descending=descending)
    np.testing.assert_array_equal(got.values.cpu().numpy(), want.values.numpy())
    np.testing.assert_array_equal(got.indices.cpu().numpy(), want.indices.numpy())
    np.testing.assert_array_equal(order.cpu().numpy(), want.indices.numpy())
    if top is not None:
        want_top = torch.topk(x, 2, dim=dim, largest=descending)
        np.testing.assert_array_equal(top.values.cpu().numpy(), want_top.values.numpy())
        np.testing.assert_array_equal(top.indices.cpu().numpy(), want_top.indices.numpy())


def test_long_slices_sort_through_the_host_and_sort_has_a_gradient():
    x = torch.randn(3000, dtype=torch.float64)
    got = torch.sort(x.cuda(), descending=True)
    np.testing.assert_array_equal(got.values.cpu().numpy(), torch.sort(x, descending=True)
                                  .values.numpy())
    y = torch.randn(4, 5, dtype=torch.float64, device="cuda", requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: torch.sort(t, dim=0).values, (y,))
    assert torch.autograd.gradcheck(lambda t: torch.topk(t, 2).values, (y,))


def test_host_fallbacks_and_sorts_fill_out_tensors_as_the_cpu():
    for dev in ("cpu", "cuda"):
        x = torch.tensor([2.0, 1.0, 3.0], device=dev)
        vals, idx = torch.empty(0, device=dev), torch.empty(0, dtype=torch.int64, device=dev)
        res = torch.sort(x, out=(vals, idx))
        assert type(res).__name__ == "sort_out" and res.values is vals
        assert vals.tolist() == [1.0, 2.0, 3.0] and idx.tolist() == [1, 0, 2]
        res = torch.cummax(x, 0, out=(vals, idx))
        assert type(res).__name__ == "cummax_out" and vals.tolist() == [2.0, 2.0, 3.0]


def test_fill_edge_values_as_pytorch():
    assert torch.full((2,), 1 + 0j, dtype=torch.float32).tolist() == [1.0, 1.0]
    assert str(torch.full((2,), -0.0)) == "tensor([-0., -0.])"
    with pytest.raises(TypeError):
        torch.topk(torch.tensor([1.0, 3.0, 2.0], device="cuda"), 2.0)
    x = torch.tensor([1.0, 2.0], device="cuda")
    assert torch.softmax(torch.tensor(3.0, device="cuda"), 0).item() == 1.0
    assert torch.softmax(torch.zeros(0, 3, device="cuda"), 0).shape == (0, 3)
    with pytest.raises(RuntimeError, match="Expected floating point type for result tensor"):
        torch.logsumexp(x, 0, out=torch.empty(0, dtype=torch.int64, device="cuda"))
    with pytest.raises(RuntimeError, match="can't be cast to the desired output type Long"):
        torch.softmax(x, 0, out=torch.empty(2, dtype=torch.int64, device="cuda"))
