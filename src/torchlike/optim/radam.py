"""RAdam, as torch.optim.RAdam (Adam whose adaptive term is switched on once its variance
estimate is tractable, rectified by the approximated SMA length)."""
from .adam import init_moments
from .optimizer import Optimizer, check_betas, check_nonnegative, update_grad


class RAdam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False):
        check_nonnegative(lr=lr, eps=eps)
        check_betas(betas)
        check_nonnegative(weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      maximize=maximize, foreach=foreach,
                                      decoupled_weight_decay=decoupled_weight_decay))

    def _update(self, p, grad, group, state):
        step = init_moments(p, state, "exp_avg", "exp_avg_sq")
        grad = update_grad(p, grad, group)
        lr, (b1, b2), eps = group["lr"], group["betas"], group["eps"]
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg.lerp_(grad, 1 - b1)
        exp_avg_sq.mul_(b2).addcmul_(grad, grad, value=1 - b2)
        bc2 = 1 - b2 ** step
        update = exp_avg / (1 - b1 ** step) * lr
        rho_inf = 2 / (1 - b2) - 1
        rho_t = rho_inf - 2 * step * (b2 ** step) / bc2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                    / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            update = update * ((bc2 ** 0.5) / exp_avg_sq.sqrt().add_(eps)) * rect
        p.add_(update, alpha=-1.0)
