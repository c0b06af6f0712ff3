"""Legacy type names (FloatTensor, ...), Tensor.type(), and the is_* predicates."""
import pickle

import numpy as np
import pytest

import torchlike_core as tc

LEGACY = {"Float": "float32", "Double": "float64", "Half": "float16", "Long": "int64",
          "Int": "int32", "Short": "int16", "Char": "int8", "Byte": "uint8", "Bool": "bool"}


@pytest.mark.parametrize("name, dtype", LEGACY.items())
def test_constructors_from_sizes_and_data(name, dtype):
    cls = getattr(tc, f"{name}Tensor")
    assert cls.dtype is getattr(tc, dtype)
    t = cls(2, 3)
    assert type(t) is tc.Tensor and t.shape == (2, 3) and t.dtype is cls.dtype
    d = cls([[1, 0], [0, 1]])
    assert d.dtype is cls.dtype and d.tolist() == [[1, 0], [0, 1]]
    n = cls(np.array([1, 0, 1], dtype=np.int16))
    assert n.dtype is cls.dtype and n.shape == (3,)
    assert t.type() == f"torch.{name}Tensor"


@pytest.mark.parametrize("name, dtype", LEGACY.items())
def test_isinstance_is_a_dtype_test(name, dtype):
    cls = getattr(tc, f"{name}Tensor")
    for other in LEGACY.values():
        t = tc.zeros(2, dtype=getattr(tc, other))
        assert isinstance(t, cls) == (other == dtype)
        assert isinstance(t, tc.Tensor)
    assert not isinstance(np.zeros(2, dtype=dtype), cls)


def test_constructor_shapes_and_aliasing():
    assert tc.FloatTensor().shape == (0,)
    assert tc.FloatTensor(tc.Size([2, 4])).shape == (2, 4)
    assert tc.FloatTensor((2, 3)).tolist() == [2.0, 3.0]         # a tuple is data
    t = tc.ones(3)
    assert tc.FloatTensor(t) is t
    assert tc.FloatTensor(3, device="cpu").shape == (3,)
    assert tc.LongTensor([1.7, -2.2]).tolist() == [1, -2]


def test_constructor_errors():
    with pytest.raises(TypeError, match="must be a sequence"):
        tc.FloatTensor(2.5)
    with pytest.raises(TypeError, match="invalid data type 'str'"):
        tc.FloatTensor("abc")
    with pytest.raises(TypeError, match="tuple of ints"):
        tc.LongTensor(2, 3.0)
    with pytest.raises(TypeError, match="float32"):
        tc.FloatTensor(tc.arange(3))
    with pytest.raises(TypeError, match="dtype"):
        tc.FloatTensor([1], dtype=tc.float64)


def test_type_conversions():
    t = tc.ones(2, 2)
    assert t.type(tc.DoubleTensor).dtype is tc.float64
    assert t.type("torch.DoubleTensor").dtype is tc.float64
    assert t.type(tc.int32).dtype is tc.int32
    assert t.type(dtype=tc.ByteTensor).dtype is tc.uint8
    with pytest.raises(ValueError, match="invalid type"):
        t.type("torch.FooTensor")


def test_type_names_look_like_torch():
    assert repr(tc.FloatTensor) == "<class 'torch.FloatTensor'>"
    assert tc.FloatTensor.__name__ == "FloatTensor" and not tc.FloatTensor.is_cuda
    assert pickle.loads(pickle.dumps(tc.LongTensor)) is tc.LongTensor


def test_predicates():
    t = tc.ones(2, 3)
    assert tc.is_tensor(t) and not tc.is_tensor([1.0])
    assert tc.numel(t) == 6
    assert tc.is_floating_point(t) and not tc.is_floating_point(tc.ones(1, dtype=tc.int64))
    assert not tc.is_complex(t)
    assert tc.is_storage(t.untyped_storage()) and not tc.is_storage(t)
