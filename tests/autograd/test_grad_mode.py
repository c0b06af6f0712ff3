"""Grad modes: context managers and decorators over the core's flag."""
import pytest

import torchlike as torch


def test_no_grad_context_restores():
    assert torch.is_grad_enabled()
    with torch.no_grad():
        assert not torch.is_grad_enabled()
        with torch.enable_grad():
            assert torch.is_grad_enabled()
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()


def test_no_grad_restores_after_exception():
    with pytest.raises(ValueError):
        with torch.no_grad():
            raise ValueError("boom")
    assert torch.is_grad_enabled()


def test_decorators():
    @torch.no_grad()
    def f():
        return torch.is_grad_enabled()

    @torch.enable_grad()
    def g():
        return torch.is_grad_enabled()

    assert f() is False
    assert torch.is_grad_enabled()
    with torch.no_grad():
        assert g() is True
        assert not torch.is_grad_enabled()


def test_set_grad_enabled_function_and_context():
    torch.set_grad_enabled(False)
    try:
        assert not torch.is_grad_enabled()
    finally:
        torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()

    @torch.set_grad_enabled(False)
    def h():
        return torch.is_grad_enabled()

    assert torch.is_grad_enabled()
    assert h() is False
    assert torch.is_grad_enabled()
