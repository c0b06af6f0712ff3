"""torch.nn.utils: gradient clipping and flattening parameters into one vector."""
import torchlike_core as T
from torchlike_autograd import no_grad


def _with_grads(parameters):
    if isinstance(parameters, T.Tensor):
        parameters = [parameters]
    return [p for p in parameters if p.grad is not None]


@no_grad()
def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale the gradients in place so that their joint norm (the norm of the per-tensor
    norms) is at most max_norm, as PyTorch: every gradient is multiplied by
    min(1, max_norm / (total + 1e-6)). Returns the total norm before clipping."""
    grads = [p.grad for p in _with_grads(parameters)]
    norm_type = float(norm_type)
    if not grads:
        return T.tensor(0.0)
    total = T.stack([g.norm(norm_type) for g in grads]).norm(norm_type)
    if error_if_nonfinite and not bool(total.isfinite()):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the gradients "
            "by the non-finite norm anyway, set `error_if_nonfinite=False`")
    coef = (max_norm / (total + 1e-6)).clamp_max(1.0)
    for g in grads:
        g.mul_(coef.to(g.dtype))
    return total


@no_grad()
def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient in place to [-clip_value, clip_value]."""
    clip_value = float(clip_value)
    for p in _with_grads(parameters):
        p.grad.clamp_(-clip_value, clip_value)


def parameters_to_vector(parameters):
    """The parameters flattened and joined into one 1-d tensor."""
    return T.cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of the 1-d `vec` into the parameters, which it replaces."""
    if not isinstance(vec, T.Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    start = 0
    for p in parameters:
        n = p.numel()
        p.data = vec[start:start + n].view_as(p).data
        start += n
