"""Custom autograd functions, both API eras, on the one engine.

New style: `class F(Function)` with static `forward(ctx, ...)`/`backward(ctx, ...)` (or
`forward(...)` + `setup_context(ctx, inputs, output)`), called as `F.apply(...)`; the ctx
is the graph node (as in PyTorch, `y.grad_fn` is an `FBackward`).
Legacy style (old tutorials): instance `forward(self, ...)`/`backward(self, ...)`, called as
`F()(x, w)`; the instance is the ctx.
"""
import functools

from torchlike_core._dispatch import set_grad_enabled_flag, is_grad_enabled
from torchlike_core._tensor import TensorBase

from ._graph import Node, SavedTensor, edge_of, meta_of, _FREED
from ._record import _fit


class FunctionCtx:
    """What forward hands to backward."""

    def save_for_backward(self, *tensors):
        for t in tensors:
            if t is not None and not isinstance(t, TensorBase):
                raise TypeError("save_for_backward can only save variables, but argument 0 is "
                                f"of type {type(t).__name__}")
        self._to_save = tensors

    def save_for_forward(self, *tensors):
        self._saved_for_forward = tensors

    @property
    def saved_tensors(self):
        if getattr(self, "_released_saved", False):
            raise RuntimeError(_FREED)
        saved = getattr(self, "_saved_list", None)
        if saved is None:
            return tuple(getattr(self, "_to_save", ()))
        return tuple(None if s is None else s.unpack(self) for s in saved)

    @property
    def saved_variables(self):
        return self.saved_tensors

    def mark_dirty(self, *tensors):
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        self._non_diff = tensors

    def set_materialize_grads(self, value):
        self.materialize_grads = bool(value)


class FunctionNode(Node, FunctionCtx):
    """The graph node of one call of a custom Function; also its ctx."""

    __slots__ = ("__dict__",)
    _forward_cls = None

    def __init__(self):
        Node.__init__(self, ())
        self.materialize_grads = True
        self.needs_input_grad = ()

    @classmethod
    def name(cls):
        return cls.__name__

    def release(self):
        Node.release(self)
        self._saved_list = None
        self._released_saved = True
        self._to_save = ()

    def apply(self, grads):
        return _run_backward(self, self._forward_cls.backward, self, grads)

    def _save_outputs_and_inputs(self):
        to_save = getattr(self, "_to_save", None)
        if to_save:
            self._saved_list = [None if t is None else SavedTensor(t) for t in to_save]
            self._to_save = ()


def _run_backward(node, backward_fn, ctx, grads):
    if getattr(ctx, "materialize_grads", True):
        grads = [g if g is not None else _zeros_like_out(node, i) for i, g in enumerate(grads)]
    result = backward_fn(ctx, *grads)
    if not isinstance(result, tuple):
        result = (result,)
    slots = node._arg_is_tensor
    if len(result) < len(slots):
        raise RuntimeError(f"function {node.name()} returned an incorrect number of gradients "
                           f"(expected {len(slots)}, got {len(result)})")
    out = []
    for (is_t, shape, dtype), g in zip(slots, result):
        if not is_t:
            continue
        if g is not None and not isinstance(g, TensorBase):
            raise TypeError(f"function {node.name()} returned a gradient of type "
                            f"{type(g).__name__}; expected a Tensor or None")
        if g is not None and g.shape != shape:
            try:
                g = _fit(g, shape, dtype)
            except RuntimeError:
                raise RuntimeError(f"Function {node.name()} returned an invalid gradient at index "
                                   f"{len(out)} - got {list(g.shape)} but expected shape "
                                   f"compatible with {list(shape)}") from None
        out.append(g)
    return tuple(out)


def _zeros_like_out(node, i):
    import torchlike_core as T
    shape, dtype = node._out_meta[i]
    return T.zeros(shape, dtype=dtype)


def _wrap_outputs(node, args, outputs):
    """Attach the node to the differentiable outputs (handles dirty and non-diff outputs)."""
    single = not isinstance(outputs, tuple)
    outs = (outputs,) if single else outputs
    ctx = getattr(node, "fn", node)      # legacy Functions are their own ctx
    dirty = {id(t) for t in getattr(ctx, "_dirty", ())}
    non_diff = {id(t) for t in getattr(ctx, "_non_diff", ())}
    input_ids = {id(a) for a in args if isinstance(a, TensorBase)}
    wrapped, meta = [], []
    nr = 0
    for o in outs:
        if isinstance(o, TensorBase):
            if id(o) in input_ids and id(o) not in dirty:
                o = o.detach()      # an input returned as is: a new alias gets the history
            meta.append((o._shape, o._dtype))
            if id(o) not in non_diff and o._dtype.is_floating_point:
                if id(o) in dirty and o._requires_grad and o._grad_fn is None:
                    raise RuntimeError("a leaf Variable that requires grad is being used in an "
                                       "in-place operation.")
                o._grad_fn = node
                o._requires_grad = True
                meta_of(o).output_nr = nr
            else:
                o._requires_grad = False
        else:
            meta.append(((), None))
        wrapped.append(o)
        nr += 1
    node._out_meta = meta
    node._nouts = len(outs)
    return wrapped[0] if single else tuple(wrapped)


