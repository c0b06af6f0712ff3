"""Sorting and selection: sort/argsort/msort, topk, kthvalue, median/nanmedian, mode, unique,
unique_consecutive, cummax/cummin, logcumsumexp.

Selections whose tie-breaking PyTorch leaves to an unstable algorithm (topk, kthvalue,
median) use inputs without ties; sort is stable in both, so its ties are compared.
"""
import numpy as np

from harness import Case, Err, T, rand

NAN = float("nan")
TIES = np.array([3., 1., 2., 1., 3., 1.])
WITH_NAN = np.array([1., NAN, -1., NAN, 0.])
INTS = np.array([[5, 3, 9, 1], [2, 8, 4, 7], [6, 0, 11, 10]])
MODE = np.array([[1, 2, 2, 1, 3], [5, 5, 4, 4, 4], [7, 6, 9, 8, 0]])



def _grad(L, f, a):
    """d(sum f(a))/da with create_graph: comparing its gradient with torch's tests double
    backward (gradcheck cannot run it: it evaluates the case under no_grad)."""
    x = a if a.requires_grad else a.detach().requires_grad_(True)
    return L.autograd.grad(f(x).sum(), x, create_graph=True)[0]


CASES = [
    # ---- sort, argsort, msort
    Case("sort", lambda L, a: L.sort(a), rand(3, 5)),
    Case("sort_dim0_desc", lambda L, a: L.sort(a, 0, True), rand(4, 3)),
    Case("sort_T", lambda L, a: a.sort(dim=1, descending=True), T(rand(4, 5))),
    Case("sort_ties_stable", lambda L, a: L.sort(a, stable=True), TIES, gradcheck=False),
    Case("sort_ties_desc", lambda L, a: L.sort(a, descending=True), TIES, gradcheck=False),
    Case("sort_nan", lambda L, a: L.sort(a), WITH_NAN),
    Case("sort_nan_desc", lambda L, a: L.sort(a, descending=True), WITH_NAN),
    Case("sort_int", lambda L, a: L.sort(a, dim=0), INTS),
    Case("sort_bool", lambda L, a: L.sort(a), np.array([True, False, True, False])),
    Case("sort_f32", lambda L, a: L.sort(a, descending=True), rand(6, dtype="float32")),
    Case("sort_0d", lambda L, a: L.sort(a), np.array(2.5)),
    Case("sort_empty", lambda L, a: L.sort(a, 0), np.zeros((0, 3))),
    Case("sort_out", lambda L, a: L.sort(a, out=(L.empty(0, dtype=L.float64),
                                                 L.empty(0, dtype=L.int64))), rand(4), grad=False),
    Case("argsort", lambda L, a: L.argsort(a, dim=0), T(rand(3, 4))),
    Case("argsort_desc_ties", lambda L, a: a.argsort(descending=True), TIES),
    Case("argsort_stable", lambda L, a: L.argsort(a, stable=True, dim=-1), TIES),
    Case("msort", lambda L, a: L.msort(a), rand(4, 3)),
    Case("msort_int", lambda L, a: a.msort(), INTS),
    # ---- topk, kthvalue
    Case("topk", lambda L, a: L.topk(a, 2), rand(3, 5)),
    Case("topk_smallest_dim0", lambda L, a: L.topk(a, 3, dim=0, largest=False), T(rand(5, 4))),
    Case("topk_unsorted", lambda L, a: L.sort(L.topk(a, 3, sorted=False).values).values, rand(7)),
    Case("topk_int", lambda L, a: a.topk(2, 1), INTS),
    Case("topk_k0", lambda L, a: L.topk(a, 0), rand(4)),
    Case("topk_0d", lambda L, a: L.topk(a, 1), np.array(1.5)),
    Case("kthvalue", lambda L, a: L.kthvalue(a, 2), rand(3, 5)),
    Case("kthvalue_dim0_keep", lambda L, a: L.kthvalue(a, 3, 0, True), T(rand(4, 3))),
    Case("kthvalue_int", lambda L, a: a.kthvalue(4), INTS),
    Case("kthvalue_0d", lambda L, a: L.kthvalue(a, 1), np.array(1.5)),
    # ---- median, nanmedian, mode
    Case("median_all", lambda L, a: L.median(a), rand(3, 5)),
    Case("median_all_even", lambda L, a: a.median(), rand(4, 2)),
    Case("median_all_ties", lambda L, a: L.median(a), TIES, gradcheck=False),
    Case("median_all_nan", lambda L, a: L.median(a), WITH_NAN),
    Case("median_dim", lambda L, a: L.median(a, 1), rand(3, 5)),
    Case("median_dim_even_keep", lambda L, a: L.median(a, 0, keepdim=True), T(rand(4, 3))),
    Case("median_dim_nan", lambda L, a: L.median(a, 0),
         np.array([[1., NAN], [NAN, 2.], [3., 0.]])),
    Case("median_int", lambda L, a: (L.median(a), L.median(a, 1)), INTS),
    Case("median_0d", lambda L, a: L.median(a, 0), np.array(1.5)),
    Case("median_empty", lambda L, a: L.median(a), np.zeros(0)),
    Case("nanmedian_all", lambda L, a: L.nanmedian(a), WITH_NAN),
    Case("nanmedian_dim", lambda L, a: L.nanmedian(a, 1),
         np.array([[1., NAN, 3., 2.], [NAN, 5., 4., NAN]])),
    Case("nanmedian_nonan", lambda L, a: a.nanmedian(0), rand(5, 3)),
    Case("mode", lambda L, a: L.mode(a), MODE),
    Case("mode_dim0_keep", lambda L, a: L.mode(a, 0, True), T(MODE)),
    Case("mode_float", lambda L, a: L.mode(a),
         np.array([[2., 3., 3., 2., 5., 5.], [1., 0., 1., 0., 0., 4.]]), gradcheck=False),
    Case("mode_bool", lambda L, a: L.mode(a), np.array([True, False, True])),
    Case("mode_0d", lambda L, a: L.mode(a), np.array(3.)),
    Case("mode_nan", lambda L, a: L.mode(a), np.array([NAN, NAN, 1.]), grad=False),
    Case("mode_nan_rows", lambda L, a: L.mode(a, 1), np.array([[NAN, NAN, NAN], [3., 2., 2.]]),
         grad=False),
    # ---- unique, unique_consecutive (PyTorch's unique has a node whose backward raises)
    Case("unique", lambda L, a: L.unique(a), np.array([3, 1, 2, 1, 3]), grad=False),
    Case("unique_all", lambda L, a: L.unique(a, return_inverse=True, return_counts=True),
         T(np.array([[3, 1, 2], [1, 3, 0]])), grad=False),
    Case("unique_counts_method", lambda L, a: a.unique(return_counts=True),
         np.array([2., 1., 2., NAN, NAN]), grad=False),
    Case("unique_unsorted", lambda L, a: L.unique(a, sorted=False), np.array([3, 1, 2, 1])),
    Case("unique_dim0", lambda L, a: L.unique(a, dim=0, return_inverse=True, return_counts=True),
         np.array([[1, 2], [0, 1], [1, 2], [0, 0]])),
    Case("unique_dim1", lambda L, a: L.unique(a, dim=1, return_inverse=True),
         T(np.array([[1, 2, 1], [3, 1, 3]]))),
    Case("unique_dim_empty", lambda L, a: L.unique(a, dim=0), np.zeros((0, 2)), grad=False),
    Case("unique_0d", lambda L, a: L.unique(a, return_inverse=True), np.array(3)),
    Case("unique_empty", lambda L, a: L.unique(a, return_inverse=True, return_counts=True),
         np.zeros(0), grad=False),
    Case("unique_bool", lambda L, a: L.unique(a), np.array([True, False, True])),
    Case("unique_consecutive", lambda L, a: L.unique_consecutive(
        a, return_inverse=True, return_counts=True), np.array([1, 1, 2, 2, 3, 1, 1, 2])),
    Case("unique_consecutive_2d", lambda L, a: L.unique_consecutive(a, return_inverse=True),
         np.array([[1, 1], [2, 2]])),
    Case("unique_consecutive_dim", lambda L, a: a.unique_consecutive(dim=0, return_counts=True),
         np.array([[1, 1], [1, 1], [2, 3], [1, 1]])),
    Case("unique_consecutive_0d", lambda L, a: L.unique_consecutive(a), np.array(3)),
    # ---- cummax, cummin, logcumsumexp
    Case("cummax", lambda L, a: L.cummax(a, 1), rand(3, 5)),
    Case("cummax_T_dim0", lambda L, a: a.cummax(0), T(rand(4, 3))),
    Case("cummax_ties", lambda L, a: L.cummax(a, 0), np.array([1., 3., 3., 2., 3.]), gradcheck=False),
    Case("cummax_nan", lambda L, a: L.cummax(a, 0), np.array([1., NAN, 3., NAN, 2.])),
    Case("cummin", lambda L, a: L.cummin(a, -1), rand(3, 5)),
    Case("cummin_ties", lambda L, a: L.cummin(a, 0), np.array([1., 0., 0., 2., 0.]), gradcheck=False),
    Case("cummax_int", lambda L, a: (L.cummax(a, 1), L.cummin(a, 0)), INTS),
    Case("cummax_bool", lambda L, a: L.cummax(a, 0), np.array([False, True, False])),
    Case("cummax_0d", lambda L, a: L.cummax(a, 0), np.array(2.)),
    Case("cummin_empty", lambda L, a: L.cummin(a, 0), np.zeros(0), grad=False),
    Case("logcumsumexp", lambda L, a: L.logcumsumexp(a, 1), rand(3, 5)),
    Case("logcumsumexp_T", lambda L, a: a.logcumsumexp(0), T(rand(4, 3))),
    Case("logcumsumexp_large", lambda L, a: L.logcumsumexp(a, 0),
         np.array([1000., 999., 1001., -1000.])),
    Case("logcumsumexp_inf", lambda L, a: L.logcumsumexp(a, 0),
         np.array([1., -np.inf, 2., np.inf]), grad=False),
    Case("logcumsumexp_f32", lambda L, a: L.logcumsumexp(a, 0), rand(6, dtype="float32")),
    Case("logcumsumexp_0d", lambda L, a: L.logcumsumexp(a, 0), np.array(0.5)),
    Case("logcumsumexp_out", lambda L, a: L.logcumsumexp(a, 0, out=L.empty(0, dtype=L.float64)),
         rand(4), grad=False),
    # double backward through the formulas
    Case("sort_double_backward", lambda L, a: _grad(L, lambda x: L.sort(x, 1).values ** 3, a),
         rand(3, 4), gradcheck=False),
    Case("topk_double_backward", lambda L, a: _grad(L, lambda x: L.topk(x, 2).values ** 3, a),
         rand(3, 4), gradcheck=False),
    Case("cummax_double_backward", lambda L, a: _grad(L, lambda x: L.cummax(x, 0).values ** 3, a),
         rand(5), gradcheck=False),
    Case("logcumsumexp_double_backward",
         lambda L, a: _grad(L, lambda x: L.logcumsumexp(x, 0) * L.arange(4.0, dtype=L.float64), a),
         rand(4), gradcheck=False),
]

