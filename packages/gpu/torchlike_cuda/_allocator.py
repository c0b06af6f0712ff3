"""The caching device allocator: one pycuda DeviceMemoryPool per device, plus the counters
behind torch.cuda.memory_allocated / max_memory_allocated / memory_reserved.

Note [Device allocator]: a device buffer is a pycuda PooledDeviceAllocation. When the last
Storage holding it dies (the Storage keeps it as its `owner`, see _storage.py), pycuda
returns the block to the pool instead of calling cuMemFree, so a training loop that
allocates the same sizes every step stops calling cudaMalloc after its first step.
`empty_cache()` gives the cached (unused) blocks back to the driver. The counters count
bytes handed out to tensors (`allocated`) and bytes the pool holds from the driver
(`reserved` = allocated + cached), as PyTorch's caching allocator reports them.
"""
import weakref

from . import _runtime

_pools = {}            # device index -> DeviceMemoryPool
_allocated = {}        # device index -> bytes in live blocks
_peak = {}             # device index -> max of _allocated since start / reset


def _pool(index):
    pool = _pools.get(index)
    if pool is None:
        import pycuda.tools
        _runtime.activate(index)
        pool = pycuda.tools.DeviceMemoryPool()
        _pools[index] = pool
        _allocated[index] = 0
        _peak[index] = 0
    return pool


def _count(index, nbytes):
    _allocated[index] += nbytes
    if _allocated[index] > _peak[index]:
        _peak[index] = _allocated[index]


def allocate(nbytes, index=None):
    """A device block of at least `nbytes` bytes (1 for empty tensors, so every tensor has a
    valid, distinct pointer) on device `index`, from the pool."""
    index = _runtime.activate(index)
    pool = _pool(index)
    size = max(int(nbytes), 1)
    try:
        block = pool.allocate(size)
    except Exception:
        # Out of memory with blocks cached: give them back and try once more, as PyTorch.
        pool.free_held()
        try:
            block = pool.allocate(size)
        except Exception as e:
            raise RuntimeError(
                f"CUDA out of memory. Tried to allocate {_fmt(size)} on device {index}; "
                f"{_fmt(_allocated[index])} is allocated by torchlike ({e})") from None
    _count(index, size)
    weakref.finalize(block, _count, index, -size)
    return block


def _fmt(n):
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.2f} {unit}" if unit != "bytes" else f"{n} bytes"
        n /= 1024


def memory_allocated(index):
    return _allocated.get(index, 0)


def max_memory_allocated(index):
    return _peak.get(index, 0)


def reset_peak_memory_stats(index):
    if index in _peak:
        _peak[index] = _allocated[index]


def memory_reserved(index):
    """Bytes the pool holds from the driver: live blocks plus cached ones (pycuda rounds
    each request up to its bin size, so this is at least memory_allocated)."""
    pool = _pools.get(index)
    if pool is None:
        return 0
    return max(int(pool.managed_bytes), _allocated[index])


def empty_cache():
    """Give every cached (unused) block back to the driver."""
    for index, pool in _pools.items():
        _runtime.activate(index)
        pool.free_held()


def _shutdown():
    for index, pool in list(_pools.items()):
        _runtime.activate(index)
        pool.free_held()
        pool.stop_holding()


_runtime.on_shutdown(_shutdown)
