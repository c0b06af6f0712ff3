"""torchlike.utils."""
from . import dlpack  # noqa: F401
from . import data  # noqa: F401
