"""The matmul family: mm, bmm, matmul, mv, dot, vdot, outer, inner, addmm, addmv, baddbmm,
addbmm, einsum, and the `@` operator; and the products built on it: addr, cross
(linalg.cross), tensordot, kron, matrix_power, linalg.multi_dot, linalg.vecdot, with trace,
diag_embed and diagflat (decompositions and solvers are in _linalg_decomp.py).

The products run through BLAS: numpy's matmul/dot over views of our memory call OpenBLAS's
gemm/gemv/dot for float32/float64 (numpy's own loops for integers). Results are written by
np.matmul(..., out=) straight into a freshly allocated tensor's memory, so the common path
makes no extra copy. float16 has no BLAS kernel: it is multiplied in float32 and rounded
once at the end, as PyTorch's CPU kernel accumulates half in float.

Each op checks shapes and dtypes first, in PyTorch's order, with PyTorch's messages.
"""
import functools
import math
import re
import types
import warnings

import numpy as np

from . import _dtype
from ._checks import not_implemented, require_tensor
from ._dispatch import call, is_grad_enabled
from ._elementwise import copy_into, check_can_cast
from ._joins import (fresh_tensor, check_out_dtype, cpp_name, write_out, write_out_checked,
                     _tensor_list)
from ._registry import def_op, FUNCTIONS as _registry_functions
from ._tensor import TensorBase, _broadcast_pair, _empty, _expand, wrap_dim
from ._tensor_class import Tensor


# ---- shared pieces -------------------------------------------------------------------------

def _dims(shape):
    return "x".join(str(s) for s in shape)


def _matmul_into(o, a, b):
    """o[...] = a @ b for numpy arrays (matmul broadcasting), through BLAS where it can."""
    if o.dtype == np.float16:
        np.copyto(o, np.matmul(a.astype(np.float32), b.astype(np.float32)), casting="unsafe")
    else:
        np.matmul(a, b, out=o)


def _scalar_for(value, dt):
    """alpha/beta as the kernel sees them: truncated to int for integer tensors."""
    return float(value) if dt.is_floating_point else int(value)


def _gemm_into(o, a, b, alpha=1, beta=0, c=None):
    """o[...] = beta * c + alpha * (a @ b); c is ignored when beta == 0 (NaNs in it too)."""
    # float16 is accumulated in float32 and rounded once, like the plain products.
    work = o if o.dtype != np.float16 else np.empty(o.shape, np.float32)
    if work.dtype != a.dtype:
        a, b = a.astype(work.dtype), b.astype(work.dtype)
    np.matmul(a, b, out=work)
    # The scalars take the work dtype first, wrapping like a C cast for small integer types.
    if alpha != 1:
        np.multiply(work, np.asarray(alpha).astype(work.dtype), out=work)
    if beta != 0:
        cw = c if c.dtype == work.dtype else c.astype(work.dtype)
        np.add(work, cw if beta == 1 else cw * np.asarray(beta).astype(work.dtype), out=work)
    if work is not o:
        np.copyto(o, work, casting="unsafe")


def _result(shape, dt, out, fill):
    """A new tensor of `shape` filled by fill(numpy_array), then copied into out= if given.

    out= goes through a fresh result because out may alias an input or be non-contiguous;
    the common (no out=) path writes straight into the new tensor's memory.
    """
    if out is not None:
        if not isinstance(out, TensorBase):
            raise TypeError(f"argument 'out' must be Tensor, not {type(out).__name__}")
        check_out_dtype(out, dt)
    res = _empty(shape, dt)
    if res.numel():
        fill(res.numpy_view())
    return res if out is None else write_out(res, out)


# ---- mm, bmm, mv, dot ----------------------------------------------------------------------

def _check_mm(a, b, n_rows=None):
    """mm's shape and dtype checks; n_rows replaces a's row count in messages (folded)."""
    rows = a._shape[0] if n_rows is None else n_rows
    if a._shape[-1] != b._shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                           f"({rows}x{a._shape[-1]} and {_dims(b._shape)})")
    if a.dtype is not b.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{cpp_name(a.dtype)} != {cpp_name(b.dtype)}")
    if a.dtype is _dtype.bool_:
        raise not_implemented("addmm_impl_cpu_", a.dtype)


def mm(input, mat2, *, out=None):
    require_tensor(input, "mm", "input", 1)
    require_tensor(mat2, "mm", "mat2", 2)
    if input.dim() != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.dim() != 2:
        raise RuntimeError("mat2 must be a matrix")
    _check_mm(input, mat2)
    a, b = input.numpy_view(), mat2.numpy_view()
    return _result((input._shape[0], mat2._shape[1]), input.dtype, out,
                   lambda o: _matmul_into(o, a, b))


def _check_mv(mat, vec, rows=None):
    rows = mat._shape[0] if rows is None else rows
    if mat._shape[-1] != vec._shape[0]:
        raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{mat._shape[-1]}), "
                           f"vec ({vec._shape[0]})")
    if mat.dtype is not vec.dtype:
        # PyTorch's mv goes through addmv with a result of vec's dtype, hence three names.
        v, m = vec.dtype.legacy_name, mat.dtype.legacy_name
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {v}, {m}, "
                           f"and {v}")
    if mat.dtype is _dtype.bool_:
        raise not_implemented("addmv_impl_cpu", mat.dtype)


def mv(input, vec, *, out=None):
    require_tensor(input, "mv", "input", 1)
    require_tensor(vec, "mv", "vec", 2)
    if input.dim() != 2 or vec.dim() != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.dim()}, {vec.dim()}")
    _check_mv(input, vec)
    a, b = input.numpy_view(), vec.numpy_view()
    return _result((input._shape[0],), input.dtype, out, lambda o: _matmul_into(o, a, b))


