"""The legacy tensor type names of old tutorials: torch.FloatTensor, LongTensor, ...

`FloatTensor(2, 3)` (uninitialised in PyTorch, zero-filled here), `FloatTensor([1, 2])`,
`FloatTensor(np_array)` and `FloatTensor(t)` (t itself, when it is already float32) make
ordinary Tensors, and `isinstance(x, FloatTensor)` asks "is x a float32 cpu tensor?", as in
PyTorch, where the type names are instances of the metaclass `torch.tensortype`.

One difference: PyTorch's type names are not subclasses of torch.Tensor; ours are, because
`Tensor.type(FloatTensor)` (in _tensor_class.py) recognises them as Tensor subclasses that
carry a `_legacy_dtype`. No instance of them is ever made (`tensortype.__call__` returns
plain Tensors), so this only shows in `issubclass(FloatTensor, Tensor)`.
"""
import numbers

from . import _dtype
from ._creation import legacy_new
from ._registry import FUNCTIONS
from ._storage import Storage
from ._tensor import TensorBase
from ._tensor_class import Tensor


class tensortype(type):
    """Metaclass of the legacy type names: calling one constructs a tensor of its dtype;
    isinstance is a dtype-and-device test."""

    def __call__(cls, *args, device=None, **kwargs):
        if kwargs:
            raise TypeError(f"new() received an invalid combination of arguments - got "
                            f"unexpected keyword argument(s) {', '.join(kwargs)}; the legacy "
                            f"constructor {cls.__name__} takes sizes, data, or a tensor, and "
                            f"only `device=` (use torch.tensor(data, dtype=...) instead)")
        _check_args(cls, args)
        return legacy_new(cls._legacy_dtype, args, device)

    def __instancecheck__(cls, obj):
        return isinstance(obj, TensorBase) and obj.dtype is cls._legacy_dtype and \
            obj.device.type == "cpu"

    # On the metaclass, so that the class attributes do not shadow Tensor's instance
    # properties of the same names.
    @property
    def dtype(cls):
        return cls._legacy_dtype

    @property
    def is_cuda(cls):
        return False

    @property
    def is_sparse(cls):
        return False

    def __repr__(cls):
        return f"<class 'torch.{cls.__name__}'>"


def _check_args(cls, args):
    """PyTorch's refusals of the legacy constructor, before anything is allocated."""
    if len(args) == 1 and isinstance(args[0], TensorBase):
        if args[0].dtype is not cls._legacy_dtype:
            raise TypeError(f"expected a tensor of dtype {cls._legacy_dtype} for "
                            f"torch.{cls.__name__}(tensor) (got {args[0].dtype}); "
                            f"use tensor.to(torch.{cls._legacy_dtype.name}) to convert")
        return
    if len(args) == 1 and isinstance(args[0], str):
        raise TypeError("new(): invalid data type 'str'")
    if len(args) > 1:
        for i, a in enumerate(args):
            if not isinstance(a, numbers.Integral) or isinstance(a, bool):
                raise TypeError(f"new(): argument 'size' failed to unpack the object at pos "
                                f"{i + 1} with error \"type must be tuple of ints,but got "
                                f"{type(a).__name__}\"")


def _make_type(dt):
    name = f"{dt.legacy_name}Tensor"
    cls = tensortype(name, (Tensor,), {"_legacy_dtype": dt, "__module__": "torchlike_core",
                                       "__doc__": f"Legacy constructor of {dt} cpu tensors."})
    return name, cls


LEGACY_TYPES = dict(_make_type(d) for d in _dtype.all_dtypes())


def is_storage(obj):
    """torch.is_storage: whether obj is a Storage (what tensor.untyped_storage() returns)."""
    return isinstance(obj, Storage)


FUNCTIONS.update(LEGACY_TYPES)
FUNCTIONS["is_storage"] = is_storage
