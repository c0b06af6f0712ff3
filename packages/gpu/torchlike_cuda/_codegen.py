"""CUDA C source generation (pure Python: no pycuda, no device).

Every kernel is described by a small hashable spec; `*_source(spec)` returns the CUDA C of
one `extern "C" __global__` function named `spec.name()`. The sources are compiled by
_compiler.py on a GPU machine and by tests/cuda/test_nvcc_compile.py with nvcc anywhere.

Note [Strided kernels]: operands are never copied to make them contiguous. The host passes
each operand's data pointer *already advanced by its storage offset*, the (coalesced) shape
and each operand's strides in elements (0 for a broadcast dimension). A strided kernel turns
the linear index of an output element into per-operand offsets with the block written by
`index_block`: innermost dimension first, `k = r % size_d; r = r / size_d;` then
`o_x += k * st_x_d` for every operand x. tests/cuda/test_codegen.py executes that block in
Python (so a wrong stride formula fails on a machine without a GPU). The block is written
one statement per line, in the subset of C that test translates; keep it so.
A spec with ndim == 0 is the contiguous variant: every operand is indexed by the linear
index itself.
"""
from collections import namedtuple

from . import _ops

CTYPE = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char", "int16": "short",
         "int32": "int", "int64": "long long", "float16": "__half", "float32": "float",
         "float64": "double"}
DTYPES = tuple(CTYPE)
FLOATS = ("float16", "float32", "float64")
INTS = ("uint8", "int8", "int16", "int32", "int64")
BLOCK = 256          # threads per block of every generated kernel (a power of two)


def compute_dtype(dt):
    """The dtype arithmetic on `dt` is done in: float16 computes in float32."""
    return "float32" if dt == "float16" else dt


def category(dt):
    return "f" if dt in FLOATS else ("b" if dt == "bool" else "i")


def load(dt, to, expr):
    """C converting the stored value `expr` of dtype `dt` to dtype `to`'s C type."""
    if dt == "float16":
        value = f"__half2float({expr})"
        return value if to == "float32" else f"(({CTYPE[to]}){value})"
    if to == "float16":
        raise ValueError("values are never computed in float16")
    if to == "bool" and dt != "bool":
        return f"({expr} != 0)"
    return f"(({CTYPE[to]})({expr}))"


def store(dt, expr):
    """C converting a computed value to the stored type of dtype `dt`."""
    if dt == "float16":
        return f"__float2half((float)({expr}))"
    if dt == "bool":
        return f"((bool)({expr}))"
    return f"(({CTYPE[dt]})({expr}))"


