"""`Variable`, as the 0.3-era tutorials use it: today just a Tensor.

`Variable(t, requires_grad=True)` returns a new leaf sharing t's memory;
`isinstance(x, Variable)` is true of every Tensor; `.creator` is `grad_fn`.
"""
from torchlike_core import Tensor


class _VariableMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableMeta):
    def __new__(cls, data=None, requires_grad=False, volatile=False):
        if data is None:
            import torchlike_core
            data = torchlike_core.tensor([])
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        t = data.detach()
        if requires_grad:
            t.requires_grad_(True)
        return t


Tensor.creator = property(lambda self: self.grad_fn)
