"""torchlike.utils."""
from . import dlpack  # noqa: F401
