"""torchlike.cuda: the torch.cuda API over the pycuda backend (torchlike_cuda).

Without a usable GPU, `is_available()` is False, `device_count()` is 0 and
`unavailable_reason()` says why; the functions that need a device raise
RuntimeError("CUDA is not available: <reason>").
"""
from torchlike_cuda import (is_available, unavailable_reason, device_count,  # noqa: F401
                            is_initialized, current_device, set_device, device, synchronize,
                            get_device_name, get_device_capability)
from torchlike_cuda import _runtime as _rt


def _index(dev):
    return _rt.check_index(_rt._index_of(dev))


def init():
    _rt.activate()


def memory_allocated(device=None):
    from torchlike_cuda import _allocator
    return _allocator.memory_allocated(_index(device))


def max_memory_allocated(device=None):
    from torchlike_cuda import _allocator
    return _allocator.max_memory_allocated(_index(device))


def reset_peak_memory_stats(device=None):
    from torchlike_cuda import _allocator
    _allocator.reset_peak_memory_stats(_index(device))


def memory_reserved(device=None):
    from torchlike_cuda import _allocator
    return _allocator.memory_reserved(_index(device))


def empty_cache():
    """Give cached device blocks back to the driver (nothing to do before CUDA is used)."""
    if _rt.is_initialized():
        from torchlike_cuda import _allocator
        _allocator.empty_cache()


def manual_seed(seed):
    """Seed the current device's generator. As in PyTorch, this is silently ignored when
    CUDA is not available (so CPU-only scripts that seed everything keep working)."""
    if not is_available():
        return
    from torchlike_cuda import _rng
    _rng.generator(current_device()).manual_seed(seed)


def manual_seed_all(seed):
    if not is_available():
        return
    from torchlike_cuda import _rng
    _rng.manual_seed_all(seed, device_count())


def seed():
    import random
    manual_seed(random.getrandbits(63))


def initial_seed():
    from torchlike_cuda import _rng
    return _rng.generator(current_device()).initial_seed()


def get_rng_state(device="cuda"):
    from torchlike_cuda import _rng
    return _rng.generator(_index(device)).get_state()


def set_rng_state(new_state, device="cuda"):
    from torchlike_cuda import _rng
    _rng.generator(_index(device)).set_state(new_state)


def is_bf16_supported():
    return False


def get_arch_list():
    return [] if not is_available() else ["sm_%d%d" % get_device_capability()]
