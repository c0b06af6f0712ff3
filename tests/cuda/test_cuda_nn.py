"""nn layers on cuda give the cpu's outputs and gradients (parameters and input), so that
tutorial models train on the device unchanged."""
import copy

import numpy as np
import pytest

import torchlike as torch

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(),
                                reason=f"no usable GPU: {torch.cuda.unavailable_reason()}")
nn = torch.nn

LAYERS = {
    "Linear": (lambda: nn.Linear(5, 3), (4, 5)),
    "Conv1d": (lambda: nn.Conv1d(2, 3, 3), (2, 2, 7)),
    "Conv2d": (lambda: nn.Conv2d(2, 3, 3, padding=1), (2, 2, 5, 5)),
    "ConvTranspose2d": (lambda: nn.ConvTranspose2d(2, 3, 3, stride=2), (1, 2, 3, 3)),
    "BatchNorm1d": (lambda: nn.BatchNorm1d(5), (4, 5)),
    "BatchNorm2d": (lambda: nn.BatchNorm2d(2), (3, 2, 4, 4)),
    "LayerNorm": (lambda: nn.LayerNorm(5), (4, 5)),
    "GroupNorm": (lambda: nn.GroupNorm(2, 4), (2, 4, 3)),
    "LSTM": (lambda: nn.LSTM(3, 4, batch_first=True), (2, 5, 3)),
    "GRU": (lambda: nn.GRU(3, 4), (5, 2, 3)),
    "TransformerEncoderLayer": (lambda: nn.TransformerEncoderLayer(
        8, 2, 16, dropout=0.0, batch_first=True), (2, 3, 8)),
    "MaxPool2d": (lambda: nn.MaxPool2d(2), (1, 2, 4, 4)),
    "AvgPool2d": (lambda: nn.AvgPool2d(3, stride=2, padding=1), (1, 2, 5, 5)),
    "AdaptiveAvgPool2d": (lambda: nn.AdaptiveAvgPool2d((2, 3)), (1, 2, 5, 7)),
    "GELU": (lambda: nn.GELU(), (4, 5)),
    "SiLU": (lambda: nn.SiLU(), (4, 5)),
    "Softmax": (lambda: nn.Softmax(dim=1), (4, 5)),
    "LogSoftmax": (lambda: nn.LogSoftmax(dim=1), (4, 5)),
    "Upsample": (lambda: nn.Upsample(scale_factor=2, mode="bilinear"), (1, 1, 3, 3)),
    "ZeroPad2d": (lambda: nn.ZeroPad2d((1, 0, 2, 1)), (1, 2, 3, 3)),
}
INDEX_LAYERS = {
    "Embedding": lambda: nn.Embedding(10, 3),
    "EmbeddingBag(mean)": lambda: nn.EmbeddingBag(10, 3, mode="mean"),
    "EmbeddingBag(max)": lambda: nn.EmbeddingBag(10, 3, mode="max"),
}


def _run(layer, inputs):
    out = layer(*inputs)
    out = out[0] if isinstance(out, tuple) else out
    (out.double() ** 2).sum().backward()
    grads = [p.grad for p in layer.parameters()] + [x.grad for x in inputs if x.requires_grad]
    return out.detach().cpu().numpy(), [g.cpu().numpy() for g in grads]


def _compare(cpu, gpu):
    np.testing.assert_allclose(gpu[0], cpu[0], rtol=1e-4, atol=1e-5)
    assert len(gpu[1]) == len(cpu[1])
    for want, got in zip(cpu[1], gpu[1]):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", LAYERS)
def test_layer_on_cuda_matches_cpu(name):
    make, shape = LAYERS[name]
    torch.manual_seed(0)
    layer = make()
    twin = copy.deepcopy(layer).cuda()
    x = torch.randn(*shape)
    _compare(_run(layer, [x.clone().requires_grad_()]),
             _run(twin, [x.cuda().requires_grad_()]))


@pytest.mark.parametrize("name", INDEX_LAYERS)
def test_index_layer_on_cuda_matches_cpu(name):
    torch.manual_seed(0)
    layer = INDEX_LAYERS[name]()
    twin = copy.deepcopy(layer).cuda()
    idx = torch.tensor([[1, 2, 2], [3, 9, 0]])
    _compare(_run(layer, [idx]), _run(twin, [idx.cuda()]))


def test_gradients_flow_back_across_devices():
    x = torch.randn(3, requires_grad=True)
    w = torch.randn(3, device="cuda", requires_grad=True)
    for _ in range(2):                       # the second pass accumulates into x.grad
        ((x * 3).cuda() * w).sum().backward()
    assert x.grad.device.type == "cpu" and w.grad.device.type == "cuda"
    np.testing.assert_allclose(x.grad.numpy(), 6 * w.detach().cpu().numpy(), rtol=1e-6)
    y = torch.randn(3, device="cuda", requires_grad=True)
    (y.cpu() * 2).sum().backward()
    assert y.grad.device.type == "cuda" and y.grad.cpu().tolist() == [2.0, 2.0, 2.0]
