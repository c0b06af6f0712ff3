"""torch.finfo and torch.iinfo: the limits of a dtype, read from numpy's."""
import numpy as np

from . import _dtype


class _TypeInfo:
    """Two infos are equal when they describe one dtype."""

    def __eq__(self, other):
        return type(other) is type(self) and other.dtype == self.dtype

    def __hash__(self):
        return hash((type(self).__name__, self.dtype))


class finfo(_TypeInfo):
    """Machine limits of a floating dtype (default: the default dtype)."""

    def __init__(self, type=None):
        dt = _dtype.get_default_dtype() if type is None else _dtype.to_dtype(type)
        if dt.name not in ("float16", "float32", "float64"):
            raise TypeError(f"torch.finfo() requires a floating point input type. Use "
                            f"torch.iinfo to handle '{_info_name(dt)}'")
        info = np.finfo(dt.np)
        self.dtype = dt.name
        self.bits = int(info.bits)
        self.eps = float(info.eps)
        self.max = float(info.max)
        self.min = float(info.min)
        self.tiny = self.smallest_normal = float(info.tiny)
        self.resolution = 10.0 ** -int(info.precision)

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
                f"tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo(_TypeInfo):
    """Machine limits of an integer dtype."""

    def __init__(self, type):
        dt = _dtype.to_dtype(type)
        if dt.name == "bool":
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if dt.name in ("float16", "float32", "float64"):
            raise TypeError(f"torch.iinfo() requires an integer input type. Use torch.finfo "
                            f"to handle '{_info_name(dt)}'")
        info = np.iinfo(dt.np)
        self.dtype = dt.name
        self.bits = int(info.bits)
        self.max = int(info.max)
        self.min = int(info.min)

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


def _info_name(dt):
    return {"float16": "Half", "float32": "Float", "float64": "Double", "bool": "Bool",
            "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int",
            "int64": "Long"}[dt.name]
