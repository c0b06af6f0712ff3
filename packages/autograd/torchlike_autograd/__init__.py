"""torchlike_autograd: the pure-Python autograd layer over torchlike_core's dispatcher.

Importing it installs the recording hook into the core's dispatch table and the autograd
methods on Tensor; from then on every op on a tensor that requires grad is recorded.
"""
from torchlike_core import Tensor as _Tensor
from torchlike_core._dispatch import set_autograd_hook as _set_hook

from .grad_mode import (no_grad, enable_grad, set_grad_enabled, is_grad_enabled,
                        inference_mode, is_inference_mode_enabled)
from ._record import record as _record, FORMULAS as _FORMULAS
from . import _formulas  # noqa: F401  (fills the formula table)
from ._graph import Node
from ._tensor_methods import backward, grad, install as _install
from ._anomaly import detect_anomaly, set_detect_anomaly, is_anomaly_enabled
from .function import Function, FunctionCtx, once_differentiable, InplaceFunction
from .variable import Variable
from .gradcheck import gradcheck, gradgradcheck, GradcheckError
from . import functional, graph

_install(_Tensor)
# Every op with a formula gets its recorder called straight from the dispatcher.
_set_hook(_record, {name: f.record for name, f in _FORMULAS.items()})

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
           "is_inference_mode_enabled", "backward", "grad", "Function", "FunctionCtx",
           "once_differentiable", "Variable", "gradcheck", "gradgradcheck", "detect_anomaly",
           "set_detect_anomaly", "functional", "Node", "graph"]
