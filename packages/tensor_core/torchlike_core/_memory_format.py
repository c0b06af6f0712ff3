"""torch.memory_format: the layout a copy of a tensor takes (clone, contiguous, *_like, to).

preserve_format, the default (None means it too), keeps the strides of a permuted dense
tensor, a transpose say, and makes anything else row-major; contiguous_format is row-major;
channels_last (channels_last_3d) puts the channel dim of a 4-d (5-d) tensor innermost, the
layout convolution libraries prefer.
"""


class memory_format:
    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"torch.{self._name}"

    def __reduce__(self):             # pickles as the one instance of its name
        return self._name


preserve_format = memory_format("preserve_format")
contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")
_CHANNELS_LAST_RANK = {channels_last: 4, channels_last_3d: 5}


def check(fmt, fname):
    """PyTorch's argument-parser TypeError unless fmt is a memory_format or None."""
    if fmt is not None and not isinstance(fmt, memory_format):
        raise TypeError(f"{fname}(): argument 'memory_format' must be torch.memory_format, not "
                        f"{type(fmt).__name__}")


def for_contiguous(t, fmt):
    """The format t.contiguous(memory_format=fmt) copies to: None is contiguous_format, and
    preserve_format is refused unless t needs no copy."""
    if fmt is preserve_format:
        if t.is_contiguous():
            return contiguous_format
        raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
    check(fmt, "contiguous")
    return fmt or contiguous_format


def moved_in(t, fmt):
    """t, just moved to another device, laid out in `fmt` (to(device, memory_format=))."""
    if fmt is None or fmt is preserve_format:
        return t
    from ._dispatch import call
    return call("contiguous", (t, fmt), None)


def channels_last_strides(shape, fmt):
    """Row-major strides of shape (N, C, *spatial) permuted to (N, *spatial, C)."""
    rank = _CHANNELS_LAST_RANK[fmt]
    if len(shape) != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {fmt._name} format")
    strides = [0] * rank
    step = 1
    for d in [1] + list(range(rank - 1, 1, -1)) + [0]:       # innermost first
        strides[d] = step
        step *= max(shape[d], 1)
    return tuple(strides)


def _dense_order(t):
    """The dims from outermost to innermost when t is non-overlapping and dense (its memory
    is a permutation of a contiguous layout), else None."""
    dims = sorted((i for i in range(t.dim()) if t._shape[i] != 1),
                  key=lambda i: t._stride[i], reverse=True)
    expected = 1
    for i in reversed(dims):
        if t._stride[i] != expected:
            return None
        expected *= t._shape[i]
    return dims


def keeps_strides(t):
    """Whether a copy of t in PyTorch's default preserve_format has t's strides: a permuted
    dense layout (a transpose) and an empty tensor do; the others become contiguous."""
    if t.is_contiguous():                       # the common case, decided first
        return t.numel() == 0
    return t.numel() == 0 or _dense_order(t) is not None


def copy_strides(t, fmt, fname):
    """The strides a copy of t in format `fmt` gets, or None for row-major ones."""
    if fmt is None or fmt is preserve_format:
        return t._stride if keeps_strides(t) else None
    check(fmt, fname)
    if fmt is contiguous_format:
        return None
    return channels_last_strides(t._shape, fmt)


def keeps_layout(t, fmt):
    """Whether t.to(memory_format=fmt) may return t itself (its layout already is fmt's)."""
    check(fmt, "to")
    return fmt is None or fmt is preserve_format or t.is_contiguous(fmt)


def is_contiguous_as(t, fmt):
    """t.is_contiguous(memory_format=fmt) for a channels-last format: t has the strides a
    copy in `fmt` would get, ignoring dims of size 1 (their stride is never used)."""
    if t.dim() != _CHANNELS_LAST_RANK[fmt]:
        return False
    want = channels_last_strides(t._shape, fmt)
    return all(size == 1 or s == w for size, s, w in zip(t._shape, t._stride, want))
