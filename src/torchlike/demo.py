"""`python -m torchlike.demo`: a short tour of torchlike's tensors, with timings beside numpy.

(The autograd issue turns this into a training demo on a bundled dataset.)
"""
import sys
import time

import numpy as np

import torchlike as torch


def _bar(i, n, width=30):
    done = int(width * i / n)
    sys.stdout.write(f"\r  [{'#' * done}{'.' * (width - done)}] {i}/{n}")
    sys.stdout.flush()
    if i == n:
        sys.stdout.write("\n")


def _step(title, code, env):
    print(f">>> {code}")
    result = eval(code, env)
    if result is not None:
        print(result)


def tour():
    env = {"torch": torch, "np": np}
    print(f"torchlike {torch.__version__}: a tour of tensor basics\n")
    exec("x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])", env)
    print(">>> x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])")
    for code in ["x", "x.shape, x.dtype, x.stride()", "x.t()", "x[:, 1]", "x + torch.tensor([10., 20., 30.])",
                 "x.sum(dim=0)", "x.mean()", "x @ x.t()", "torch.arange(6).view(2, 3) * 2.5",
                 "torch.zeros(2, 2, dtype=torch.int64) + True"]:
        try:
            _step(code, code, env)
        except Exception as e:   # an op still missing must not hide the rest of the tour
            print(f"  ({type(e).__name__}: {e})")
    print(">>> a = np.ones(3); t = torch.from_numpy(a); t += 1; a  # shared memory")
    a = np.ones(3)
    t = torch.from_numpy(a)
    t += 1
    print(repr(a))

    n = 4_000_000
    print(f"\nelementwise add of {n:,} float32, best of 20 (torchlike vs numpy):")
    x, y = torch.rand(n), torch.rand(n)
    xa, ya = x.numpy(), y.numpy()
    best = {"torchlike": 1e9, "numpy": 1e9}
    for i in range(1, 21):
        t0 = time.perf_counter(); x + y; best["torchlike"] = min(best["torchlike"], time.perf_counter() - t0)
        t0 = time.perf_counter(); xa + ya; best["numpy"] = min(best["numpy"], time.perf_counter() - t0)
        _bar(i, 20)
    for lib, s in best.items():
        print(f"  {lib:10s} {s * 1e3:7.2f} ms  {3 * 4 * n / s / 1e9:6.1f} GB/s")


if __name__ == "__main__":
    tour()
