"""Ops that predate the conformance tables: the common tutorial ops (creation, arithmetic
with broadcasting, reductions, views, indexing, joins, the matmul family, softmax...)."""
import numpy as np

from harness import Case, Err, T, rand

TIES = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]])
KINKS = np.array([-1.0, 0.0, 1.0, 2.0])

CASES = [
    Case("matmul", lambda L, a, b: L.matmul(a, b), rand(3, 4), T(rand(4, 5))),
    Case("max_dim", lambda L, a: L.max(a, dim=1), rand(3, 4)),
    Case("sum_int", lambda L, a: a.sum(), rand(3, 4, dtype="int64")),
    Case("shape", lambda L, a: a.shape, rand(3, 4)),
    Err("mm", lambda L, a, b: L.mm(a, b), rand(3, 4), rand(3, 4),
        match="mat1 and mat2 shapes cannot be multiplied (3x4 and 3x4)"),

    # ---- creation -----------------------------------------------------------------------
    Case("tensor_float_list", lambda L: L.tensor([[5.5, 3], [1, 2]])),
    Case("tensor_int_list", lambda L: L.tensor([1, 2, 3])),
    Case("tensor_bool_list", lambda L: L.tensor([True, False])),
    Case("tensor_dtype", lambda L: L.tensor([1.7, -2.5], dtype=L.int32)),
    Case("zeros_dtype", lambda L: L.zeros(2, 3, dtype=L.float64)),
    Case("ones_size_tuple", lambda L: L.ones((2, 3), dtype=L.int64)),
    Case("full_int_infers", lambda L: L.full((2, 2), 7)),
    Case("full_float", lambda L: L.full((2,), 1.5, dtype=L.float16)),
    Case("arange_float", lambda L: L.arange(0, 1, 0.25)),
    Case("arange_int", lambda L: L.arange(5)),
    Case("linspace", lambda L: L.linspace(-1, 1, 5)),
    # integer dtypes: the ends are cast first, then the steps are truncated
    Case("linspace", lambda L: [L.linspace(-3.5, 7.25, 11, dtype=d) for d in (L.int64, L.int16)],
         id="linspace_int_ends"),
    Case("linspace", lambda L: [L.linspace(0, 10, 4, dtype=L.int32), L.linspace(2, 2, 1),
                                L.linspace(0, 1, 0), L.linspace(0.5, 100.5, 13)],
         id="linspace_steps"),
    Case("eye_rect", lambda L: L.eye(2, 3)),
    Case("zeros_like_T", lambda L, a: L.zeros_like(a).stride(), T(rand(3, 4))),
    Case("ones_like_dtype", lambda L, a: L.ones_like(a, dtype=L.int32), rand(2, 3)),

    # ---- arithmetic with broadcasting --------------------------------------------------------
    Case("add_bcast", lambda L, a, b: a + b, rand(3, 1, 4), rand(5, 1)),
    Case("add_alpha", lambda L, a, b: L.add(a, b, alpha=2), rand(3, 4), T(rand(3, 4))),
    Case("sub_scalar", lambda L, a: 1 - a, rand(2, 3)),
    Case("mul_bcast_T", lambda L, a, b: a * b, T(rand(3, 4)), rand(4)),
    Case("div_bcast", lambda L, a, b: a / b, rand(2, 3), rand(3, positive=True)),
    Case("div_int_true", lambda L, a, b: a / b, rand(4, dtype="int64"), np.array([1, 2, 3, 4])),
    Case("pow_scalar", lambda L, a: a ** 2, rand(2, 3)),
    Case("pow_tensor", lambda L, a, b: L.pow(a, b), rand(2, 3, positive=True), rand(3)),
    Case("int_plus_float_scalar", lambda L, a: a + 1.5, rand(3, dtype="int64")),
    Case("float32_plus_float64_0d", lambda L, a, b: a + b, rand(3, dtype="float32"),
         np.array(2.0), gradcheck=False),
    Case("neg_abs", lambda L, a: (-a).abs(), T(rand(3, 4))),
    Case("exp_log", lambda L, a: L.log(L.exp(a) + 1), rand(3, 4)),
    Case("sqrt", lambda L, a: a.sqrt(), rand(3, positive=True)),
    Case("sigmoid_tanh", lambda L, a: L.sigmoid(a) * L.tanh(a), T(rand(2, 3))),
    Case("relu", lambda L, a: L.relu(a), rand(3, 4)),
    Case("clamp", lambda L, a: L.clamp(a, -0.5, 0.5), rand(3, 4)),
    Case("clamp_min_only", lambda L, a: a.clamp(min=0), T(rand(3, 4))),
    Case("where", lambda L, a, b: L.where(a > 0, a, b), rand(3, 4), rand(4)),
    Case("where_scalar", lambda L, a: L.where(a > 0, a, 0.0), rand(3, 4)),
    Case("iadd_", lambda L, a, b: a.clone().add_(b), rand(3, 4), rand(4)),
    Case("mul_inplace_op", lambda L, a: _imul(a.clone(), 3), rand(2, 2)),

    # ---- reductions with dim/keepdim ------------------------------------------------------
    Case("sum_dim_keepdim", lambda L, a: a.sum(dim=1, keepdim=True), rand(3, 4)),
    Case("sum_dims_tuple", lambda L, a: a.sum(dim=(0, 2)), rand(2, 3, 4)),
    Case("mean_dim", lambda L, a: a.mean(-1), T(rand(3, 4))),
    Case("mean_all", lambda L, a: L.mean(a), rand(3, 4)),
    Case("std_dim", lambda L, a: a.std(0), rand(5, 3)),
    Case("var_unbiased_false", lambda L, a: a.var(unbiased=False), rand(5, 3)),
    Case("prod_dim", lambda L, a: a.prod(1), rand(3, 4)),
    Case("max_all", lambda L, a: a.max(), rand(3, 4)),
    Case("min_dim_keepdim", lambda L, a: a.min(dim=0, keepdim=True), T(rand(3, 4))),
    Case("argmax", lambda L, a: a.argmax(), rand(3, 4)),
    Case("argmax_dim_keepdim", lambda L, a: L.argmax(a, dim=1, keepdim=True), rand(3, 4)),
    Case("argmin_dim", lambda L, a: a.argmin(0), T(rand(3, 4))),
    Case("cumsum", lambda L, a: a.cumsum(1), rand(3, 4)),
    Case("logsumexp", lambda L, a: L.logsumexp(a, dim=1), rand(3, 4)),
    Case("norm", lambda L, a: a.norm(), rand(3, 4)),
    Case("mean_0d", lambda L, a: a.mean(), np.array(3.0)),
    Case("sum_empty", lambda L, a: a.sum(0), np.zeros((0, 3))),
    Case("all_any", lambda L, a: [(a > 0).all(), (a > 0).any(dim=1)], rand(3, 4)),

    # ---- views and shapes -------------------------------------------------------------------
    Case("view", lambda L, a: a.view(4, 3), rand(3, 4)),
    Case("view_infer", lambda L, a: a.view(-1), rand(3, 4)),
    Case("reshape_T", lambda L, a: a.reshape(2, 6), T(rand(3, 4))),
    Case("t_contiguous", lambda L, a: a.t().contiguous().stride(), rand(3, 4)),
    Case("transpose", lambda L, a: a.transpose(0, 2), rand(2, 3, 4)),
    Case("permute", lambda L, a: a.permute(2, 0, 1), rand(2, 3, 4)),
    Case("unsqueeze_squeeze", lambda L, a: a.unsqueeze(1).squeeze(), rand(3, 1, 4)),
    Case("flatten", lambda L, a: L.flatten(a, 1), rand(2, 3, 4)),
    Case("expand", lambda L, a: a.expand(3, 4) * 1, rand(1, 4)),
    Case("repeat", lambda L, a: a.repeat(2, 3), rand(2, 2)),
    Case("view_as", lambda L, a, b: a.view_as(b), rand(3, 4), rand(4, 3)),
    Err("view_incompatible", lambda L, a: a.t().view(12), rand(3, 4),
        match="view size is not compatible with input tensor's size and stride"),
    Err("reshape_bad_numel", lambda L, a: a.reshape(5, 2), rand(3, 4),
        match="shape '[5, 2]' is invalid for input of size 12"),

    # ---- indexing -----------------------------------------------------------------------
    Case("index_int_slice", lambda L, a: a[1, 1:], rand(3, 4)),
    Case("index_step_neg", lambda L, a: a[:, -1], T(rand(3, 4))),
    Case("index_bool_mask", lambda L, a: a[a > 0], rand(3, 4)),
    Case("index_long_tensor", lambda L, a: a[L.tensor([2, 0, 2])], rand(3, 4)),
    Case("index_none_ellipsis", lambda L, a: a[None, ..., 0], rand(2, 3, 4)),
    Case("setitem_scalar", lambda L, a: _setitem(a.clone(), (slice(None), 0), 5.0), rand(3, 4)),
    Case("gather", lambda L, a: L.gather(a, 1, L.tensor([[0, 0], [1, 0], [3, 2]])), rand(3, 4)),
    Case("index_select", lambda L, a: a.index_select(0, L.tensor([2, 0])), T(rand(3, 4))),
    Case("masked_fill", lambda L, a: a.masked_fill(a < 0, 0.0), rand(3, 4)),
    Case("nonzero", lambda L, a: L.nonzero(a > 0), rand(3, 4)),
    Err("masked_fill_int_mask", lambda L, a: a.masked_fill(L.tensor([1, 0, 1, 0]), 0.0), rand(3, 4),
        match="masked_fill_ only supports boolean masks, but got mask with dtype long int"),
    Err("masked_fill_byte_mask", lambda L, a: a.masked_fill(L.tensor([1, 0, 1, 0]).byte(), 0.0),
        rand(3, 4), match="but got mask with dtype unsigned char"),
    Err("index_out_of_range", lambda L, a: a[5], rand(3, 4), exc=IndexError,
        match="index 5 is out of bounds for dimension 0 with size 3"),

    # ---- joins --------------------------------------------------------------------------
    Case("cat_dim0", lambda L, a, b: L.cat([a, b]), rand(2, 3), T(rand(3, 3))),
    Case("cat_dim1", lambda L, a, b: L.cat((a, b), dim=1), rand(2, 3), rand(2, 1)),
    Case("stack", lambda L, a, b: L.stack([a, b], dim=1), rand(2, 3), T(rand(2, 3))),
    Case("split", lambda L, a: L.split(a, 2), rand(5, 2)),
    Case("chunk", lambda L, a: a.chunk(3, dim=1), rand(2, 7)),
    Err("cat_mismatch", lambda L, a, b: L.cat([a, b]), rand(2, 3), rand(2, 4),
        match="Sizes of tensors must match except in dimension 0"),

    # ---- matmul family ----------------------------------------------------------------------
    Case("matmul_batched_bcast", lambda L, a, b: a @ b, rand(2, 3, 4), rand(4, 2)),
    Case("matmul_vec", lambda L, a, b: L.matmul(a, b), rand(3, 4), rand(4)),
    Case("mm", lambda L, a, b: L.mm(a, b), T(rand(3, 4)), rand(4, 2)),
    Case("bmm", lambda L, a, b: L.bmm(a, b), rand(2, 3, 4), rand(2, 4, 5)),
    Case("mv", lambda L, a, b: L.mv(a, b), rand(3, 4), rand(4)),
    Case("dot", lambda L, a, b: L.dot(a, b), rand(4), rand(4, seed=1)),
    Case("addmm", lambda L, c, a, b: L.addmm(c, a, b, beta=0.5, alpha=2), rand(3), rand(3, 4),
         rand(4, 3)),
    Case("matmul_int", lambda L, a, b: a @ b, rand(2, 3, dtype="int64"), rand(3, 2, dtype="int64")),
    Err("bmm_batch_mismatch", lambda L, a, b: L.bmm(a, b), rand(2, 3, 4), rand(3, 4, 5),
        match="Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4]."),
    Err("matmul_mismatch", lambda L, a, b: a @ b, rand(3, 4), rand(5, 2),
        match="mat1 and mat2 shapes cannot be multiplied (3x4 and 5x2)"),

    # ---- softmax family -------------------------------------------------------------------
    Case("softmax_dim1", lambda L, a: L.softmax(a, dim=1), rand(3, 4)),
    Case("softmax_method_T", lambda L, a: a.softmax(0), T(rand(3, 4))),
    Case("log_softmax_dim_neg", lambda L, a: L.log_softmax(a, dim=-1), rand(2, 3, 4)),
    Case("softmax_dtype", lambda L, a: L.softmax(a, 1, dtype=L.float64), rand(2, 3, dtype="float32")),

    # ---- gradients at ties, kinks and zeros (PyTorch's subgradient choices) -------------------
    Case("max_all_ties_grad", lambda L, a: a.max(), TIES, gradcheck=False),
    Case("max_dim_ties_grad", lambda L, a: a.max(dim=1).values, TIES, gradcheck=False),
    Case("amax_ties_grad", lambda L, a: a.amax(dim=1), TIES, gradcheck=False),
    Case("min_all_ties_grad", lambda L, a: a.min(), TIES, gradcheck=False),
    Case("maximum_ties_grad", lambda L, a, b: L.maximum(a, b), TIES, TIES.copy(), gradcheck=False),
    Case("abs_at_zero_grad", lambda L, a: a.abs(), KINKS, gradcheck=False),
    Case("relu_at_zero_grad", lambda L, a: a.relu(), KINKS, gradcheck=False),
    Case("clamp_at_bounds_grad", lambda L, a: a.clamp(-1.0, 1.0), KINKS, gradcheck=False),
    Case("sqrt_at_zero_grad", lambda L, a: a.sqrt(), np.array([0.0, 4.0]), gradcheck=False),
    Case("norm_at_zero_grad", lambda L, a: a.norm(), np.zeros(3), gradcheck=False),
    Case("prod_with_zero_grad", lambda L, a: a.prod(), np.array([2.0, 0.0, 3.0])),
    Case("prod_two_zeros_grad", lambda L, a: a.prod(1), np.array([[0.0, 0.0, 3.0], [1.0, 2.0, 3.0]])),
    Case("pow_zero_base_zero_exp_grad", lambda L, a, b: a ** b, np.array([0.0, 0.0, 2.0]),
         np.array([0.0, 1.0, 0.5]), gradcheck=False),
    Case("pow_scalar_base_zero_grad", lambda L, b: 0.0 ** b, np.array([0.0, 2.0]), gradcheck=False),
    Case("index_duplicates_grad", lambda L, a: a[L.tensor([0, 0, 2])], rand(3, 2)),
    Case("where_grad", lambda L, a, b: L.where(a > 0, a * b, b), rand(3, 4), rand(3, 4, seed=1)),
    Case("std_grad", lambda L, a: a.std(dim=1), rand(3, 4)),
    Case("cumsum_grad_T", lambda L, a: a.cumsum(0), T(rand(3, 4))),
    Case("expand_grad_sums", lambda L, a: (a.expand(4, 3, 2) * 2), rand(3, 1)),
    Case("inplace_on_view_grad", lambda L, a: _inplace_view(L, a), rand(3, 4)),

    # ---- dtype conversion -----------------------------------------------------------------
    Case("to_float32", lambda L, a: a.to(L.float32), rand(3, 4), gradcheck=False),
    Case("float_long", lambda L, a: [a.float(), a.long(), a.bool()], rand(3), gradcheck=False),
    Case("item_tolist", lambda L, a: [a[0, 0].item(), a.tolist()], rand(2, 2)),
]


def _imul(t, k):
    t *= k
    return t


def _setitem(t, index, value):
    t[index] = value
    return t


def _inplace_view(L, a):
    b = a * 1
    b[:, 1].mul_(3)
    return b