def _check_bmm(b1_shape, b2_shape, dt1, dt2, kernel="bmm"):
    """bmm's checks on (batch, n, k) and (batch, k, p) shapes."""
    bs, k = b1_shape[0], b1_shape[2]
    if b2_shape[0] != bs or b2_shape[1] != k:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{bs}, {k}] but got: [{b2_shape[0]}, {b2_shape[1]}].")
    if dt1 is not dt2:
        raise RuntimeError(f"expected scalar type {dt1.legacy_name} but found {dt2.legacy_name}")
    if dt1 is _dtype.bool_:
        raise not_implemented(kernel, dt1)


def _check_3d(t, name):
    if t.dim() != 3:
        raise RuntimeError(f"{name} must be a 3D tensor")


def bmm(input, mat2, *, out=None):
    require_tensor(input, "bmm", "input", 1)
    require_tensor(mat2, "bmm", "mat2", 2)
    _check_3d(input, "batch1")
    _check_3d(mat2, "batch2")
    _check_bmm(input._shape, mat2._shape, input.dtype, mat2.dtype)
    a, b = input.numpy_view(), mat2.numpy_view()
    shape = (input._shape[0], input._shape[1], mat2._shape[2])
    return _result(shape, input.dtype, out, lambda o: _matmul_into(o, a, b))


def _dot_kernel(name):
    def kernel(input, tensor, *, out=None):
        require_tensor(input, name, "input", 1)
        require_tensor(tensor, name, "tensor", 2)
        if input.dim() != 1 or tensor.dim() != 1:
            raise RuntimeError(f"1D tensors expected, but got {input.dim()}D and "
                               f"{tensor.dim()}D tensors")
        if input.dtype is not tensor.dtype:
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                               f"{input.dtype.legacy_name} and {tensor.dtype.legacy_name}")
        n, m = input._shape[0], tensor._shape[0]
        if n != m:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to "
                               f"have the same number of elements, but got {n} and {m} elements "
                               "respectively")
        if input.dtype is _dtype.bool_:
            raise not_implemented("dot", input.dtype)
        if out is not None and out.dtype is not input.dtype:
            raise RuntimeError(f"result dtype {out.dtype.legacy_name} does not match input dtype "
                               f"{input.dtype.legacy_name}")
        a, b = input.numpy_view(), tensor.numpy_view()
        if a.dtype == np.float16:
            a, b = a.astype(np.float32), b.astype(np.float32)
        res = _empty((), input.dtype)
        res.numpy_view()[()] = np.dot(a, b)      # BLAS sdot/ddot for float32/float64
        return res if out is None else write_out(res, out)
    kernel.__name__ = name
    return kernel


dot = _dot_kernel("dot")
vdot = _dot_kernel("vdot")      # real dtypes only: conjugation is the identity


# ---- matmul ----------------------------------------------------------------------------------

def matmul(input, other, *, out=None):
    require_tensor(input, "matmul", "input", 1)
    require_tensor(other, "matmul", "other", 2)
    da, db = input.dim(), other.dim()
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{da}D and {db}D")
    kw = None if out is None else {"out": out}
    if da == 1 and db == 1:
        return call("dot", (input, other), kw)
    if da == 2 and db == 1:
        return call("mv", (input, other), kw)
    if da == 2 and db == 2:
        return call("mm", (input, other), kw)
    if da == 1 and db == 2:
        r = call("mm", (input.unsqueeze(0), other), None).squeeze(0)
        if out is not None:
            check_out_dtype(out, r.dtype)
            return write_out(r, out)
        return r
    if db <= 2:
        return _matmul_folded(input, other, out)
    return _matmul_batched(input, other, out)


def _matmul_folded(input, other, out):
    """(..., n, k) @ (k, p) or (k,): one gemm/gemv over all the rows of the batch."""
    k = input._shape[-1]
    rows = math.prod(input._shape[:-1])
    if other.dim() == 2:
        _check_mm(input, other, n_rows=rows)
        shape = input._shape[:-1] + (other._shape[1],)
        folded = (rows, other._shape[1])
    else:
        _check_mv(input, other, rows=rows)
        shape = input._shape[:-1]
        folded = (rows,)
    # numpy's reshape is a view when the batch dims are contiguous, a copy otherwise.
    a = input.numpy_view().reshape(rows, k)
    b = other.numpy_view()
    return _result(shape, input.dtype, out, lambda o: _matmul_into(o.reshape(folded), a, b))


def _matmul_batched(input, other, out):
    """Batched matmul with PyTorch's batch broadcasting; 1-d operands become matrices."""
    da, db = input.dim(), other.dim()
    n = input._shape[-2] if da > 1 else 1
    m1 = input._shape[-1]
    m2 = other._shape[-2] if db > 1 else other._shape[0]
    p = other._shape[-1] if db > 1 else 1
    batch = _broadcast_pair(input._shape[:-2], other._shape[:-2])
    bs = math.prod(batch)
    _check_bmm((bs, n, m1), (bs, m2, p), input.dtype, other.dtype)
    a = input.numpy_view()
    b = other.numpy_view()
    a = a if da > 1 else a[None, :]         # (k,) -> (1, k)
    b = b if db > 1 else b[:, None]         # (k,) -> (k, 1)
    shape = batch + ((n,) if da > 1 else ()) + ((p,) if db > 1 else ())
    # np.matmul broadcasts the batch dims itself: stride-0 batches are never materialised.
    return _result(shape, input.dtype, out,
                   lambda o: _matmul_into(o.reshape(batch + (n, p)), a, b))


def _rmatmul(self, other):
    return call("matmul", (other, self), None)


