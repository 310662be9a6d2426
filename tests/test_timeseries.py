"""Representative time slices keep the year's energy: weights sum to 365, the load shares to 1,
and every capacity factor keeps its annual full-load hours."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from omegaconf import OmegaConf

from optim import vocabulary as V
from optim.timeseries import make_time_slices

ROOT = Path(__file__).resolve().parents[1]
PROFILES = pd.read_csv(ROOT / "data" / "tianjin" / "profiles" / "hourly_profiles.csv")
HEATING = tuple(OmegaConf.load(ROOT / "configs" / "region" / "tianjin.yaml").region.heating_months)


@pytest.mark.parametrize("mode, days", [("typical_days", 12), ("clustered", 12), ("clustered", 48), ("full_year", 365)])
def test_slices_preserve_energy(mode, days):
    ts = make_time_slices(PROFILES, mode, days, heating_months=HEATING)
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


def test_clustered_days_keep_their_calendar_sequence():
    """Linked storage needs, for each of the 365 days, the slice day standing for it: each slice
    day appears as often as its weight says, and its medoid is one of its own days whose
    profile it is (medoid representation, before the rescaling that preserves annual means)."""
    ts = make_time_slices(PROFILES, "clustered", 24)
    assert ts.linked and len(ts.sequence) == 365
    assert np.bincount(ts.sequence, minlength=ts.n_days).tolist() == ts.weights.astype(int).tolist()
    assert [ts.sequence[d] for d in ts.medoid_days] == list(range(ts.n_days))
    day = PROFILES.load_shape.to_numpy().reshape(365, 24)[ts.medoid_days]
    corr = [np.corrcoef(day[j], ts.load_share[j])[0, 1] for j in range(ts.n_days)]
    assert min(corr) > 0.999
    cyclic = make_time_slices(PROFILES, "clustered", 24, link_days=False)
    assert not cyclic.linked and cyclic.medoid_days is None
    assert not make_time_slices(PROFILES, "typical_days").linked
