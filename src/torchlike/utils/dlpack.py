"""torchlike.utils.dlpack: to_dlpack / from_dlpack, as in torch.utils.dlpack."""
from torchlike_core._interop import from_dlpack, to_dlpack

__all__ = ["to_dlpack", "from_dlpack"]
