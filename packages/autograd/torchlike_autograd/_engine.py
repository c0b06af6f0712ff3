"""The backward engine: dependency-counted, iterative (no recursion, so graphs 10^5 deep
work at the default recursion limit), freeing saved tensors as it goes unless asked to
retain the graph."""
import sys
from sys import getrefcount

from torchlike_core._creation import empty_like
from torchlike_core._memory_format import _dense_order
from torchlike_core._dispatch import call, set_grad_enabled_flag

from ._graph import AccumulateGrad, edge_of
from . import _anomaly


def _dependencies(roots, wanted=None):
    """How many edges point at each node reachable from `roots` (roots start at 0, so a
    root that is also another root's input is counted, but walked once).

    With `wanted` (the nodes whose gradients autograd.grad or backward(inputs=) asked for),
    only the nodes from which a wanted node can be reached are counted: the others are not
    run, as in PyTorch (where a freed or failing node past the inputs is no error)."""
    deps = dict.fromkeys(roots, 0)
    stack = list(roots)
    while stack:
        for nxt in stack.pop()._next_nodes:
            if nxt in deps:
                deps[nxt] += 1
            elif nxt is not None:
                deps[nxt] = 1
                stack.append(nxt)
    if wanted is None:
        return deps
    users = {}              # node -> the nodes with an edge to it
    for node in deps:
        for nxt in node._next_nodes:
            if nxt is not None:
                users.setdefault(nxt, []).append(node)
    needed = {n for n in wanted if n in deps}
    stack = list(needed)
    while stack:
        for user in users.get(stack.pop(), ()):
            if user not in needed:
                needed.add(user)
                stack.append(user)
    counted = {n: 0 for n in deps if n in needed}
    for node in counted:
        for nxt in node._next_nodes:
            if nxt in needed:
                counted[nxt] += 1
    return counted


def run_backward(tensors, grad_tensors, retain_graph, create_graph, inputs=None,
                 accumulate=True):
    """Propagate from `tensors` (seeded with `grad_tensors`).

    accumulate=True: add into the .grad of leaves (restricted to `inputs` if given).
    accumulate=False: return the gradients of `inputs` (for autograd.grad).
    """
    buffers = {}          # node -> its incoming gradients so far, one slot per node output
    roots = []
    for t, g in zip(tensors, grad_tensors):
        edge = edge_of(t)
        if edge is None:
            raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
        node, nr = edge
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * node._nouts
            roots.append(node)
        buf[nr] = g if buf[nr] is None else call("add", (buf[nr], g), None)

    wanted = None        # nodes whose incoming gradient is what the caller asked for
    captured = {}
    if inputs is not None:
        wanted = {}
        for i, t in enumerate(inputs):
            edge = edge_of(t)
            if edge is not None:
                wanted.setdefault(edge[0], []).append((i, edge[1]))

    deps = _dependencies(roots, wanted)
    ready = [n for n in roots if deps.get(n) == 0]
    prev_mode = set_grad_enabled_flag(bool(create_graph))
    try:
        while ready:
            node = ready.pop()
            grads = buffers.pop(node, None)
            if grads is None:
                grads = [None] * node._nouts
            if node._pre_hooks:     # tensor hooks: what they return is the gradient, captured too
                grads = _pre_hooked(node, grads)
            if wanted is not None:
                if node in wanted:
                    for i, nr in wanted[node]:
                        captured[i] = grads[nr] if nr < len(grads) else None
                if not any(n in deps for n in node._next_nodes) and type(node) is not AccumulateGrad:
                    continue        # nothing asked for lies past this node
            if type(node) is AccumulateGrad:
                if accumulate and (wanted is None or node in wanted):
                    g = grads[0]
                    grads = out = b = None       # Note [Stealing gradients]
                    _accumulate(node, g, create_graph)
                continue
            if node._nouts != 1 or node._hooks or _anomaly.enabled:
                out = _run_node(node, grads)
            elif grads[0] is None:      # _run_node's shortcut, for the common node
                out = (None,) * len(node._next_nodes)
            else:
                out = node.apply(grads)
            if not retain_graph:
                node.release()
            for nxt, nr, g in zip(node._next_nodes, node._next_nrs, out):
                d = deps.get(nxt)
                if d is None:       # no edge (None), or a node no `input` needs
                    continue
                if g is not None:
                    b = buffers.get(nxt)
                    if b is None:
                        b = buffers[nxt] = [None] * nxt._nouts
                    b[nr] = g if b[nr] is None else call("add", (b[nr], g), None)
                deps[nxt] = d = d - 1
                if d == 0:
                    ready.append(nxt)
    finally:
        set_grad_enabled_flag(prev_mode)
    if accumulate and inputs is not None:
        for i, t in enumerate(inputs):
            if i in captured and t._grad_fn is not None:
                _add_to_nonleaf_grad(t, captured[i], create_graph)
    return captured


