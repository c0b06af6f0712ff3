"""Graph nodes: what `grad_fn` points at.

A Node knows the edges to the nodes of its inputs (`next_functions`, pairs of
(node, input_nr)), the tensors it saved (checked against their version when unpacked),
and how to turn the gradient of its output(s) into gradients of its inputs (`apply`).
"""
import weakref

from torchlike_core._tensor import TensorBase

_FREED = ("Trying to backward through the graph a second time (or directly access saved tensors "
          "after they have already been freed). Saved intermediate values of the graph are freed "
          "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
          "backward through the graph a second time or if you need to access saved tensors after "
          "calling backward.")


def modified_message(t, expected):
    """PyTorch's error for a saved tensor that was changed in place after being saved."""
    fn = t._grad_fn
    which = "" if fn is None else f", which is output 0 of {_op_name(fn.name())},"
    return ("one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [torch.{t.dtype.legacy_name}Tensor {list(t.shape)}]{which} "
            f"is at version {t._storage.version}; expected version {expected} instead. "
            "Hint: enable anomaly detection to find the operation that failed to compute its "
            "gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")


def _op_name(node_name):
    """'MulBackward0' -> 'Mul', as PyTorch names the op in that message."""
    head, sep, _ = node_name.rpartition("Backward")
    return head if sep else node_name


# Note [Fewer tracked objects]: every tuple a node keeps is an object the cyclic garbage
# collector tracks, and collections over a deep graph cost more than recording it (a
# 10^4-deep chain spent three quarters of its forward in gc). The same few small tuples
# (input numbers; shapes, dtypes, needs and versions; arguments without tensors) recur op
# after op, so nodes share one interned copy of each.
_INTERNED = {}


def interned(t):
    """The shared copy of the hashable tuple t (t itself when the table is full)."""
    if len(_INTERNED) < 4096:
        return _INTERNED.setdefault(t, t)
    return _INTERNED.get(t, t)


class SavedTensor:
    """A tensor saved for backward, with the storage version it had when saved."""

    __slots__ = ("tensor", "version")

    def __init__(self, tensor):
        self.tensor = tensor
        self.version = tensor._storage.version

    def unpack(self, node):
        t = self.tensor
        if t._storage.version != self.version:
            raise RuntimeError(modified_message(t, self.version))
        return t

    def unpack_output(self, node):
        return self.unpack(node)


class Node:
    """A backward function in the graph."""

    # The edges are kept as two tuples, the nodes and their input numbers (interned), not
    # as PyTorch's pairs: one tracked object per node instead of one per edge more
    # (Note [Fewer tracked objects]). `next_functions` gives the pairs.
    __slots__ = ("_next_nodes", "_next_nrs", "_nouts", "_saved", "_released", "_hooks",
                 "_pre_hooks", "_metadata", "_anomaly_trace", "__weakref__")

    def __init__(self, next_functions=()):
        self.next_functions = next_functions
        self._nouts = 1                # how many outputs (gradients in) the node has
        self._saved = None
        self._released = False
        self._hooks = None
        self._pre_hooks = None
        self._metadata = None
        self._anomaly_trace = None

    @property
    def next_functions(self):
        return tuple(zip(self._next_nodes, self._next_nrs))

    @next_functions.setter
    def next_functions(self, edges):
        self._next_nodes = tuple(node for node, _ in edges)
        self._next_nrs = interned(tuple(nr for _, nr in edges))

    @property
    def metadata(self):
        """A dict for the user's own annotations, made on first use (most nodes never
        need one, and every recorded op makes a node)."""
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    @classmethod
    def name(cls):
        return cls.__name__

    def __repr__(self):
        return f"<{self.name()} object at {hex(id(self))}>"

    def _saved_values(self):
        """The saved inputs, unpacked (raises when freed or modified in place)."""
        if self._released:
            raise RuntimeError(_FREED)
        saved = self._saved
        if saved is None:
            return ()
        return tuple(s.unpack(self) if isinstance(s, SavedTensor) else s for s in saved)

    def release(self):
        self._saved = None
        self._released = True

    def register_hook(self, hook):
        """hook(grad_inputs, grad_outputs) -> new grad_inputs or None."""
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return _RemovableHandle(self._hooks, hook)

    def register_prehook(self, hook):
        """hook(grad_outputs) -> new grad_outputs or None."""
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._pre_hooks.append(hook)
        return _RemovableHandle(self._pre_hooks, hook)

    def apply(self, grads):
        """grads: a list, one per output. Returns a tuple, one per next_functions edge."""
        raise NotImplementedError

    def __call__(self, *grads):
        return self.apply(list(grads))


class AccumulateGrad(Node):
    """The node of a leaf that requires grad: adds incoming gradients into `leaf.grad`.

    Note [Leaf accumulators]: the leaf holds its accumulator and the accumulator holds the
    leaf weakly, so there is no reference cycle and the node is made once per leaf, not
    once per op (PyTorch makes it anew whenever no graph holds it; in Python that cost
    showed in every recorded op). The leaf's hooks live here, not on the leaf, so that they
    still run when the user has dropped the leaf before backward; only the .grad of a leaf
    nobody holds any more is not written (nothing could read it).
    """

    __slots__ = ("_variable", "leaf_hooks")

    def __init__(self, variable):
        Node.__init__(self, ())
        self._variable = weakref.ref(variable)
        self.leaf_hooks = None

    @property
    def variable(self):
        return self._variable()

    def apply(self, grads):
        raise AssertionError("AccumulateGrad is run by the engine")


