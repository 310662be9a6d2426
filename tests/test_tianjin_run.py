"""The default Tianjin study, run as a user runs it (the CLI), checked from its result files."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import xarray as xr

EXPECTED_FILES = ["config.yaml", "manifest.json", "pathway.nc", "summary_by_year.csv", "capacity.csv", "generation.csv",
                  "energy_balance.csv", "costs.csv", "measures.csv", "targets.csv", "backcast.csv", "report.md",
                  "capacity.png", "generation.png", "emissions_intensities.png", "dispatch_typical_day.png", "backcast.png"]


# the default run itself is the session fixture ``default_run`` of tests/conftest.py


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
    assert s.loc[2020, "gas_bcm"] == pytest.approx(14.4 / 1.33, rel=1e-5)  # CSV keeps 6 significant digits
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


# ---------------------------------------------------------------- backcast against the statistics (issue 11)

def _backcast(folder, indicator):
    b = pd.read_csv(folder / "backcast.csv")
    rows = b[(b.indicator == indicator) & (b.period == "history")]
    assert len(rows) >= 3, f"observed.csv should hold {indicator} for most history years"
    return rows


@pytest.mark.parametrize("indicator, tolerance_pct", [
    ("electricity_consumption", 3.0), ("thermal_generation", 5.0), ("net_electricity_inflow", 20.0),
    ("capacity_wind", 2.0), ("capacity_pv", 2.0), ("capacity_coal", 5.0),
])
def test_history_reproduces_the_statistics(default_run, indicator, tolerance_pct):
    """backcast.csv: the model's 2020-2024 against the official series (NBS, CEC, GEM) within the issue's bounds."""
    folder, _ = default_run
    rows = _backcast(folder, indicator)
    err = 100 * (rows.model - rows.observed) / rows.observed.abs()
    assert (err.abs() <= tolerance_pct).all(), rows[["year", "model", "observed"]].to_string()


def test_peak_load_matches_observed_peaks(default_run):
    """Observed peaks (State Grid Tianjin records): model within 8 % in every year with a record."""
    folder, _ = default_run
    b = pd.read_csv(folder / "backcast.csv")
    rows = b[b.indicator == "peak_load"]
    assert len(rows) >= 2
    assert ((rows.model - rows.observed).abs() <= 0.08 * rows.observed).all(), rows.to_string()


def test_backcast_flags_and_explains_what_it_cannot_match(default_run):
    """Every history statistic outside its tolerance carries the region's explanation, and report.md lists it."""
    folder, _ = default_run
    b = pd.read_csv(folder / "backcast.csv")
    hist = b[(b.period == "history") & b.model.notna()]
    out = hist[hist.within_tolerance == False]  # noqa: E712
    assert out.note.notna().all(), out[["indicator", "year"]].to_string()
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "## How well the model reproduces 2020-2024" in report
    for r in out.itertuples():
        assert f"| **{r.indicator}** | {r.year} |" in report


def test_gas_use_does_not_collapse_in_the_history(default_run):
    """Gas use 2021-2024 stays at or above 98.3 % of 2020 (system.history_gas_floor: the largest national yearly
    fall, NDRC 2022); before the calibration it halved in 2021."""
    folder, _ = default_run
    s = pd.read_csv(folder / "summary_by_year.csv").set_index("year")
    for y in range(2021, 2025):
        assert s.loc[y, "gas_bcm"] >= 0.983 * s.loc[2020, "gas_bcm"] * (1 - 1e-5), y  # CSV keeps 6 digits


def test_thermal_classes_respect_their_hour_limits(default_run):
    """Normal-duty generation / capacity in operation <= max_full_load_hours of the class in every year
    (technologies.csv), and >= history_min_full_load_hours in the history years."""
    from optim.data.loader import load_region
    from optim.paths import ROOT

    folder, _ = default_run
    tech = load_region(ROOT / "data" / "tianjin").technologies
    limits = tech[tech.parameter == "max_full_load_hours"].set_index("tech").value
    floors = tech[tech.parameter == "history_min_full_load_hours"].set_index("tech").value
    with xr.open_dataset(folder / "pathway.nc") as ds:
        normal = ds.generation - ds.generation_peaker
        for g, limit in limits.items():
            op = ds.capacity_operating.sel(tech=g)
            hours = (1000 * normal.sel(tech=g) / op.where(op > 1e-6)).dropna("year")
            assert (hours <= limit * (1 + 1e-6)).all(), (g, hours.values)
            if g in floors.index:
                hist = hours.sel(year=hours.year <= 2024)
                assert (hist >= floors[g] * (1 - 1e-6)).all(), (g, hist.values)


def test_no_coal_unit_returns_after_retiring(default_run):
    """Coal capacity over all duties (normal, emergency peaker, backup) never rises after 2023, the last year a
    coal unit was commissioned (fleet.csv): a retired unit does not come back as a peaker or backup."""
    folder, _ = default_run
    c = pd.read_csv(folder / "capacity.csv")
    coal = c[(c.kind == "generator") & c.tech.str.startswith("coal")].groupby("year").capacity.sum()
    assert (coal.loc[2023:].diff().dropna() <= 1e-9).all(), coal.to_string()
    # nor within a class: the emergency-peaker and backup pools (different named units, fleet.csv duty, from 2025)
    # never grow again once they have shrunk (a peaker retired in 2026 must not come back as a peaker in 2031)
    for duty in ("emergency_peaker", "backup"):
        pools = c[(c.kind == "generator") & c.tech.str.startswith("coal") & (c.year >= 2025)].pivot(
            index="year", columns="tech", values=duty)
        assert (pools.diff().dropna() <= 1e-9).all().all(), (duty, pools.to_string())
    # and history years keep the fleet that existed: no early retirement up to 2024
    hist = c[(c.kind == "generator") & (c.year <= 2024)]
    assert (hist.early_retirement.abs() <= 1e-9).all()
