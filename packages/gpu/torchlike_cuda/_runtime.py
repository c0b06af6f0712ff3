"""Lazy CUDA initialisation and the reason it is unavailable, when it is."""
import threading

_lock = threading.Lock()
_state = {"checked": False, "reason": None, "count": 0, "driver": None}


def _probe():
    """Import pycuda and initialise the driver once; remember why it failed."""
    with _lock:
        if _state["checked"]:
            return
        _state["checked"] = True
        try:
            import pycuda.driver as drv
        except ImportError as e:
            _state["reason"] = (f"pycuda is not installed ({e}); install it with "
                                "`pip install ./packages/gpu[pycuda]` on a machine with CUDA")
            return
        except OSError as e:   # libcuda.so missing: no NVIDIA driver
            _state["reason"] = f"the NVIDIA driver could not be loaded ({e})"
            return
        try:
            drv.init()
            count = drv.Device.count()
        except Exception as e:  # pycuda raises its own error types for every driver failure
            _state["reason"] = f"CUDA driver initialisation failed: {e}"
            return
        if count == 0:
            _state["reason"] = "no CUDA device was found"
            return
        _state["count"] = count
        _state["driver"] = drv


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
    return _state["driver"] is not None


def require():
    """The pycuda driver module, or a RuntimeError that says why CUDA is unavailable."""
    _probe()
    if _state["reason"] is not None:
        raise RuntimeError(f"CUDA is not available: {_state['reason']}")
    return _state["driver"]
