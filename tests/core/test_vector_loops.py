"""The vectorised loops (_simd.h, and sigmoid's blocked passes in _loops.pyx) against
float64 references and PyTorch's special values, including what allclose cannot see (the
sign of zero) and the edges of the blocks and of float32's exact-integer range."""
import numpy as np
import pytest

import torchlike_core as tl


def test_frac_special_values_and_zero_signs():
    edge = 2.0 ** 23
    x = np.array([-0.0, 0.0, -0.25, 0.25, -2.0, 2.0, edge - 0.5, -(edge - 0.5), edge, -edge,
                  3e38, -3e38, np.inf, -np.inf, np.nan], dtype=np.float32)
    got = tl.frac(tl.from_numpy(x)).numpy()
    with np.errstate(invalid="ignore"):          # inf - inf
        want = x - np.trunc(x)       # -0.0 - -0.0 is +0.0, as torch.frac gives
    np.testing.assert_array_equal(got, want)
    assert np.array_equal(np.signbit(got), np.signbit(want))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [1, 2047, 2048, 2049, 6000])
def test_sigmoid_across_block_edges(dtype, n):
    x = np.random.default_rng(n).standard_normal(n).astype(dtype) * 30
    special = np.array([np.nan, np.inf, -np.inf, 0.0, 100.0, -100.0], dtype=dtype)
    x[-6:] = special[-len(x[-6:]):]
    want = 1 / (1 + np.exp(-x.astype(np.float64)))
    t = tl.from_numpy(x.copy())
    got = tl.sigmoid(t).numpy()
    tol = 1e-6 if dtype == np.float32 else 1e-15
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol, equal_nan=True)
    t.sigmoid_()                     # in place: the output is the input
    np.testing.assert_allclose(t.numpy(), want, rtol=tol, atol=tol, equal_nan=True)


def test_sigmoid_of_a_strided_view_matches_contiguous():
    x = np.random.default_rng(1).standard_normal((300, 20)).astype(np.float32)
    t = tl.from_numpy(x)
    # the strided loop calls libm's expf, the contiguous one numpy's SIMD exp: a few ulp
    np.testing.assert_allclose(tl.sigmoid(t.t()).numpy(), tl.sigmoid(t).numpy().T, rtol=1e-6)


@pytest.mark.parametrize("dtype, ulps", [(np.float32, 2.5), (np.float64, 2.5)])
def test_log1p_is_accurate_across_its_range(dtype, ulps):
    x = np.concatenate([np.geomspace(1e-30, 1e30, 3000), -np.geomspace(1e-30, 0.999999, 3000)])
    x = x.astype(dtype)
    got = tl.log1p(tl.from_numpy(x)).numpy().astype(np.float64)
    want = np.log1p(x.astype(np.longdouble)).astype(np.float64)
    rel = np.abs(got - want) / np.abs(want)
    assert rel.max() <= ulps * np.finfo(dtype).eps
    t = tl.from_numpy(x.copy())
    t.log1p_()                       # in place: x is read before the block is overwritten
    np.testing.assert_array_equal(t.numpy(), got.astype(dtype))


def test_log1p_special_values_and_zero_signs():
    x = np.array([-0.0, 0.0, -1.0, -2.0, np.inf, -np.inf, np.nan, 1e-40], dtype=np.float32)
    got = tl.log1p(tl.from_numpy(x)).numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        want = np.log1p(x)
    np.testing.assert_array_equal(got, want)
    assert np.array_equal(np.signbit(got), np.signbit(want))
