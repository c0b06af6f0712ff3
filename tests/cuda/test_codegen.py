"""The kernel generator checked on the CPU (no GPU, no nvcc): the index arithmetic of the
generated source is executed in Python against numpy's strides, geometry coalescing keeps
every element's offset, and the CUDA op table agrees with the core's op table."""
import itertools
import re

import numpy as np
import pytest

from torchlike_cuda import _codegen, _ops, _catalog
from torchlike_cuda._codegen import Elementwise, Reduce, Indexing


def _index_lines(source, begin="// index begin"):
    """The statements of the generated index block (Note [Strided kernels])."""
    body = source.split(begin, 1)[1]
    lines = []
    for line in body.splitlines():
        line = line.strip()
        if line.startswith("const ") or line.startswith("out[") or line.startswith("}"):
            break
        if line:
            lines.append(line)
    return lines


def _run_c(lines, env):
    """Execute the restricted C of an index block in Python (all values are non-negative,
    so C's `/` and `%` are Python's `//` and `%`)."""
    for line in lines:
        assert line.endswith(";"), line
        stmt = re.sub(r"^long long ", "", line[:-1])
        stmt = stmt.replace(" / ", " // ")
        exec(stmt, {}, env)
    return env


def _offsets_by_kernel(spec, shape, strides_by_operand):
    src = _codegen.elementwise_source(spec)
    lines = _index_lines(src)
    names = ["out"] + [f"x{j}" for j in range(len(strides_by_operand) - 1)]
    result = []
    n = int(np.prod(shape))
    for i in range(n):
        env = {"i": i}
        env.update({f"size{d}": s for d, s in enumerate(shape)})
        for name, st in zip(names, strides_by_operand):
            env.update({f"st_{name}_{d}": s for d, s in enumerate(st)})
        _run_c(lines, env)
        result.append(tuple(env[f"o_{name}"] for name in names))
    return result


def _view(base, shape, strides, offset):
    """numpy view of base (1-d) with element strides and offset."""
    item = base.itemsize
    return np.lib.stride_tricks.as_strided(base[offset:], shape, [s * item for s in strides])


CASES = [
    # shape, strides per operand (out, x0, x1), storage offsets of x0/x1
    ((2, 3, 4), [(12, 4, 1), (1, 2, 6), (0, 4, 1)], (5, 0)),     # transposed + broadcast dim 0
    ((3, 1, 5), [(5, 5, 1), (10, 7, 2), (0, 0, 0)], (3, 2)),     # stepped + scalar-like
    ((4, 2), [(2, 1), (1, 4), (2, 1)], (0, 7)),                  # transposed + offset
    ((2, 2, 2), [(4, 2, 1), (0, 1, 0), (4, 0, 1)], (1, 1)),      # several broadcast dims
]


@pytest.mark.parametrize("shape,strides,offsets", CASES)
def test_generated_offsets_address_the_same_elements_as_numpy(shape, strides, offsets):
    ndim = len(shape)
    spec = Elementwise("add", "float32", (("float32", "tensor"),) * 2, ("float32",) * 2, ndim)
    rng = np.random.default_rng(0)
    bases = [rng.standard_normal(200) for _ in range(3)]
    views = [_view(bases[0], shape, strides[0], 0)] + [
        _view(b, shape, st, off) for b, st, off in zip(bases[1:], strides[1:], offsets)]
    got = _offsets_by_kernel(spec, shape, strides)
    for i, idx in enumerate(itertools.product(*[range(s) for s in shape])):
        o_out, o0, o1 = got[i]
        # the host advances each pointer by its storage offset (Note [Strided kernels])
        assert bases[1][offsets[0] + o0] == views[1][idx]
        assert bases[2][offsets[1] + o1] == views[2][idx]
        assert bases[0][o_out] == views[0][idx]


def test_a_wrong_stride_formula_would_be_caught():
    """The emulation really depends on the generated strides: swap two of them."""
    shape, strides = (2, 3), [(3, 1), (1, 2)]
    spec = Elementwise("add", "float32", (("float32", "tensor"),), ("float32",), 2)
    good = _offsets_by_kernel(spec, shape, strides)
    bad = _offsets_by_kernel(spec, shape, [(3, 1), (2, 1)])
    assert [o[1] for o in good] == [0, 2, 4, 1, 3, 5]
    assert good != bad


