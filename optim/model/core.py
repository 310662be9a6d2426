"""Sets shared by every block: years Y, slice days D (weights w_d), hours H.

Also the small helpers that turn hourly variables into annual sums:
  annual(x)_y = sum_d w_d sum_h x_{y,d,h} / 1000      [GW*h -> TWh]
"""
from __future__ import annotations

import pyomo.environ as pyo

from optim.inputs import ModelInputs


def add_sets(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Declare Y (years), D (slice days), H (hours 0..23) and the weights w_d."""
    m.Y = pyo.Set(initialize=inp.years, ordered=True)
    m.D = pyo.Set(initialize=range(inp.slices.n_days), ordered=True)
    m.H = pyo.Set(initialize=range(24), ordered=True)
    m.w = {d: float(inp.slices.weights[d]) for d in m.D}
    m.heating_days = [d for d in m.D if inp.slices.heating()[d]]


def annual_twh(m: pyo.ConcreteModel, var, *index_prefix) -> pyo.Expression:
    """sum_d w_d sum_h var[prefix, d, h] / 1000  (GW hourly -> TWh per year)."""
    return sum(m.w[d] * var[index_prefix + (d, h)] for d in m.D for h in m.H) / 1000.0


def observed_builds_rule(inp: ModelInputs, build, tech: str, y: int):
    """Years up to system.history_until are history: sum_{v<=y} build_{tech,v} <= committed_{tech,y} (0 if none)."""
    history = int(inp.system.get("history_until", inp.base_year))
    vintages = [v for v in inp.build_years[tech] if v <= y]
    if y > history or not vintages:
        return pyo.Constraint.Skip
    return sum(build[tech, v] for v in vintages) <= inp.committed.get(tech, {}).get(y, 0.0)
