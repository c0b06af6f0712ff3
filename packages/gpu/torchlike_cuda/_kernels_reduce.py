"""Reductions and scans on cuda tensors (Note [Reduction kernels] in _codegen.py)."""
import numpy as np

from torchlike_core import _dtype
from torchlike_core._tensor import wrap_dim

from . import _compiler, _ops
from ._codegen import Reduce, Scan, coalesce, BLOCK, DTYPES, FLOATS
from ._device_tensor import empty, index_of

SPLIT_MIN = 1 << 15        # reduced elements per output above which few outputs are split


# ---- the kernel variants (shared with _catalog.py, so the nvcc test compiles exactly the
# specs the runtime asks for) ---------------------------------------------------------------

def reduce_specs(op, inp, kept_ndim, red_ndim, split):
    """The kernels of value reduction `op` on dtype `inp`: one final pass, or (split) a
    partial pass writing accumulators and a contiguous final pass over them."""
    red = _ops.REDUCTIONS[op]
    acc, out = red.acc(inp), red.out(inp)
    if not split:
        return [Reduce(op, inp, out, acc, kept_ndim, red_ndim, True)]
    return [Reduce(op, inp, acc, acc, kept_ndim, red_ndim, False),
            Reduce(op, acc, out, acc, 0, 0, True)]


def reduce_dtypes(op):
    """The input dtypes value reduction `op` accepts (mean: floating point only)."""
    return FLOATS if op == "mean" else DTYPES


def arg_reduce_spec(op, inp, kept_ndim, red_ndim):
    """max/min/argmax/argmin: values are written in the input dtype, indices as int64."""
    acc = "float32" if inp == "float16" else inp
    return Reduce(op, inp, inp, acc, kept_ndim, red_ndim, True)


def scan_spec(op, inp, kept_ndim):
    """cumsum/cumprod: integers accumulate (and return) int64, as PyTorch."""
    sums = _ops.REDUCTIONS["sum"]
    return Scan(op, inp, sums.out(inp), sums.acc(inp), kept_ndim)


def _dims(t, dim):
    """The sorted reduced dims (all of them for None or ())."""
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        return list(range(t.dim()))
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    out = sorted({wrap_dim(d, t.dim()) for d in dims})
    if len(out) != len(dims):
        raise RuntimeError("dim appears multiple times in the list of dims")
    return out


def _out_shape(t, dims, keepdim):
    if keepdim:
        return tuple(1 if d in dims else s for d, s in enumerate(t._shape))
    return tuple(s for d, s in enumerate(t._shape) if d not in dims)


def _geometry(t, dims, out_strides):
    """Coalesced (kept shape, (in, out) strides) and (reduced shape, in strides); a group
    that is one contiguous run gets ndim 0."""
    kept = [d for d in range(t.dim()) if d not in dims]
    k_shape, k_strides = coalesce(tuple(t._shape[d] for d in kept),
                                  [tuple(t._stride[d] for d in kept), out_strides])
    r_shape, (r_stride,) = coalesce(tuple(t._shape[d] for d in dims),
                                    [tuple(t._stride[d] for d in dims)])
    n_red = int(np.prod(r_shape)) if r_shape else 1
    red_linear = len(r_shape) <= 1 and r_stride in ((), (1,))
    kept_linear = red_linear and (len(k_shape) == 0 or (
        len(k_shape) == 1 and k_strides[0][0] == n_red and k_strides[1][0] == 1))
    return (k_shape, k_strides, kept_linear), (r_shape, r_stride, red_linear), n_red


def _launch_reduce(spec, index, out, out_idx, in_ptr, in_idx, n_out, n_red, chunks, count,
                   kept, red):
    k_shape, k_strides, _ = kept
    r_shape, r_stride, _ = red
    args = [np.uintp(out)]
    if out_idx is not None:
        args += [np.uintp(out_idx), np.uintp(in_idx or 0)]
    args += [np.uintp(in_ptr), np.int64(n_out), np.int64(n_red), np.int64(chunks),
             np.int64(count)]
    if spec.kept_ndim:
        args += [np.int64(s) for s in k_shape]
        args += [np.int64(s) for s in k_strides[0]] + [np.int64(s) for s in k_strides[1]]
    if spec.red_ndim:
        args += [np.int64(s) for s in r_shape] + [np.int64(s) for s in r_stride]
    grid = min(n_out * chunks, 1 << 30)
    _compiler.launch(spec, index, max(grid, 1), args)


