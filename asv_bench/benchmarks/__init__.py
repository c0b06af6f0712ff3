"""airspeed-velocity suite: torchlike against numpy and (where installed) PyTorch.

Every benchmark class takes `library` as its first parameter. A library that is not
importable, or an op torchlike does not implement yet, makes `setup` raise
NotImplementedError, which asv records as skipped (n/a) instead of failed.

Thread counts are the libraries' defaults; all three honour OMP_NUM_THREADS (numpy's
OpenBLAS also OPENBLAS_NUM_THREADS), so pin them in the environment of `asv run`.
"""
import os
import statistics
import sys
import time

LIBRARIES = ["torchlike", "numpy", "torch"]


def _find_torchlike():
    """Import torchlike_core; with `asv run --python=same` fall back to the source tree.

    asv drops PYTHONPATH from the benchmark processes (ASV_PYTHONPATH is passed instead),
    so a built-in-place checkout is found here. Only for the 'existing' environment:
    in an environment asv built, a failed install must not be masked by the working tree.
    """
    try:
        import torchlike_core  # noqa: F401
        return
    except ImportError:
        if os.environ.get("ASV_ENV_TYPE", "existing") != "existing":
            return
    conf_dir = os.environ.get("ASV_CONF_DIR", os.path.dirname(os.path.dirname(__file__)))
    src = os.path.join(os.path.dirname(os.path.abspath(conf_dir)), "packages", "tensor_core")
    if os.path.isdir(os.path.join(src, "torchlike_core")):
        sys.path.insert(0, src)
        print(f"benchmarks: torchlike_core from the source tree {src}", file=sys.stderr)


_find_torchlike()


def get_lib(name):
    """The module of library `name`; NotImplementedError (asv: skip) if not importable."""
    try:
        if name == "torchlike":
            import torchlike_core as mod
        elif name == "numpy":
            import numpy as mod
        elif name == "torch":
            import torch as mod
        else:
            raise ValueError(name)
    except ImportError as e:
        raise NotImplementedError(f"{name} is not importable: {e}")
    return mod


def random(shape, seed=0):
    import numpy as np
    return np.random.default_rng(seed).random(shape, dtype=np.float32)


def to_lib(name, mod, arr):
    """A float32 numpy array -> the library's tensor, allocated by the library itself."""
    if name == "numpy":
        return arr.copy()
    src = mod.from_numpy(arr)
    try:
        out = mod.empty(tuple(arr.shape), dtype=mod.float32)
        out.copy_(src)
        return out
    except Exception:  # noqa: BLE001 - an incomplete torchlike is still benchmarked
        return src


def require(fn):
    """Call `fn` once; a missing op (or a failure) skips the benchmark instead of failing it."""
    try:
        fn()
    except (NotImplementedError, AttributeError, TypeError) as e:
        raise NotImplementedError(f"not available: {type(e).__name__}: {e}")


def gbps(fn, nbytes, repeat=5):
    """Median throughput of `fn` in GB/s (or Gunit/s for any `nbytes` work count)."""
    fn()  # warm-up: lazy initialisation (torch's first matmul) is not throughput
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    # Three significant digits: the spread between runs is larger than that anyway.
    return float(f"{nbytes / statistics.median(times) / 1e9:.3g}")
