"""Representative time slices of a year: typical days, clustered days or the full year.

A year is represented by days d with weights w_d (sum_d w_d = 365) and 24 hours each.
For every slice we keep the load shape s_{d,h} (share of annual electricity in that
hour, so that sum_d w_d sum_h s_{d,h} = 1) and capacity factors cf_{g,d,h}.

- ``typical_days``: for each month the real day closest (least squares over load, PV
  and wind, each normalised) to the month's average day, weighted by the month's days.
  Each picked day is then rescaled so that its daily mean equals the month's mean for
  every column: full-load hours and monthly energy are preserved exactly (CFs are capped
  at 1, which can lose a little energy on very windy days).
- ``clustered``: k typical days from ``tsam`` (hierarchical clustering of daily profiles
  with medoid representation), weighted by cluster size, rescaled to preserve the annual
  mean of each column. The calendar sequence of clusters (which slice day stands for each
  of the 365 days) and each cluster's medoid day are kept, so that storage can be linked
  across days (``time.link_days``, see optim.model.storage).
- ``full_year``: all 365 days with weight 1; storage state of charge is then chained
  across days instead of being cyclic within each day.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optim import vocabulary as V

DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@dataclass
class TimeSlices:
    """Representative days with weights; arrays are (n_days, 24)."""

    mode: str
    weights: np.ndarray          # days represented by each slice day, sums to 365
    months: np.ndarray           # month (1-12) of each slice day
    load_share: np.ndarray       # share of annual electricity per hour
    cf: dict[str, np.ndarray]    # capacity factor per VRE tech
    chained: bool                # storage SOC chained across days (full year) or cyclic per day
    peak_share: float            # max hourly share of the full 8760 h profile (for adequacy)
    heating_months: tuple = ()             # months of the district-heating season (region.heating_months)
    sequence: np.ndarray | None = None     # slice day standing for each of the 365 calendar days (linked storage)
    medoid_days: np.ndarray | None = None  # calendar day (0-364) that each slice day is

    @property
    def linked(self) -> bool:
        """Storage is linked across days through the calendar sequence of slice days."""
        return self.sequence is not None

    @property
    def n_days(self) -> int:
        return len(self.weights)

    def heating(self) -> np.ndarray:
        """Boolean per slice day: inside the district-heating season."""
        return np.isin(self.months, list(self.heating_months))


def _daily(profiles: pd.DataFrame, col: str) -> np.ndarray:
    return profiles[col].to_numpy(dtype=float).reshape(365, 24)


def _month_of_day() -> np.ndarray:
    return np.repeat(np.arange(1, 13), DAYS_IN_MONTH)


def typical_days(profiles: pd.DataFrame) -> TimeSlices:
    """One representative day per month (see module docstring)."""
    cols = ("load_shape",) + V.VRE_TECHS
    daily = {c: _daily(profiles, c) for c in cols}
    month = _month_of_day()
    picked, out = [], {c: [] for c in cols}
    for m in range(1, 13):
        idx = np.flatnonzero(month == m)
        dist = np.zeros(len(idx))
        for c in cols:
            block = daily[c][idx]
            scale = block.mean() or 1.0
            dist += (((block - block.mean(axis=0)) / scale) ** 2).sum(axis=1)
        best = idx[int(np.argmin(dist))]
        picked.append(best)
        for c in cols:
            day = daily[c][best].copy()
            target = daily[c][idx].mean()
            if day.mean() > 0:
                day *= target / day.mean()
            out[c].append(day if c == "load_shape" else np.clip(day, 0, 1))
    weights = DAYS_IN_MONTH.astype(float)
    return _finish("typical_days", weights, np.arange(1, 13), out, profiles, chained=False)


def clustered_days(profiles: pd.DataFrame, k: int, seed: int = 0, link_days: bool = True) -> TimeSlices:
    """k clustered typical days from tsam (see module docstring); ``link_days`` keeps the calendar sequence."""
    import tsam  # optional heavy import

    if not 1 <= k <= 365:
        raise ValueError(f"time.days = {k}: expected 1..365 clustered days")
    cols = ("load_shape",) + V.VRE_TECHS
    frame = pd.DataFrame({c: profiles[c].to_numpy(dtype=float) for c in cols},
                         index=pd.date_range("2019-01-01", periods=8760, freq="h"))
    agg = tsam.aggregate(frame, k, period_duration=24, preserve_column_means=True,
                         cluster=tsam.ClusterConfig(method="hierarchical", representation="medoid"))
    order = sorted(agg.cluster_counts)
    weights = np.array([agg.cluster_counts[i] for i in order], dtype=float)
    month = _month_of_day()
    members = np.asarray(agg.cluster_assignments)
    # month of a cluster: the most common month among its member days (decides heating-season days)
    months = np.array([np.bincount(month[members == i], minlength=13).argmax() for i in order])
    reps = agg.cluster_representatives
    out = {}
    for c in cols:
        block = np.vstack([reps.loc[i, c].to_numpy() for i in order])
        out[c] = list(block if c == "load_shape" else np.clip(block, 0, 1))
    ts = _finish("clustered", weights, months, out, profiles, chained=False)
    if link_days:
        slice_of_cluster = {c: j for j, c in enumerate(order)}
        ts.sequence = np.array([slice_of_cluster[c] for c in members], dtype=np.int64)
        ts.medoid_days = np.array([agg.clustering.cluster_centers[c] for c in order], dtype=np.int64)
        if not all(ts.sequence[d] == j for j, d in enumerate(ts.medoid_days)):
            raise RuntimeError("tsam: a cluster's medoid day is not a member of that cluster")
    return ts


def full_year(profiles: pd.DataFrame) -> TimeSlices:
    """All 365 days, weight 1, SOC chained through the year."""
    cols = ("load_shape",) + V.VRE_TECHS
    out = {c: list(_daily(profiles, c)) for c in cols}
    return _finish("full_year", np.ones(365), _month_of_day(), out, profiles, chained=True)


def _finish(mode, weights, months, out, profiles, chained) -> TimeSlices:
    load = np.vstack(out["load_shape"])
    load = load / (weights[:, None] * load).sum()  # sum_d w_d sum_h s = 1 exactly
    return TimeSlices(
        mode=mode, weights=np.asarray(weights, dtype=float), months=np.asarray(months),
        load_share=load, cf={t: np.vstack(out[t]) for t in V.VRE_TECHS}, chained=chained,
        peak_share=float(profiles["load_shape"].max() / profiles["load_shape"].sum()),
    )


def make_time_slices(profiles: pd.DataFrame, mode: str, days: int = 12, seed: int = 0,
                     link_days: bool = True, heating_months=()) -> TimeSlices:
    """Dispatch on ``time.mode`` of the config; ``heating_months``: the district-heating season (months 1-12)."""
    if mode == "typical_days":
        slices = typical_days(profiles)
    elif mode == "clustered":
        slices = clustered_days(profiles, days, seed, link_days)
    elif mode == "full_year":
        slices = full_year(profiles)
    else:
        raise ValueError(f"unknown time mode {mode!r}")
    slices.heating_months = tuple(int(mo) for mo in heating_months)
    return slices


def time_slices_from_config(profiles: pd.DataFrame, cfg) -> TimeSlices:
    """The time slices a resolved config asks for (``time.*``, seed from ``solver.random_seed``, the heating
    season from ``region.heating_months``)."""
    t = cfg.time
    return make_time_slices(profiles, t.mode, t.days, cfg.solver.random_seed, t.link_days, cfg.region.heating_months)


def full_load_hours(slices: TimeSlices, tech: str) -> float:
    """Annual full-load hours of a VRE profile in the slices: sum_d w_d sum_h cf_{d,h} [h/yr]."""
    return float((slices.weights[:, None] * slices.cf[tech]).sum())


def max_full_load_hours(slices: TimeSlices, tech: str) -> float:
    """The most hours a scaled profile can reach: every hour with cf > 0 at full output [h/yr]."""
    return float((slices.weights[:, None] * (np.asarray(slices.cf[tech]) > 0)).sum())


def with_full_load_hours(slices: TimeSlices, hours: dict[str, float]) -> TimeSlices:
    """The slices with the capacity factors of each tech in ``hours`` scaled to the given full-load hours.

    ``tech_profile.<tech>.full_load_hours = H`` [h/yr]: cf'_{d,h} = min(1, k cf_{d,h}) with the factor k >= 0
    chosen so that sum_d w_d sum_h cf'_{d,h} = H. The sum is continuous and non-decreasing in k, so k is found
    by bisection; below the profile's own hours k < 1 and nothing is capped; above them the windiest hours are
    capped at 1 and the others rise a little more than in proportion. H above sum_d w_d #{h: cf_{d,h} > 0}
    (every producing hour at full output) cannot be reached: ValueError.
    """
    if not hours:
        return slices
    cf = dict(slices.cf)
    for tech, target in hours.items():
        base = np.asarray(cf[tech], dtype=float)
        w = slices.weights[:, None]
        most = max_full_load_hours(slices, tech)
        if not 0 < target <= most + 1e-9:
            raise ValueError(f"{tech}: {target:g} full-load hours cannot be reached with this profile "
                             f"(at most {most:,.0f} h/yr, every producing hour at full output)")
        lo, hi = 0.0, 1.0
        while float((w * np.minimum(1.0, hi * base)).sum()) < target:
            hi *= 2.0
        for _ in range(100):
            mid = 0.5 * (lo + hi)
            if float((w * np.minimum(1.0, mid * base)).sum()) < target:
                lo = mid
            else:
                hi = mid
        cf[tech] = np.minimum(1.0, hi * base)
    from dataclasses import replace

    return replace(slices, cf=cf)
