"""GPU benchmark of the torchlike cuda backend against PyTorch CUDA, in one process
(issue 5). Run on a machine with an NVIDIA GPU, pycuda and PyTorch with CUDA:

    python3 scripts/gpu_bench.py [--n 160000000] [--matmul 4096] [--repeat 20]

Prints: device copy bandwidth (a device-to-device copy of the same bytes), elementwise
add/mul on n float32 (GB/s and % of copy bandwidth), full sum (GB/s and %), float32 matmul
(TFLOP/s, ratio to PyTorch), per-op launch overhead on a tiny tensor (us, ratio to PyTorch)
and an MLP training step time. It states no target figures and writes nothing: record the
output, the device and the date by hand (docs/benchmarks/).
"""
import argparse
import sys
import time


def _timed(fn, sync, repeat):
    fn()
    sync()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        sync()
        best = min(best, time.perf_counter() - start)
    return best


def _mlp_step(lib, device, sync, repeat):
    lib.manual_seed(0)
    model = lib.nn.Sequential(lib.nn.Linear(1024, 4096), lib.nn.ReLU(),
                              lib.nn.Linear(4096, 1024)).to(device)
    opt = lib.optim.SGD(model.parameters(), lr=1e-3)
    x = lib.randn(256, 1024).to(device)

    def step():
        opt.zero_grad()
        loss = (model(x) ** 2).mean()
        loss.backward()
        opt.step()
    return _timed(step, sync, repeat)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=160_000_000)
    parser.add_argument("--matmul", type=int, default=4096)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import torchlike as tl
    if not tl.cuda.is_available():
        sys.exit(f"gpu_bench: CUDA is not available ({tl.cuda.unavailable_reason()}); run this "
                 "on a machine with an NVIDIA GPU, its driver and pycuda installed.")
    try:
        import torch
        has_torch = torch.cuda.is_available()
    except ImportError:
        torch, has_torch = None, False
    sync = tl.cuda.synchronize
    n, gb = args.n, args.n * 4 / 1e9
    print(f"device: {tl.cuda.get_device_name()}  n={n}  matmul={args.matmul}")

    a = tl.ones(n, device="cuda")
    b = tl.ones(n, device="cuda")
    out = tl.empty(n, device="cuda")
    copy = _timed(lambda: out.copy_(a), sync, args.repeat)
    copy_bw = 2 * gb / copy
    print(f"copy          {copy * 1e3:8.3f} ms  {copy_bw:8.1f} GB/s")
    for name, fn in (("add", lambda: tl.add(a, b, out=out)), ("mul", lambda: tl.mul(a, b, out=out))):
        t = _timed(fn, sync, args.repeat)
        bw = 3 * gb / t
        print(f"{name:13s} {t * 1e3:8.3f} ms  {bw:8.1f} GB/s  {100 * bw / copy_bw:5.1f}% of copy")
    t = _timed(lambda: a.sum(), sync, args.repeat)
    print(f"sum           {t * 1e3:8.3f} ms  {gb / t:8.1f} GB/s  {100 * (gb / t) / copy_bw:5.1f}% of copy")
    del a, b, out

    m = args.matmul
    x, y = tl.randn(m, m).cuda(), tl.randn(m, m).cuda()
    t_mm = _timed(lambda: x @ y, sync, args.repeat)
    line = f"matmul {m}^2   {t_mm * 1e3:8.3f} ms  {2 * m ** 3 / t_mm / 1e12:8.2f} TFLOP/s"
    if has_torch:
        tx, ty = torch.randn(m, m, device="cuda"), torch.randn(m, m, device="cuda")
        t_ref = _timed(lambda: tx @ ty, torch.cuda.synchronize, args.repeat)
        line += f"  torch {t_ref * 1e3:.3f} ms  ratio {t_mm / t_ref:.3f}"
    print(line)

    small = tl.ones(16, device="cuda")
    k = 1000
    t_op = _timed(lambda: [small.add(small) for _ in range(k)], sync, 5) / k
    line = f"launch        {t_op * 1e6:8.2f} us/op"
    if has_torch:
        ts = torch.ones(16, device="cuda")
        t_ref = _timed(lambda: [ts.add(ts) for _ in range(k)], torch.cuda.synchronize, 5) / k
        line += f"  torch {t_ref * 1e6:.2f} us/op  ratio {t_op / t_ref:.2f}"
    print(line)

    t_step = _mlp_step(tl, "cuda", sync, 10)
    line = f"MLP step      {t_step * 1e3:8.3f} ms"
    if has_torch:
        t_ref = _mlp_step(torch, "cuda", torch.cuda.synchronize, 10)
        line += f"  torch {t_ref * 1e3:.3f} ms  ratio {t_step / t_ref:.2f}"
    print(line)


if __name__ == "__main__":
    main()
