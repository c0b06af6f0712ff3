"""torchlike.autograd"""
from torchlike_autograd import *  # noqa: F401,F403
from torchlike_autograd import grad_mode  # noqa: F401
