"""The row kernels (_rows.pyx) behind softmax and log_softmax: values against numpy in
float64, and the checks at their boundary (bounds checks are off inside)."""
import numpy as np
import pytest

from torchlike_core._rows import softmax_lastdim


def _reference(x, take_log):
    shifted = x - x.max(axis=-1, keepdims=True)
    log_total = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted - log_total if take_log else np.exp(shifted - log_total)


@pytest.mark.parametrize("take_log", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(1,), (7,), (4, 1), (3, 33), (2, 3, 5)])
def test_matches_numpy(shape, dtype, take_log):
    x = np.random.default_rng(3).standard_normal(shape).astype(dtype) * 5
    got = softmax_lastdim(x, take_log)
    assert got.dtype == x.dtype and got.shape == x.shape
    tol = 1e-6 if dtype == "float32" else 1e-13
    np.testing.assert_allclose(got, _reference(x.astype(np.float64), take_log), rtol=tol,
                               atol=tol)


def test_empty_rows_give_an_empty_result():
    assert softmax_lastdim(np.zeros((3, 0)), True).shape == (3, 0)
    assert softmax_lastdim(np.zeros((0, 4)), False).shape == (0, 4)


@pytest.mark.parametrize("bad, exc", [
    (np.zeros((3, 4))[:, ::2], ValueError),        # not contiguous
    (np.zeros((4, 3)).T, ValueError),
    (np.array(1.0), ValueError),                   # 0-d
    (np.zeros((2, 3), dtype=np.int64), TypeError),
    (np.zeros((2, 3), dtype=np.float16), TypeError),
])
def test_bad_arrays_are_refused(bad, exc):
    with pytest.raises(exc, match="softmax_lastdim"):
        softmax_lastdim(bad, False)
