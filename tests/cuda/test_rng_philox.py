"""The device Philox4x32-10 (Note [Device RNG]) run on the host: nvcc compiles the same
__host__ __device__ function into a host program, checked against Random123's
known-answer vectors and against a Python implementation of the counter layout."""
import os
import shutil
import subprocess
import tempfile

import pytest

from torchlike_cuda import _rng, _codegen

NVCC = shutil.which("nvcc")
pytestmark = pytest.mark.skipif(NVCC is None or shutil.which("g++") is None,
                                reason="nvcc and a host C++ compiler are needed")

KAT = [  # counter (4 words), key (2 words) -> output (Random123 kat_vectors, philox4x32 10)
    ((0, 0, 0, 0), (0, 0), (0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8)),
    ((0xffffffff,) * 4, (0xffffffff,) * 2, (0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd)),
    ((0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344), (0xa4093822, 0x299f31d0),
     (0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1)),
]


def _host_program():
    lines = [_codegen.PRELUDE, _rng.PHILOX, "#include <cstdio>", "int main() {"]
    for ctr, key, _ in KAT:
        lines.append("  { tl_u4 c = {%su, %su, %su, %su};" % ctr)
        lines.append("    tl_u4 r = tl_philox(c, %su, %su);" % key)
        lines.append('    printf("%08x %08x %08x %08x\\n", r.x, r.y, r.z, r.w); }')
    lines.append('  printf("%.9g\\n", (double)tl_uniform_f(0xffffffffu));')
    lines.append("  return 0; }")
    return "\n".join(lines)


def test_philox_matches_known_answers():
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "philox.cu"), os.path.join(tmp, "philox")
        with open(src, "w") as f:
            f.write(_host_program())
        proc = subprocess.run([NVCC, src, "-o", exe], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-3000:]
        out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout.split("\n")
    for line, (_, _, expected) in zip(out, KAT):
        assert line == " ".join(f"{w:08x}" for w in expected)
    assert float(out[len(KAT)]) < 1.0       # uniform draws stay below 1


def test_generator_state_is_reproducible():
    g = _rng.Generator().manual_seed(7)
    first = [g.next() for _ in range(3)]
    g.manual_seed(7)
    assert [g.next() for _ in range(3)] == first
    assert first[0] != first[1]
    state = g.get_state()
    a = g.next()
    g.set_state(state)
    assert g.next() == a