PRELUDE = r"""
#ifndef TL_PRELUDE
#define TL_PRELUDE
#include <cuda_fp16.h>
#include <math_constants.h>
// Sort order (Note [Sort order] in the core): stable, NaN greater than everything; a
// descending sort keeps ties in their original order. Ids of -1 pad a row to a power of 2.
template <typename C> __device__ __forceinline__ bool tl_sort_before(C a, long long ia, C b,
                                                                     long long ib, int desc) {
  if (ia < 0) return false;
  if (ib < 0) return true;
  bool an = a != a, bn = b != b;
  if (an || bn) return (an && bn) ? ia < ib : (desc ? an : bn);
  if (a == b) return ia < ib;
  return desc ? a > b : a < b; }
template <typename T> __host__ __device__ __forceinline__ T tl_sign(T a) {
  return (T)((a > 0) - (a < 0)); }         // NaN gives 0, as PyTorch
template <typename T> __host__ __device__ __forceinline__ T tl_maximum(T a, T b) {
  return a != a ? a : (b != b ? b : (a > b ? a : b)); }
template <typename T> __host__ __device__ __forceinline__ T tl_minimum(T a, T b) {
  return a != a ? a : (b != b ? b : (a < b ? a : b)); }
template <typename T> __host__ __device__ __forceinline__ T tl_clamp(T a, T lo, T hi) {
  T t = a < lo ? lo : a; return t > hi ? hi : t; }
template <typename T> __host__ __device__ __forceinline__ T tl_sinc(T a) {
  if (a == 0) return (T)1; T x = a * (T)CUDART_PI; return sin(x) / x; }
// PyTorch's div_floor_floating: floor of the exact quotient (a - fmod(a, b)) / b, which
// floor(a / b) misses when a / b rounds up to an integer.
template <typename T> __host__ __device__ __forceinline__ T tl_floordiv_f(T a, T b) {
  if (b == 0) return a / b;
  T mod = fmod(a, b); T div = (a - mod) / b;
  if (mod != 0 && ((b < 0) != (mod < 0))) div -= (T)1;
  if (div == 0) return copysign((T)0, a / b);
  T fl = floor(div); if (div - fl > (T)0.5) fl += (T)1;
  return fl; }
template <typename T> __host__ __device__ __forceinline__ T tl_floordiv_i(T a, T b) {
  if (b == 0) return (T)0;
  T q = a / b; return (q * b != a && ((a < 0) != (b < 0))) ? (T)(q - 1) : q; }
// An operand whose dtype is a kernel argument (code = index in _codegen.DTYPES), so one
// kernel serves every mix of operand dtypes (Note [Mixed dtypes]).
template <typename T> __host__ __device__ __forceinline__ T tl_load_any(
    const void* p, int dt, long long i) {
  switch (dt) {
    case 0: return (T)((const bool*)p)[i];
    case 1: return (T)((const unsigned char*)p)[i];
    case 2: return (T)((const signed char*)p)[i];
    case 3: return (T)((const short*)p)[i];
    case 4: return (T)((const int*)p)[i];
    case 5: return (T)((const long long*)p)[i];
    case 6: return (T)__half2float(((const __half*)p)[i]);
    case 7: return (T)((const float*)p)[i];
    default: return (T)((const double*)p)[i];
  } }
__host__ __device__ __forceinline__ float tl_round_half(float x) {
  return __half2float(__float2half(x)); }
template <typename T> __host__ __device__ __forceinline__ T tl_truncdiv_i(T a, T b) {
  return b == 0 ? (T)0 : (T)(a / b); }
template <typename T> __host__ __device__ __forceinline__ T tl_remainder_f(T a, T b) {
  T r = fmod(a, b); return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r; }
template <typename T> __host__ __device__ __forceinline__ T tl_remainder_i(T a, T b) {
  if (b == 0) return (T)0;
  T r = a % b; return (r != 0 && ((r < 0) != (b < 0))) ? (T)(r + b) : r; }
template <typename T> __host__ __device__ __forceinline__ T tl_ipow(T a, T b) {
  if (b < 0) return a == 1 ? (T)1 : (a == (T)-1 ? ((b & 1) ? (T)-1 : (T)1) : (T)0);
  T r = 1; while (b) { if (b & 1) r *= a; a *= a; b >>= 1; } return r; }
template <typename T> __host__ __device__ __forceinline__ T tl_shl(T a, T b) {
  return (b < 0 || b >= (T)(8 * sizeof(T))) ? (T)0 : (T)(a << b); }
template <typename T> __host__ __device__ __forceinline__ T tl_shr(T a, T b) {
  return (b < 0 || b >= (T)(8 * sizeof(T))) ? (T)(a < 0 ? -1 : 0) : (T)(a >> b); }
template <typename T> __host__ __device__ __forceinline__ T tl_logaddexp(T a, T b) {
  T m = a > b ? a : b; if (isinf(m) && a == b) return m;
  return m + log1p(exp(-fabs(a - b))); }
template <typename T> __host__ __device__ __forceinline__ T tl_logaddexp2(T a, T b) {
  T m = a > b ? a : b; if (isinf(m) && a == b) return m;
  return m + log1p(exp2(-fabs(a - b))) / (T)CUDART_LN2; }
template <typename T> __host__ __device__ __forceinline__ T tl_lowest();
template <typename T> __host__ __device__ __forceinline__ T tl_highest();
template <> __host__ __device__ __forceinline__ float tl_lowest<float>() { return -HUGE_VALF; }
template <> __host__ __device__ __forceinline__ float tl_highest<float>() { return HUGE_VALF; }
template <> __host__ __device__ __forceinline__ double tl_lowest<double>() { return -HUGE_VAL; }
template <> __host__ __device__ __forceinline__ double tl_highest<double>() { return HUGE_VAL; }
template <> __host__ __device__ __forceinline__ bool tl_lowest<bool>() { return false; }
template <> __host__ __device__ __forceinline__ bool tl_highest<bool>() { return true; }
template <> __host__ __device__ __forceinline__ unsigned char tl_lowest<unsigned char>() { return 0; }
template <> __host__ __device__ __forceinline__ unsigned char tl_highest<unsigned char>() { return 255; }
template <> __host__ __device__ __forceinline__ signed char tl_lowest<signed char>() { return -128; }
template <> __host__ __device__ __forceinline__ signed char tl_highest<signed char>() { return 127; }
template <> __host__ __device__ __forceinline__ short tl_lowest<short>() { return -32768; }
template <> __host__ __device__ __forceinline__ short tl_highest<short>() { return 32767; }
template <> __host__ __device__ __forceinline__ int tl_lowest<int>() { return -2147483647 - 1; }
template <> __host__ __device__ __forceinline__ int tl_highest<int>() { return 2147483647; }
template <> __host__ __device__ __forceinline__ long long tl_lowest<long long>() {
  return -9223372036854775807LL - 1; }
template <> __host__ __device__ __forceinline__ long long tl_highest<long long>() {
  return 9223372036854775807LL; }
// Note [Arg reductions]: (value, index) pairs; NaN wins (as PyTorch's max/argmax), then the
// larger (smaller) value, then the smaller index, so the result does not depend on the
// order in which the tree combines partial results.
template <typename T> __host__ __device__ __forceinline__ bool tl_arg_better(
    T v, long long i, T w, long long j, bool is_max) {
  if (v != v) return (w == w) || i < j;
  if (w != w) return false;
  if (v == w) return i < j;
  return is_max ? v > w : v < w; }
#endif
"""


