"""Lazy CUDA initialisation, the current device, and the reason CUDA is unavailable.

Note [Primary contexts]: every device is used through its *primary* context
(`Device(i).retain_primary_context()`), the one the CUDA runtime API uses, so memory and
streams are shared with cuBLAS (loaded through the runtime) and with PyTorch or CuPy in the
same process. We never import `pycuda.autoinit` (which creates a private context). A context
is pushed on the calling thread's pycuda context stack the first time that thread needs it
(`activate`); `set_device` swaps the pushed context. The retained contexts are never
released before the process exits: device memory still owned by live tensors is freed by
the garbage collector at interpreter shutdown, after our atexit hook, and must find its
context alive (Note [Shutdown]).

Note [Shutdown]: `_shutdown` (registered with atexit on first initialisation) is the only
teardown path: it synchronises every initialised device, returns the allocator's cached
blocks (Note [Device allocator] in _allocator.py) and pops the contexts this module pushed,
so pycuda finds an empty context stack at its own cleanup and prints no warning.
"""
import atexit
import contextlib
import threading

_lock = threading.Lock()
_state = {"checked": False, "reason": None, "count": 0, "driver": None}
_contexts = {}                 # device index -> retained primary context
_local = threading.local()     # .device: this thread's current device, .pushed: context on top
_default_device = [0]          # the device of threads that never called set_device
_shutdown_hooks = []           # called by _shutdown before the contexts are popped
_shut_down = [False]


def _probe():
    """Import pycuda and initialise the driver once; remember why it failed. After the
    first probe this is one dict read (it runs before every op's device check)."""
    if _state["checked"]:
        return
    with _lock:
        if not _state["checked"]:
            reason, drv, count = _first_probe()
            _state.update(reason=reason, driver=drv if reason is None else None,
                          count=count if reason is None else 0)
            _state["checked"] = True        # last: readers without the lock see a full state


def _first_probe():
    """(reason or None, pycuda.driver, device count)."""
    try:
        import pycuda.driver as drv
    except ImportError as e:
        return _import_failure(e), None, 0
    except OSError as e:
        return f"the NVIDIA driver could not be loaded ({e})", None, 0
    try:
        drv.init()
        count = drv.Device.count()
    except Exception as e:  # pycuda raises its own error types for every driver failure
        return f"CUDA driver initialisation failed: {e}{_version_note(drv)}", None, 0
    mismatch = _version_mismatch(drv)
    if mismatch:
        return mismatch, None, 0
    if count == 0:
        return "no CUDA device was found", None, 0
    return None, drv, count


def _import_failure(e):
    """Why `import pycuda.driver` failed, in words a user can act on: pycuda missing, the
    driver library missing, or a driver older than the CUDA pycuda was built with."""
    text = str(e)
    if isinstance(e, ModuleNotFoundError) and (e.name or "").split(".")[0] == "pycuda":
        return (f"pycuda is not installed ({e}); install it with "
                "`pip install ./packages/gpu[pycuda]` on a machine with CUDA")
    if "libcuda" in text:
        return (f"the NVIDIA driver library libcuda.so.1 could not be loaded ({e}): no NVIDIA "
                "driver is installed here, or it is not on the loader's path")
    if "undefined symbol" in text:
        return (f"pycuda was built against a newer CUDA than the installed NVIDIA driver "
                f"provides ({e}); update the driver or rebuild pycuda against the CUDA "
                "version the driver supports")
    return f"pycuda could not be imported ({e})"


def _cuda_version(v):
    return f"{v // 1000}.{v % 1000 // 10}"


def _versions(drv):
    """(CUDA version pycuda was built with, CUDA version the driver supports), as ints like
    13000, or None where pycuda cannot say."""
    try:
        built = drv.get_version()
        built = built[0] * 1000 + built[1] * 10 if isinstance(built, tuple) else int(built)
        return built, int(drv.get_driver_version())
    except Exception:
        return None


def _version_mismatch(drv):
    versions = _versions(drv)
    if versions and versions[1] < versions[0]:
        return (f"the NVIDIA driver supports CUDA {_cuda_version(versions[1])} but pycuda was "
                f"built with CUDA {_cuda_version(versions[0])}; update the driver or rebuild "
                "pycuda against an older CUDA toolkit")
    return None


