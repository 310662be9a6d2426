"""Sets shared by every block: years Y, slice days D (weights w_d), hours H.

Also the helper that defines annual sums of hourly variables (one row each, a matrix block):
  X_{k,y} = sum_parts sum_d w_d sum_h x_{k,y,d,h} / 1000      [GW*h -> TWh]
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.lp import LinearProgram
from optim.model.rows import RowBlock, VarArray


def add_sets(lp: LinearProgram) -> None:
    """Declare Y (years), D (slice days), H (hours 0..23), the day weights w_d and the heating-season days."""
    m, inp = lp.model, lp.inputs
    m.Y = pyo.Set(initialize=inp.years, ordered=True, doc="years")
    m.D = pyo.Set(initialize=range(inp.slices.n_days), ordered=True, doc="representative days")
    m.H = pyo.Set(initialize=range(24), ordered=True, doc="hours")
    m.w = pyo.Param(m.D, initialize={d: float(inp.slices.weights[d]) for d in range(inp.slices.n_days)},
                    doc="days of the year each representative day stands for")
    m.D_heat = pyo.Set(initialize=[d for d in range(inp.slices.n_days) if inp.slices.heating()[d]], ordered=True,
                       doc="representative days in the heating season")


def define_annual_twh(lp: LinearProgram, name: str, annual: pyo.Var, hourly: list, days=None) -> RowBlock:
    """Rows  annual[k, y] - sum_{x in hourly} sum_{d in days} w_d sum_h x[k, y, d, h] / 1000 = 0.

    ``annual`` is indexed by (K, Y) or (Y,); each hourly variable by (K', Y, D, H), summed for
    the labels K and K' share, or by (Y, D, H). ``days``: the slice days summed (default all).
    Annual quantities used by many rows (costs, accounting, targets) then cost one non-zero
    each instead of |D| x 24. Returns the block (more terms can be added to it).
    """
    m = lp.model
    A = VarArray(annual)
    b = lp.add_block(RowBlock(name, [list(s) for s in A.sets], "=="))
    b.add(A, b.grid())
    in_days = np.ones(len(m.D)) if days is None else np.isin(np.arange(len(m.D)), list(days)).astype(float)
    w = np.array([pyo.value(m.w[d]) for d in m.D]) * in_days / 1000.0
    n_y, n_d = len(m.Y), len(m.D)
    for var in hourly:
        X = VarArray(var)
        if len(X.shape) == 4:
            common = [k for k in A.sets[0] if k in X.sets[0]]
            k, y, d, h = np.ix_(np.arange(len(common)), np.arange(n_y), np.arange(n_d), np.arange(24))
            b.add(X, (X.pos(0, common)[k], y, d, h), -w[d], rows=(A.pos(0, common)[k], y))
        else:
            y, d, h = np.ix_(np.arange(n_y), np.arange(n_d), np.arange(24))
            b.add(X, (y, d, h), -w[d], rows=(y,))
    return b


def heating_hours(m: pyo.ConcreteModel) -> float:
    """T_h: hours of the year represented by heating-season slice days (24 sum_{d in D_heat} w_d)."""
    return 24.0 * sum(pyo.value(m.w[d]) for d in m.D_heat)


def heating_day_mask(m: pyo.ConcreteModel) -> np.ndarray:
    """1.0 for each slice day in the heating season (D_heat), else 0.0, over all days D."""
    return np.isin(np.arange(len(m.D)), list(m.D_heat)).astype(float)


def history_years(inp: ModelInputs) -> list[int]:
    """The base year and the observed years up to ``system.history_until``: calibrated, not re-optimised."""
    last = inp.system.history_until
    return [y for y in inp.years if y <= last]


def vre_twh(m, y: int, curtailed: bool = False):
    """Wind and PV generation in year y [TWh]: sum_{g in VRE} G_{g,y} (+ curtailment curt_{g,y} if ``curtailed``,
    i.e. what wind and PV could have produced)."""
    return sum(m.gen_twh[g, y] + (m.curt_twh[g, y] if curtailed else 0.0) for g in V.VRE_TECHS)


def imports_twh(m, y: int):
    """Net electricity inflow in year y [TWh]: grid plus green imports."""
    return m.imp_grid_twh[y] + m.imp_green_twh[y]


def existing_total(inp: ModelInputs, tech: str, y: int) -> float:
    """Existing capacity of ``tech`` in year y over all duties (normal, emergency peaker, backup) [GW]."""
    return inp.exist[tech][y] + inp.exist_peaker[tech][y] + inp.exist_backup[tech][y]


def observed_builds_rule(inp: ModelInputs, build, tech: str, y: int):
    """Years up to system.history_until are history: sum_{v<=y} build_{tech,v} <= committed_{tech,y} (0 if none)."""
    if y not in history_years(inp):
        return pyo.Constraint.Skip
    vintages = [v for v in inp.build_years[tech] if v <= y]
    if not vintages:
        return pyo.Constraint.Skip
    return sum(build[tech, v] for v in vintages) <= inp.committed.get(tech, {}).get(y, 0.0)
