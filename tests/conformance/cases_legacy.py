"""Legacy constructors and type names: torch.FloatTensor(...), isinstance, Tensor.type()."""
import numpy as np

from harness import Case, Err, T, rand

NAMES = ["Float", "Double", "Half", "Long", "Int", "Short", "Char", "Byte", "Bool"]


def _made_by(name, *args):
    """What a legacy constructor gives: dtype and shape (its values are uninitialised)."""
    return lambda L: (str(getattr(L, f"{name}Tensor")(*args).dtype),
                      getattr(L, f"{name}Tensor")(*args).shape)


CASES = [
    *[Case(f"{n}Tensor_sizes", _made_by(n, 2, 3)) for n in NAMES],
    *[Case(f"{n}Tensor_list", lambda L, n=n: getattr(L, f"{n}Tensor")([[0, 1, 2], [1, 0, 3]]))
      for n in NAMES],
    Case("FloatTensor_empty", _made_by("Float")),
    Case("FloatTensor_size_object", lambda L: L.FloatTensor(L.Size([2, 4])).shape),
    Case("FloatTensor_tuple_is_data", lambda L: L.FloatTensor((2, 3))),
    Case("LongTensor_truncates", lambda L: L.LongTensor([1.7, -2.2, 3.0])),
    Case("DoubleTensor_numpy", lambda L: L.DoubleTensor(np.arange(4, dtype=np.int32))),
    Case("FloatTensor_alias", lambda L, a: L.FloatTensor(a).data_ptr() == a.data_ptr(),
         rand(3, dtype="float32")),
    Case("FloatTensor_device", lambda L: L.FloatTensor(3, device="cpu").shape),
    *[Case(f"isinstance_{n}Tensor", lambda L, n=n: [isinstance(L.ones(2, dtype=d), getattr(L, f"{n}Tensor"))
                                                    for d in (L.float32, L.float64, L.int64, L.bool, L.uint8)])
      for n in NAMES],
    Case("isinstance_requires_grad", lambda L: isinstance(L.ones(2, requires_grad=True), L.FloatTensor)),
    Case("isinstance_not_tensor", lambda L: isinstance([1.0], L.FloatTensor)),
    Case("legacy_dtype_attr", lambda L: [str(getattr(L, f"{n}Tensor").dtype) for n in NAMES]),
    Case("type_name", lambda L, a: a.type(), rand(2, 3)),
    Case("type_name_int", lambda L: [L.zeros(1, dtype=d).type() for d in
                                     (L.bool, L.uint8, L.int8, L.int16, L.int32, L.int64, L.float16, L.float32)]),
    Case("type_to_class", lambda L, a: a.type(L.FloatTensor), rand(2, 3), gradcheck=False),
    Case("type_to_string", lambda L, a: a.type("torch.IntTensor"), rand(2, 3)),
    Case("type_to_dtype", lambda L, a: a.type(L.float16), rand(2, 3), gradcheck=False),
    Case("type_same_class", lambda L, a: a.type(L.DoubleTensor) * 2, T(rand(2, 3))),
    Case("type_keyword", lambda L, a: a.type(dtype="torch.DoubleTensor") * a, rand(3)),
    Case("is_tensor", lambda L, a: [L.is_tensor(a), L.is_tensor([1]), L.is_tensor(np.ones(2))], rand(2)),
    Case("numel", lambda L, a: L.numel(a), rand(2, 3, 4)),
    Case("numel_0d", lambda L: L.numel(L.tensor(3.0))),
    Case("is_floating_point", lambda L: [L.is_floating_point(L.ones(1, dtype=d))
                                         for d in (L.float16, L.float64, L.int64, L.bool)]),
    Case("is_complex", lambda L, a: L.is_complex(a), rand(2)),
    Case("is_storage", lambda L, a: [L.is_storage(a.untyped_storage()), L.is_storage(a)], rand(2)),
    Err("FloatTensor_float_arg", lambda L: L.FloatTensor(2.5), exc=TypeError,
        match="new(): data must be a sequence (got float)"),
    Err("FloatTensor_str_arg", lambda L: L.FloatTensor("a"), exc=TypeError,
        match="new(): invalid data type 'str'"),
    # a bytearray is a sequence of ints; bytes are refused as str is
    Case("tensor_bytearray", lambda L: [L.tensor(bytearray(b"\x01\xff")),
                                        L.tensor([bytearray(b"\x01\x02")] * 2),
                                        L.tensor(bytearray())]),
    Err("tensor_bytes", lambda L: L.tensor(b"\x01\x02"), exc=TypeError,
        match="new(): invalid data type 'bytes'"),
    Err("LongTensor_float_size", lambda L: L.LongTensor(2, 3.0), exc=TypeError,
        match="type must be tuple of ints,but got float"),
    Err("FloatTensor_other_dtype_tensor", lambda L: L.FloatTensor(L.arange(3)), exc=TypeError,
        match="torch.float32"),
    Err("FloatTensor_dtype_kwarg", lambda L: L.FloatTensor([1, 2], dtype=L.float64), exc=TypeError,
        match="new() received an invalid combination of arguments"),
    Err("type_unknown_name", lambda L, a: a.type("torch.FooTensor"), rand(2), exc=ValueError,
        match="invalid type: 'torch.FooTensor'"),
]
