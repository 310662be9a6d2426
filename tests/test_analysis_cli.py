"""The analyses end to end from the command line, on a short horizon (years.end=2025).

- ``optim analysis=uncertainty analysis.samples=8``: the files exist and agree with each other (the summary's
  percentiles and binding probabilities recomputed from the samples file; every sample optimal or explained);
  the same seed gives byte-identical CSVs even when the run is interrupted (Ctrl-C) and resumed, with another
  number of workers; the resume record is removed once the run folder is published.
- ``optim analysis=target_costs``: target_costs.csv and the summary add up (plan cost = NPV plan - NPV none,
  interactions = plan cost - sum of last-in costs), and the report has its section.
- bad analysis input exits 2 before any solve.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.slow
SHORT = ["years.end=2025", "solver.threads=1"]
UNC = SHORT + ["analysis=uncertainty", "analysis.samples=8", "analysis.chain=3"]
CSVS = ("uncertainty_inputs.csv", "uncertainty_samples.csv", "uncertainty_summary.csv", "uncertainty_sensitivity.csv")


def cli(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "optim", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def unc(tmp_path_factory):
    out = tmp_path_factory.mktemp("unc")
    proc = cli(*UNC, f"run.results_dir={out}", "run.name=a")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


def test_uncertainty_files_are_consistent(unc):
    folder = unc / "a"
    for f in CSVS + ("uncertainty_fan.png", "uncertainty_run.json", "manifest.json", "targets.csv"):
        assert (folder / f).exists(), f
    assert not (unc / "a.resume").exists()
    s = pd.read_csv(folder / "uncertainty_samples.csv")
    assert list(s["sample"]) == list(range(8))
    assert set(s.status) <= {"optimal", "infeasible"} and (s.status == "optimal").any()
    assert (s.loc[s.status != "optimal", "reason"].fillna("").astype(str).str.len() > 0).all()
    ok = s[s.status == "optimal"]
    summ = pd.read_csv(folder / "uncertainty_summary.csv").set_index("result")
    for col in ("npv_mcny", "co2_mt.2025", "coal_mtce.2025", "price_mcny.TJ-002"):
        x = ok[col].to_numpy(dtype=float)
        for p in (5, 50, 95):
            assert summ.loc[col, f"p{p}"] == pytest.approx(np.percentile(x, p), rel=1e-5)
        assert summ.loc[col, "mean"] == pytest.approx(x.mean(), rel=1e-5)
    assert summ.loc["price_mcny.TJ-002", "probability_binds"] == pytest.approx(ok["binds.TJ-002"].astype(bool).mean())
    u = s[[c for c in s.columns if c.startswith("u.")]].to_numpy()
    for j in range(u.shape[1]):  # a Latin hypercube: one draw in each eighth of [0, 1] per group
        assert sorted(np.floor(u[:, j] * 8).astype(int)) == list(range(8))
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "## How sure we can be" in report and "binds in" in report


def test_same_seed_same_files_after_an_interrupt_and_resume(unc, tmp_path):
    """Ctrl-C after some samples; the same command resumes (now with one worker) and gives the same CSVs."""
    env = dict(os.environ)
    args = [sys.executable, "-m", "optim", *UNC, f"run.results_dir={tmp_path}", "run.name=a"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            start_new_session=True,  # SIGINT at its default: a backgrounded test run inherits it ignored
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    log = tmp_path / "a.resume" / "samples.jsonl"
    t0 = time.time()
    while time.time() - t0 < 300 and not (log.exists() and len(log.read_text().splitlines()) >= 3):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 130, out[-2000:]
    assert not (tmp_path / "a").exists() and log.exists()
    kept = len(log.read_text().splitlines())
    assert 3 <= kept <= 8
    again = cli(*UNC, "analysis.workers=1", f"run.results_dir={tmp_path}", "run.name=a")
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert f"resuming, {kept} of 8 samples already done" in again.stdout
    for f in CSVS:
        assert (tmp_path / "a" / f).read_bytes() == (unc / "a" / f).read_bytes(), f
    assert not (tmp_path / "a.resume").exists()


def test_a_resume_record_of_other_settings_is_refused(tmp_path):
    (tmp_path / "a.resume").mkdir()
    (tmp_path / "a.resume" / "plan.json").write_text('{"hash": "something else"}')
    proc = cli(*UNC, f"run.results_dir={tmp_path}", "run.name=a")
    assert proc.returncode == 2 and "other settings" in proc.stdout + proc.stderr
    assert not (tmp_path / "a").exists()


def test_bad_ranges_exit_2_before_any_solve(tmp_path):
    proc = cli(*UNC, "analysis.exclude_groups=[no_such_group]", f"run.results_dir={tmp_path}", "run.name=a")
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2 and "no_such_group" in text and "solve (HiGHS)" not in text
    assert "Traceback" not in text and not (tmp_path / "a").exists()


def test_target_costs_end_to_end(tmp_path):
    proc = cli(*SHORT, "analysis=target_costs", f"run.results_dir={tmp_path}", "run.name=t")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    folder = tmp_path / "t"
    t = pd.read_csv(folder / "target_costs.csv")
    s = pd.read_csv(folder / "target_costs_summary.csv").set_index("quantity").value_mcny
    assert list(t.columns[:8]) == ["id", "indicator", "years", "binds", "last_in_mcny", "first_in_mcny",
                                   "shadow_price_mcny", "unit"]
    assert "TJ-002" in set(t.id) and (t.last_in_mcny >= 0).all() and (t.first_in_mcny >= 0).all()
    assert s["plan_cost"] == pytest.approx(s["npv_plan"] - s["npv_no_targets"], abs=1.0)  # 6 significant digits
    assert s["interactions"] == pytest.approx(s["plan_cost"] - t.last_in_mcny.sum(), abs=1.0)
    targets = pd.read_csv(folder / "targets.csv")
    price = targets[targets.id == "TJ-002"].shadow_price_mcny.dropna().iloc[0]
    assert t.set_index("id").loc["TJ-002", "shadow_price_mcny"] == pytest.approx(price, abs=0.1)
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "## What each target costs in total" in report and (folder / "target_costs.png").exists()
    import json
    assert json.loads((folder / "manifest.json").read_text())["objective_mcny"] == pytest.approx(s["npv_plan"], rel=1e-9)
