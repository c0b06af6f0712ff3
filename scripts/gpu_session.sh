#!/usr/bin/env bash
# Everything a session with a lent GPU needs, in two steps (issue 5; README "GPU"):
#
#   bash scripts/gpu_session.sh prepare   # here, on a CPU machine with network (minutes)
#   bash scripts/gpu_session.sh run       # on the GPU machine, with .gpuwh carried there
#
# prepare: builds .gpuwh (ignored by git): pycuda through ../shared/tools/gpu-wheelhouse.sh,
#   plus CPython 3.12 wheels of our four packages and of pytest, because the GPU machine
#   has Python 3.12 with numpy, torch and cupy but no network, no Cython and no pytest.
# run: installs them into a venv that also sees the machine's numpy/torch/cupy, then
#   writes to $OUT (default ./gpu-session-out): the device (nvidia-smi), the catalog's
#   precompile time, tests/cuda's result and scripts/gpu_bench.py's figures. One device
#   call, each step capped so the whole fits the device tool's 10 minutes per call; record
#   the figures in docs/benchmarks/ with the device and date. Checked here without a GPU
#   (the steps run and report CUDA unavailable) on 2026-11-25.
set -euo pipefail
cd "$(dirname "$0")/.."
wh=.gpuwh

prepare() {
  py=${PY312:-$(pyenv prefix "$(pyenv versions --bare | grep '^3\.12' | sort -rV | head -n1)")/bin/python3}
  bash ../shared/tools/gpu-wheelhouse.sh "$wh"
  "$py" -m pip wheel -q -w "$wh" ./packages/tensor_core ./packages/autograd ./packages/gpu . \
    --no-deps
  "$py" -m pip download -q -d "$wh" --only-binary=:all: pytest
  ls -1 "$wh"
}

run() {
  out=${OUT:-gpu-session-out}
  mkdir -p "$out"
  python3 -m venv --system-site-packages .venv-gpu
  .venv-gpu/bin/pip install -q --no-index --find-links "$wh" pycuda pytest torchlike-core \
    torchlike-autograd torchlike-cuda torchlike
  (nvidia-smi; .venv-gpu/bin/python -c "import torchlike as t; print(t.cuda.is_available(),
t.cuda.unavailable_reason(), t.cuda.get_device_name())") > "$out/device.txt" 2>&1 || true
  timeout 150 .venv-gpu/bin/python -c "
import time, torchlike_cuda._compiler as c
t = time.perf_counter(); n = c.precompile()
print(f'precompiled {n} kernels in {time.perf_counter() - t:.1f} s')" > "$out/precompile.txt" 2>&1 || true
  (cd tests && timeout 300 ../.venv-gpu/bin/python -m pytest -q -p no:cacheprovider cuda \
    --maxfail=30 -rs --durations=15) > "$out/tests.txt" 2>&1 || true
  timeout 120 .venv-gpu/bin/python scripts/gpu_bench.py > "$out/bench.txt" 2>&1 || true
  tail -n 3 "$out"/*.txt
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: $0 prepare|run" >&2; exit 2 ;;
esac