def _chunks(n_out, n_red, index):
    if n_red < SPLIT_MIN or n_out >= 2 * _compiler._sm_count(index):
        return 1
    target = 4 * _compiler._sm_count(index) // max(n_out, 1)
    return max(1, min(target, n_red // (BLOCK * 8)))


def reduce(op, t, dim=None, keepdim=False, dtype=None):
    """Value reduction `op` (a key of _ops.REDUCTIONS) of cuda tensor t over `dim`."""
    from ._kernels_elementwise import cast
    if dtype is not None:
        t = cast(t, _dtype.to_dtype(dtype))
    red_op = _ops.REDUCTIONS[op]
    if op == "mean" and not t.is_floating_point():
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a "
                           f"floating point or complex dtype. Got: {t._dtype.legacy_name}")
    dims = _dims(t, dim)
    shape = _out_shape(t, dims, keepdim)
    inp = t._dtype.name
    out_dt = red_op.out(inp)
    index = index_of(t)
    out = empty(shape, _dtype.to_dtype(out_dt), index)
    n_out = out.numel()
    if n_out == 0:
        return out
    if op in ("amax", "amin") and t.numel() == 0:
        raise RuntimeError(f"{op}(): Expected reduction dim to be specified for "
                           "input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
    kept_out = tuple(s for s in (out._stride if not keepdim else
                                 tuple(out._stride[d] for d in range(t.dim()) if d not in dims)))
    kept, red, n_red = _geometry(t, dims, kept_out)
    k_nd = 0 if kept[2] else len(kept[0])
    r_nd = 0 if red[2] else len(red[0])
    chunks = _chunks(n_out, n_red, index)
    specs = reduce_specs(op, inp, k_nd, r_nd, chunks > 1)
    if chunks == 1:
        _launch_reduce(specs[0], index, out.data_ptr(), None, t.data_ptr(), None, n_out, n_red,
                       1, n_red, kept, red)
        return out
    first, second = specs
    partial = empty((n_out * chunks,), _dtype.to_dtype(first.out), index)
    _launch_reduce(first, index, partial.data_ptr(), None, t.data_ptr(), None, n_out, n_red,
                   chunks, n_red, kept, red)
    flat = ((), ((), ()), True), ((), (), True)
    _launch_reduce(second, index, out.data_ptr(), None, partial.data_ptr(), None, n_out,
                   chunks, 1, n_red, *flat)
    return out


def arg_reduce(op, t, dim=None, keepdim=False):
    """(values, indices) of max/min over one dim, or argmax/argmin (dim None: flattened)."""
    index = index_of(t)
    if t.numel() == 0 and (dim is None or t._shape[wrap_dim(dim, t.dim())] == 0):
        raise IndexError(f"{op}(): Expected reduction dim {'' if dim is None else dim} to be "
                         "specified for input.numel() == 0." if dim is None else
                         f"{op}(): Expected reduction dim {dim} to have non-zero size.")
    dims = _dims(t, dim)
    shape = _out_shape(t, dims, keepdim and dim is not None)
    values = empty(shape, t._dtype, index)
    indices = empty(shape, _dtype.int64, index)
    n_out = values.numel()
    if n_out == 0:
        return values, indices
    out_strides = tuple(s for s in _contig_strides_kept(t, dims))
    kept, red, n_red = _geometry(t, dims, out_strides)
    k_nd = 0 if kept[2] else len(kept[0])
    r_nd = 0 if red[2] else len(red[0])
    spec = arg_reduce_spec(op, t._dtype.name, k_nd, r_nd)
    _launch_reduce(spec, index, values.data_ptr(), indices.data_ptr(), t.data_ptr(), None,
                   n_out, n_red, 1, n_red, kept, red)
    return values, indices


def _contig_strides_kept(t, dims):
    kept = [t._shape[d] for d in range(t.dim()) if d not in dims]
    strides, acc = [], 1
    for s in reversed(kept):
        strides.append(acc)
        acc *= max(s, 1)
    return tuple(reversed(strides))


def scan(op, t, dim, dtype=None):
    """cumsum / cumprod along `dim`: integers accumulate (and return) int64, as PyTorch."""
    from ._kernels_elementwise import cast
    if dtype is not None:
        t = cast(t, _dtype.to_dtype(dtype))
    d = wrap_dim(dim, t.dim())
    index = index_of(t)
    out = empty(t._shape, _dtype.to_dtype(scan_spec(op, t._dtype.name, 0).out), index)
    if out.numel() == 0:
        return out
    if t.dim() == 0:
        from ._kernels_elementwise import copy_
        return copy_(out, t)
    kept_dims = [k for k in range(t.dim()) if k != d]
    k_shape, k_strides = coalesce(tuple(t._shape[k] for k in kept_dims),
                                  [tuple(t._stride[k] for k in kept_dims),
                                   tuple(out._stride[k] for k in kept_dims)])
    spec = scan_spec(op, t._dtype.name, len(k_shape))
    n_out = out.numel() // t._shape[d]
    args = [np.uintp(out.data_ptr()), np.uintp(t.data_ptr()), np.int64(n_out),
            np.int64(t._shape[d]), np.int64(t._stride[d]), np.int64(out._stride[d])]
    args += [np.int64(s) for s in k_shape]
    args += [np.int64(s) for st in k_strides for s in st]
    _compiler.launch(spec, index, _compiler.grid_for(n_out, index), args)
    return out
