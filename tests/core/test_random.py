"""Random numbers: reproducibility under manual_seed and Generator objects, state save and
restore, ranges, dtypes, shapes, rough moments of large samples, the discrete samplers'
validity, the in-place samplers and PyTorch's errors."""
import re

import numpy as np
import pytest

import torchlike_core as tl

from checks import N, assert_error_as_torch

BIG = 100_000


def same(a, b):
    np.testing.assert_array_equal(N(a), N(b))


@pytest.fixture(autouse=True)
def _restore_default_rng():
    # Tests reseed the default generator; leave it as they found it.
    state = tl.get_rng_state()
    yield
    tl.set_rng_state(state)


def draw_all(generator=None):
    """One call of every sampler, returned in order (the stream they consume)."""
    g = {} if generator is None else {"generator": generator}
    x = tl.empty(3, 4)
    return [
        tl.rand(2, 3, **g), tl.randn(4, **g), tl.randint(0, 10, (5,), **g), tl.randperm(7, **g),
        tl.normal(tl.zeros(3), tl.ones(3), **g), tl.normal(1.0, 2.0, (3,), **g),
        tl.bernoulli(tl.full((6,), 0.5), **g), tl.multinomial(tl.ones(5), 3, **g),
        tl.multinomial(tl.ones(2, 5), 4, True, **g), tl.rand_like(x, **g), tl.randn_like(x, **g),
        tl.randint_like(x, 9, **g), x.clone().uniform_(-1, 1, **g), x.clone().normal_(**g),
        x.clone().bernoulli_(0.3, **g), x.clone().random_(100, **g), x.clone().exponential_(**g),
    ]


# ---- seeding and generators -----------------------------------------------------------------

def test_manual_seed_reproduces_every_sampler():
    assert tl.manual_seed(123) is tl.default_generator
    first = draw_all()
    tl.manual_seed(123)
    second = draw_all()
    for a, b in zip(first, second):
        same(a, b)
    tl.manual_seed(124)
    third = draw_all()
    assert not np.array_equal(N(first[0]), N(third[0]))


def test_generator_objects_are_independent_streams():
    g1 = tl.Generator().manual_seed(7)
    g2 = tl.Generator()
    assert g2.manual_seed(7) is g2
    tl.manual_seed(0)
    default_before = tl.get_rng_state()
    for a, b in zip(draw_all(g1), draw_all(g2)):
        same(a, b)
    # drawing from g1/g2 did not move the default generator
    same(tl.get_rng_state(), default_before)
    g3 = tl.Generator().manual_seed(8)
    assert not np.array_equal(N(tl.rand(10, generator=g1)), N(tl.rand(10, generator=g3)))


def test_generator_defaults_and_seeds():
    g = tl.Generator()
    assert g.initial_seed() == 67280421310721
    assert str(g.device) == "cpu" and str(tl.Generator("cpu").device) == "cpu"
    assert g.manual_seed(3).initial_seed() == 3
    assert g.manual_seed(-1).initial_seed() == 2 ** 64 - 1
    assert g.manual_seed(2 ** 64 - 1).initial_seed() == 2 ** 64 - 1
    assert g.manual_seed(-2 ** 63).initial_seed() == 2 ** 63
    assert g.manual_seed(np.int64(5)).initial_seed() == 5
    s = g.seed()
    assert isinstance(s, int) and 0 <= s < 2 ** 64 and g.initial_seed() == s
    tl.manual_seed(42)
    assert tl.initial_seed() == 42
    s = tl.seed()
    assert tl.initial_seed() == s
    tl.manual_seed(2.0)          # torch.manual_seed converts with int()
    assert tl.initial_seed() == 2


def test_seed_errors():
    g = tl.Generator()
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        g.manual_seed(2 ** 64)
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        g.manual_seed(-2 ** 63 - 1)
    with pytest.raises(RuntimeError, match="manual_seed expected a long, but got float"):
        g.manual_seed(1.5)
    with pytest.raises(RuntimeError, match="manual_seed expected a long, but got str"):
        g.manual_seed("a")


