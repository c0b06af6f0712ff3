"""nn, optim and save/load as the tutorials use them, checked against PyTorch where installed."""
import io

import numpy as np
import pytest

import torchlike as torch
from torchlike import nn
import torchlike.nn.functional as F


def test_module_registration_and_repr():
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2, bias=False))
    names = [n for n, _ in model.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight"]
    assert repr(model) == ("Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=True)\n"
                           "  (1): ReLU()\n  (2): Linear(in_features=3, out_features=2, bias=False)\n)")
    p = model[0].weight
    assert isinstance(p, nn.Parameter) and p.requires_grad and p.is_leaf
    assert repr(nn.Parameter(torch.ones(2))) == "Parameter containing:\ntensor([1., 1.], requires_grad=True)"


def test_custom_module_train_eval_and_state_dict_roundtrip():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(3, 5)
            self.drop = nn.Dropout(0.5)
            self.fc2 = nn.Linear(5, 1)

        def forward(self, x):
            return self.fc2(self.drop(F.relu(self.fc1(x))))

    net = Net()
    net.eval()
    assert not net.drop.training
    x = torch.randn(4, 3)
    y1 = net(x)
    sd = net.state_dict()
    assert list(sd) == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    other = Net().eval()
    other.load_state_dict(sd)
    np.testing.assert_allclose(other(x).detach().numpy(), y1.detach().numpy())
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "fc2.bias"'):
        other.load_state_dict({k: v for k, v in sd.items() if k != "fc2.bias"})


def test_losses_against_torch(torch_ref):
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((5, 4)).astype(np.float32)
    target = rng.integers(0, 4, 5)
    ours_x = torch.tensor(logits, requires_grad=True)
    ref_x = torch_ref.tensor(logits, requires_grad=True)
    ours = F.cross_entropy(ours_x, torch.tensor(target))
    ref = torch_ref.nn.functional.cross_entropy(ref_x, torch_ref.tensor(target))
    ours.backward()
    ref.backward()
    np.testing.assert_allclose(ours.item(), ref.item(), rtol=1e-5)
    np.testing.assert_allclose(ours_x.grad.numpy(), ref_x.grad.numpy(), rtol=1e-5, atol=1e-7)
    a, b = rng.standard_normal(6).astype(np.float32), rng.standard_normal(6).astype(np.float32)
    np.testing.assert_allclose(nn.MSELoss()(torch.tensor(a), torch.tensor(b)).item(),
                               torch_ref.nn.MSELoss()(torch_ref.tensor(a), torch_ref.tensor(b)).item(),
                               rtol=1e-6)
    np.testing.assert_allclose(F.softmax(torch.tensor(logits), dim=1).numpy(),
                               torch_ref.softmax(torch_ref.tensor(logits), dim=1).numpy(), rtol=1e-5)
    np.testing.assert_allclose(F.log_softmax(torch.tensor(logits), dim=1).numpy(),
                               torch_ref.log_softmax(torch_ref.tensor(logits), dim=1).numpy(),
                               rtol=1e-5, atol=1e-6)


def test_nll_loss_errors():
    with pytest.raises(IndexError, match="Target 7 is out of bounds."):
        F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 7]))
    with pytest.raises(ValueError, match="Expected input batch_size \\(2\\) to match target batch_size \\(3\\)"):
        F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 1, 2]))


@pytest.mark.parametrize("make", [
    lambda p, lib: lib.optim.SGD(p, lr=0.1),
    lambda p, lib: lib.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01),
    lambda p, lib: lib.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    lambda p, lib: lib.optim.Adam(p, lr=0.01),
    lambda p, lib: lib.optim.Adam(p, lr=0.01, weight_decay=0.1, amsgrad=True),
    lambda p, lib: lib.optim.AdamW(p, lr=0.01),
])
def test_optimizers_match_torch(make, torch_ref):
    rng = np.random.default_rng(1)
    w0 = rng.standard_normal((3, 2)).astype(np.float32)
    x = rng.standard_normal((5, 3)).astype(np.float32)

    def run(lib):
        w = lib.tensor(w0.copy(), requires_grad=True)
        opt = make([w], lib)
        for _ in range(5):
            loss = (lib.tensor(x) @ w).tanh().pow(2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        return w.detach().numpy()

    np.testing.assert_allclose(run(torch), run(torch_ref), rtol=1e-5, atol=1e-6)


def test_optimizer_state_dict_roundtrip():
    w = torch.ones(2, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
    (w * w).sum().backward()
    opt.step()
    sd = opt.state_dict()
    assert sd["param_groups"][0]["lr"] == 0.1 and sd["param_groups"][0]["params"] == [0]
    opt2 = torch.optim.SGD([w], lr=0.5, momentum=0.9)
    opt2.load_state_dict(sd)
    assert opt2.param_groups[0]["lr"] == 0.1
    np.testing.assert_allclose(opt2.state[w]["momentum_buffer"].numpy(), [2.0, 2.0])


def test_save_load_roundtrip(tmp_path):
    model = nn.Linear(3, 2)
    obj = {"model": model.state_dict(), "epoch": 3, "losses": [0.5, float("inf")],
           "shape": (2, 3), "t": torch.arange(6, dtype=torch.int32).view(2, 3), "none": None}
    path = tmp_path / "ckpt.pt"
    torch.save(obj, path)
    back = torch.load(path)
    assert back["epoch"] == 3 and back["shape"] == (2, 3) and back["none"] is None
    assert back["losses"][1] == float("inf")
    assert back["t"].dtype is torch.int32 and back["t"].tolist() == [[0, 1, 2], [3, 4, 5]]
    np.testing.assert_array_equal(back["model"]["weight"].numpy(), model.weight.detach().numpy())
    buf = io.BytesIO()
    torch.save(torch.ones(3), buf)
    buf.seek(0)
    assert torch.load(buf).tolist() == [1.0, 1.0, 1.0]


def test_load_rejects_malformed_and_truncated_files(tmp_path):
    path = tmp_path / "x.pt"
    torch.save({"a": torch.ones(1000)}, path)
    data = path.read_bytes()
    (tmp_path / "trunc.pt").write_bytes(data[: len(data) // 2])
    with pytest.raises(RuntimeError, match="not a valid torchlike archive or is truncated"):
        torch.load(tmp_path / "trunc.pt")
    (tmp_path / "junk.pt").write_bytes(b"\x80\x04 definitely not a pickle to run")
    with pytest.raises(RuntimeError, match="not a valid torchlike archive"):
        torch.load(tmp_path / "junk.pt")
    with pytest.raises(TypeError, match="cannot store objects of type object"):
        torch.save({"x": object()}, tmp_path / "bad.pt")