def _add_to_nonleaf_grad(t, g, create_graph):
    """backward(inputs=[t]) with t not a leaf: PyTorch fills t.grad as for a leaf."""
    if g is None:
        return
    old = t._grad
    if old is None:
        t._grad = g if create_graph else call("clone", (g.detach(),), None)
    elif create_graph:
        t._grad = call("add", (old, g), None)
    else:
        call("add_", (old, g.detach()), None)


def _pre_hooked(node, grads):
    for hook in node._pre_hooks:
        r = hook(tuple(grads))
        if r is not None:
            grads = list(r)
    return grads


def _run_node(node, grads):
    for g in grads:
        if g is not None:
            break
    else:
        return (None,) * len(node._next_nodes)
    if _anomaly.enabled:
        try:
            out = node.apply(grads)
        except Exception as e:
            _anomaly.report(node, e)
            raise
        _anomaly.check_nan(node, out)
    else:
        out = node.apply(grads)
    if node._hooks:
        for hook in node._hooks:
            r = hook(tuple(out), tuple(grads))
            if r is not None:
                out = tuple(r)
    return out


def _can_steal(g, leaf):
    """Note [Stealing gradients]: the first gradient of a leaf is stored as it is, without
    a copy, when nothing else can see its memory, as PyTorch's AccumulateGrad does with its
    use_count test. Counted references: to g, run_backward's `g` (the engine drops its
    others before calling _accumulate), _accumulate's, ours and getrefcount's argument; to
    its storage, g's slot, the slot of g's base when g is a view (a transpose back, say)
    whose base nothing else holds, and the argument. Besides, the memory must be out of
    reach of numpy arrays outside, and g must have the leaf's dtype, shape and layout. The
    same gradient routed to two leaves, a user's tensor, one a hook kept: all are copied."""
    if not _COUNTS_KNOWN:
        return False
    base = g._base
    g.drop_numpy_cache()       # a cached numpy view is one more reference to the storage
    if base is None:
        storage_refs = 2
    elif getrefcount(base) == 3 and base._base is None:       # g._base, `base`, argument
        base.drop_numpy_cache()
        storage_refs = 3
    else:
        return False
    return (getrefcount(g) == 4 and getrefcount(g._storage) == storage_refs
            and g._dtype is leaf._dtype and g._shape == leaf._shape
            # PyTorch's layout contract: a dense leaf's grad has the leaf's strides, any
            # other leaf's is contiguous (and never an expanded, stride-0 view)
            and (g._stride == leaf._stride if _dense_order(leaf) is not None
                 else g.is_contiguous())
            and g._storage.memory_is_private())


# The counts above hold for the CPython versions this was checked on; a newer interpreter
# may borrow references to locals and count fewer, so it copies instead (always safe).
_COUNTS_KNOWN = sys.version_info[:2] <= (3, 13)


def _accumulate(acc, g, create_graph):
    """AccumulateGrad: leaf.grad += g (a new tensor unless the graph is being built)."""
    if g is None:
        return
    if acc.leaf_hooks:
        for hook in acc.leaf_hooks:
            r = hook(g)
            if r is not None:
                g = r
    leaf = acc._variable()
    if leaf is None:      # Note [Leaf accumulators]: its hooks ran; nobody can read .grad
        return
    if not create_graph and g._requires_grad:
        g = g.detach()
    old = leaf._grad
    if old is None:
        # The leaf must own its grad's memory; as PyTorch's layout contract, a contiguous
        # leaf gets a contiguous grad (a matmul's gradient can arrive transposed, and every
        # later update would stride through it).
        if create_graph:
            leaf._grad = g
        elif _can_steal(g, leaf):
            leaf._grad = g if g._base is None else g.detach()
        else:       # empty_like keeps a dense leaf's strides, and is contiguous otherwise
            grad = empty_like(leaf, dtype=g.dtype)
            call("copy_", (grad, g), None)
            leaf._grad = grad
    elif create_graph:
        leaf._grad = call("add", (old, g), None)
    else:
        call("add_", (old, g), None)
