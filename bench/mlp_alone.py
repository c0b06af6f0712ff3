"""MLP 784-256-10 training step time of one library alone in its process (the other's
thread pools absent), to compare with bench/autograd_compare.py's shared-process figures.

    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 python bench/mlp_alone.py 2 [torchlike|torch]
"""
import importlib
import statistics
import sys
import time

import numpy as np

lib = importlib.import_module(sys.argv[2] if len(sys.argv) > 2 else "torchlike")
lib.set_num_threads(int(sys.argv[1]))
nn = lib.nn
for batch in (64, 512):
    lib.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    params = list(model.parameters())
    data = lib.from_numpy(np.random.default_rng(0).standard_normal((batch, 784)).astype(np.float32))
    target = lib.from_numpy(np.random.default_rng(1).integers(0, 10, batch))
    def step():
        loss = nn.functional.cross_entropy(model(data), target)
        loss.backward()
        with lib.no_grad():
            for p in params:
                p -= 0.01 * p.grad
                p.grad = None
    for _ in range(5): step()
    ts = []
    for _ in range(30):
        t = time.perf_counter(); step(); ts.append(time.perf_counter() - t)
    print(batch, statistics.median(ts) * 1e3, "ms")
