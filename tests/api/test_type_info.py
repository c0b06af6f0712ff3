"""torch.finfo / torch.iinfo against PyTorch's."""
import pytest

import torchlike as torch

FLOATS = ("float16", "float32", "float64")
INTS = ("uint8", "int8", "int16", "int32", "int64")


@pytest.mark.parametrize("name", FLOATS)
def test_finfo_matches_pytorch(name, torch_ref):
    ours, theirs = torch.finfo(getattr(torch, name)), torch_ref.finfo(getattr(torch_ref, name))
    for field in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution"):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("name", INTS)
def test_iinfo_matches_pytorch(name, torch_ref):
    ours, theirs = torch.iinfo(getattr(torch, name)), torch_ref.iinfo(getattr(torch_ref, name))
    assert (ours.bits, ours.min, ours.max) == (theirs.bits, theirs.min, theirs.max)
    assert repr(ours) == repr(theirs)


def test_finfo_defaults_to_the_default_dtype():
    assert torch.finfo() == torch.finfo(torch.float32)
    torch.set_default_dtype(torch.float64)
    try:
        assert torch.finfo().eps == 2.0 ** -52
    finally:
        torch.set_default_dtype(torch.float32)


def test_wrong_kinds_raise_type_error():
    with pytest.raises(TypeError, match="requires a floating point input type"):
        torch.finfo(torch.int32)
    with pytest.raises(TypeError, match="requires an integer input type"):
        torch.iinfo(torch.float32)
    with pytest.raises(TypeError, match="torch.bool is not supported by torch.iinfo"):
        torch.iinfo(torch.bool)
