"""On a machine without a GPU the cuda package imports cleanly and says why it is unavailable."""
import pytest

import torchlike as torch

pytestmark = pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is available here")


def test_reports_unavailable_with_reason():
    assert torch.cuda.is_available() is False
    reason = torch.cuda.unavailable_reason()
    assert isinstance(reason, str) and reason
    assert torch.cuda.device_count() == 0


def test_creating_a_cuda_tensor_raises_with_the_reason():
    reason = torch.cuda.unavailable_reason()
    with pytest.raises(RuntimeError, match="CUDA is not available") as info:
        torch.zeros(3, device="cuda")
    assert reason in str(info.value)
    with pytest.raises(RuntimeError, match="CUDA is not available"):
        torch.ones(2).to("cuda")
    with pytest.raises(RuntimeError, match="CUDA is not available"):
        torch.ones(2).cuda()
