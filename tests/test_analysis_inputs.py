"""The override sections the uncertainty ranges need: base.<key>.<year> and tech_profile.<tech>.full_load_hours,
and the ranges table checks (optim.inputs, optim.config.overrides, optim.timeseries, optim.analysis.ranges)."""
from __future__ import annotations

import numpy as np
import pytest

from optim.config.compose import compose_config
from optim.data.errors import ConfigError, DataError
from optim.data.loader import load_region
from optim.inputs import build_inputs
from optim.paths import resolve
from optim.timeseries import full_load_hours, time_slices_from_config, with_full_load_hours


@pytest.fixture(scope="module")
def data():
    return load_region(resolve("data/tianjin"))


def _inputs(data, overrides):
    cfg = compose_config(["years.end=2025"] + overrides)
    return build_inputs(data, cfg, time_slices_from_config(data.profiles, cfg))


def test_base_overrides_move_the_residual_rows(data):
    """energy_coal 37.9 -> 36.9: industry coal (the residual of the 2020 coal balance) 16.5 -> 15.5; oil 23.0 -> 25.3:
    every oil row x 1.1; geothermal 0.85 -> 0.45 with 12 % network loss: buildings heat 4.3 - 0.4 x 0.88 = 3.948."""
    a = _inputs(data, [])
    b = _inputs(data, ["base.energy_coal.2020=36.9", "base.energy_oil.2020=25.3", "base.energy_geothermal_heat.2020=0.45",
                       "base.import_capacity.2020=8"])
    assert b.base["energy_coal"] == 36.9 and b.import_capacity_2020 == 8.0
    assert b.final_energy[("industry", "coal")] == pytest.approx(a.final_energy[("industry", "coal")] - 1.0)
    assert b.final_energy[("buildings", "coal")] == a.final_energy[("buildings", "coal")]
    for k, v in a.final_energy.items():
        if k[1] == "oil":
            assert b.final_energy[k] == pytest.approx(1.1 * v)
    assert b.final_energy[("buildings", "heat")] == pytest.approx(4.3 - 0.4 * 0.88)


def test_base_keys_the_model_does_not_read_are_refused(data):
    with pytest.raises(ConfigError, match="does not read"):
        _inputs(data, ["base.heated_area.2020=480"])
    with pytest.raises(ConfigError, match="outside the allowed range"):
        _inputs(data, ["base.energy_coal.2020=-1"])


def test_tech_profile_full_load_hours(data):
    """Scaled to H hours: sum_d w_d sum_h min(1, k cf) = H exactly, each hour at most 1, the shape kept below 1."""
    cfg = compose_config([])
    s = time_slices_from_config(data.profiles, cfg)
    assert full_load_hours(s, "offshore_wind") == pytest.approx(2800.0, abs=0.1)
    for h in (2400.0, 3000.0, 5000.0):
        t = with_full_load_hours(s, {"offshore_wind": h})
        assert full_load_hours(t, "offshore_wind") == pytest.approx(h, rel=1e-9)
        assert t.cf["offshore_wind"].max() <= 1.0
        assert np.array_equal(t.cf["onshore_wind"], s.cf["onshore_wind"])
    low = with_full_load_hours(s, {"offshore_wind": 1400.0}).cf["offshore_wind"]
    assert np.allclose(low, 0.5 * s.cf["offshore_wind"])  # below the profile's hours nothing is capped
    inp = _inputs(data, ["tech_profile.offshore_wind.full_load_hours=2600"])
    assert full_load_hours(inp.slices, "offshore_wind") == pytest.approx(2600.0)
    with pytest.raises(ConfigError, match="cannot be reached"):  # PV is zero at night: at most ~4,400 h
        _inputs(data, ["tech_profile.utility_pv.full_load_hours=6000"])
    with pytest.raises(ConfigError, match=r"in \(0, 8760\]"):
        _inputs(data, ["tech_profile.offshore_wind.full_load_hours=9000"])
    with pytest.raises(ConfigError, match="no hourly profile"):
        _inputs(data, ["tech_profile.coal_sub.full_load_hours=5000"])


def test_ranges_table_is_validated(tmp_path, data):
    """A row with low > high in uncertainty.csv is a DataError naming the file, line and key."""
    import shutil

    region = tmp_path / "tianjin"
    shutil.copytree(resolve("data/tianjin"), region)
    text = (region / "uncertainty.csv").read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace(",36.0,40.0,", ",40.0,36.0,")
    (region / "uncertainty.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"uncertainty.csv: line 2 .*must not exceed"):
        load_region(region)


def test_analysis_settings_are_checked():
    with pytest.raises(ConfigError):
        compose_config(["analysis=uncertainty", "analysis.samples=1"])
    with pytest.raises(ConfigError):
        compose_config(["analysis=uncertainty", "analysis.workers=0"])
    with pytest.raises(Exception):  # a key of another kind: Hydra refuses it (not in the group's file)
        compose_config(["analysis=target_costs", "analysis.samples=8"])
