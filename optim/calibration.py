"""History calibration inputs: official statistics of 2020-2024 turned into model parameters.

Three things are taken from ``observed.csv`` (data/<region>/) before the model is built:

1. ``observations``: every statistic as an :class:`Observation` (value, unit, tolerance, source);
   the LP holds the calibrated ones within their tolerance (optim.model.history) and every one
   is compared with the model in backcast.csv.
2. Electricity demand of the history years. The final electricity of every sector moves with the
   observed consumption C_y (incl. own use and losses, 全社会用电量):
       I_{s,el,y} = C_y / C_{y0}                    for y0 < y <= H (history_until) with C_y observed
       I_{s,el,y} = I_{s,el,y-1} (1 + g_{s,el,y})   otherwise (reference growth of demand_growth.csv)
   so the projection starts from the last observed level instead of compounding growth rates from 2020.
3. The peak load. Observed peaks P_y give load factors LF_y = C_y / (8.76 P_y) (C in TWh, P in GW);
   the model's peak is  P_y = E_y / (8.76 LF_y)  with LF_y observed where it is, and the mean of the
   observed load factors in every other year (the representative days' own peak is lower than the
   year's, so the load shape alone cannot give it).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

HOURS_PER_YEAR_K = 8.76  # TWh per GW of constant load over a year


@dataclass(frozen=True)
class Observation:
    """One official statistic of a history year."""

    indicator: str
    year: int
    value: float
    unit: str
    tolerance_pct: float
    source: str
    confidence: str
    note: str = ""

    @property
    def band(self) -> tuple[float, float]:
        """(low, high) = value (1 -+ tolerance), ordered for negative values too."""
        lo, hi = self.value * (1 - self.tolerance_pct / 100), self.value * (1 + self.tolerance_pct / 100)
        return (min(lo, hi), max(lo, hi))


def observations(observed: pd.DataFrame) -> dict[tuple[str, int], Observation]:
    """{(indicator, year): Observation} of a validated observed.csv table."""
    out = {}
    for r in observed.itertuples(index=False):
        note = getattr(r, "note", None)
        out[(r.indicator, int(r.year))] = Observation(r.indicator, int(r.year), float(r.value), r.unit,
                                                      float(r.tolerance_pct), r.source, r.confidence,
                                                      note if isinstance(note, str) else "")
    return out


def observed_series(obs: dict, indicator: str) -> dict[int, float]:
    """{year: value} of one indicator."""
    return {y: o.value for (k, y), o in obs.items() if k == indicator}


def demand_index(growth: pd.DataFrame, fe: dict, years: list[int], obs: dict, history_until: int) -> dict:
    """I_{s,c,y} of the module docstring; carriers other than electricity follow the reference growth."""
    consumption = observed_series(obs, "electricity_consumption")
    c0 = consumption.get(years[0])
    out = {}
    for (s, c) in fe:
        rows = growth[(growth.sector == s) & (growth.carrier == c)]
        idx = 1.0
        for y in years:
            if y > years[0]:
                if c == "electricity" and c0 and y <= history_until and y in consumption:
                    idx = consumption[y] / c0
                else:
                    g = rows[(rows.period_start <= y) & (rows.period_end >= y)].annual_growth
                    idx *= 1.0 + (float(g.iloc[0]) if len(g) else 0.0)
            out[(s, c, y)] = idx
    return out


def load_factors(obs: dict, years: list[int]) -> dict[int, float]:
    """LF_y of the module docstring ({} if the region has no observed peak with its consumption)."""
    peaks = observed_series(obs, "peak_load")
    consumption = observed_series(obs, "electricity_consumption")
    lf = {y: consumption[y] / (HOURS_PER_YEAR_K * p) for y, p in peaks.items() if y in consumption and p > 0}
    if not lf:
        return {}
    mean = float(np.mean(list(lf.values())))
    return {y: lf.get(y, mean) for y in years}
