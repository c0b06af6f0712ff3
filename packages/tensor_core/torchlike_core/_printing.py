"""PyTorch-compatible tensor formatting (``repr``/``str``) over numpy arrays.

This module reproduces, character for character, what ``repr(torch_tensor)``
returns for dense strided CPU tensors in PyTorch 2.x (the rules live in
``torch/_tensor_str.py``).  It is a fresh implementation over numpy: it never
imports torch.

Public API
----------
``set_printoptions(precision=None, threshold=None, edgeitems=None,
linewidth=None, profile=None, sci_mode=None)``
    Same semantics and defaults as ``torch.set_printoptions``.
``get_printoptions() -> dict``
    Same as ``torch._tensor_str.get_printoptions``.
``printoptions(**kwargs)``
    Context manager, same as ``torch._tensor_str.printoptions``.
``format_tensor(values, dtype_name, *, default_float='float32', suffixes=(),
grad_fn_name=None, device_suffix=None, requires_grad=False) -> str``
    The repr of a tensor holding ``values`` (a numpy array).

Summary of the rules reproduced (see ``torch/_tensor_str.py``):

* One formatter is built for the whole tensor (from the summarised data when
  the tensor has more than ``threshold`` elements).  For floating dtypes it
  looks at the finite non-zero values: *int mode* when all are integral,
  *sci mode* when ``max/min > 1000`` or ``max > 1e8`` or ``min < 1e-4``
  (unless forced by ``sci_mode``), and a common width ``max_width``.
* Elements are right-aligned to ``max_width``; the number of elements per
  line is ``max(1, floor((linewidth - indent) / (max_width + 2)))``.
* Nested dimensions are joined with ``','`` plus ``dim - 1`` newlines and an
  indentation of ``indent + 1`` spaces.
* Suffixes (device, size, dtype, grad_fn / requires_grad) are appended by
  ``_add_suffixes``, which starts a new line when the current last line would
  exceed ``linewidth``.
"""

import contextlib
import dataclasses
import math
from typing import Any, Iterable, Optional

import numpy as np

__all__ = [
    "set_printoptions",
    "get_printoptions",
    "printoptions",
    "format_tensor",
]


# --------------------------------------------------------------------------
# print options
# --------------------------------------------------------------------------


@dataclasses.dataclass
class _PrinterOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: Optional[bool] = None


PRINT_OPTS = _PrinterOptions()


def set_printoptions(
    precision=None,
    threshold=None,
    edgeitems=None,
    linewidth=None,
    profile=None,
    sci_mode=None,
):
    """Set options for printing (same semantics as ``torch.set_printoptions``).

    ``profile`` is one of ``'default'``, ``'short'``, ``'full'`` and is applied
    first; explicit arguments override it.  ``sci_mode`` is *always* assigned
    (passing nothing resets it to ``None`` = automatic), exactly like torch.
    """
    if profile is not None:
        if profile == "default":
            PRINT_OPTS.precision = 4
            PRINT_OPTS.threshold = 1000
            PRINT_OPTS.edgeitems = 3
            PRINT_OPTS.linewidth = 80
        elif profile == "short":
            PRINT_OPTS.precision = 2
            PRINT_OPTS.threshold = 1000
            PRINT_OPTS.edgeitems = 2
            PRINT_OPTS.linewidth = 80
        elif profile == "full":
            PRINT_OPTS.precision = 4
            PRINT_OPTS.threshold = math.inf
            PRINT_OPTS.edgeitems = 3
            PRINT_OPTS.linewidth = 80

    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """Current print options as a dict usable as ``set_printoptions(**d)``."""
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs):
    """Context manager that temporarily changes the print options."""
    old_kwargs = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old_kwargs)


# --------------------------------------------------------------------------
# dtype helpers
# --------------------------------------------------------------------------

_DTYPE_ALIASES = {
    "half": "float16",
    "float": "float32",
    "double": "float64",
    "cfloat": "complex64",
    "cdouble": "complex128",
    "chalf": "complex32",
    "short": "int16",
    "int": "int32",
    "long": "int64",
}