def _matmul_operator(self, other):
    return call("matmul", (self, other), None)


setattr(Tensor, "__matmul__", _matmul_operator)
setattr(Tensor, "__rmatmul__", _rmatmul)


# ---- outer, inner ----------------------------------------------------------------------------

def outer(input, vec2, *, out=None):
    require_tensor(input, "outer", "input", 1)
    require_tensor(vec2, "outer", "vec2", 2)
    if input.dim() != 1:
        raise RuntimeError(f"outer: Expected 1-D argument self, but got {input.dim()}-D")
    if vec2.dim() != 1:
        raise RuntimeError(f"outer: Expected 1-D argument vec2, but got {vec2.dim()}-D")
    # A broadcast product (promoting dtypes), as in PyTorch.
    return call("mul", (input.unsqueeze(1), vec2), None if out is None else {"out": out})


def inner(input, other, *, out=None):
    require_tensor(input, "inner", "input", 1)
    require_tensor(other, "inner", "other", 2)
    if input.dim() == 0 or other.dim() == 0:
        return call("mul", (input, other), None if out is None else {"out": out})
    k = input._shape[-1]
    if other._shape[-1] != k:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got "
                           f"shapes {list(input._shape)} and {list(other._shape)}")
    if input.dtype is not other.dtype:
        raise RuntimeError("both inputs should have same dtype")
    if input.dtype is _dtype.bool_:
        raise not_implemented("dot" if input.dim() == other.dim() == 1 else "addmm_impl_cpu_",
                              input.dtype)
    # One gemm: (ra, k) @ (k, rb), the second operand read transposed; dispatched, so that
    # the autograd layer records it (a composite) and any device runs it.
    a = call("reshape", (input, (math.prod(input._shape[:-1]), k)), None)
    b = call("reshape", (other, (math.prod(other._shape[:-1]), k)), None)
    res = call("reshape", (call("mm", (a, call("t", (b,), None)), None),
                           input._shape[:-1] + other._shape[:-1]), None)
    return res if out is None else write_out_checked(res, out, "inner")


# ---- addmm, addmv, baddbmm, addbmm -------------------------------------------------------

def _input_np(input, shape):
    """`input` broadcast to the product's shape (PyTorch's expand message if it cannot)."""
    return _expand(input, shape).numpy_view()


def _check_addmm_dtypes(input, mat1, mat2):
    if input.dtype is not mat2.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                           f"{input.dtype.legacy_name} and {mat2.dtype.legacy_name}")
    if mat1.dtype is not mat2.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                           f"{mat1.dtype.legacy_name} and {mat2.dtype.legacy_name}")


def _add_scaled_product(input, left, right, shape, dt, alpha, beta, out):
    """beta * input + alpha * (left @ right), of `shape` and dtype dt: the common tail of
    addmm, addmv and baddbmm (their arguments already checked)."""
    c = _input_np(input, shape)
    a, b = left.numpy_view(), right.numpy_view()
    al, be = _scalar_for(alpha, dt), _scalar_for(beta, dt)
    return _result(shape, dt, out, lambda o: _gemm_into(o, a, b, al, be, c))


def addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None):
    require_tensor(input, "addmm", "input", 1)
    require_tensor(mat1, "addmm", "mat1", 2)
    require_tensor(mat2, "addmm", "mat2", 3)
    for t, name in ((mat1, "mat1"), (mat2, "mat2")):
        if t.dim() != 2:
            raise RuntimeError(f"{name} must be a matrix, got {t.dim()}-D tensor")
    _check_addmm_dtypes(input, mat1, mat2)
    if mat1._shape[1] != mat2._shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                           f"({_dims(mat1._shape)} and {_dims(mat2._shape)})")
    dt = mat1.dtype
    if dt is _dtype.bool_:
        raise not_implemented("addmm_impl_cpu_", dt)
    shape = (mat1._shape[0], mat2._shape[1])
    return _add_scaled_product(input, mat1, mat2, shape, dt, alpha, beta, out)


def addmv(input, mat, vec, *, beta=1, alpha=1, out=None):
    require_tensor(input, "addmv", "input", 1)
    require_tensor(mat, "addmv", "mat", 2)
    require_tensor(vec, "addmv", "vec", 3)
    if not (mat.dim() == 2 and vec.dim() == 1 and input.dim() <= 1):
        raise RuntimeError(f"vector + matrix @ vector expected, got {input.dim()}, {mat.dim()}, "
                           f"{vec.dim()}")
    n, k = mat._shape
    if vec._shape[0] != k or input.numel() not in (1, n):
        if input.dim() == 0:
            # PyTorch's message reads input.size(0), which a 0-d input does not have.
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        raise RuntimeError(f"size mismatch, got input ({input._shape[0]}), mat ({n}x{k}), "
                           f"vec ({vec._shape[0]})")
    if not (input.dtype is mat.dtype is vec.dtype):
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got "
                           f"{input.dtype.legacy_name}, {mat.dtype.legacy_name}, and "
                           f"{vec.dtype.legacy_name}")
    dt = mat.dtype
    if dt is _dtype.bool_:
        raise not_implemented("addmv_impl_cpu", dt)
    return _add_scaled_product(input, mat, vec, (n,), dt, alpha, beta, out)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    require_tensor(input, "baddbmm", "input", 1)
    require_tensor(batch1, "baddbmm", "batch1", 2)
    require_tensor(batch2, "baddbmm", "batch2", 3)
    _check_3d(batch1, "batch1")
    _check_3d(batch2, "batch2")
    if batch1.dtype is batch2.dtype and input.dtype is not batch1.dtype:
        raise RuntimeError(f"Input dtypes must be the same, got: input {cpp_name(input.dtype)}, "
                           f"batch1: {cpp_name(batch1.dtype)}, batch2: {cpp_name(batch2.dtype)}")
    _check_bmm(batch1._shape, batch2._shape, batch1.dtype, batch2.dtype, kernel="baddbmm")
    dt = batch1.dtype
    shape = (batch1._shape[0], batch1._shape[1], batch2._shape[2])
    return _add_scaled_product(input, batch1, batch2, shape, dt, alpha, beta, out)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    require_tensor(input, "addbmm", "input", 1)
    require_tensor(batch1, "addbmm", "batch1", 2)
    require_tensor(batch2, "addbmm", "batch2", 3)
    _check_3d(batch1, "batch1")
    _check_3d(batch2, "batch2")
    bs, n, k = batch1._shape
    bs2, k2, p = batch2._shape
    if bs != bs2:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {bs} and "
                           f"{bs2}")
    if k != k2:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({n}x{k} and {k2}x{p})")
    _check_addmm_dtypes(input, batch1, batch2)
    dt = batch1.dtype
    if dt is _dtype.bool_:
        raise not_implemented("addmm_impl_cpu_", dt)
    c = _input_np(input, (n, p))
    # The sum over the batch of b1[i] @ b2[i] is one gemm: (n, bs*k) @ (bs*k, p).
    a = batch1.numpy_view().transpose(1, 0, 2).reshape(n, bs * k)
    b = batch2.numpy_view().reshape(bs * k, p)
    al, be = _scalar_for(alpha, dt), _scalar_for(beta, dt)
    return _result((n, p), dt, out, lambda o: _gemm_into(o, a, b, al, be, c))


