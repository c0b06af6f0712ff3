"""The special-function kernels (_special.pyx) against math and known values, and their
elementwise ops' dtype rules."""
import math

import numpy as np
import pytest

import torchlike_core as T
from torchlike_core._special import apply_unary, apply_polygamma

EULER = 0.57721566490153286061


def _rel_err(got, want):
    got, want = np.asarray(got, float), np.asarray(want, float)
    return np.max(np.abs(got - want) / np.maximum(np.abs(want), 1e-300))


def test_lgamma_and_erfc_agree_with_math():
    x = np.concatenate([np.linspace(-9.75, 30, 400), [1e-8, 0.5, 171.5, 1e5]])
    x = x[x != np.floor(x)]
    assert _rel_err(apply_unary("lgamma", x), [math.lgamma(v) for v in x]) < 1e-13
    y = np.linspace(-6, 26, 500)
    assert _rel_err(apply_unary("erfc", y), [math.erfc(v) for v in y]) < 1e-13


def test_lgamma_poles_and_infinities():
    r = apply_unary("lgamma", np.array([0.0, -1.0, -3.0, np.inf, -np.inf, np.nan]))
    assert np.all(np.isinf(r[:5]) & (r[:5] > 0)) and np.isnan(r[5])


def test_digamma_known_values():
    x = np.array([1.0, 0.5, 2.0, 10.0, 0.25, -0.5, 1e6])
    want = [-EULER, -EULER - 2 * math.log(2), 1 - EULER,
            -EULER + sum(1 / k for k in range(1, 10)),
            -EULER - math.pi / 2 - 3 * math.log(2),
            -EULER - 2 * math.log(2) + 2,                 # psi(1/2) + 1/(-1/2) ... reflected
            math.log(1e6) - 0.5e-6 - 1 / (12e12)]
    assert _rel_err(apply_unary("digamma", x), want) < 1e-12


def test_digamma_is_the_derivative_of_lgamma():
    x = np.linspace(0.3, 40, 50)
    h = 1e-5
    numeric = [(math.lgamma(v + h) - math.lgamma(v - h)) / (2 * h) for v in x]
    np.testing.assert_allclose(apply_unary("digamma", x), numeric, rtol=1e-7, atol=1e-8)


def test_digamma_recurrence_and_edges():
    x = np.linspace(-7.9, 20, 300)
    x = x[np.abs(x - np.round(x)) > 1e-3]
    lhs = apply_unary("digamma", x + 1)
    rhs = apply_unary("digamma", x) + 1 / x
    np.testing.assert_allclose(lhs, rhs, rtol=1e-11, atol=1e-11)
    r = apply_unary("digamma", np.array([0.0, -0.0, -1.0, -4.0, np.inf, np.nan]))
    assert r[0] == -np.inf and r[1] == np.inf and np.isnan(r[2]) and np.isnan(r[3])
    assert r[4] == np.inf and np.isnan(r[5])


def test_erfinv_inverts_erf_to_rounding():
    x = np.concatenate([np.linspace(-5.8, 5.8, 801), [1e-300, 1e-10, -3e-5]])
    y = np.array([math.erf(v) for v in x])
    keep = np.abs(y) < 1
    got = apply_unary("erfinv", y[keep])
    # erf is flat near +-1: compare through erf, and directly where it is well conditioned
    np.testing.assert_allclose([math.erf(v) for v in got], y[keep], rtol=1e-15, atol=0)
    mid = np.abs(x[keep]) < 2
    assert _rel_err(got[mid], x[keep][mid]) < 1e-12


def test_erfinv_tail_through_erfc():
    # 1 - y tiny: the residual goes through erfc, so the tail keeps full accuracy
    for tail in (1e-3, 1e-8, 1e-12, 2 ** -52):
        x = apply_unary("erfinv", np.array([1 - tail]))[0]
        assert math.erfc(x) == pytest.approx(tail, rel=1e-12)


def test_erfinv_edges():
    r = apply_unary("erfinv", np.array([1.0, -1.0, 0.0, -0.0, 1.5, -2.0, np.nan]))
    assert r[0] == np.inf and r[1] == -np.inf
    assert r[2] == 0 and math.copysign(1, r[3]) == -1
    assert np.isnan(r[4:]).all()


def test_polygamma_known_values():
    # psi'(1) = pi^2/6, psi''(1) = -2 zeta(3), psi'(1/2) = pi^2/2
    zeta3 = 1.2020569031595942854
    got = [apply_polygamma(1, np.array([1.0]))[0], apply_polygamma(2, np.array([1.0]))[0],
           apply_polygamma(1, np.array([0.5]))[0], apply_polygamma(0, np.array([1.0]))[0]]
    want = [math.pi ** 2 / 6, -2 * zeta3, math.pi ** 2 / 2, -EULER]
    assert _rel_err(got, want) < 1e-13


def test_polygamma_recurrence():
    # psi^(n)(x + 1) = psi^(n)(x) + (-1)^n n! / x^(n+1)
    x = np.linspace(0.2, 15, 60)
    for n in (1, 2, 3, 5):
        lhs = apply_polygamma(n, x + 1)
        rhs = apply_polygamma(n, x) + (-1) ** n * math.factorial(n) / x ** (n + 1)
        np.testing.assert_allclose(lhs, rhs, rtol=1e-9)      # rhs cancels for small x


def test_kernels_keep_shape_including_0d_and_empty():
    assert apply_unary("lgamma", np.array(3.0)).shape == ()
    assert apply_unary("erfinv", np.zeros((0, 3))).shape == (0, 3)
    x = np.arange(1.0, 13.0).reshape(3, 4).T          # non-contiguous
    np.testing.assert_allclose(apply_unary("lgamma", x), np.vectorize(math.lgamma)(x))


@pytest.mark.parametrize("name", ["lgamma", "digamma", "erfinv", "erfc"])
@pytest.mark.parametrize("dtype,result", [("int64", "float32"), ("bool", "float32"),
                                          ("float16", "float16"), ("float64", "float64")])
def test_ops_follow_the_float_rule(name, dtype, result):
    x = T.from_numpy(np.array([0, 1, 0], dtype=dtype))
    assert getattr(T, name)(x).dtype.name == result


def test_ops_write_out_and_in_place():
    x = T.from_numpy(np.array([0.5, 1.5, 3.0]))
    out = T.from_numpy(np.zeros(3))
    T.lgamma(x, out=out)
    np.testing.assert_allclose(out.numpy(), [math.lgamma(v) for v in (0.5, 1.5, 3.0)])
    x.digamma_()
    np.testing.assert_allclose(x.numpy(), apply_unary("digamma", np.array([0.5, 1.5, 3.0])))
    with pytest.raises(RuntimeError, match="can't be cast to the desired output type Long"):
        T.from_numpy(np.array([1, 2])).lgamma_()
    with pytest.raises(RuntimeError, match="does not support negative n"):
        T.polygamma(-1, x)
