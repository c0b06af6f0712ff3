"""MLP 784-256-10 training step time of one library alone in its process (the other's
thread pools absent), to compare with bench/autograd_compare.py's shared-process figures.

    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 python bench/mlp_alone.py 2 [torchlike|torch]
"""
import importlib
import statistics
import sys
import time

from autograd_compare import mlp_step

lib = importlib.import_module(sys.argv[2] if len(sys.argv) > 2 else "torchlike")
lib.set_num_threads(int(sys.argv[1]))
for batch in (64, 512):
    step = mlp_step(lib, batch)
    for _ in range(5): step()
    ts = []
    for _ in range(30):
        t = time.perf_counter(); step(); ts.append(time.perf_counter() - t)
    print(batch, statistics.median(ts) * 1e3, "ms")