@pytest.mark.parametrize("shape,strides", [
    ((2, 3, 4), [(12, 4, 1), (12, 4, 1)]),
    ((2, 3, 4), [(12, 4, 1), (0, 4, 1)]),
    ((2, 1, 3, 4), [(12, 12, 4, 1), (1, 5, 2, 6)]),
    ((5, 1), [(1, 1), (0, 9)]),
    ((3, 0, 2), [(0, 2, 1), (0, 2, 1)]),
])
def test_coalescing_keeps_every_offset(shape, strides):
    new_shape, new_strides = _codegen.coalesce(shape, strides)
    if 0 in shape:
        assert new_shape == (0,)
        return

    def offsets(shp, sts):
        return [tuple(sum(k * s for k, s in zip(idx, st)) for st in sts)
                for idx in itertools.product(*[range(s) for s in shp])]
    assert offsets(shape, strides) == offsets(new_shape, new_strides)
    assert len(new_shape) <= len(shape)


def test_contiguous_operands_coalesce_to_the_linear_variant():
    shape, strides = _codegen.coalesce((4, 5, 6), [(30, 6, 1), (30, 6, 1)])
    assert shape == (120,) and _codegen.is_linear(shape, strides)
    shape, strides = _codegen.coalesce((4, 5), [(5, 1), (1, 4)])
    assert not _codegen.is_linear(shape, strides)


def test_reduction_index_blocks_cover_kept_and_reduced_dims():
    spec = Reduce("sum", "float32", "float32", "float32", 2, 2, True)
    src = _codegen.reduction_source(spec)
    for name in ("ksize0", "ksize1", "st_in_1", "st_out_1", "rsize1", "st_ri_1"):
        assert name in src


def test_indexing_offsets_replace_the_indexed_coordinate():
    """gather over out/index of shape (2, 3) from src of shape (4, 3) along dim 0."""
    src = _codegen.indexing_source(Indexing("gather", "float32", 2))
    stmts = []
    for line in src.split("// index begin", 1)[1].splitlines():
        line = line.strip()
        if line.startswith("dst["):
            break
        if line:
            stmts.append(line)
    idx = np.array([[3, 0, 1], [2, 2, 0]])
    base = {"size0": 2, "size1": 3, "st_out_0": 3, "st_out_1": 1, "st_idx_0": 3,
            "st_idx_1": 1, "st_t_0": 3, "st_t_1": 1, "dim": 0, "idx": idx.reshape(-1)}
    for i in range(6):
        env = dict(base, i=i)
        for s in stmts:
            s = re.sub(r"^long long ", "", s[:-1]).replace(" / ", " // ")
            s = re.sub(r"\(dim == (\d) \? sel : (k\d)\)", r"(sel if dim == \1 else \2)", s)
            exec(s, {}, env)
        r, c = divmod(i, 3)
        assert env["o_out"] == i
        assert env["o_t"] == idx[r, c] * 3 + c


def test_op_table_rules_match_the_core_table():
    from torchlike_core import _ops_elementwise as core
    rules = {row[0]: row[2] for row in core.UNARY}
    rules.update({row[0]: row[3] for row in core.BINARY})
    for name, (_arity, op) in _ops.table().items():
        if name in rules:
            core_rule = {"same": "promote"}.get(rules[name], rules[name])
            assert op.rule == core_rule, name


def test_every_core_elementwise_row_has_a_cuda_expression():
    from torchlike_core import _ops_elementwise as core
    names = [row[0] for row in core.UNARY] + [row[0] for row in core.BINARY]
    missing = [n for n in names if n not in _ops.table()]
    assert missing == []


def test_result_dtypes_follow_the_rules():
    assert _ops.result_and_compute("add", "float16") == ("float16", "float32")
    assert _ops.result_and_compute("exp", "int64") == ("float32", "float32")
    assert _ops.result_and_compute("lt", "int8") == ("bool", "int8")
    assert _ops.result_and_compute("logical_and", "float64") == ("bool", "bool")


def test_catalog_has_contiguous_and_strided_variants_of_every_op():
    specs = _catalog.elementwise_specs()
    for op in _ops.table():
        nds = {s.ndim for s in specs if s.op == op}
        assert nds == set(_catalog.ELEMENTWISE_NDIMS), op


def test_kernel_names_are_unique_per_spec():
    specs = _catalog.all_specs()
    assert len({s.name() for s in specs}) == len(specs)
