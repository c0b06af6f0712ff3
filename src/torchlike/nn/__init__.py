"""torchlike.nn: modules, parameters, losses."""
from .parameter import Parameter
from .modules import (Module, Linear, ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, Sequential,
                      ModuleList, ModuleDict, Dropout, Identity, Flatten, MSELoss,
                      CrossEntropyLoss, NLLLoss, L1Loss, GELU, LeakyReLU, SiLU, SELU, Mish,
                      Hardsigmoid, Hardswish, Softsign, LogSigmoid, Softplus, ELU, CELU,
                      Hardtanh, ReLU6, GLU)
from . import functional, init

__all__ = ["Parameter", "Module", "Linear", "ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax",
           "Sequential", "ModuleList", "ModuleDict", "Dropout", "Identity", "Flatten", "MSELoss",
           "CrossEntropyLoss", "NLLLoss", "L1Loss", "GELU", "LeakyReLU", "SiLU", "SELU", "Mish",
           "Hardsigmoid", "Hardswish", "Softsign", "LogSigmoid", "Softplus", "ELU", "CELU",
           "Hardtanh", "ReLU6", "GLU", "functional", "init"]
