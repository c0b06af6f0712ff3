"""pycuda.tools.DeviceMemoryPool, emulated: freed blocks are kept by size and handed out
again, as pycuda's pool does (Note [Device allocator] in torchlike_cuda/_allocator.py)."""
import ctypes

from . import driver


def _bin(size):
    """Round up to a multiple of a quarter of the next power of two (few bins, little waste)."""
    if size <= 256:
        return 256
    top = 1 << (size - 1).bit_length()
    step = top // 4
    return (size + step - 1) // step * step


class PooledDeviceAllocation:
    """A block handed out by the pool. It holds the block's address, not the raw allocation
    (the pool owns those): in a garbage cycle, the raw block could otherwise be finalised
    before this one gives it back."""

    def __init__(self, pool, ptr, size):
        self._pool, self._ptr, self.size = pool, ptr, size

    def __int__(self):
        return self._ptr

    __index__ = __int__

    def free(self):
        if self._ptr is not None:
            self._pool._give_back(self._ptr)
            self._ptr = None

    def __del__(self):
        self.free()


class DeviceMemoryPool:
    def __init__(self):
        self._blocks = {}          # address -> raw allocation, for every block of the pool
        self._held = {}            # bin size -> [addresses of free blocks]
        self._holding = True
        self.managed_bytes = 0
        self.active_blocks = 0

    def allocate(self, size):
        nbytes = _bin(int(size))
        held = self._held.get(nbytes)
        if held:
            ptr = held.pop()
            driver.memory.set_live(ptr, True)
            ctypes.memset(ptr, driver._FILL, nbytes)    # no values left over from before
        else:
            raw = driver.mem_alloc(nbytes)
            ptr = int(raw)
            self._blocks[ptr] = raw
            self.managed_bytes += nbytes
        self.active_blocks += 1
        return PooledDeviceAllocation(self, ptr, size)

    def _give_back(self, ptr):
        self.active_blocks -= 1
        if self._holding:
            driver.memory.set_live(ptr, False)
            self._held.setdefault(self._blocks[ptr].size, []).append(ptr)
        else:
            self._release(ptr)

    def _release(self, ptr):
        raw = self._blocks.pop(ptr)
        self.managed_bytes -= raw.size
        raw.free()

    def free_held(self):
        for ptrs in self._held.values():
            for ptr in ptrs:
                self._release(ptr)
        self._held.clear()

    def stop_holding(self):
        self._holding = False
        self.free_held()

    @property
    def held_blocks(self):
        return sum(len(b) for b in self._held.values())
