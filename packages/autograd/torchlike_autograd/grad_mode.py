"""Grad modes: `no_grad`, `enable_grad`, `set_grad_enabled`, usable as context managers and
decorators. The flag itself lives in the core's dispatcher (one C-level check per op)."""
import functools

from torchlike_core._dispatch import is_grad_enabled, set_grad_enabled_flag


class _GradMode:
    """Base of the grad-mode context managers; subclasses say which mode they set."""

    mode = True
    _prev = False       # as PyTorch's: __exit__ without __enter__ turns grad mode off

    def __enter__(self):
        self._prev = set_grad_enabled_flag(self.mode)
        return None

    def __exit__(self, *exc):
        set_grad_enabled_flag(self._prev)
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_GradMode):
    """Disable gradient recording inside the block (or the decorated function)."""
    mode = False


class enable_grad(_GradMode):
    """Enable gradient recording inside the block, even under no_grad."""
    mode = True


class set_grad_enabled(_GradMode):
    """set_grad_enabled(mode): takes effect at once, and restores on exit when used in `with`."""

    def __init__(self, mode):
        self.mode = bool(mode)
        self._prev = set_grad_enabled_flag(self.mode)

    def __enter__(self):
        return None

    def __call__(self, fn):
        set_grad_enabled_flag(self._prev)
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)
        return wrapper


class inference_mode(_GradMode):
    """inference_mode(mode=True): like no_grad here (no graph is recorded inside)."""

    def __init__(self, mode=True):
        self.mode = not mode
        self._inference = bool(mode)

    def __enter__(self):
        global _inference_depth
        self._prev = set_grad_enabled_flag(self.mode)
        _inference_depth += self._inference
        return None

    def __exit__(self, *exc):
        global _inference_depth
        _inference_depth -= self._inference
        set_grad_enabled_flag(self._prev)
        return False

    def __call__(self, fn):
        mode = self._inference

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with inference_mode(mode):
                return fn(*args, **kwargs)
        return wrapper


_inference_depth = 0


def is_inference_mode_enabled():
    return _inference_depth > 0
