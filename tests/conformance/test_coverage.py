"""API coverage: the curated names PyTorch tutorials use must exist (scripts/api_coverage.py
has the list and the rule behind the overall figures)."""
import importlib.util
import pathlib

import pytest

import torchlike

_SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "api_coverage.py"
_spec = importlib.util.spec_from_file_location("api_coverage", _SCRIPT)
api_coverage = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(api_coverage)

# Curated names torchlike does not have yet. Keep it honest: the test fails when one of
# these appears (remove it from here) as well as when another curated name goes missing.
KNOWN_MISSING = set()


def test_curated_names_exist():
    missing = set(api_coverage.curated_missing(torchlike))
    assert not missing - KNOWN_MISSING, f"curated names missing: {sorted(missing - KNOWN_MISSING)}"


def test_known_missing_is_up_to_date():
    present = {n for n in KNOWN_MISSING if api_coverage.resolve(torchlike, n) is not None}
    assert not present, f"now implemented, remove from KNOWN_MISSING: {sorted(present)}"


def test_curated_list_is_well_formed(torch_ref):
    """Every curated name is a real PyTorch name, listed once."""
    curated = api_coverage.CURATED
    assert len(curated) == len(set(curated))
    not_torch = [n for n in curated if api_coverage.resolve(torch_ref, n) is None]
    assert not not_torch, not_torch
    assert KNOWN_MISSING <= set(curated)


def test_coverage_figures(torch_ref):
    report = api_coverage.coverage(torch_ref, torchlike)
    for key in ("functions", "methods", "curated"):
        have, total, missing = report[key]
        assert have + len(missing) == total and total > 0
    functions = api_coverage.torch_functions(torch_ref)
    # the out-of-scope rule removes what it says, and only that
    assert "view_as_complex" not in functions and "quantize_per_tensor" not in functions
    assert "transpose_copy" not in functions and "index_copy" in functions
    assert "matmul" in functions and "Tensor" not in functions


def test_resolve_reports_missing_parts():
    assert api_coverage.resolve(torchlike, "nn.Linear") is torchlike.nn.Linear
    assert api_coverage.resolve(torchlike, "nn.NoSuchLayer") is None
    assert api_coverage.resolve(torchlike, "no_such_module.x") is None
