"""nn.Parameter: a leaf tensor that a Module registers as a parameter."""
from torchlike_core import Tensor


class Parameter(Tensor):
    """Parameter(data, requires_grad=True): shares data's memory."""

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            import torchlike_core
            data = torchlike_core.empty(0)
        t = data.detach()        # a new leaf over the same memory
        t.__class__ = cls        # same layout as Tensor, so the class can simply be switched
        t.requires_grad_(requires_grad)
        return t

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __reduce_ex__(self, proto):
        return (Parameter, (self.detach().clone(), self.requires_grad))

    def __deepcopy__(self, memo):
        out = Parameter(self.detach().clone(), self.requires_grad)
        memo[id(self)] = out
        return out
