"""torchlike.cuda: availability of the GPU backend (kernels arrive with the GPU issue)."""
from torchlike_cuda import is_available, unavailable_reason, device_count, is_initialized  # noqa: F401
