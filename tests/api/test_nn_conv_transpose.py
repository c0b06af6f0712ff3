"""ConvTranspose1d/2d against PyTorch's: the same parameters (through state_dict), outputs,
input and parameter gradients in float64, the repr, output_size, and the errors."""
import numpy as np
import pytest

import torchlike as torch

# (nd, in, out, kernel, stride, padding, output_padding, groups, dilation, bias, size)
LAYERS = [(2, 3, 4, 3, 1, 0, 0, 1, 1, True, 5),
          (2, 4, 2, 4, 2, 1, 0, 1, 1, True, 4),         # DCGAN's upsampling step
          (2, 4, 6, 3, 2, 1, 1, 2, 1, False, 5),        # groups, output_padding, no bias
          (2, 3, 2, 3, 2, 0, 1, 1, 2, True, 4),         # dilation
          (1, 3, 5, 4, 3, 1, 2, 1, 1, True, 7),
          (2, 2, 3, 3, 1, 1, 1, 1, 2, True, 4)]         # output_padding past the stride


@pytest.mark.parametrize("layer", LAYERS, ids=[f"case{i}" for i in range(len(LAYERS))])
@pytest.mark.parametrize("batched", [True, False])
def test_matches_torch(torch_ref, layer, batched):
    nd, cin, cout, k, stride, padding, out_pad, groups, dilation, bias, size = layer
    args = (cin, cout, k, stride, padding, out_pad, groups, bias, dilation)
    ref = getattr(torch_ref.nn, f"ConvTranspose{nd}d")(*args).double()
    ours = getattr(torch.nn, f"ConvTranspose{nd}d")(*args).double()
    ours.load_state_dict({name: torch.from_numpy(v.detach().numpy().copy())
                          for name, v in ref.state_dict().items()})
    assert repr(ours) == repr(ref)
    rng = np.random.default_rng(len(LAYERS))
    x = rng.standard_normal(((2,) if batched else ()) + (cin,) + (size,) * nd)
    x_ref = torch_ref.from_numpy(x.copy()).requires_grad_()
    x = torch.from_numpy(x).requires_grad_()
    out, out_ref = ours(x), ref(x_ref)
    assert tuple(out.shape) == tuple(out_ref.shape)
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-10,
                               atol=1e-12)
    g = rng.standard_normal(tuple(out.shape))
    out.backward(torch.from_numpy(g))
    out_ref.backward(torch_ref.from_numpy(g))
    np.testing.assert_allclose(x.grad.numpy(), x_ref.grad.numpy(), rtol=1e-9, atol=1e-12)
    for (name, p), (_, p_ref) in zip(ours.named_parameters(), ref.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), p_ref.grad.numpy(), rtol=1e-9, atol=1e-12,
                                   err_msg=name)


def test_output_size_picks_the_output_padding(torch_ref):
    shapes = []
    for lib in (torch, torch_ref):
        layer = lib.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1)
        shapes.append(tuple(layer(lib.ones(1, 4, 5, 5), output_size=[10, 10]).shape))
    assert shapes[0] == shapes[1] == (1, 2, 10, 10)


@pytest.mark.parametrize("call, exc", [
    (lambda L: L.nn.functional.conv_transpose2d(L.ones(1, 3, 5, 5), L.ones(4, 2, 3, 3)),
     RuntimeError),
    (lambda L: L.nn.functional.conv_transpose2d(L.ones(1, 4, 5, 5), L.ones(4, 2, 3, 3),
                                                output_padding=1), RuntimeError),
    (lambda L: L.nn.functional.conv_transpose2d(L.ones(1, 3, 5, 5), L.ones(3, 2, 3, 3),
                                                groups=2), RuntimeError),
    (lambda L: L.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1)(L.ones(1, 4, 5, 5),
                                                                 output_size=[12, 10]),
     ValueError),
], ids=["channels", "output-padding", "groups", "output-size"])
def test_errors_as_torch(same_error_as_torch, call, exc):
    same_error_as_torch(call, exc)
