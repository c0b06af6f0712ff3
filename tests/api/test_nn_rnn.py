"""nn.RNN / LSTM / GRU and their cells against PyTorch's: the same parameters (copied
through state_dict, so names and shapes must agree), the same input, the same outputs,
final states and gradients (float64), across layers, directions and layouts."""
import numpy as np
import pytest

import torchlike as torch

SHAPES = {"plain": dict(input_size=3, hidden_size=4),
          "2-layer-bidirectional": dict(input_size=3, hidden_size=4, num_layers=2,
                                        bidirectional=True),
          "batch-first-no-bias": dict(input_size=3, hidden_size=5, batch_first=True, bias=False)}
SEQUENCE = [pytest.param(kind, kw, id=f"{kind}-{name}") for kind in ("RNN", "LSTM", "GRU")
            for name, kw in SHAPES.items()]
SEQUENCE.append(pytest.param("RNN", dict(input_size=3, hidden_size=4, nonlinearity="relu"),
                             id="RNN-relu"))


def _pair(lib_ref, kind, kwargs):
    ref = getattr(lib_ref.nn, kind)(**kwargs).double()
    ours = getattr(torch.nn, kind)(**kwargs).double()
    ours.load_state_dict({k: torch.from_numpy(v.detach().numpy().copy())
                          for k, v in ref.state_dict().items()})
    return ours, ref


def _both(lib_ref, array):
    return torch.from_numpy(array.copy()), lib_ref.from_numpy(array.copy())


def _states(h):
    return h if isinstance(h, tuple) else (h,)


@pytest.mark.parametrize("kind, kwargs", SEQUENCE)
@pytest.mark.parametrize("with_state", [False, True])
def test_sequence_layer_matches_torch(torch_ref, kind, kwargs, with_state):
    ours, ref = _pair(torch_ref, kind, kwargs)
    rng = np.random.default_rng(1)
    shape = (2, 6, 3) if kwargs.get("batch_first") else (6, 2, 3)
    x, x_ref = _both(torch_ref, rng.standard_normal(shape))
    x.requires_grad_()
    x_ref.requires_grad_()
    args, args_ref = [x], [x_ref]
    if with_state:
        layers = kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1)
        h = [_both(torch_ref, rng.standard_normal((layers, 2, kwargs["hidden_size"])))
             for _ in range(2 if kind == "LSTM" else 1)]
        args.append(tuple(a for a, _ in h) if kind == "LSTM" else h[0][0])
        args_ref.append(tuple(b for _, b in h) if kind == "LSTM" else h[0][1])
    out, h_n = ours(*args)
    out_ref, h_ref = ref(*args_ref)
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-10,
                               atol=1e-12)
    for a, b in zip(_states(h_n), _states(h_ref)):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)
    (out.sum() + sum(h.sum() for h in _states(h_n)) * 0.5).backward()
    (out_ref.sum() + sum(h.sum() for h in _states(h_ref)) * 0.5).backward()
    np.testing.assert_allclose(x.grad.numpy(), x_ref.grad.numpy(), rtol=1e-9, atol=1e-12)
    for (name, p), (name_ref, p_ref) in zip(ours.named_parameters(), ref.named_parameters()):
        assert name == name_ref
        np.testing.assert_allclose(p.grad.numpy(), p_ref.grad.numpy(), rtol=1e-9, atol=1e-12,
                                   err_msg=name)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_unbatched_sequence_matches_torch(torch_ref, kind):
    ours, ref = _pair(torch_ref, kind, dict(input_size=3, hidden_size=4))
    x, x_ref = _both(torch_ref, np.random.default_rng(2).standard_normal((5, 3)))
    (out, h), (out_ref, h_ref) = ours(x), ref(x_ref)
    assert tuple(out.shape) == tuple(out_ref.shape) == (5, 4)
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-10)
    assert [tuple(a.shape) for a in _states(h)] == [tuple(b.shape) for b in _states(h_ref)]


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
@pytest.mark.parametrize("batched", [True, False])
def test_cells_match_torch(torch_ref, kind, batched):
    ours, ref = _pair(torch_ref, kind, dict(input_size=3, hidden_size=4))
    rng = np.random.default_rng(3)
    x, x_ref = _both(torch_ref, rng.standard_normal((2, 3) if batched else (3,)))
    out, out_ref = _states(ours(x)), _states(ref(x_ref))
    out2, out2_ref = _states(ours(x, out if kind == "LSTMCell" else out[0])), \
        _states(ref(x_ref, out_ref if kind == "LSTMCell" else out_ref[0]))
    for a, b in zip(out + out2, out_ref + out2_ref):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10)


@pytest.mark.parametrize("call", [
    lambda L: L.nn.LSTM(3, 4)(L.ones(5, 2, 7)),
    lambda L: L.nn.LSTM(3, 4)(L.ones(5, 2, 3), (L.zeros(2, 2, 4), L.zeros(1, 2, 4))),
    lambda L: L.nn.GRU(3, 4)(L.ones(5, 2, 3), L.zeros(1, 3, 4)),
    lambda L: L.nn.LSTMCell(3, 4)(L.ones(2, 5)),
], ids=["input-size", "lstm-hidden", "gru-hidden", "cell-input-size"])
def test_shape_errors_as_torch(same_error_as_torch, call):
    same_error_as_torch(call)


def test_initialisation_and_repr_as_torch(torch_ref):
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(3, 16, num_layers=2, bidirectional=True, dropout=0.25)
    assert repr(lstm) == repr(torch_ref.nn.LSTM(3, 16, num_layers=2, bidirectional=True,
                                                dropout=0.25))
    names = [n for n, _ in lstm.named_parameters()]
    assert names == [n for n, _ in torch_ref.nn.LSTM(3, 16, num_layers=2,
                                                      bidirectional=True).named_parameters()]
    weights = torch.cat([p.reshape(-1) for p in lstm.parameters()])
    assert weights.abs().max().item() <= 0.25 and weights.std().item() > 0.1   # U(-1/4, 1/4)


def test_an_lstm_learns_to_sum_a_sequence():
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    lstm, head = torch.nn.LSTM(1, 16, batch_first=True), torch.nn.Linear(16, 1)
    opt = torch.optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=0.02)
    first = None
    for _ in range(150):
        x = torch.from_numpy(rng.uniform(-1, 1, (32, 5, 1)).astype(np.float32))
        loss = torch.nn.functional.mse_loss(head(lstm(x)[0][:, -1]), x.sum(1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(lstm.parameters(), 1.0)
        opt.step()
        first = loss.item() if first is None else first
    assert loss.item() < 0.05 * first


def test_rnn_takes_nonlinearity_fourth_as_torch(torch_ref):
    for lib in (torch, torch_ref):
        rnn = lib.nn.RNN(3, 4, 2, "relu")
        assert rnn.nonlinearity == "relu" and rnn.bias is True
        out, _ = rnn(-lib.ones(5, 1, 3) * 100)
        assert out.min().item() >= 0.0          # relu, not tanh