# ---- geometry (host side) ---------------------------------------------------------------

def coalesce(shape, strides):
    """Drop size-1 dims and merge dims that are contiguous for every operand.

    strides: one stride tuple per operand (all of len(shape)). Returns (shape, strides) with
    as few dims as possible; a tensor with one element or none gives ((), ...). Merging d
    into d+1 is valid when, for every operand, stride[d] == stride[d+1] * size[d+1]."""
    dims = [d for d in range(len(shape)) if shape[d] != 1]
    if any(shape[d] == 0 for d in dims):
        return (0,), tuple((0,) for _ in strides)
    out_shape, out_strides = [], [[] for _ in strides]
    for d in dims:
        if out_shape and all(st[d] * shape[d] == os[-1] for st, os in zip(strides, out_strides)):
            out_shape[-1] *= shape[d]
            for st, os in zip(strides, out_strides):
                os[-1] = st[d]
            continue
        out_shape.append(shape[d])
        for st, os in zip(strides, out_strides):
            os.append(st[d])
    return tuple(out_shape), tuple(tuple(os) for os in out_strides)


def is_linear(shape, strides):
    """True when a coalesced geometry is one contiguous run for every operand (the
    contiguous kernel variant applies)."""
    return len(shape) <= 1 and all(st in ((), (1,)) for st in strides)


# ---- index arithmetic (Note [Strided kernels]) -------------------------------------------

def index_block(ndim, operands, linear="i", sizes="size", coords=False):
    """C lines turning `linear` into offsets `o_<x>` of each operand x (its strides are the
    kernel parameters `st_<x>_<d>`). With coords=True the coordinates `k<d>` are kept, for
    kernels that replace one of them (gather, index_select)."""
    lines = [f"long long r = {linear};"]
    lines += [f"long long o_{x} = 0;" for x in operands]
    for d in range(ndim - 1, -1, -1):
        k = f"k{d}" if coords else "k"
        decl = "long long " if coords or d == ndim - 1 else ""
        if d > 0:
            lines.append(f"{decl}{k} = r % {sizes}{d};")
            lines.append(f"r = r / {sizes}{d};")
        else:
            lines.append(f"{decl}{k} = r;")
        lines += [f"o_{x} += {k} * st_{x}_{d};" for x in operands]
    return lines


def _geometry_params(ndim, operands, sizes="size"):
    params = [f"long long {sizes}{d}" for d in range(ndim)]
    params += [f"long long st_{x}_{d}" for x in operands for d in range(ndim)]
    return params


def _indent(lines, n):
    return "\n".join(" " * n + line for line in lines)


# ---- elementwise kernels -----------------------------------------------------------------

ANY = "any"