def _inplace(name):
    def kernel(self, *args, beta=1, alpha=1):
        r = call(name, (self,) + args, {"beta": beta, "alpha": alpha})
        if r._shape != self._shape:
            raise RuntimeError(f"Bad in-place call: input tensor size {list(self._shape)} and "
                               f"output tensor size {list(r._shape)} should match")
        return copy_into(self, r)
    kernel.__name__ = name + "_"
    return kernel


# ---- einsum --------------------------------------------------------------------------------

_EINSUM_USAGE = ("einsum(): must specify the equation string and at least one operand, or at "
                 "least one operand and its subscripts list")


def einsum(*args):
    if not args:
        raise ValueError(_EINSUM_USAGE)
    if isinstance(args[0], str):
        equation = args[0].replace(" ", "")
        operands = args[1:]
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = tuple(operands[0])
        if not operands:
            raise ValueError(_EINSUM_USAGE)
        for i, t in enumerate(operands):
            require_tensor(t, "einsum", "operands", i + 2)
        expected = equation.split("->")[0].count(",") + 1
        if len(operands) < expected:
            raise RuntimeError("einsum(): fewer operands were provided than specified in the "
                               "equation")
        if len(operands) > expected:
            raise RuntimeError("einsum(): more operands were provided than specified in the "
                               "equation")
        tensors = list(operands)
    elif isinstance(args[0], TensorBase):
        # The sublist format: einsum(op0, [0, 1], op1, [1, 2], [0, 2]), as numpy spells it.
        tensors, equation = _sublists_to_equation(args)
    else:
        raise ValueError(_EINSUM_USAGE)
    dt = tensors[0].dtype
    for t in tensors[1:]:
        if t.dtype is not dt:
            raise RuntimeError(f"expected scalar type {dt.legacy_name} but found "
                               f"{t.dtype.legacy_name}")
    terms, out, sizes = _einsum_terms(equation, tuple(t._shape for t in tensors))
    if dt is _dtype.float16:                # accumulate in float32, as the matmuls would
        tensors = [call("to", (t, _dtype.float32), None) for t in tensors]
    if len(tensors) > 1 and _numpy_may_contract(tensors):
        res = _numpy_einsum(equation, tensors)
    else:
        res = _contract(terms, out, sizes, tensors)
    return res if dt is not _dtype.float16 else call("to", (res, dt), None)


def _numpy_may_contract(tensors):
    """Whether numpy's einsum may compute a product: on the cpu, with no gradient to record
    (it is 2-5x faster there than the composite, whose every step is a dispatched op)."""
    return (all(t._storage.device.type == "cpu" for t in tensors)
            and not (is_grad_enabled() and any(t.requires_grad for t in tensors)))


def _numpy_einsum(equation, tensors):
    # optimize= lets numpy contract pairs through tensordot, i.e. BLAS.
    r = np.einsum(equation, *[t.numpy_view() for t in tensors], optimize=True)
    return fresh_tensor(np.asarray(r, dtype=tensors[0].dtype.np))


def _sublists_to_equation(args):
    """(operands, equation) of the sublist format, its integers named by letters."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def term(sub):
        if any(s is not Ellipsis and not 0 <= s < len(letters) for s in sub):
            raise ValueError("einsum(): subscript in subscript list is not within the valid "
                             "range [0, 52)")
        return "".join("..." if s is Ellipsis else letters[s] for s in sub)
    tensors = list(args[0::2][:len(args) // 2])
    subs = list(args[1::2][:len(args) // 2])
    equation = ",".join(term(s) for s in subs)
    if len(args) % 2:
        equation += "->" + term(args[-1])
    return tensors, equation


_WELL_FORMED = re.compile(r"[a-zA-Z]*(\.\.\.)?[a-zA-Z]*")


def _check_term(term, start, what):
    """PyTorch's parse errors for one term of the equation (`start`: its index there)."""
    if _WELL_FORMED.fullmatch(term):
        return
    seen_ellipsis, i = False, 0
    while i < len(term):
        if term[i] == ".":
            if term[i:i + 3] != "...":
                raise RuntimeError(f"einsum(): found '.' for {what} that is not part of any "
                                   f"ellipsis" + (" (...)" if what == "output" else ""))
            if seen_ellipsis:
                raise RuntimeError(f"einsum(): found '.' for {what} for which an ellipsis was "
                                   f"already found")
            seen_ellipsis, i = True, i + 3
            continue
        if not (term[i].isascii() and term[i].isalpha()):
            raise RuntimeError(f"einsum(): invalid subscript given at index {start + i} in the "
                               f"equation string, subscripts must be in [a-zA-Z]")
        i += 1


