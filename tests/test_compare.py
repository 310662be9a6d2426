"""Sweeps and optim-compare on small runs (years.end <= 2022, ~1.5 min in all).

1. A 4-job multirun (policy.strive x discount rate): optim-compare lists 4 runs whose values
   equal each run's own manifest.json / summary_by_year.csv / targets.csv; progress.log has a
   line per job; a second comparison does not overwrite the first.
2. A sweep whose middle job has bad input (a negative capex, rejected by the same range as the
   data table) does not stop the others, and the comparison reports it with its status.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from optim import compare

ROOT = Path(__file__).resolve().parents[1]


def _optim(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, "-m", "optim", *args, f"run.results_dir={tmp}", "solver.threads=1"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def sweep4(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cmp")
    sweep = tmp / "sweep"
    p = _optim("-m", "years.end=2022", "policy.strive=hard,soft", "economics.discount_rate.2020=0.05,0.08",
               f"hydra.sweep.dir={sweep}", tmp=tmp)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return sweep, p


def test_sweep_of_four_and_compare(sweep4, capsys):
    sweep, proc = sweep4
    runs = sorted(d for d in sweep.iterdir() if d.is_dir() and d.name.startswith("run"))
    assert [d.name for d in runs] == ["run000", "run001", "run002", "run003"]

    # progress: one line per finished job, the last one says 4 of 4
    log = (sweep / "progress.log").read_text().splitlines()
    done = [ln for ln in log if ln.startswith("run ")]
    assert len(done) == 4 and done[-1].startswith("run 4 of 4 done")
    assert "estimated remaining" in done[0] and "run 1 of 4 done" in proc.stdout

    assert compare.main([str(sweep), "--years", "2021,2022", "--plots", "--width", "250"]) == 0
    printed = capsys.readouterr().out
    long = pd.read_csv(sweep / "comparison.csv")
    assert sorted(long.run.unique()) == [d.name for d in runs]
    assert {"policy.strive", "economics.discount_rate.2020", "status", "metric", "year", "value"} <= set(long.columns)

    objectives = {}
    for d in runs:
        man = json.loads((d / "manifest.json").read_text())
        s = pd.read_csv(d / "summary_by_year.csv").set_index("year")
        t = pd.read_csv(d / "targets.csv")
        mine = long[long.run == d.name]
        assert set(mine.status) == {"optimal"}
        ov = dict(o.lstrip("+").split("=", 1) for o in man["overrides"])
        assert str(mine["policy.strive"].iloc[0]) == ov["policy.strive"]
        assert float(mine["economics.discount_rate.2020"].iloc[0]) == float(ov["economics.discount_rate.2020"])
        npv = mine[mine.metric == "npv_cost_mcny"].value.iloc[0]
        assert npv == pytest.approx(man["objective_mcny"], rel=1e-5)  # comparison.csv keeps 6 significant digits
        objectives[d.name] = man["objective_mcny"]
        for col in ("co2_mt", "coal_mtce", "wind_gw", "pv_gw", "storage_power_gw", "import_capacity_gw",
                    "nonfossil_share_pct", "system_cost_mcny"):
            for y in (2020, 2021, 2022):
                got = mine[(mine.metric == col) & (mine.year == y)].value.iloc[0]
                assert got == pytest.approx(s.loc[y, col], rel=1e-5, abs=1e-9), (d.name, col, y)
        priced = t[t.shadow_price_mcny.notna()]
        for r in priced.itertuples():  # one price per target, the same on each of its rows of targets.csv
            got = mine[mine.metric == f"shadow_price_mcny:{r.id}"].value
            assert len(got) == 1 and got.iloc[0] == pytest.approx(r.shadow_price_mcny, rel=1e-5, abs=1e-9)

    # the wide table: 4 rows, NPV and its difference to the baseline (first optimal run) from the manifests
    parsed = compare.collect([sweep])
    header, rows = compare.wide_table(parsed, compare.choose_baseline(parsed, None), (2021, 2022))
    assert len(rows) == 4
    col = {h.replace("\n", " "): i for i, h in enumerate(header)}
    for row in rows:
        obj = objectives[row[0]]
        assert row[col["NPV bn CNY"]] == f"{obj / 1e3:,.1f}"
        assert row[col["Δ NPV bn CNY"]] == ("base" if row[0] == "run000" else f"{(obj - objectives['run000']) / 1e3:+,.1f}")
        s = pd.read_csv(sweep / row[0] / "summary_by_year.csv").set_index("year")
        assert row[col["CO2 Mt 21/22"]] == f"{s.loc[2021, 'co2_mt']:.1f}/{s.loc[2022, 'co2_mt']:.1f}"
        assert row[0] in printed
    assert "policy.strive" in header and "economics.discount_rate.2020" in header
    md = (sweep / "comparison.md").read_text()
    assert md.count("| run00") == 4
    assert (sweep / "comparison_sweep.png").stat().st_size > 10_000

    # --baseline and no overwrite: a second comparison gets a suffix
    assert compare.main([str(sweep), "--baseline", "run002", "--years", "2021,2022"]) == 0
    assert (sweep / "comparison-2.csv").exists() and (sweep / "comparison.csv").exists()
    second = pd.read_csv(sweep / "comparison-2.csv")
    diff = second[(second.run == "run002") & (second.metric == "npv_diff_vs_baseline_mcny")].value.iloc[0]
    assert diff == pytest.approx(0.0, abs=1e-6)
    assert compare.main([str(sweep), "--baseline", "run999"]) == 2


def test_failing_job_does_not_stop_the_sweep(tmp_path, capsys):
    sweep = tmp_path / "sweep"
    p = _optim("-m", "years.end=2021", "costs.utility_pv.capex.2025=2000,-5,2100", f"hydra.sweep.dir={sweep}",
               tmp=tmp_path)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    fail = json.loads((sweep / "run001" / "failure.json").read_text())
    assert fail["status"] == "input_error"
    assert "costs.utility_pv.capex.2025" in fail["message"] and "allowed range" in fail["message"]
    for ok in ("run000", "run002"):
        assert json.loads((sweep / ok / "manifest.json").read_text())["status"] == "optimal"

    out = tmp_path / "cmp"
    assert compare.main([str(sweep / "run000"), str(sweep / "run001"), str(sweep / "run002"), "--out", str(out),
                         "--years", "2020,2021", "--plots"]) == 0
    printed = capsys.readouterr().out
    long = pd.read_csv(out / "comparison.csv")
    status = long.groupby("run").status.first().to_dict()
    assert status == {"run000": "optimal", "run001": "input_error", "run002": "optimal"}
    assert "allowed range" in long[long.run == "run001"].reason.iloc[0]
    assert "input_error" in printed
    # the failed run shows its capex override like the others
    assert str(long[long.run == "run001"]["costs.utility_pv.capex.2025"].iloc[0]) == "-5"
    assert (out / "comparison_sweep.png").exists()

    # the sweep folder itself: three rows, the middle one failed
    runs = compare.collect([sweep])
    assert [(r.label, r.status) for r in runs] == [("run000", "optimal"), ("run001", "input_error"),
                                                   ("run002", "optimal")]
    assert len((sweep / "progress.log").read_text().splitlines()) == 4  # header + 3 jobs


def test_data_overrides_respect_the_data_table_ranges():
    """A config override of a data number is checked against the range of its data table."""
    from optim.data.errors import ConfigError
    from optim.inputs import _apply_overrides

    def apply(section, base, ov):
        return _apply_overrides(base, ov, section)

    assert apply("costs", {"utility_pv": {"capex": {2030: 2200.0}}},
                 {"utility_pv": {"capex": {"2030": 2000}}}) == {"utility_pv": {"capex": {2030: 2000.0}}}
    bad = [("costs", {"utility_pv": {"capex": {2030: 2200.0}}}, {"utility_pv": {"capex": {"2030": -5}}}, "[0, 100000]"),
           ("costs", {"battery": {"charge_efficiency": {2020: 0.95}}}, {"battery": {"charge_efficiency": {2020: 1.2}}},
            "[0.3, 1]"),
           ("fuels", {"gas": {"price": {2020: 2058.8}}}, {"gas": {"price": {2020: -1}}}, "[0, inf]"),
           ("potentials", {"interconnector": {"z": {"potential_mw": 3000.0}}},
            {"interconnector": {"z": {"potential_mw": -1}}}, "[0, inf] MW"),
           ("gdp", {2020: 2.5}, {2020: 0}, "(0, inf]")]
    for section, base, ov, rng in bad:
        with pytest.raises(ConfigError, match="allowed range") as e:
            apply(section, base, ov)
        assert rng in str(e.value), str(e.value)
