"""torch.autograd.graph"""
from ._graph import Node  # noqa: F401
