"""torchlike: `import torchlike as torch`.

The namespace gathers torchlike_core (tensors, ops), torchlike_autograd (the autograd
engine, which installs itself into the core's dispatcher on import) and torchlike_cuda
(the GPU backend).
"""
from torchlike_core import *  # noqa: F401,F403  (the torch-like function namespace)
from torchlike_core import _registry as _core_registry
from torchlike_core import (bool, float, double, half, long, int, short, char,  # noqa: F401
                            Tensor, Size, device, dtype)

globals().update(_core_registry.FUNCTIONS)

import torchlike_autograd as _autograd  # noqa: E402  (installs the autograd hook)
from torchlike_autograd import (no_grad, enable_grad, set_grad_enabled,  # noqa: E402,F401
                                is_grad_enabled, inference_mode, is_inference_mode_enabled)
from . import autograd, cuda, linalg, nn, optim, utils  # noqa: E402,F401
from .serialization import save, load  # noqa: E402,F401

__version__ = "0.1.0"
