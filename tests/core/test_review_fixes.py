"""Regression tests for review findings in the core: each one failed before its fix.
PyTorch's behaviour is the reference (its messages are quoted)."""
import gc
import math
import re
import warnings
import weakref

import numpy as np
import pytest

import torchlike_core as tl
from torchlike_core import _distances, _storage_wrap
from torchlike_core._dispatch import call
from torchlike_core._linalg import LINALG

NAN = float("nan")


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---- softmax / log_softmax: a row of -inf is nan, silently ------------------------------

@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_all_minus_inf_row(no_warnings, op):
    x = tl.tensor([[-math.inf] * 3, [1.0, 2.0, 3.0]])
    r = getattr(tl, op)(x, 1).numpy()
    assert np.isnan(r[0]).all() and np.isfinite(r[1]).all()


# ---- nll_loss ------------------------------------------------------------------------------

def test_nll_loss_all_ignored_mean_is_nan_silently(no_warnings):
    x = tl.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert math.isnan(tl.nll_loss(x, tl.tensor([-100, -100])).item())
    assert tl.nll_loss(x, tl.tensor([-100, -100]), reduction="sum").item() == 0


def test_nll_loss_ignored_positions_are_plus_zero():
    x = tl.tensor([[1.0, 2.0], [3.0, 4.0]])
    r = tl.nll_loss(x, tl.tensor([1, -100]), reduction="none").numpy()
    assert r[0] == -2 and r[1] == 0 and not np.signbit(r[1])
    # a zero class weight (not an ignored target) still gives -x * 0, as PyTorch
    w = tl.tensor([1.0, 0.0])
    r = tl.nll_loss(x, tl.tensor([1, 0]), weight=w, reduction="none").numpy()
    assert r[0] == 0 and np.signbit(r[0])


