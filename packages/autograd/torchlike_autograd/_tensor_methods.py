"""The autograd methods of Tensor (backward, register_hook, retain_grad) and the public
backward()/grad() functions."""
import warnings
import weakref

import torchlike_core

from torchlike_core._creation import filled
from torchlike_core._tensor import TensorBase

from ._engine import run_backward
from ._graph import meta_of, grad_accumulator, fresh_grad_fn, _RemovableHandle


def _as_list(x):
    if x is None:
        return None
    if isinstance(x, TensorBase):
        return [x]
    return list(x)


def _make_grads(outputs, grad_outputs, create_graph):
    """The seed gradients, checked as PyTorch checks them."""
    grads = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if not out.is_floating_point():
                raise RuntimeError(f"grad can be implicitly created only for real scalar outputs "
                                   f"but got {out.dtype}")
            g = (filled(out._shape, out._dtype, 1) if out._storage.device.type == "cpu"
                 else torchlike_core.ones_like(out))
        else:
            if not isinstance(g, TensorBase):
                raise TypeError(f"gradient must be a Tensor or None, got {type(g).__name__}")
            if g.shape != out.shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of "
                                   f"{g.shape} and output[{i}] has a shape of {out.shape}.")
            if g.dtype.is_floating_point != out.dtype.is_floating_point:
                raise TypeError(f"For complex Tensors, both grad_output and output are required to "
                                f"have the same dtype. Mismatch in dtype: grad_output[{i}] has a "
                                f"dtype of {g.dtype} and output[{i}] has a dtype of {out.dtype}.")
        grads.append(g)
    return grads


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """torch.autograd.backward"""
    tensors = _as_list(tensors)
    if grad_tensors is None:
        grad_tensors = grad_variables
    grad_tensors = _as_list(grad_tensors) or [None] * len(tensors)
    if len(grad_tensors) != len(tensors):
        raise RuntimeError(f"got {len(grad_tensors)} tensors and {len(tensors)} gradients")
    for t in tensors:
        if not t.requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad and does not have a "
                               "grad_fn")
    if retain_graph is None:
        retain_graph = create_graph
    inputs = _as_list(inputs)
    if inputs is not None and len(inputs) == 0:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    grads = _make_grads(tensors, grad_tensors, create_graph)
    run_backward(tensors, grads, retain_graph, create_graph, inputs=inputs, accumulate=True)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """torch.autograd.grad"""
    outputs = _as_list(outputs)
    inputs = _as_list(inputs)
    if allow_unused is None:
        allow_unused = materialize_grads
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, "
                         "but got: allow_unused=False.")
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    for t in outputs:
        if not t.requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad and does not have a "
                               "grad_fn")
    grad_outputs = _as_list(grad_outputs) or [None] * len(outputs)
    if retain_graph is None:
        retain_graph = create_graph
    grads = _make_grads(outputs, grad_outputs, create_graph)
    captured = run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs,
                            accumulate=False)
    result = []
    for i, t in enumerate(inputs):
        g = captured.get(i)
        if g is None:
            if materialize_grads:
                g = torchlike_core.zeros_like(t)
            elif not allow_unused:
                raise RuntimeError("One of the differentiated Tensors appears to not have been used "
                                   "in the graph. Set allow_unused=True if this is the desired "
                                   "behavior.")
        elif not create_graph:
            g = g.detach()
        result.append(g)
    return tuple(result)


def _tensor_backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    if (gradient is None and inputs is None and not create_graph and self._grad_fn is not None
            and self.numel() == 1 and self._storage.device.type == "cpu"):
        # loss.backward(), the common call: the checks of backward() hold by construction
        # (a tensor with a grad_fn is a floating one that requires grad)
        run_backward((self,), (filled(self._shape, self._dtype, 1),), bool(retain_graph), False)
        return
    backward(self, gradient, retain_graph, create_graph, inputs=inputs)


def _register_hook(self, hook):
    if not self.requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if self.grad_fn is None:       # Note [Leaf accumulators]: a leaf's hooks live there
        acc = grad_accumulator(self)
        if acc.leaf_hooks is None:
            acc.leaf_hooks = []
        acc.leaf_hooks.append(hook)
        return _RemovableHandle(acc.leaf_hooks, hook)
    nr = meta_of(self).output_nr

    def pre(grads):
        g = grads[nr]
        if g is None:
            return None
        r = hook(g)
        if r is None:
            return None
        grads = list(grads)
        grads[nr] = r
        return grads
    return self.grad_fn.register_prehook(pre)


def _retain_grad(self):
    if not self.requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    if self.grad_fn is None:
        return
    meta = meta_of(self)
    if meta.retains_grad:
        return
    meta.retains_grad = True
    keep_grad_at(self, self.grad_fn, meta.output_nr)


def keep_grad_at(tensor, node, nr):
    """retain_grad's hook: the gradient arriving at output nr of node fills tensor.grad."""
    ref = weakref.ref(tensor)       # the graph must not keep the tensor alive

    def keep(grads):
        t = ref()
        g = grads[nr]
        if t is not None and g is not None:
            g = g.detach()
            t._grad = g.clone() if t._grad is None else t._grad + g
        return None
    node.register_prehook(keep)


def _retains_grad(self):
    meta = self._autograd_meta
    return bool(meta is not None and meta.retains_grad)


def _grad_fn(self):
    meta = self._autograd_meta
    if meta is not None and meta.view_version is not None:
        return fresh_grad_fn(self, meta)     # Note [Stale views]
    return self._grad_fn


_NONLEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information.")


def _grad(self):
    g = self._grad
    if g is None and self._grad_fn is not None and not _retains_grad(self):
        warnings.warn(_NONLEAF_GRAD, UserWarning, stacklevel=2)     # as PyTorch
    return g


def _del_grad(self):
    self._grad = None        # `del p.grad`, as PyTorch


def install(tensor_class):
    # the core's property keeps its setter (with its checks); only reading gains the warning
    tensor_class.grad = property(_grad, TensorBase.grad.__set__, _del_grad)
    tensor_class.grad_fn = property(_grad_fn)
    tensor_class.backward = _tensor_backward
    tensor_class.register_hook = _register_hook
    tensor_class.retain_grad = _retain_grad
    tensor_class.retains_grad = property(_retains_grad)