_FLOATING = {
    "float16",
    "bfloat16",
    "float32",
    "float64",
    "float8_e4m3fn",
    "float8_e5m2",
    "float8_e4m3fnuz",
    "float8_e5m2fnuz",
    "float8_e8m0fnu",
}
_COMPLEX = {"complex32", "complex64", "complex128"}

_NUMPY_DTYPES = {
    "bool": np.bool_,
    "uint8": np.uint8,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "uint16": np.uint16,
    "uint32": np.uint32,
    "uint64": np.uint64,
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
    "complex64": np.complex64,
    "complex128": np.complex128,
}


def _canonical_dtype_name(name) -> str:
    name = str(name)
    if name.startswith("torch."):
        name = name[len("torch."):]
    return _DTYPE_ALIASES.get(name, name)


# --------------------------------------------------------------------------
# element formatter (mirrors torch._tensor_str._Formatter)
# --------------------------------------------------------------------------


def _int_width(flat: np.ndarray) -> int:
    """max(len(str(v))) over integer / bool values (at least 1)."""
    width = 1
    if flat.size == 0:
        return width
    if flat.dtype == np.bool_:
        candidates = set(bool(v) for v in np.unique(flat).tolist())
    else:
        # the decimal length of an integer grows with its magnitude; negatives
        # add a '-' sign, so only the extremes can be the longest.
        candidates = {flat.max().item(), flat.min().item()}
    for v in candidates:
        width = max(width, len(str(v)))
    return width


def _float_width_candidates(vals: np.ndarray, sci: bool) -> list:
    """Values whose formatted string can be the longest among ``vals``.

    Correctly rounded fixed-point formatting is monotone, so its length only
    grows with |v| (plus one for a minus sign): the largest positive and the
    most negative values suffice.  In scientific notation the exponent can be
    long for both very large and very small magnitudes, so the smallest
    magnitudes of each sign are considered as well.
    """
    cands = []
    pos = vals[vals > 0]
    neg = vals[vals < 0]
    for part in (pos, neg):
        if part.size:
            a = np.abs(part)
            cands.append(part[np.argmax(a)])
            if sci:
                cands.append(part[np.argmin(a)])
    return [float(v) for v in cands]


class _Formatter:
    """Decides int/sci mode and the common width from the (summarised) data."""

    def __init__(self, flat: np.ndarray, floating: bool):
        self.floating_dtype = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1

        if not floating:
            self.max_width = _int_width(flat)
            return

        finite = np.isfinite(flat)
        vals = flat[finite & (flat != 0)]
        if vals.size == 0:
            # no valid number, keep the defaults
            return

        # magnitudes are computed in float64 (torch converts to double)
        absvals = np.abs(vals).astype(np.float64)
        nz_min = float(absvals.min())
        nz_max = float(absvals.max())

        self.int_mode = bool(np.all(vals == np.ceil(vals)))

        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = (
                nz_max / nz_min > 1000.0 or nz_max > 1.0e8 or nz_min < 1.0e-4
            )
        else:
            self.sci_mode = PRINT_OPTS.sci_mode

        prec = PRINT_OPTS.precision
        cands = _float_width_candidates(vals, self.sci_mode)
        if self.sci_mode:
            fmt = "{:.%de}" % prec
            for v in cands:
                self.max_width = max(self.max_width, len(fmt.format(v)))
        elif self.int_mode:
            # integral floats are printed with a trailing '.', hence +1
            for v in cands:
                self.max_width = max(self.max_width, len(f"{v:.0f}") + 1)
        else:
            fmt = "{:.%df}" % prec
            for v in cands:
                self.max_width = max(self.max_width, len(fmt.format(v)))

    def width(self) -> int:
        return self.max_width

    def format(self, value) -> str:
        if self.floating_dtype:
            if self.sci_mode:
                ret = ("{:%d.%de}" % (self.max_width, PRINT_OPTS.precision)).format(
                    value
                )
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = ("{:.%df}" % PRINT_OPTS.precision).format(value)
        else:
            ret = f"{value}"
        return (self.max_width - len(ret)) * " " + ret


