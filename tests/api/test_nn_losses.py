"""The losses of nn/_losses.py and nn.utils as a training loop meets them: the warnings
PyTorch gives, the legacy reduction arguments, gradient clipping, and a logistic
regression trained with BCEWithLogitsLoss. Values and gradients of each loss against
PyTorch's are in tests/conformance/cases_losses.py."""
import warnings

import numpy as np
import pytest

import torchlike as torch


def test_target_of_another_shape_warns_and_broadcasts(torch_ref):
    for lib in (torch, torch_ref):
        with pytest.warns(UserWarning, match="Using a target size .* different to the input size"):
            loss = lib.nn.functional.mse_loss(lib.ones(3, 1), lib.zeros(3))
        assert loss.item() == 1.0


def test_legacy_reduction_arguments_warn_and_map_as_torch(torch_ref):
    got = []
    for lib in (torch, torch_ref):
        with pytest.warns(UserWarning, match="please use reduction='sum' instead"):
            module = lib.nn.L1Loss(size_average=False)
        assert module.reduction == "sum"
        got.append(module(lib.ones(4), lib.zeros(4)).item())
    assert got[0] == got[1] == 4.0


def test_kl_div_mean_warns(torch_ref):
    for lib in (torch, torch_ref):
        with pytest.warns(UserWarning, match="'batchmean' divides only by the batch size"):
            lib.nn.functional.kl_div(lib.zeros(2, 3), lib.full((2, 3), 1 / 3))


def test_loss_weights_are_buffers():
    loss = torch.nn.BCEWithLogitsLoss(weight=torch.ones(3), pos_weight=torch.full((3,), 2.0))
    assert set(loss.state_dict()) == {"weight", "pos_weight"}
    assert list(loss.parameters()) == []


def test_clip_grad_norm_matches_torch(torch_ref):
    results = []
    for lib in (torch, torch_ref):
        a = lib.nn.Parameter(lib.tensor([3.0, 4.0]))
        b = lib.nn.Parameter(lib.tensor([1.0]))
        unused = lib.nn.Parameter(lib.tensor([5.0]))
        a.grad, b.grad = lib.tensor([3.0, 4.0]), lib.tensor([12.0])
        total = lib.nn.utils.clip_grad_norm_([a, b, unused], max_norm=1.0)
        results.append((total.item(), a.grad.tolist(), b.grad.tolist(), unused.grad))
    np.testing.assert_allclose(results[0][0], results[1][0])
    np.testing.assert_allclose(results[0][1] + results[0][2], results[1][1] + results[1][2],
                               rtol=1e-6)
    assert results[0][3] is None


def test_clip_grad_norm_refuses_a_nonfinite_norm_when_asked():
    p = torch.nn.Parameter(torch.ones(2))
    p.grad = torch.tensor([1.0, float("inf")])
    with pytest.raises(RuntimeError, match="is non-finite, so it cannot be clipped"):
        torch.nn.utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)
    assert p.grad.tolist() == [1.0, float("inf")]


def test_clip_grad_value_and_vector_round_trip():
    p = torch.nn.Parameter(torch.ones(2, 2))
    p.grad = torch.tensor([[5.0, -5.0], [0.5, -0.5]])
    torch.nn.utils.clip_grad_value_([p], 1.0)
    assert p.grad.tolist() == [[1.0, -1.0], [0.5, -0.5]]
    params = [torch.nn.Parameter(torch.zeros(2, 2)), torch.nn.Parameter(torch.zeros(3))]
    vec = torch.arange(7.0)
    torch.nn.utils.vector_to_parameters(vec, params)
    assert params[0].tolist() == [[0.0, 1.0], [2.0, 3.0]] and params[1].tolist() == [4.0, 5.0, 6.0]
    assert torch.nn.utils.parameters_to_vector(params).tolist() == vec.tolist()


def test_logistic_regression_learns_with_bce_with_logits():
    rng = np.random.default_rng(0)
    x = torch.from_numpy(rng.standard_normal((200, 2)).astype(np.float32))
    y = ((x[:, 0] + 2 * x[:, 1]) > 0).float().unsqueeze(1)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(200):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
    with torch.no_grad():
        accuracy = ((model(x) > 0).float() == y).float().mean().item()
        bce = torch.nn.BCELoss()(torch.sigmoid(model(x)), y).item()
    assert accuracy > 0.97 and abs(bce - loss.item()) < 0.05
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.nn.functional.binary_cross_entropy(torch.sigmoid(model(x)).detach(), y)


def test_bce_gradients_at_the_edges_match_torch(torch_ref):
    # logits at exactly 0 (a zero-initialised head), probabilities saturated at exactly 0
    # and 1 (float32 sigmoid(20) is 1.0): PyTorch's own derivatives, finite everywhere
    got = []
    for lib in (torch, torch_ref):
        z = lib.tensor([[0.0], [0.0], [30.0], [-30.0]], requires_grad=True)
        t = lib.tensor([[1.0], [0.0], [1.0], [1.0]])
        lib.nn.BCEWithLogitsLoss(pos_weight=lib.tensor([2.0]))(z, t).backward()
        s = lib.tensor([20.0, -20.0, 0.5], requires_grad=True)
        p = lib.tensor([0.0, 0.3, 1.0], requires_grad=True)
        target = lib.tensor([1.0, 0.0, 1.0])
        loss = lib.nn.BCELoss()(lib.sigmoid(s), target)
        loss = loss + lib.nn.functional.binary_cross_entropy(p, target, reduction="sum")
        loss.backward()
        got.append([z.grad.reshape(-1).tolist(), s.grad.tolist(), p.grad.tolist()])
    for ours, theirs in zip(got[0], got[1]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-12)


def test_bce_refuses_nan_input(torch_ref):
    for lib in (torch, torch_ref):
        with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
            lib.nn.functional.binary_cross_entropy(lib.tensor([float("nan")]), lib.tensor([1.0]))


@pytest.mark.parametrize("bad_weight", [float("inf"), float("nan")])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_nll_loss_ignores_the_weight_of_an_ignored_class(torch_ref, bad_weight, reduction):
    """An ignored target contributes nothing, even when its class weight is inf or nan."""
    x = np.log(np.random.default_rng(3).dirichlet(np.ones(4), size=5))
    target, weight = [0, 1, 2, 3, 0], [bad_weight, 2.0, 0.5, 1.0]
    results = []
    for lib in (torch, torch_ref):
        xs = lib.tensor(x, requires_grad=True)
        loss = lib.nn.functional.nll_loss(xs, lib.tensor(target), weight=lib.tensor(
            weight, dtype=lib.float64), ignore_index=0, reduction=reduction)
        loss.sum().backward()
        results.append((loss.detach().numpy(), xs.grad.numpy()))
    for ours, theirs in zip(*results):
        assert np.isfinite(ours).all()
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("bad", [7, -3])
def test_nll_loss_names_a_bad_target_even_with_class_weights(torch_ref, bad):
    """The target is checked before any class weight is read through it."""
    for lib in (torch, torch_ref):
        with pytest.raises(IndexError, match=f"^Target {bad} is out of bounds.$"):
            lib.nn.functional.nll_loss(lib.zeros(3, 4), lib.tensor([0, bad, 1]),
                                       weight=lib.ones(4))
