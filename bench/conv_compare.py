"""A Conv2d(3, 16, 3, padding=1) on a 32x3x32x32 batch: forward, and forward + backward,
torchlike and PyTorch in one process (best of 8, one thread each).

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python bench/conv_compare.py
"""
import time

import torch
import torchlike as tl


def run(lib):
    lib.manual_seed(0)
    conv = lib.nn.Conv2d(3, 16, 3, padding=1)
    x = lib.randn(32, 3, 32, 32, requires_grad=True)
    best_f = best_fb = float("inf")
    for _ in range(8):
        t0 = time.perf_counter()
        y = conv(x)
        t1 = time.perf_counter()
        y.sum().backward()
        t2 = time.perf_counter()
        best_f, best_fb = min(best_f, t1 - t0), min(best_fb, t2 - t0)
    return best_f * 1e3, best_fb * 1e3


if __name__ == "__main__":
    tl.set_num_threads(1)
    torch.set_num_threads(1)
    ours, theirs = run(tl), run(torch)
    print(f"{'':10s} {'forward ms':>12s} {'fwd+bwd ms':>12s}")
    for name, (f, fb) in (("torchlike", ours), ("torch", theirs)):
        print(f"{name:10s} {f:12.2f} {fb:12.2f}")
    print(f"{'ratio':10s} {ours[0] / theirs[0]:12.2f} {ours[1] / theirs[1]:12.2f}")
