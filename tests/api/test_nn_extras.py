"""Smaller nn pieces tutorials reach for: channel dropout, parameter containers and the
initialisers beyond the basic ones (their values against PyTorch's are in the conformance
tables where they are deterministic)."""
import numpy as np
import pytest

import torchlike as torch


@pytest.mark.parametrize("layer, shape", [(torch.nn.Dropout2d, (8, 16, 5, 5)),
                                          (torch.nn.Dropout1d, (8, 16, 7))])
def test_channel_dropout_zeroes_whole_channels_and_rescales(layer, shape):
    torch.manual_seed(0)
    drop = layer(p=0.25)
    x = torch.ones(*shape)
    y = drop(x).numpy().reshape(shape[0], shape[1], -1)
    per_channel = y[:, :, 0]
    assert np.all(y == per_channel[:, :, None])            # one draw per (sample, channel)
    assert set(np.unique(per_channel)) <= {np.float32(0.0), np.float32(1 / 0.75)}
    assert 0.1 < (per_channel == 0).mean() < 0.4
    drop.eval()
    assert drop(x) is x
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1"):
        torch.nn.functional.dropout2d(x, p=1.5)


def test_channel_dropout_gradient_follows_the_mask():
    torch.manual_seed(1)
    x = torch.ones(4, 6, 3, 3, requires_grad=True)
    y = torch.nn.functional.dropout2d(x, 0.5)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), y.detach().numpy())


def test_dropout1d_refuses_other_ranks(torch_ref):
    for lib in (torch, torch_ref):
        with pytest.raises(RuntimeError, match="dropout1d: Expected 2D or 3D input"):
            lib.nn.functional.dropout1d(lib.ones(2, 3, 4, 5))


def test_parameter_containers_register_their_parameters(torch_ref):
    names = []
    for lib in (torch, torch_ref):
        m = lib.nn.Module()
        m.plist = lib.nn.ParameterList([lib.nn.Parameter(lib.ones(2)), lib.zeros(3)])
        m.pdict = lib.nn.ParameterDict({"scale": lib.nn.Parameter(lib.ones(1))})
        m.plist.append(lib.nn.Parameter(lib.ones(4)))
        assert len(m.plist) == 3 and "scale" in m.pdict
        assert all(isinstance(p, lib.nn.Parameter) for p in m.plist)
        names.append(([n for n, _ in m.named_parameters()], list(m.state_dict())))
    assert names[0] == names[1]


def test_trunc_normal_stays_inside_its_bounds():
    torch.manual_seed(0)
    w = torch.nn.init.trunc_normal_(torch.empty(20000), mean=0.5, std=2.0, a=-1.0, b=1.5)
    v = w.numpy()
    assert v.min() >= -1.0 and v.max() <= 1.5
    # the mean of N(0.5, 2) cut to [-1, 1.5] is about 0.26
    assert abs(v.mean() - 0.26) < 0.03


@pytest.mark.parametrize("shape, gain", [((6, 3), 1.0), ((3, 6), 2.0), ((4, 2, 3), 1.0)])
def test_orthogonal_rows_or_columns(shape, gain):
    w = torch.nn.init.orthogonal_(torch.empty(*shape), gain=gain).numpy().reshape(shape[0], -1)
    small = min(w.shape)
    gram = w.T @ w if w.shape[0] >= w.shape[1] else w @ w.T
    np.testing.assert_allclose(gram, gain ** 2 * np.eye(small), atol=1e-5)
    with pytest.raises(ValueError, match="Only tensors with 2 or more dimensions"):
        torch.nn.init.orthogonal_(torch.empty(3))


def test_eye_(torch_ref):
    for lib in (torch, torch_ref):
        assert lib.nn.init.eye_(lib.empty(2, 3)).tolist() == [[1, 0, 0], [0, 1, 0]]
        with pytest.raises(ValueError, match="Only tensors with 2 dimensions are supported"):
            lib.nn.init.eye_(lib.empty(2, 3, 4))


def test_dropout2d_reads_3d_input_as_n_c_l_and_warns(torch_ref):
    torch.manual_seed(3)
    for lib in (torch, torch_ref):
        with pytest.warns(UserWarning, match="Received a 3D input to dropout2d"):
            y = lib.nn.functional.dropout2d(lib.ones(8, 16, 5), 0.5)
        y = y.numpy()
        assert np.all(y == y[:, :, :1])          # one draw per (N, C), shared along L


def test_parameter_list_negative_index_replaces(torch_ref):
    for lib in (torch, torch_ref):
        plist = lib.nn.ParameterList([lib.nn.Parameter(lib.ones(1)), lib.nn.Parameter(lib.ones(2))])
        plist[-1] = lib.nn.Parameter(lib.zeros(3))
        assert len(plist) == 2 and tuple(plist[1].shape) == (3,)


def test_deleting_a_grad_clears_it(torch_ref):
    for lib in (torch, torch_ref):
        p = lib.nn.Parameter(lib.ones(2))
        p.grad = lib.ones(2)
        del p.grad
        assert p.grad is None
