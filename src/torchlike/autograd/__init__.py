"""torchlike.autograd: torchlike_autograd under PyTorch's names."""
from torchlike_autograd import *  # noqa: F401,F403
from torchlike_autograd import (Function, Variable, backward, grad, gradcheck,  # noqa: F401
                                gradgradcheck, functional, graph, detect_anomaly,
                                set_detect_anomaly, once_differentiable, FunctionCtx)
from torchlike_autograd import grad_mode  # noqa: F401
from . import function  # noqa: F401
