"""Layer modules of the CNN and embedding tutorials (Conv, pools, BatchNorm, LayerNorm,
GroupNorm, Embedding, Unflatten), buffers in Module, and Tensor.apply_: behaviour over
several steps, state_dict layout, defaults and reprs against torch.nn."""
import math

import numpy as np
import pytest

import torchlike
import torchlike.nn as nn
import torchlike.nn.functional as F

torch = pytest.importorskip("torch")


def _np(t):
    return t.detach().numpy()


def _copy_params(ours, theirs):
    """Give our module torch's parameter and buffer values."""
    state = {k: torchlike.from_numpy(v.detach().numpy().copy())
             for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)


# ---- reprs, state_dict layout, parameter shapes -----------------------------------------------

MODULES = [
    ("Conv2d", (3, 16, 3), {}),
    ("Conv2d", (4, 6, (3, 5)), dict(stride=2, padding=1, dilation=2, groups=2, bias=False,
                                    padding_mode="reflect")),
    ("Conv1d", (3, 4, 3), dict(padding="same")),
    ("Conv3d", (2, 4, 2), {}),
    ("MaxPool2d", (2,), {}), ("MaxPool2d", ((2, 3),), dict(stride=1, return_indices=True)),
    ("MaxPool1d", (3,), {}), ("AvgPool2d", (3, 1, 1), {}), ("AvgPool1d", (3,), {}),
    ("AdaptiveAvgPool2d", ((5, 7),), {}), ("AdaptiveAvgPool1d", (3,), {}),
    ("BatchNorm1d", (3,), {}), ("BatchNorm2d", (3,), dict(affine=False, momentum=None)),
    ("BatchNorm1d", (3,), dict(track_running_stats=False)), ("BatchNorm2d", (3,), dict(bias=False)),
    ("LayerNorm", (10,), {}), ("LayerNorm", ([3, 4],), dict(elementwise_affine=False)),
    ("GroupNorm", (2, 4), {}), ("Embedding", (10, 3), {}),
    ("Embedding", (10, 3), dict(padding_idx=0, max_norm=1.0, norm_type=3.0,
                                scale_grad_by_freq=True, sparse=True)),
    ("Unflatten", (1, (2, 3)), {}), ("Flatten", (), {}), ("Identity", (), {}),
]


@pytest.mark.parametrize("name,args,kw", MODULES, ids=[m[0] for m in MODULES])
def test_repr_state_dict_and_shapes_match_torch(name, args, kw):
    ours, theirs = getattr(nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw)
    assert repr(ours) == repr(theirs)
    a, b = ours.state_dict(), theirs.state_dict()
    assert list(a) == list(b)
    for k in a:
        assert tuple(a[k].shape) == tuple(b[k].shape) and str(a[k].dtype) == str(b[k].dtype)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]


def test_sequential_cnn_state_dict_loads_torch_weights():
    def net(L):
        return L.nn.Sequential(L.nn.Conv2d(1, 4, 3), L.nn.BatchNorm2d(4), L.nn.ReLU(),
                               L.nn.MaxPool2d(2), L.nn.Flatten(), L.nn.Linear(36, 3))
    ours, theirs = net(torchlike), net(torch)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _copy_params(ours, theirs)
    x = np.random.default_rng(0).standard_normal((2, 1, 8, 8)).astype("float32")
    ours.eval()
    theirs.eval()
    np.testing.assert_allclose(_np(ours(torchlike.from_numpy(x))),
                               _np(theirs(torch.from_numpy(x))), rtol=1e-5, atol=1e-5)


def test_default_init_like_torch():
    torchlike.manual_seed(0)
    conv = nn.Conv2d(8, 32, 3)
    bound = 1 / math.sqrt(8 * 9)     # kaiming_uniform(a=sqrt(5)) and the bias share it
    for p in (conv.weight, conv.bias):
        v = _np(p)
        assert np.abs(v).max() <= bound and np.abs(v).max() > 0.9 * bound
    emb = nn.Embedding(2000, 8, padding_idx=3)
    w = _np(emb.weight)
    assert abs(w.std() - 1) < 0.05 and abs(w.mean()) < 0.05 and not w[3].any()
    bn = nn.BatchNorm1d(5)
    assert _np(bn.weight).tolist() == [1] * 5 and _np(bn.bias).tolist() == [0] * 5
    assert _np(bn.running_var).tolist() == [1] * 5 and bn.num_batches_tracked.item() == 0


