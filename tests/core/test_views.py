"""View ops: they share memory with their base (same storage, `_base`, writes visible both
ways, one version counter), with the shapes, strides and storage offsets numpy's views have
and PyTorch's views have; reshape copies only when strides cannot express the new shape;
contiguous/clone; the in-place metadata ops; and the errors of bad view arguments.
"""
import numpy as np
import pytest

import torchlike_core as tl


def _torch():
    return pytest.importorskip("torch")


def values(t):
    return np.array(t.numpy_view()) if isinstance(t, tl.Tensor) else t.detach().numpy().copy()


def _base_array(shape, layout):
    """float32 values 0..n-1 of `shape`; layout 'T': stored transposed (a permuted view)."""
    n = int(np.prod(shape))
    if layout == "T":
        return np.ascontiguousarray(np.arange(n, dtype=np.float32).reshape(shape).T).T
    return np.arange(n, dtype=np.float32).reshape(shape)


def _np_diagonal(a, offset=0, d1=0, d2=1):
    """np.diagonal as a writable view (numpy's own is read-only)."""
    d = np.diagonal(a, offset, d1, d2)
    return np.lib.stride_tricks.as_strided(a, shape=d.shape, strides=d.strides)[...] \
        if d.size == 0 else np.lib.stride_tricks.as_strided(
            a.reshape(-1)[(d.ctypes.data - a.ctypes.data) // a.itemsize:], shape=d.shape,
            strides=d.strides)


def _as_np_strided(a, shape, strides, offset):
    flat = a.reshape(-1)      # `a` is contiguous in these cases: its memory in order
    return np.lib.stride_tricks.as_strided(flat[offset:], shape=shape,
                                           strides=[s * a.itemsize for s in strides])


class Case:
    """fn(t, lib) -> a view or a tuple of views; np_fn(a) -> the same numpy view(s)."""

    def __init__(self, id, fn, np_fn, shape=(2, 3, 4), layout="contig", writable=True):
        self.id, self.fn, self.np_fn = id, fn, np_fn
        self.shape, self.layout, self.writable = shape, layout, writable

    def __repr__(self):
        return self.id


CASES = [
    Case("view", lambda t, lib: t.view(6, 4), lambda a: a.reshape(6, 4)),
    Case("view_tuple", lambda t, lib: t.view((4, 6)), lambda a: a.reshape(4, 6)),
    Case("view_size", lambda t, lib: t.view(lib.Size([3, 8])), lambda a: a.reshape(3, 8)),
    Case("view_infer", lambda t, lib: t.view(-1, 2), lambda a: a.reshape(-1, 2)),
    Case("view_flat", lambda t, lib: t.view(-1), lambda a: a.reshape(-1)),
    Case("view_permuted_compatible", lambda t, lib: t.view(2, 3, 2, 2),
         lambda a: a.reshape(2, 3, 2, 2), layout="T"),
    Case("view_permuted_unsqueeze", lambda t, lib: t.view(2, 1, 3, 4),
         lambda a: a.reshape(2, 1, 3, 4), layout="T"),
    Case("view_as", lambda t, lib: t.view_as(lib.ones(4, 6)), lambda a: a.reshape(4, 6)),
    Case("reshape_view", lambda t, lib: t.reshape(3, 8), lambda a: a.reshape(3, 8)),
    Case("reshape_fn", lambda t, lib: lib.reshape(t, (-1,)), lambda a: a.reshape(-1)),
    Case("reshape_as", lambda t, lib: t.reshape_as(lib.ones(12, 2)), lambda a: a.reshape(12, 2)),
    Case("permute", lambda t, lib: t.permute(2, 0, 1), lambda a: a.transpose(2, 0, 1)),
    Case("permute_list_neg", lambda t, lib: t.permute([-1, 0, 1]), lambda a: a.transpose(2, 0, 1)),
    Case("permute_fn", lambda t, lib: lib.permute(t, (1, 0, 2)), lambda a: a.transpose(1, 0, 2)),
    Case("permute_of_permuted", lambda t, lib: t.permute(2, 1, 0), lambda a: a.transpose(2, 1, 0),
         layout="T"),
    Case("transpose", lambda t, lib: t.transpose(0, 2), lambda a: np.swapaxes(a, 0, 2)),
    Case("transpose_neg", lambda t, lib: lib.transpose(t, -1, -2), lambda a: np.swapaxes(a, -1, -2)),
    Case("swapaxes", lambda t, lib: t.swapaxes(0, 1), lambda a: np.swapaxes(a, 0, 1)),
    Case("swapdims", lambda t, lib: lib.swapdims(t, 0, 1), lambda a: np.swapaxes(a, 0, 1)),
    Case("t_2d", lambda t, lib: t.t(), lambda a: a.T, shape=(3, 4)),
    Case("t_fn", lambda t, lib: lib.t(t), lambda a: a.T, shape=(3, 4), layout="T"),
    Case("t_1d", lambda t, lib: t.t(), lambda a: a, shape=(5,)),
    Case("T_2d", lambda t, lib: t.T, lambda a: a.T, shape=(3, 4)),
    Case("mT", lambda t, lib: t.mT, lambda a: np.swapaxes(a, -1, -2)),
    Case("movedim", lambda t, lib: t.movedim(0, -1), lambda a: np.moveaxis(a, 0, -1)),
    Case("movedim_multi", lambda t, lib: lib.movedim(t, (0, 1), (2, 0)),
         lambda a: np.moveaxis(a, (0, 1), (2, 0))),
    Case("moveaxis", lambda t, lib: lib.moveaxis(t, 2, 0), lambda a: np.moveaxis(a, 2, 0)),
    Case("expand", lambda t, lib: t.expand(2, 3, 4), lambda a: np.broadcast_to(a, (2, 3, 4)),
         shape=(3, 1), writable=False),
    Case("expand_minus1", lambda t, lib: t.expand(-1, 5), lambda a: np.broadcast_to(a, (3, 5)),
         shape=(3, 1), writable=False),
    Case("expand_same", lambda t, lib: t.expand(3, 4), lambda a: a, shape=(3, 4)),
    Case("expand_leading_one", lambda t, lib: t.expand(1, 3, 4), lambda a: a[None], shape=(3, 4)),
    Case("expand_as", lambda t, lib: t.expand_as(lib.ones(2, 4, 3)),
         lambda a: np.broadcast_to(a, (2, 4, 3)), shape=(4, 1), writable=False),
    Case("broadcast_to", lambda t, lib: lib.broadcast_to(t, (2, 4, 3)),
         lambda a: np.broadcast_to(a, (2, 4, 3)), shape=(1, 3), writable=False),
    Case("squeeze_all", lambda t, lib: t.squeeze(), lambda a: a.squeeze(), shape=(1, 3, 1, 4)),
    Case("squeeze_dim", lambda t, lib: t.squeeze(2), lambda a: a.squeeze(2), shape=(1, 3, 1, 4)),
    Case("squeeze_neg", lambda t, lib: lib.squeeze(t, -2), lambda a: a.squeeze(-2),
         shape=(1, 3, 1, 4)),
    Case("squeeze_noop", lambda t, lib: t.squeeze(1), lambda a: a, shape=(1, 3, 1, 4)),
    Case("squeeze_tuple", lambda t, lib: t.squeeze((0, 2)), lambda a: a.squeeze((0, 2)),
         shape=(1, 3, 1, 4)),
    Case("unsqueeze_0", lambda t, lib: t.unsqueeze(0), lambda a: a[None]),
    Case("unsqueeze_last", lambda t, lib: t.unsqueeze(-1), lambda a: a[..., None]),
    Case("unsqueeze_mid", lambda t, lib: lib.unsqueeze(t, 2), lambda a: np.expand_dims(a, 2),
         layout="T"),
    Case("flatten", lambda t, lib: t.flatten(), lambda a: a.reshape(-1)),
    Case("flatten_from_1", lambda t, lib: t.flatten(1), lambda a: a.reshape(2, -1)),
    Case("flatten_0_1", lambda t, lib: lib.flatten(t, 0, 1), lambda a: a.reshape(6, 4)),
    Case("flatten_noop", lambda t, lib: t.flatten(1, 1), lambda a: a, layout="T"),
    Case("unflatten", lambda t, lib: t.unflatten(2, (2, 2)), lambda a: a.reshape(2, 3, 2, 2)),
    Case("unflatten_infer", lambda t, lib: lib.unflatten(t, -1, (-1, 2)),
         lambda a: a.reshape(2, 3, 2, 2)),
    Case("unflatten_ones", lambda t, lib: t.unflatten(1, (3, 1)), lambda a: a.reshape(2, 3, 1, 4)),
    Case("ravel", lambda t, lib: t.ravel(), lambda a: a.reshape(-1)),
    Case("narrow", lambda t, lib: t.narrow(1, 1, 2), lambda a: a[:, 1:3]),
    Case("narrow_neg", lambda t, lib: lib.narrow(t, -1, -3, 2), lambda a: a[..., 1:3]),
    Case("narrow_empty", lambda t, lib: t.narrow(2, 4, 0), lambda a: a[..., 4:4]),
    Case("narrow_permuted", lambda t, lib: t.narrow(0, 1, 1), lambda a: a[1:2], layout="T"),
    Case("select", lambda t, lib: t.select(1, 2), lambda a: a[:, 2]),
    Case("select_neg", lambda t, lib: lib.select(t, -1, -1), lambda a: a[..., -1]),
    Case("select_permuted", lambda t, lib: t.select(2, 1), lambda a: a[:, :, 1], layout="T"),
    Case("unbind", lambda t, lib: t.unbind(1), lambda a: tuple(a[:, i] for i in range(3))),
    Case("unbind_fn", lambda t, lib: lib.unbind(t), lambda a: tuple(a)),
    Case("diagonal", lambda t, lib: t.diagonal(), lambda a: _np_diagonal(a), shape=(3, 4)),
    Case("diagonal_offset", lambda t, lib: t.diagonal(1), lambda a: _np_diagonal(a, 1),
         shape=(3, 4)),
    Case("diagonal_neg_offset", lambda t, lib: lib.diagonal(t, -1), lambda a: _np_diagonal(a, -1),
         shape=(3, 4)),
    Case("diagonal_dims", lambda t, lib: t.diagonal(0, 1, 2), lambda a: _np_diagonal(a, 0, 1, 2)),
    Case("diagonal_reversed_dims", lambda t, lib: t.diagonal(1, -1, 0),
         lambda a: _np_diagonal(a, 1, -1, 0)),
    Case("diagonal_out_of_range_offset", lambda t, lib: t.diagonal(5),
         lambda a: np.diagonal(a, 5), writable=False),
    Case("split", lambda t, lib: t.split(2, dim=-1), lambda a: tuple(np.split(a, [2], axis=-1))),
    Case("split_uneven", lambda t, lib: lib.split(t, 3, -1),
         lambda a: tuple(np.split(a, [3], axis=-1))),
    Case("split_sizes", lambda t, lib: t.split([1, 2], 1), lambda a: tuple(np.split(a, [1], 1))),
    Case("split_larger_than_dim", lambda t, lib: t.split(5, 1), lambda a: (a,)),
    Case("chunk", lambda t, lib: t.chunk(2, -1), lambda a: tuple(np.split(a, 2, -1))),
    Case("chunk_uneven", lambda t, lib: lib.chunk(t, 2, 1), lambda a: tuple(np.split(a, [2], 1))),
    Case("chunk_more_than_size", lambda t, lib: t.chunk(4, 0), lambda a: (a[:1], a[1:])),
    Case("as_strided", lambda t, lib: t.as_strided((2, 2), (1, 2), 1),
         lambda a: _as_np_strided(a, (2, 2), (1, 2), 1), writable=True),
    Case("as_strided_fn", lambda t, lib: lib.as_strided(t, (3, 3), (4, 1)),
         lambda a: _as_np_strided(a, (3, 3), (4, 1), 0)),
    Case("as_strided_overlapping", lambda t, lib: t.as_strided((3, 4), (2, 1), 0),
         lambda a: _as_np_strided(a, (3, 4), (2, 1), 0), writable=False),
    Case("chained", lambda t, lib: t.transpose(0, 1).narrow(2, 1, 2).select(0, 1).unsqueeze(0),
         lambda a: np.swapaxes(a, 0, 1)[:, :, 1:3][1][None]),
    Case("chained_permuted", lambda t, lib: t.permute(2, 1, 0).flatten(0, 1).t(),
         lambda a: a.transpose(2, 1, 0).reshape(12, 2).T, layout="T"),
    # 0-d and empty tensors
    Case("0d_view", lambda t, lib: t.view(1, 1), lambda a: a.reshape(1, 1), shape=()),
    Case("0d_unsqueeze", lambda t, lib: t.unsqueeze(0), lambda a: a[None], shape=()),
    Case("0d_reshape", lambda t, lib: t.reshape(-1), lambda a: a.reshape(-1), shape=()),
    Case("0d_flatten", lambda t, lib: t.flatten(), lambda a: a.reshape(1), shape=()),
    Case("0d_squeeze", lambda t, lib: t.squeeze(0), lambda a: a, shape=()),
    Case("0d_expand", lambda t, lib: t.expand(2, 3), lambda a: np.broadcast_to(a, (2, 3)),
         shape=(), writable=False),
    Case("0d_t", lambda t, lib: t.t(), lambda a: a, shape=()),
    Case("0d_transpose", lambda t, lib: t.transpose(0, -1), lambda a: a, shape=()),
    Case("empty_view", lambda t, lib: t.view(-1), lambda a: a.reshape(-1), shape=(0, 3)),
    Case("empty_view_shape", lambda t, lib: t.view(3, 0, 2), lambda a: a.reshape(3, 0, 2),
         shape=(0, 6)),
    Case("empty_t", lambda t, lib: t.t(), lambda a: a.T, shape=(0, 3)),
    Case("empty_unsqueeze", lambda t, lib: t.unsqueeze(1), lambda a: a[:, None], shape=(0, 3)),
    Case("empty_narrow", lambda t, lib: t.narrow(1, 1, 2), lambda a: a[:, 1:3], shape=(0, 3)),
    Case("empty_split", lambda t, lib: t.split(2, 0), lambda a: (a,), shape=(0, 3)),
]


def _views(out):
    return out if isinstance(out, tuple) else (out,)


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_view_shares_memory_like_numpy(case):
    ref = _base_array(case.shape, case.layout).copy(order="K")
    x = tl.from_numpy(ref.copy(order="K"))
    outs, ref_outs = _views(case.fn(x, tl)), _views(case.np_fn(ref))
    assert len(outs) == len(ref_outs)
    for v, rv in zip(outs, ref_outs):
        assert isinstance(v, tl.Tensor)
        assert tuple(v.shape) == rv.shape and v.dtype is x.dtype
        np.testing.assert_array_equal(values(v), rv)
        assert v._storage is x._storage
        assert v._base is x or v is x           # flatten(1, 1) returns the tensor itself
        if v.numel():       # (numpy gives empty arrays arbitrary strides)
            assert v.storage_offset() == (rv.ctypes.data - ref.ctypes.data) // ref.itemsize
            assert v.data_ptr() == x.data_ptr() + v.storage_offset() * ref.itemsize
            # strides as numpy's (dims of size 1 may have any stride)
            for n, s, rs in zip(rv.shape, v.stride(), rv.strides):
                assert n <= 1 or s == rs // ref.itemsize, (v.stride(), rv.strides)
    if not case.writable:
        return
    version = x._version
    for v, rv in zip(outs, ref_outs):
        v.add_(100)              # writes through the view land in the base ...
        rv += 100
    np.testing.assert_array_equal(values(x), ref)
    if any(v.numel() for v in outs):
        assert x._version > version           # ... and share one version counter
    assert all(v._version == x._version for v in outs)
    x.mul_(-1)                   # and writes to the base show through the views
    for v, rv in zip(outs, ref_outs):
        np.testing.assert_array_equal(values(v), -rv)


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_view_metadata_vs_torch(case):
    torch = _torch()
    ref = _base_array(case.shape, case.layout)
    tx, x = torch.from_numpy(ref.copy(order="K")), tl.from_numpy(ref.copy(order="K"))
    expected, outs = _views(case.fn(tx, torch)), _views(case.fn(x, tl))
    assert len(outs) == len(expected)
    for v, e in zip(outs, expected):
        assert tuple(v.shape) == tuple(e.shape)
        assert v.stride() == e.stride()
        assert v.storage_offset() == e.storage_offset()
        assert v.is_contiguous() == e.is_contiguous()
        assert (v._base is not None) == (e._base is not None)
        np.testing.assert_array_equal(values(v), values(e))


def test_detach_shares_memory_without_base():
    x = tl.arange(6.0).view(2, 3)
    d = x.detach()
    assert d._storage is x._storage and d.data_ptr() == x.data_ptr()
    assert d.requires_grad is False
    d.add_(1)
    np.testing.assert_array_equal(values(x), np.arange(6.0).reshape(2, 3) + 1)


def test_view_on_incompatible_strides_raises_pytorch_message():
    x = tl.arange(24.0).view(2, 3, 4)
    msg = (r"view size is not compatible with input tensor's size and stride \(at least one "
           r"dimension spans across two contiguous subspaces\). Use .reshape\(...\) instead.")
    for bad in (lambda: x.transpose(0, 1).view(-1), lambda: x.permute(2, 0, 1).view(-1),
                lambda: x.narrow(2, 0, 3).view(-1)):
        with pytest.raises(RuntimeError, match=msg):
            bad()


def test_view_on_incompatible_strides_matches_torch():
    torch = _torch()
    for lib in (torch, tl):
        x = lib.arange(24.0).view(2, 3, 4)
        with pytest.raises(RuntimeError) as info:
            x.transpose(0, 1).view(-1)
        if lib is torch:
            expected = str(info.value)
        else:
            assert str(info.value) == expected


# ---- reshape: a view when it can be, a copy otherwise -------------------------------------

RESHAPES = [
    ("contiguous", (2, 3, 4), lambda t: t, (6, 4), True),
    ("permuted_compatible", (2, 3, 4), lambda t: t.permute(1, 2, 0), (12, 2), True),
    ("transposed_flat", (3, 4), lambda t: t.t(), (-1,), False),
    ("narrowed", (3, 4), lambda t: t.narrow(1, 0, 2), (6,), False),
    ("narrowed_rows", (3, 4), lambda t: t.narrow(0, 1, 2), (8,), True),
    ("expanded_split", (3, 1), lambda t: t.expand(3, 4), (3, 2, 2), True),
    ("expanded_flat", (3, 1), lambda t: t.expand(3, 4), (12,), False),
    ("permuted_merge", (2, 3, 4), lambda t: t.permute(2, 0, 1), (4, 6), True),
    ("permuted_flat", (2, 3, 4), lambda t: t.permute(2, 0, 1), (-1,), False),
    ("empty", (0, 4), lambda t: t.t(), (2, 0, 2), True),
]


@pytest.mark.parametrize("name,shape,prep,new_shape,is_view", RESHAPES,
                         ids=[r[0] for r in RESHAPES])
def test_reshape_copies_only_when_needed(name, shape, prep, new_shape, is_view):
    base = tl.arange(float(np.prod(shape))).view(shape) if np.prod(shape) else tl.zeros(shape)
    x = prep(base)
    r = x.reshape(new_shape)
    before = values(x)
    np.testing.assert_array_equal(values(r), before.reshape(new_shape))
    if is_view:
        assert r._storage is base._storage
    else:
        assert r._storage is not base._storage and r._base is None and r.is_contiguous()
        r.add_(1)                                   # a copy: the base is untouched
        np.testing.assert_array_equal(values(x), before)


@pytest.mark.parametrize("name,shape,prep,new_shape,is_view", RESHAPES,
                         ids=[r[0] for r in RESHAPES])
def test_reshape_vs_torch(name, shape, prep, new_shape, is_view):
    torch = _torch()
    base = _base_array(shape, "contig")
    e = prep(torch.from_numpy(base.copy())).reshape(new_shape)
    r = prep(tl.from_numpy(base.copy())).reshape(new_shape)
    assert tuple(r.shape) == tuple(e.shape) and r.stride() == e.stride()
    assert (r._base is not None) == (e._base is not None) == is_view
    np.testing.assert_array_equal(values(r), values(e))


# ---- contiguous / clone -------------------------------------------------------------------

def test_contiguous_returns_self_when_contiguous():
    x = tl.arange(6.0).view(2, 3)
    assert x.contiguous() is x
    e = tl.zeros(0, 3).t()
    assert e.is_contiguous() and e.contiguous() is e


@pytest.mark.parametrize("prep", [lambda t: t.t(), lambda t: t.narrow(1, 1, 2),
                                  lambda t: t.narrow(0, 0, 1).expand(3, 4),
                                  lambda t: t.diagonal()],
                         ids=["transposed", "narrowed", "expanded", "diagonal"])
def test_contiguous_copies_non_contiguous(prep):
    x = prep(tl.arange(12.0).view(3, 4))
    c = x.contiguous()
    assert c is not x and c.is_contiguous() and c._storage is not x._storage
    assert c.stride() == tl.empty(tuple(c.shape)).stride()
    np.testing.assert_array_equal(values(c), values(x))
    c.add_(1)
    assert not np.array_equal(values(c), values(x))


CLONES = [("contiguous", lambda t: t), ("transposed", lambda t: t.transpose(0, 2)),
          ("permuted", lambda t: t.permute(1, 2, 0)), ("narrowed", lambda t: t.narrow(2, 1, 2)),
          ("expanded", lambda t: t.narrow(0, 0, 1).expand(3, 3, 4)),
          ("unsqueezed_permuted", lambda t: t.permute(2, 0, 1).unsqueeze(1)),
          ("0d", lambda t: t.select(0, 1).select(0, 1).select(0, 1)),
          ("empty", lambda t: t.narrow(1, 0, 0))]


@pytest.mark.parametrize("name,prep", CLONES, ids=[c[0] for c in CLONES])
def test_clone_copies(name, prep):
    x = prep(tl.arange(24.0).view(2, 3, 4))
    c = x.clone()
    assert c._storage is not x._storage and c._base is None and c._version == 0
    assert c.dtype is x.dtype and c.shape == x.shape
    np.testing.assert_array_equal(values(c), values(x))
    before = values(x)
    c.add_(1)
    np.testing.assert_array_equal(values(x), before)


@pytest.mark.parametrize("name,prep", CLONES, ids=[c[0] for c in CLONES])
def test_clone_keeps_dense_layouts_like_torch(name, prep):
    torch = _torch()
    base = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    e = prep(torch.from_numpy(base.copy())).clone()
    c = prep(tl.from_numpy(base.copy())).clone()
    assert c.stride() == e.stride()
    assert c.is_contiguous() == e.is_contiguous()


# ---- in-place metadata ops ----------------------------------------------------------------

INPLACE_META = [
    ("t_", (3, 4), lambda t: t.t_()),
    ("transpose_", (2, 3, 4), lambda t: t.transpose_(0, 2)),
    ("squeeze_", (3, 1, 4), lambda t: t.squeeze_()),
    ("squeeze_dim", (3, 1, 4), lambda t: t.squeeze_(1)),
    ("unsqueeze_", (3, 4), lambda t: t.unsqueeze_(1)),
    ("as_strided_", (3, 4), lambda t: t.as_strided_((2, 2), (1, 2), 1)),
]


@pytest.mark.parametrize("name,shape,fn", INPLACE_META, ids=[c[0] for c in INPLACE_META])
def test_inplace_metadata_ops(name, shape, fn):
    base = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    x = tl.from_numpy(base.copy())
    storage, ptr_before = x._storage, x.data_ptr()
    r = fn(x)
    assert r is x and x._storage is storage
    assert values(x).sum() <= base.sum()
    torch = pytest.importorskip("torch")
    e = fn(torch.from_numpy(base.copy()))
    assert tuple(x.shape) == tuple(e.shape) and x.stride() == e.stride()
    assert x.storage_offset() == e.storage_offset()
    np.testing.assert_array_equal(values(x), values(e))
    assert ptr_before == x.data_ptr() - x.storage_offset() * 4


# ---- bad arguments ------------------------------------------------------------------------

X = (2, 3, 4)
ERRORS = [
    ("view_numel", X, lambda t: t.view(5), RuntimeError,
     "shape '[5]' is invalid for input of size 24"),
    ("view_two_infer", X, lambda t: t.view(-1, -1), RuntimeError, "only one dimension can be inferred"),
    ("view_negative", X, lambda t: t.view(-2, 12), RuntimeError,
     "invalid shape dimension -2 at index 0 of shape [-2, 12]"),
    ("view_zero_infer", X, lambda t: t.view(0, -1), RuntimeError,
     "shape '[0, -1]' is invalid for input of size 24"),
    ("view_empty_ambiguous", (0, 3), lambda t: t.view(0, -1), RuntimeError,
     "cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension "
     "size -1 can be any value and is ambiguous"),
    ("reshape_numel", X, lambda t: t.reshape(7, -1), RuntimeError,
     "shape '[7, -1]' is invalid for input of size 24"),
    ("permute_len", X, lambda t: t.permute(0, 1), RuntimeError,
     "permute(sparse_coo): number of dimensions in the tensor input does not match the length of "
     "the desired ordering of dimensions i.e. input.dim() = 3 is not equal to len(dims) = 2"),
    ("permute_dup", X, lambda t: t.permute(0, 1, 1), RuntimeError,
     "permute(): duplicate dims are not allowed."),
    ("permute_range", X, lambda t: t.permute(0, 1, 3), IndexError,
     "Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
    ("transpose_range", X, lambda t: t.transpose(0, 3), IndexError,
     "Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
    ("t_3d", X, lambda t: t.t(), RuntimeError,
     "t() expects a tensor with <= 2 dimensions, but self is 3D"),
    ("mT_1d", (3,), lambda t: t.mT, RuntimeError,
     "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor."),
    ("select_index", X, lambda t: t.select(0, 5), IndexError,
     "select(): index 5 out of range for tensor of size [2, 3, 4] at dimension 0"),
    ("select_neg_index", X, lambda t: t.select(2, -5), IndexError,
     "select(): index -5 out of range for tensor of size [2, 3, 4] at dimension 2"),
    ("select_dim", X, lambda t: t.select(-4, 0), IndexError,
     "Dimension out of range (expected to be in range of [-3, 2], but got -4)"),
    ("select_0d", (), lambda t: t.select(0, 0), IndexError,
     "select() cannot be applied to a 0-dim tensor."),
    ("narrow_length", X, lambda t: t.narrow(2, 2, 3), RuntimeError,
     "start (2) + length (3) exceeds dimension size (4)."),
    ("narrow_start", X, lambda t: t.narrow(2, 5, 0), IndexError,
     "start out of range (expected to be in range of [-4, 4], but got 5)"),
    ("narrow_neg_start", X, lambda t: t.narrow(2, -5, 1), IndexError,
     "start out of range (expected to be in range of [-4, 4], but got -5)"),
    ("narrow_neg_length", X, lambda t: t.narrow(0, 0, -1), RuntimeError,
     "narrow(): length must be non-negative."),
    ("narrow_0d", (), lambda t: t.narrow(0, 0, 1), RuntimeError,
     "narrow() cannot be applied to a 0-dim tensor."),
    ("squeeze_range", X, lambda t: t.squeeze(3), IndexError,
     "Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
    ("squeeze_dup", X, lambda t: t.squeeze((0, 0)), RuntimeError,
     "dim 0 appears multiple times in the list of dims"),
    ("unsqueeze_range", X, lambda t: t.unsqueeze(4), IndexError,
     "Dimension out of range (expected to be in range of [-4, 3], but got 4)"),
    ("flatten_order", X, lambda t: t.flatten(2, 1), RuntimeError,
     "flatten() has invalid args: start_dim cannot come after end_dim"),
    ("unflatten_sizes", X, lambda t: t.unflatten(1, (2, 2)), RuntimeError,
     "unflatten: Provided sizes [2, 2] don't multiply up to the size of dim 1 (3) in the input "
     "tensor"),
    ("unflatten_empty", X, lambda t: t.unflatten(1, ()), RuntimeError,
     "unflatten: sizes must be non-empty"),
    ("expand_size", X, lambda t: t.expand(2, 5, 4), RuntimeError,
     "The expanded size of the tensor (5) must match the existing size (3) at non-singleton "
     "dimension 1.  Target sizes: [2, 5, 4].  Tensor sizes: [2, 3, 4]"),
    ("expand_fewer", X, lambda t: t.expand(4), RuntimeError,
     "expand(torch.FloatTensor{[2, 3, 4]}, size=[4]): the number of sizes provided (1) must be "
     "greater or equal to the number of dimensions in the tensor (3)"),
    ("expand_leading_minus1", X, lambda t: t.expand(-1, 2, 3, 4), RuntimeError,
     "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0"),
    ("split_zero", X, lambda t: t.split(0, 1), RuntimeError,
     "split_size can only be 0 if dimension size is 0, but got dimension size of 3"),
    ("split_sizes_sum", X, lambda t: t.split([1, 1], 1), RuntimeError,
     "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at dimension "
     "1), but got split_sizes=[1, 1]"),
    ("chunk_zero", X, lambda t: t.chunk(0), RuntimeError,
     "chunk expects `chunks` to be greater than 0, got: 0"),
    ("diagonal_same_dims", X, lambda t: t.diagonal(0, 0, 0), RuntimeError,
     "diagonal dimensions cannot be identical 0, 0"),
    ("diagonal_0d", (), lambda t: t.diagonal(), IndexError,
     "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    ("unbind_0d", (), lambda t: t.unbind(), IndexError,
     "Dimension specified as 0 but tensor has no dimensions"),
    ("movedim_count", X, lambda t: t.movedim((0, 1), (1,)), RuntimeError,
     "movedim: Invalid source or destination dims: source ([0, 1] dims) should contain the same "
     "number of dims as destination ([1] dims)"),
    ("movedim_repeated", X, lambda t: t.movedim((0, 0), (1, 2)), RuntimeError,
     "movedim: repeated dim in `source` ([0, 0])"),
    ("movedim_repeated_dest", X, lambda t: t.movedim((0, 1), (2, 2)), RuntimeError,
     "movedim: repeated dim in `destination` ([2, 2])"),
    ("as_strided_oob", X, lambda t: t.as_strided((5, 5), (5, 1)), RuntimeError,
     "setStorage: sizes [5, 5], strides [5, 1], storage offset 0, and itemsize 4 requiring a "
     "storage size of 100 are out of bounds for storage of size 96"),
    ("as_strided_offset_oob", X, lambda t: t.as_strided((2,), (1,), 23), RuntimeError,
     "setStorage: sizes [2], strides [1], storage offset 23, and itemsize 4 requiring a storage "
     "size of 100 are out of bounds for storage of size 96"),
    ("as_strided_neg_offset", X, lambda t: t.as_strided((2,), (1,), -1), RuntimeError,
     "Tensor: invalid storage offset -1"),
    ("as_strided_neg_stride", X, lambda t: t.as_strided((2,), (-1,)), RuntimeError,
     "as_strided: Negative strides are not supported at the moment, got strides: [-1]"),
    ("as_strided_len", X, lambda t: t.as_strided((2, 3), (1,)), RuntimeError,
     "mismatch in length of strides and shape"),
]


def _x(shape, lib):
    return lib.from_numpy(np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape))


@pytest.mark.parametrize("name,shape,fn,exc,msg", ERRORS, ids=[e[0] for e in ERRORS])
def test_view_errors(name, shape, fn, exc, msg):
    x = _x(shape, tl)
    before = values(x)
    with pytest.raises(exc) as info:
        fn(x)
    assert str(info.value) == msg
    np.testing.assert_array_equal(values(x), before)


@pytest.mark.parametrize("name,shape,fn,exc,msg", ERRORS, ids=[e[0] for e in ERRORS])
def test_view_errors_match_torch(name, shape, fn, exc, msg):
    torch = _torch()
    with pytest.raises(exc) as info:
        fn(_x(shape, torch))
    assert str(info.value).split("\n")[0] == msg
