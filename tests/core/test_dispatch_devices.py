"""The dispatcher's device rule (Note [Mixed devices] in _dispatch.pyx), checked with a
"meta" device that has dummy kernels in the dispatch table: no GPU needed. Meta tensors here
are host buffers labelled meta; only the dummy kernels ever see them."""
import numpy as np
import pytest

import torchlike_core as tc
from torchlike_core import dispatch
from torchlike_core._storage import device_storage
from torchlike_core._tensor import _make_tensor, _contiguous_strides

META = tc.device("meta")
SAME_DEVICE = "Expected all tensors to be on the same device, but found at least two devices"


def meta_tensor(shape):
    buf = np.zeros(shape, dtype=np.float32)
    storage = device_storage(buf.ctypes.data, max(buf.nbytes, 1), buf, META)
    return _make_tensor(storage, tuple(shape), _contiguous_strides(tuple(shape)), 0, tc.float32)


@pytest.fixture
def meta_kernels():
    """Dummy meta kernels that record their calls; the table is restored afterwards."""
    calls = []
    names = ("add", "copy_", "getitem", "cat")
    saved = {name: dispatch.lookup(name, "meta") for name in names}
    for name in names:
        dispatch.register(name, "meta", lambda *a, _n=name, **k: calls.append((_n, a)) or a[0])
    yield calls
    for name, fn in saved.items():
        if fn is not None:
            dispatch.register(name, "meta", fn)
        else:   # no unregister in the API: a kernel that says it is missing
            dispatch.register(name, "meta", _missing(name))


def _missing(name):
    def fn(*args, **kwargs):
        raise NotImplementedError(f"Could not run '{name}' with arguments from the 'meta' "
                                  "backend.")
    return fn


def test_one_device_runs_that_devices_kernel(meta_kernels):
    m = meta_tensor((3,))
    tc.add(m, m)
    assert meta_kernels[-1][0] == "add"


def test_a_0d_cpu_tensor_is_a_scalar_operand_of_another_device(meta_kernels):
    m = meta_tensor((3,))
    tc.add(m, tc.tensor(2.0))
    tc.add(tc.tensor(2.0), m)
    assert [c[0] for c in meta_kernels] == ["add", "add"]


def test_mixing_devices_is_an_error_otherwise(meta_kernels):
    m = meta_tensor((3,))
    with pytest.raises(RuntimeError, match=f"{SAME_DEVICE}, meta and cpu!"):
        tc.add(m, tc.ones(3))
    with pytest.raises(RuntimeError, match=f"{SAME_DEVICE}, cpu and meta!"):
        tc.add(tc.ones(3), m)
    with pytest.raises(RuntimeError, match=SAME_DEVICE):
        tc.cat([m, tc.ones(3)])               # tensors inside a list count too
    with pytest.raises(RuntimeError, match=SAME_DEVICE):
        tc.add(tc.ones(3), meta_tensor(()))    # only cpu scalars are exempt
    assert meta_kernels == []


def test_copy_runs_on_the_destinations_device(meta_kernels, monkeypatch):
    m = meta_tensor((3,))
    src = tc.ones(3)
    m.copy_(src)
    assert meta_kernels[-1][0] == "copy_" and meta_kernels[-1][1][1] is src
    seen = []
    cpu_copy = dispatch.lookup("copy_", "cpu")
    dispatch.register("copy_", "cpu", lambda self, src, *a, **k: seen.append(src) or self)
    try:
        dst = tc.zeros(3)
        dst.copy_(m)
    finally:
        dispatch.register("copy_", "cpu", cpu_copy)
    assert seen == [m]


def test_indexing_accepts_cpu_indices_for_a_tensor_on_another_device(meta_kernels):
    m = meta_tensor((4,))
    m[tc.tensor([0, 1])]
    assert meta_kernels[-1][0] == "getitem"
    with pytest.raises(RuntimeError, match=SAME_DEVICE):
        tc.ones(4)[meta_tensor((2,))]      # but not indices on another device for a cpu tensor


def test_cpu_only_ops_are_unchanged():
    a, b = tc.ones(3), tc.tensor(2.0)
    assert (a + b).tolist() == [3.0, 3.0, 3.0]
    assert tc.zeros(3).copy_(tc.arange(3.0)).tolist() == [0.0, 1.0, 2.0]
