"""Random numbers on the device: Philox4x32-10 kernels and the per-device generator state.

Note [Device RNG]: a generator is (seed, offset). Every random op draws with the current
pair and then advances `offset` by one, so the same `manual_seed` followed by the same ops
gives the same numbers. Element e of an op's (contiguous) output takes word e % 4 (e % 2 for
64-bit draws, which use two words) of Philox4x32-10(counter = (group, offset), key = seed)
with group = e / 4 (e / 2). The same function runs on the host in
tests/cuda/test_rng_philox.py against Random123's known-answer vectors.
"""
from collections import namedtuple

from ._codegen import CTYPE, PRELUDE, store

PHILOX = r"""
#ifndef TL_PHILOX
#define TL_PHILOX
struct tl_u4 { unsigned int x, y, z, w; };
__host__ __device__ __forceinline__ unsigned int tl_mulhilo(unsigned int a, unsigned int b,
                                                            unsigned int* hi) {
  unsigned long long p = (unsigned long long)a * b;
  *hi = (unsigned int)(p >> 32);
  return (unsigned int)p;
}
__host__ __device__ __forceinline__ tl_u4 tl_philox(tl_u4 c, unsigned int k0, unsigned int k1) {
  for (int round = 0; round < 10; ++round) {
    unsigned int hi0, hi1;
    unsigned int lo0 = tl_mulhilo(0xD2511F53u, c.x, &hi0);
    unsigned int lo1 = tl_mulhilo(0xCD9E8D57u, c.z, &hi1);
    tl_u4 n = {hi1 ^ c.y ^ k0, lo1, hi0 ^ c.w ^ k1, lo0};
    c = n;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return c;
}
__host__ __device__ __forceinline__ float tl_uniform_f(unsigned int x) {
  return (x >> 8) * (1.0f / 16777216.0f);                 // [0, 1), 24 bits
}
__host__ __device__ __forceinline__ double tl_uniform_d(unsigned int lo, unsigned int hi) {
  unsigned long long v = ((unsigned long long)hi << 32) | lo;
  return (v >> 11) * (1.0 / 9007199254740992.0);           // [0, 1), 53 bits
}
#endif
"""

# kind: "uniform" | "normal" | "randint" | "bernoulli"; dtype: the output dtype.
Random = namedtuple("Random", "kind dtype")


def _name(spec):
    return f"tl_rng_{spec.kind}_{spec.dtype}"


Random.name = _name


def draws_per_group(dtype):
    return 2 if dtype == "float64" else 4


def random_source(spec):
    """Each thread computes one Philox group and writes its 4 (or 2) elements.
    uniform: low + (high - low) * u, u in [0, 1); normal: mean + std * Box-Muller(u1, u2);
    randint: low + (64-bit draw % range); bernoulli: u < p (as 0/1 of `dtype`)."""
    wide = spec.dtype == "float64"
    per = draws_per_group(spec.dtype)
    t = CTYPE[spec.dtype]
    if wide:
        words = ["tl_uniform_d(r.x, r.y)", "tl_uniform_d(r.z, r.w)"]
        comp = "double"
        pi2 = "6.283185307179586"
    else:
        words = ["tl_uniform_f(r.x)", "tl_uniform_f(r.y)", "tl_uniform_f(r.z)", "tl_uniform_f(r.w)"]
        comp = "float"
        pi2 = "6.2831853f"
    lines = []
    if spec.kind == "normal":
        for p in range(0, per, 2):
            u1, u2 = words[p], words[p + 1]
            lines += [f"{{ {comp} rad = sqrt(-2 * log(({comp})1 - {u1}));",
                      f"  {comp} th = {pi2} * {u2};",
                      f"  v[{p}] = a + b * rad * cos(th); v[{p + 1}] = a + b * rad * sin(th); }}"]
    elif spec.kind == "uniform":
        lines += [f"v[{p}] = a + (b - a) * {words[p]};" for p in range(per)]
    elif spec.kind == "bernoulli":
        lines += [f"v[{p}] = ({words[p]} < a) ? 1 : 0;" for p in range(per)]
    elif spec.kind == "randint":
        per = 2          # two 32-bit words per value
    else:
        raise ValueError(spec.kind)
    if spec.kind == "randint":
        # exact for any int64 range (computed in integers, not through double); the bias of
        # the modulo is below range / 2^64
        lines = [f"{{ unsigned long long w = ((unsigned long long){hi} << 32) | {lo}; "
                 f"iv[{j}] = lo + (long long)(w % (unsigned long long)range); }}"
                 for j, (lo, hi) in enumerate([("r.x", "r.y"), ("r.z", "r.w")])]
        values = [f"iv[{j}]" for j in range(per)]
        decl = "long long iv[2];"
    else:
        values = [f"v[{j}]" for j in range(per)]
        decl = f"{comp} v[{per}];"
    writes = "\n".join(f"    if (e + {j} < n) out[e + {j}] = {store(spec.dtype, values[j])};"
                       for j in range(per))
    body = "\n".join("    " + line for line in lines)
    return f"""{PRELUDE}{PHILOX}
extern "C" __global__ void {spec.name()}({t}* out, long long n, unsigned long long seed,
    unsigned long long offset, double a, double b, long long lo, long long range) {{
  for (long long g = blockIdx.x * (long long)blockDim.x + threadIdx.x; g * {per} < n;
       g += (long long)blockDim.x * gridDim.x) {{
    tl_u4 c = {{(unsigned int)g, (unsigned int)(g >> 32), (unsigned int)offset,
               (unsigned int)(offset >> 32)}};
    tl_u4 r = tl_philox(c, (unsigned int)seed, (unsigned int)(seed >> 32));
    long long e = g * {per};
    {decl}
{body}
{writes}
  }}
}}
"""


class Generator:
    """The (seed, offset) state of one device's default generator (Note [Device RNG])."""

    def __init__(self, seed=67280421310721):
        self.seed = seed
        self.offset = 0

    def manual_seed(self, seed):
        self.seed = int(seed) & 0xFFFFFFFFFFFFFFFF
        self.offset = 0
        return self

    def initial_seed(self):
        return self.seed

    def next(self):
        """The (seed, offset) of the next random op, advancing the state."""
        pair = (self.seed, self.offset)
        self.offset += 1
        return pair

    def get_state(self):
        return (self.seed, self.offset)

    def set_state(self, state):
        self.seed, self.offset = int(state[0]), int(state[1])


_generators = {}


def generator(index):
    gen = _generators.get(index)
    if gen is None:
        gen = _generators[index] = Generator()
    return gen


def manual_seed_all(seed, count):
    for index in range(max(count, 1)):
        generator(index).manual_seed(seed)
