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


def test_importing_torchlike_does_not_import_pycuda():
    import subprocess
    import sys
    code = ("import sys, torchlike; assert 'pycuda' not in sys.modules, 'pycuda imported'; "
            "assert 'pycuda.driver' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_cuda_api_says_why_it_is_unavailable():
    reason = torch.cuda.unavailable_reason()
    for fn in (torch.cuda.current_device, torch.cuda.synchronize, torch.cuda.get_device_name,
               torch.cuda.memory_allocated, torch.cuda.max_memory_allocated,
               torch.cuda.memory_reserved, lambda: torch.cuda.set_device(0)):
        with pytest.raises(RuntimeError, match="CUDA is not available") as info:
            fn()
        assert reason in str(info.value)
    with pytest.raises(RuntimeError, match="CUDA is not available"):
        with torch.cuda.device(0):
            pass
    torch.cuda.manual_seed(0)            # ignored without CUDA, as in PyTorch
    torch.cuda.manual_seed_all(0)
    torch.cuda.empty_cache()
    assert torch.cuda.is_initialized() is False


def test_creation_functions_with_a_cuda_device_raise_with_the_reason():
    for make in (lambda: torch.tensor([1.0, 2.0], device="cuda"),
                 lambda: torch.ones(2, 2, device="cuda:0"),
                 lambda: torch.arange(3, device=torch.device("cuda")),
                 lambda: torch.ones(2).to("cuda", torch.float64)):
        with pytest.raises(RuntimeError, match="CUDA is not available"):
            make()


def test_cpu_tensors_have_no_cuda_array_interface():
    t = torch.ones(2)
    assert not hasattr(t, "__cuda_array_interface__")
    assert t.__dlpack_device__() == (1, 0)


def test_cuda_kernels_are_registered():
    from torchlike_core import dispatch
    cuda_ops = set(dispatch.registered("cuda"))
    for name in ("add", "mul_", "exp", "sum", "argmax", "matmul", "cat", "getitem",
                 "index_select", "scatter_add_", "where", "clamp", "to", "_to_device", "view",
                 "float", "half", "long", "bool", "nll_loss", "im2col", "col2im", "flip",
                 "repeat", "tril", "triu", "randn_like", "rand_like", "addmm_", "cumsum_",
                 "index_add_", "sort", "topk"):
        assert name in cuda_ops, name
