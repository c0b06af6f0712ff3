import pytest


@pytest.fixture
def torch_ref():
    """PyTorch as an oracle, where installed."""
    return pytest.importorskip("torch")