def _version_note(drv):
    mismatch = _version_mismatch(drv)
    return f" ({mismatch})" if mismatch else ""


def is_available():
    _probe()
    return _state["reason"] is None


def unavailable_reason():
    """Why CUDA cannot be used here, or None when it can."""
    _probe()
    return _state["reason"]


def device_count():
    _probe()
    return _state["count"]


def is_initialized():
    return bool(_contexts)


def require():
    """The pycuda driver module, or a RuntimeError that says why CUDA is unavailable."""
    _probe()
    if _state["reason"] is not None:
        raise RuntimeError(f"CUDA is not available: {_state['reason']}")
    return _state["driver"]


def check_index(index):
    """A valid device ordinal, with PyTorch's error otherwise."""
    require()
    index = int(index)
    if not 0 <= index < _state["count"]:
        raise RuntimeError("CUDA error: invalid device ordinal\nCUDA kernel errors might be "
                           f"asynchronously reported (device {index} requested, "
                           f"{_state['count']} available)")
    return index


def current_device():
    require()
    return getattr(_local, "device", _default_device[0])


def _context(index):
    """The retained primary context of device `index` (retained on first use)."""
    ctx = _contexts.get(index)
    if ctx is None:
        drv = require()
        with _lock:
            ctx = _contexts.get(index)
            if ctx is None:
                if not _contexts:
                    atexit.register(_shutdown)
                ctx = drv.Device(index).retain_primary_context()
                _contexts[index] = ctx
    return ctx


def activate(index=None):
    """Make device `index` (default: the current device) current on this thread and return
    its index. Every kernel launch, allocation and copy goes through here
    (Note [Primary contexts])."""
    if _shut_down[0]:
        raise RuntimeError("CUDA is not available: the CUDA runtime was shut down at exit")
    index = current_device() if index is None else index
    pushed = getattr(_local, "pushed", None)
    if pushed == index:
        return index
    ctx = _context(check_index(index))
    drv = _state["driver"]
    if pushed is not None:
        drv.Context.pop()
    ctx.push()
    _local.pushed = index
    return index


def set_device(device):
    index = _index_of(device)
    if index < 0:
        return                    # PyTorch ignores negative indices
    _local.device = check_index(index)
    if threading.current_thread() is threading.main_thread():
        _default_device[0] = index
    activate(index)


def _index_of(device):
    """An int from an int, 'cuda:1', or a torchlike device (index None: the current one)."""
    if device is None:
        return current_device()
    if isinstance(device, int):
        return device
    from torchlike_core import device as Device
    d = device if isinstance(device, Device) else Device(device)
    if d.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {d}")
    return current_device() if d.index is None else d.index


@contextlib.contextmanager
def device(dev):
    """torch.cuda.device: make `dev` current inside the block (None: no change)."""
    if dev is None:
        yield
        return
    prev = current_device()
    set_device(dev)
    try:
        yield
    finally:
        set_device(prev)


def synchronize(dev=None):
    activate(_index_of(dev))
    _state["driver"].Context.synchronize()


def get_device_name(dev=None):
    index = check_index(_index_of(dev))
    return _state["driver"].Device(index).name()


def get_device_capability(dev=None):
    index = check_index(_index_of(dev))
    return _state["driver"].Device(index).compute_capability()


def on_shutdown(fn):
    """Run fn() at exit, before the contexts are popped (Note [Shutdown])."""
    _shutdown_hooks.append(fn)
    return fn


def _shutdown():
    """The one teardown path (Note [Shutdown])."""
    if _shut_down[0] or _state["driver"] is None:
        return
    drv = _state["driver"]
    for index, ctx in list(_contexts.items()):
        try:
            activate(index)
            drv.Context.synchronize()
        except Exception:       # a sticky kernel error must not hide the other devices' cleanup
            pass
    for fn in _shutdown_hooks:
        try:
            fn()
        except Exception:
            pass
    _shut_down[0] = True
    if getattr(_local, "pushed", None) is not None:
        try:
            drv.Context.pop()
        except Exception:
            pass
        _local.pushed = None
