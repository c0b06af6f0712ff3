"""torchlike.utils.dlpack: to_dlpack / from_dlpack."""
