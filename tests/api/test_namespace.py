"""The unified `torchlike` namespace: `import torchlike as torch` finds the core's names."""
import numpy as np
import pytest

import torchlike as torch
import torchlike_core


def test_core_functions_are_exposed():
    for name in ["tensor", "zeros", "ones", "arange", "add", "exp", "from_numpy", "float32",
                 "int64", "Size", "device", "Tensor", "get_default_dtype", "set_printoptions"]:
        assert getattr(torch, name) is getattr(torchlike_core, name), name


def test_dtype_aliases():
    assert torch.float is torch.float32
    assert torch.long is torch.int64
    assert torch.double is torch.float64
    assert torch.tensor([1, 2]).dtype is torch.long


def test_tour_of_basics_runs():
    x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
    y = x.t() * 2 + 1
    np.testing.assert_array_equal(y.numpy(), np.array([[1., 2., 3.], [4., 5., 6.]]).T * 2 + 1)
    assert repr(torch.zeros(2, dtype=torch.int32)) == "tensor([0, 0], dtype=torch.int32)"


def test_demo_trains_digits_to_95_percent(capsys):
    from torchlike import demo
    acc = demo.main(["--epochs", "12"])
    out = capsys.readouterr().out
    assert acc >= 0.95
    assert "test accuracy" in out and "[####" in out
