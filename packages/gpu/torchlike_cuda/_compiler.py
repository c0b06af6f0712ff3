"""Compiling generated kernels and caching them.

Note [Kernel cache]: a spec (_codegen.py) names its kernel uniquely: (op, dtypes, ndim,
contiguity) are all in `spec.name()`. Its cubin is compiled once per process and compute
capability (`pycuda.compiler.compile`, which also keeps nvcc's output in pycuda's on-disk
cache across processes) and loaded once per context (`module_from_buffer`): a module
belongs to the context that loaded it, so the function cache is keyed by device index.

Note [Precompiling]: one nvcc call costs about a second whatever it compiles, and a test
suite or a first training run meets thousands of kernel variants. `precompile()` compiles
many specs (by default the whole catalog, _catalog.py) in a few large translation units, in
parallel, and fills the function cache from them; a variant outside the catalog is still
compiled on its first launch, alone.
"""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from . import _runtime
from ._codegen import BLOCK, source_of

_cubins = {}          # (kernel name, arch) -> cubin bytes
_functions = {}       # (device index, kernel name) -> prepared pycuda Function
_lock = threading.Lock()


def _arch(index):
    major, minor = _runtime.get_device_capability(index)
    return f"sm_{major}{minor}"


def _cubin(spec, arch):
    key = (spec.name(), arch)
    cubin = _cubins.get(key)
    if cubin is None:
        from pycuda.compiler import compile as nvcc_compile
        cubin = nvcc_compile(source_of(spec), arch=arch, no_extern_c=True,
                             options=["-O3"])
        _cubins[key] = cubin
    return cubin


def function(spec, index):
    """The pycuda Function of `spec` in device `index`'s context (compiled on first use)."""
    key = (index, spec.name())
    fn = _functions.get(key)
    if fn is not None:
        return fn
    with _lock:
        fn = _functions.get(key)
        if fn is None:
            drv = _runtime.require()
            _runtime.activate(index)
            module = drv.module_from_buffer(_cubin(spec, _arch(index)))
            fn = module.get_function(spec.name())
            fn._tl_module = module          # the module must outlive its function
            _functions[key] = fn
    return fn


def precompile(specs=None, index=None, per_unit=400):
    """Compile `specs` (default: every variant of _catalog) for device `index` (default:
    the current one) in units of `per_unit` kernels, in parallel, and load them (Note
    [Precompiling]). Returns how many kernels were compiled."""
    from ._catalog import all_specs
    from ._codegen import source_of
    drv = _runtime.require()
    index = _runtime.activate(index)
    specs = all_specs() if specs is None else list(specs)
    todo = list({s.name(): s for s in specs if (index, s.name()) not in _functions}.values())
    if not todo:
        return 0
    arch = _arch(index)
    units = [todo[j:j + per_unit] for j in range(0, len(todo), per_unit)]

    def build(unit):
        from pycuda.compiler import compile as nvcc_compile
        return nvcc_compile("".join(source_of(s) for s in unit), arch=arch, no_extern_c=True,
                            options=["-O3"])

    with ThreadPoolExecutor(min(len(units), os.cpu_count() or 1)) as pool:
        cubins = list(pool.map(build, units))
    with _lock:
        _runtime.activate(index)
        for unit, cubin in zip(units, cubins):
            module = drv.module_from_buffer(cubin)
            for spec in unit:
                fn = module.get_function(spec.name())
                fn._tl_module = module
                _functions[(index, spec.name())] = fn
    return len(todo)


def grid_for(n, index, per_thread=1):
    """Blocks for a grid-stride loop over n items: enough to fill the device, no more."""
    blocks = max(1, (n + BLOCK * per_thread - 1) // (BLOCK * per_thread))
    return min(blocks, _sm_count(index) * 32)


_sms = {}


def _sm_count(index):
    count = _sms.get(index)
    if count is None:
        drv = _runtime.require()
        attr = drv.device_attribute.MULTIPROCESSOR_COUNT
        count = _sms[index] = drv.Device(index).get_attribute(attr)
    return count


def launch(spec, index, grid, args):
    """Launch `spec` on device `index` with `grid` blocks of BLOCK threads. args: pointers
    as ints and numbers already wrapped in numpy scalars of the parameter types."""
    fn = function(spec, index)
    _runtime.activate(index)      # the launch runs in the current context (cheap when it is)
    fn(*args, block=(BLOCK, 1, 1), grid=(int(grid), 1))
