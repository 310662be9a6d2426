"""Every case of tests/bad_input_cases.py (issue 12: bad input tried as a user would) gives its
expected exit code and message, never a traceback, and never leaves a results folder behind when
it is refused. Cases run in this process (``optim.cli.main`` / ``optim.compare.main``; SystemExit
gives the exit code), each in its own folder."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bad_input_cases import CASES  # noqa: E402
from bad_input_harness import run_case  # noqa: E402


def test_the_case_list_is_long_enough_and_names_are_unique():
    assert len(CASES) >= 150
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_case(case, tmp_path):
    code, out = run_case(case, tmp_path)
    assert "Traceback" not in out, out[-3000:]
    assert code == case.code, out[-3000:]
    assert case.expect in out, out[-3000:]
    if case.tool == "optim" and not case.sweep and code == 2:
        results = tmp_path / "results"
        left = sorted(p.name for p in results.iterdir()) if results.is_dir() else []
        prepared = {"taken", "busy.partial-1"}
        assert not [n for n in left if n not in prepared], left  # nothing written, no partial folder left
