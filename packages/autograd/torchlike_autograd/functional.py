"""torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp (built on grad())."""
import torchlike_core as T
from torchlike_core._tensor import TensorBase

from ._tensor_methods import grad as _grad
from .grad_mode import enable_grad


def _tuple(x):
    return (tuple(x), True) if isinstance(x, (tuple, list)) else ((x,), False)


def _prepare(inputs, create_graph):
    return tuple(i.detach().requires_grad_(True) if not create_graph or not i.requires_grad else i
                 for i in inputs)


def _grads_or_zeros(outputs, inputs, grad_outputs, create_graph, retain_graph=True):
    diff_outs = [o for o in outputs if o.requires_grad]
    if not diff_outs:
        return tuple(T.zeros_like(i) for i in inputs)
    gos = [g for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    gs = _grad(diff_outs, inputs, gos, retain_graph=retain_graph, create_graph=create_graph,
               allow_unused=True)
    return tuple(T.zeros_like(i) if g is None else g for i, g in zip(inputs, gs))


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    inputs, was_tuple = _tuple(inputs)
    with enable_grad():
        ins = _prepare(inputs, create_graph)
        outs, out_tuple = _tuple(func(*ins))
        if v is None:
            if any(o.numel() != 1 for o in outs):
                raise RuntimeError("The vector v can only be None if the user-provided function "
                                   "returns a single Tensor with a single element.")
            v = tuple(T.ones_like(o) for o in outs)
        vs, _ = _tuple(v)
        gs = _grads_or_zeros(outs, ins, vs, create_graph)
    outs = tuple(o if create_graph else o.detach() for o in outs)
    gs = tuple(g if create_graph else g.detach() for g in gs)
    return (outs if out_tuple else outs[0]), (gs if was_tuple else gs[0])


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """Forward-mode product through the double-vjp trick: J v = d/du (u^T J) v."""
    inputs, was_tuple = _tuple(inputs)
    with enable_grad():
        ins = _prepare(inputs, True)
        outs, out_tuple = _tuple(func(*ins))
        if v is None:
            if any(i.numel() != 1 for i in ins):
                raise RuntimeError("The vector v can only be None if the input to the "
                                   "user-provided function is a single Tensor with a single element.")
            v = tuple(T.ones_like(i) for i in ins)
        vs, _ = _tuple(v)
        us = tuple(T.zeros_like(o).requires_grad_(True) for o in outs)
        gs = _grads_or_zeros(outs, ins, us, create_graph=True)
        jv = _grads_or_zeros(gs, us, vs, create_graph)
    outs = tuple(o if create_graph else o.detach() for o in outs)
    jv = tuple(g if create_graph else g.detach() for g in jv)
    return (outs if out_tuple else outs[0]), (jv if out_tuple else jv[0])


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    inputs, was_tuple = _tuple(inputs)
    with enable_grad():
        ins = _prepare(inputs, create_graph)
        outs, out_tuple = _tuple(func(*ins))
        rows = []
        for o in outs:
            per_input = [[] for _ in ins]
            flat = o.reshape(-1)
            for k in range(flat.numel()):
                gs = _grads_or_zeros([flat[k]], ins, [T.ones_like(flat[k])], create_graph)
                for i, g in enumerate(gs):
                    per_input[i].append(g if create_graph else g.detach())
            jac = []
            for i, inp in enumerate(ins):
                if per_input[i]:
                    j = T.stack(per_input[i]).view(tuple(o.shape) + tuple(inp.shape))
                else:
                    j = T.zeros(tuple(o.shape) + tuple(inp.shape), dtype=inp.dtype, device=inp.device)
                jac.append(j)
            rows.append(tuple(jac) if was_tuple else jac[0])
    return tuple(rows) if out_tuple else rows[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    inputs_t, was_tuple = _tuple(inputs)

    def gradient(*ins):
        out = func(*ins)
        if not isinstance(out, TensorBase) or out.numel() != 1:
            raise RuntimeError("The function given to hessian should return a single Tensor with "
                               "one element")
        gs = _grads_or_zeros([out], ins, [T.ones_like(out)], create_graph=True)
        return gs if was_tuple else gs[0]

    return jacobian(gradient, inputs, create_graph=create_graph)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    inputs_t, was_tuple = _tuple(inputs)
    with enable_grad():
        ins = _prepare(inputs_t, True)
        out = func(*ins)
        gs = _grads_or_zeros([out], ins, [T.ones_like(out)], create_graph=True)
        vs, _ = _tuple(v)
        hv = _grads_or_zeros(gs, ins, vs, create_graph)
    out = out if create_graph else out.detach()
    hv = tuple(h if create_graph else h.detach() for h in hv)
    return out, (hv if was_tuple else hv[0])


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    # the Hessian of a scalar function is symmetric, so H v = v^T H
    return vhp(func, inputs, v, create_graph, strict)
