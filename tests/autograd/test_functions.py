"""Custom Functions in both PyTorch API eras, and Variable."""
import numpy as np
import pytest

import torchlike as torch
from torchlike.autograd import Function, Variable


class Exp(Function):
    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


class LinearFn(Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        return grad_input, grad_weight, grad_bias


def test_new_style_function_and_node_name():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    y = Exp.apply(x)
    assert y.grad_fn.name() == "ExpBackward" and type(y.grad_fn).__name__ == "ExpBackward"
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp([0.0, 1.0]), rtol=1e-6)


def test_linear_function_gradcheck():
    inp = (torch.randn(5, 4, dtype=torch.double, requires_grad=True),
           torch.randn(3, 4, dtype=torch.double, requires_grad=True),
           torch.randn(3, dtype=torch.double, requires_grad=True))
    assert torch.autograd.gradcheck(LinearFn.apply, inp, eps=1e-6, atol=1e-4)


def test_needs_input_grad_and_non_tensor_args():
    class Scale(Function):
        @staticmethod
        def forward(ctx, x, factor):
            ctx.factor = factor
            return x * factor

        @staticmethod
        def backward(ctx, g):
            assert ctx.needs_input_grad == (True, False)
            return g * ctx.factor, None

    x = torch.ones(3, requires_grad=True)
    Scale.apply(x, 4.0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [4.0] * 3)


def test_setup_context_mark_dirty_and_non_differentiable():
    class AddOneInplace(Function):
        @staticmethod
        def forward(x):
            x.add_(1)
            return x

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.mark_dirty(inputs[0])

        @staticmethod
        def backward(ctx, g):
            return g

    a = torch.ones(2, requires_grad=True)
    b = a * 2
    c = AddOneInplace.apply(b)
    assert c is b and c.grad_fn.name() == "AddOneInplaceBackward"
    c.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), [2.0, 2.0])

    class SortWithIndex(Function):
        @staticmethod
        def forward(ctx, x):
            idx = torch.tensor(np.argsort(x.detach().numpy()))
            ctx.mark_non_differentiable(idx)
            return x * 1, idx

        @staticmethod
        def backward(ctx, g, g_idx):
            assert g_idx is None or float(g_idx.abs().sum()) == 0.0
            return g

    y, idx = SortWithIndex.apply(torch.tensor([3.0, 1.0], requires_grad=True))
    assert not idx.requires_grad and y.requires_grad


def test_materialize_grads_and_wrong_number_of_grads():
    class Two(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 1, x * 2

        @staticmethod
        def backward(ctx, g1, g2):
            assert g2 is None
            return g1

    x = torch.ones(2, requires_grad=True)
    a, b = Two.apply(x)
    a.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 1.0])

    class Wrong(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x + y

        @staticmethod
        def backward(ctx, g):
            return (g,)

    with pytest.raises(RuntimeError, match="returned an incorrect number of gradients"):
        Wrong.apply(x, torch.ones(2, requires_grad=True)).sum().backward()


def test_once_differentiable():
    class Sq(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @torch.autograd.function.once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    x = torch.tensor([3.0], requires_grad=True)
    seed = torch.ones(1, requires_grad=True)     # a seed that requires grad: double backward
    (g,) = torch.autograd.grad(Sq.apply(x), x, seed, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), [6.0])
    with pytest.raises(RuntimeError, match="once_differentiable"):
        g.sum().backward()


class LegacyReLU(Function):
    """The 0.3-era style: instance methods, called as LegacyReLU()(x)."""

    def forward(self, input):
        self.save_for_backward(input)
        return input.clamp(min=0)

    def backward(self, grad_output):
        input, = self.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input


def test_legacy_function_with_variable():
    x = Variable(torch.tensor([-1.0, 2.0, -3.0, 4.0]), requires_grad=True)
    assert isinstance(x, Variable) and x.creator is None
    y = LegacyReLU()(x)
    assert y.creator is y.grad_fn and y.grad_fn.name() == "LegacyReLUBackward"
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 1.0, 0.0, 1.0])
    np.testing.assert_allclose(x.data.numpy(), [-1.0, 2.0, -3.0, 4.0])


def test_legacy_function_needs_input_grad_and_gradcheck():
    class Mul(Function):
        def forward(self, a, b):
            self.save_for_backward(a, b)
            return a * b

        def backward(self, g):
            a, b = self.saved_tensors
            assert self.needs_input_grad == (True, False)
            return g * b, None

    a = torch.randn(3, dtype=torch.double, requires_grad=True)
    b = torch.randn(3, dtype=torch.double)
    assert torch.autograd.gradcheck(Mul(), (a, b))


def test_legacy_double_backward_raises_clearly():
    x = Variable(torch.tensor([1.0, 2.0]), requires_grad=True)
    y = LegacyReLU()(x * x)
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    with pytest.raises(RuntimeError, match="is not twice differentiable"):
        g.sum().backward()
