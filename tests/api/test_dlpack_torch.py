"""Zero-copy exchange with PyTorch through DLPack, both ways (skipped without torch)."""
import gc

import numpy as np
import pytest

import torchlike
from torchlike.utils.dlpack import from_dlpack as utils_from_dlpack, to_dlpack

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_to_torchlike_shares_memory(torch_ref, dtype):
    torch = torch_ref
    src = torch.arange(6).reshape(2, 3).to(getattr(torch, dtype))
    t = torchlike.from_dlpack(src)
    assert str(t.dtype) == str(src.dtype) and tuple(t.shape) == tuple(src.shape)
    assert t.data_ptr() == src.data_ptr()
    np.testing.assert_array_equal(t.numpy(), src.numpy())


@pytest.mark.parametrize("dtype", DTYPES)
def test_torchlike_to_torch_shares_memory(torch_ref, dtype):
    torch = torch_ref
    t = torchlike.arange(6).reshape(2, 3).to(getattr(torchlike, dtype))
    u = torch.from_dlpack(t)
    assert str(u.dtype) == str(t.dtype) and u.data_ptr() == t.data_ptr()
    np.testing.assert_array_equal(u.numpy(), t.numpy())


def test_writes_are_seen_both_ways(torch_ref):
    torch = torch_ref
    src = torch.zeros(2, 3)
    t = torchlike.from_dlpack(src)
    t[0, 1] = 5.0
    assert src[0, 1].item() == 5.0
    u = torch.from_dlpack(t)
    u[1, 2] = -2.0
    assert t[1, 2].item() == -2.0 and src[1, 2].item() == -2.0


def test_views_keep_strides_and_offset(torch_ref):
    torch = torch_ref
    base = torch.arange(20.).reshape(4, 5)
    for v in (base.t(), base[1:, 2:], base[:, ::2], base[2], base[:1].expand(3, 5)):
        t = torchlike.from_dlpack(v)
        assert t.stride() == v.stride() and t.data_ptr() == v.data_ptr()
        back = torch.from_dlpack(t)
        assert back.stride() == v.stride() and back.data_ptr() == v.data_ptr()
        assert torch.equal(back, v)


def test_memory_outlives_the_producer(torch_ref):
    torch = torch_ref
    src = torch.arange(1000.)
    t = torchlike.from_dlpack(src)
    del src
    gc.collect()
    torch.ones(1000) * 7      # reuse of freed memory would show up as wrong values
    np.testing.assert_array_equal(t.numpy(), np.arange(1000.))
    ours = torchlike.arange(1000.)
    theirs = torch.from_dlpack(ours)
    del ours
    gc.collect()
    torchlike.ones(1000) * 7
    np.testing.assert_array_equal(theirs.numpy(), np.arange(1000.))


def test_utils_capsules(torch_ref):
    torch = torch_ref
    t = torchlike.arange(3.)
    capsule = to_dlpack(t)
    assert '"dltensor"' in repr(capsule)
    u = torch.utils.dlpack.from_dlpack(capsule)
    assert u.data_ptr() == t.data_ptr()
    back = utils_from_dlpack(torch.utils.dlpack.to_dlpack(u))
    assert back.data_ptr() == t.data_ptr()


def test_as_tensor_shares_torch_memory(torch_ref):
    torch = torch_ref
    src = torch.arange(4.)
    t = torchlike.as_tensor(src)
    assert t.data_ptr() == src.data_ptr()
    cast = torchlike.as_tensor(src, dtype=torchlike.float64)
    assert cast.dtype is torchlike.float64 and cast.data_ptr() != src.data_ptr()


def test_requires_grad_export_refused_like_torch(torch_ref):
    torch = torch_ref
    with pytest.raises(BufferError):
        torch.ones(2, requires_grad=True).__dlpack__()
    with pytest.raises(BufferError, match="require gradient"):
        torchlike.ones(2, requires_grad=True).__dlpack__()
    t = torchlike.ones(2, requires_grad=True)
    assert torch.from_dlpack(t.detach()).data_ptr() == t.data_ptr()
