"""Derivatives of the shape ops (same F table as _formulas.py)."""
import torchlike_core as T
from torchlike_core._dispatch import call

from ._formulas import F, COMPOSITE, _view_like_back

# Built from dispatched ops (expand, narrow, index_select, reshape...): recorded through them.
COMPOSITE.update({"repeat_interleave", "broadcast_tensors", "meshgrid", "atleast_1d",
                  "atleast_2d", "atleast_3d", "tensor_split", "hsplit", "vsplit", "dsplit"})


def _rot90(c, g, a, k=1, dims=(0, 1)):
    return (g.rot90(-k, dims),)


F("rot90", "Rot90Backward0", _rot90, inplace=False)
F("unfold", "UnfoldBackward0",
  _view_like_back(lambda p, dimension, size, step: p.unfold(dimension, size, step)),
  inplace=False)


def _constant_pad(c, g, a, pad, value=0):
    # the gradient of the kept elements: the output cropped by the same amounts (negative
    # pads, which cropped the input, pad the gradient with zeros)
    return (T.constant_pad_nd(g, [-p for p in pad]),)


F("constant_pad_nd", "ConstantPadNdBackward0", _constant_pad, inplace=False)


def _gather_pad_back(op):
    # each output element read one input element: scatter the gradient back to it
    return _view_like_back(lambda p, pad: T.dispatch.call(op, (p, pad), None))


def _pad_node(kind):
    names = tuple(f"{kind}Pad{n}DBackward0" for n in (1, 2, 3))
    return names, (lambda args, kw: min(max(len(args[1]) // 2, 1), 3) - 1)


for _op, _kind in (("_reflection_pad", "Reflection"), ("_replication_pad", "Replication")):
    _names, _pick = _pad_node(_kind)
    F(_op, _names, _gather_pad_back(_op), inplace=False, pick=_pick)

# swapaxes/swapdims/moveaxis call transpose/permute directly (not through the dispatcher),
# so they are recorded with formulas of their own rather than as composites.
COMPOSITE.difference_update({"swapaxes", "swapdims", "moveaxis"})
for _op in ("swapaxes", "swapdims"):
    F(_op, "TransposeBackward0", lambda c, g, a, d0, d1: (g.transpose(d0, d1),), inplace=False)
F("moveaxis", "PermuteBackward0", lambda c, g, a, src, dst: (g.movedim(dst, src),),
  inplace=False)


# im2col and col2im are each other's adjoint: each one's backward is the other.
F("im2col", "Im2ColBackward0",
  lambda c, g, x, kernel_size, dilation=1, padding=0, stride=1:
  (call("col2im", (g, c.shapes[0][-2:], kernel_size, dilation, padding, stride), None),),
  inplace=False)
F("col2im", "Col2ImBackward0",
  lambda c, g, x, output_size, kernel_size, dilation=1, padding=0, stride=1:
  (call("im2col", (g, kernel_size, dilation, padding, stride), None),), inplace=False)
