"""Recording the graph: the hook the core's dispatcher calls when an op must be recorded.

For op `name`, `record` runs the kernel below the autograd layer (grad mode off, so the
kernel's own inner ops are not recorded twice), then attaches one node to the outputs:
an instance of the op's node class (`MulBackward0`, ...) from the formula table.
"""
from torchlike_core._dispatch import (call_kernel, call_kernel_no_grad, set_grad_enabled_flag,
                                     call, is_grad_enabled)
from torchlike_core._tensor import TensorBase
from torchlike_core._tensor_class import Tensor

from ._graph import (Node, SavedTensor, edge_of, meta_of, grad_accumulator, interned,
                     modified_message, note_view, fresh_grad_fn, positions_in_base, ViewOfBase,
                     _FREED, _INTERNED)
from . import _anomaly

FORMULAS = {}          # op name -> Formula
NON_DIFFERENTIABLE = set()   # ops whose outputs never require grad (comparisons, argmax, ...)
COMPOSITE = set()      # ops whose kernels are made of dispatched ops: those get recorded


class Ctx:
    """What a backward formula sees besides the gradient: shapes, needs, kwargs, result."""

    __slots__ = ("shapes", "dtypes", "needs", "kw", "result", "node")

    def shape(self, i):
        return self.shapes[i]


class FormulaNode(Node):
    """A node whose backward is a formula from the table (one subclass per op name).

    `_args` holds the op's arguments as the formula will see them (tensors the formula does
    not need are None); `_meta` holds, per argument, its shape, dtype, whether it needs a
    gradient and the storage version of the saved tensor (a list for a list of tensors,
    None for other arguments), checked when backward runs.
    """

    __slots__ = ("_args", "_meta", "_kw", "_result")

    formula = None

    def apply(self, grads):
        if self._released:
            raise RuntimeError(_FREED)
        args = self._args
        shapes, dtypes, needs, versions = self._meta
        for a, v in zip(args, versions):
            if v is not None:
                if type(v) is list:
                    for x, vx in zip(a, v):
                        _check_version(x, vx)
                elif a._storage.version != v:
                    _check_version(a, v)
        ctx = Ctx()
        ctx.shapes = shapes
        ctx.dtypes = dtypes
        ctx.needs = needs
        ctx.kw = self._kw
        ctx.node = self
        ctx.result = None if self._result is None else self._result.unpack_output(self)
        g = grads[0] if self._nouts == 1 else grads
        if self._nouts == 1 and g is None:
            return (None,) * len(self._next_nodes)
        kw = self._kw
        out = self.formula.backward(ctx, g, *args, **kw) if kw else self.formula.backward(ctx, g, *args)
        return self._flatten(out)

    def release(self):
        Node.release(self)
        self._args = self._result = None
        for name in type(self).__slots__:      # the op's own extra slots (saved indices)
            setattr(self, name, None)

    def _flatten(self, out):
        """Per-positional-arg grads -> one per edge, summed to shape and cast to dtype."""
        flat = []
        shapes, dtypes, needs, _ = self._meta
        for i, need in enumerate(needs):
            if need is None:
                continue
            gi = out[i] if i < len(out) else None
            if type(need) is list:
                for j, nj in enumerate(need):
                    flat.append(_fit(gi[j] if gi is not None else None, shapes[i][j],
                                     dtypes[i][j]) if nj else None)
            elif not need or gi is None:
                flat.append(None)
            elif type(gi) is not Tensor or gi._shape != shapes[i] or gi._dtype is not dtypes[i]:
                flat.append(_fit(gi, shapes[i], dtypes[i]))
            else:
                flat.append(gi)      # already the input's shape and dtype
        return tuple(flat)


class _SavedOutput(SavedTensor):
    """A saved output: kept as a detached alias so that output -> node -> output is no cycle;
    re-attached to its node when unpacked, so that double backward sees the dependency."""

    __slots__ = ("requires_grad",)

    def __init__(self, tensor):
        alias = tensor.detach()
        SavedTensor.__init__(self, alias)
        self.requires_grad = tensor._requires_grad

    def unpack_output(self, node):
        t = self.unpack(node)
        if self.requires_grad and is_grad_enabled():
            t = t.detach()
            t._requires_grad = True
            t._grad_fn = node
        return t


def _fit(g, shape, dtype):
    """Note [Gradient shapes]: a broadcast input gets its gradient summed back to its shape
    (the one place that does so), and in its own dtype."""
    if g is None:
        return None
    if not isinstance(g, TensorBase):
        raise TypeError(f"backward formula returned {type(g).__name__} instead of a Tensor")
    if g._shape != shape:
        g = sum_to(g, shape)
    if g._dtype is not dtype:
        g = g.to(dtype)
    return g


