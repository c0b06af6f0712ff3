"""The autograd engine as a user meets it: backward, .grad, retain_graph, errors, hooks."""
import gc
import sys
import warnings

import numpy as np
import pytest

import torchlike as torch


def test_tutorial_repr_and_gradient():
    x = torch.ones(2, 2, requires_grad=True)
    assert repr(x) == "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)"
    y = x + 2
    assert repr(y) == "tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)"
    z = y * y * 3
    out = z.mean()
    assert repr(out) == "tensor(27., grad_fn=<MeanBackward0>)"
    out.backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full((2, 2), 4.5))
    assert x.is_leaf and not y.is_leaf and y.grad_fn.name() == "AddBackward0"


def test_next_functions_point_at_inputs():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0])
    y = a * b
    (acc, nr), (none, _) = y.grad_fn.next_functions
    assert acc.name() == "AccumulateGrad" and acc.variable is a and nr == 0
    assert none is None


def test_gradients_accumulate_across_backward_calls():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 4 * np.array([1.0, 2.0, 3.0]))


def test_shared_gradient_is_not_aliased_between_leaves():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    (a + b).sum().backward()
    a.grad.zero_()
    np.testing.assert_allclose(b.grad.numpy(), [1.0, 1.0])


def test_backward_with_gradient_argument():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    y.backward(torch.tensor([0.1, 1.0, 0.0001]))
    np.testing.assert_allclose(x.grad.numpy(), [0.2, 2.0, 0.0002], rtol=1e-6)


def test_non_scalar_backward_needs_gradient():
    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        (x * 2).backward()


def test_gradient_shape_mismatch_names_both_shapes_and_leaves_grad_untouched():
    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Mismatch in shape: grad_output\[0\] has a shape of "
                       r"torch.Size\(\[2\]\) and output\[0\] has a shape of torch.Size\(\[3\]\)"):
        (x * 2).backward(torch.ones(2))
    assert x.grad is None


def test_backward_of_tensor_without_grad():
    with pytest.raises(RuntimeError, match="does not require grad and does not have a grad_fn"):
        torch.ones(2).sum().backward()


def test_second_backward_through_freed_graph_raises_and_retain_graph_allows_it():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), [4.0, 8.0])
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()


def _modify_saved(lib):
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    b = a * 1
    c = b * b
    b.add_(1)
    w = lib.ones(2)
    d = a * w       # w has no history: the message has no "which is output 0 of"
    w.mul_(2)
    messages = []
    for out in (c, d):
        with pytest.raises(RuntimeError) as info:
            out.sum().backward()
        messages.append(str(info.value))
    return messages


def test_modified_saved_tensor_raises():
    with_history, without = _modify_saved(torch)
    assert with_history.startswith(
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [2]], which is output 0 of Add, is at version 1; "
        "expected version 0 instead. Hint: enable anomaly detection")
    assert "[torch.FloatTensor [2]] is at version 1; expected version 0 instead." in without


def test_modified_saved_tensor_message_as_torch(torch_ref):
    assert _modify_saved(torch) == _modify_saved(torch_ref)


def test_inplace_on_leaf_requiring_grad_raises():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an "
                       "in-place operation."):
        x.add_(1)
    with torch.no_grad():
        x.add_(1)
    np.testing.assert_allclose(x.detach().numpy(), [2.0, 2.0])


def test_inplace_on_non_leaf_gives_correct_gradient(torch_ref):
    def run(lib):
        x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        y = x * 2
        y.mul_(3)
        y.add_(x)
        y.exp_()
        z = y * x
        z.sub_(1)
        z.sum().backward()
        return x.grad.numpy()
    np.testing.assert_allclose(run(torch), run(torch_ref), rtol=1e-6)