class Elementwise(namedtuple("Elementwise", "op out operands compute ndim")):
    """op: a name of _ops.table(); out: result dtype; operands: one (dtype, kind) per operand,
    kind "tensor" or "scalar" (a Python number passed by value as double or long long);
    a tensor of dtype ANY has its dtype passed at run time (Note [Mixed dtypes]);
    compute: one compute dtype per operand (the dtype its value is converted to before the
    expression; the expression's {T} is the last one's); ndim: 0 for the contiguous
    variant, else the number of (coalesced) dims."""

    def name(self):
        ops = "_".join(f"{dt}{'s' if kind == 'scalar' else ''}" for dt, kind in self.operands)
        return f"tl_ew_{self.op}_{self.out}_{ops}_c{'_'.join(self.compute)}_d{self.ndim}"


def scalar_ctype(dt):
    """How a Python-number operand of compute dtype `dt` is passed: double or long long."""
    return "double" if dt in FLOATS else "long long"


def expression(op, compute):
    """The C expression of `op` in compute dtype `compute`, or None when unsupported."""
    _arity, entry = _ops.table()[op]
    expr = entry.exprs.get(category(compute))
    return expr


def elementwise_source(spec):
    expr = expression(spec.op, spec.compute[-1])
    if expr is None:
        raise NotImplementedError(f"{spec.op} has no CUDA expression for {spec.compute[-1]}")
    names = "abcd"
    tensors = [f"x{j}" for j, (_, kind) in enumerate(spec.operands) if kind == "tensor"]
    params = [f"{CTYPE[spec.out]}* out"]
    values = {}
    for j, ((dt, kind), comp) in enumerate(zip(spec.operands, spec.compute)):
        offset = "i" if spec.ndim == 0 else f"o_x{j}"
        if kind == "tensor" and dt == ANY:
            params += [f"const void* x{j}", f"int dt{j}"]
            values[names[j]] = f"tl_load_any<{CTYPE[comp]}>(x{j}, dt{j}, {offset})"
        elif kind == "tensor":
            params.append(f"const {CTYPE[dt]}* x{j}")
            values[names[j]] = load(dt, comp, f"x{j}[{offset}]")
        else:
            params.append(f"{scalar_ctype(comp)} s{j}")
            values[names[j]] = load(comp if comp != "bool" else "int64", comp, f"s{j}")
    params.append("long long n")
    body = []
    if spec.ndim:
        params += _geometry_params(spec.ndim, ["out"] + tensors)
        body += index_block(spec.ndim, ["out"] + tensors)
    target = "out[i]" if spec.ndim == 0 else "out[o_out]"
    for j, letter in enumerate(names[:len(spec.operands)]):
        body.append(f"const {CTYPE[spec.compute[j]]} {letter} = {values[letter]};")
    # {R}: out is the result's dtype here (apply() computes into a temporary otherwise)
    rounding = "tl_round_half" if spec.out == "float16" else ""
    result = expr.format(T=CTYPE[spec.compute[-1]], R=rounding, a="a", b="b", c="c", d="d")
    body.append(f"{target} = {store(spec.out, result)};")
    return f"""{PRELUDE}
extern "C" __global__ void {spec.name()}({", ".join(params)}) {{
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
       i += (long long)blockDim.x * gridDim.x) {{
    // index begin
{_indent(body, 4)}
  }}
}}
"""


# ---- reductions --------------------------------------------------------------------------

class Reduce(namedtuple("Reduce", "op inp out acc kept_ndim red_ndim final")):
    """One block per output slice (Note [Reduction kernels]). op: a name of
    _ops.REDUCTIONS or _ops.ARG_REDUCTIONS; inp/out/acc: dtypes; kept_ndim/red_ndim: the
    coalesced dims that index outputs and the reduced elements of a slice (0 for
    contiguous); final: apply the op's finalize (False on the first pass of a split
    reduction, which writes partial accumulators)."""

    def name(self):
        return (f"tl_red_{self.op}_{self.inp}_{self.out}_{self.acc}_k{self.kept_ndim}"
                f"_r{self.red_ndim}_{'f' if self.final else 'p'}")


