"""Autograd and training-step timings: torchlike beside PyTorch in one process, interleaved.

    python bench/autograd_compare.py --threads 1,2

Prints medians and the ratio torchlike/torch for: a forward op on tiny tensors that
require grad, (x*y).sum().backward() on tiny tensors, an MLP 784-256-10 training step
(forward, softmax cross-entropy, backward, SGD update under no_grad, grads reset) at batch
64 and 512, and a 10,000-deep chain y = y * 1.0001 + 0.0 forward and backward.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np


def _timer(fn, number):
    t0 = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - t0) / number


def mlp_step(lib, batch):
    """One training step of a 784-256-10 MLP on fixed random data: forward, softmax
    cross-entropy, backward, SGD update under no_grad, grads reset."""
    nn = lib.nn
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
    return step


def cases(lib):
    out = {}
    x = lib.ones(4, requires_grad=True)
    y = lib.ones(4, requires_grad=True)
    out["forward mul (4,) requires_grad"] = (lambda: x * y, 2000)

    def tiny_backward():
        (x * y).sum().backward()
    out["(x*y).sum().backward() (4,)"] = (tiny_backward, 500)

    for batch in (64, 512):
        out[f"MLP 784-256-10 step, batch {batch}"] = (mlp_step(lib, batch), 20 if batch == 512 else 50)

    def chain():
        z = lib.ones(1, requires_grad=True)
        w = z
        for _ in range(10_000):
            w = w * 1.0001 + 0.0
        w.sum().backward()
    out["10,000-deep chain fwd+bwd"] = (chain, 1)
    return out


def run(threads, samples):
    import torch
    import torchlike as tl
    tl.set_num_threads(threads)
    torch.set_num_threads(threads)
    libs = {"torchlike": cases(tl), "torch": cases(torch)}
    results = {name: {lib: [] for lib in libs} for name in libs["torch"]}
    for name in results:
        for lib in libs:                               # warm up
            fn, number = libs[lib][name]
            _timer(fn, max(1, number // 10))
        for i in range(samples):
            order = list(libs) if i % 2 == 0 else list(reversed(list(libs)))
            for lib in order:
                fn, number = libs[lib][name]
                results[name][lib].append(_timer(fn, number))
    print(f"\n== threads: {threads}  (torch {torch.__version__}, {samples} interleaved samples, medians)")
    print(f"{'case':40s} {'torchlike':>12s} {'torch':>12s} {'tl/torch':>9s}")
    for name, r in results.items():
        a, b = statistics.median(r["torchlike"]), statistics.median(r["torch"])
        unit, k = ("ms", 1e3) if b > 1e-3 else ("us", 1e6)
        print(f"{name:40s} {a * k:9.2f} {unit} {b * k:9.2f} {unit} {a / b:9.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threads", default="1")
    ap.add_argument("--samples", type=int, default=9)
    ap.add_argument("--child", action="store_true")
    args = ap.parse_args()
    counts = [int(t) for t in args.threads.split(",")]
    if args.child or len(counts) == 1 and os.environ.get("OMP_NUM_THREADS") == str(counts[0]):
        run(counts[0], args.samples)
        return
    for n in counts:
        # Both libraries share the process's one libgomp, whose wait policy is read once, when
        # the first of them loads it: set it for both (Note [Passive OpenMP threads]), or it
        # depends on which library happens to be imported first.
        env = dict(os.environ, OMP_NUM_THREADS=str(n), OPENBLAS_NUM_THREADS=str(n),
                   MKL_NUM_THREADS=str(n), OMP_WAIT_POLICY="PASSIVE")
        subprocess.run([sys.executable, __file__, "--threads", str(n), "--samples",
                        str(args.samples), "--child"], env=env, check=True)


if __name__ == "__main__":
    main()
