"""torch.memory_format: preserve_format (the default) keeps a permuted dense layout,
contiguous_format makes it row-major, channels_last(_3d) puts channels innermost; in clone,
contiguous, the *_like factories, to and is_contiguous. Strides are hand-checked and, where
PyTorch is installed, compared with it."""
import pickle

import numpy as np
import pytest

import torchlike_core as tl


def _x(lib):
    return lib.arange(120.0).reshape(2, 3, 4, 5)


COPIES = {
    "clone_transposed": lambda lib: _x(lib).transpose(1, 2).clone(),
    "clone_contiguous_format": lambda lib: _x(lib).transpose(1, 2).clone(
        memory_format=lib.contiguous_format),
    "clone_channels_last": lambda lib: _x(lib).clone(memory_format=lib.channels_last),
    "contiguous_default": lambda lib: _x(lib).transpose(1, 2).contiguous(),
    "contiguous_channels_last": lambda lib: _x(lib).contiguous(memory_format=lib.channels_last),
    "contiguous_channels_last_3d": lambda lib: _x(lib).reshape(2, 3, 2, 2, 5).contiguous(
        memory_format=lib.channels_last_3d),
    "zeros_like_channels_last_input": lambda lib: lib.zeros_like(
        _x(lib).contiguous(memory_format=lib.channels_last)),
    "empty_like_contiguous_format": lambda lib: lib.full_like(
        _x(lib).transpose(0, 3), 2.0, memory_format=lib.contiguous_format),
    "to_channels_last": lambda lib: _x(lib).to(memory_format=lib.channels_last),
    "to_dtype_keeps_transpose": lambda lib: _x(lib).transpose(1, 2).double(),
    "to_dtype_contiguous_format": lambda lib: _x(lib).transpose(1, 2).to(
        lib.float64, memory_format=lib.contiguous_format),
    "empty_transposed": lambda lib: lib.empty(3, 0, 2).transpose(0, 2).clone(),
}
STRIDES = {"clone_transposed": (60, 5, 20, 1), "clone_contiguous_format": (60, 15, 5, 1),
           "clone_channels_last": (60, 1, 15, 3), "contiguous_default": (60, 15, 5, 1),
           "contiguous_channels_last": (60, 1, 15, 3),
           "contiguous_channels_last_3d": (60, 1, 30, 15, 3),
           "zeros_like_channels_last_input": (60, 1, 15, 3),
           "empty_like_contiguous_format": (24, 8, 2, 1), "to_channels_last": (60, 1, 15, 3),
           "to_dtype_keeps_transpose": (60, 5, 20, 1),
           "to_dtype_contiguous_format": (60, 15, 5, 1), "empty_transposed": (1, 2, 2)}


TRANSPOSED = {"clone_transposed", "clone_contiguous_format", "contiguous_default",
              "to_dtype_keeps_transpose", "to_dtype_contiguous_format"}


@pytest.mark.parametrize("name", COPIES)
def test_copies_take_the_layout_of_their_memory_format(name):
    got = COPIES[name](tl)
    assert got.stride() == STRIDES[name]
    if name.startswith(("clone", "contiguous", "to")):       # the values survive it
        values = np.arange(120.0).reshape(2, 3, 4, 5)
        if name in TRANSPOSED:
            values = values.transpose(0, 2, 1, 3)
        np.testing.assert_array_equal(np.asarray(got.tolist()).reshape(values.shape), values)


@pytest.mark.parametrize("name", COPIES)
def test_copies_match_torch(name):
    torch = pytest.importorskip("torch")
    want, got = COPIES[name](torch), COPIES[name](tl)
    assert got.stride() == want.stride() and got.tolist() == want.tolist()


def test_is_contiguous_by_format():
    x = _x(tl)
    cl = x.contiguous(memory_format=tl.channels_last)
    assert x.is_contiguous() and not x.is_contiguous(memory_format=tl.channels_last)
    assert cl.is_contiguous(memory_format=tl.channels_last) and not cl.is_contiguous()
    assert tl.ones(1, 3, 1, 1).is_contiguous(memory_format=tl.channels_last)
    assert not tl.ones(2, 3).is_contiguous(memory_format=tl.channels_last)
    assert x.is_contiguous(memory_format=tl.preserve_format)
    assert x.contiguous(memory_format=tl.preserve_format) is x      # no copy needed: allowed
    assert cl.contiguous(memory_format=tl.channels_last) is cl
    assert cl.to(memory_format=tl.channels_last) is cl


def test_bad_memory_formats_raise():
    x = _x(tl)
    with pytest.raises(RuntimeError, match="^required rank 4 tensor to use channels_last "
                                           "format$"):
        tl.ones(2, 3).clone(memory_format=tl.channels_last)
    with pytest.raises(RuntimeError, match="^required rank 5 tensor to use channels_last_3d"):
        tl.empty_like(x, memory_format=tl.channels_last_3d)
    with pytest.raises(RuntimeError, match="^preserve memory format is unsupported by the "
                                           "contiguous operator$"):
        x.transpose(1, 2).contiguous(memory_format=tl.preserve_format)
    with pytest.raises(TypeError, match=r"^contiguous\(\): argument 'memory_format' must be "
                                        "torch.memory_format, not int$"):
        x.contiguous(memory_format=3)
    with pytest.raises(TypeError, match=r"^zeros_like\(\): argument 'memory_format'"):
        tl.zeros_like(x, memory_format="channels_last")


def test_memory_formats_print_and_pickle_as_torch():
    assert repr(tl.channels_last) == "torch.channels_last"
    assert repr(tl.preserve_format) == "torch.preserve_format"
    assert pickle.loads(pickle.dumps(tl.contiguous_format)) is tl.contiguous_format
    assert isinstance(tl.channels_last_3d, tl.memory_format)
