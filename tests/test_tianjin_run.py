"""The default Tianjin study, run as a user runs it (the CLI), checked from its result files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import xarray as xr

EXPECTED_FILES = ["config.yaml", "manifest.json", "pathway.nc", "summary_by_year.csv", "capacity.csv", "generation.csv",
                  "energy_balance.csv", "costs.csv", "measures.csv", "targets.csv", "report.md", "capacity.png",
                  "generation.png", "emissions_intensities.png", "dispatch_typical_day.png"]


def run_cli(*args, timeout=900):
    return subprocess.run([sys.executable, "-m", "optim", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    proc = run_cli(f"run.results_dir={out}", "run.name=default")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out / "default", proc


def test_default_run_is_optimal_and_complete(default_run):
    folder, proc = default_run
    for f in EXPECTED_FILES:
        assert (folder / f).is_file(), f
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "optimal"
    assert manifest["model_size"]["rows"] > 10_000
    assert set(manifest["timings_s"]) >= {"load", "build", "compile", "handoff", "solve", "export"}
    assert str(folder) in proc.stdout and "NPV system cost" in proc.stdout


def test_every_hard_target_holds_in_targets_csv(default_run):
    """Read targets.csv: each hard target row has achieved >= required (>=) or <= (<=) up to 1e-6 relative."""
    folder, _ = default_run
    t = pd.read_csv(folder / "targets.csv")
    hard = t[(t["mode"] == "hard") & t["required"].notna() & t["achieved"].notna()]
    assert len(hard) >= 40
    for r in hard.itertuples():
        tol = 1e-6 * max(1.0, abs(r.required))
        if r.indicator in ("co2_peak_year", "coal_use_decline"):
            assert r.achieved <= r.required + tol, r.id
        elif r.sense == "<=":
            assert r.achieved <= r.required + tol, (r.id, r.year)
        else:
            assert r.achieved >= r.required - tol, (r.id, r.year)
    binding = t[t.binding == True]  # noqa: E712
    assert (binding.shadow_price_mcny >= -1e-6).all(), "a binding target with a negative cost of tightening"


def test_pathway_matches_the_documents_and_the_statistics(default_run):
    folder, _ = default_run
    s = pd.read_csv(folder / "summary_by_year.csv").set_index("year")
    # base year calibrated to the statistics
    assert s.loc[2020, "coal_mtce"] == pytest.approx(37.9, rel=1e-5)
    assert s.loc[2020, "gas_bcm"] == pytest.approx(14.4 / 1.2143, rel=1e-5)  # CSV keeps 6 significant digits
    assert s.loc[2020, "electricity_consumption_twh"] == pytest.approx(87.5, rel=0.01)
    assert s.loc[2020, "imports_grid_twh"] == pytest.approx(10.1, rel=1e-6)
    # documents: CO2 does not rise after 2030; coal 2025 < 2020 and 2030 <= 2025; RE > 8 GW in 2025
    assert (s.loc[2031:, "co2_mt"].diff().dropna() <= 1e-6).all()
    assert s.loc[2025, "coal_mtce"] < s.loc[2020, "coal_mtce"]
    assert s.loc[2030, "coal_mtce"] <= s.loc[2025, "coal_mtce"] + 1e-6
    assert s.loc[2025, "renewable_capacity_gw"] >= 8.0 - 1e-6
    assert s.loc[2025, "storage_power_gw"] >= 0.5 - 1e-6
    # historical years follow the observed PV build-out (CEC: 7.24 GW in 2024)
    assert s.loc[2024, "pv_gw"] == pytest.approx(7.24, abs=0.05)


def test_dataset_has_units(default_run):
    folder, _ = default_run
    with xr.open_dataset(folder / "pathway.nc") as ds:
        for name in ("capacity", "generation", "co2", "dispatch", "storage_energy", "cost"):
            assert "units" in ds[name].attrs, name
        assert int(ds.year.min()) == 2020 and int(ds.year.max()) == 2035


def test_no_signed_zeros_in_tables_or_report(default_run):
    """A zero dual often comes back as -0.0 and a zero flow as -1e-12; a planner should read 0, not -0.
    The default run has both (before the fix: 13 '-0' shadow prices in targets.csv, '-0.0' green imports
    in 2020 in report.md)."""
    import re

    folder, _ = default_run
    minus_zero = re.compile(r"(?<![\w.])-0(\.0+)?(?![\d.eE])")
    for f in ["report.md"] + [x for x in EXPECTED_FILES if x.endswith(".csv")]:
        text = (folder / f).read_text(encoding="utf-8")
        hits = [line for line in text.splitlines() if minus_zero.search(line)]
        assert not hits, f"{f}: {hits[:3]}"
