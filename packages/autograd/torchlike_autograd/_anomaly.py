"""detect_anomaly / set_detect_anomaly: keep the forward traceback of each node, report it
when that node's backward fails, and fail on NaN gradients."""
import threading
import traceback
import warnings

enabled = False
_lock = threading.Lock()


def remember(node):
    node._anomaly_trace = "".join(traceback.format_stack()[:-3])


def report(node, exc):
    trace = getattr(node, "_anomaly_trace", None)
    if trace:
        warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused "
                      f"the error:\n{trace}", RuntimeWarning, stacklevel=3)


def check_nan(node, grads):
    for i, g in enumerate(grads):
        if g is not None and g.is_floating_point() and bool(g.isnan().any()):
            report(node, None)
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")


class set_detect_anomaly:
    """Context manager (and function) that turns anomaly detection on or off."""

    def __init__(self, mode, check_nan=True):
        global enabled
        self.prev = enabled
        enabled = bool(mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        global enabled
        enabled = self.prev
        return False


class detect_anomaly(set_detect_anomaly):
    def __init__(self, check_nan=True):
        set_detect_anomaly.__init__(self, True, check_nan)

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*a, **k):
            with detect_anomaly():
                return fn(*a, **k)
        return wrapper


def is_anomaly_enabled():
    return enabled
