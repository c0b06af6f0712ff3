"""RMSprop, as torch.optim.RMSprop (optionally centered, with heavy-ball momentum)."""
import torchlike_core as T

from .optimizer import Optimizer, check_nonnegative, update_grad


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, foreach=None, maximize=False):
        check_nonnegative(lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay,
                          alpha=alpha)
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps,
                                      centered=centered, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize))

    def _update(self, p, grad, group, state):
        if not state:
            state["step"] = 0
            state["square_avg"] = T.zeros_like(p)
        # Created on first need rather than only on the first step (as torch does), so turning
        # on momentum or centering mid-training starts them from zero instead of failing.
        if group["momentum"] > 0 and "momentum_buffer" not in state:
            state["momentum_buffer"] = T.zeros_like(p)
        if group["centered"] and "grad_avg" not in state:
            state["grad_avg"] = T.zeros_like(p)
        state["step"] += 1
        grad = update_grad(p, grad, group)
        alpha, lr = group["alpha"], group["lr"]
        square_avg = state["square_avg"]
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if group["centered"]:
            grad_avg = state["grad_avg"]
            grad_avg.lerp_(grad, 1 - alpha)
            avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
        else:
            avg = square_avg.sqrt()
        avg.add_(group["eps"])
        if group["momentum"] > 0:
            buf = state["momentum_buffer"]
            buf.mul_(group["momentum"]).addcdiv_(grad, avg)
            p.add_(buf, alpha=-lr)
        else:
            p.addcdiv_(grad, avg, value=-lr)
