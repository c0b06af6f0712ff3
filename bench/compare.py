#!/usr/bin/env python3
"""Side-by-side timings of torchlike, numpy and (if importable) PyTorch in one process.

    PYTHONPATH=packages/tensor_core python3 bench/compare.py                 # default threads
    PYTHONPATH=packages/tensor_core python3 bench/compare.py --threads 1,2   # one run per count
    python3 bench/compare.py --quick --json out.json

Every workload is timed for all libraries INTERLEAVED: each repetition times one sample per
library, round-robin (the starting library rotates), so slow drifts of the machine (turbo,
other processes, page cache) hit all libraries alike. The table shows medians over the
samples and the ratio torchlike/numpy and torchlike/torch OF THE SHOWN METRIC: for
us/call lower is better, for GB/s and GFLOP/s higher is better. The `target` column
checks torchlike's performance goals.

numpy's BLAS (OpenBLAS) reads its thread count from the environment when it is loaded, so
`--threads` re-executes this script once per count with OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS and MKL_NUM_THREADS set; torchlike and torch are also set through
their `set_num_threads`.

An op torchlike does not implement yet (or that fails) shows as n/a, it does not stop the run.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import timeit

LIBS = ("torchlike", "numpy", "torch")
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
CHILD_FLAG = "--_child-json"  # internal: this process is one thread count of a --threads run


# ----------------------------------------------------------------------------- workloads

class Case:
    """One workload: a timeit statement per library over arrays made by `make`.

    `stmt` is the statement used by every library unless `stmts` overrides it; the
    namespace holds `lib` (the library's module) and the arrays `make` returns.
    `work` converts seconds per call into the unit (bytes or flops); None means us/call.
    `target` is (other library, 'max' or 'min', ratio): the goal for torchlike/other.
    """

    def __init__(self, name, make, stmt, stmts=None, setup="pass", work=None, unit="us/call",
                 number=None, target=None):
        self.name, self.make, self.setup, self.work, self.unit = name, make, setup, work, unit
        self.stmts = {lib: (stmts or {}).get(lib, stmt) for lib in LIBS}
        self.number, self.target = number, target

    def value(self, seconds):
        """The shown metric for a median time per call."""
        if self.work is None:
            return seconds * 1e6
        return self.work / seconds / 1e9


def _random(shape, seed):
    import numpy as np
    return np.random.default_rng(seed).random(shape, dtype=np.float32)


def _small():
    return {"a": _random((4,), 0), "b": _random((4,), 1)}


def _pair(n):
    return lambda: {"a": _random(n, 0), "b": _random(n, 1)}


def _one(shape):
    return lambda: {"a": _random(shape, 0)}


def build_cases(quick):
    big = 16_000_000
    ovh_number = 1000 if quick else 10000
    half_torch = ("torch", "max", 0.5)
    cases = [
        Case("overhead add (4,)", _small, "a + b", number=ovh_number, target=half_torch),
        Case("overhead mul (4,)", _small, "a * b", number=ovh_number, target=half_torch),
        Case("overhead exp (4,)", _small, "lib.exp(a)", number=ovh_number, target=half_torch),
        Case("overhead sum (4,)", _small, "a.sum()", number=ovh_number, target=half_torch),
        Case("overhead reshape (4,)->(2,2)", _small, "a.reshape(2, 2)", number=ovh_number,
             target=half_torch),
        Case("overhead x[0] (4,)", _small, "a[0]", number=ovh_number, target=half_torch),
        # Bytes moved: out-of-place add reads a, b and writes the result.
        Case("add 1.6e7 f32", _pair(big), "a + b", work=3 * 4 * big, unit="GB/s",
             target=("numpy", "min", 1.0)),
        Case("exp 1.6e7 f32", _one(big), "lib.exp(a)", work=2 * 4 * big, unit="GB/s",
             target=("numpy", "min", 1.0)),
        # `x += b` inside a timeit statement needs a local name: bind it in the setup.
        Case("in-place add 1.6e7 f32", _pair(big), "x += b", setup="x = a",
             stmts={"numpy": "lib.add(a, b, out=a)"}, work=3 * 4 * big, unit="GB/s",
             target=("torch", "min", 1.0)),
        # numpy has no sigmoid and no frac: spelled out there
        Case("sigmoid 1e6 f32", _one(10 ** 6), "lib.sigmoid(a)",
             stmts={"numpy": "1 / (1 + lib.exp(-a))"}, work=2 * 4 * 10 ** 6, unit="GB/s",
             target=("numpy", "min", 1.0)),
        Case("log1p 1e6 f32", _one(10 ** 6), "lib.log1p(a)", work=2 * 4 * 10 ** 6, unit="GB/s",
             target=("numpy", "min", 1.0)),
        Case("frac 1e6 f32", _one(10 ** 6), "lib.frac(a)", stmts={"numpy": "a - lib.trunc(a)"},
             work=2 * 4 * 10 ** 6, unit="GB/s", target=("numpy", "min", 1.0)),
        Case("sum 1.6e7 f32", _one(big), "a.sum()", work=4 * big, unit="GB/s",
             target=("numpy", "min", 1.0)),
        Case("t().contiguous() 4096^2 f32", _one((4096, 4096)), "a.t().contiguous()",
             stmts={"numpy": "lib.ascontiguousarray(a.T)"}, work=2 * 4 * 4096 * 4096,
             unit="GB/s", target=("torch", "min", 1.0)),
    ]
    for n in (1024, 2048):
        cases.append(Case(f"matmul {n}^2 f32", _pair((n, n)), "a @ b", work=2 * n ** 3,
                          unit="GFLOP/s", target=("numpy", "min", 0.9)))
    return cases


# ----------------------------------------------------------------------------- libraries

def load_libraries(threads):
    """Import the libraries (after the thread environment is set) -> {name: module}."""
    import numpy as np
    libs = {"numpy": np}
    try:
        import torchlike_core as tl
    except ImportError as e:
        sys.exit(f"cannot import torchlike_core ({e}); run with PYTHONPATH=packages/tensor_core")
    libs["torchlike"] = tl
    try:
        import torch
        libs["torch"] = torch
    except ImportError:
        pass
    if threads is not None:
        tl.set_num_threads(threads)
        if "torch" in libs:
            libs["torch"].set_num_threads(threads)
    return libs


def to_library(name, mod, arrays):
    """numpy arrays -> the library's own tensors (allocated by the library itself)."""
    if name == "numpy":
        return {k: v.copy() for k, v in arrays.items()}
    out = {}
    for k, v in arrays.items():
        src = mod.from_numpy(v)
        try:
            t = mod.empty(tuple(v.shape), dtype=mod.float32)
            t.copy_(src)
        except Exception:  # noqa: BLE001 - an incomplete torchlike still gets benchmarked
            t = src.clone() if hasattr(src, "clone") else src
        out[k] = t
    return out


def _err(e):
    first = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {first}"[:100]


def run_case(case, libs, samples):
    """Time `case` for every library, interleaved -> {lib: {"seconds": [...]} or {"error"}}."""
    arrays = case.make()
    timers, numbers, result = {}, {}, {}
    for name in LIBS:
        if name not in libs:
            result[name] = {"error": "not importable"}
            continue
        ns = dict(to_library(name, libs[name], arrays), lib=libs[name])
        timer = timeit.Timer(case.stmts[name], setup=case.setup, globals=ns)
        try:
            once = timer.timeit(1)        # also checks the op exists and works
            once = min(once, timer.timeit(1))
        except Exception as e:  # noqa: BLE001 - missing op -> n/a, keep going
            result[name] = {"error": _err(e)}
            continue
        # Large workloads: enough calls for a ~50 ms sample; per-op overhead: fixed loops.
        numbers[name] = case.number or max(1, int(0.05 / max(once, 1e-9)))
        timer.timeit(min(numbers[name], 1000))  # warm-up (allocator caches, lazy init)
        timers[name] = timer
        result[name] = {"seconds": [], "number": numbers[name]}
    order = list(timers)
    for rep in range(samples):
        k = rep % len(order) if order else 0
        for name in order[k:] + order[:k]:
            result[name]["seconds"].append(timers[name].timeit(numbers[name]) / numbers[name])
    for r in result.values():
        if "seconds" in r:
            r["median_s"] = statistics.median(r["seconds"])
            r["value"] = case.value(r["median_s"])
    return result


def ratio(res, other):
    a, b = res["torchlike"].get("value"), res[other].get("value")
    return a / b if a and b else None


def check_target(case, res):
    """-> (description, 'ok' / 'MISS' / 'n/a') for the case's goal."""
    if case.target is None:
        return "", ""
    other, kind, goal = case.target
    # Goals are stated on time for us/call ("<= 0.5x torch") and on throughput otherwise.
    desc = f"{'<=' if kind == 'max' else '>='}{goal:.2f}x {other}"
    r = ratio(res, other)
    if r is None:
        return desc, "n/a"
    met = r <= goal if kind == "max" else r >= goal
    return desc, "ok" if met else "MISS"


# ----------------------------------------------------------------------------- reporting

def machine_info():
    model = platform.processor() or platform.machine()
    mem = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                    break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {"cpu": model, "cpu_count": os.cpu_count(), "usable_cpus": usable, "memory": mem,
            "platform": platform.platform(), "python": platform.python_version(),
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds")}


def git_commit():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        out = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def versions(libs):
    v = {name: getattr(mod, "__version__", "?") for name, mod in libs.items()}
    v["torchlike_path"] = os.path.dirname(libs["torchlike"].__file__)
    v["torchlike_commit"] = git_commit()
    return v


def print_machine(info):
    print(f"machine : {info['cpu']}, {info['cpu_count']} logical CPUs "
          f"({info['usable_cpus']} usable), {info['memory']} RAM")
    print(f"system  : {info['platform']}, Python {info['python']}")
    print(f"date    : {info['date']}")
    print(f"load    : {_load()} (1/5/15 min; other processes skew the numbers)")


def _load():
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def fmt(x, unit):
    if x is None:
        return "n/a"
    return f"{x:.3f}" if unit == "us/call" and x < 10 else f"{x:.1f}"


def print_table(run):
    v = run["versions"]
    print()
    print(f"== threads: {run['threads_label']}")
    print(f"versions: torchlike {v.get('torchlike')} ({v.get('torchlike_path')}, "
          f"commit {v.get('torchlike_commit')}), numpy {v.get('numpy')}, "
          f"torch {v.get('torch', 'not installed')}")
    head = (f"{'case':<30}{'unit':>9}{'torchlike':>11}{'numpy':>11}{'torch':>11}"
            f"{'tl/np':>8}{'tl/torch':>9}  {'target':<16}")
    print(head)
    print("-" * len(head) + "-----")
    for row in run["results"]:
        vals = row["libs"]
        cells = [fmt(vals[lib].get("value"), row["unit"]) for lib in LIBS]
        rats = ["n/a" if r is None else f"{r:.2f}" for r in (row["tl/numpy"], row["tl/torch"])]
        print(f"{row['case']:<30}{row['unit']:>9}{cells[0]:>11}{cells[1]:>11}{cells[2]:>11}"
              f"{rats[0]:>8}{rats[1]:>9}  {row['target']:<16}{row['status']}")
    errors = [(row["case"], lib, vals["error"]) for row in run["results"]
              for lib, vals in row["libs"].items() if "error" in vals and vals["error"] != "not importable"]
    for case, lib, err in errors:
        print(f"  n/a: {lib} {case}: {err}")
    print("ratios are of the shown metric: us/call lower is better; GB/s, GFLOP/s higher is better")
    print(f"load average after the run: {run.get('load_after', '?')}")


def run_all(args, threads):
    libs = load_libraries(threads)
    tl = libs["torchlike"]
    label = (f"{threads}" if threads is not None else "library defaults") + \
        f" (torchlike {tl.get_num_threads()}" + \
        (f", torch {libs['torch'].get_num_threads()}" if "torch" in libs else "") + \
        f", numpy/BLAS env OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')})"
    samples_small = 5 if args.quick else 21
    samples_big = 3 if args.quick else 11
    rows = []
    for case in build_cases(args.quick):
        if args.filter and not any(f in case.name for f in args.filter):
            continue
        res = run_case(case, libs, samples_small if case.number else samples_big)
        desc, status = check_target(case, res)
        rows.append({"case": case.name, "unit": case.unit, "libs": res,
                     "tl/numpy": ratio(res, "numpy"), "tl/torch": ratio(res, "torch"),
                     "target": desc, "status": status})
    return {"threads": threads, "threads_label": label, "versions": versions(libs), "results": rows,
            "load_after": _load()}


def print_misses(runs):
    print()
    print("== targets missed by torchlike")
    any_miss = False
    for run in runs:
        for row in run["results"]:
            if row["status"] in ("MISS", "n/a"):
                any_miss = True
                r = row["tl/numpy"] if "numpy" in row["target"] else row["tl/torch"]
                got = "not measured" if r is None else f"got {r:.2f}x"
                print(f"  threads={run['threads']}: {row['case']}: want {row['target']}, {got}")
    if not any_miss:
        print("  none")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", help="thread counts, comma separated (e.g. 1,2); "
                   "one subprocess per count")
    p.add_argument("--quick", action="store_true", help="few samples: a smoke run")
    p.add_argument("--json", metavar="PATH", help="also write all samples as JSON")
    p.add_argument("--filter", action="append",
                   help="only cases whose name contains this text (repeatable)")
    p.add_argument(CHILD_FLAG, dest="child_json", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.child_json:  # one thread count, environment already set by the parent
        run = run_all(args, int(args.threads))
        print_table(run)
        with open(args.child_json, "w") as f:
            json.dump(run, f)
        return 0

    info = machine_info()
    print_machine(info)
    runs = []
    if args.threads is None:
        runs.append(run_all(args, None))
        print_table(runs[-1])
    else:
        counts = [int(t) for t in args.threads.split(",") if t.strip()]
        for n in counts:
            env = dict(os.environ, **{k: str(n) for k in THREAD_ENV})
            with tempfile.TemporaryDirectory() as tmp:
                out = os.path.join(tmp, "run.json")
                cmd = [sys.executable, os.path.abspath(__file__), "--threads", str(n), CHILD_FLAG, out]
                cmd += ["--quick"] if args.quick else []
                for f in args.filter or ():
                    cmd += ["--filter", f]
                sys.stdout.flush()
                proc = subprocess.run(cmd, env=env)
                if proc.returncode != 0 or not os.path.exists(out):
                    print(f"threads={n}: run failed (exit {proc.returncode})")
                    continue
                with open(out) as f:
                    runs.append(json.load(f))
    print_misses(runs)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "quick": args.quick, "runs": runs}, f, indent=1)
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
