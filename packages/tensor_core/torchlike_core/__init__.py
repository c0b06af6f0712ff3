"""torchlike_core: tensors, views, broadcasting, CPU kernels and the dispatch table.

Importing this package gives a torch-like namespace without autograd; `torchlike` adds
autograd, nn, optim and cuda on top.
"""
import os

# Note [Passive OpenMP threads]: our OpenMP loops share the cores with OpenBLAS's threads
# (matmul) and the user's. Spinning idle OpenMP threads steal those cores (an MLP step was
# 4x slower on 2 threads). Must be set before libgomp loads, i.e. before _loops imports.
# A process has one libgomp: when PyTorch is imported first it has already loaded it with
# the spinning default, and the same step is 6x slower on 2 threads; set
# OMP_WAIT_POLICY=PASSIVE in the environment then (bench/autograd_compare.py does).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from . import _dtype  # noqa: E402
from ._dtype import (dtype, bool_ as bool, uint8, int8, int16, int32, int64, float16, float32,
                     float64, get_default_dtype, set_default_dtype, promote_types)
from ._device import device
from ._size import Size
from ._type_info import finfo, iinfo
from ._memory_format import (memory_format, preserve_format, contiguous_format, channels_last,
                             channels_last_3d)
from ._tensor import broadcast_shapes
from ._tensor_class import Tensor
from ._storage import Storage, empty_cache as _empty_host_cache
from ._elementwise import result_type, can_cast
from ._loops import set_num_threads, get_num_threads
from ._numpy_bridge import from_numpy
from . import _dispatch as dispatch
from ._printing import set_printoptions, get_printoptions, printoptions
from . import _registry, _ops_elementwise, _views, _creation, _ops_misc  # noqa: F401  (register ops)

# Ops implemented in other modules register themselves on import.
for _mod in ("_indexing", "_reductions", "_joins", "_linalg", "_random", "_linalg_decomp",
             "_scatter", "_sorting", "_shape_tools", "_legacy", "_interop", "_losses",
             "_distances", "_fold"):
    try:
        __import__(f"{__name__}.{_mod}")
    except ModuleNotFoundError as _e:
        if _e.name != f"{__name__}.{_mod}":
            raise

globals().update(_registry.FUNCTIONS)

float = float32
double = float64
half = float16
long = int64
int = int32
short = int16
char = int8
cfloat = None
strided = "torch.strided"
__version__ = "0.1.0"


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(input):
    return input.is_floating_point()


def is_complex(input):
    return False


def numel(input):
    return input.numel()


def is_nonzero(input):
    if input.numel() != 1:
        raise RuntimeError(f"Boolean value of Tensor with {'no values' if input.numel() == 0 else 'more than one value'} is ambiguous")
    return bool(input.item())