def test_state_roundtrip():
    g = tl.Generator().manual_seed(11)
    tl.rand(5, generator=g)
    state = g.get_state()
    assert state.dtype is tl.uint8 and state.dim() == 1
    a = draw_all(g)
    assert g.set_state(state) is g
    for x, y in zip(a, draw_all(g)):
        same(x, y)
    # the default generator through get_rng_state/set_rng_state
    tl.manual_seed(5)
    saved = tl.get_rng_state()
    u = tl.randn(100)
    tl.set_rng_state(saved)
    same(u, tl.randn(100))
    assert tl.initial_seed() == 5
    # a state is a copy: changing it later does not move the generator
    saved2 = tl.get_rng_state()
    v = tl.rand(3)
    saved2.zero_()
    tl.set_rng_state(tl.get_rng_state())
    assert not np.array_equal(N(v), N(tl.rand(3)))
    # another generator's state carries its stream over
    g2 = tl.Generator().set_state(g.get_state())
    same(tl.rand(8, generator=g), tl.rand(8, generator=g2))


def test_state_errors():
    g = tl.Generator()
    with pytest.raises(TypeError, match="RNG state must be a torch.ByteTensor"):
        g.set_state(tl.zeros(56))
    with pytest.raises(TypeError, match="expected a torch.ByteTensor, but got int"):
        g.set_state(3)
    with pytest.raises(RuntimeError, match="but found the input RNG state size to be 3"):
        g.set_state(tl.zeros(3, dtype=tl.uint8))
    with pytest.raises(TypeError, match="RNG state must be a torch.ByteTensor"):
        tl.set_rng_state(tl.zeros(3))


def test_generator_argument_must_be_a_generator():
    with pytest.raises(TypeError, match=re.escape(
            "rand(): argument 'generator' must be torch.Generator, not int")):
        tl.rand(2, generator=3)
    with pytest.raises(TypeError, match="argument 'generator' must be torch.Generator"):
        tl.ones(2).uniform_(generator="x")


# ---- rand, randn ----------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [tl.float32, tl.float64, tl.float16])
def test_rand_range_dtype_and_moments(dtype):
    t = tl.rand(BIG, dtype=dtype)
    assert t.dtype is dtype and tuple(t.shape) == (BIG,)
    a = N(t).astype(np.float64)
    assert a.min() >= 0.0 and a.max() < 1.0
    assert abs(a.mean() - 0.5) < 0.01
    assert abs(a.std() - np.sqrt(1 / 12)) < 0.01
    # values are spread over the whole interval
    hist = np.histogram(a, bins=10, range=(0, 1))[0]
    assert hist.min() > 0.08 * BIG


def test_rand_float32_never_rounds_up_to_one():
    # float64 samples just below 1 would round to 1.0f: rand must sample at float32 precision
    g = tl.Generator().manual_seed(0)
    for _ in range(5):
        assert N(tl.rand(1_000_000, generator=g)).max() < 1.0
    assert N(tl.rand(100_000, dtype=tl.float16)).max() < 1.0


@pytest.mark.parametrize("dtype", [tl.float32, tl.float64, tl.float16])
def test_randn_moments(dtype):
    t = tl.randn(BIG, dtype=dtype)
    assert t.dtype is dtype
    a = N(t).astype(np.float64)
    assert abs(a.mean()) < 0.02
    assert abs(a.std() - 1.0) < 0.02
    assert abs(((a - a.mean()) ** 3).mean()) < 0.05         # symmetric
    assert np.isfinite(a).all()


@pytest.mark.parametrize("fn", [tl.rand, tl.randn])
def test_size_spellings(fn):
    for args, kwargs, shape in [((2, 3), {}, (2, 3)), (((2, 3),), {}, (2, 3)),
                                (([2, 3],), {}, (2, 3)), ((tl.Size([2, 3]),), {}, (2, 3)),
                                ((), {"size": (4,)}, (4,)), (((),), {}, ()), ((0, 3), {}, (0, 3))]:
        t = fn(*args, **kwargs)
        assert tuple(t.shape) == shape and t.dtype is tl.float32 and t.is_contiguous()


def test_rand_options():
    t = tl.rand(2, requires_grad=True)
    assert t.requires_grad
    assert tl.rand(2, device="cpu").device.type == "cpu"
    tl.set_default_dtype(tl.float64)
    try:
        assert tl.rand(2).dtype is tl.float64
    finally:
        tl.set_default_dtype(tl.float32)
    out = tl.empty(5, dtype=tl.float64)
    with pytest.warns(UserWarning, match="was resized"):
        assert tl.rand(2, 3, out=out) is out
    assert tuple(out.shape) == (2, 3) and out.dtype is tl.float64


