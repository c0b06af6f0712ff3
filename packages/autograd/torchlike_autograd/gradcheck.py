"""gradcheck / gradgradcheck: analytical Jacobians (from the engine) against central
finite differences."""
import warnings

import numpy as np

import torchlike_core as T
from torchlike_core._tensor import TensorBase
from torchlike_core._dispatch import set_grad_enabled_flag

from ._tensor_methods import grad as _grad


class GradcheckError(RuntimeError):
    pass


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _differentiable_outputs(out):
    return [o for o in _as_tuple(out) if isinstance(o, TensorBase) and o.requires_grad]


def _flat_values(t):
    """A tensor's values as a new flat float64 host array (cuda tensors are copied over)."""
    return t.detach().cpu().numpy_view().astype(np.float64).reshape(-1)


def _perturbable(t):
    """(host array of t's values, setter of one element of t in place). A cpu tensor is
    written through its numpy view; a cuda one element by element through indexing."""
    d = t.detach()
    if d.device.type == "cpu":
        values = d.numpy_view()
        return values, values.__setitem__
    return d.cpu().numpy_view(), d.__setitem__


def _numerical_jacobians(fn, inputs, eps):
    """J[i][j]: d output_j / d input_i, as (numel_in, numel_out) float64 arrays."""
    prev = set_grad_enabled_flag(False)
    try:
        outs = [o for o in _as_tuple(fn(*inputs)) if isinstance(o, TensorBase)]
        jac = []
        for inp in inputs:
            if not (isinstance(inp, TensorBase) and inp.requires_grad):
                jac.append(None)
                continue
            # Perturbed in place (through a possibly strided view), in logical order.
            values, set_value = _perturbable(inp)
            cols = [np.zeros((inp.numel(), o.numel())) for o in outs]
            for k, pos in enumerate(np.ndindex(values.shape)):
                orig = values[pos].item()
                set_value(pos, orig - eps)
                lo = [_flat_values(o) for o in _as_tuple(fn(*inputs))
                      if isinstance(o, TensorBase)]
                set_value(pos, orig + eps)
                hi = [_flat_values(o) for o in _as_tuple(fn(*inputs))
                      if isinstance(o, TensorBase)]
                set_value(pos, orig)
                for j in range(len(outs)):
                    cols[j][k] = (hi[j] - lo[j]) / (2 * eps)
            jac.append(cols)
        return jac, outs
    finally:
        set_grad_enabled_flag(prev)


def _analytical_jacobians(fn, inputs):
    out = fn(*inputs)
    outs = [o for o in _as_tuple(out) if isinstance(o, TensorBase)]
    diff_inputs = [i for i in inputs if isinstance(i, TensorBase) and i.requires_grad]
    jac = {id(i): [np.zeros((i.numel(), o.numel())) for o in outs] for i in diff_inputs}
    for j, o in enumerate(outs):
        if not o.requires_grad:
            continue
        for k in range(o.numel()):
            seed = T.zeros(o.numel(), dtype=o.dtype, device=o.device)
            seed[k] = 1
            grads = _grad(o, diff_inputs, seed.view(o.shape), retain_graph=True,
                          allow_unused=True)
            for inp, g in zip(diff_inputs, grads):
                if g is not None:
                    jac[id(inp)][j][:, k] = _flat_values(g)
    return [jac.get(id(i)) if isinstance(i, TensorBase) and i.requires_grad else None
            for i in inputs]


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False,
              check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None):
    """True when the analytical and numerical Jacobians of func agree at `inputs`."""
    inputs = _as_tuple(inputs)
    if not any(isinstance(i, TensorBase) and i.requires_grad for i in inputs):
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but "
                         "none of the them have requires_grad=True.")
    for idx, i in enumerate(inputs):
        if isinstance(i, TensorBase) and i.requires_grad and i.dtype is not T.float64:
            warnings.warn(f"Input #{idx} requires gradient and is not a double precision floating "
                          "point or complex. This check will likely fail if all the inputs are "
                          "not of double precision floating point or complex. ", UserWarning,
                          stacklevel=2)
    numerical, outs = _numerical_jacobians(func, inputs, eps)
    analytical = _analytical_jacobians(func, inputs)
    for i, (num, ana) in enumerate(zip(numerical, analytical)):
        if num is None:
            continue
        for j in range(len(num)):
            a = ana[j] if ana is not None else np.zeros_like(num[j])
            bad = np.abs(a - num[j]) > atol + rtol * np.abs(num[j])
            if bad.any():
                k, m = np.argwhere(bad)[0]
                msg = (f"Jacobian mismatch for output {j} with respect to input {i},\n"
                       f"first mismatch at input element {k}, output element {m}: "
                       f"numerical {num[j][k, m]:.6g} vs analytical {a[k, m]:.6g}\n"
                       f"numerical:{T.tensor(num[j])}\nanalytical:{T.tensor(a)}\n")
                if raise_exception:
                    raise GradcheckError(msg)
                return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, **kwargs):
    """gradcheck of the gradient of func (second derivatives)."""
    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        prev = set_grad_enabled_flag(False)
        try:
            outs = _as_tuple(func(*inputs))
        finally:
            set_grad_enabled_flag(prev)
        gen = np.random.default_rng(0)
        grad_outputs = tuple(T.tensor(gen.standard_normal(o.shape), dtype=o.dtype,
                                      device=o.device, requires_grad=True) for o in outs)
    grad_outputs = _as_tuple(grad_outputs)
    n = len(inputs)

    def first_grads(*all_inputs):
        ins, gos = all_inputs[:n], all_inputs[n:]
        outs = _differentiable_outputs(func(*ins))
        diff = [i for i in ins if isinstance(i, TensorBase) and i.requires_grad]
        gs = _grad(outs, diff, gos[:len(outs)], create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    return gradcheck(first_grads, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
