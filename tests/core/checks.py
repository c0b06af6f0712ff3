"""Assertions shared by the core tests."""
import numpy as np
import pytest


def N(t):
    """A tensor's values as a numpy array."""
    return np.asarray(t.numpy())


def assert_same(t, expected, dtype=None):
    """t has expected's shape and values (and `dtype`, when given)."""
    expected = np.asarray(expected)
    assert tuple(t.shape) == expected.shape
    if dtype is not None:
        assert t.dtype is dtype
    np.testing.assert_array_equal(N(t), expected)


def assert_error_as_torch(call, lib):
    """call(lib) raises PyTorch's exception type with PyTorch's message (its first line)."""
    torch = pytest.importorskip("torch")
    with pytest.raises(Exception) as theirs:
        call(torch)
    with pytest.raises(type(theirs.value)) as ours:
        call(lib)
    assert str(ours.value) == str(theirs.value).split("\n")[0]