def sum_to(g, shape):
    lead = g.dim() - len(shape)
    if lead < 0:
        return g.reshape(shape) if g.numel() == _prod(shape) else g.expand(shape)
    dims = list(range(lead)) + [lead + i for i, s in enumerate(shape) if s == 1 and g._shape[lead + i] != 1]
    if dims:
        g = g.sum(dims, keepdim=True)
    if lead:
        g = g.reshape(shape)
    return g


def _prod(shape):
    n = 1
    for s in shape:
        n *= s
    return n


class Formula:
    """One op's derivative: node class name, what to save, the backward function."""

    def __init__(self, op, node_name, backward, save_args=False, save_result=False,
                 outputs=None, extra_slots=(), pick=None):
        # node_name may be a pair: PyTorch names a reduction over all elements ...Backward0
        # and one over given dims ...Backward1 (SumBackward0 / SumBackward1).
        names = (node_name,) if isinstance(node_name, str) else tuple(node_name)
        self.op = op
        self.inplace = op.endswith("_") and not op.startswith("_")
        self.backward = backward
        self.save_args = save_args
        self.save_result = save_result
        self.outputs = outputs           # None: all float outputs are differentiable; or a count
        self.node_classes = tuple(type(n, (FormulaNode,),
                                       {"__slots__": tuple(extra_slots), "formula": self})
                                  for n in names)
        self.node_class = self.node_classes[0]
        self.picks_name = len(self.node_classes) > 1
        self.pick = pick or _has_dim

    def record(self, args, kwargs):
        # This runs once per recorded op, so it is written for speed: one pass over the
        # arguments, edges made inline (the same as edge_of), the node filled in directly.
        target = args[0] if self.inplace else None
        if target is not None:
            _check_inplace(target)
            if target._base is not None and FORMULAS.get(self.op[:-1]) is not None:
                return _inplace_on_view(self.op, args, kwargs)
        # What the node keeps of each argument (`kept`, `versions`): every argument when
        # the formula saves them, else the integer and bool tensors (indices and masks
        # route gradients) and the non-tensor values.
        save_all = self.save_args
        needs, nodes, nrs, shapes, dtypes, kept, versions = [], [], [], [], [], [], []
        as_given = save_all and target is None    # then the node keeps `args` itself
        for a in args:
            if isinstance(a, TensorBase):
                if a._requires_grad:
                    fn = a._grad_fn
                    if fn is None:
                        meta = a._autograd_meta
                        acc = None if meta is None else meta.accumulator
                        nodes.append(grad_accumulator(a) if acc is None else acc)
                        nrs.append(0)
                    else:
                        meta = a._autograd_meta
                        if meta is None:
                            nrs.append(0)
                        else:
                            if meta.view_version is not None:     # Note [Stale views]
                                fn = fresh_grad_fn(a, meta)
                            nrs.append(meta.output_nr)
                        nodes.append(fn)
                    needs.append(True)
                else:
                    nodes.append(None)
                    nrs.append(0)
                    needs.append(False)
                shapes.append(a._shape)
                dtypes.append(a._dtype)
                if save_all or not a._dtype.is_floating_point:
                    if target is not None and a._storage is target._storage:
                        a = _clone_below_autograd(a)    # saved as it was before the write
                    kept.append(a)
                    versions.append(a._storage.version)
                else:
                    kept.append(None)
                    versions.append(None)
            elif type(a) in (list, tuple) and _is_tensor_list(a):
                sub = [edge_of(x) or _NO_EDGE for x in a]
                needs.append([e[0] is not None for e in sub])
                nodes.extend(e[0] for e in sub)
                nrs.extend(e[1] for e in sub)
                shapes.append([x._shape for x in a])
                dtypes.append([x._dtype for x in a])
                kept.append(tuple(a) if save_all else None)
                as_given = False
                versions.append([x._storage.version for x in a] if save_all else None)
            else:
                needs.append(None)
                shapes.append(None)
                dtypes.append(None)
                if type(a) is list:            # the caller may change its list later
                    a = tuple(a)
                    as_given = False
                kept.append(a)
                versions.append(None)
        kw = kwargs or _NO_KWARGS
        if kw and kw.get("out") is not None:
            raise RuntimeError(f"{self.op}(): functions with out=... arguments don't support "
                               "automatic differentiation, but one of the arguments requires grad.")
        out = call_kernel_no_grad(self.op, args, kwargs)
        if self.inplace:
            out = args[0]     # setitem_ returns nothing; every in-place op rewrites args[0]
        elif args and out is args[0]:
            return out        # x.contiguous(), x.float() on float32: no new tensor, no node
        node_class = self.node_class
        if self.picks_name:
            node_class = self.node_classes[self.pick(args, kw)]
        node = _new(node_class)
        node._next_nodes = tuple(nodes)
        nrs = tuple(nrs)
        node._next_nrs = _INTERNED.get(nrs) or interned(nrs)
        node._saved = None
        node._released = False
        node._hooks = None
        node._pre_hooks = None
        node._metadata = None
        node._anomaly_trace = None
        node._args = args if as_given else tuple(kept)     # Note [Fewer tracked objects]
        meta = (tuple(shapes), tuple(dtypes), tuple(needs), tuple(versions))
        try:
            # Note [Fewer tracked objects]. Versions change with every optimizer step, so a
            # meta holding a non-zero one is not worth a place in the table.
            if not any(meta[3]):
                meta = _INTERNED.get(meta) or interned(meta)
        except TypeError:      # a list inside (an op over a list of tensors): not hashable
            pass
        node._meta = meta
        node._kw = kw
        node._result = None
        if _anomaly.enabled:
            _anomaly.remember(node)
        if isinstance(out, TensorBase):
            node._nouts = 1
            if out._dtype.is_floating_point:
                out._grad_fn = node
                out._requires_grad = True
                if out._autograd_meta is not None:
                    out._autograd_meta.output_nr = 0
                if out._base is not None:
                    note_view(out)
            if self.save_result:
                node._result = _SavedOutput(out)
        else:
            outs = [o for o in out]
            ndiff = len(outs) if self.outputs is None else self.outputs
            node._nouts = ndiff
            for i in range(ndiff):
                _attach(outs[i], node, i)
        return out