# --------------------------------------------------------------------------
# layout
# --------------------------------------------------------------------------


def _summarized_parts(arr: np.ndarray, out: list) -> None:
    """Collect (flattened) the values torch's ``get_summarized_data`` keeps."""
    e = PRINT_OPTS.edgeitems
    if arr.ndim == 0:
        out.append(arr.reshape(-1))
        return
    n = arr.shape[0]
    if arr.ndim == 1:
        if n > 2 * e:
            # NB: with edgeitems == 0, ``arr[-0:]`` is the whole vector (same
            # quirk as torch).
            out.append(arr[:e])
            out.append(arr[-e:])
        else:
            out.append(arr)
        return
    if not e:
        return
    if n > 2 * e:
        rows = list(range(e)) + list(range(n - e, n))
    else:
        rows = range(n)
    for i in rows:
        _summarized_parts(arr[i], out)


def _summarized_flat(arr: np.ndarray) -> np.ndarray:
    parts: list = []
    _summarized_parts(arr, parts)
    if not parts:
        return arr.reshape(-1)[:0]
    return np.concatenate([p.reshape(-1) for p in parts])


def _make_val_formatter(f1: _Formatter, f2: Optional[_Formatter]):
    if f2 is None:
        return f1.format

    def fmt_complex(val):
        val = complex(val)
        real_str = f1.format(val.real)
        imag_str = (f2.format(val.imag) + "j").lstrip()
        # handles negative numbers, +0.0, -0.0
        if imag_str[0] == "+" or imag_str[0] == "-":
            return real_str + imag_str
        return real_str + "+" + imag_str

    return fmt_complex


def _vector_str(arr, indent, summarize, f1, f2=None) -> str:
    # length includes the ", " between elements
    element_length = f1.width() + 2
    if f2 is not None:
        # imaginary part plus the 'j'
        element_length += f2.width() + 1
    elements_per_line = max(
        1, math.floor((PRINT_OPTS.linewidth - indent) / element_length)
    )
    fmt = _make_val_formatter(f1, f2)
    e = PRINT_OPTS.edgeitems
    n = arr.shape[0]
    if summarize and not e:
        data = ["..."]
    elif summarize and n > 2 * e:
        data = (
            [fmt(v) for v in arr[:e].tolist()]
            + [" ..."]
            + [fmt(v) for v in arr[-e:].tolist()]
        )
    else:
        data = [fmt(v) for v in arr.tolist()]

    lines = [
        ", ".join(data[i : i + elements_per_line])
        for i in range(0, len(data), elements_per_line)
    ]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _tensor_str_with_formatter(arr, indent, summarize, f1, f2=None) -> str:
    dim = arr.ndim
    if dim == 0:
        return _make_val_formatter(f1, f2)(arr.item())
    if dim == 1:
        return _vector_str(arr, indent, summarize, f1, f2)

    e = PRINT_OPTS.edgeitems
    n = arr.shape[0]
    if summarize and n > 2 * e:
        slices = (
            [
                _tensor_str_with_formatter(arr[i], indent + 1, summarize, f1, f2)
                for i in range(e)
            ]
            + ["..."]
            + [
                _tensor_str_with_formatter(arr[i], indent + 1, summarize, f1, f2)
                for i in range(n - e, n)
            ]
        )
    else:
        slices = [
            _tensor_str_with_formatter(arr[i], indent + 1, summarize, f1, f2)
            for i in range(n)
        ]
    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _tensor_str(arr: np.ndarray, indent: int, kind: str) -> str:
    """``kind`` is 'int' (incl. bool), 'float' or 'complex'."""
    if arr.size == 0:
        return "[]"
    summarize = arr.size > PRINT_OPTS.threshold
    if kind == "complex":
        real = np.ascontiguousarray(arr.real)
        imag = np.ascontiguousarray(arr.imag)
        f1 = _Formatter(_summarized_flat(real) if summarize else real.reshape(-1), True)
        f2 = _Formatter(_summarized_flat(imag) if summarize else imag.reshape(-1), True)
        return _tensor_str_with_formatter(arr, indent, summarize, f1, f2)
    flat = _summarized_flat(arr) if summarize else arr.reshape(-1)
    f1 = _Formatter(flat, kind == "float")
    return _tensor_str_with_formatter(arr, indent, summarize, f1)


