"""torchlike.autograd.function"""
from torchlike_autograd.function import (Function, FunctionCtx, once_differentiable,  # noqa: F401
                                         InplaceFunction)
