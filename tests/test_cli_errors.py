"""Bad input on the command line: clear one-paragraph errors, exit code 2, no traceback, no results."""
from __future__ import annotations

import subprocess
import sys

import pytest


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "optim", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("args, expect", [
    (["policy.strve=soft"], "Did you mean 'policy.strive'"),
    (["policy.strive=sofft"], "policy.strive"),
    (["years.end=1999"], "years.end"),
    (["costs.utlity_pv.capex.2030=2100"], "Did you mean 'utility_pv'"),
    (["costs.utility_pv.capex.2030=cheap"], "expected a number"),
    (["targets.TJ-9999.value=3"], "names no target"),
    (["targets.TJ-010.valeu=18"], "Did you mean 'value'"),
    (["time=weekly"], "weekly"),
])
def test_bad_input_gives_clean_error(tmp_path, args, expect):
    proc = run_cli(*args, f"run.results_dir={tmp_path}", "run.name=x")
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2, text[-2000:]
    assert expect in text, text[-2000:]
    assert "Traceback" not in text
    assert not (tmp_path / "x").exists()


def test_existing_results_folder_is_never_overwritten(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("precious")
    proc = run_cli("years.end=2021", f"run.results_dir={tmp_path}", "run.name=x")
    assert proc.returncode == 2
    assert "already exists" in proc.stdout + proc.stderr
    assert (tmp_path / "x" / "keep.txt").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_same_config_twice_gives_identical_tables(tmp_path):
    """Reproducibility: the same config on the same data gives byte-identical result tables."""
    for name in ("a", "b"):
        proc = run_cli("years.end=2023", f"run.results_dir={tmp_path}", f"run.name={name}", "run.report=false")
        assert proc.returncode == 0, proc.stderr[-2000:]
    for f in ("summary_by_year.csv", "capacity.csv", "generation.csv", "energy_balance.csv", "costs.csv",
              "measures.csv", "targets.csv"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
