"""Loader tests: the Tianjin data loads and calibrates; malformed files give clean DataErrors.

* ``load_region(data/tianjin)`` returns every table non-empty.
* Calibration: the loaded tables reproduce the 2020 statistics they were built from
  (electricity by sector, fleet by type, profile full-load hours, primary energy split,
  CO2 2005, GDP index).
* One corrupted copy of the data per kind of problem: ``load_region`` must raise a
  :class:`DataError` whose message names the file and the line/column or what was expected.
* The CLI turns a DataError into exit code 2, without a traceback and without a results folder.
"""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

from optim import vocabulary as V
from optim.data.errors import DataError
from optim.data.loader import PROFILES_FILE, TABLES, RegionData, load_region

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "tianjin"

PRIMARY_ENERGY_KEYS = ("energy_coal", "energy_oil", "energy_gas", "energy_imported_electricity",
                       "energy_local_wind_pv", "energy_biomass", "energy_geothermal_heat")


@pytest.fixture(scope="module")
def data() -> RegionData:
    return load_region(DATA)


# --------------------------------------------------------------------------- the real data loads


def test_load_region_returns_every_table_non_empty(data):
    frames = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)
              if isinstance(getattr(data, f.name), pd.DataFrame)}
    assert len(frames) >= len(TABLES) + 1  # + profiles
    for name, frame in frames.items():
        assert not frame.empty, f"table {name} is empty"
    assert data.name == "tianjin"
    assert set(TABLES) | {PROFILES_FILE} <= set(data.file_hashes)
    assert len(data.profiles) == 8760


def test_load_region_accepts_str_path():
    assert load_region(str(DATA)).name == "tianjin"


def test_missing_region_folder(tmp_path):
    with pytest.raises(DataError, match="region data folder not found"):
        load_region(tmp_path / "nowhere")


# --------------------------------------------------------------------------- calibration


def test_final_electricity_2020_matches_consumption(data):
    fe = data.final_energy
    elec = fe[fe.carrier == "electricity"]
    assert set(elec.unit) == {"TWh"}
    total = elec.value.sum()
    assert total == pytest.approx(87.5, rel=0.01)
    assert total == pytest.approx(data.stat("electricity_consumption", 2020), abs=1e-6)


def _operating_2020(fleet: pd.DataFrame) -> pd.DataFrame:
    return fleet[(fleet.commissioning_year <= 2020) & (fleet.retirement_year > 2020)]


def test_fleet_2020_thermal_matches_statistics(data):
    op = _operating_2020(data.fleet)
    thermal_gw = op[op.tech.isin(V.THERMAL_TECHS)].capacity_mw.sum() / 1000
    stat = data.stat("capacity_thermal", 2020)
    assert stat == pytest.approx(16.68)
    assert thermal_gw == pytest.approx(stat, rel=0.03)


def test_fleet_2020_wind_matches_statistics(data):
    op = _operating_2020(data.fleet)
    wind_gw = op[op.tech.isin(V.WIND_TECHS)].capacity_mw.sum() / 1000
    stat = data.stat("capacity_wind_onshore", 2020) + data.stat("capacity_wind_offshore", 2020)
    assert stat == pytest.approx(0.85)
    assert wind_gw == pytest.approx(stat, rel=0.01)


def test_fleet_2020_pv_matches_statistics(data):
    op = _operating_2020(data.fleet)
    pv_gw = op[op.tech.isin(V.PV_TECHS)].capacity_mw.sum() / 1000
    stat = data.stat("capacity_pv", 2020)
    assert stat == pytest.approx(1.64)
    assert pv_gw == pytest.approx(stat, rel=0.01)


def test_profile_full_load_hours_within_observed_range(data):
    flh = data.profiles[list(V.VRE_TECHS)].sum()
    # CEC utilisation hours, Tianjin: solar 1,144 h (2019) - 1,265 h (2020), +0.5 h for 4-decimal rounding
    assert 1144 <= flh["utility_pv"] <= 1265.5
    # wind 1,769 h (2020) - 2,089 h over 2018-2023
    assert 1769 <= flh["onshore_wind"] <= 2090
    # the 2020 statistic itself lies in the range the profile is calibrated to
    assert 1144 <= data.stat("pv_full_load_hours", 2020) <= 1265.5
    assert 1769 <= data.stat("wind_full_load_hours", 2020) <= 2090