def test_nll_loss_weight_dtype_must_match_input():
    x = tl.tensor([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(RuntimeError, match="^expected scalar type Float but found Double$"):
        tl.nll_loss(x, tl.tensor([1, 0]), weight=tl.ones(2, dtype=tl.float64))
    with pytest.raises(RuntimeError, match="^expected scalar type Double but found Float$"):
        tl.nll_loss(x.double(), tl.tensor([1, 0]), weight=tl.ones(2))
    # the class count is checked first, as PyTorch does
    with pytest.raises(RuntimeError, match="defined either for all 2 classes"):
        tl.nll_loss(x, tl.tensor([1, 0]), weight=tl.ones(3, dtype=tl.float64))


# ---- mode: NaNs are one value ---------------------------------------------------------------

@pytest.mark.parametrize("values, value, index", [
    ([NAN, NAN, 1.0], NAN, 0),
    ([NAN, NAN, NAN], NAN, 0),
    ([1.0, NAN, NAN], NAN, 1),
    ([1.0, 2.0, 1.0, 2.0], 1.0, 2),
])
def test_mode_counts_nans_together(values, value, index):
    v, i = tl.mode(tl.tensor(values))
    assert (math.isnan(v.item()) if math.isnan(value) else v.item() == value)
    assert i.item() == index


def test_mode_rows_with_nan_and_half():
    x = tl.tensor([[NAN, NAN, 1.0], [3.0, 2.0, 2.0]])
    for t in (x, x.half()):
        v, i = tl.mode(t, 1)
        assert np.isnan(v.numpy()[0]) and v.numpy()[1] == 2
        assert i.tolist() == [0, 2]


# ---- linalg.qr(mode='r') of an empty matrix -------------------------------------------------

@pytest.mark.parametrize("shape, r_shape", [((3, 0), (0, 0)), ((0, 3), (0, 3)),
                                            ((2, 3, 0), (2, 0, 0))])
def test_qr_mode_r_empty(shape, r_shape):
    q, r = call("linalg_qr", (tl.ones(shape),), {"mode": "r"})
    assert tuple(q.shape) == (0,) and tuple(r.shape) == r_shape


# ---- fold (col2im) checks its block grid as unfold does --------------------------------------

def test_fold_without_blocks_is_a_runtime_error():
    with pytest.raises(RuntimeError, match=re.escape(
            "Given output_size=(1, 1), kernel_size=(3, 3), dilation=(1, 1), padding=(0, 0), "
            "stride=(1, 1), calculated shape of the array of sliding blocks as (-1, -1), which "
            "is too small (non-positive)")):
        call("col2im", (tl.ones(1, 9, 1), (1, 1), 3), None)


def test_unfold_without_blocks_message():
    with pytest.raises(RuntimeError, match=re.escape(
            "Given input with spatial size (2, 5), kernel_size=(3, 3), dilation=(1, 1), "
            "padding=(0, 0), calculated shape of the array of sliding blocks as (0, 3), but its "
            "components must be at least one.")):
        call("im2col", (tl.ones(1, 1, 2, 5), 3), None)


# ---- diff: prepend/append must be tensors ----------------------------------------------------

@pytest.mark.parametrize("kw, msg", [
    ({"prepend": 1.0}, "argument 'prepend' must be Tensor, not float"),
    ({"append": 2}, "argument 'append' must be Tensor, not int"),
])
def test_diff_number_prepend_append(kw, msg):
    with pytest.raises(TypeError, match=re.escape("diff(): " + msg)):
        tl.diff(tl.arange(4.0), **kw)


# ---- full -----------------------------------------------------------------------------------

def test_full_half_overflow_fills_like_full_like(no_warnings):
    assert np.isinf(tl.full((2,), 1e6, dtype=tl.float16).numpy()).all()


def test_full_out_takes_its_dtype_and_resizes_silently(no_warnings):
    out = tl.zeros(3, dtype=tl.float64)
    r = tl.full((2,), 3.5, out=out)
    assert r is out and out.tolist() == [3.5, 3.5] and out.dtype is tl.float64
    out = tl.zeros(1, dtype=tl.int64)
    assert tl.full((2,), 3.5, out=out).tolist() == [3, 3]


# ---- polygamma, float_power(out=), as_tensor ---------------------------------------------

@pytest.mark.parametrize("n, typename", [(1.5, "float"), (True, "bool")])
def test_polygamma_n_must_be_int(n, typename):
    x = tl.rand(3)
    msg = f"polygamma(): argument 'n' (position 1) must be int, not {typename}"
    with pytest.raises(TypeError, match=re.escape(msg)):
        tl.polygamma(n, x)
    with pytest.raises(TypeError, match=re.escape(msg)):
        x.polygamma(n)


def test_polygamma_accepts_integer_likes():
    x = tl.tensor([0.5, 2.0])
    expect = tl.polygamma(1, x).tolist()
    assert tl.polygamma(np.int64(1), x).tolist() == expect
    assert tl.polygamma(tl.tensor(1), x).tolist() == expect
    with pytest.raises(TypeError, match=re.escape("argument 'input' (position 2) must be Tensor")):
        tl.polygamma(1, 2.0)


@pytest.mark.parametrize("dt, name", [(tl.float32, "Float"), (tl.int64, "Long")])
def test_float_power_out_must_be_double(dt, name):
    with pytest.raises(RuntimeError, match=re.escape(
            f"the output given to float_power has dtype {name} but the operation's result "
            "requires dtype Double")):
        tl.float_power(tl.rand(3), 2, out=tl.zeros(3, dtype=dt))


def test_as_tensor_propagates_a_refused_dlpack_export():
    """As torch.as_tensor does for a foreign producer (a torch tensor that requires grad
    refuses export with BufferError "... use tensor.detach()")."""
    class Refuses:
        def __dlpack__(self, **kw):
            raise BufferError("Can't export tensors that require gradient, use tensor.detach()")

        def __dlpack_device__(self):
            return (1, 0)

    with pytest.raises(BufferError, match="use tensor.detach"):
        tl.as_tensor(Refuses())


# ---- shared argument checks -------------------------------------------------------------

@pytest.mark.parametrize("fn, msg", [
    (lambda: tl.isclose(tl.ones(1), 1.0),
     "isclose(): argument 'other' (position 2) must be Tensor, not float"),
    (lambda: tl.equal(tl.ones(1), 1.0),
     "equal(): argument 'other' (position 2) must be Tensor, not float"),
    (lambda: LINALG["multi_dot"]([tl.ones(2, 2), 1.0]),
     "expected Tensor as element 1 in argument 0, but got float"),
    (lambda: LINALG["matrix_power"](tl.ones(2, 2), 2, out=1.0),
     "matrix_power(): argument 'out' must be Tensor, not float"),
    (lambda: tl.kron(tl.ones(2), tl.ones(2), out=1.0),
     "kron(): argument 'out' must be Tensor, not float"),
])
def test_not_a_tensor_messages(fn, msg):
    with pytest.raises(TypeError, match=re.escape(msg)):
        fn()


# ---- storages ------------------------------------------------------------------------------

def test_wrap_array_memory_is_gone():
    assert not hasattr(_storage_wrap, "wrap_array_memory")


class _Sub(np.ndarray):
    pass


@pytest.mark.parametrize("make", [lambda: np.arange(6.0).view(_Sub), lambda: _Sub((6,))],
                         ids=["subclass_view", "subclass_owning"])
def test_from_numpy_subclass_referring_back_is_collected(make):
    def cycle():
        a = make()
        a.t = tl.from_numpy(a)          # owner -> tensor -> storage -> owner
        return weakref.ref(a)
    ref = cycle()
    gc.collect()
    assert ref() is None


def test_plain_storages_stay_untracked():
    """Note [Fewer tracked objects]: our own memory and plain numpy results are not gc-tracked."""
    a = tl.ones(3)
    for t in (a, a + a, tl.from_numpy(np.ones(3)), tl.from_numpy(np.ones(4)[1:])):
        assert not gc.is_tracked(t._storage)


# ---- cdist: PyTorch's matmul rule --------------------------------------------------------

@pytest.mark.parametrize("p_rows, r_rows, m, expect", [(26, 1, 1, True), (1, 26, 1, True),
                                                       (25, 25, 1000, False)])
def test_cdist_matmul_route(monkeypatch, p_rows, r_rows, m, expect):
    used = []
    real = _distances._euclid_mm
    monkeypatch.setattr(_distances, "_euclid_mm", lambda a, b: used.append(1) or real(a, b))
    tl.cdist(tl.rand(p_rows, m), tl.rand(r_rows, m))
    assert bool(used) is expect


# ---- put_(accumulate=True) in float16 rounds after every addition, as PyTorch -----------------

def test_put_accumulate_half_rounds_each_step():
    x = tl.zeros(2, dtype=tl.float16)
    x.put_(tl.tensor([0] * 3000 + [1]), tl.ones(3001, dtype=tl.float16), accumulate=True)
    assert x.tolist() == [2048.0, 1.0]      # 2048 + 1 == 2048 in half precision