# ---- BatchNorm over several steps ---------------------------------------------------------------

@pytest.mark.parametrize("momentum", [0.1, None])
@pytest.mark.parametrize("dims", [(6, 3), (6, 3, 4), (4, 3, 5, 2)])
def test_batchnorm_running_stats_follow_torch(momentum, dims):
    kind = {2: "BatchNorm1d", 3: "BatchNorm1d", 4: "BatchNorm2d"}[len(dims)]
    ours = getattr(nn, kind)(3, momentum=momentum).double()
    theirs = getattr(torch.nn, kind)(3, momentum=momentum).double()
    rng = np.random.default_rng(1)
    for _ in range(4):
        x = rng.standard_normal(dims) * 3 + 1
        np.testing.assert_allclose(_np(ours(torchlike.from_numpy(x))),
                                   _np(theirs(torch.from_numpy(x))), rtol=1e-7, atol=1e-9)
    for k, v in theirs.state_dict().items():
        np.testing.assert_allclose(_np(ours.state_dict()[k]), v.numpy(), rtol=1e-10, err_msg=k)
    ours.eval()
    theirs.eval()
    x = rng.standard_normal(dims)
    np.testing.assert_allclose(_np(ours(torchlike.from_numpy(x))),
                               _np(theirs(torch.from_numpy(x))), rtol=1e-7, atol=1e-9)
    assert ours.num_batches_tracked.item() == 4      # eval steps do not count


def test_batchnorm_without_running_stats_uses_batch_stats_in_eval():
    bn = nn.BatchNorm1d(2, track_running_stats=False).eval()
    out = bn(torchlike.tensor([[1.0, 2.0], [3.0, 6.0]]))
    np.testing.assert_allclose(_np(out), [[-1, -1], [1, 1]], atol=1e-3)


def test_batchnorm_gradients_match_torch():
    x = np.random.default_rng(2).standard_normal((5, 3, 4))
    grads = []
    for L in (torchlike, torch):
        bn = L.nn.BatchNorm1d(3).double()
        xt = L.from_numpy(x.copy()).requires_grad_()
        (bn(xt) ** 3).sum().backward()
        grads.append([_np(t.grad) for t in (xt, bn.weight, bn.bias)])
    for a, b in zip(*grads):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9)


# ---- buffers in Module ----------------------------------------------------------------------------

