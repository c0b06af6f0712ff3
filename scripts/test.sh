#!/usr/bin/env bash
# Installs the test requirements into fresh virtualenvs and runs the tests:
#   1. torchlike-core alone (its own tests, tests/core), proving it stands on its own;
#   2. every package together with PyTorch as an oracle (all of tests/);
#   3. the cuda backend's tests again on the CPU emulator (tests/cuda/emulator: the kernels
#      compiled by the host compiler, pycuda and cuBLAS stood in for), since CI has no GPU.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
work=${TORCHLIKE_TEST_DIR:-.venv-test}
rm -rf "$work"
mkdir -p "$work/wheels"
work=$(cd "$work" && pwd)

# Build the core's wheel once (Cython, -O2) and install it in both environments.
"$PY" -m venv "$work/build"
"$work/build/bin/pip" install -q --upgrade pip
"$work/build/bin/pip" wheel -q --no-deps -w "$work/wheels" ./packages/tensor_core

echo "== torchlike-core alone"
"$PY" -m venv "$work/core"
"$work/core/bin/pip" install -q --upgrade pip
"$work/core/bin/pip" install -q "$work"/wheels/torchlike_core-*.whl pytest
(cd tests && "$work"/core/bin/python -m pytest -q -p no:cacheprovider core)

echo "== all packages, PyTorch as oracle"
"$PY" -m venv "$work/all"
"$work/all/bin/pip" install -q --upgrade pip
"$work/all/bin/pip" install -q "$work"/wheels/torchlike_core-*.whl ./packages/autograd ./packages/gpu . -r requirements-test.txt
(cd tests && "$work"/all/bin/python -m pytest -q -p no:cacheprovider .)

echo "== the cuda backend on the CPU emulator (no GPU here; see tests/cuda/emulator)"
(cd tests && TORCHLIKE_CUDA_EMULATOR=1 TL_EMU_CACHE="$work/emulator-cache" \
    "$work"/all/bin/python -m pytest -q -p no:cacheprovider cuda \
    --ignore=cuda/test_nvcc_compile.py)