_NO_EDGE = (None, 0)
_NO_KWARGS = {}       # shared and never written: formulas get **kw copies
_new = object.__new__


def _is_tensor_list(a):
    """Whether a list/tuple argument is a list of differentiable inputs (cat's tensors), as
    opposed to a value that holds tensors (an index tuple such as x[i, j] or x[i, :])."""
    return (bool(a) and all(isinstance(x, TensorBase) for x in a)
            and any(x._dtype.is_floating_point for x in a))


def _clone_below_autograd(a):
    prev = set_grad_enabled_flag(False)
    try:
        return call("clone", (a,), None)
    finally:
        set_grad_enabled_flag(prev)


def _check_version(t, version):
    if t._storage.version != version:
        raise RuntimeError(modified_message(t, version))


def _has_dim(args, kw):
    """Index of the node name: 1 when the reduction got dims (SumBackward1), else 0."""
    return 1 if (len(args) > 1 and args[1] is not None) or kw.get("dim") is not None else 0


def _attach(t, node, nr):
    if not isinstance(t, TensorBase) or not t._dtype.is_floating_point:
        return
    t._grad_fn = node
    t._requires_grad = True
    if nr:
        meta_of(t).output_nr = nr
    elif t._autograd_meta is not None:
        t._autograd_meta.output_nr = 0
    if t._base is not None:
        note_view(t)


def _check_inplace(t):
    if t._requires_grad and t._grad_fn is None and t._base is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    base = t._base
    if base is not None and base._requires_grad and base._grad_fn is None:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")


def _inplace_on_view(op, args, kwargs):
    """Note [In-place on views]: `v.mul_(2)` where v views a tensor b of the graph.

    The new values are computed out of place (recorded as usual), written into b's memory
    by a CopySlices node that gives b its new history, and v becomes a view of that
    history again. So gradients through b and through v both see the write."""
    view = args[0]
    base = view._base
    prev = set_grad_enabled_flag(True)
    try:
        # the view's old values may be needed by backward, and are about to be overwritten
        new = call(op[:-1], (call("clone", (view,), None),) + tuple(args[1:]), kwargs)
    finally:
        set_grad_enabled_flag(prev)
    positions = positions_in_base(view, base)
    node = _CopySlices((edge_of(base) or (None, 0), edge_of(new) or (None, 0)))
    node._base_shape = base._shape
    node._positions = positions
    node._view_shape = view._shape
    prev = set_grad_enabled_flag(False)
    try:
        call("copy_", (view, new), None)
    finally:
        set_grad_enabled_flag(prev)
    _attach(base, node, 0)
    view_node = ViewOfBase(((node, 0),))
    view_node._base_shape = base._shape
    view_node._positions = positions
    _attach(view, view_node, 0)
    return view


class _CopySlices(Node):
    """The node of a base tensor written through one of its views."""

    __slots__ = ("_base_shape", "_positions", "_view_shape")

    @classmethod
    def name(cls):
        return "CopySlices"

    def apply(self, grads):
        g = grads[0]
        flat = g.reshape(-1)
        g_new = flat.take(self._positions).reshape(self._view_shape)
        g_base = flat.put(self._positions, g_new * 0).reshape(self._base_shape)
        return g_base, g_new


def record(name, args, kwargs):
    """The autograd hook installed into the core's dispatcher."""
    f = FORMULAS.get(name)
    if f is None:
        if name in COMPOSITE:
            return call_kernel(name, args, kwargs)
        if name in NON_DIFFERENTIABLE or name.startswith("_"):
            prev = set_grad_enabled_flag(False)
            try:
                return call_kernel(name, args, kwargs)
            finally:
                set_grad_enabled_flag(prev)
        raise NotImplementedError(f"torchlike autograd: the derivative for '{name}' is not "
                                  "implemented")
    return f.record(args, kwargs)