def reduction_source(spec):
    """Note [Reduction kernels]: the host permutes the reduced dims last and coalesces both
    groups, which is the (outer, reduce, inner) form generalised to any strides. Block b
    handles output slice `b / chunks` and the `b % chunks`-th chunk of its reduced
    elements: chunks == 1 for a one-pass reduction; a few outputs over many elements are
    split into `chunks` partial results (final=False) that a second, contiguous pass
    combines. Threads accumulate a strided share of the chunk, then a shared-memory tree
    combines the BLOCK partial values."""
    is_arg = spec.op in _ops.ARG_REDUCTIONS
    acc_t = CTYPE[spec.acc]
    T = acc_t
    params = [f"{CTYPE[spec.out]}* out"]
    if is_arg:
        params.append("long long* out_idx")
        params.append("const long long* in_idx")    # partial indices of a second pass, or NULL
    params += [f"const {CTYPE[spec.inp]}* in", "long long n_out", "long long n_red",
               "long long chunks", "long long count"]
    params += [f"long long ksize{d}" for d in range(spec.kept_ndim)]
    params += [f"long long st_in_{d}" for d in range(spec.kept_ndim)]
    params += [f"long long st_out_{d}" for d in range(spec.kept_ndim)]
    params += [f"long long rsize{d}" for d in range(spec.red_ndim)]
    params += [f"long long st_ri_{d}" for d in range(spec.red_ndim)]
    if spec.kept_ndim:
        kept = index_block(spec.kept_ndim, ["in", "out"], linear="slice", sizes="ksize")
    else:
        kept = ["long long o_in = slice * n_red;", "long long o_out = slice;"]
    if spec.red_ndim:
        red = index_block(spec.red_ndim, ["ri"], linear="j", sizes="rsize")
    else:
        red = ["long long o_ri = j;"]
    value = load(spec.inp, spec.acc, "in[o_in + o_ri]")
    if is_arg:
        is_max = "true" if _ops.ARG_REDUCTIONS[spec.op] else "false"
        init = [f"{acc_t} acc = tl_{'lowest' if _ops.ARG_REDUCTIONS[spec.op] else 'highest'}"
                f"<{acc_t}>();", "long long acc_i = -1;"]
        step = [f"{acc_t} v = {value};",
                "long long vi = in_idx ? in_idx[o_in + o_ri] : j;",
                f"if (acc_i < 0 || tl_arg_better(v, vi, acc, acc_i, {is_max})) "
                "{ acc = v; acc_i = vi; }"]
        shared = [f"__shared__ {acc_t} sh[{BLOCK}];", f"__shared__ long long shi[{BLOCK}];",
                  "sh[threadIdx.x] = acc;", "shi[threadIdx.x] = acc_i;"]
        merge = ["long long wi = shi[threadIdx.x + s];",
                 f"{acc_t} w = sh[threadIdx.x + s];",
                 "long long ai = shi[threadIdx.x];",
                 f"if (wi >= 0 && (ai < 0 || tl_arg_better(w, wi, sh[threadIdx.x], ai, {is_max}))) "
                 "{ sh[threadIdx.x] = w; shi[threadIdx.x] = wi; }"]
        write = [f"out[o_out] = {store(spec.out, 'sh[0]')};", "out_idx[o_out] = shi[0];"]
    else:
        red_op = _ops.REDUCTIONS[spec.op]
        ident = red_op.identity.format(T=T)
        init = [f"{acc_t} acc = ({acc_t})({ident});"]
        step = [f"acc = {red_op.combine.format(x='acc', y=value, T=T)};"]
        shared = [f"__shared__ {acc_t} sh[{BLOCK}];", "sh[threadIdx.x] = acc;"]
        merge = [f"sh[threadIdx.x] = "
                 f"{red_op.combine.format(x='sh[threadIdx.x]', y='sh[threadIdx.x + s]', T=T)};"]
        result = "sh[0]"
        if spec.final and red_op.finalize:
            result = red_op.finalize.format(x=result, T=T)
        write = [f"out[o_out] = {store(spec.out, result)};"]
    if not spec.final:
        # partial results: out (and out_idx) are contiguous [n_out * chunks] buffers
        write = [w.replace("[o_out]", "[b]") for w in write]
    return f"""{PRELUDE}
extern "C" __global__ void {spec.name()}({", ".join(params)}) {{
  for (long long b = blockIdx.x; b < n_out * chunks; b += gridDim.x) {{
    long long slice = b / chunks;
    long long chunk = b % chunks;
    long long per = (n_red + chunks - 1) / chunks;
    long long begin = chunk * per;
    long long end = begin + per < n_red ? begin + per : n_red;
{_indent(kept, 4)}
{_indent(init, 4)}
    for (long long j = begin + threadIdx.x; j < end; j += blockDim.x) {{
{_indent(red, 6)}
{_indent(step, 6)}
    }}
{_indent(shared, 4)}
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {{
      if (threadIdx.x < s) {{
{_indent(merge, 8)}
      }}
      __syncthreads();
    }}
    if (threadIdx.x == 0) {{
{_indent(write, 6)}
    }}
    __syncthreads();
  }}
}}
"""


