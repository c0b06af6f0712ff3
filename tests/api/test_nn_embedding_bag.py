"""nn.EmbeddingBag / F.embedding_bag against PyTorch: the three modes, 1-d input with
offsets (with an empty bag and include_last_offset), 2-d input, per_sample_weights and
padding_idx; the values and the weight's gradient."""
import numpy as np
import pytest

import torchlike as torch

W = np.random.default_rng(0).standard_normal((10, 3))
IDS = np.array([1, 2, 4, 5, 4, 3, 2, 9])

CASES = {
    "mean": dict(mode="mean", input=IDS, offsets=np.array([0, 4])),
    "sum-empty-bag": dict(mode="sum", input=IDS, offsets=np.array([0, 4, 4])),
    "max": dict(mode="max", input=IDS, offsets=np.array([0, 3])),
    "2d": dict(mode="mean", input=np.array([[1, 2], [4, 5]])),
    "per-sample-weights": dict(mode="sum", input=IDS[:4], offsets=np.array([0, 2]),
                               per_sample_weights=np.array([0.5, -1.0, 2.0, 0.25])),
    "include-last-offset": dict(mode="mean", input=np.array([1, 2, 4, 5, 6]),
                                offsets=np.array([0, 2, 4]), include_last_offset=True),
    "padding": dict(mode="mean", input=np.array([1, 0, 0, 5]), offsets=np.array([0, 2]),
                    padding_idx=0),
    "max-padding": dict(mode="max", input=np.array([1, 0, 0, 5]), offsets=np.array([0, 1, 3]),
                        padding_idx=0),
    "max-ties": dict(mode="max", input=np.array([3, 3, 7, 3]), offsets=np.array([0, 3])),
}


def _run(lib, case):
    case = dict(case)
    w = lib.from_numpy(W.copy()).requires_grad_()
    args = {k: lib.from_numpy(v) for k, v in case.items() if isinstance(v, np.ndarray)}
    out = lib.nn.functional.embedding_bag(args.pop("input"), w, args.pop("offsets", None),
                                          mode=case["mode"],
                                          per_sample_weights=args.pop("per_sample_weights", None),
                                          include_last_offset=case.get("include_last_offset", False),
                                          padding_idx=case.get("padding_idx"))
    weights = lib.from_numpy(np.arange(out.numel(), dtype=np.float64).reshape(tuple(out.shape)))
    (out * weights).sum().backward()
    return out.detach().numpy(), w.grad.numpy()


@pytest.mark.parametrize("name", CASES)
def test_matches_torch(torch_ref, name):
    ours, theirs = _run(torch, CASES[name]), _run(torch_ref, CASES[name])
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-12, atol=1e-12)


def test_module_and_errors_as_torch(torch_ref, same_error_as_torch):
    bag = torch.nn.EmbeddingBag(10, 3, mode="sum", padding_idx=2)
    assert repr(bag) == repr(torch_ref.nn.EmbeddingBag(10, 3, mode="sum", padding_idx=2))
    assert bag.weight[2].abs().sum().item() == 0
    for lib in (torch, torch_ref):       # torch appends the offending tensor in C++ form
        with pytest.raises(RuntimeError, match=r"offsets\[0\] has to be 0, .* However, got 1"):
            lib.nn.functional.embedding_bag(lib.tensor([1, 2]), lib.ones(5, 2), lib.tensor([1]))
    for lib in (torch, torch_ref):
        with pytest.raises(ValueError, match="if input is 2D, then offsets has to be None"):
            lib.nn.functional.embedding_bag(lib.tensor([[1, 2]]), lib.ones(5, 2), lib.tensor([0]))
    same_error_as_torch(lambda L: L.nn.functional.embedding_bag(
        L.tensor([1, 2]), L.ones(5, 2), L.tensor([0]), mode="max",
        per_sample_weights=L.ones(2)), NotImplementedError)


@pytest.mark.parametrize("call, exc", [
    (lambda L: L.nn.functional.embedding_bag(L.tensor([1, 2, 3]), L.ones(5, 2), L.tensor([0, 5])),
     RuntimeError),
    (lambda L: L.nn.functional.embedding_bag(L.tensor([[1, 2], [3, 4]]), L.ones(5, 2),
                                             per_sample_weights=L.ones(4), mode="sum"), ValueError),
    (lambda L: L.nn.functional.embedding_bag(L.tensor([1, 9]), L.ones(5, 2), L.tensor([0])),
     RuntimeError),
    (lambda L: L.nn.functional.embedding_bag(L.tensor([1, 2]), L.ones(5), L.tensor([0])),
     ValueError),
    (lambda L: L.nn.functional.embedding_bag(L.tensor([1, 2]), L.ones(5, 2), L.tensor([0]),
                                             mode="max", scale_grad_by_freq=True), ValueError),
    (lambda L: L.nn.Transformer(8, 2, 1, 1, 16)(L.ones(5, 2, 8), L.ones(4, 3, 8)), RuntimeError),
    (lambda L: L.nn.Transformer(8, 2, 1, 1, 16)(L.ones(5, 2, 6), L.ones(4, 2, 6)), RuntimeError),
], ids=["offsets-past-end", "per-sample-weights-shape", "index-range", "weight-rank",
        "max-scale-grad", "transformer-batch", "transformer-features"])
def test_more_errors_as_torch(same_error_as_torch, call, exc):
    same_error_as_torch(call, exc)


def test_from_pretrained_and_reset(torch_ref):
    bag = torch.nn.EmbeddingBag.from_pretrained(torch.ones(4, 2), mode="sum")
    ref = torch_ref.nn.EmbeddingBag.from_pretrained(torch_ref.ones(4, 2), mode="sum")
    assert repr(bag) == repr(ref) and bag.weight.requires_grad is ref.weight.requires_grad is False
    assert bag(torch.tensor([[0, 1]])).tolist() == [[2.0, 2.0]]
    bag.reset_parameters()
    assert bag.weight.std().item() > 0