CASES += [
    Err("sort_dim", lambda L, a: L.sort(a, 2), rand(3), exc=IndexError, match="Dimension out of range"),
    Err("sort_out_dtype", lambda L, a: L.sort(a, out=(L.empty(0, dtype=L.float64),
                                                      L.empty(0, dtype=L.int32))),
        rand(3), match="Expected out tensor to have dtype long int, but got int instead"),
    Err("topk_k", lambda L, a: L.topk(a, 7), rand(6), match="selected index k out of range"),
    Err("topk_k_neg", lambda L, a: L.topk(a, -1), rand(6), match="selected index k out of range"),
    Err("topk_bool", lambda L, a: L.topk(a, 1), np.array([True, False]),
        match="topk does not support bool dtypes on CPU"),
    Err("kthvalue_k", lambda L, a: L.kthvalue(a, 0), rand(6),
        match="kthvalue(): selected number k out of range for dimension 0"),
    Err("kthvalue_k_big", lambda L, a: L.kthvalue(a, 4, 1), rand(2, 3),
        match="kthvalue(): selected number k out of range for dimension 1"),
    Err("kthvalue_bool", lambda L, a: L.kthvalue(a, 1), np.array([True, False]),
        exc=NotImplementedError, match="\"kthvalue_cpu\" not implemented for 'Bool'"),
    Err("median_empty_dim", lambda L, a: L.median(a, 1), np.zeros((2, 0)), exc=IndexError,
        match="median(): Expected reduction dim 1 to have non-zero size."),
    Err("median_bool", lambda L, a: L.median(a), np.array([True, False]),
        exc=NotImplementedError, match="\"median_cpu\" not implemented for 'Bool'"),
    Err("median_dim_none", lambda L, a: L.median(a, None, out=L.empty(0)), rand(3),
        exc=TypeError, match="median()"),
    Err("mode_empty", lambda L, a: L.mode(a), np.zeros(0), exc=IndexError,
        match="mode(): Expected reduction dim 0 to have non-zero size."),
    Err("unique_dim", lambda L, a: L.unique(a, dim=2), np.zeros((2, 2)), exc=IndexError,
        match="Dimension out of range"),
    Err("unique_dim_zero_sized", lambda L, a: L.unique(a, dim=0), np.zeros((2, 0)),
        match="There are 0 sized dimensions, and they aren't selected"),
    Err("cummax_dim", lambda L, a: L.cummax(a, 1), rand(3), exc=IndexError,
        match="Dimension out of range"),
    Err("logcumsumexp_int", lambda L, a: L.logcumsumexp(a, 0), np.array([1, 2]),
        exc=NotImplementedError, match="\"logcumsumexp_out_cpu\" not implemented for 'Long'"),
]