class Scan(namedtuple("Scan", "op inp out acc kept_ndim")):
    """cumsum/cumprod along one dim: one thread per slice (kept dims), sequential along it."""

    def name(self):
        return f"tl_scan_{self.op}_{self.inp}_{self.out}_{self.acc}_k{self.kept_ndim}"


def scan_source(spec):
    combine = {"cumsum": "acc + v", "cumprod": "acc * v"}[spec.op]
    ident = {"cumsum": "0", "cumprod": "1"}[spec.op]
    acc_t = CTYPE[spec.acc]
    params = [f"{CTYPE[spec.out]}* out", f"const {CTYPE[spec.inp]}* in", "long long n_out",
              "long long len", "long long st_in_dim", "long long st_out_dim"]
    params += _geometry_params(spec.kept_ndim, ["in", "out"], sizes="ksize")
    kept = (index_block(spec.kept_ndim, ["in", "out"], linear="slice", sizes="ksize")
            if spec.kept_ndim else ["long long o_in = 0;", "long long o_out = 0;"])
    return f"""{PRELUDE}
extern "C" __global__ void {spec.name()}({", ".join(params)}) {{
  for (long long slice = blockIdx.x * (long long)blockDim.x + threadIdx.x; slice < n_out;
       slice += (long long)blockDim.x * gridDim.x) {{
{_indent(kept, 4)}
    {acc_t} acc = ({acc_t}){ident};
    for (long long j = 0; j < len; ++j) {{
      {acc_t} v = {load(spec.inp, spec.acc, "in[o_in + j * st_in_dim]")};
      acc = {combine};
      out[o_out + j * st_out_dim] = {store(spec.out, "acc")};
    }}
  }}
}}
"""


# ---- indexing kernels --------------------------------------------------------------------

class Indexing(namedtuple("Indexing", "kind dtype ndim")):
    """kind: "index_select" | "gather" | "scatter" | "scatter_add"; dtype: the data dtype
    (indices are int64); ndim: dims of the iteration space (the output of index_select and
    gather, the index of scatter). The replaced coordinate is the runtime parameter `dim`."""

    def name(self):
        return f"tl_idx_{self.kind}_{self.dtype}_d{self.ndim}"


ATOMIC_ADD_DTYPES = ("float16", "float32", "float64", "int32", "int64")


def indexing_source(spec):
    """index_select: out[k] = src[k with k[dim] = index[k[dim]]];
    gather:          out[k] = src[k with k[dim] = index[k]];
    scatter(_add):   dst[k with k[dim] = index[k]] (+)= src[k].
    Indices were checked to lie in [0, size) before the launch."""
    t = CTYPE[spec.dtype]
    nd = spec.ndim
    walk = ["out"] if spec.kind == "index_select" else ["out", "idx"]
    if spec.kind in ("scatter", "scatter_add"):
        walk = ["src", "idx"]
    params = [f"{t}* dst", f"const {t}* src", "const long long* idx", "long long n", "long long dim"]
    params += [f"long long size{d}" for d in range(nd)]
    params += [f"long long st_{x}_{d}" for x in walk for d in range(nd)]
    params += [f"long long st_t_{d}" for d in range(nd)]
    if spec.kind == "index_select":
        params.append("long long st_idx_0")
    body = ["// index begin"] + index_block(nd, walk, coords=True)
    if spec.kind == "index_select":
        body.append("long long sel = 0;")
        body += [f"if (dim == {d}) sel = idx[k{d} * st_idx_0];" for d in range(nd)]
    else:
        body.append("long long sel = idx[o_idx];")
    body.append("long long o_t = 0;")
    body += [f"o_t += (dim == {d} ? sel : k{d}) * st_t_{d};" for d in range(nd)]
    if spec.kind == "scatter_add":
        if spec.dtype not in ATOMIC_ADD_DTYPES:
            raise NotImplementedError(f"scatter_add on cuda supports {ATOMIC_ADD_DTYPES}")
        ptr = "dst + o_t"
        if spec.dtype == "int64":
            body.append("atomicAdd((unsigned long long*)(dst + o_t), "
                        "(unsigned long long)src[o_src]);")
        else:
            body.append(f"atomicAdd({ptr}, src[o_src]);")
    elif spec.kind == "scatter":
        body.append("dst[o_t] = src[o_src];")
    else:
        body.append("dst[o_out] = src[o_t];")
    return f"""{PRELUDE}
extern "C" __global__ void {spec.name()}({", ".join(params)}) {{
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
       i += (long long)blockDim.x * gridDim.x) {{
{_indent(body, 4)}
  }}
}}
"""