def test_co2_2005_is_ceads_plus_import_embodied(data):
    co2 = data.stat("co2", 2005)
    # CEADs scope-1 88.98 Mt + emissions embodied in the (small) 2005 net electricity inflow
    assert 88.98 <= co2 <= 92
    inflow_2005 = data.stat("electricity_consumption", 2005) - data.stat("thermal_generation", 2005)
    assert co2 - 88.98 == pytest.approx(inflow_2005 * 0.8, abs=0.1)  # 0.8 tCO2/MWh, as documented


def test_gdp_index(data):
    gdp = dict(zip(data.gdp.year, data.gdp.real_gdp_index))
    assert gdp[2005] == 1.0
    assert gdp[2020] == pytest.approx(4.7019, abs=1e-9)
    years = sorted(gdp)
    assert all(gdp[a] < gdp[b] for a, b in zip(years, years[1:])), "real GDP index should rise"


def test_primary_energy_2020_sums_to_total(data):
    parts = sum(data.stat(k, 2020) for k in PRIMARY_ENERGY_KEYS)
    assert parts == pytest.approx(data.stat("total_energy", 2020), rel=0.01)


# --------------------------------------------------------------------------- malformed copies


def _rewrite(path: Path, edit: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
    """Read a CSV as text cells, apply ``edit``, write it back (UTF-8, same column order)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(df).to_csv(path, index=False)


def _set(file: str, row: int, col: str, value: str):
    def corrupt(d: Path) -> None:
        def edit(df):
            df.loc[row, col] = value
            return df
        _rewrite(d / file, edit)
    return corrupt


def _set_where(file: str, match: dict, col: str, value: str):
    def corrupt(d: Path) -> None:
        def edit(df):
            mask = pd.Series(True, index=df.index)
            for k, v in match.items():
                mask &= df[k] == v
            assert mask.sum() >= 1, f"no row of {file} matches {match}"
            df.loc[mask.idxmax(), col] = value  # the first matching row
            return df
        _rewrite(d / file, edit)
    return corrupt


def _empty(file: str):
    def corrupt(d: Path) -> None:
        (d / file).write_bytes(b"")
    return corrupt


def _header_only(file: str):
    def corrupt(d: Path) -> None:
        header = (d / file).read_text(encoding="utf-8").splitlines()[0]
        (d / file).write_text(header + "\n", encoding="utf-8")
    return corrupt


def _gbk(file: str):
    def corrupt(d: Path) -> None:
        text = (d / file).read_text(encoding="utf-8")
        (d / file).write_bytes(text.encode("gbk", errors="replace"))
    return corrupt


def _drop_column(file: str, col: str):
    def corrupt(d: Path) -> None:
        _rewrite(d / file, lambda df: df.drop(columns=[col]))
    return corrupt


def _drop_rows(file: str, match: dict):
    def corrupt(d: Path) -> None:
        def edit(df):
            mask = pd.Series(True, index=df.index)
            for k, v in match.items():
                mask &= df[k] == v
            assert mask.sum() == 1
            return df[~mask]
        _rewrite(d / file, edit)
    return corrupt


def _truncate_profiles(n: int):
    def corrupt(d: Path) -> None:
        _rewrite(d / PROFILES_FILE, lambda df: df.iloc[:n])
    return corrupt


def _duplicate_id(file: str):
    def corrupt(d: Path) -> None:
        def edit(df):
            df.loc[1, "id"] = df.loc[0, "id"]
            return df
        _rewrite(d / file, edit)
    return corrupt


def _decreasing_potentials(d: Path) -> None:
    def edit(df):
        df.loc[2, "potential_2030"] = str(float(df.loc[2, "potential_2025"]) / 2)
        return df
    _rewrite(d / "measures.csv", edit)


# (id, corruption, file named in the message, fragments that must appear in the message)
CASES = [
    ("nan_capacity", _set("fleet.csv", 3, "capacity_mw", "nan"), "fleet.csv", ["line 5", "capacity_mw"]),
    ("nan_economics_value", _set("economics.csv", 0, "value", "NaN"), "economics.csv", ["line 2", "value"]),
    ("nan_optional_om", _set("measures.csv", 0, "om_cny_per_tce_yr", "nan"), "measures.csv",
     ["line 2", "om_cny_per_tce_yr"]),
    ("inf_target_value", _set_where("targets.csv", {"id": "TJ-010"}, "value", "inf"), "targets.csv",
     ["column 'value'"]),
    ("negative_capacity", _set("fleet.csv", 0, "capacity_mw", "-100"), "fleet.csv",
     ["line 2", "capacity_mw", "greater than 0"]),
    ("empty_required_number", _set("fleet.csv", 4, "capacity_mw", ""), "fleet.csv",
     ["line 6", "capacity_mw"]),
    ("share_above_one",
     _set_where("fuels.csv", {"fuel": "import_grid", "parameter": "nonfossil_share", "year": "2020"}, "value", "1.5"),
     "fuels.csv", ["import_grid", "nonfossil_share", "[0, 1]"]),
    ("tech_year_1990", _set("technologies.csv", 2, "year", "1990"), "technologies.csv",
     ["line 4", "year", "2020"]),
    ("unknown_technology", _set("technologies.csv", 0, "tech", "pv_utility"), "technologies.csv",
     ["line 2", "tech", "pv_utility", "utility_pv"]),
    ("bad_unit", _set_where("technologies.csv", {"parameter": "capex"}, "unit", "EUR/kW"), "technologies.csv",
     ["CNY/kW"]),
    ("empty_file", _empty("measures.csv"), "measures.csv", ["empty"]),
    ("header_only", _header_only("potentials.csv"), "potentials.csv", ["no data rows"]),
    ("gbk_encoding", _gbk("targets.csv"), "targets.csv", ["UTF-8", "line 2"]),
    ("missing_column", _drop_column("potentials.csv", "zone"), "potentials.csv",
     ["missing column", "zone"]),
    ("duplicate_measure_id", _duplicate_id("measures.csv"), "measures.csv", ["duplicate", "id", "line 2"]),
    ("duplicate_target_id", _duplicate_id("targets.csv"), "targets.csv", ["duplicate", "TJ-001"]),
    ("profiles_8759_rows", _truncate_profiles(8759), "hourly_profiles.csv", ["8759 rows", "8760"]),
    ("profile_cf_above_one", _set(PROFILES_FILE, 4000, "utility_pv", "1.2"), "hourly_profiles.csv",
     ["line 4002", "utility_pv", "[0, 1]"]),
    ("profile_missing_column", _drop_column(PROFILES_FILE, "offshore_wind"), "hourly_profiles.csv",
     ["missing column", "offshore_wind"]),
    ("missing_base_year_row", _drop_rows("base_year.csv", {"key": "peak_load", "year": "2020"}), "base_year.csv",
     ["peak_load", "2020", "missing"]),
    ("unknown_strength", _set_where("targets.csv", {"id": "TJ-004"}, "strength", "mandatory"), "targets.csv",
     ["column 'strength'", "mandatory", "binding"]),
    ("committed_online_2050", _set("committed_builds.csv", 1, "online_year", "2050"), "committed_builds.csv",
     ["line 3", "online_year", "2035"]),
    ("decreasing_potentials", _decreasing_potentials, "measures.csv",
     ["line 4", "potentials must not decrease"]),
    ("missing_source", _set("gdp.csv", 1, "source", ""), "gdp.csv", ["line 3", "source"]),
    ("bad_confidence", _set("demand_growth.csv", 0, "confidence", "high"), "demand_growth.csv",
     ["line 2", "confidence"]),
    ("missing_file", lambda d: (d / "economics.csv").unlink(), "economics.csv", ["file not found"]),
]


@pytest.fixture
def region_copy(tmp_path) -> Path:
    dst = tmp_path / "tianjin"
    shutil.copytree(DATA, dst)
    return dst


@pytest.mark.parametrize("corrupt, file, fragments", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_file_raises_clear_data_error(region_copy, corrupt, file, fragments):
    corrupt(region_copy)
    with pytest.raises(DataError) as info:
        load_region(region_copy)
    msg = str(info.value)
    assert file in msg, msg
    for fragment in fragments:
        assert fragment in msg, f"{fragment!r} not in: {msg}"
    assert "\n" not in msg.strip(), "the message should be one paragraph"
    assert len(msg) < 2000, "the message should be short"


def test_untouched_copy_still_loads(region_copy):
    """The corruption helpers themselves keep a file valid when they change nothing."""
    _rewrite(region_copy / "fleet.csv", lambda df: df)
    _rewrite(region_copy / "targets.csv", lambda df: df)
    assert not load_region(region_copy).fleet.empty


# --------------------------------------------------------------------------- CLI


def test_cli_data_error_exits_2_without_traceback(region_copy, tmp_path):
    _set("fleet.csv", 0, "capacity_mw", "-100")(region_copy)
    res_dir = tmp_path / "res"
    proc = subprocess.run(
        [sys.executable, "-m", "optim", f"region.data_dir={region_copy}", f"run.results_dir={res_dir}"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out
    assert "Traceback" not in out
    assert "fleet.csv" in out
    assert "capacity_mw" in out
    assert not res_dir.exists() or not any(res_dir.iterdir()), list(res_dir.rglob("*"))
