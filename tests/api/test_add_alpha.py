"""add/sub's alpha is checked against the result dtype as PyTorch checks it, 1.0 and True
included."""
import pytest


@pytest.mark.parametrize("call", [
    lambda lib: lib.add(lib.ones(2, dtype=lib.int64), lib.ones(2, dtype=lib.int64), alpha=0.5),
    lambda lib: lib.add(lib.ones(2, dtype=lib.int64), 1, alpha=1.0),
    lambda lib: lib.sub(lib.ones(2, dtype=lib.int32), lib.ones(2, dtype=lib.int32), alpha=1.0),
    lambda lib: lib.add(lib.ones(2), lib.ones(2), alpha=True),
    lambda lib: lib.ones(2, dtype=lib.int64).add_(1, alpha=2.5),
])
def test_bad_alpha_raises_as_pytorch(call, same_error_as_torch):
    same_error_as_torch(call)


def test_good_alpha_values_match_pytorch(torch_ref):
    import torchlike as torch
    for lib_a, lib_b in ((torch, torch_ref),):
        assert lib_a.add(lib_a.ones(2, dtype=lib_a.bool), lib_a.ones(2, dtype=lib_a.bool),
                         alpha=True).tolist() == lib_b.add(
            lib_b.ones(2, dtype=lib_b.bool), lib_b.ones(2, dtype=lib_b.bool), alpha=True).tolist()
        assert lib_a.sub(lib_a.ones(2), 1, alpha=1.0).tolist() == [0.0, 0.0]
        assert lib_a.add(lib_a.ones(2, dtype=lib_a.int64), 2, alpha=3).tolist() == [7, 7]
