import pytest

import torchlike as torch


@pytest.fixture(scope="session", autouse=True)
def _precompiled_kernels():
    """Every catalog kernel compiled up front, in a few large units (Note [Precompiling]
    in torchlike_cuda/_compiler.py): one compiler call per kernel would take most of the
    run."""
    if torch.cuda.is_available():
        from torchlike_cuda import _compiler
        _compiler.precompile()
