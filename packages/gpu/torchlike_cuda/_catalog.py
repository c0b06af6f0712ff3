"""Every kernel variant the backend generates, as specs: what tests/cuda/test_nvcc_compile.py
compiles with nvcc on machines without a GPU (and what a GPU machine can precompile).

The variants follow the runtime's choices (_kernels_*.py): elementwise ops over every dtype
their table entry supports, contiguous (ndim 0) and strided over the 1, 2 and 3 coalesced
dims that almost every strided or broadcast operand reduces to (3 exercises the first,
middle and last steps of the index block), plus mixed-dtype and
Python-scalar operands; reductions one-pass and split (partial + final) over contiguous and
strided geometries; scans, indexing and RNG kernels for every dtype they accept. Reductions,
scans and RNG kernels are built by the same functions the runtime calls
(_kernels_reduce.reduce_specs/arg_reduce_spec/scan_spec, _random_ops.RANDOM_DTYPES), so a
variant the runtime can request cannot be missing here.
"""
from . import _ops
from ._codegen import (DTYPES, FLOATS, ATOMIC_ADD_DTYPES, Elementwise, Indexing, category,
                       compute_dtype)
from ._rng import Random

STRIDED_NDIM = 3
ELEMENTWISE_NDIMS = (0, 1, 2, STRIDED_NDIM)


def _elementwise_for(op, arity, dtypes, kinds):
    """The spec of `op` on operands of `dtypes`/`kinds`, or None when unsupported."""
    skip, skip_compute = _ops.UNPROMOTED_OPERAND.get(op, (None, None))
    value_dtypes = [d for j, d in enumerate(dtypes) if j != skip]
    promoted = value_dtypes[0]
    for d in value_dtypes[1:]:
        promoted = _promote(promoted, d)
    out, compute = _ops.result_and_compute(op, promoted)
    if category(compute) not in _ops.table()[op][1].exprs:
        return None
    computes = tuple(skip_compute or compute if j == skip else compute for j in range(arity))
    return lambda ndim: Elementwise(op, out, tuple(zip(dtypes, kinds)), computes, ndim)


_ORDER = {d: i for i, d in enumerate(DTYPES)}


def _promote(a, b):
    """PyTorch's promotion for the dtypes of this catalog (same category: the wider one;
    int with float: the float; bool with anything: the other; uint8 with int8: int16)."""
    if a == b:
        return a
    if {a, b} == {"uint8", "int8"}:
        return "int16"
    if a == "bool" or b == "bool":
        return b if a == "bool" else a
    if (a in FLOATS) != (b in FLOATS):
        return a if a in FLOATS else b
    return a if _ORDER[a] > _ORDER[b] else b


def elementwise_specs():
    specs = []
    for op, (arity, _entry) in sorted(_ops.table().items()):
        combos = [(tuple([d] * arity), ("tensor",) * arity) for d in DTYPES]
        if arity >= 2:
            combos += [(("int64", "float32") + ("float32",) * (arity - 2), ("tensor",) * arity),
                       (("float16",) + ("float32",) * (arity - 1),
                        ("tensor",) + ("scalar",) * (arity - 1)),
                       (("int32",) * arity, ("tensor",) + ("scalar",) * (arity - 1))]
        if op == "where":
            combos = [(("bool", d, d), ("tensor",) * 3) for d in DTYPES]
            combos.append((("bool", "float32", "float32"), ("tensor", "tensor", "scalar")))
        if op in ("add_alpha", "sub_alpha"):       # alpha is always a Python number
            combos = [((d, d, compute_dtype(d)), ("tensor", "tensor", "scalar"))
                      for d in DTYPES]
        if op == "nan_to_num":                     # the replacements are Python numbers
            combos = [((d,) + (compute_dtype(d),) * 3, ("tensor",) + ("scalar",) * 3)
                      for d in FLOATS]
        for dtypes, kinds in combos:
            make = _elementwise_for(op, arity, dtypes, kinds)
            if make is not None:
                specs += [make(nd) for nd in ELEMENTWISE_NDIMS]
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


def all_specs():
    """Every distinct spec (a second pass of one reduction can be the first of another)."""
    specs = (elementwise_specs() + reduction_specs() + scan_specs() + indexing_specs()
             + random_specs())
    return list({spec.name(): spec for spec in specs}.values())
