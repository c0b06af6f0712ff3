"""Shape tools of the core against numpy: views share memory, as_strided stays inside its
storage, pads and splits give numpy's values."""
import numpy as np
import pytest

import torchlike_core as T


def _t(a):
    return T.from_numpy(np.ascontiguousarray(a))


def test_unfold_is_a_view_with_torch_strides():
    base = _t(np.arange(20.0).reshape(4, 5))
    u = base.unfold(1, 2, 2)
    assert u.shape == (4, 2, 2) and u.stride() == (5, 2, 1)
    np.testing.assert_array_equal(u.numpy(), np.lib.stride_tricks.sliding_window_view(
        base.numpy(), 2, axis=1)[:, ::2])
    u[0, 1, 0] = -1.0                    # writes through to the base
    assert base[0, 2].item() == -1.0
    assert u._storage is base._storage


def test_unfold_of_a_transposed_view():
    a = np.arange(12.0).reshape(3, 4)
    t = _t(a).t()
    np.testing.assert_array_equal(t.unfold(0, 3, 1).numpy(),
                                  np.lib.stride_tricks.sliding_window_view(a.T, 3, axis=0))


def test_tensor_split_pieces_are_views():
    base = _t(np.arange(10.0))
    pieces = T.tensor_split(base, 3)
    assert [p.shape[0] for p in pieces] == [4, 3, 3]
    pieces[1][0] = 100.0
    assert base[4].item() == 100.0
    for got, want in zip(T.tensor_split(base, [2, 7, 5]), np.split(base.numpy(), [2, 7, 5])):
        np.testing.assert_array_equal(got.numpy(), want)


def test_hsplit_vsplit_dsplit_match_numpy():
    a = np.arange(24.0).reshape(2, 4, 3)
    for ours, theirs, arg in [(T.hsplit, np.hsplit, 2), (T.vsplit, np.vsplit, [1]),
                              (T.dsplit, np.dsplit, 3)]:
        for got, want in zip(ours(_t(a), arg), theirs(a, arg)):
            np.testing.assert_array_equal(got.numpy(), want)


def test_atleast_nd_shapes():
    s, v, m = _t(np.array(1.0)), _t(np.ones(3)), _t(np.ones((2, 3)))
    assert T.atleast_1d(s).shape == (1,)
    assert [x.shape for x in T.atleast_2d(s, v)] == [(1, 1), (1, 3)]
    assert [x.shape for x in T.atleast_3d([s, v, m])] == [(1, 1, 1), (1, 3, 1), (2, 3, 1)]


def test_broadcast_tensors_are_stride_0_views():
    a, b = T.broadcast_tensors(_t(np.ones((3, 1))), _t(np.arange(4.0)))
    assert a.shape == b.shape == (3, 4)
    assert b.stride() == (0, 1)


def test_meshgrid_matches_numpy_and_warns_without_indexing():
    x, y = np.arange(3.0), np.arange(4.0)
    for indexing in ("ij", "xy"):
        for got, want in zip(T.meshgrid(_t(x), _t(y), indexing=indexing),
                             np.meshgrid(x, y, indexing=indexing)):
            np.testing.assert_array_equal(got.numpy(), want)
    with pytest.warns(UserWarning, match="it will be required to pass the indexing argument"):
        T.meshgrid(_t(x), _t(y))


def test_rot90_matches_numpy_and_copies():
    a = np.arange(24.0).reshape(2, 3, 4)
    t = _t(a)
    for k in (-3, -1, 0, 1, 2, 5):
        r = T.rot90(t, k, [1, 2])
        np.testing.assert_array_equal(r.numpy(), np.rot90(a, k, axes=(1, 2)))
    r = T.rot90(t, 0, [0, 1])
    r[0, 0, 0] = -5.0
    assert t[0, 0, 0].item() == 0.0


def test_repeat_interleave_matches_numpy():
    a = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(T.repeat_interleave(_t(a), 2).numpy(), np.repeat(a, 2))
    np.testing.assert_array_equal(_t(a).repeat_interleave(_t(np.array([1, 0, 3])), dim=1).numpy(),
                                  np.repeat(a, [1, 0, 3], axis=1))
    np.testing.assert_array_equal(T.repeat_interleave(_t(np.array([2, 1]))).numpy(), [0, 0, 1])
    with pytest.raises(RuntimeError, match="repeats can not be negative"):
        T.repeat_interleave(_t(a), _t(np.array([1, -1, 1])), dim=1)


@pytest.mark.parametrize("mode,np_mode", [("reflect", "reflect"), ("replicate", "edge")])
def test_index_pads_match_numpy(mode, np_mode):
    from torchlike_core._dispatch import call
    a = np.arange(24.0).reshape(2, 3, 4)
    op = "_reflection_pad" if mode == "reflect" else "_replication_pad"
    got = call(op, (_t(a), [2, 1, 1, 2]), None)
    np.testing.assert_array_equal(got.numpy(), np.pad(a, [(0, 0), (1, 2), (2, 1)], mode=np_mode))


def test_constant_pad_crops_with_negative_amounts():
    a = np.arange(12.0).reshape(3, 4)
    got = T.constant_pad_nd(_t(a), [1, -2, -1, 1], 7.0)
    want = np.pad(a[1:, :2], [(0, 1), (1, 0)], constant_values=7.0)
    np.testing.assert_array_equal(got.numpy(), want)


def test_as_strided_refuses_to_reach_outside_the_storage():
    base = _t(np.arange(12.0))
    view = base[4:8]
    # the storage is the whole 12-element buffer, whatever the view's own offset
    np.testing.assert_array_equal(view.as_strided((2,), (1,), 10).numpy(), [10.0, 11.0])
    with pytest.raises(RuntimeError, match="out of bounds for storage of size 96"):
        view.as_strided((3,), (1,), 10)
    with pytest.raises(RuntimeError, match="requiring a storage size of 104"):
        base.as_strided((13,), (1,))
    before = base.numpy().copy()
    with pytest.raises(RuntimeError):
        base.as_strided((2, 2), (100, 1))
    np.testing.assert_array_equal(base.numpy(), before)


def test_as_strided_shares_memory():
    base = _t(np.arange(6.0))
    v = base.as_strided((2, 2), (2, 1), 1)
    v[1, 1] = -1.0
    assert base[4].item() == -1.0
