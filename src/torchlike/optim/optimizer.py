"""The Optimizer base: parameter groups, state, zero_grad, state_dict; shared checks and steps."""
import numpy as np

import torchlike_core as T
from torchlike_autograd import no_grad

# torch words some hyperparameters differently from their argument names.
_LABELS = {"lr": "learning rate", "eps": "epsilon value"}


def check_nonnegative(**values):
    """Raise torch's ValueError for the first negative (or NaN) value, in argument order."""
    for name, value in values.items():
        if not 0.0 <= value:
            raise ValueError(f"Invalid {_LABELS.get(name, name + ' value')}: {value}")


def check_betas(betas):
    for i, beta in enumerate(betas[:2]):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {beta}")


def scalar_state(value):
    """Round a running scalar as torch does: it keeps such scalars (NAdam's mu_product) in a
    0-d tensor of the default dtype, so in float32 unless the default is float64."""
    if T.get_default_dtype() == T.float64:
        return float(value)
    return float(np.float32(value))


def update_grad(p, grad, group):
    """The gradient an update step uses, as torch's functional optimizers derive it: negated
    under maximize, then L2 weight decay added to it, or (decoupled_weight_decay, AdamW)
    applied to the parameter directly instead."""
    if group.get("maximize"):
        grad = -grad
    wd = group["weight_decay"]
    if wd != 0:
        if group.get("decoupled_weight_decay"):
            p.mul_(1 - group["lr"] * wd)
        else:
            grad = grad.add(p, alpha=wd)
    return grad


class Optimizer:
    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = {}
        self.param_groups = []
        params = list(params)
        if len(params) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(params[0], dict):
            params = [{"params": params}]
        for group in params:
            self.add_param_group(group)

    def add_param_group(self, group):
        group = dict(group)
        ps = group["params"]
        group["params"] = [ps] if isinstance(ps, T.Tensor) else list(ps)
        for p in group["params"]:
            if not isinstance(p, T.Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + type(p).__name__)
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        for k, v in self.defaults.items():
            group.setdefault(k, v)
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        p.grad.zero_()

    def step(self, closure=None):
        loss = None
        if closure is not None:
            from torchlike_autograd import enable_grad
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        self._update(p, p.grad, group, self.state.setdefault(p, {}))
        return loss

    def _update(self, p, grad, group, state):
        raise NotImplementedError

    def state_dict(self):
        index = {}
        groups = []
        for group in self.param_groups:
            ids = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                ids.append(index[id(p)])
            g = {k: v for k, v in group.items() if k != "params"}
            g["params"] = ids
            groups.append(g)
        state = {index[id(p)]: dict(s) for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        params = [p for g in self.param_groups for p in g["params"]]
        for g, saved in zip(self.param_groups, groups):
            if len(g["params"]) != len(saved["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match "
                                 "the size of optimizer's group")
            for k, v in saved.items():
                if k != "params":
                    g[k] = v
        self.state = {params[int(i)]: {k: (v.clone() if isinstance(v, T.Tensor) else v)
                                        for k, v in s.items()}
                      for i, s in state_dict["state"].items()}

    def __repr__(self):
        lines = [type(self).__name__ + " ("]
        for i, g in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for k in sorted(g):
                if k != "params":
                    lines.append(f"    {k}: {g[k]}")
        return "\n".join(lines) + "\n)"
