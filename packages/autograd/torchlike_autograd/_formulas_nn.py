"""Autograd entries for the ops behind torchlike.nn's distances (same table as _formulas.py).

dist and cdist are built from other dispatched ops (sub, norm, matmul, where), so recording
those pieces records them; apply_ runs a Python callback and has no derivative.
"""
from ._record import NON_DIFFERENTIABLE, COMPOSITE

COMPOSITE.update({"dist", "cdist"})
NON_DIFFERENTIABLE.update({"apply_"})