def test_slice_assignment_into_graph_tensor(torch_ref):
    def run(lib):
        x = lib.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        w = lib.tensor([5.0, 6.0], requires_grad=True)
        y = x * 1
        y[1:3] = w * 2
        (y * lib.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
        return x.grad.numpy(), w.grad.numpy()
    for ours, ref in zip(run(torch), run(torch_ref)):
        np.testing.assert_allclose(ours, ref)


def test_broadcast_gradients_are_summed_to_input_shape():
    a = torch.ones(3, 1, requires_grad=True)
    b = torch.ones(4, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.shape == (3, 1) and b.grad.shape == (4,)
    np.testing.assert_allclose(a.grad.numpy(), np.full((3, 1), 4.0))
    np.testing.assert_allclose(b.grad.numpy(), np.full(4, 3.0))


def test_grad_dtype_follows_input():
    a = torch.ones(2, dtype=torch.float32, requires_grad=True)
    b = torch.ones(2, dtype=torch.float64, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.dtype is torch.float32 and b.grad.dtype is torch.float64


def test_deep_chain_at_default_recursion_limit():
    assert sys.getrecursionlimit() <= 10000
    x = torch.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0])
    del y
    gc.collect()


def test_deep_graph_teardown_without_backward():
    import weakref
    x = torch.tensor([1.0], requires_grad=True)
    y = x + 1.0
    first = weakref.ref(y.grad_fn)
    for _ in range(100_000):
        y = y + 1.0
    assert first() is not None
    del y          # must not overflow the C stack while freeing 10^5 nodes
    gc.collect()
    assert first() is None       # the whole chain was freed


def test_training_step_leaves_no_reference_cycles():
    w = torch.randn(5, 3, requires_grad=True)
    x = torch.randn(8, 5)
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            loss = (x @ w).relu().exp().mean()
            loss.backward()
            with torch.no_grad():
                w -= 0.1 * w.grad
            w.grad = None
            del loss
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_retain_grad_and_hooks():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.retain_grad()
    seen = []
    h = y.register_hook(lambda g: seen.append(g.clone()) or g * 2)
    x.register_hook(lambda g: g + 1)
    y.sum().backward()
    np.testing.assert_allclose(y.grad.numpy(), [1.0, 1.0])
    np.testing.assert_allclose(seen[0].numpy(), [1.0, 1.0])
    np.testing.assert_allclose(x.grad.numpy(), [7.0, 7.0])
    h.remove()
    assert y.retains_grad


def test_no_grad_and_detach():
    x = torch.ones(2, requires_grad=True)
    with torch.no_grad():
        y = x * 2
    assert not y.requires_grad and y.grad_fn is None
    z = (x * 2).detach()
    assert not z.requires_grad and z.data_ptr() != 0
    d = x.detach()
    d[0] = 5.0
    assert x[0].item() == 5.0          # shares storage
    assert x.data.data_ptr() == x.data_ptr()


def test_grad_mode_is_thread_local():
    import threading
    seen = []
    with torch.no_grad():
        t = threading.Thread(target=lambda: seen.append(torch.is_grad_enabled()))
        t.start()
        t.join()
    assert seen == [True]


def test_requires_grad_rules():
    with pytest.raises(RuntimeError, match="only Tensors of floating point"):
        torch.ones(2, dtype=torch.int64).requires_grad_()
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf variables"):
        y.requires_grad = False
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
        x.numpy()


def test_backward_inputs_argument():
    a = torch.tensor([1.0], requires_grad=True)
    b = torch.tensor([2.0], requires_grad=True)
    (a * b).sum().backward(inputs=[a])
    np.testing.assert_allclose(a.grad.numpy(), [2.0])
    assert b.grad is None


def test_only_nodes_leading_to_the_inputs_run():
    # PyTorch runs no node past the requested inputs: x's branch was freed by the first
    # backward, and a node that would fail must not be reached either
    x = torch.ones(3, requires_grad=True)
    y = x.exp()
    z = y * 2
    y.sum().backward()
    assert torch.autograd.grad(z.sum(), y)[0].tolist() == [2.0, 2.0, 2.0]

    class Boom(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 1

        @staticmethod
        def backward(ctx, g):
            raise AssertionError("ran a node no input needs")

    a = torch.ones(2, requires_grad=True)
    b = Boom.apply(torch.ones(2, requires_grad=True))
    (gb,) = torch.autograd.grad((a * b).sum(), a)
    assert gb.tolist() == [1.0, 1.0]
    (a * b).sum().backward(inputs=[a])
    assert a.grad.tolist() == [1.0, 1.0]


def test_backward_inputs_fills_a_non_leaf_grad(torch_ref):
    grads = []
    for lib in (torch, torch_ref):
        x = lib.ones(3, requires_grad=True)
        y = x.exp()
        (y * 2).sum().backward(inputs=[y], retain_graph=True)
        (y * 3).sum().backward(inputs=[y])
        grads.append((y.grad.tolist(), x.grad))
    assert grads[0] == grads[1] == ([5.0, 5.0, 5.0], None)


def test_out_argument_with_grad_raises():
    a = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="don't support automatic differentiation"):
        torch.add(a, 1, out=torch.empty(2))


def test_anomaly_detection_reports_nan():
    x = torch.tensor([0.0], requires_grad=True)
    with torch.autograd.detect_anomaly():
        y = (x.sqrt() * 0).sum()
        with pytest.raises(RuntimeError, match="returned nan values"):
            with pytest.warns(RuntimeWarning, match="Traceback of forward call"):
                y.backward()


def test_inplace_through_views_of_graph_tensor(torch_ref):
    def run(lib):
        x = lib.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        y = x * 1
        v = y[1:3]
        v.mul_(x[:2] * 3)
        w = y.view(2, 2)
        w[0].add_(10)
        (y * lib.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
        return x.grad.numpy(), y.detach().numpy(), y.grad_fn.name().split("::")[-1]
    ours, ref = run(torch), run(torch_ref)
    np.testing.assert_allclose(ours[0], ref[0])
    np.testing.assert_allclose(ours[1], ref[1])
    assert ours[2] == ref[2] == "CopySlices"


# Note [Stale views]: a view made before its base was written in place must take its
# gradient from the base's new history, as PyTorch's regenerated AsStridedBackward0 does.
def _write_base(lib, y):
    y.mul_(3)


def _write_other_view(lib, y):
    y.view(2, 3)[0].mul_(5)


def _write_by_setitem(lib, y):
    y[4] = 7.0


@pytest.mark.parametrize("write", [_write_base, _write_other_view, _write_by_setitem])
def test_view_made_before_an_inplace_write_to_its_base(torch_ref, write):
    def run(lib):
        x = lib.arange(1.0, 7.0, dtype=lib.float64).requires_grad_()
        y = x * 1
        v = y[1:5]
        w = v[2:].unsqueeze(0)            # a view of a view
        before = v.sum()                  # recorded before the write: the old history
        write(lib, y)
        loss = before + (v * lib.arange(4.0, dtype=lib.float64)).sum() + (w * w).sum()
        loss.backward()
        return x.grad.tolist(), v.grad_fn.name().split("::")[-1], w.grad_fn.name().split("::")[-1]
    assert run(torch) == run(torch_ref)


@pytest.mark.parametrize("split", [lambda y: y.split([3, 3]), lambda y: y.chunk(2),
                                   lambda y: y.unbind(0)])
def test_stale_output_of_a_multi_view_op_raises_as_torch(same_error_as_torch, split):
    def use_after_write(lib):
        y = lib.arange(1.0, 7.0).requires_grad_() * 1
        parts = split(y)
        y.add_(1)
        parts[1] * 2
    same_error_as_torch(use_after_write)


def test_a_view_written_in_place_keeps_its_new_history(torch_ref):
    def run(lib):
        x = lib.arange(1.0, 5.0, dtype=lib.float64).requires_grad_()
        y = x * 1
        v = y[:2]
        v.mul_(x[2:])
        (v * v).sum().backward()
        return x.grad.tolist(), v.grad_fn.name().split("::")[-1]
    assert run(torch) == run(torch_ref)


def test_stale_view_saved_by_an_op_still_raises_when_modified():
    x = torch.ones(4, requires_grad=True)
    y = x * 1
    v = y[:2]
    z = v * v
    y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()


def test_inplace_on_view_of_leaf_raises():
    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        x[0].mul_(2)


def test_leaf_grad_is_contiguous_like_its_leaf(torch_ref):
    # the gradient of W reaches it through W.t(): a transposed view, which the leaf must
    # not keep (PyTorch's gradient layout contract)
    for lib in (torch, torch_ref):
        w = lib.ones(3, 4, requires_grad=True)
        x = lib.ones(2, 4)
        (x @ w.t()).sum().backward()
        assert w.grad.is_contiguous() and w.grad.stride() == (4, 1)
        np.testing.assert_array_equal(w.grad.numpy(), np.full((3, 4), 2.0))


# Note [Stealing gradients]: a leaf's first gradient is kept without a copy only when
# nothing else can see its memory. Each case below writes into .grad and checks that the
# write reaches nothing else.

def test_one_gradient_routed_to_two_leaves_is_not_shared():
    x = torch.ones(3, requires_grad=True)
    y = torch.ones(3, requires_grad=True)
    (x + y).sum().backward()          # AddBackward0 hands the same tensor to both
    x.grad.add_(1)
    assert y.grad.tolist() == [1.0, 1.0, 1.0]


def test_user_gradient_is_not_taken_over():
    g = torch.full((3,), 2.0)
    x = torch.ones(3, requires_grad=True)
    (x + 0).backward(g)
    x.grad.add_(1)
    leaf = torch.ones(3, requires_grad=True)
    leaf.backward(g)                  # a leaf as the root: g goes straight to AccumulateGrad
    leaf.grad.add_(1)
    assert g.tolist() == [2.0, 2.0, 2.0]


def test_gradient_kept_by_a_hook_is_not_taken_over():
    kept = []
    x = torch.ones(3, requires_grad=True)
    x.register_hook(kept.append)
    (x * 2).sum().backward()
    x.grad.add_(1)
    assert kept[0].tolist() == [2.0, 2.0, 2.0] and x.grad.tolist() == [3.0, 3.0, 3.0]


def test_numpy_backed_gradient_is_not_taken_over():
    arr = np.full(3, 5.0)

    class Fn(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 1

        @staticmethod
        def backward(ctx, g):
            return torch.from_numpy(arr)

    x = torch.ones(3, dtype=torch.float64, requires_grad=True)
    Fn.apply(x).sum().backward()
    x.grad.add_(1)
    assert arr.tolist() == [5.0, 5.0, 5.0] and x.grad.tolist() == [6.0, 6.0, 6.0]


@pytest.mark.parametrize("as_view", [False, True])
def test_matmul_gradient_is_taken_over(as_view):
    # a matmul result caches a numpy view of its memory; that view is no other holder, so
    # the gradient (plain, or a view of it as nn.Linear's weight gets it) is not copied
    ptrs = []

    class Fn(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 1

        @staticmethod
        def backward(ctx, g):
            r = torch.mm(torch.ones(4, 2), torch.ones(2, 3))
            ptrs.append(r.data_ptr())
            return r.t().t() if as_view else r

    x = torch.ones(4, 3, requires_grad=True)
    Fn.apply(x).sum().backward()
    assert x.grad.data_ptr() == ptrs[0] and x.grad._base is None
    np.testing.assert_array_equal(x.grad.numpy(), np.full((4, 3), 2.0))


def test_second_backward_accumulates_into_an_owned_grad():
    w = torch.ones(2, 3, requires_grad=True)
    x = torch.ones(4, 3)
    for _ in range(2):
        (x @ w.t()).sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), np.full((2, 3), 8.0))
    assert w.grad._base is None


def test_backward_from_two_roots_where_one_feeds_the_other(torch_ref):
    grads = []
    for lib in (torch, torch_ref):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        z = y * 3
        lib.autograd.backward([z, y], [lib.ones(2), lib.full((2,), 0.5)])
        grads.append(x.grad.tolist())
    assert grads[0] == grads[1] == [7.0, 7.0]


def test_expanded_gradient_of_a_transposed_leaf_is_not_kept_as_is():
    # sum's gradient is a stride-0 view; keeping it as .grad broke the next accumulation
    x = torch.randn(4, 3).t().detach().requires_grad_()
    for _ in range(2):
        (x.sum() * 2).backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.full((3, 4), 4.0))
    assert 0 not in x.grad.stride()


def test_hook_of_a_leaf_dropped_before_backward_still_runs(torch_ref):
    seen = []
    for lib in (torch, torch_ref):
        x = lib.ones(3, requires_grad=True)
        x.register_hook(lambda g, lib=lib: seen.append((lib.__name__, g.tolist())))
        y = (x * 2).sum()
        del x
        y.backward()
    assert seen == [("torchlike", [2.0, 2.0, 2.0]), ("torch", [2.0, 2.0, 2.0])]


@pytest.mark.parametrize("make", [
    lambda lib: lib.ones(4, 3).t(),               # dense, transposed: grad takes its strides
    lambda lib: lib.ones(4, 6)[:, ::2],           # not dense: grad is contiguous
    lambda lib: lib.ones(2, 3, 4).permute(2, 0, 1),
])
@pytest.mark.parametrize("fn", [lambda x: (x * 2).sum(), lambda x: x.sum() * 2])
def test_leaf_grad_layout_as_torch(torch_ref, make, fn):
    strides = []
    for lib in (torch, torch_ref):
        x = make(lib).detach().requires_grad_()
        fn(x).backward()
        fn(x).backward()
        strides.append(tuple(x.grad.stride()))
        np.testing.assert_array_equal(x.grad.numpy(), np.full(tuple(x.shape), 4.0))
    assert strides[0] == strides[1]


def test_reading_an_unfilled_non_leaf_grad_warns_as_torch(torch_ref):
    for lib in (torch, torch_ref):
        x = lib.ones(2, requires_grad=True)
        y = x * 2
        with pytest.warns(UserWarning, match="not a leaf Tensor is being accessed"):
            assert y.grad is None
        y.retain_grad()
        y.sum().backward()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert y.grad.tolist() == [1.0, 1.0] and x.grad.tolist() == [2.0, 2.0]


def test_grad_mode_exit_without_enter_does_not_raise():
    mode = torch.no_grad()
    mode.__exit__(None, None, None)          # PyTorch's: grad mode ends up off
    assert not torch.is_grad_enabled()
    torch.set_grad_enabled(True)


def test_hooks_apply_before_the_gradient_of_an_input_is_taken(torch_ref):
    got = []
    for lib in (torch, torch_ref):
        a = lib.ones(3, requires_grad=True)
        y = a * 2
        y.register_hook(lambda g: g * 10)
        (grad,) = lib.autograd.grad((y * y).sum(), y, retain_graph=True)
        (y * y).sum().backward(inputs=[y])
        got.append((grad.tolist(), y.grad.tolist()))
    assert got[0] == got[1] == ([40.0] * 3, [40.0] * 3)


def test_retain_grad_follows_a_stale_view(torch_ref):
    got = []
    for lib in (torch, torch_ref):
        a = lib.ones(4, requires_grad=True)
        x = a * 1
        v = x[1:3]
        v.retain_grad()
        x.mul_(3)
        (v * v).sum().backward()
        got.append((v.grad.tolist(), a.grad.tolist()))
    assert got[0] == got[1]
