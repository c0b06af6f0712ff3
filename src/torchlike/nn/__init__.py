"""torchlike.nn: modules, parameters, losses."""
from .parameter import Parameter
from .modules import (Module, Linear, ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, Sequential,
                      ModuleList, ModuleDict, Dropout, Identity, Flatten, MSELoss,
                      CrossEntropyLoss, NLLLoss, L1Loss, GELU, LeakyReLU)
from . import functional, init

__all__ = ["Parameter", "Module", "Linear", "ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax",
           "Sequential", "ModuleList", "ModuleDict", "Dropout", "Identity", "Flatten", "MSELoss",
           "CrossEntropyLoss", "NLLLoss", "L1Loss", "GELU", "LeakyReLU", "functional", "init"]
