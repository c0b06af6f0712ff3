"""Adagrad, as torch.optim.Adagrad (accumulated squared gradients, decaying step size)."""
import torchlike_core as T

from .optimizer import Optimizer, check_nonnegative, update_grad


class Adagrad(Optimizer):
    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
                 eps=1e-10, foreach=None, *, maximize=False):
        check_nonnegative(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                          initial_accumulator_value=initial_accumulator_value, eps=eps)
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps,
                                      weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value,
                                      foreach=foreach, maximize=maximize))
        # torch fills the accumulators at construction, so state_dict() has them before any step.
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, group, self.state.setdefault(p, {}))

    @staticmethod
    def _init_state(p, group, state):
        state["step"] = 0
        state["sum"] = T.full_like(p, group["initial_accumulator_value"])

    def _update(self, p, grad, group, state):
        if not state:  # a parameter group added after construction
            self._init_state(p, group, state)
        state["step"] += 1
        grad = update_grad(p, grad, group)
        clr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
        state_sum = state["sum"]
        state_sum.addcmul_(grad, grad, value=1)
        std = state_sum.sqrt().add_(group["eps"])
        p.addcdiv_(grad, std, value=-clr)
