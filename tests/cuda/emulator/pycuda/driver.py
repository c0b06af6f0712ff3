"""pycuda.driver, emulated on the CPU (Note [CPU emulator] in __init__.py)."""
import bisect
import ctypes
import mmap
import threading

import numpy as np

DEVICE_COUNT = 2
SM_COUNT = 2
_FILL = 0xFF


class Error(Exception):
    pass


class LogicError(Error):
    pass


class LaunchError(Error):
    pass


def init(flags=0):
    pass


def get_version():
    return (13, 0, 0)


def get_driver_version():
    return 13000


class device_attribute:
    MULTIPROCESSOR_COUNT = "MULTIPROCESSOR_COUNT"
    MAX_THREADS_PER_BLOCK = "MAX_THREADS_PER_BLOCK"


class Device:
    def __init__(self, index):
        if not 0 <= index < DEVICE_COUNT:
            raise LogicError("cuDeviceGet failed: invalid device ordinal")
        self.index = index

    @staticmethod
    def count():
        return DEVICE_COUNT

    def name(self):
        return "torchlike CPU emulator"

    def compute_capability(self):
        return (9, 0)

    def total_memory(self):
        return 1 << 34

    def get_attribute(self, attr):
        return {device_attribute.MULTIPROCESSOR_COUNT: SM_COUNT,
                device_attribute.MAX_THREADS_PER_BLOCK: 1024}[attr]

    def retain_primary_context(self):
        return _primary[self.index]


_stacks = threading.local()


def _stack():
    if not hasattr(_stacks, "items"):
        _stacks.items = []
    return _stacks.items


class Context:
    def __init__(self, index):
        self.index = index

    def push(self):
        _stack().append(self)

    @staticmethod
    def pop():
        stack = _stack()
        if not stack:
            raise LogicError("cuCtxPopCurrent failed: invalid device context")
        return stack.pop()

    @staticmethod
    def get_current():
        stack = _stack()
        return stack[-1] if stack else None

    @staticmethod
    def get_device():
        return Device(_current().index)

    @staticmethod
    def synchronize():
        _current()


_primary = [Context(i) for i in range(DEVICE_COUNT)]


def _current():
    ctx = Context.get_current()
    if ctx is None:
        raise LogicError("invalid device context: no context is current on this thread")
    return ctx


# ---- memory --------------------------------------------------------------------------------

class _Memory:
    """Every block ever allocated, by start address: [start, end) -> (device, live)."""

    def __init__(self):
        self.starts, self.blocks = [], {}

    def add(self, start, size, device):
        bisect.insort(self.starts, start)
        self.blocks[start] = [start + size, device, True]

    def set_live(self, start, live):
        self.blocks[start][2] = live

    def remove(self, start):
        self.starts.remove(start)
        del self.blocks[start]

    def check(self, ptr, nbytes, device, what):
        """Raise unless [ptr, ptr + nbytes) lies in one live block of `device`."""
        j = bisect.bisect_right(self.starts, ptr) - 1
        if j >= 0:
            start = self.starts[j]
            end, dev, live = self.blocks[start]
            if ptr + nbytes <= end or (nbytes == 0 and ptr <= end):
                if not live:
                    raise LaunchError(f"{what}: {ptr:#x} is in a freed device block "
                                      "(use after free)")
                if dev != device:
                    raise LaunchError(f"{what}: {ptr:#x} is memory of device {dev}, used "
                                      f"from device {device}'s context")
                return
            if ptr < end:
                raise LaunchError(f"{what}: [{ptr:#x}, +{nbytes}) runs past the end of its "
                                  "device block")
        raise LaunchError(f"{what}: {ptr:#x} is not device memory (a host pointer?)")


memory = _Memory()


_PAGE = mmap.PAGESIZE
_libc = ctypes.CDLL(None, use_errno=True)
_libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]