def _call_function(node, forward, args, kwargs, ctx_first=True, setup=None):
    needs = tuple(isinstance(a, TensorBase) and a._requires_grad for a in args)
    node.needs_input_grad = needs
    getattr(node, "fn", node).needs_input_grad = needs
    record = is_grad_enabled() and any(needs)
    prev = set_grad_enabled_flag(False)
    try:
        if setup is not None:
            out = forward(*args, **kwargs)
            setup(node, args, out)
        else:
            out = forward(node, *args, **kwargs) if ctx_first else forward(*args, **kwargs)
    finally:
        set_grad_enabled_flag(prev)
    if not record:
        return out
    node.next_functions = tuple(edge_of(a) or (None, 0) for a in args if isinstance(a, TensorBase))
    node._arg_is_tensor = [(isinstance(a, TensorBase),
                            a._shape if isinstance(a, TensorBase) else None,
                            a._dtype if isinstance(a, TensorBase) else None) for a in args]
    out = _wrap_outputs(node, args, out)
    node._save_outputs_and_inputs()
    return out


class _FunctionMeta(type):
    """Gives each Function subclass its node class, `<Name>Backward`."""

    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        cls._backward_cls = type(name + "Backward", (FunctionNode,), {"_forward_cls": cls})


class Function(FunctionCtx, metaclass=_FunctionMeta):
    """Base class of custom autograd functions (both styles)."""

    def __init__(self, *args, **kwargs):
        # legacy instances are ctx objects themselves
        self.materialize_grads = True
        self.needs_input_grad = ()

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your "
                                  "custom autograd.Function to use it with backward mode AD.")

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        if not _is_static(cls, "forward"):
            raise RuntimeError("Legacy autograd function with non-static forward method is "
                               f"called with .apply; call it as {cls.__name__}()(...) instead.")
        node = cls._backward_cls()
        setup = None
        if "setup_context" in _defined(cls):
            setup = cls.setup_context
            return _call_function(node, cls.forward, args, kwargs, setup=setup)
        return _call_function(node, cls.forward, args, kwargs)

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError

    def __call__(self, *args):
        """Legacy style: F()(x, w) with instance forward/backward."""
        if _is_static(type(self), "forward"):
            raise RuntimeError("Legacy autograd function with non-static forward method is "
                               "deprecated. Please use new-style autograd function with static "
                               "forward method. (Here: call it with .apply(...))")
        node = _LegacyNode(self)
        out = _call_function(node, lambda ctx, *a: self.forward(*a), args, {}, ctx_first=True)
        return out


def _defined(cls):
    names = set()
    for klass in cls.__mro__:
        if klass is Function:
            break
        names.update(vars(klass))
    return names


def _is_static(cls, name):
    for klass in cls.__mro__:
        if name in vars(klass):
            return isinstance(vars(klass)[name], staticmethod)
    return False


class _LegacyNode(FunctionNode):
    """The node of a legacy Function call; the Function instance is the ctx."""

    def __init__(self, fn):
        FunctionNode.__init__(self)
        self.fn = fn

    def name(self):
        return type(self.fn).__name__ + "Backward"

    # the legacy instance saves on itself: forward calls self.save_for_backward(...)
    def _save_outputs_and_inputs(self):
        fn = self.fn
        to_save = getattr(fn, "_to_save", None)
        if to_save:
            fn._saved_list = [None if t is None else SavedTensor(t) for t in to_save]
            fn._to_save = ()

    def release(self):
        Node.release(self)
        self.fn._saved_list = None
        self.fn._released_saved = True

    def apply(self, grads):
        fn = self.fn
        fn.needs_input_grad = self.needs_input_grad
        building = is_grad_enabled()
        if not building:
            return _run_backward(self, lambda ctx, *g: fn.backward(*g), fn, grads)
        # create_graph=True: a legacy backward is not differentiable; its results carry a
        # node that raises if anyone differentiates through them.
        prev = set_grad_enabled_flag(False)
        try:
            out = _run_backward(self, lambda ctx, *g: fn.backward(*g), fn, grads)
        finally:
            set_grad_enabled_flag(prev)
        guard = _LegacyDoubleBackward(type(fn).__name__, self.next_functions)
        wrapped = []
        for g in out:
            if g is not None:
                g = g.detach()
                g._requires_grad = True
                g._grad_fn = guard
            wrapped.append(g)
        return tuple(wrapped)


class _LegacyDoubleBackward(Node):
    __slots__ = ("fname",)

    def __init__(self, fname, next_functions):
        Node.__init__(self, next_functions)
        self.fname = fname

    def apply(self, grads):
        raise RuntimeError(f"legacy autograd Function {self.fname} (instance forward/backward) "
                           "is not twice differentiable: its backward is not recorded. Rewrite it "
                           "as a new-style Function with static methods and differentiable "
                           "backward to use double backward.")


def once_differentiable(fn):
    """The decorated backward runs without recording; differentiating its results raises."""
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        prev = set_grad_enabled_flag(False)
        try:
            out = fn(ctx, *args)
        finally:
            set_grad_enabled_flag(prev)
        if not prev:
            return out
        if not any(isinstance(a, TensorBase) and a.requires_grad for a in args):
            return out
        single = not isinstance(out, tuple)
        guard = _OnceDifferentiableGuard(getattr(ctx, "next_functions", ()))
        res = []
        for g in ((out,) if single else out):
            if isinstance(g, TensorBase):
                g = g.detach()
                g._requires_grad = True
                g._grad_fn = guard
            res.append(g)
        return res[0] if single else tuple(res)
    return wrapper


class _OnceDifferentiableGuard(Node):
    __slots__ = ()

    def apply(self, grads):
        raise RuntimeError("trying to differentiate twice a function that was marked with "
                           "@once_differentiable")


class InplaceFunction(Function):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace
