"""torchlike_autograd: the pure-Python autograd layer over torchlike_core's dispatcher.

So far it holds the grad modes; the graph, the engine and Function come next (issue 3).
"""
from .grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled"]
