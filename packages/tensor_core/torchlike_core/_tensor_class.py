"""torchlike_core.Tensor: the Python half of the tensor class.

The Cython base (`_tensor.TensorBase`) holds the data; this class holds the methods that
are not generated from the op table (_ops.py installs those): conversion, printing,
indexing entry points and the Python protocol.
"""
import numpy as np

from . import _dtype, _printing
from ._dispatch import call
from ._tensor import TensorBase, set_classes
from ._size import Size
from ._device import as_device


class Tensor(TensorBase):
    """A multi-dimensional array with PyTorch's semantics."""

    def __new__(cls, *args, **kwargs):
        # torch.Tensor(2, 3) and torch.Tensor([1, 2]) are the legacy FloatTensor constructors
        from ._creation import legacy_new
        return legacy_new(_dtype.get_default_dtype(), args, kwargs.get("device"), cls=cls)

    def __init__(self, *args, **kwargs):
        pass

    # ---- printing --------------------------------------------------------------------
    def __repr__(self, *, tensor_contents=None):
        suffixes = []
        device_suffix = None
        if self.device.type != "cpu":
            device_suffix = str(self.device)
        values = self.numpy_view() if self.device.type == "cpu" else self.cpu().numpy_view()
        grad_fn = self.grad_fn
        text = _printing.format_tensor(
            values, self.dtype.name, default_float=_dtype.get_default_dtype().name,
            suffixes=suffixes, device_suffix=device_suffix,
            grad_fn_name=None if grad_fn is None else grad_fn.name(),
            requires_grad=self.requires_grad)
        return text

    __str__ = __repr__

    def __format__(self, spec):
        if self.dim() == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    # ---- numpy and Python scalars -------------------------------------------------------
    def numpy(self, *, force=False):
        if self.requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                               "Use tensor.detach().numpy() instead.")
        return self.numpy_view()

    def _host_values(self):
        """The values as a numpy array: a view on the cpu, a copy from any other device
        (item() and tolist() work on a cuda tensor, as in PyTorch; numpy() does not)."""
        if self._storage.device.type == "cpu":
            return self.numpy_view()
        return self.cpu().numpy_view()

    def tolist(self):
        return self._host_values().tolist()

    def item(self):
        if self.numel() != 1:
            raise RuntimeError(f"a Tensor with {self.numel()} elements cannot be converted to Scalar")
        return self._host_values().reshape(()).item()

    def __float__(self):
        if self.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return float(self.item())

    def __int__(self):
        if self.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return int(self.item())

    def __index__(self):
        if self.dtype.is_floating_point or self.numel() != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __bool__(self):
        if self.numel() != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous"
                               if self.numel() > 1 else
                               "Boolean value of Tensor with no values is ambiguous")
        return bool(self.item())

    def __complex__(self):
        return complex(self.item())

    def __len__(self):
        if self.dim() == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._shape[0]

    def __iter__(self):
        if self.dim() == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __contains__(self, element):
        return bool((self == element).any())

    def __reversed__(self):
        return self.flip(0)

    def __getitem__(self, index):
        return call("getitem", (self, index), None)

    def __setitem__(self, index, value):
        call("setitem_", (self, index, value), None)

    def __deepcopy__(self, memo):
        out = self.clone()
        out.requires_grad_(self.requires_grad)
        memo[id(self)] = out
        return out

    def __reduce_ex__(self, proto):
        from ._creation import tensor as _tensor_fn
        return (_tensor_fn, (self._host_values().copy(),), None)

    def __array_wrap__(self, arr, context=None, return_scalar=False):
        if return_scalar:
            return arr[()]
        from ._numpy_bridge import from_numpy
        return from_numpy(np.ascontiguousarray(arr))

    # ---- operators (add/sub/mul/truediv/neg are in the Cython base) ----------------------
    # A Tensor operator with an operand that is neither a tensor nor a number returns
    # NotImplemented, as PyTorch's do: `t == None` is False, `t + "x"` a TypeError.
    def __eq__(self, other):
        return call("eq", (self, other), None) if _is_operand(other) else NotImplemented

    def __ne__(self, other):
        return call("ne", (self, other), None) if _is_operand(other) else NotImplemented

    def __lt__(self, other):
        return call("lt", (self, other), None) if _is_operand(other) else NotImplemented

    def __le__(self, other):
        return call("le", (self, other), None) if _is_operand(other) else NotImplemented

    def __gt__(self, other):
        return call("gt", (self, other), None) if _is_operand(other) else NotImplemented

    def __ge__(self, other):
        return call("ge", (self, other), None) if _is_operand(other) else NotImplemented

    __hash__ = object.__hash__        # defining __eq__ would otherwise unset it

    def __floordiv__(self, other):
        return call("floor_divide", (self, other), None) if _is_operand(other) else NotImplemented

    def __rfloordiv__(self, other):
        return call("floor_divide", (other, self), None) if _is_operand(other) else NotImplemented

    def __ifloordiv__(self, other):
        return call("floor_divide_", (self, other), None) if _is_operand(other) else NotImplemented

    def __mod__(self, other):
        return call("remainder", (self, other), None) if _is_operand(other) else NotImplemented

    def __rmod__(self, other):
        return call("remainder", (other, self), None) if _is_operand(other) else NotImplemented

    def __imod__(self, other):
        return call("remainder_", (self, other), None) if _is_operand(other) else NotImplemented

    def __pow__(self, other):
        return call("pow", (self, other), None) if _is_operand(other) else NotImplemented

    def __rpow__(self, other):
        return call("pow", (other, self), None) if _is_operand(other) else NotImplemented

    def __ipow__(self, other):
        return call("pow_", (self, other), None) if _is_operand(other) else NotImplemented

    def __and__(self, other):
        return call("bitwise_and", (self, other), None) if _is_operand(other) else NotImplemented

    def __rand__(self, other):
        return call("bitwise_and", (other, self), None) if _is_operand(other) else NotImplemented

    def __iand__(self, other):
        return call("bitwise_and_", (self, other), None) if _is_operand(other) else NotImplemented

    def __or__(self, other):
        return call("bitwise_or", (self, other), None) if _is_operand(other) else NotImplemented

    def __ror__(self, other):
        return call("bitwise_or", (other, self), None) if _is_operand(other) else NotImplemented

    def __ior__(self, other):
        return call("bitwise_or_", (self, other), None) if _is_operand(other) else NotImplemented

    def __xor__(self, other):
        return call("bitwise_xor", (self, other), None) if _is_operand(other) else NotImplemented

    def __rxor__(self, other):
        return call("bitwise_xor", (other, self), None) if _is_operand(other) else NotImplemented

    def __ixor__(self, other):
        return call("bitwise_xor_", (self, other), None) if _is_operand(other) else NotImplemented

    def __lshift__(self, other):
        return call("bitwise_left_shift", (self, other), None) if _is_operand(other) \
            else NotImplemented

    def __rlshift__(self, other):
        return call("bitwise_left_shift", (other, self), None) if _is_operand(other) \
            else NotImplemented

    def __ilshift__(self, other):
        return call("bitwise_left_shift_", (self, other), None) if _is_operand(other) \
            else NotImplemented

    def __rshift__(self, other):
        return call("bitwise_right_shift", (self, other), None) if _is_operand(other) \
            else NotImplemented

    def __rrshift__(self, other):
        return call("bitwise_right_shift", (other, self), None) if _is_operand(other) \
            else NotImplemented

    def __irshift__(self, other):
        return call("bitwise_right_shift_", (self, other), None) if _is_operand(other) \
            else NotImplemented

    def __invert__(self):
        if self._dtype.is_floating_point:
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                            "tensors")
        return call("bitwise_not", (self,), None)

    def __abs__(self):
        return call("abs", (self,), None)

    def __pos__(self):
        return call("positive", (self,), None)

    # ---- dtype and device conversion ---------------------------------------------------
    def to(self, *args, **kwargs):
        return call("to", (self,) + args, kwargs or None)

    def type(self, dtype=None, non_blocking=False, **kwargs):
        if dtype is None:
            prefix = "torch." if self.device.type == "cpu" else "torch.cuda."
            return f"{prefix}{self.dtype.legacy_name}Tensor"
        if isinstance(dtype, str):
            name = dtype.rsplit(".", 1)[-1]
            for d in _dtype.all_dtypes():
                if name == f"{d.legacy_name}Tensor":
                    dtype = d
                    break
            else:
                raise ValueError(f"invalid type: '{dtype}'")
        elif isinstance(dtype, type) and issubclass(dtype, Tensor) and hasattr(dtype, "_legacy_dtype"):
            dtype = dtype._legacy_dtype
        return self.to(dtype)

    def type_as(self, other):
        return self.to(other.dtype)

    def cpu(self, memory_format=None):
        return self.to("cpu")

    def cuda(self, device=None, non_blocking=False, memory_format=None):
        return self.to(as_device("cuda" if device is None else device))

    def __dlpack_device__(self):
        return (1, 0) if self.device.type == "cpu" else (2, self.device.index or 0)

    # ---- properties built from ops -----------------------------------------------------
    @property
    def T(self):
        return self.permute(*range(self.dim() - 1, -1, -1))

    @property
    def mT(self):
        if self.dim() < 2:
            raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. "
                               f"Got {self.dim()}-D tensor.")
        return self.transpose(-2, -1)

    @property
    def H(self):
        return self.T

    @property
    def mH(self):
        return self.mT

    @property
    def data(self):
        return self.detach()

    @data.setter
    def data(self, value):
        self._storage = value._storage
        from ._tensor import _set_meta
        _set_meta(self, value._shape, value._stride, value._offset)
        self._dtype = value._dtype

    def requires_grad_(self, requires_grad=True):
        self.requires_grad = requires_grad
        return self

    def detach(self):
        return call("detach", (self,), None)

    def detach_(self):
        if self._base is not None and self.grad_fn is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        self._grad_fn = None
        self._requires_grad = False
        return self

    def retain_grad(self):
        raise RuntimeError("retain_grad() needs the autograd package (torchlike_autograd)")

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        raise RuntimeError("backward() needs the autograd package: install torchlike-autograd "
                           "(pip install ./packages/autograd) and import torchlike")

    def storage(self):
        return self._storage

    def untyped_storage(self):
        return self._storage

    def get_device(self):
        return -1 if self.device.type == "cpu" else (self.device.index or 0)

    def pin_memory(self, device=None):
        return self

    def is_pinned(self, device=None):
        return False

    def share_memory_(self):
        return self

    def is_shared(self):
        return False

    @property
    def layout(self):
        from . import strided
        return strided

    @property
    def names(self):
        return (None,) * self.dim()

    @property
    def output_nr(self):
        return 0

    def dim_order(self):
        return tuple(sorted(range(self.dim()), key=lambda d: -self.stride(d)))


def _is_operand(x):
    """A tensor or a number (Python or numpy scalar): what an operator can take."""
    return isinstance(x, (TensorBase, int, float)) or isinstance(x, (np.number, np.bool_))


set_classes(Tensor, Size)
