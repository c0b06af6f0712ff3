"""Every kernel variant the backend generates, as specs: what tests/cuda/test_nvcc_compile.py
compiles with nvcc on machines without a GPU (and what a GPU machine can precompile).

The variants follow the runtime's choices (_kernels_*.py): elementwise ops over every dtype
their table entry supports, contiguous (ndim 0) and strided over the 1, 2 and 3 coalesced
dims that almost every strided or broadcast operand reduces to (3 exercises the first,
middle and last steps of the index block), plus mixed-dtype and
Python-scalar operands; reductions one-pass and split (partial + final) over contiguous and
strided geometries; scans, indexing, RNG, arange and sort kernels for every dtype they
accept. Reductions, scans and RNG kernels are built by the same functions the runtime calls
(_kernels_reduce.reduce_specs/arg_reduce_spec/scan_spec, _random_ops.RANDOM_DTYPES), so a
variant the runtime can request cannot be missing here.
"""
from . import _ops
from ._codegen import (ANY, DTYPES, FLOATS, ATOMIC_ADD_DTYPES, Arange, Elementwise, Indexing,
                       RowSort, category, compute_dtype)
from ._rng import Random

STRIDED_NDIM = 3
ELEMENTWISE_NDIMS = (0, 1, 2, STRIDED_NDIM)
MIXED_NDIMS = (0, 1)


def _spec_maker(op, arity, promoted, operands):
    """ndim -> the spec of `op` whose operands promote to `promoted`, or None when the op
    does not support that dtype. operands: (dtype, kind) per operand (ANY for a mixed
    tensor, the compute dtype for a Python number)."""
    skip, skip_compute = _ops.UNPROMOTED_OPERAND.get(op, (None, None))
    out, compute = _ops.result_and_compute(op, promoted)
    if category(compute) not in _ops.table()[op][1].exprs:
        return None
    computes = tuple(skip_compute or compute if j == skip else compute for j in range(arity))
    return lambda ndim: Elementwise(op, out, tuple(operands), computes, ndim)


def _with_python_number(d, kind):
    """The dtype a tensor of dtype d promotes to with a Python int or float."""
    if kind == "float":
        return d if d in FLOATS else "float32"
    return "int64" if d == "bool" else d


def _operand_patterns(op, arity):
    """(promoted dtype, operands, ndims) of the variants the runtime meets: tensors of one
    dtype, with trailing Python numbers or without; a tensor of one dtype with numbers of
    another kind (an int tensor times 0.5); and mixed tensor dtypes (Note [Mixed dtypes]
    in _kernels_elementwise.py), which are rarer and kept to fewer geometries."""
    skip = _ops.UNPROMOTED_OPERAND.get(op, (None, None))[0]
    lead = [("bool", "tensor")] if skip == 0 else []     # where's condition: a bool tensor
    values = arity - len(lead)
    least_scalars = 1 if skip is not None and skip > 0 else 0      # alpha is a number
    if op == "nan_to_num":
        least_scalars = values - 1
    for p in DTYPES:
        c = compute_dtype(p)
        for scalars in range(least_scalars, values):
            tensors = values - scalars
            yield (p, lead + [(p, "tensor")] * tensors + [(c, "scalar")] * scalars,
                   ELEMENTWISE_NDIMS)
            if tensors >= 2:
                yield (p, lead + [(ANY, "tensor")] * tensors + [(c, "scalar")] * scalars,
                       MIXED_NDIMS)
        for kind in ("int", "float"):
            q = _with_python_number(p, kind)
            if q != p and values >= 2:
                scalar = (compute_dtype(q), "scalar")
                yield q, lead + [(p, "tensor")] + [scalar] * (values - 1), MIXED_NDIMS


def elementwise_specs():
    specs = []
    for op, (arity, _entry) in sorted(_ops.table().items()):
        for promoted, operands, ndims in _operand_patterns(op, arity):
            make = _spec_maker(op, arity, promoted, operands)
            if make is not None:
                specs += [make(nd) for nd in ndims]
    return specs


# (kept, reduced) coalesced ndims of the reduction variants: contiguous both ways, a
# strided kept part, a strided reduced part, and both strided (every step of both index
# blocks). The runtime builds its specs with the same functions (_kernels_reduce.py).
REDUCE_GEOMETRIES = ((0, 0), (1, 0), (0, 2), (2, 1))
SCAN_KEPT_NDIMS = (0, 1, 2)
INDEXING_NDIMS = (1, 2, STRIDED_NDIM)


def reduction_specs():
    from ._kernels_reduce import reduce_specs, reduce_dtypes, arg_reduce_spec
    specs = []
    for op in _ops.REDUCTIONS:
        for d in reduce_dtypes(op):
            for k, r in REDUCE_GEOMETRIES:
                specs += reduce_specs(op, d, k, r, False) + reduce_specs(op, d, k, r, True)
    for op in _ops.ARG_REDUCTIONS:
        specs += [arg_reduce_spec(op, d, k, r) for d in DTYPES for k, r in REDUCE_GEOMETRIES]
    return specs


def scan_specs():
    from ._kernels_reduce import scan_spec
    return [scan_spec(op, d, k) for op in ("cumsum", "cumprod") for d in DTYPES
            for k in SCAN_KEPT_NDIMS]


def indexing_specs():
    specs = []
    for kind in ("index_select", "gather", "scatter", "scatter_add"):
        for d in DTYPES:
            if kind == "scatter_add" and d not in ATOMIC_ADD_DTYPES:
                continue
            specs += [Indexing(kind, d, nd) for nd in INDEXING_NDIMS]
    return specs


def random_specs():
    from ._random_ops import RANDOM_DTYPES
    return [Random(kind, d) for kind, dtypes in RANDOM_DTYPES.items() for d in dtypes]


def arange_specs():
    """bool has no arange (the core refuses it before any kernel); integer dtypes also meet
    float arguments (arange(0.5, 3, dtype=int64))."""
    return [Arange(d, integral) for d in DTYPES if d != "bool"
            for integral in ((False,) if d in FLOATS else (False, True))]


def all_specs():
    """Every distinct spec (a second pass of one reduction can be the first of another)."""
    specs = (elementwise_specs() + reduction_specs() + scan_specs() + indexing_specs()
             + random_specs() + arange_specs() + [RowSort(d) for d in DTYPES])
    return list({spec.name(): spec for spec in specs}.values())
