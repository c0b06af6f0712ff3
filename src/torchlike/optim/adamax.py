"""Adamax, as torch.optim.Adamax (Adam with an infinity-norm second moment)."""
import torchlike_core as T

from .adam import init_moments
from .optimizer import Optimizer, check_betas, check_nonnegative, update_grad


class Adamax(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 foreach=None, *, maximize=False):
        check_nonnegative(lr=lr, eps=eps)
        check_betas(betas)
        check_nonnegative(weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize))

    def _update(self, p, grad, group, state):
        step = init_moments(p, state, "exp_avg", "exp_inf")
        grad = update_grad(p, grad, group)
        (b1, b2), eps = group["betas"], group["eps"]
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        exp_avg.lerp_(grad, 1 - b1)
        T.maximum(exp_inf.mul_(b2), grad.abs().add_(eps), out=exp_inf)
        clr = group["lr"] / (1 - b1 ** step)
        p.addcdiv_(exp_avg, exp_inf, value=-clr)
