"""Per-op overhead of the ops tutorials use most, on tiny tensors (a (4, 5) float32 matrix):
torchlike beside PyTorch in one process, each op timed for both back to back (best of 5),
sorted by the ratio torchlike/torch, worst first. Small tensors make the time per call
almost all overhead: argument parsing, checks, dispatch and result wrapping.

    OMP_NUM_THREADS=1 python bench/op_overhead.py
"""
import timeit

import torch
import torchlike as tl

torch.set_num_threads(1)
tl.set_num_threads(1)


def t(f, n=3000):
    return min(timeit.repeat(f, number=n, repeat=5)) / n * 1e6


def cases(L):
    """name -> a call, for library L (the same code runs on both)."""
    x, v = L.ones(4, 5), L.ones(4)
    m, i, idx = x > 0.5, L.tensor([0, 2]), L.zeros(4, 5, dtype=L.int64)
    return {
        "view": lambda: x.view(20),
        "reshape": lambda: x.reshape(5, 4),
        "t": lambda: x.t(),
        "transpose": lambda: x.transpose(0, 1),
        "permute": lambda: x.permute(1, 0),
        "unsqueeze": lambda: x.unsqueeze(0),
        "squeeze": lambda: x.squeeze(),
        "flatten": lambda: x.flatten(),
        "cat": lambda: L.cat([x, x]),
        "stack": lambda: L.stack([x, x]),
        "x[0]": lambda: x[0],
        "x[:,1]": lambda: x[:, 1],
        "x[mask]": lambda: x[m],
        "x[idx]": lambda: x[i],
        "sum(1)": lambda: x.sum(1),
        "mean": lambda: x.mean(),
        "max(1)": lambda: x.max(1),
        "argmax": lambda: x.argmax(),
        "clone": lambda: x.clone(),
        "detach": lambda: x.detach(),
        "to(f64)": lambda: x.to(L.float64),
        "zeros": lambda: L.zeros(4, 5),
        "randn": lambda: L.randn(4, 5),
        "arange": lambda: L.arange(10),
        "tensor(list)": lambda: L.tensor([1.0, 2.0, 3.0]),
        "mm": lambda: x @ x.t(),
        "softmax": lambda: x.softmax(1),
        "relu": lambda: x.relu(),
        "where": lambda: L.where(m, x, 0.0),
        "clamp": lambda: x.clamp(0, 1),
        "pow": lambda: x ** 2,
        "item": lambda: v[0].item(),
        "tolist": lambda: v.tolist(),
        "masked_fill": lambda: x.masked_fill(m, 0.0),
        "gather": lambda: x.gather(1, idx),
        "scatter": lambda: x.scatter(1, idx, 1.0),
        "index_select": lambda: x.index_select(0, i),
        "expand": lambda: v.expand(3, 4),
        "repeat": lambda: v.repeat(3),
        "eq": lambda: x == x,
        "all": lambda: m.all(),
        "norm": lambda: x.norm(),
        "sort": lambda: v.sort(),
        "topk": lambda: v.topk(2),
        "cumsum": lambda: x.cumsum(1),
        "numpy": lambda: v.numpy(),
        "x[0]=1": lambda: x.__setitem__(0, 1.0),
        "add_": lambda: x.add_(1.0),
        "sigmoid": lambda: x.sigmoid(),
        "std": lambda: x.std(),
        "min": lambda: x.min(),
        "abs": lambda: x.abs(),
        "chunk": lambda: x.chunk(2),
        "split": lambda: x.split(2),
        "ones_like": lambda: L.ones_like(x),
        "full": lambda: L.full((4, 5), 2.0),
        "linspace": lambda: L.linspace(0, 1, 5),
        "float()": lambda: L.ones(4, dtype=L.int64).float(),
        "bmm": lambda: L.bmm(x[None], x.t()[None]),
        "log_softmax": lambda: x.log_softmax(1),
        "mse": lambda: L.nn.functional.mse_loss(x, x),
    }


def main():
    a, b = cases(tl), cases(torch)
    rows = []
    for k in a:
        ta, tb = t(a[k]), t(b[k])
        rows.append((ta / tb, k, ta, tb))
    print(f"{'op':14s} {'torchlike':>12s} {'torch':>12s} {'tl/torch':>9s}")
    for r, k, ta, tb in sorted(rows, reverse=True):
        print(f"{k:14s} {ta:9.2f} us {tb:9.2f} us {r:9.2f}")


if __name__ == "__main__":
    main()