def test_rand_errors():
    with pytest.raises(NotImplementedError, match="\"check_uniform_bounds\" not implemented for 'Long'"):
        tl.rand(2, 3, dtype=tl.int64)
    with pytest.raises(NotImplementedError, match="\"normal_kernel_cpu\" not implemented for 'Long'"):
        tl.randn(2, 3, dtype=tl.int64)
    with pytest.raises(RuntimeError, match=re.escape(
            "Trying to create tensor with negative dimension -1: [-1]")):
        tl.rand(-1)
    with pytest.raises(TypeError):
        tl.rand(2.5)
    with pytest.raises(TypeError):
        tl.rand()


# ---- randint, randperm --------------------------------------------------------------------------

def test_randint_spellings_range_and_dtype():
    t = tl.randint(10, (BIG,))
    assert t.dtype is tl.int64 and tuple(t.shape) == (BIG,)
    a = N(t)
    assert a.min() == 0 and a.max() == 9
    counts = np.bincount(a, minlength=10)
    assert counts.min() > 0.09 * BIG and counts.max() < 0.11 * BIG
    a = N(tl.randint(-3, 4, (2, 500)))
    assert a.shape == (2, 500) and a.min() == -3 and a.max() == 3
    assert tuple(tl.randint(5, size=(3,)).shape) == (3,)
    assert tuple(tl.randint(low=2, high=5, size=(3,)).shape) == (3,)
    assert tuple(tl.randint(2, high=5, size=[4]).shape) == (4,)
    assert tuple(tl.randint(3, ()).shape) == ()
    assert tuple(tl.randint(tl.tensor(3), (2,)).shape) == (2,)
    assert N(tl.randint(0, 1, (10,))).tolist() == [0] * 10
    big = N(tl.randint(0, 2 ** 40, (1000,)))
    assert big.max() > 2 ** 38 and big.min() >= 0


@pytest.mark.parametrize("dtype,low,high", [
    (tl.float32, 2, 5), (tl.uint8, 0, 256), (tl.int8, -128, 128), (tl.int16, -5, 5),
    (tl.int32, 0, 2 ** 31 - 1), (tl.bool, 0, 2), (tl.float64, -(2 ** 40), 2 ** 40),
    (tl.float16, -10, 10)])
def test_randint_dtypes(dtype, low, high):
    t = tl.randint(low, high, (2000,), dtype=dtype)
    assert t.dtype is dtype
    a = N(t).astype(np.float64)
    assert a.min() >= low and a.max() <= high - 1
    assert (a == np.round(a)).all()


def test_randint_errors():
    with pytest.raises(RuntimeError, match=re.escape(
            "random_ expects 'from' to be less than 'to', but got from=5 >= to=5")):
        tl.randint(5, 5, (3,))
    with pytest.raises(RuntimeError, match=re.escape(
            "random_ expects 'from' to be less than 'to', but got from=0 >= to=0")):
        tl.randint(0, (3,))
    with pytest.raises(RuntimeError, match="to - 1 is out of bounds for unsigned char"):
        tl.randint(0, 300, (3,), dtype=tl.uint8)
    with pytest.raises(RuntimeError, match="from is out of bounds for unsigned char"):
        tl.randint(-1, 3, (3,), dtype=tl.uint8)
    with pytest.raises(RuntimeError, match="to - 1 is out of bounds for bool"):
        tl.randint(0, 3, (3,), dtype=tl.bool)
    with pytest.raises(TypeError, match=re.escape(
            "randint(): argument 'size' (position 2) must be tuple of ints, not int")):
        tl.randint(5, 3)
    with pytest.raises(TypeError):
        tl.randint(2.5, 5.5, (3,))
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        tl.randint(0, 2 ** 63, (2,))
    with pytest.raises(RuntimeError, match="negative dimension"):
        tl.randint(3, (-2,))


@pytest.mark.parametrize("n", [0, 1, 2, 10, 1000])
def test_randperm_is_a_permutation(n):
    p = tl.randperm(n)
    assert p.dtype is tl.int64 and tuple(p.shape) == (n,)
    np.testing.assert_array_equal(np.sort(N(p)), np.arange(n))


def test_randperm_dtypes_and_shuffling():
    assert tl.randperm(5, dtype=tl.float32).dtype is tl.float32
    np.testing.assert_array_equal(np.sort(N(tl.randperm(256, dtype=tl.uint8))), np.arange(256))
    out = tl.empty(3, dtype=tl.int32)
    assert tl.randperm(3, out=out) is out and out.dtype is tl.int32
    np.testing.assert_array_equal(np.sort(N(out)), [0, 1, 2])
    # every position sees every value: the first element is uniform over range(n)
    firsts = np.array([int(N(tl.randperm(4))[0]) for _ in range(4000)])
    counts = np.bincount(firsts, minlength=4)
    assert counts.min() > 800


