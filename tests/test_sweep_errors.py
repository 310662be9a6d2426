"""Sweeps (``optim -m``) with bad input or an occupied sweep folder (issue 12), run as a user would
(subprocesses: the exit codes matter). Jobs use years.end=2021 (about 1 s each)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHORT = ["years.end=2021", "run.report=false", "solver.threads=1"]


def sweep(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    p = subprocess.run([sys.executable, "-m", "optim", "-m", *SHORT, f"run.results_dir={tmp}/results", *args],
                       capture_output=True, text=True, timeout=600, env=env)
    assert "Traceback" not in p.stdout + p.stderr, (p.stdout + p.stderr)[-3000:]
    return p


def listing(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in sorted(folder.rglob("*"))}


def test_rerun_into_an_existing_sweep_is_refused_and_resume_skips(tmp_path):
    s = tmp_path / "s"
    first = sweep(tmp_path, "policy.strive=hard,soft", f"hydra.sweep.dir={s}")
    assert first.returncode == 0, first.stderr[-3000:]
    before, yaml_text = listing(s), (s / "multirun.yaml").read_text()

    again = sweep(tmp_path, "policy.strive=hard,soft", f"hydra.sweep.dir={s}")
    assert again.returncode == 2 and "already holds a sweep" in again.stderr
    assert "run.skip_if_complete=true" in again.stderr
    assert listing(s) == before and (s / "multirun.yaml").read_text() == yaml_text  # nothing touched

    other = sweep(tmp_path, "policy.strive=hard,off", f"hydra.sweep.dir={s}", "run.skip_if_complete=true")
    assert other.returncode == 2 and "holds a different sweep" in other.stderr
    assert listing(s) == before

    resumed = sweep(tmp_path, "policy.strive=hard,soft", f"hydra.sweep.dir={s}", "run.skip_if_complete=true")
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert resumed.stdout.count("skipped, already optimal") == 2  # never reported as new results
    for run in ("run000", "run001"):
        assert (s / run / "manifest.json").stat().st_mtime == before[f"{run}/manifest.json"]


def test_every_job_failing_exits_non_zero_and_prints_each_reason(tmp_path):
    p = sweep(tmp_path, "costs.utility_pv.capex.2030=-1,-2", f"hydra.sweep.dir={tmp_path / 's'}")
    assert p.returncode == 2, p.stdout[-2000:] + p.stderr[-2000:]
    assert "every job of the sweep failed (exit code 2)" in p.stderr
    for job, value in (("run000", "-1"), ("run001", "-2")):
        assert any(ln.strip().startswith(f"{job} input_error") and f"= {value}" in ln for ln in p.stderr.splitlines())


def test_one_failing_job_of_two_exits_zero_and_names_it(tmp_path):
    p = sweep(tmp_path, "costs.utility_pv.capex.2030=2000,-2", f"hydra.sweep.dir={tmp_path / 's'}")
    assert p.returncode == 0, p.stderr[-2000:]
    assert "1 optimal, 1 input_error" in p.stdout and "run001 input_error" in p.stderr


@pytest.mark.parametrize("args, text", [
    (["scenario=documents,nopolicy"], "Did you mean 'scenario=no_policy'"),
    (["policy.strve=hard,soft"], "Did you mean 'policy.strive'"),
    (["time=typical_days,weekly"], "Available options for 'time'"),
])
def test_bad_group_option_or_key_stops_the_sweep_before_it_starts(tmp_path, args, text):
    s = tmp_path / "s"
    p = sweep(tmp_path, *args, f"hydra.sweep.dir={s}")
    assert p.returncode == 2 and text in p.stderr and "Nothing was run" in p.stderr
    assert not s.exists() and not (tmp_path / "results").exists()


def test_sweep_dir_that_is_a_file(tmp_path):
    (tmp_path / "f").write_text("keep")
    p = sweep(tmp_path, "policy.strive=hard,soft", f"hydra.sweep.dir={tmp_path / 'f'}")
    assert p.returncode == 2 and "is a file" in p.stderr
    assert (tmp_path / "f").read_text() == "keep"


def test_default_sweep_folder_taken_gets_a_suffix(tmp_path):
    from optim.sweep_guard import _check_sweep_dir

    taken = tmp_path / "20260101-000000"
    taken.mkdir()
    (taken / "multirun.yaml").write_text("hydra: {}\n")
    assert _check_sweep_dir(taken, user_given=False, resume=False, overrides=[]) == tmp_path / "20260101-000000-2"
    assert (tmp_path / "20260101-000000-2").is_dir()


def test_failure_json_of_a_bad_job_and_the_comparison(tmp_path):
    """A job with a non-finite target value fails alone (failure.json), never reaches the solver."""
    s = tmp_path / "s"
    p = sweep(tmp_path, "targets.TJ-010.value=24,nan", f"hydra.sweep.dir={s}")
    assert p.returncode == 0
    fail = json.loads((s / "run001" / "failure.json").read_text())
    assert fail["status"] == "input_error" and "finite number" in fail["message"]
    assert json.loads((s / "run000" / "manifest.json").read_text())["status"] == "optimal"