class DeviceAllocation:
    """A block from mem_alloc: int() is its address; freed when collected or by free().

    The block ends where a page that may not be touched begins (and one more guards its
    start), so a kernel that writes or reads past its tensor's memory stops the process
    with a segmentation fault (faulthandler names the test) instead of corrupting Python's
    heap."""

    def __init__(self, size):
        self.size = size
        rounded = (max(size, 1) + 255) // 256 * 256       # cudaMalloc's 256-byte alignment
        pages = (rounded + _PAGE - 1) // _PAGE
        self._map = mmap.mmap(-1, (pages + 2) * _PAGE)
        view = ctypes.c_char.from_buffer(self._map)
        base = ctypes.addressof(view)
        del view                                           # the map can be closed again
        for guard in (base, base + (pages + 1) * _PAGE):
            if _libc.mprotect(guard, _PAGE, 0):
                raise OSError(ctypes.get_errno(), "mprotect failed")
        self._ptr = base + (pages + 1) * _PAGE - rounded
        ctypes.memset(self._ptr, _FILL, rounded)
        self.device = _current().index
        memory.add(self._ptr, size, self.device)

    def __int__(self):
        return self._ptr

    __index__ = __int__

    def free(self):
        if self._map is not None:
            memory.remove(self._ptr)
            self._map.close()
            self._map = None

    def __del__(self):
        self.free()


def mem_alloc(size):
    return DeviceAllocation(int(size))


def _host(arr, what):
    arr = np.asarray(arr)
    if not arr.flags.c_contiguous:
        raise ValueError(f"{what}: the host array must be C-contiguous")
    return arr


def memcpy_htod(dest, src):
    src = _host(src, "memcpy_htod")
    memory.check(int(dest), src.nbytes, _current().index, "memcpy_htod")
    ctypes.memmove(int(dest), src.ctypes.data, src.nbytes)


def memcpy_dtoh(dest, src):
    dest = _host(dest, "memcpy_dtoh")
    memory.check(int(src), dest.nbytes, _current().index, "memcpy_dtoh")
    ctypes.memmove(dest.ctypes.data, int(src), dest.nbytes)


def memcpy_dtod(dest, src, size):
    device = _current().index
    memory.check(int(dest), size, device, "memcpy_dtod")
    memory.check(int(src), size, device, "memcpy_dtod")
    ctypes.memmove(int(dest), int(src), size)


# ---- modules and launches --------------------------------------------------------------------

def module_from_buffer(buffer):
    from .compiler import load
    return load(buffer)


class Function:
    """A kernel: called as fn(*args, block=(n, 1, 1), grid=(g, 1)), each argument a Python
    int or a numpy scalar (as pycuda takes them). The arguments at the kernel's pointer
    parameters are checked against the live blocks of the current device (NULL allowed)."""

    def __init__(self, launch, name, count, pointers):
        self._launch = launch
        self._count = count
        self._pointers = pointers
        self.__name__ = name

    def __call__(self, *args, block, grid, stream=None, shared=0):
        device = _current().index
        if len(args) != self._count:
            raise LaunchError(f"kernel {self.__name__} takes {self._count} arguments, "
                              f"{len(args)} were passed")
        keep, argv = [], (ctypes.c_void_p * max(len(args), 1))()
        for j, a in enumerate(args):
            if j in self._pointers:
                ptr = int(a)
                if ptr:
                    memory.check(ptr, 0, device, f"kernel {self.__name__}, argument {j}")
                cell = ctypes.c_uint64(ptr)
            elif isinstance(a, np.generic):
                cell = np.array(a)
            else:
                raise TypeError(f"kernel {self.__name__}, argument {j}: pass a numpy scalar "
                                f"for a value, not {type(a).__name__}")
            keep.append(cell)
            argv[j] = ctypes.addressof(cell) if isinstance(cell, ctypes.c_uint64) \
                else cell.ctypes.data
        if block[1:] not in ((), (1,), (1, 1)) or tuple(grid)[1:] not in ((), (1,), (1, 1)):
            raise LaunchError("the emulator runs 1-d grids of 1-d blocks only")
        status = self._launch(int(grid[0]), int(block[0]), argv)
        if status:
            raise LaunchError(f"kernel {self.__name__}: {_LAUNCH_FAILURES[status]}")


_LAUNCH_FAILURES = {2: "no memory for the block's fiber stacks",
                    3: "some threads of a block returned while others waited at "
                       "__syncthreads (a divergent barrier)",
                    4: "more than 1024 threads per block"}
