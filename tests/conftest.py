import os
import sys

import pytest

if os.environ.get("TORCHLIKE_CUDA_EMULATOR") == "1":      # Note [CPU emulator]
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "cuda", "emulator"))
    import tl_emulator
    tl_emulator.install()


@pytest.fixture
def torch_ref():
    """PyTorch as an oracle, where installed."""
    return pytest.importorskip("torch")


@pytest.fixture
def same_error_as_torch(torch_ref):
    """check(call, exc): call(torchlike) and call(torch) both raise exc, with one message."""
    import torchlike

    def check(call, exc=RuntimeError):
        messages = []
        for lib in (torchlike, torch_ref):
            with pytest.raises(exc) as err:
                call(lib)
            messages.append(str(err.value))
        assert messages[0] == messages[1]
    return check
