"""Bad input: PyTorch's exception types and messages, nothing written before the input is
validated, and nothing that crashes the interpreter (hostile inputs run in a subprocess,
so a crash fails one test instead of the whole run)."""
import re
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import torchlike_core as tl

_BOOL_NEG = ("Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
             "to invert a mask, use the `~` or `logical_not()` operator instead.")
_SUB_BOOL = ("Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
             "trying to invert a mask, use the `~` or `logical_not()` operator instead.")
_SUB_BOOLS = ("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
              "or `logical_xor()` operator instead.")
_OVERLAP_OUT = ("unsupported operation: more than one element of the written-to tensor refers to "
                "a single memory location. Please clone() the tensor before performing the "
                "operation.")
_OVERLAP_IN = ("unsupported operation: some elements of the input tensor and the written-to "
               "tensor refer to a single memory location. Please clone() the tensor before "
               "performing the operation.")


def _ifloordiv(x, y):
    x //= y
    return x


def _iadd(x, y):
    x += y
    return x


def _isub(x, y):
    x -= y
    return x


def _itruediv(x, y):
    x /= y
    return x


def _x(lib):
    return lib.arange(9.0).view(3, 3)


# (id, fn(lib), exception type, message)
ERRORS = [
    # broadcasting
    ("broadcast_add", lambda lib: lib.ones(3) + lib.ones(4), RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0"),
    ("broadcast_mul_3d", lambda lib: lib.ones(2, 3) * lib.ones(4, 1, 2), RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 2"),
    ("broadcast_compare", lambda lib: lib.ones(2, 3) < lib.ones(3, 3), RuntimeError,
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"),
    ("broadcast_unary_out", lambda lib: lib.add(lib.ones(3), lib.ones(2, 1), alpha=2), None, None),
    ("broadcast_where", lambda lib: lib.where(lib.ones(3) > 0, lib.ones(4), lib.ones(3)),
     RuntimeError, None),
    ("broadcast_shapes", lambda lib: lib.broadcast_shapes((5, 1), (3, 4)), RuntimeError,
     "Attempting to broadcast a dimension of length 3 at -2! Mismatching argument at index 1 had "
     "(3, 4); but expected shape should be broadcastable to [5, 4]"),
    ("broadcast_shapes_scalar", lambda lib: lib.broadcast_shapes((2, 3), 5), RuntimeError,
     "Attempting to broadcast a dimension of length 5 at -1! Mismatching argument at index 1 had "
     "(5,); but expected shape should be broadcastable to [2, 3]"),
    ("expand", lambda lib: lib.ones(2, 3).expand(2, 4), RuntimeError,
     "The expanded size of the tensor (4) must match the existing size (3) at non-singleton "
     "dimension 1.  Target sizes: [2, 4].  Tensor sizes: [2, 3]"),
    # views and dims
    ("view_incompatible", lambda lib: _x(lib).t().view(9), RuntimeError,
     "view size is not compatible with input tensor's size and stride (at least one dimension "
     "spans across two contiguous subspaces). Use .reshape(...) instead."),
    ("dim_transpose", lambda lib: lib.ones(2, 3).transpose(0, 2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("dim_negative", lambda lib: lib.ones(2, 3).squeeze(-3), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got -3)"),
    ("dim_size", lambda lib: lib.ones(2, 3).size(2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("dim_stride", lambda lib: lib.ones(2, 3).stride(-3), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got -3)"),
    ("dim_0d", lambda lib: lib.tensor(1.0).unsqueeze(2), IndexError,
     "Dimension out of range (expected to be in range of [-1, 0], but got 2)"),
    # dtypes an op does not support
    ("bitwise_and_float", lambda lib: lib.ones(2) & lib.ones(2), NotImplementedError,
     "\"bitwise_and_cpu\" not implemented for 'Float'"),
    ("bitwise_and_fn", lambda lib: lib.bitwise_and(lib.ones(2, dtype=lib.float64), 1),
     NotImplementedError, "\"bitwise_and_cpu\" not implemented for 'Double'"),
    ("bitwise_or_float_scalar", lambda lib: lib.tensor([1, 2]) | 1.5, NotImplementedError,
     "\"bitwise_or_cpu\" not implemented for 'Float'"),
    ("bitwise_xor_half", lambda lib: lib.ones(2, dtype=lib.float16) ^ lib.ones(2, dtype=lib.float16),
     NotImplementedError, "\"bitwise_xor_cpu\" not implemented for 'Half'"),
    ("lshift_float", lambda lib: lib.ones(2) << 1, NotImplementedError,
     "\"lshift_cpu\" not implemented for 'Float'"),
    ("rshift_bool", lambda lib: lib.tensor([True]) >> lib.tensor([True]), NotImplementedError,
     "\"rshift_cpu\" not implemented for 'Bool'"),
    ("bitwise_not_float", lambda lib: lib.bitwise_not(lib.ones(2)), NotImplementedError,
     "\"bitwise_not_cpu\" not implemented for 'Float'"),
    ("invert_float", lambda lib: ~lib.ones(2), TypeError,
     "~ (operator.invert) is only implemented on integer and Boolean-type tensors"),
    ("frac_int", lambda lib: lib.tensor([1]).frac(), NotImplementedError,
     "\"frac_cpu\" not implemented for 'Long'"),
    ("abs_bool", lambda lib: lib.tensor([True]).abs(), NotImplementedError,
     "\"abs_cpu\" not implemented for 'Bool'"),
    ("floor_divide_bool", lambda lib: lib.tensor([True]) // lib.tensor([True]),
     NotImplementedError, "\"div_floor_cpu\" not implemented for 'Bool'"),
    ("pow_bool", lambda lib: lib.tensor([True]) ** lib.tensor([True]), NotImplementedError,
     "\"pow\" not implemented for 'Bool'"),
    ("hypot_int", lambda lib: lib.hypot(lib.tensor([3]), lib.tensor([4])), NotImplementedError,
     "\"hypot_cpu\" not implemented for 'Long'"),
    ("round_decimals_int", lambda lib: lib.round(lib.tensor([15]), decimals=-1),
     NotImplementedError, "\"round_cpu\" not implemented for 'Long'"),
    ("relu_bool", lambda lib: lib.relu(lib.tensor([True])), RuntimeError,
     "Boolean inputs not supported for relu"),
    ("lerp_int", lambda lib: lib.lerp(lib.tensor([1]), lib.tensor([2]), 0.5), NotImplementedError,
     "\"lerp_kernel_scalar\" not implemented for 'Long'"),
    ("addcdiv_int", lambda lib: lib.addcdiv(lib.tensor([1]), lib.tensor([1]), lib.tensor([2])),
     RuntimeError, "Integer division with addcdiv is no longer supported"),
    ("where_condition", lambda lib: lib.where(lib.tensor([1, 0]), 1.0, 0.0), RuntimeError,
     "where expected condition to be a boolean tensor, but got a tensor with dtype Long"),
    ("clamp_no_bounds", lambda lib: lib.clamp(lib.ones(2)), RuntimeError,
     "torch.clamp: At least one of 'min' or 'max' must not be None"),
    ("requires_grad_int", lambda lib: lib.tensor([1]).requires_grad_(), RuntimeError,
     "only Tensors of floating point dtype can require gradients"),
    ("requires_grad_int_factory", lambda lib: lib.ones(2, dtype=lib.int64, requires_grad=True),
     RuntimeError, "Only Tensors of floating point and complex dtype can require gradients"),
    ("requires_grad_int_tensor", lambda lib: lib.tensor([1, 2], requires_grad=True),
     RuntimeError, "Only Tensors of floating point and complex dtype can require gradients"),
    # integer division by zero
    ("floordiv_zero", lambda lib: lib.tensor([1, 2]) // 0, RuntimeError, "ZeroDivisionError"),
    ("floordiv_zero_tensor", lambda lib: lib.tensor([1, 2]) // lib.tensor([1, 0]), RuntimeError,
     "ZeroDivisionError"),
    ("mod_zero", lambda lib: lib.tensor([1]) % 0, RuntimeError, "ZeroDivisionError"),
    ("mod_zero_uint8", lambda lib: lib.tensor([1], dtype=lib.uint8) % 0, RuntimeError,
     "ZeroDivisionError"),
    ("fmod_zero", lambda lib: lib.fmod(lib.tensor([1]), 0), RuntimeError, "ZeroDivisionError"),
    ("div_trunc_zero", lambda lib: lib.div(lib.tensor([1]), 0, rounding_mode="trunc"),
     RuntimeError, "ZeroDivisionError"),
    ("div_floor_zero", lambda lib: lib.div(lib.tensor([1], dtype=lib.int8),
                                           lib.tensor(0, dtype=lib.int8), rounding_mode="floor"),
     RuntimeError, "ZeroDivisionError"),
    ("ifloordiv_zero", lambda lib: _ifloordiv(lib.tensor([1, 2]), 0), RuntimeError,
     "ZeroDivisionError"),
    ("int_pow_negative", lambda lib: lib.tensor([2]) ** -1, RuntimeError,
     "Integers to negative integer powers are not allowed."),
    ("int_pow_negative_inplace", lambda lib: lib.tensor([2]).pow_(-1), RuntimeError,
     "Integers to negative integer powers are not allowed."),
    # bool negation and subtraction
    ("neg_bool", lambda lib: -lib.tensor([True]), RuntimeError, _BOOL_NEG),
    ("neg_bool_fn", lambda lib: lib.neg(lib.tensor([True, False])), RuntimeError, _BOOL_NEG),
    ("neg_bool_inplace", lambda lib: lib.tensor([True]).neg_(), RuntimeError, _BOOL_NEG),
    ("pos_bool", lambda lib: +lib.tensor([True]), RuntimeError,
     "The `+` operator, on a bool tensor is not supported."),
    ("sub_bools", lambda lib: lib.tensor([True]) - lib.tensor([False]), RuntimeError, _SUB_BOOLS),
    ("sub_bool_tensor", lambda lib: lib.tensor([1]) - lib.tensor([True]), RuntimeError, _SUB_BOOL),
    ("sub_bool_lhs", lambda lib: lib.tensor([True]) - 1, RuntimeError, _SUB_BOOL),
    ("sub_bool_scalar", lambda lib: lib.tensor([1]) - True, RuntimeError, _SUB_BOOL),
    ("rsub_bool", lambda lib: 1 - lib.tensor([True]), RuntimeError, _SUB_BOOL),
    ("isub_bool", lambda lib: _isub(lib.tensor([True]), lib.tensor([True])), RuntimeError,
     _SUB_BOOLS),
    # in-place: the result must fit self's dtype and shape
    ("inplace_cast_add", lambda lib: lib.tensor([1, 2]).add_(1.5), RuntimeError,
     "result type Float can't be cast to the desired output type Long"),
    ("inplace_cast_iadd", lambda lib: _iadd(lib.tensor([1, 2]), 1.5), RuntimeError,
     "result type Float can't be cast to the desired output type Long"),
    ("inplace_cast_itruediv", lambda lib: _itruediv(lib.tensor([1, 2]), 2), RuntimeError,
     "result type Float can't be cast to the desired output type Long"),
    ("inplace_cast_sin", lambda lib: lib.tensor([1]).sin_(), RuntimeError,
     "result type Float can't be cast to the desired output type Long"),
    ("inplace_cast_tensor", lambda lib: lib.tensor([1], dtype=lib.int8).add_(lib.tensor([1.5])),
     RuntimeError, "result type Float can't be cast to the desired output type Char"),
    ("inplace_cast_bool", lambda lib: lib.tensor([True]).add_(1), RuntimeError,
     "result type Long can't be cast to the desired output type Bool"),
    ("inplace_broadcast", lambda lib: lib.ones(3).add_(lib.ones(2, 3)), RuntimeError,
     "output with shape [3] doesn't match the broadcast shape [2, 3]"),
    ("inplace_broadcast_0d", lambda lib: lib.tensor(1.0).mul_(lib.ones(2)), RuntimeError,
     "output with shape [] doesn't match the broadcast shape [2]"),
    ("inplace_expanded", lambda lib: lib.zeros(1).expand(3).add_(1), RuntimeError, _OVERLAP_OUT),
    ("inplace_expanded_unary", lambda lib: lib.zeros(1).expand(3).sin_(), RuntimeError,
     _OVERLAP_OUT),
    ("inplace_overlap_t", lambda lib: (lambda x: x.add_(x.t()))(_x(lib)), RuntimeError,
     _OVERLAP_IN),
    ("inplace_overlap_row", lambda lib: (lambda x: x.mul_(x.select(0, 0)))(_x(lib)),
     RuntimeError, _OVERLAP_IN),
    ("out_overlap", lambda lib: (lambda x: lib.add(x, 1, out=x.t()))(_x(lib)), RuntimeError,
     _OVERLAP_IN),
    ("out_overlap_shifted", lambda lib: (lambda x: lib.neg(x.narrow(0, 0, 2),
                                                           out=x.narrow(0, 1, 2)))(_x(lib)),
     RuntimeError, _OVERLAP_IN),
    ("out_expanded", lambda lib: lib.sin(lib.ones(3), out=lib.zeros(1).expand(3)), RuntimeError,
     _OVERLAP_OUT),
    ("copy_overlap", lambda lib: (lambda x: x.copy_(x.t()))(_x(lib)), RuntimeError, _OVERLAP_IN),
    # out=
    ("out_cast", lambda lib: lib.add(lib.ones(2), 1, out=lib.zeros(2, dtype=lib.int64)),
     RuntimeError, "result type Float can't be cast to the desired output type Long"),
    ("out_cast_unary", lambda lib: lib.exp(lib.tensor([1]), out=lib.zeros(1, dtype=lib.int32)),
     RuntimeError, "result type Float can't be cast to the desired output type Int"),
    ("out_not_tensor", lambda lib: lib.add(lib.ones(2), 1, out=[1]), TypeError,
     "add(): argument 'out' must be Tensor, not list"),
    # other arguments
    ("div_rounding_mode", lambda lib: lib.div(lib.ones(2), 2, rounding_mode="round"),
     RuntimeError, "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                   "'round'"),
    ("alpha_float_int", lambda lib: lib.add(lib.tensor([1]), 1, alpha=0.5), RuntimeError,
     "For integral input tensors, argument alpha must not be a floating point number."),
    ("operand_str", lambda lib: lib.ones(2) + "a", TypeError,
     "unsupported operand type(s) for +: 'Tensor' and 'str'"),
    ("operand_none", lambda lib: lib.ones(2) * None, TypeError,
     "unsupported operand type(s) for *: 'Tensor' and 'NoneType'"),
    ("compare_none", lambda lib: lib.ones(2) < None, TypeError,
     "'<' not supported between instances of 'Tensor' and 'NoneType'"),
    ("pow_list", lambda lib: lib.ones(2) ** [1], TypeError,
     "unsupported operand type(s) for ** or pow(): 'Tensor' and 'list'"),
    ("item_many", lambda lib: lib.ones(2).item(), RuntimeError,
     "a Tensor with 2 elements cannot be converted to Scalar"),
    ("as_strided_oob", lambda lib: lib.ones(4).as_strided((3,), (2,)), RuntimeError,
     "setStorage: sizes [3], strides [2], storage offset 0, and itemsize 4 requiring a storage "
     "size of 20 are out of bounds for storage of size 16"),
    ("as_strided_huge", lambda lib: lib.ones(4).as_strided((2 ** 40,), (1,)), RuntimeError,
     "setStorage: sizes [1099511627776], strides [1], storage offset 0, and itemsize 4 requiring "
     "a storage size of 4398046511104 are out of bounds for storage of size 16"),
    ("huge_empty", lambda lib: lib.empty(2 ** 32, 2 ** 32), RuntimeError,
     "Storage size calculation overflowed with sizes=[4294967296, 4294967296]"),
    ("huge_zeros", lambda lib: lib.zeros(2 ** 62), RuntimeError,
     "Storage size calculation overflowed with sizes=[4611686018427387904]"),
    ("huge_broadcast_result", lambda lib: lib.ones(1).expand(2 ** 32, 2 ** 32) + 1, RuntimeError,
     "numel: integer multiplication overflow"),
]


@pytest.mark.parametrize("name,fn,exc,msg", ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_input_raises(name, fn, exc, msg):
    if exc is None:
        fn(tl)          # broadcasts fine: a control case
        return
    with pytest.raises(exc) as info:
        fn(tl)
    if msg is not None:
        assert str(info.value).startswith(msg), str(info.value)
    del info


@pytest.mark.parametrize("name,fn,exc,msg", ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_input_matches_torch(name, fn, exc, msg):
    torch = pytest.importorskip("torch")
    if exc is None:
        assert tuple(fn(tl).shape) == tuple(fn(torch).shape)
        return
    with pytest.raises(exc) as expected:
        fn(torch)
    with pytest.raises(exc) as got:
        fn(tl)
    assert type(got.value) is type(expected.value)
    if msg is not None:
        # PyTorch's first line (it appends C++ context to some messages)
        assert str(got.value).split("\n")[0] == str(expected.value).split("\n")[0]
    del expected, got


# ---- nothing is written before the input is validated ------------------------------------

def test_failed_inplace_ops_leave_self_unchanged():
    x = tl.tensor([1.0, 2.0, 3.0])
    for bad in (lambda: x.add_(tl.ones(2, 3)), lambda: x.bitwise_and_(1),
                lambda: x.clamp_(min=tl.ones(2, 3)), lambda: x.lerp_(tl.ones(2, 3), 0.5),
                lambda: x.addcmul_(tl.ones(2, 3), tl.ones(3)), lambda: x.copy_(tl.ones(4))):
        version = x._version
        with pytest.raises(RuntimeError):
            bad()
        np.testing.assert_array_equal(x.numpy(), [1.0, 2.0, 3.0])
        assert x._version == version
    i = tl.tensor([4, 5, 6])
    for bad in (lambda: i.add_(1.5), lambda: i.floor_divide_(tl.tensor([1, 0, 1])),
                lambda: i.remainder_(0), lambda: i.sin_(), lambda: i.div_(2),
                lambda: i.clamp_(min=0.5), lambda: i.pow_(-1)):
        with pytest.raises(RuntimeError):
            bad()
        np.testing.assert_array_equal(i.numpy(), [4, 5, 6])
    b = tl.tensor([True, False])
    for bad in (lambda: b.neg_(), lambda: b.sub_(b), lambda: b.add_(2)):
        with pytest.raises(RuntimeError):
            bad()
        np.testing.assert_array_equal(b.numpy(), [True, False])


def test_float_division_by_zero_is_not_an_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = tl.tensor([1.0, -1.0, 0.0]) / 0
        np.testing.assert_array_equal(r.numpy()[:2], [np.inf, -np.inf])
        assert np.isnan(r.numpy()[2])
        assert (tl.tensor([1, 2]) / 0).dtype is tl.float32
        np.testing.assert_array_equal((tl.tensor([1.0]) // 0).numpy(), [np.inf])
        assert np.isnan((tl.tensor([1.0]) % 0).numpy()[0])
        np.testing.assert_array_equal(tl.log(tl.tensor([0.0, -1.0])).numpy()[:1], [-np.inf])


def test_out_resizing_warns_like_torch():
    out = tl.zeros(5)
    with pytest.warns(UserWarning, match=re.escape(
            "An output with one or more elements was resized since it had shape [5], which does "
            "not match the required output shape [2, 3]. This behavior is deprecated, and in a "
            "future PyTorch release outputs will not be resized unless they have zero elements. "
            "You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
            "with t.resize_(0).")):
        r = tl.add(tl.ones(2, 3), 1, out=out)
    assert r is out and out.shape == (2, 3)
    np.testing.assert_array_equal(out.numpy(), np.full((2, 3), 2.0, np.float32))
    for make in (lambda o: tl.sin(tl.ones(4), out=o),
                 lambda o: tl.where(tl.ones(4) > 0, 1.0, 0.0, out=o),
                 lambda o: tl.clamp(tl.ones(4), 0, 1, out=o),
                 lambda o: tl.logical_not(tl.ones(4), out=o)):
        o = tl.zeros(2)
        with pytest.warns(UserWarning, match="An output with one or more elements was resized"):
            make(o)
        assert o.shape == (4,)
    empty = tl.zeros(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tl.add(tl.ones(2, 3), 1, out=empty)
    assert empty.shape == (2, 3)


def test_out_resizing_warning_matches_torch():
    torch = pytest.importorskip("torch")
    msgs = []
    for lib in (torch, tl):
        with pytest.warns(UserWarning) as record:
            lib.add(lib.ones(2, 3), 1, out=lib.zeros(5))
        msgs.append(str(record[0].message))
    assert msgs[0].startswith(msgs[1])       # PyTorch appends " (Triggered internally at ...)"


# ---- nothing crashes ---------------------------------------------------------------------

_HOSTILE = textwrap.dedent("""
    import gc
    import numpy as np
    import torchlike_core as tl

    def attempt(fn):
        try:
            fn()
        except (RuntimeError, MemoryError, IndexError, ValueError, TypeError, OverflowError):
            pass

    x = tl.arange(12.0).view(3, 4)
    attempt(lambda: x.as_strided((100,), (1,)))
    attempt(lambda: x.as_strided((3, 4), (4, 1), 10))
    attempt(lambda: x.as_strided((2 ** 62,), (2 ** 62,)))
    attempt(lambda: x.as_strided((-1,), (1,)))
    attempt(lambda: x.view(-5))
    attempt(lambda: x.narrow(0, 2, 5))
    attempt(lambda: x.select(1, 10 ** 20))
    attempt(lambda: x.expand(2 ** 62, 3, 4) * 2)
    attempt(lambda: tl.empty(2 ** 31, 2 ** 31, 2 ** 31))
    attempt(lambda: tl.ones(2 ** 40))
    attempt(lambda: tl.zeros(2 ** 62, dtype=tl.float64))
    attempt(lambda: tl.full((2 ** 40, 2 ** 40), 1.0))
    attempt(lambda: tl.empty([2] * 65))
    attempt(lambda: tl.ones(1).expand(*([1] * 70)))
    attempt(lambda: tl.ones(3).add_(tl.ones(1).expand(2 ** 40)))
    attempt(lambda: tl.ones(1).expand(2 ** 40).add_(1))
    attempt(lambda: x.add_(x.t()))
    attempt(lambda: tl.add(x, 1, out=x.as_strided((3, 4), (0, 0))))
    attempt(lambda: tl.tensor([[1, 2], [3]]))
    attempt(lambda: tl.tensor([1] * 3, dtype=tl.uint8) // 0)
    attempt(lambda: tl.tensor(2 ** 70))
    attempt(lambda: tl.arange(0, 2 ** 62))
    attempt(lambda: tl.from_numpy(np.arange(10)[::-2]))
    # tensors over numpy memory, reachable only from reference cycles, collected by the GC
    for _ in range(200):
        t = tl.from_numpy(np.arange(24.0))
        cycle = [t, t.view(4, 6), tl.tensor([1.0, 2.0]), tl.sin(t)]
        cycle.append(cycle)
        del t, cycle
        gc.collect()
        junk = [np.arange(24.0) for _ in range(8)]
    try:
        raise RuntimeError(tl.arange(5.0))          # a traceback cycle holding tensors
    except RuntimeError as e:
        err = e
    del err
    gc.collect()
    print("ok")
""")


def test_hostile_inputs_do_not_crash():
    r = subprocess.run([sys.executable, "-c", _HOSTILE], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", (r.returncode, r.stderr[-2000:])
