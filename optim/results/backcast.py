"""backcast.csv: how well the model reproduces the observed years (2020-2024) of observed.csv.

For every statistic o_{k,y} of the region's observed.csv the model's value x_{k,y} is computed from the
solved model and compared:
  level statistics (TWh, GW, Mtce, bcm, Mt, h):  error = 100 (x - o) / |o|   [% of the observed value]
  statistics in %  (shares, growth rates):        error = x - o               [percentage points]
A row is within tolerance when |error| <= tolerance (observed.csv ``tolerance_pct``, the statistic's
stated uncertainty, in the same unit as the error). Rows outside tolerance are flagged, not hidden, with the
region's explanation (observed.csv ``note``). ``period`` is "history" up to system.history_until (years the
LP calibrates) and "projection" after (statistics of years the LP chooses freely, e.g. 2025).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from optim import vocabulary as V
from optim.model.lp import LinearProgram
from optim.model.history import OBSERVABLES, RATIOS, calibrated


def _v(x) -> float:
    return float(pyo.value(x))


def _growth(m, comp, y, gdp=None) -> float:
    """100 (x_y / x_{y-1} - 1), per unit of GDP if ``gdp`` is given."""
    a, b = _v(comp(m, y)), _v(comp(m, y - 1))
    if gdp is not None:
        a, b = a / gdp[y], b / gdp[y - 1]
    return 100.0 * (a / b - 1.0)


def model_value(lp: LinearProgram, indicator: str, y: int) -> float:
    """x_{k,y}: the model's value of a statistic in its unit (NaN where the model has none)."""
    m, inp = lp.model, lp.inputs
    if indicator in OBSERVABLES:
        return _v(OBSERVABLES[indicator](m, y))
    if indicator in RATIOS:
        num, den = RATIOS[indicator]
        d = _v(den(m, y))
        return 100.0 * _v(num(m, y)) / d if d > 0 else np.nan
    prev = y - 1 in inp.years
    energy, coal, gas = OBSERVABLES["energy_total"], OBSERVABLES["coal_use"], OBSERVABLES["gas_use"]
    if indicator == "utilisation_hours_thermal":  # on the year's average capacity, as CEC (units commissioned in y count part-year)
        cap = sum(_v(m.cap_op[g, y] + m.peak_cap[g, y] + m.backup_cap[g, y]) for g in V.THERMAL_TECHS)
        return 1000.0 * _v(OBSERVABLES["thermal_generation"](m, y)) / cap if cap > 0 else np.nan
    growth = {"energy_total_growth_pct": (energy, None), "energy_intensity_change_pct": (energy, inp.gdp),
              "coal_use_growth_pct": (coal, None), "gas_use_growth_pct": (gas, None),
              "co2_intensity_change_pct": (OBSERVABLES["co2"], inp.gdp)}
    if indicator in growth and prev:
        comp, gdp = growth[indicator]
        return _growth(m, comp, y, gdp)
    return np.nan


def backcast_table(lp: LinearProgram) -> pd.DataFrame:
    """One row per observed statistic inside the horizon (module docstring)."""
    inp = lp.inputs
    held = {(k, y) for k, y, _ in calibrated(inp)}
    last = inp.system.history_until
    rows = []
    for (k, y), o in sorted(inp.observed.items()):
        if y not in inp.years:
            continue
        x = model_value(lp, k, y)
        points = V.OBSERVED_INDICATORS[k][0] == "%"
        if np.isnan(x):
            err = np.nan
        else:
            err = x - o.value if points else 100.0 * (x - o.value) / abs(o.value) if o.value else np.nan
        rows.append(dict(indicator=k, year=y, period="history" if y <= last else "projection", model=x,
                         observed=o.value, unit=o.unit, error=err,
                         error_unit="points" if points else "% of observed", tolerance=o.tolerance_pct,
                         within_tolerance=bool(abs(err) <= o.tolerance_pct + 1e-9) if err == err else None,
                         calibrated=(k, y) in held, note=o.note, source=o.source, confidence=o.confidence))
    cols = ["indicator", "year", "period", "model", "observed", "unit", "error", "error_unit", "tolerance",
            "within_tolerance", "calibrated", "note", "source", "confidence"]
    return pd.DataFrame(rows, columns=cols)


def model_series(lp: LinearProgram, indicators) -> pd.DataFrame:
    """The model's value of each statistic in every year up to the last year observed (for the backcast plot)."""
    inp = lp.inputs
    names = [k for k in indicators if any(key == k for key, _ in inp.observed)]
    if not names:
        return pd.DataFrame(columns=["indicator", "year", "model"])
    last = max(y for (k, y) in inp.observed if k in names)
    rows = [dict(indicator=k, year=y, model=model_value(lp, k, y)) for k in names for y in inp.years if y <= last]
    return pd.DataFrame(rows)