def _add_suffixes(tensor_str: str, suffixes, indent: int, force_newline: bool) -> str:
    tensor_strs = [tensor_str]
    # (sic) torch's formula: without a newline this is len(tensor_str) + 2
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        suffix_len = len(suffix)
        if force_newline or last_line_len + suffix_len + 2 > PRINT_OPTS.linewidth:
            tensor_strs.append(",\n" + " " * indent + suffix)
            last_line_len = indent + suffix_len
            force_newline = False
        else:
            tensor_strs.append(", " + suffix)
            last_line_len += suffix_len + 2
    tensor_strs.append(")")
    return "".join(tensor_strs)


# --------------------------------------------------------------------------
# public entry point
# --------------------------------------------------------------------------


def format_tensor(
    values,
    dtype_name: str,
    *,
    default_float: str = "float32",
    suffixes: Iterable[str] = (),
    grad_fn_name: Optional[str] = None,
    device_suffix: Optional[str] = None,
    requires_grad: bool = False,
) -> str:
    """Return exactly what ``repr(torch_tensor)`` returns for these values.

    values:        numpy array (any shape, 0-d and empty included) holding the
                   tensor's values, in the numpy dtype matching ``dtype_name``
                   (bfloat16 values may be passed as float32).
    dtype_name:    torch dtype name without the ``torch.`` prefix
                   ('float32', 'int64', 'bool', ...; aliases such as 'long',
                   'half', 'double' and a 'torch.' prefix are accepted).
    default_float: the current default dtype name (``torch.get_default_dtype``).
    suffixes:      extra already formatted strings, appended in order after
                   the size/dtype suffixes (e.g. ``"requires_grad=True"``).
    grad_fn_name:  appends ``grad_fn=<grad_fn_name>`` after ``suffixes``.
    device_suffix: placed first, where torch places the device; either a
                   complete ``"device='cuda:0'"`` or just ``"cuda:0"``.
    requires_grad: convenience flag; appends ``requires_grad=True`` after
                   ``suffixes`` when no ``grad_fn_name`` is given (as torch).
    """
    dtype_name = _canonical_dtype_name(dtype_name)
    default_float = _canonical_dtype_name(default_float)

    arr = np.asarray(values)
    np_dtype = _NUMPY_DTYPES.get(dtype_name)
    if np_dtype is not None and arr.dtype != np_dtype:
        arr = arr.astype(np_dtype)

    if dtype_name in _COMPLEX or arr.dtype.kind == "c":
        kind = "complex"
    elif dtype_name in _FLOATING or (np_dtype is None and arr.dtype.kind == "f"):
        kind = "float"
    else:
        kind = "int"

    prefix = "tensor("
    indent = len(prefix)
    all_suffixes = []

    if device_suffix:
        dev = str(device_suffix)
        if not dev.startswith("device="):
            dev = "device='" + dev + "'"
        all_suffixes.append(dev)

    default_complex = "complex128" if default_float == "float64" else "complex64"
    has_default_dtype = dtype_name in (default_float, default_complex, "int64", "bool")
    dtype_suffix = "dtype=torch." + dtype_name
    size_suffix = "size=" + str(tuple(int(s) for s in arr.shape))

    if arr.size == 0:
        # print the shape if it is not (0,), to match NumPy behaviour
        if arr.ndim != 1:
            all_suffixes.append(size_suffix)
        # nothing to infer an int dtype from: only the default dtype is implicit
        if dtype_name != default_float:
            all_suffixes.append(dtype_suffix)
        tensor_str = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            all_suffixes.append(size_suffix)
        if not has_default_dtype:
            all_suffixes.append(dtype_suffix)
        tensor_str = _tensor_str(arr, indent, kind)

    all_suffixes.extend(suffixes)
    if grad_fn_name is not None:
        all_suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        all_suffixes.append("requires_grad=True")

    return _add_suffixes(prefix + tensor_str, all_suffixes, indent, force_newline=False)
