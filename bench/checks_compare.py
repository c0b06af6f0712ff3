"""Ops whose per-call path gained checks on 2026-12-06 (fill values, memory formats, einsum's
equation), and einsum at a few sizes: torchlike, PyTorch and numpy in one process, each
call timed back to back for the three, medians of 15 repeats, ratios to PyTorch.

    OMP_NUM_THREADS=1 python bench/checks_compare.py

Run it on two checkouts (PYTHONPATH) to compare torchlike before and after by their ratios
to the same PyTorch.
"""
import statistics
import timeit

import numpy as np
import torch
import torchlike as tl

torch.set_num_threads(1)
tl.set_num_threads(1)


def median_us(f, n):
    return statistics.median(timeit.repeat(f, number=n, repeat=15)) / n * 1e6


def tiny(L):
    x, xi = L.ones(4, 5), L.ones(4, dtype=L.int64)
    return {
        "zeros": lambda: L.zeros(4, 5),
        "ones_like": lambda: L.ones_like(x),
        "full": lambda: L.full((4, 5), 2.0),
        "fill_": lambda: x.fill_(1.0),
        "float()": lambda: xi.float(),
        "to(f64)": lambda: x.to(L.float64),
        "clone": lambda: x.clone(),
        "t().contiguous()": lambda: x.t().contiguous(),
        "masked_fill": lambda: x.masked_fill(x > 0, 0.0),
        "einsum ij,kj->ik": lambda: L.einsum("ij,kj->ik", x, x),
    }


EINSUMS = [("bhqd,bhkd->bhqk", [(2, 4, 64, 32)] * 2), ("ij,jk->ik", [(256, 256)] * 2),
           ("bij,bjk->bik", [(8, 64, 64)] * 2), ("ii->i", [(512, 512)]),
           ("i,i->", [(1000,)] * 2), ("ij->", [(3, 4)])]


def main():
    print(f"{'op':22s} {'torchlike':>10s} {'torch':>10s} {'numpy':>10s} {'tl/torch':>9s}"
          "   (us per call, medians)")
    ours, theirs = tiny(tl), tiny(torch)
    for name in ours:
        a, b = median_us(ours[name], 3000), median_us(theirs[name], 3000)
        print(f"{name:22s} {a:10.2f} {b:10.2f} {'':>10s} {a / b:9.2f}")
    rng = np.random.default_rng(0)
    for eq, shapes in EINSUMS:
        arrs = [rng.standard_normal(s).astype(np.float32) for s in shapes]
        a_tl, a_to = [tl.tensor(x) for x in arrs], [torch.tensor(x) for x in arrs]
        t_tl = median_us(lambda: tl.einsum(eq, *a_tl), 20)
        t_to = median_us(lambda: torch.einsum(eq, *a_to), 20)
        t_np = median_us(lambda: np.einsum(eq, *arrs, optimize=len(arrs) > 1), 20)
        print(f"{'einsum ' + eq:22s} {t_tl:10.2f} {t_to:10.2f} {t_np:10.2f} {t_tl / t_to:9.2f}")


if __name__ == "__main__":
    main()
