"""InstanceNorm and the padding layers against PyTorch: values, input gradients, running
statistics and reprs."""
import numpy as np
import pytest

import torchlike as torch

X = np.random.default_rng(0).standard_normal((2, 3, 4, 5))

PADS = [("ReflectionPad2d", (2,)), ("ZeroPad2d", ((1, 2, 3, 0),)), ("ReplicationPad2d", ((1, 0, 2, 1),)),
        ("CircularPad2d", (1,)), ("ConstantPad2d", (1, -2.0)), ("ReflectionPad1d", ((2, 1),)),
        ("ConstantPad1d", (2, 3.5))]


@pytest.mark.parametrize("name, args", PADS, ids=[p[0] + str(i) for i, p in enumerate(PADS)])
def test_padding_layers_match_torch(torch_ref, name, args):
    x = X if name.endswith("2d") else X[0]
    ours, ref = getattr(torch.nn, name)(*args), getattr(torch_ref.nn, name)(*args)
    assert repr(ours) == repr(ref)
    np.testing.assert_array_equal(ours(torch.from_numpy(x)).numpy(),
                                  ref(torch_ref.from_numpy(x)).numpy())


@pytest.mark.parametrize("kwargs", [{}, {"affine": True}, {"track_running_stats": True},
                                    {"affine": True, "track_running_stats": True}])
def test_instance_norm_matches_torch(torch_ref, kwargs):
    ref = torch_ref.nn.InstanceNorm2d(3, **kwargs).double()
    ours = torch.nn.InstanceNorm2d(3, **kwargs).double()
    assert repr(ours) == repr(ref)
    ours.load_state_dict({k: torch.from_numpy(v.detach().numpy().copy())
                          for k, v in ref.state_dict().items()})
    x, x_ref = torch.from_numpy(X.copy()).requires_grad_(), torch_ref.from_numpy(X.copy()).requires_grad_()
    out, out_ref = ours(x), ref(x_ref)
    g = np.random.default_rng(1).standard_normal(X.shape)
    out.backward(torch.from_numpy(g))
    out_ref.backward(torch_ref.from_numpy(g))
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(x.grad.numpy(), x_ref.grad.numpy(), rtol=1e-9, atol=1e-11)
    if kwargs.get("track_running_stats"):
        for name in ("running_mean", "running_var"):
            np.testing.assert_allclose(getattr(ours, name).numpy(), getattr(ref, name).numpy())
        ours.eval()
        ref.eval()
        np.testing.assert_allclose(ours(torch.from_numpy(X)).detach().numpy(),
                                   ref(torch_ref.from_numpy(X)).detach().numpy(), rtol=1e-10)


def test_instance_norm_unbatched_and_rank_check(torch_ref, same_error_as_torch):
    u = X[0, :, 0]                                  # (C, L)
    np.testing.assert_allclose(torch.nn.InstanceNorm1d(3)(torch.from_numpy(u)).numpy(),
                               torch_ref.nn.InstanceNorm1d(3)(torch_ref.from_numpy(u)).numpy(),
                               rtol=1e-10, atol=1e-12)
    same_error_as_torch(lambda L: L.nn.InstanceNorm2d(3)(L.ones(3)), ValueError)
