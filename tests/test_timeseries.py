"""Representative time slices keep the year's energy: weights sum to 365, the load shares to 1,
and every capacity factor keeps its annual full-load hours."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optim import vocabulary as V
from optim.timeseries import make_time_slices

PROFILES = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "tianjin" / "profiles" / "hourly_profiles.csv")


@pytest.mark.parametrize("mode, days", [("typical_days", 12), ("clustered", 12), ("clustered", 48), ("full_year", 365)])
def test_slices_preserve_energy(mode, days):
    ts = make_time_slices(PROFILES, mode, days)
    assert ts.weights.sum() == pytest.approx(365.0)
    assert (ts.weights[:, None] * ts.load_share).sum() == pytest.approx(1.0, rel=1e-12)
    for t in V.VRE_TECHS:
        flh = (ts.weights[:, None] * ts.cf[t]).sum()
        assert flh == pytest.approx(PROFILES[t].sum(), rel=0.005), t
        assert ts.cf[t].min() >= 0 and ts.cf[t].max() <= 1
    assert ts.chained == (mode == "full_year")
    assert ts.heating().any() and not ts.heating().all()
    assert ts.peak_share == pytest.approx(PROFILES.load_shape.max() / PROFILES.load_shape.sum())


def test_typical_days_are_one_per_month():
    ts = make_time_slices(PROFILES, "typical_days")
    assert list(ts.months) == list(range(1, 13))
    assert list(ts.weights) == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert np.all(ts.load_share > 0)
