"""autograd.grad, create_graph, and the functional API."""
import numpy as np
import pytest

import torchlike as torch


def test_second_derivative_of_cube():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (g,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), 3 * np.array([1.0, 4.0, 9.0]))
    (h,) = torch.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(h.numpy(), 6 * np.array([1.0, 2.0, 3.0]))


def test_third_derivative_through_exp_and_sin():
    x = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    y = x.sin() * x.exp()
    d1, = torch.autograd.grad(y, x, create_graph=True)
    d2, = torch.autograd.grad(d1, x, create_graph=True)
    d3, = torch.autograd.grad(d2, x)
    v = 0.7
    expected = 2 * np.exp(v) * (np.cos(v) - np.sin(v))   # (e^x sin x)''' = 2e^x(cos x - sin x)
    np.testing.assert_allclose(d3.item(), expected, rtol=1e-10)


def test_grad_allow_unused_and_materialize():
    x = torch.ones(2, requires_grad=True)
    z = torch.ones(2, requires_grad=True)
    y = (x * 2).sum()
    with pytest.raises(RuntimeError, match="appears to not have been used in the graph"):
        torch.autograd.grad(y, [x, z], retain_graph=True)
    gx, gz = torch.autograd.grad(y, [x, z], retain_graph=True, allow_unused=True)
    assert gz is None
    gx, gz = torch.autograd.grad(y, [x, z], materialize_grads=True)
    np.testing.assert_allclose(gz.numpy(), [0.0, 0.0])
    assert x.grad is None        # grad() does not accumulate


def test_functional_jacobian_hessian_vjp_jvp():
    F = torch.autograd.functional

    def f(x):
        return x ** 2 * 3

    x = torch.tensor([1.0, 2.0], dtype=torch.float64)
    J = F.jacobian(f, x)
    np.testing.assert_allclose(J.numpy(), np.diag([6.0, 12.0]))
    H = F.hessian(lambda x: (x ** 3).sum(), x)
    np.testing.assert_allclose(H.numpy(), np.diag([6.0, 12.0]))
    _, v = F.vjp(f, x, torch.tensor([1.0, 1.0], dtype=torch.float64))
    np.testing.assert_allclose(v.numpy(), [6.0, 12.0])
    _, jv = F.jvp(f, x, torch.tensor([1.0, 0.0], dtype=torch.float64))
    np.testing.assert_allclose(jv.numpy(), [6.0, 0.0])
    _, hv = F.hvp(lambda x: (x ** 3).sum(), x, torch.tensor([1.0, 1.0], dtype=torch.float64))
    np.testing.assert_allclose(hv.numpy(), [6.0, 12.0])
    _, vh = F.vhp(lambda x: (x ** 3).sum(), x, torch.tensor([1.0, 0.0], dtype=torch.float64))
    np.testing.assert_allclose(vh.numpy(), [6.0, 0.0])


def test_gradcheck_passes_and_names_mismatch():
    x = torch.randn(3, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: (t * t.sin()).sum(dim=0, keepdim=True), (x,))

    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            return t * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3

    with pytest.raises(RuntimeError, match="Jacobian mismatch for output 0 with respect to input 0"):
        torch.autograd.gradcheck(Bad.apply, (x,))
    assert torch.autograd.gradcheck(Bad.apply, (x,), raise_exception=False) is False


def test_gradcheck_warns_for_float32():
    x = torch.randn(2, requires_grad=True)
    with pytest.warns(UserWarning, match="is not a double precision"):
        torch.autograd.gradcheck(lambda t: t * 2, (x,), atol=1e-2, rtol=1e-2, eps=1e-3)


def test_gradgradcheck():
    x = torch.randn(3, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradgradcheck(lambda t: (t ** 3 * t.exp()).sum(), (x,))


@pytest.mark.parametrize("values", [[0.0, 1.0, 2.0, 3.0], [2.0, 0.0, 0.0, 4.0], [1.5, 2.0, 0.5]])
@pytest.mark.parametrize("op", ["prod", "cumprod"])
def test_second_derivative_through_zeros_as_torch(torch_ref, values, op):
    # cumprod's backward used to divide by its input: NaN at zeros
    results = []
    for lib in (torch, torch_ref):
        x = lib.tensor(values, dtype=lib.float64, requires_grad=True)
        y = x.prod() if op == "prod" else x.cumprod(0).sum()
        g, = lib.autograd.grad(y, x, create_graph=True)
        h, = lib.autograd.grad((g * lib.arange(1.0, len(values) + 1, dtype=lib.float64)).sum(), x)
        results.append(np.array(g.tolist() + h.tolist()))
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12, atol=1e-12)
