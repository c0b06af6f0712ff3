# cython: language_level=3
"""The dispatch table.

Every op goes through `call(name, args, kwargs)`:
1. the autograd layer, when one is installed (torchlike_autograd calls `set_autograd_hook`),
   grad mode is on and an input requires grad: it records the graph and comes back
   through `call_kernel`;
2. `call_kernel`: the device of the tensor arguments picks `TABLE[(name, device_type)]`.
Backends (the core for 'cpu', torchlike_cuda for 'cuda') fill the table with `register`.
"""
from ._tensor cimport TensorBase

cdef dict _table = {}          # (name, device type) -> kernel, for listing
cdef dict _by_device = {}      # device type -> {name: kernel}, for the lookup on every call
cdef object _autograd_hook = None

# Grad mode is per thread (as PyTorch's) and checked on every op: a C thread-local costs
# nothing to read, where a threading.local would cost an attribute lookup per op.
cdef extern from *:
    """
    static __thread int torchlike_grad_enabled = 1;
    """
    int torchlike_grad_enabled


def register(str name, str device_type, fn=None):
    """Register `fn` as the kernel of op `name` on `device_type`; usable as a decorator."""
    def deco(f):
        _table[(name, device_type)] = f
        _by_device.setdefault(device_type, {})[name] = f
        return f
    return deco if fn is None else deco(fn)


def registered(device_type=None):
    """Sorted op names with a kernel on `device_type` (all (op, device) pairs if None)."""
    if device_type is None:
        return sorted(_table)
    return sorted(name for (name, dev) in _table if dev == device_type)


def entry_point(str name):
    """The public function (and Tensor method) of op `name`: a compiled closure, since it
    is on every op's path."""
    def entry(*args, **kwargs):
        return call(name, args, kwargs if kwargs else None)
    entry.__name__ = entry.__qualname__ = name
    return entry


def lookup(str name, str device_type):
    return _table.get((name, device_type))


cdef dict _recorders = {}


def set_autograd_hook(hook, recorders=None):
    """hook(name, args, kwargs) is called instead of the kernel when autograd must record;
    recorders, a dict op name -> recorder(args, kwargs), spares the hook's own lookup (a
    Python call) for the ops it lists. The dict is kept, not copied: it may grow."""
    global _autograd_hook, _recorders
    _autograd_hook = hook
    _recorders = {} if recorders is None else recorders


def is_grad_enabled():
    return torchlike_grad_enabled != 0


def set_grad_enabled_flag(bint mode):
    """Set this thread's grad mode; returns the previous one."""
    global torchlike_grad_enabled
    cdef bint prev = torchlike_grad_enabled != 0
    torchlike_grad_enabled = mode
    return prev


cdef inline bint _needs_grad(tuple args):
    for a in args:
        if isinstance(a, TensorBase):
            if (<TensorBase>a)._requires_grad:
                return True
        elif isinstance(a, (list, tuple)):
            for b in a:
                if isinstance(b, TensorBase) and (<TensorBase>b)._requires_grad:
                    return True
    return False


cpdef object call(str name, tuple args, dict kwargs):
    if _autograd_hook is not None and torchlike_grad_enabled and _needs_grad(args):
        recorder = _recorders.get(name)
        if recorder is not None:
            return recorder(args, kwargs)
        return _autograd_hook(name, args, kwargs)
    return call_kernel(name, args, kwargs)


# Note [Mixed devices]: the tensor arguments of an op must share one device, with PyTorch's
# exceptions: `copy_` runs on the destination's device (its kernel moves the source), the
# indexing ops accept index tensors (and values) on the cpu for a tensor on any device, and a
# 0-d cpu tensor is a scalar operand of an op on another device. The common case (one
# device) is decided by identity checks; the exceptions are sorted out only on a mismatch.
cdef dict _ON_DESTINATION = {"copy_": True}
cdef dict _CPU_INDICES = {"getitem": True, "setitem_": True, "index_put_": True,
                          "index_put": True}


cdef object _device_of(str name, tuple args):
    """The device the kernel of `name` runs on (Note [Mixed devices])."""
    found = None
    for a in args:
        if isinstance(a, TensorBase):
            dev = (<TensorBase>a)._storage.device
            if found is not dev:
                if found is not None and found != dev:
                    return _mixed_device(name, args)
                found = dev
        elif isinstance(a, (list, tuple)):
            for b in a:
                if isinstance(b, TensorBase):
                    dev = (<TensorBase>b)._storage.device
                    if found is not dev:
                        if found is not None and found != dev:
                            return _mixed_device(name, args)
                        found = dev
    return found


cdef object _mixed_device(str name, tuple args):
    """The device of arguments on more than one device, or PyTorch's error."""
    if name in _ON_DESTINATION and isinstance(args[0], TensorBase):
        return (<TensorBase>args[0])._storage.device
    tensors = []
    for a in args:
        if isinstance(a, TensorBase):
            tensors.append(a)
        elif isinstance(a, (list, tuple)):
            tensors.extend([b for b in a if isinstance(b, TensorBase)])
    cpu_indices = name in _CPU_INDICES
    counted = []
    for j, t in enumerate(tensors):
        dev = (<TensorBase>t)._storage.device
        if dev.type == "cpu" and ((cpu_indices and j > 0) or len((<TensorBase>t)._shape) == 0):
            continue
        if dev not in counted:
            counted.append(dev)
    if len(counted) > 1:
        raise RuntimeError(
            "Expected all tensors to be on the same device, but found at least two devices, "
            f"{counted[0]} and {counted[1]}!")
    return counted[0] if counted else (<TensorBase>tensors[0])._storage.device


cpdef object call_kernel(str name, tuple args, dict kwargs):
    dev = _device_of(name, args)
    cdef str dtype_ = "cpu" if dev is None else dev.type
    kernels = _by_device.get(dtype_)
    fn = None if kernels is None else (<dict>kernels).get(name)
    if fn is None:
        _missing(name, dtype_)
    if kwargs:
        return fn(*args, **kwargs)
    return fn(*args)


def call_kernel_no_grad(str name, tuple args, dict kwargs):
    """call_kernel with this thread's grad mode off for the call: how the autograd layer
    runs an op's kernel below itself (ops the kernel dispatches are not recorded)."""
    global torchlike_grad_enabled
    cdef int prev = torchlike_grad_enabled
    torchlike_grad_enabled = 0
    try:
        return call_kernel(name, args, kwargs)
    finally:
        torchlike_grad_enabled = prev


cdef _missing(str name, str dtype_):
    available = sorted([d for (n, d) in _table if n == name])
    raise NotImplementedError(
            f"Could not run '{name}' with arguments from the '{dtype_}' backend. "
            f"'{name}' is only available for these backends: {available}.")