@functools.lru_cache(maxsize=256)
def _einsum_terms(equation, shapes):
    """([letters of each operand], output letters, {letter: size}) after PyTorch's checks:
    the equation made explicit, each ellipsis spelled with letters of its own (right-aligned
    across operands, as they broadcast) and the implicit output (letters seen once, sorted)
    written out. Cached: it depends only on the equation and the operands' shapes."""
    lhs, arrow, rhs = equation.partition("->")
    given, start = lhs.split(","), 0
    for i, g in enumerate(given):
        _check_term(g, start, f"operand {i}")
        start += len(g) + 1
    if arrow:
        _check_term(rhs, len(lhs) + 2, "output")
    for i, (g, shape) in enumerate(zip(given, shapes)):
        letters = len(g.replace("...", ""))
        if "..." in g and letters > len(shape):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({letters}) "
                               f"is more than the number of dimensions ({len(shape)}) for "
                               f"operand {i}")
        if "..." not in g and letters != len(shape):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({letters}) "
                               f"does not match the number of dimensions ({len(shape)}) for "
                               f"operand {i} and no ellipsis was given")
    n_ell = max((len(shape) - len(g.replace("...", "")) for g, shape in zip(given, shapes)
                 if "..." in g), default=0)
    ell = "".join(chr(0x100 + k) for k in range(n_ell))   # letters an equation cannot hold
    terms = tuple(g.replace("...", ell[n_ell - (len(shape) - len(g.replace("...", ""))):])
                  for g, shape in zip(given, shapes))
    if arrow:
        out = rhs.replace("...", ell)
    else:
        seen = "".join(terms)
        out = ell + "".join(sorted(c for c in set(seen) if seen.count(c) == 1 and c not in ell))
    for c in out:
        if c not in "".join(terms):
            raise RuntimeError(f"einsum(): output subscript {c} does not appear in the equation "
                               f"for any input operand")
        if out.count(c) > 1:
            raise RuntimeError(f"einsum(): output subscript {c} appears more than once in the "
                               f"output")
    return terms, out, types.MappingProxyType(_letter_sizes(terms, shapes, ell))   # cached


def _letter_sizes(terms, shapes, ell):
    """{letter: size}, size-1 dims broadcasting, after PyTorch's checks."""
    sizes = {}
    for i, (term, shape) in enumerate(zip(terms, shapes)):
        own = {}
        for c, n in zip(term, shape):
            if c in own and own[c] != n:
                raise RuntimeError(f"einsum(): subscript {c} is repeated for operand {i} but the "
                                   f"sizes don't match, {n} != {own[c]}")
            own[c] = n
            if n != 1 and sizes.get(c, 1) not in (1, n):
                if c in ell:                    # counted within this operand's ellipsis
                    k = ell.index(c) - len(ell) + sum(d in ell for d in term)
                    raise RuntimeError(
                        f"einsum(): dimension {k} covered by ellipsis in operand {i}"
                        f"has size {n} which does not broadcast with previously seen ellipsis "
                        f"with size {sizes[c]} for the respective dimension")
                raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {i} which "
                                   f"does not broadcast with previously seen size {sizes[c]}")
            sizes[c] = n if n != 1 else sizes.get(c, 1)
    return sizes


def _contract(terms, out, sizes, tensors):
    """einsum from dispatched ops (diagonal, sum, expand, permute, reshape, matmul), so that
    autograd records it and any device runs it: each operand's repeated letters become a
    diagonal and its private letters are summed, then operands are multiplied left to right,
    each pair as one batched matmul over the letters they share."""
    ops = []
    for i, (term, t) in enumerate(zip(terms, tensors)):
        term, t = _diagonals(term, t)
        later = out + "".join(terms[i + 1:]) + "".join(terms[:i])
        term, t = _sum_letters(term, t, [c for c in term if c not in later])
        ops.append((term, t))
    term, res = ops[0]
    for j, (b_term, b) in enumerate(ops[1:], start=1):
        keep = out + "".join(terms[j + 1:])
        term, res = _pair(term, res, b_term, b, keep, sizes)
    term, res = _sum_letters(term, res, [c for c in term if c not in out])
    if term != out:
        res = call("permute", (res, [term.index(c) for c in out]), None)
    if all(res._storage is not t._storage for t in tensors):    # a product: laid out afresh
        res = call("contiguous", (res,), None)
    return res


def _diagonals(term, t):
    """A repeated letter (ii) as the diagonal of its two dims, moved last."""
    while len(set(term)) < len(term):
        c = next(c for c in term if term.count(c) > 1)
        first, second = term.index(c), term.index(c, term.index(c) + 1)
        t = call("diagonal", (t, 0, first, second), None)
        term = term[:first] + term[first + 1:second] + term[second + 1:] + c
    return term, t


def _sum_letters(term, t, letters):
    if not letters:
        return term, t
    t = call("sum", (t, [term.index(c) for c in letters]), None)
    return "".join(c for c in term if c not in letters), t


def _pair(a_term, a, b_term, b, keep, sizes):
    """a * b summed over their shared letters that are not kept: one (batched) matmul."""
    batch = [c for c in a_term if c in b_term and c in keep]
    summed = [c for c in a_term if c in b_term and c not in keep]
    a_only = [c for c in a_term if c not in b_term]
    b_only = [c for c in b_term if c not in a_term]

    def arrange(term, t, order):
        t = call("expand", (t, [sizes[c] for c in term]), None)    # size-1 broadcasts
        return call("permute", (t, [term.index(c) for c in order]), None)
    size = lambda letters: math.prod(sizes[c] for c in letters)    # noqa: E731
    nb, m, k, n = size(batch), size(a_only), size(summed), size(b_only)
    a3 = call("reshape", (arrange(a_term, a, batch + a_only + summed), (nb, m, k)), None)
    b3 = call("reshape", (arrange(b_term, b, batch + summed + b_only), (nb, k, n)), None)
    res = call("matmul", (a3, b3), None)
    letters = batch + a_only + b_only
    return "".join(letters), call("reshape", (res, [sizes[c] for c in letters]), None)


# ---- trace, diag_embed, diagflat -------------------------------------------------------------

def trace(input):
    """Sum of the main diagonal of a matrix (of any shape): int64 for integer inputs."""
    require_tensor(input, "trace", "input", 1)
    if input.dim() != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.dim()}")
    dt = input.dtype
    if dt is _dtype.bool_:
        raise not_implemented("trace", dt)
    out_dt = dt if dt.is_floating_point else _dtype.int64
    acc = np.float32 if dt is _dtype.float16 else out_dt.np
    res = _empty((), out_dt)
    res.numpy_view()[()] = np.trace(input.numpy_view(), dtype=acc)
    return res


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """A tensor whose diagonals (offset, dim1, dim2) hold the last dim of `input`; the rest
    is zero. The inverse of diagonal(offset, dim1, dim2)."""
    require_tensor(input, "diag_embed", "input", 1)
    nd = input.dim() + 1
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    n = input._shape[-1]
    size = n + abs(offset)
    rest = list(input._shape[:-1])
    shape = [0] * nd
    for d in range(nd):
        if d in (d1, d2):
            shape[d] = size
        else:
            shape[d] = rest.pop(0)
    res = _empty(tuple(shape), input.dtype)
    o = res.numpy_view()
    o[...] = 0
    if n:
        # the two diagonal dims moved last: a view of the result, written through
        view = np.moveaxis(o, (d1, d2), (-2, -1))
        idx = np.arange(n)
        view[..., idx + max(-offset, 0), idx + max(offset, 0)] = input.numpy_view()
    return res


def diagflat(input, offset=0):
    """The flattened input on the `offset` diagonal of a square matrix (composite)."""
    require_tensor(input, "diagflat", "input", 1)
    return call("diag_embed", (input.reshape(-1), offset), None)


# ---- addr ----------------------------------------------------------------------------------

def _check_int_scalars(dt, beta, alpha):
    if not dt.is_floating_point and dt is not _dtype.bool_:
        for value, name in ((beta, "beta"), (alpha, "alpha")):
            if isinstance(value, float):
                raise RuntimeError(f"For integral input tensors, argument {name} must not be a "
                                   "floating point number.")


def addr(input, vec1, vec2, *, beta=1, alpha=1, out=None):
    """beta * input + alpha * outer(vec1, vec2), promoting the three dtypes."""
    require_tensor(input, "addr", "input", 1)
    require_tensor(vec1, "addr", "vec1", 2)
    require_tensor(vec2, "addr", "vec2", 3)
    for v, name in ((vec1, "vec1"), (vec2, "vec2")):
        if v.dim() != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v.dim()}-D")
    dt = _dtype.promote_types(_dtype.promote_types(input.dtype, vec1.dtype), vec2.dtype)
    _check_int_scalars(dt, beta, alpha)
    shape = (vec1._shape[0], vec2._shape[0])
    c = _input_np(input, shape)
    a, b = vec1.numpy_view(), vec2.numpy_view()

    def fill(o):
        if dt is _dtype.bool_:
            r = np.logical_and.outer(a, b) & bool(alpha)
            if beta:
                r |= c.astype(bool)
            o[...] = r
            return
        work = np.dtype(np.float32) if dt is _dtype.float16 else dt.np
        r = np.multiply.outer(a.astype(work, copy=False), b.astype(work, copy=False))
        if alpha != 1:
            r *= np.asarray(alpha).astype(work)
        if beta != 0:      # beta == 0 ignores input, NaNs included
            cw = c.astype(work, copy=False)
            r += cw if beta == 1 else cw * np.asarray(beta).astype(work)
        np.copyto(o, r, casting="unsafe")
    return _result(shape, dt, out, fill)


def addr_(self, vec1, vec2, *, beta=1, alpha=1):
    require_tensor(vec1, "addr_", "vec1", 1)
    require_tensor(vec2, "addr_", "vec2", 2)
    if vec1.dim() == 1 and vec2.dim() == 1 and self._shape != (vec1._shape[0], vec2._shape[0]):
        raise RuntimeError(f"size mismatch, input: {list(self._shape)}, v1: {list(vec1._shape)}, "
                           f"v2: {list(vec2._shape)}")
    r = call("addr", (self, vec1, vec2), {"beta": beta, "alpha": alpha})
    check_can_cast(r.dtype, self.dtype)
    return copy_into(self, r)


# ---- cross ---------------------------------------------------------------------------------

def linalg_cross(input, other, *, dim=-1, out=None):
    """torch.linalg.cross: the cross product of 3-vectors along `dim`, inputs broadcast."""
    require_tensor(input, "linalg_cross", "input", 1)
    require_tensor(other, "linalg_cross", "other", 2)
    if input.dim() != other.dim():
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    if input.dtype is not other.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype.legacy_name} but found "
                           f"{other.dtype.legacy_name}")
    d = wrap_dim(dim, input.dim())
    if input._shape[d] != 3 or other._shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{input._shape[d]} and {other._shape[d]}")
    shape = _broadcast_pair(input._shape, other._shape)
    if input.dtype is _dtype.bool_:
        raise not_implemented("cross", input.dtype)
    a = _expand(input, shape).numpy_view()
    b = _expand(other, shape).numpy_view()
    dt = input.dtype

    def fill(o):
        with np.errstate(over="ignore"):
            r = np.cross(a, b, axis=d)
        np.copyto(o, r, casting="unsafe")
    return _result(shape, dt, out, fill)


_warned = set()


def _warn_once(key, message):
    """PyTorch's TORCH_WARN_ONCE: the deprecation notes are given once per process."""
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, UserWarning, stacklevel=3)


def cross(input, other, dim=None, *, out=None):
    """torch.cross: linalg.cross along `dim`, which defaults (deprecated) to the first dim of
    size 3 of `input`."""
    require_tensor(input, "cross", "input", 1)
    require_tensor(other, "cross", "other", 2)
    if dim is None:
        _warn_once("cross", "Using torch.cross without specifying the dim arg is deprecated.\n"
                   "Please either pass the dim explicitly or simply use torch.linalg.cross.\n"
                   "The default value of dim will change to agree with that of linalg.cross in a "
                   "future release.")
        dim = next((i for i, s in enumerate(input._shape) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return call("linalg_cross", (input, other), {"dim": dim} if out is None
                else {"dim": dim, "out": out})


# ---- tensordot, kron -------------------------------------------------------------------------

def _dims_list(dims, which):
    if isinstance(dims, TensorBase):
        dims = dims.tolist()
    if isinstance(dims, int):
        return [dims]
    if not isinstance(dims, (list, tuple)) or not all(isinstance(d, int) for d in dims):
        raise TypeError(f"tensordot(): argument '{which}' (position 3) must be tuple of ints, "
                        f"not {type(dims).__name__}")
    return list(dims)


def tensordot(a, b, dims=2, out=None):
    """Contraction of a's dims `dims[0]` with b's `dims[1]` (or a's last `dims` with b's
    first `dims`): permute, reshape, one matrix product (composite, so differentiable)."""
    require_tensor(a, "tensordot", "a", 1)
    require_tensor(b, "tensordot", "b", 2)
    if isinstance(dims, TensorBase):
        dims = dims.item() if dims.numel() == 1 and dims.dim() == 0 else dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > a.dim() or dims > b.dim():
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(-dims, 0)), list(range(dims))
    else:
        if not isinstance(dims, (list, tuple)) or len(dims) != 2:
            raise RuntimeError("tensordot expects dims to be an int or a pair of lists of dims")
        if all(isinstance(d, int) for d in dims):
            raise TypeError("tensordot(): argument 'dims_self' (position 3) must be tuple of "
                            "ints, not int")
        dims_a, dims_b = _dims_list(dims[0], "dims_self"), _dims_list(dims[1], "dims_other")
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a.dtype is not b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    wa = [wrap_dim(d, a.dim()) for d in dims_a]
    wb = [wrap_dim(d, b.dim()) for d in dims_b]
    for ws in (wa, wb):
        seen = set()
        for d in ws:
            if d in seen:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
            seen.add(d)
    for da, db, ia, ib in zip(dims_a, dims_b, wa, wb):
        sa, sb = a._shape[ia], b._shape[ib]
        if sa != sb:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {sa} in "
                               f"dim {da} and second has size {sb} in dim {db}")
    free_a = [i for i in range(a.dim()) if i not in wa]
    free_b = [i for i in range(b.dim()) if i not in wb]
    k = math.prod(a._shape[i] for i in wa)
    pa = math.prod(a._shape[i] for i in free_a)
    pb = math.prod(b._shape[i] for i in free_b)
    a2 = a.permute(free_a + wa).reshape(pa, k)
    b2 = b.permute(wb + free_b).reshape(k, pb)
    shape = tuple(a._shape[i] for i in free_a) + tuple(b._shape[i] for i in free_b)
    r = call("mm", (a2, b2), None).reshape(shape)
    return r if out is None else write_out_checked(r, out, "tensordot")


def kron(input, other, *, out=None):
    """The Kronecker product: every element of `input` times all of `other`, in blocks
    (composite: interleaved reshapes and one broadcast product, promoting dtypes)."""
    require_tensor(input, "kron", "input", 1)
    require_tensor(other, "kron", "other", 2)
    nd = max(input.dim(), other.dim())
    sa = (1,) * (nd - input.dim()) + tuple(input._shape)
    sb = (1,) * (nd - other.dim()) + tuple(other._shape)
    a = input.reshape(tuple(x for s in sa for x in (s, 1)))
    b = other.reshape(tuple(x for s in sb for x in (1, s)))
    r = call("mul", (a, b), None).reshape(tuple(x * y for x, y in zip(sa, sb)))
    return r if out is None else write_out_checked(r, out, "kron")


# ---- matrix_power, multi_dot, vecdot ---------------------------------------------------------

def _check_matrix(A, api, name="A"):
    if A.dim() < 2:
        raise RuntimeError(f"{api}: The input tensor {name} must have at least 2 dimensions.")


def _check_square(A, api, name="A"):
    """A (batch of) square matrices, in PyTorch's words (shared with _linalg_decomp)."""
    _check_matrix(A, api, name)
    if A._shape[-1] != A._shape[-2]:
        raise RuntimeError(f"{api}: {name} must be batches of square matrices, but they are "
                           f"{A._shape[-2]} by {A._shape[-1]} matrices")