def test_randperm_errors():
    with pytest.raises(RuntimeError, match=re.escape(
            "Trying to create tensor with negative dimension -1: [-1]")):
        tl.randperm(-1)
    with pytest.raises(TypeError, match=re.escape(
            "randperm(): argument 'n' (position 1) must be int, not float")):
        tl.randperm(3.5)
    with pytest.raises(NotImplementedError, match="\"randperm\" not implemented for 'Bool'"):
        tl.randperm(3, dtype=tl.bool)
    with pytest.raises(RuntimeError, match="value cannot be converted to type uint8_t without overflow"):
        tl.randperm(257, dtype=tl.uint8)
    with pytest.raises(RuntimeError, match=re.escape("n cannot be greater than 2^24+1 for Float type.")):
        tl.randperm(2 ** 24 + 2, dtype=tl.float32)


# ---- *_like ---------------------------------------------------------------------------------------

def test_like_functions():
    x = tl.ones(3, 4, dtype=tl.float64)
    for fn in (tl.rand_like, tl.randn_like):
        t = fn(x)
        assert tuple(t.shape) == (3, 4) and t.dtype is tl.float64
        assert fn(x, dtype=tl.float32).dtype is tl.float32
        assert fn(x, requires_grad=True).requires_grad
    a = N(tl.rand_like(x))
    assert a.min() >= 0 and a.max() < 1
    r = tl.randint_like(x, 5)
    assert r.dtype is tl.float64 and N(r).max() <= 4 and N(r).min() >= 0
    r = tl.randint_like(tl.ones(1000, dtype=tl.int32), 3, 7)
    assert r.dtype is tl.int32 and N(r).min() == 3 and N(r).max() == 6
    assert tl.randint_like(x, high=3).dtype is tl.float64
    with pytest.raises(NotImplementedError, match="\"check_uniform_bounds\" not implemented for 'Long'"):
        tl.rand_like(tl.ones(2, dtype=tl.int64))
    with pytest.raises(NotImplementedError, match="\"normal_kernel_cpu\" not implemented for 'Long'"):
        tl.randn_like(tl.ones(2, dtype=tl.int64))
    with pytest.raises(RuntimeError, match=re.escape("but got from=5 >= to=5")):
        tl.randint_like(x, 5, 5)


# ---- normal ----------------------------------------------------------------------------------------

def test_normal_forms_shapes_and_dtypes():
    assert tuple(tl.normal(0.0, 1.0, (2, 3)).shape) == (2, 3)
    assert tl.normal(0.0, 1.0, size=(2,), dtype=tl.float64).dtype is tl.float64
    assert tuple(tl.normal(tl.zeros(2, 3), 1.0).shape) == (2, 3)
    assert tuple(tl.normal(0.0, tl.ones(2, 3)).shape) == (2, 3)
    assert tuple(tl.normal(tl.zeros(2, 3), tl.ones(3)).shape) == (2, 3)
    assert tl.normal(tl.zeros(2, dtype=tl.float64), tl.ones(2)).dtype is tl.float64
    assert tl.normal(tl.zeros(2), 2.0).dtype is tl.float32
    assert tuple(tl.normal(tl.ones(0), 1.0).shape) == (0,)
    out = tl.empty(2, dtype=tl.float64)
    assert tl.normal(2.0, 3.0, (2,), out=out) is out and out.dtype is tl.float64


