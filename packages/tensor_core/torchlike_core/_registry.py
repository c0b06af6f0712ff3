"""Turning one op description into its public spellings.

`def_op(name, kernel)` registers `kernel` as the cpu kernel of `name` in the dispatch table
and derives the public function `torchlike_core.<name>` and the method `Tensor.<name>`,
both of which go through the dispatcher (so the autograd layer sees every op).
"""
from ._dispatch import entry_point, register

FUNCTIONS = {}     # public name -> function, merged into the package namespace


def def_op(name, kernel, *, function=True, method=True, aliases=(), device="cpu"):
    """Register `kernel` for `name` and derive its function and method spellings."""
    from ._tensor_class import Tensor
    register(name, device, kernel)
    entry = entry_point(name)
    entry.__doc__ = kernel.__doc__
    for public in (name,) + tuple(aliases):
        if function:
            FUNCTIONS[public] = entry
        if method:
            setattr(Tensor, public, entry)
    return entry


def kernel(name, **spellings):
    """Decorator form of def_op."""
    def deco(fn):
        def_op(name, fn, **spellings)
        return fn
    return deco