def matrix_power(input, n, *, out=None):
    """A^n by repeated squaring (n < 0: of the inverse; n == 0: the identity), composite."""
    require_tensor(input, "matrix_power", "input", 1)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"matrix_power(): argument 'n' (position 2) must be int, not "
                        f"{type(n).__name__}")
    _check_square(input, "linalg.matrix_power")
    A = input
    if n == 0:
        eye = fresh_tensor(np.eye(A._shape[-1], dtype=A.dtype.np))
        r = call("clone", (A,), None)
        call("copy_", (r, _expand(eye, A._shape)), None)
    else:
        if n < 0:
            A = call("linalg_inv", (A,), None)
            n = -n
        if n == 1:
            r = call("clone", (A,), None)
        elif n == 2:
            r = call("matmul", (A, A), None)
        elif n == 3:
            r = call("matmul", (call("matmul", (A, A), None), A), None)
        else:
            # binary decomposition of n, least significant bit first (as PyTorch)
            z = r = None
            while n > 0:
                bit, n = n % 2, n // 2
                z = A if z is None else call("matmul", (z, z), None)
                if bit:
                    r = z if r is None else call("matmul", (r, z), None)
    return r if out is None else write_out_checked(r, out, "matrix_power")


def _chain_order(dims):
    """The cheapest parenthesisation of a matrix chain (dims: p0, p1, ..., pn):
    split[i][j] is where to split the product of matrices i..j."""
    n = len(dims) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def linalg_multi_dot(tensors, *, out=None):
    """The product of a chain of matrices in the cheapest order (the first may be a row
    vector, the last a column vector), composite."""
    tensors = _tensor_list(tensors, "linalg_multi_dot")
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    for i, t in enumerate(tensors):
        d = t.dim()
        if i == 0 and d not in (1, 2):
            raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {d}D")
        if i == n - 1 and d not in (1, 2):
            raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {d}D")
        if 0 < i < n - 1 and d != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {d}D")
    dt = tensors[0].dtype
    for i, t in enumerate(tensors[1:], 1):
        if t.dtype is not dt:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor "
                               f"0 is {cpp_name(dt)} and tensor {i} {cpp_name(t.dtype)}")
    first_vec, last_vec = tensors[0].dim() == 1, tensors[-1].dim() == 1
    mats = list(tensors)
    if first_vec:
        mats[0] = mats[0].unsqueeze(0)
    if last_vec:
        mats[-1] = mats[-1].unsqueeze(-1)
    for i in range(1, n):
        if mats[i - 1]._shape[1] != mats[i]._shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i - 1} and {i} with shapes "
                               f"{list(mats[i - 1]._shape)} and {list(mats[i]._shape)} cannot be "
                               "multiplied")
    split = _chain_order([mats[0]._shape[0]] + [m._shape[1] for m in mats])

    def product(i, j):
        if i == j:
            return mats[i]
        k = split[i][j]
        return call("mm", (product(i, k), product(k + 1, j)), None)
    r = product(0, n - 1)
    if first_vec and last_vec:
        r = r.reshape(())
    elif first_vec:
        r = r.squeeze(0)
    elif last_vec:
        r = r.squeeze(-1)
    return r if out is None else write_out_checked(r, out, "linalg_multi_dot")


def linalg_vecdot(x, y, *, dim=-1, out=None):
    """Dot products along `dim` (broadcasting): (x * y).sum(dim), composite."""
    require_tensor(x, "linalg_vecdot", "x", 1)
    require_tensor(y, "linalg_vecdot", "y", 2)
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"linalg.vecdot: Expected a floating point or complex tensor as input. "
                           f"Got {x.dtype.legacy_name}")
    if x.dtype is not y.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x "
                           f"of type {x.dtype.legacy_name} and y of type {y.dtype.legacy_name} "
                           "instead")
    r = call("mul", (x, y), None).sum(dim)
    return r if out is None else write_out_checked(r, out, "linalg_vecdot")


def linalg_diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """torch.linalg.diagonal: A.diagonal with the matrix dims last by default."""
    require_tensor(A, "linalg_diagonal", "A", 1)
    return A.diagonal(offset, dim1, dim2)


# ---- registration --------------------------------------------------------------------------

def_op("mm", mm)
def_op("bmm", bmm)
def_op("mv", mv)
def_op("dot", dot)
def_op("vdot", vdot)
def_op("matmul", matmul)
def_op("outer", outer, aliases=("ger",))
def_op("inner", inner)
def_op("einsum", einsum, method=False)
for _name, _fn in (("addmm", addmm), ("addmv", addmv), ("baddbmm", baddbmm),
                   ("addbmm", addbmm)):
    def_op(_name, _fn)
    def_op(_name + "_", _inplace(_name), function=False)

# The products of torch.linalg that are not top-level torch functions, by their linalg name
# (torchlike.linalg exposes this table; _linalg_decomp adds the decompositions).
LINALG = {"matmul": _registry_functions["matmul"]}
def_op("trace", trace)
def_op("diag_embed", diag_embed)
def_op("diagflat", diagflat)
def_op("addr", addr)
def_op("addr_", addr_, function=False)
LINALG["cross"] = def_op("linalg_cross", linalg_cross, function=False, method=False)
def_op("cross", cross)
def_op("tensordot", tensordot, method=False)
def_op("kron", kron)
LINALG["matrix_power"] = def_op("matrix_power", matrix_power)
LINALG["multi_dot"] = def_op("linalg_multi_dot", linalg_multi_dot, function=False, method=False)
LINALG["vecdot"] = def_op("linalg_vecdot", linalg_vecdot, function=False, method=False)
LINALG["diagonal"] = def_op("linalg_diagonal", linalg_diagonal, function=False, method=False)