class Arange(namedtuple("Arange", "dtype integral")):
    """out[i] = start + i * step into a new contiguous tensor of `dtype`: in int64 when
    `integral` (integer arguments and result), else in double, as the core's cpu arange."""

    def name(self):
        return f"tl_arange_{self.dtype}_{'i' if self.integral else 'f'}"


def arange_source(spec):
    comp = "long long" if spec.integral else "double"
    return f"""{PRELUDE}
extern "C" __global__ void {spec.name()}({CTYPE[spec.dtype]}* out, {comp} start, {comp} step,
                                          long long n) {{
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
       i += (long long)blockDim.x * gridDim.x) {{
    out[i] = {store(spec.dtype, f"start + ({comp})i * step")};
  }}
}}
"""


SORT_MAX = 2048      # the longest slice one block sorts in shared memory


class RowSort(namedtuple("RowSort", "dtype")):
    """Note [Sort kernel]: each block sorts whole rows of a contiguous (rows, n) tensor, one
    row at a time: the row and its positions go to shared memory, padded to a power of 2,
    then a bitonic network orders them by tl_sort_before (a runtime flag picks the
    direction). Ties are broken by position, so the sort is stable as the cpu's. Rows
    longer than SORT_MAX are sorted on the host."""

    def name(self):
        return f"tl_sort_{self.dtype}"


def sort_source(spec):
    t, c = CTYPE[spec.dtype], CTYPE[compute_dtype(spec.dtype)]
    return f"""{PRELUDE}
extern "C" __global__ void {spec.name()}(const {t}* in, {t}* vals, long long* order,
                                          long long rows, long long n, long long p, int desc) {{
  __shared__ {c} keys[{SORT_MAX}];
  __shared__ long long ids[{SORT_MAX}];
  for (long long row = blockIdx.x; row < rows; row += gridDim.x) {{
    for (long long j = threadIdx.x; j < p; j += blockDim.x) {{
      ids[j] = j < n ? j : -1;
      if (j < n) keys[j] = {load(spec.dtype, compute_dtype(spec.dtype), "in[row * n + j]")};
    }}
    __syncthreads();
    for (long long k = 2; k <= p; k <<= 1) {{
      for (long long s = k >> 1; s > 0; s >>= 1) {{
        for (long long i = threadIdx.x; i < p; i += blockDim.x) {{
          long long l = i ^ s;
          if (l > i && ((i & k) == 0 ? tl_sort_before(keys[l], ids[l], keys[i], ids[i], desc)
                                     : tl_sort_before(keys[i], ids[i], keys[l], ids[l], desc))) {{
            {c} key = keys[i]; keys[i] = keys[l]; keys[l] = key;
            long long id = ids[i]; ids[i] = ids[l]; ids[l] = id;
          }}
        }}
        __syncthreads();
      }}
    }}
    for (long long j = threadIdx.x; j < n; j += blockDim.x) {{
      vals[row * n + j] = {store(spec.dtype, "keys[j]")};
      order[row * n + j] = ids[j];
    }}
    __syncthreads();
  }}
}}
"""


def source_of(spec):
    """The CUDA source of any kernel spec."""
    from . import _rng
    if isinstance(spec, Elementwise):
        return elementwise_source(spec)
    if isinstance(spec, Reduce):
        return reduction_source(spec)
    if isinstance(spec, Scan):
        return scan_source(spec)
    if isinstance(spec, Indexing):
        return indexing_source(spec)
    if isinstance(spec, _rng.Random):
        return _rng.random_source(spec)
    if isinstance(spec, Arange):
        return arange_source(spec)
    if isinstance(spec, RowSort):
        return sort_source(spec)
    raise TypeError(f"not a kernel spec: {spec!r}")
