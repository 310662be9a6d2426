"""Checks on data/tianjin/profiles/hourly_profiles.csv and on its generator."""
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

PROFILE_DIR = Path(__file__).resolve().parents[1] / "data" / "tianjin" / "profiles"
CSV = PROFILE_DIR / "hourly_profiles.csv"
SCRIPT = PROFILE_DIR / "make_profiles.py"
CF_COLUMNS = ["utility_pv", "rooftop_pv", "onshore_wind", "offshore_wind"]
ROUNDING_SLACK_H = 0.5  # 8760 values rounded to 4 decimals may shift the sum by < 0.44 h


@pytest.fixture(scope="module")
def profiles():
    return pd.read_csv(CSV)


def test_shape_and_calendar(profiles):
    assert len(profiles) == 8760
    assert list(profiles.columns) == ["hour", "month", "day_of_year", "hour_of_day", "load_shape",
                                      *CF_COLUMNS]
    assert (profiles["hour"].to_numpy() == np.arange(8760)).all()
    assert (profiles["hour_of_day"].to_numpy() == np.arange(8760) % 24).all()
    assert (profiles["day_of_year"].to_numpy() == np.arange(8760) // 24 + 1).all()
    assert profiles["month"].min() == 1 and profiles["month"].max() == 12
    assert (profiles["month"].diff().dropna() >= 0).all()
    assert profiles.groupby("month").size().tolist() == [d * 24 for d in
                                                         [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]]


def test_load_shape(profiles):
    load = profiles["load_shape"]
    assert abs(load.sum() - 1.0) < 1e-6
    assert (load > 0).all()
    peak_month = profiles.loc[load.idxmax(), "month"]
    assert peak_month in (7, 8, 12, 1)
    assert profiles.groupby("month")["load_shape"].sum().idxmax() in (7, 8, 12, 1)


def test_capacity_factors_bounded(profiles):
    cf = profiles[CF_COLUMNS]
    assert cf.notna().all().all()
    assert ((cf >= 0.0) & (cf <= 1.0)).all().all()


def test_full_load_hours(profiles):
    pv = profiles["utility_pv"].sum()
    assert 1144.0 <= pv <= 1265.0 + ROUNDING_SLACK_H
    assert abs(pv - 1265.0) < ROUNDING_SLACK_H
    assert 1000.0 <= profiles["rooftop_pv"].sum() < pv
    assert 1769.0 <= profiles["onshore_wind"].sum() <= 2090.0
    assert 2600.0 <= profiles["offshore_wind"].sum() <= 3000.0


def test_pv_zero_at_night(profiles):
    night = profiles["hour_of_day"].isin([0, 1, 2, 3, 21, 22, 23])
    assert (profiles.loc[night, ["utility_pv", "rooftop_pv"]] == 0.0).all().all()


def test_wind_offshore_correlated_with_onshore(profiles):
    corr = profiles["onshore_wind"].corr(profiles["offshore_wind"])
    assert 0.4 < corr < 0.9


def test_generator_reproduces_file(profiles):
    spec = importlib.util.spec_from_file_location("make_profiles", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    regenerated, _ = module.build_profiles()
    assert list(regenerated.columns) == list(profiles.columns)
    for col in ["hour", "month", "day_of_year", "hour_of_day"]:
        assert (regenerated[col].to_numpy() == profiles[col].to_numpy()).all()
    for col in ["load_shape", *CF_COLUMNS]:
        np.testing.assert_allclose(regenerated[col].to_numpy(), profiles[col].to_numpy(),
                                   rtol=0.0, atol=1e-9)
