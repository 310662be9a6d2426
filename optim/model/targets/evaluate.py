"""What each target requires, what the solution achieves and what the target costs: computed once, here.

For a row of an indicator target  lhs - a - v' b  {>=, <=} 0  (v' = v x band factor):
  achieved(y) = (lhs - a) / b            at the solution (the value the plan reaches, the target's unit)
  d objective / d v = dual x b x band factor            (dual = d objective / d rhs, HiGHS convention)
The target's price sums its rows: moving its value moves every year's row,
  price = sum_rows s x dual x b x band factor,   s = +1 for '>=' rows, -1 for '<=' rows (so that a positive
  price is the cost of tightening: raising a '>=' value, lowering a '<=' value);
for 'CO2 peaks' and 'coal keeps falling' rows s x dual with s = -1 (per Mt / Mtce a year tightened).
The split of the price across the years is one dual solution of a degenerate LP and is not reported.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo

from optim.model.lp import LinearProgram
from optim.model.targets.build import TargetRecord, band_scale
from optim.model.targets.indicators import INDICATORS

TOL = 1e-4  # MCNY per unit: a target below this price does not bind at the margin


@dataclass(frozen=True)
class RowOutcome:
    """One row of a target at the solution."""

    key: tuple           # (id, year, side)
    year: int
    required: float
    achieved: float
    slack: float         # >= 0 when the row holds (in the target's unit)
    shortfall: float     # soft targets: the priced shortfall (target unit)
    row_price: float     # this row's part of the target's price
    unit: str

    @property
    def active(self) -> bool:
        return abs(self.slack) <= 1e-6 * max(1.0, abs(self.required))

    @property
    def binding(self) -> bool:
        return abs(self.row_price) > TOL or (self.active and self.shortfall <= 1e-9)


def achieved(lp: LinearProgram, indicator: str, y: int) -> float:
    """The value an indicator reaches in year y at the current solution, in its unit: (lhs - a) / b."""
    ind = INDICATORS[indicator]
    b = pyo.value(ind.b(lp, y))
    return (pyo.value(ind.lhs(lp, y)) - pyo.value(ind.a(lp, y))) / b if b else float("nan")


def row_unit(rec: TargetRecord) -> str:
    """The unit of a target's rows (required, achieved, slack, shortfall; its price is per this unit): the target's
    unit, but MtCO2 for 'CO2 peaks by year Y' (whose value is a year; its rows hold CO2 from one year to the next)."""
    return "MtCO2" if rec.indicator == "co2_peak_year" else rec.unit


def row_outcome(lp: LinearProgram, rec: TargetRecord, key: tuple, dual: float) -> RowOutcome:
    """The outcome of one row (module docstring)."""
    m, inp = lp.model, lp.inputs
    _, y, side = key
    shortfall = float(pyo.value(m.shortfall[key])) if key in m.TSOFT else 0.0
    if rec.indicator in INDICATORS:
        ind = INDICATORS[rec.indicator]
        scale = band_scale(rec, side, inp.policy.approx_band)
        b = float(pyo.value(ind.b(lp, y)))
        required = rec.value * scale
        reached = achieved(lp, rec.indicator, y)
        slack = reached - required if side == "ge" else required - reached
        return RowOutcome(key, y, required, reached, slack, shortfall,
                          dual * b * scale * (1 if side == "ge" else -1), ind.unit)
    comp, margin = ((m.co2, 0.0) if rec.indicator == "co2_peak_year" else (m.coal_use, inp.policy.qualitative_margin))
    required = float(pyo.value(comp[y - 1])) * (1 - margin)
    reached = float(pyo.value(comp[y]))
    return RowOutcome(key, y, required, reached, required - reached, shortfall, -dual, row_unit(rec))


def outcomes(lp: LinearProgram, duals: dict) -> dict[str, list[RowOutcome]]:
    """{target id: its rows' outcomes} for every built target; ``duals`` maps constraint -> dual."""
    out = {}
    for rec in lp.targets.records:
        out[rec.id] = [row_outcome(lp, rec, k, duals.get(lp.model.target[k], 0.0)) for k in rec.keys]
    return out


def target_price(rows: list[RowOutcome]) -> float:
    """The target's price: the cost of tightening its value by one unit in all its years (NPV MCNY)."""
    return sum(r.row_price for r in rows)


def year_span(years) -> str:
    """"2025" or "2025-2030": the first and last of ``years`` (as in targets.csv, the report and the analyses)."""
    ys = sorted({int(y) for y in years})
    return str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"
