"""Every generated kernel compiles with nvcc (no GPU needed): all elementwise ops x dtypes x
(contiguous, strided), every reduction, scan, indexing and RNG variant of _catalog, batched
into a few translation units compiled in parallel to PTX."""
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from torchlike_cuda import _catalog, _codegen

NVCC = shutil.which("nvcc") or ("/usr/local/cuda/bin/nvcc"
                                if os.path.exists("/usr/local/cuda/bin/nvcc") else None)
pytestmark = pytest.mark.skipif(NVCC is None, reason="nvcc (the CUDA toolkit) is not installed")
UNITS = 4


def _compile(path):
    proc = subprocess.run([NVCC, "-arch=sm_90", "--ptx", "-diag-suppress", "177,186,550",
                           path, "-o", path + ".ptx"], capture_output=True, text=True)
    return path, proc.returncode, proc.stderr


def test_every_generated_kernel_compiles():
    specs = _catalog.all_specs()
    assert len(specs) > 1500
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for j in range(UNITS):
            path = os.path.join(tmp, f"unit{j}.cu")
            with open(path, "w") as f:
                f.write("".join(_codegen.source_of(s) for s in specs[j::UNITS]))
            paths.append(path)
        with ThreadPoolExecutor(UNITS) as pool:
            results = list(pool.map(_compile, paths))
        failures = [f"{p}:\n{err[-4000:]}" for p, rc, err in results if rc != 0]
        assert not failures, "\n".join(failures)
        ptx = "".join(open(p + ".ptx").read() for p in paths)
    for spec in specs:
        assert f".entry {spec.name()}(" in ptx, spec.name()
    print(f"compiled {len(specs)} kernels in {time.perf_counter() - start:.1f} s")