class _WithBuffers(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("kept", torchlike.zeros(2))
        self.register_buffer("scratch", torchlike.ones(1), persistent=False)


def test_buffers_state_dict_and_assignment():
    m = _WithBuffers()
    assert list(m.state_dict()) == ["kept"]
    assert [n for n, _ in m.named_buffers()] == ["kept", "scratch"]
    m.kept = torchlike.full((2,), 5.0)        # stays a buffer, as in torch
    assert m.state_dict()["kept"].tolist() == [5.0, 5.0] and "kept" not in m.__dict__
    m.load_state_dict({"kept": torchlike.tensor([1.0, 2.0])})
    assert m.kept.tolist() == [1.0, 2.0]
    m.double()
    assert m.kept.dtype == torchlike.float64 and m.scratch.dtype == torchlike.float64
    with pytest.raises(TypeError, match="cannot assign 'int' as buffer 'kept'"):
        m.kept = 3
    with pytest.raises(KeyError, match="attribute 'training' already exists"):
        m.register_buffer("training", torchlike.zeros(1))
    with pytest.raises(KeyError, match='buffer name can.+t contain'):
        m.register_buffer("a.b", torchlike.zeros(1))
    with pytest.raises(TypeError, match="cannot assign 'list' object to buffer 'c'"):
        m.register_buffer("c", [1])


# ---- Embedding --------------------------------------------------------------------------------------

def test_embedding_padding_row_gets_no_gradient():
    emb = nn.Embedding(5, 3, padding_idx=1)
    idx = torchlike.tensor([[1, 2, 1], [0, 1, 4]])
    out = emb(idx)
    assert tuple(out.shape) == (2, 3, 3) and not _np(out[0, 0]).any()
    out.sum().backward()
    g = _np(emb.weight.grad)
    assert not g[1].any() and g[0].tolist() == [1, 1, 1] and g[3].tolist() == [0, 0, 0]


def test_embedding_from_pretrained_and_max_norm():
    w = torchlike.tensor([[3.0, 4.0], [0.3, 0.4]])
    emb = nn.Embedding.from_pretrained(w)
    assert not emb.weight.requires_grad and emb(torchlike.tensor([0])).tolist() == [[3.0, 4.0]]
    assert nn.Embedding.from_pretrained(w, freeze=False).weight.requires_grad
    renorm = nn.Embedding.from_pretrained(w.clone(), max_norm=1.0)
    np.testing.assert_allclose(_np(renorm(torchlike.tensor([0, 1]))), [[0.6, 0.8], [0.3, 0.4]],
                               rtol=1e-5)
    np.testing.assert_allclose(_np(renorm.weight[0]), [0.6, 0.8], rtol=1e-5)  # renormed in place


# ---- a tiny CNN trains -----------------------------------------------------------------------------

def test_tiny_cnn_loss_falls():
    torchlike.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Conv2d(4, 8, 3), nn.ReLU(),
                        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 3))
    rng = np.random.default_rng(0)
    x = torchlike.from_numpy(rng.standard_normal((12, 1, 8, 8)).astype("float32"))
    y = torchlike.from_numpy(rng.integers(0, 3, 12))
    opt = torchlike.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    losses = []
    for _ in range(15):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0], losses
    assert all(p.grad is not None for p in net.parameters())


def test_conv_module_gradients_match_torch():
    x = np.random.default_rng(3).standard_normal((2, 4, 6, 5))
    grads = []
    for L in (torchlike, torch):
        L.manual_seed(0)
        conv = L.nn.Conv2d(4, 6, 3, stride=(1, 2), padding=1, groups=2,
                           padding_mode="circular").double()
        grads.append(conv)
    _copy_params(grads[0], grads[1])
    outs = []
    for L, conv in zip((torchlike, torch), grads):
        xt = L.from_numpy(x.copy()).requires_grad_()
        out = conv(xt)
        (out * out).sum().backward()
        outs.append([_np(out), _np(xt.grad), _np(conv.weight.grad), _np(conv.bias.grad)])
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)


def test_double_backward_through_conv():
    x = torchlike.randn(1, 2, 5, 5, dtype=torchlike.float64, requires_grad=True)
    w = torchlike.randn(3, 2, 3, 3, dtype=torchlike.float64, requires_grad=True)
    assert torchlike.autograd.gradgradcheck(lambda a, b: F.conv2d(a, b, padding=1), (x, w))


# ---- Tensor.apply_ ------------------------------------------------------------------------------

def test_apply_like_torch():
    for L in (torchlike, torch):
        t = L.arange(4)
        assert t.apply_(lambda v: v * 2.5) is t and t.tolist() == [0, 2, 5, 7]
        f = L.tensor([[1.0, 2.0], [3.0, 4.0]]).t()           # non-contiguous: in place
        f.apply_(lambda v: v + 0.5)
        assert f.tolist() == [[1.5, 3.5], [2.5, 4.5]]
    with pytest.raises(RuntimeError, match="Can't call apply_\\(\\) on Variable that requires"):
        torchlike.ones(2, requires_grad=True).apply_(lambda v: v)
    t = torchlike.arange(3)
    with pytest.raises(TypeError, match="cannot be interpreted as an integer"):
        t.apply_(lambda v: "a" if v == 2 else v + 1)
    assert t.tolist() == [0, 1, 2]                           # a failed call writes nothing
