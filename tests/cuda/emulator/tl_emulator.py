"""Switches the cuda backend onto the CPU emulator (Note [CPU emulator] in pycuda/__init__.py).

`install()` must run before anything imports pycuda or probes CUDA: tests/conftest.py calls
it at import when TORCHLIKE_CUDA_EMULATOR=1. It puts the emulated pycuda first on sys.path
and points torchlike_cuda's cuBLAS loader at fake_cublas.c, whose calls check their device
pointers as the emulated kernels do."""
import ctypes
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _fake_cublas_path():
    """fake_cublas.c compiled once per cache folder (the emulated compiler's cache)."""
    from pycuda.compiler import _cache_dir, _digest, _run
    src = os.path.join(HERE, "fake_cublas.c")
    with open(src) as f:
        target = os.path.join(_cache_dir(), f"libfakecublas-{_digest(f.read())}.so")
    if not os.path.exists(target):
        tmp = f"{target}.{os.getpid()}.tmp"
        _run([os.environ.get("CC", "gcc"), "-O2", "-shared", "-fPIC", src, "-o", tmp])
        os.replace(tmp, target)
    return target


class _Checked:
    """A ctypes function whose int arguments declared c_void_p are device pointers, checked
    against the current device's live blocks before the call."""

    def __init__(self, fn, name):
        object.__setattr__(self, "_fn", fn)
        object.__setattr__(self, "_name", name)

    def __setattr__(self, attr, value):
        setattr(self._fn, attr, value)

    def __call__(self, *args):
        from pycuda import driver
        types = self._fn.argtypes or ()
        device = driver._current().index
        for j, (a, t) in enumerate(zip(args, types)):
            if t is ctypes.c_void_p and isinstance(a, int) and a:
                driver.memory.check(a, 0, device, f"{self._name}, argument {j}")
        return self._fn(*args)


class _CheckedLibrary:
    def __init__(self, path):
        self._lib = ctypes.CDLL(path)
        self._fns = {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        fn = self._fns.get(name)
        if fn is None:
            fn = self._fns[name] = _Checked(getattr(self._lib, name), name)
        return fn


def install():
    if "pycuda" in sys.modules and not sys.modules["pycuda"].__file__.startswith(HERE):
        raise RuntimeError("the real pycuda is already imported; the emulator must come first")
    sys.path.insert(0, HERE)
    from torchlike_cuda import _cublas
    os.environ["TORCHLIKE_CUBLAS"] = _fake_cublas_path()
    _cublas._load = _CheckedLibrary