def test_normal_moments():
    a = N(tl.normal(3.0, 2.0, (BIG,))).astype(np.float64)
    assert abs(a.mean() - 3.0) < 0.04 and abs(a.std() - 2.0) < 0.04
    means = tl.tensor([-10.0, 10.0]).expand(BIG // 2, 2)
    stds = tl.tensor([1.0, 0.5])
    b = N(tl.normal(means, stds)).astype(np.float64)
    np.testing.assert_allclose(b.mean(0), [-10.0, 10.0], atol=0.03)
    np.testing.assert_allclose(b.std(0), [1.0, 0.5], atol=0.03)
    # std 0 gives the mean exactly
    np.testing.assert_array_equal(N(tl.normal(tl.arange(4.0), 0.0)), np.arange(4.0))


def test_normal_errors():
    with pytest.raises(RuntimeError, match=re.escape("normal expects std >= 0.0, but found std -1")):
        tl.normal(tl.ones(2, 3), -1.0)
    with pytest.raises(RuntimeError, match=re.escape("normal expects std >= 0.0, but found std -1")):
        tl.normal(0.0, -1.0, (2,))
    with pytest.raises(RuntimeError, match=re.escape("normal expects std >= 0.0, but found std nan")):
        tl.normal(tl.ones(2), float("nan"))
    with pytest.raises(RuntimeError, match="normal expects all elements of std >= 0.0"):
        tl.normal(tl.ones(2, 3), tl.tensor([1.0, -1.0, 1.0]))
    with pytest.raises(NotImplementedError, match="\"normal_kernel_cpu\" not implemented for 'Long'"):
        tl.normal(tl.ones(2, dtype=tl.int64), 1.0)
    with pytest.raises(RuntimeError, match=re.escape(
            "The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1")):
        tl.normal(tl.ones(2, 3), tl.ones(5))
    with pytest.raises(TypeError, match="normal\\(\\) received an invalid combination of arguments"):
        tl.normal(0.0, 1.0)


# ---- bernoulli -------------------------------------------------------------------------------------

def test_bernoulli_values_and_rates():
    p = tl.tensor([0.0, 0.2, 0.9, 1.0]).expand(BIG // 4, 4)
    r = tl.bernoulli(p)
    assert r.dtype is tl.float32 and tuple(r.shape) == (BIG // 4, 4)
    a = N(r)
    assert set(np.unique(a)) <= {0.0, 1.0}
    np.testing.assert_allclose(a.mean(0), [0.0, 0.2, 0.9, 1.0], atol=0.02)
    assert a[:, 0].sum() == 0 and a[:, 3].all()
    r = tl.bernoulli(tl.full((BIG,), 0.5, dtype=tl.float64), 0.25)
    assert r.dtype is tl.float64 and abs(N(r).mean() - 0.25) < 0.01
    r = tl.bernoulli(tl.ones(1000, dtype=tl.int64), 0.5)
    assert r.dtype is tl.int64 and set(np.unique(N(r))) <= {0, 1}
    assert tl.full((3,), 0.5).bernoulli().dtype is tl.float32
    out = tl.empty(3, dtype=tl.int64)
    assert tl.bernoulli(tl.full((3,), 0.5), out=out) is out


def test_bernoulli_errors():
    with pytest.raises(RuntimeError, match=re.escape("Expected p_in >= 0 && p_in <= 1 to be true")):
        tl.bernoulli(tl.full((3,), 1.5))
    with pytest.raises(RuntimeError, match=re.escape("Expected p_in >= 0 && p_in <= 1 to be true")):
        tl.bernoulli(tl.tensor([0.5, float("nan")]))
    with pytest.raises(RuntimeError, match=re.escape(
            "bernoulli_ expects p to be in [0, 1], but got p=1.3")):
        tl.bernoulli(tl.full((3,), 0.5), 1.3)
    with pytest.raises(NotImplementedError, match="\"bernoulli_tensor_cpu_p_\" not implemented for 'Long'"):
        tl.bernoulli(tl.ones(3, dtype=tl.int64))


# ---- multinomial -----------------------------------------------------------------------------------

def test_multinomial_without_replacement():
    probs = tl.tensor([0.0, 1.0, 2.0, 0.0, 5.0])
    for _ in range(50):
        s = N(tl.multinomial(probs, 3))
        assert sorted(s.tolist()) == [1, 2, 4]          # distinct, never a zero category
    r = tl.multinomial(probs, 5)                        # more than the positives: zeros come last
    assert sorted(N(r)[:3].tolist()) == [1, 2, 4] and sorted(N(r).tolist()) == [0, 1, 2, 3, 4]
    # the first draw is proportional to the weights
    firsts = N(tl.multinomial(tl.tensor([[1.0, 3.0]]).expand(20000, 2), 1))[:, 0]
    assert abs(firsts.mean() - 0.75) < 0.02
    r = tl.multinomial(tl.rand(4, 6), 6)
    assert r.dtype is tl.int64 and tuple(r.shape) == (4, 6)
    for row in N(r):
        assert sorted(row.tolist()) == list(range(6))


def test_multinomial_with_replacement():
    probs = tl.tensor([[0.0, 1.0, 3.0], [2.0, 0.0, 0.0]])
    r = tl.multinomial(probs, BIG // 2, replacement=True)
    assert tuple(r.shape) == (2, BIG // 2) and r.dtype is tl.int64
    a = N(r)
    counts = np.bincount(a[0], minlength=3) / a.shape[1]
    np.testing.assert_allclose(counts, [0.0, 0.25, 0.75], atol=0.01)
    assert (a[1] == 0).all()
    one = tl.multinomial(tl.tensor([0.2, 0.8], dtype=tl.float64), 10, True)
    assert tuple(one.shape) == (10,)
    assert tuple(tl.multinomial(tl.ones(0, 3), 2).shape) == (0, 2)
    tiny = tl.tensor([1e-30, 0.0, 1e-30])          # unnormalised, tiny weights are fine
    assert set(N(tl.multinomial(tiny, 100, True)).tolist()) <= {0, 2}


def test_multinomial_errors():
    cases = [
        (lambda: tl.multinomial(tl.tensor([0.0, 1, 2]), 0), RuntimeError,
         "cannot sample n_sample <= 0 samples"),
        (lambda: tl.multinomial(tl.tensor([0.0, 1, 2]), 4), RuntimeError,
         "cannot sample n_sample > prob_dist.size(-1) samples without replacement"),
        (lambda: tl.multinomial(tl.tensor([0.0, -1, 2]), 1), RuntimeError,
         "probability tensor contains either `inf`, `nan` or element < 0"),
        (lambda: tl.multinomial(tl.tensor([0.0, float("nan")]), 1), RuntimeError,
         "probability tensor contains either `inf`, `nan` or element < 0"),
        (lambda: tl.multinomial(tl.tensor([0.0, float("inf")]), 1), RuntimeError,
         "probability tensor contains either `inf`, `nan` or element < 0"),
        (lambda: tl.multinomial(tl.tensor([0.0, 0.0]), 1), RuntimeError,
         "invalid multinomial distribution (sum of probabilities <= 0)"),
        (lambda: tl.multinomial(tl.tensor([[1.0, 1], [0, 0]]), 1, True), RuntimeError,
         "invalid multinomial distribution (sum of probabilities <= 0)"),
        (lambda: tl.multinomial(tl.ones(1, 1, 3), 1), RuntimeError, "prob_dist must be 1 or 2 dim"),
        (lambda: tl.multinomial(tl.tensor(1.0), 1), RuntimeError, "prob_dist must be 1 or 2 dim"),
        (lambda: tl.multinomial(tl.tensor([1, 2]), 1), RuntimeError,
         "multinomial only supports floating-point dtypes for input, got: Long"),
        (lambda: tl.multinomial(tl.ones(2), 2.5), TypeError,
         "multinomial(): argument 'num_samples' (position 2) must be int, not float"),
        (lambda: tl.multinomial(tl.ones(2), 1, out=tl.empty(1, dtype=tl.int32)), RuntimeError,
         "multinomial expects Long tensor out, got: Int"),
    ]
    for fn, exc, msg in cases:
        with pytest.raises(exc, match=re.escape(msg)):
            fn()


# ---- in-place samplers -----------------------------------------------------------------------------

def test_uniform_():
    x = tl.empty(BIG)
    v = x._version
    assert x.uniform_(-2, 3) is x and x._version > v
    a = N(x).astype(np.float64)
    assert a.min() >= -2 and a.max() < 3
    assert abs(a.mean() - 0.5) < 0.03 and abs(a.std() - 5 / np.sqrt(12)) < 0.03
    np.testing.assert_array_equal(N(tl.empty(3).uniform_(1, 1)), [1.0, 1.0, 1.0])
    y = tl.empty(3).uniform_(**{"from": 2, "to": 3})
    assert N(y).min() >= 2 and N(y).max() < 3
    # float32 just below a bound that float64 values would round onto
    z = tl.empty(BIG).uniform_(0, 1 + 2 ** -23)
    assert N(z).max() < np.float32(1 + 2 ** -23)
    h = tl.empty(1000, dtype=tl.float16).uniform_()
    assert N(h).max() < 1 and N(h).min() >= 0


def test_inplace_samplers_fill_non_contiguous_tensors():
    base = tl.zeros(4, 6)
    t = base.t()                                   # (6, 4), non-contiguous
    t.uniform_(5, 6)
    a = N(base)
    assert a.min() >= 5 and a.max() < 6
    t.random_(3)
    assert set(np.unique(N(base))) <= {0.0, 1.0, 2.0}
    t.normal_(0, 1)
    assert np.isfinite(N(base)).all()


def test_normal_():
    x = tl.empty(BIG, dtype=tl.float64).normal_(2.0, 0.5)
    a = N(x)
    assert abs(a.mean() - 2.0) < 0.01 and abs(a.std() - 0.5) < 0.01
    assert tl.empty(2).normal_(std=2.0).dtype is tl.float32
    with pytest.raises(RuntimeError, match=re.escape("normal expects std >= 0.0, but found std -1")):
        tl.ones(3).normal_(0, -1)
    with pytest.raises(NotImplementedError, match="\"normal_kernel_cpu\" not implemented for 'Long'"):
        tl.ones(3, dtype=tl.int64).normal_()


def test_bernoulli_():
    x = tl.empty(BIG).bernoulli_(0.3)
    assert set(np.unique(N(x))) <= {0.0, 1.0} and abs(N(x).mean() - 0.3) < 0.01
    assert abs(N(tl.empty(BIG).bernoulli_()).mean() - 0.5) < 0.01
    b = tl.empty(1000, dtype=tl.bool).bernoulli_(0.5)
    assert b.dtype is tl.bool and 0 < N(b).sum() < 1000
    i = tl.empty(1000, dtype=tl.int64).bernoulli_(p=0.5)
    assert set(np.unique(N(i))) <= {0, 1}
    y = tl.empty(4, 2).bernoulli_(tl.tensor([0.0, 1.0]))         # p broadcast over rows
    np.testing.assert_array_equal(N(y), [[0, 1]] * 4)
    with pytest.raises(RuntimeError, match=re.escape(
            "bernoulli_ expects p to be in [0, 1], but got p=2")):
        tl.ones(3).bernoulli_(2.0)
    with pytest.raises(RuntimeError, match=re.escape("Expected p_in >= 0 && p_in <= 1")):
        tl.ones(3).bernoulli_(tl.full((3,), 2.0))
    with pytest.raises(NotImplementedError, match="bernoulli_tensor_cpu_p_"):
        tl.ones(3).bernoulli_(tl.ones(3, dtype=tl.int64))
    with pytest.raises(RuntimeError, match=re.escape(
            "The expanded size of the tensor (3) must match the existing size (2)")):
        tl.ones(3).bernoulli_(tl.full((2,), 0.2))


@pytest.mark.parametrize("dtype,top", [(tl.float32, 2 ** 24), (tl.float64, 2 ** 53),
                                       (tl.float16, 2 ** 11), (tl.uint8, 255), (tl.int8, 127),
                                       (tl.int64, 2 ** 63 - 1), (tl.bool, 1)])
def test_random_default_range(dtype, top):
    x = tl.empty(20000, dtype=dtype).random_()
    a = N(x).astype(np.float64)
    assert a.min() >= 0 and a.max() <= top
    assert a.max() > top / 2                    # the whole range is used
    assert (a == np.round(a)).all()


def test_random_spellings_and_errors():
    a = N(tl.empty(10000).random_(5))
    assert a.min() == 0 and a.max() == 4
    a = N(tl.empty(10000).random_(2, 5))
    assert a.min() == 2 and a.max() == 4
    a = N(tl.empty(1000).random_(to=3))
    assert a.min() == 0 and a.max() == 2
    a = N(tl.empty(1000, dtype=tl.int64).random_(-5, None))
    assert a.min() >= -5 and a.max() > 2 ** 40
    a = N(tl.empty(1000, dtype=tl.int8).random_(-128, 128))
    assert a.min() >= -128 and a.max() <= 127
    with pytest.raises(RuntimeError, match=re.escape(
            "random_ expects 'from' to be less than 'to', but got from=5 >= to=2")):
        tl.ones(3).random_(5, 2)
    with pytest.raises(RuntimeError, match=re.escape(
            "random_ expects 'from' to be less than 'to', but got from=0 >= to=-5")):
        tl.ones(3).random_(-5)
    with pytest.raises(RuntimeError, match="to - 1 is out of bounds for signed char"):
        tl.ones(3, dtype=tl.int8).random_(0, 2 ** 30)
    with pytest.raises(RuntimeError, match="from is out of bounds for c10::Half"):
        tl.ones(3, dtype=tl.float16).random_(-2 ** 62, 3)
    with pytest.raises(TypeError):
        tl.ones(3).random_(1.5, 3)


def test_exponential_():
    x = tl.empty(BIG).exponential_(2.0)
    a = N(x).astype(np.float64)
    assert a.min() >= 0 and abs(a.mean() - 0.5) < 0.01 and abs(a.std() - 0.5) < 0.015
    assert tl.empty(2, dtype=tl.float64).exponential_(lambd=3).dtype is tl.float64
    for bad, shown in [(-1, "-1"), (0, "0"), (float("nan"), "nan")]:
        with pytest.raises(RuntimeError, match=re.escape(
                f"exponential_ expects lambda > 0.0, but found lambda={shown}")):
            tl.ones(3).exponential_(bad)
    with pytest.raises(RuntimeError, match="dtype must be a floating point but you specified Long"):
        tl.ones(3, dtype=tl.int64).exponential_()


def test_uniform_errors():
    with pytest.raises(RuntimeError, match=re.escape(
            "uniform_ expects to return a [from, to) range, but found from=2 > to=1")):
        tl.ones(3).uniform_(2, 1)
    with pytest.raises(NotImplementedError, match="\"check_uniform_bounds\" not implemented for 'Long'"):
        tl.ones(3, dtype=tl.int64).uniform_()
    with pytest.raises(RuntimeError, match="to is out of bounds for float"):
        tl.ones(3).uniform_(0, 1e39)
    with pytest.raises(RuntimeError, match="to is out of bounds for float"):
        tl.ones(3).uniform_(-1, float("nan"))


# ---- PyTorch as the oracle (dtypes, shapes and messages; the streams differ) ----------------------

ORACLE_CALLS = [
    lambda m: m.rand(2, 3),
    lambda m: m.rand((2, 3), dtype=m.float64),
    lambda m: m.randn(4, dtype=m.float16),
    lambda m: m.randint(5, (3,)),
    lambda m: m.randint(2, 5, (3,), dtype=m.float32),
    lambda m: m.randperm(5),
    lambda m: m.randperm(5, dtype=m.float32),
    lambda m: m.normal(m.ones(2, 3), m.ones(3)),
    lambda m: m.normal(m.ones(2, 3, dtype=m.float64), m.ones(3)),
    lambda m: m.normal(0.0, 1.0, (2,)),
    lambda m: m.bernoulli(m.full((3,), 0.5, dtype=m.float64)),
    lambda m: m.bernoulli(m.ones(3, dtype=m.int64), 0.5),
    lambda m: m.multinomial(m.ones(2, 4), 3),
    lambda m: m.multinomial(m.ones(4), 9, True),
    lambda m: m.randint_like(m.ones(2, 2), 3, 7),
    lambda m: m.ones(3, dtype=m.bool).random_(),
    lambda m: m.get_rng_state(),
]


@pytest.mark.parametrize("call", ORACLE_CALLS)
def test_dtypes_and_shapes_match_torch(call):
    torch = pytest.importorskip("torch")
    theirs, ours = call(torch), call(tl)
    assert str(ours.dtype) == str(theirs.dtype)
    if call is not ORACLE_CALLS[-1]:          # the state's size is implementation-defined
        assert tuple(ours.shape) == tuple(theirs.shape)


ERROR_CALLS = [
    lambda m: m.randint(5, 5, (3,)),
    lambda m: m.randint(0, 300, (3,), dtype=m.uint8),
    lambda m: m.randint(-200, 3, (3,), dtype=m.int8),
    lambda m: m.rand(2, dtype=m.int64),
    lambda m: m.randn(2, dtype=m.int32),
    lambda m: m.rand(-1),
    lambda m: m.randperm(-1),
    lambda m: m.randperm(3, dtype=m.bool),
    lambda m: m.randperm(129, dtype=m.int8),
    lambda m: m.normal(m.ones(2), -1.0),
    lambda m: m.normal(m.ones(2), -m.ones(2)),
    lambda m: m.bernoulli(m.full((3,), 1.5)),
    lambda m: m.bernoulli(m.ones(3), 1.3),
    lambda m: m.multinomial(m.tensor([0.0, 1, 2]), 4),
    lambda m: m.multinomial(m.tensor([0.0, -1, 2]), 1),
    lambda m: m.multinomial(m.tensor([0.0, 0.0]), 1),
    lambda m: m.multinomial(m.tensor([1, 2]), 1),
    lambda m: m.ones(3).uniform_(2, 1),
    lambda m: m.ones(3).exponential_(-1),
    lambda m: m.ones(3, dtype=m.int64).exponential_(),
    lambda m: m.ones(3).random_(5, 2),
    lambda m: m.ones(3, dtype=m.int16).random_(0, 2 ** 20),
    lambda m: m.Generator().manual_seed(1.5),
    lambda m: m.Generator().manual_seed(2 ** 64),
    lambda m: m.set_rng_state(m.zeros(3)),
]


@pytest.mark.parametrize("call", ERROR_CALLS)
def test_error_messages_match_torch(call):
    assert_error_as_torch(call, tl)