class _RemovableHandle:
    __slots__ = ("_list", "_item")

    def __init__(self, lst, item):
        self._list = lst
        self._item = item

    def remove(self):
        try:
            self._list.remove(self._item)
        except ValueError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def grad_accumulator(tensor):
    """The AccumulateGrad node of a leaf (Note [Leaf accumulators])."""
    meta = tensor._autograd_meta
    if meta is None:
        meta = tensor._autograd_meta = _Meta()
    acc = meta.accumulator
    if acc is None:
        acc = meta.accumulator = AccumulateGrad(tensor)
    return acc


class _Meta:
    """Per-tensor autograd state the core keeps in its `_autograd_meta` slot."""

    __slots__ = ("accumulator", "retains_grad", "output_nr", "view_version")

    def __init__(self):
        self.accumulator = None
        self.retains_grad = False
        self.output_nr = 0
        self.view_version = None     # Note [Stale views]


def meta_of(tensor):
    meta = tensor._autograd_meta
    if meta is None:
        meta = tensor._autograd_meta = _Meta()
    return meta


def edge_of(t):
    """The graph edge (node, input_nr) a gradient for tensor t must follow, or None."""
    if not isinstance(t, TensorBase) or not t._requires_grad:
        return None
    fn = t._grad_fn
    if fn is not None:
        meta = t._autograd_meta
        if meta is None:
            return (fn, 0)
        if meta.view_version is not None:
            fn = fresh_grad_fn(t, meta)
        return (fn, meta.output_nr)
    return (grad_accumulator(t), 0)


# Note [Stale views]: a view's grad_fn says how it was computed from its base's history at
# the time. An in-place write to the base, or through another view of it, gives the base a
# new history and changes the view's values with it, so that grad_fn goes stale. As PyTorch
# does, a view of a graph tensor remembers the storage version its grad_fn is for; once the
# version has moved on, the grad_fn is remade on first use as AsStridedBackward0 of the
# base's current history, which puts the view's gradient at its positions in the base.
# (A view of a leaf needs none of this: a leaf that requires grad is never written in place
# while recording.)

def note_view(t):
    """t, a view, was just given its grad_fn by a recorded op: remember the version."""
    if t._base._grad_fn is not None:
        meta_of(t).view_version = t._storage.version


def fresh_grad_fn(t, meta):
    """The grad_fn of view t, remade first if the base was written since it was made."""
    version = t._storage.version
    if meta.view_version != version:
        fn = t._grad_fn
        if fn._nouts > 1:
            raise RuntimeError(
                f"Output {meta.output_nr} of {_op_name(fn.name())} is a view and its base or "
                "another view of its base has been modified inplace. This view is the output "
                "of a function that returns multiple views. Such functions do not allow the "
                "output views to be modified inplace. You should replace the inplace operation "
                "by an out-of-place one.")
        base = t._base
        node = ViewOfBase((edge_of(base) or (None, 0),))
        node._base_shape = base._shape
        node._positions = positions_in_base(t, base)
        t._grad_fn = node
        meta.output_nr = 0
        meta.view_version = version
        if meta.retains_grad:        # retain_grad follows the view to its new node
            from ._tensor_methods import keep_grad_at
            keep_grad_at(t, node, 0)
    return t._grad_fn


def positions_in_base(view, base):
    """Flat (logical) index in `base` of each element of `view`, as an int64 tensor on base's
    device (worked out on the host from the two layouts)."""
    import numpy as np
    from torchlike_core import from_numpy
    n_storage = base._storage.nbytes // base._dtype.itemsize
    where = np.full(n_storage, -1, dtype=np.int64)
    item = np.lib.stride_tricks.as_strided
    addr = np.arange(n_storage, dtype=np.int64)
    b = item(addr[base._offset:], base._shape, [s * 8 for s in base._stride]) if base._shape else addr[base._offset]
    where[np.asarray(b).reshape(-1)] = np.arange(np.asarray(b).size)
    v = item(addr[view._offset:], view._shape, [s * 8 for s in view._stride]) if view._shape else addr[view._offset]
    positions = from_numpy(np.ascontiguousarray(where[np.asarray(v).reshape(-1)]))
    return positions if base._storage.device.type == "cpu" else positions.to(base.device)


class ViewOfBase(Node):
    """A view whose base was rewritten in place: its gradient lands at its positions."""

    __slots__ = ("_base_shape", "_positions")

    @classmethod
    def name(cls):
        return "AsStridedBackward0"

    def apply(self, grads):
        import torchlike_core as T
        g = grads[0]
        z = T.zeros(self._base_shape, dtype=g.dtype, device=g.device).reshape(-1)
        return (z.put(self._positions, g.reshape(-1), accumulate=True).reshape(self._base_shape),)

