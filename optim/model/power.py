"""Power supply: existing fleet with early retirement, vintaged new builds, dispatch.

Capacity (GW) of generator g in year y:
  cap_{g,y} = online_{g,y} + sum_{v <= y < v + L_g} build_{g,v}
  0 <= online_{g,y} <= E_{g,y}                 (E: existing fleet of normal duty, data)
  online_{g,y} <= online_{g,y-1} + max(0, E_{g,y} - E_{g,y-1})   (retired units never return)
  online_{g,2020} = E_{g,2020}                 (base year fixed to the statistics)
  online_{g,y} = E_{g,y} for non-coal g        (only coal units retire early)
Early retirement of existing units is E_{g,y} - online_{g,y}; it saves fixed O&M.
No build variable exists for coal (the documents forbid new coal units).

Build limits:  sum_{v<=y} build_{g,v} >= committed_{g,y};  build_{g,v} <= B_g (GW/yr);
               sum_{v<=y} build_{g,v} <= committed_{g,y} for y <= system.history_until (observed years);
               cap_{g,y} - online_{g,y} <= max(0, P_g - E_{g,y})   (resource potential)

Dispatch (GW in hour h of day d):
  thermal:  gen_{g,y,d,h} <= a_g cap_{g,y}
  VRE:      gen_{g,y,d,h} + curt_{g,y,d,h} = cf_{g,d,h} cap_{g,y}
  coal under emergency-peaker duty (pilot plan PW-019): 0 <= peak_{g,y,d,h} <= a_g Epk_{g,y} (bounds),
            sum_{d,h} w_d peak_{g,y,d,h} <= Hmax * Epk_{g,y}
  backup-retired units (PW-020) do not generate; they count for adequacy only.
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import define_annual_twh, observed_builds_rule
from optim.model.rows import RowBlock, VarArray, add_block


def add_power(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Declare capacity, retirement, build and dispatch of generators."""
    y0 = inp.base_year
    m.G = pyo.Set(initialize=V.GENERATORS, ordered=True)
    m.G_build = pyo.Set(initialize=V.BUILDABLE_GENERATORS, ordered=True)
    m.G_vre = pyo.Set(initialize=V.VRE_TECHS, ordered=True)
    m.G_th = pyo.Set(initialize=V.THERMAL_TECHS, ordered=True)
    m.G_coal = pyo.Set(initialize=V.COAL_TECHS, ordered=True)

    m.GV = pyo.Set(dimen=2, initialize=[(g, v) for g in V.BUILDABLE_GENERATORS for v in inp.build_years[g]])
    m.build = pyo.Var(m.GV, within=pyo.NonNegativeReals, doc="new capacity of vintage v [GW]")
    m.online = pyo.Var(m.G, m.Y, within=pyo.NonNegativeReals, doc="existing capacity kept online [GW]")
    for g in m.G:
        for y in m.Y:
            e = inp.exist[g][y]
            m.online[g, y].setub(e)
            if y == y0 or g not in V.COAL_TECHS:  # only coal units may retire early (DESIGN §3)
                m.online[g, y].fix(e)

    def _no_return(m, g, y):
        if y == y0:
            return pyo.Constraint.Skip
        added = max(0.0, inp.exist[g][y] - inp.exist[g][y - 1])
        return m.online[g, y] <= m.online[g, y - 1] + added
    m.no_return = pyo.Constraint(m.G, m.Y, rule=_no_return)

    def _new_cap(m, g, y):
        if g not in inp.build_years:
            return 0.0
        return sum(m.build[g, v] for v in inp.build_years[g] if y in inp.alive[(g, v)])
    m.cap_new = pyo.Expression(m.G, m.Y, rule=_new_cap, doc="new capacity alive [GW]")
    # a variable (not an expression) so that the hourly rows carry one non-zero instead of the vintage sum
    m.cap = pyo.Var(m.G, m.Y, within=pyo.NonNegativeReals, doc="generation capacity, normal duty [GW]")
    m.cap_def = pyo.Constraint(m.G, m.Y, rule=lambda m, g, y: m.cap[g, y] == m.online[g, y] + m.cap_new[g, y])

    def _committed(m, g, y):
        need = inp.committed.get(g, {}).get(y, 0.0)
        if need <= 0 or g not in inp.build_years:
            return pyo.Constraint.Skip
        return sum(m.build[g, v] for v in inp.build_years[g] if v <= y) >= need
    m.committed_min = pyo.Constraint(m.G, m.Y, rule=_committed)

    m.history_builds = pyo.Constraint(m.G_build, m.Y, rule=lambda m, g, y: observed_builds_rule(inp, m.build, g, y))

    def _rate(m, g, v):
        lim = inp.max_build_gw.get(g)
        return pyo.Constraint.Skip if lim is None else m.build[g, v] <= lim
    m.build_rate = pyo.Constraint(m.GV, rule=_rate)

    def _potential(m, g, y):
        if g not in inp.potential_gw or g not in inp.build_years:
            return pyo.Constraint.Skip
        return m.cap_new[g, y] <= max(0.0, inp.potential_gw[g] - inp.exist[g][y])
    m.potential = pyo.Constraint(m.G_build, m.Y, rule=_potential)

    # ---- dispatch: hourly rows as matrix blocks (optim.model.rows)
    m.gen = pyo.Var(m.G, m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="generation [GW]")
    m.curt = pyo.Var(m.G_vre, m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="curtailment [GW]")
    years, days, hours = list(m.Y), list(m.D), list(m.H)
    gen, curt, cap = VarArray(m.gen), VarArray(m.curt), VarArray(m.cap)

    th = list(V.THERMAL_TECHS)
    b = add_block(m, RowBlock("thermal_max", [th, years, days, hours], "<="))   # gen - a cap <= 0
    g, y, d, h = b.grid()
    avail = np.array([[inp.tech[t]["availability"][yr] for yr in years] for t in th])
    b.add(gen, (gen.pos(0, th)[g], y, d, h))
    b.add(cap, (cap.pos(0, th)[g], y), -avail[g, y])

    vre = list(V.VRE_TECHS)
    b = add_block(m, RowBlock("vre_output", [vre, years, days, hours], "=="))   # gen + curt - cf cap = 0
    g, y, d, h = b.grid()
    cf = np.stack([np.asarray(inp.slices.cf[t], dtype=float) for t in vre])      # (vre, day, hour)
    b.add(gen, (gen.pos(0, vre)[g], y, d, h))
    b.add(curt, (g, y, d, h))
    b.add(cap, (cap.pos(0, vre)[g], y), -cf[g, d, h])

    # ---- named-plant duties (pilot plan PW-019 / PW-020)
    peaker_techs = [g for g in V.GENERATORS if any(v > 0 for v in inp.exist_peaker[g].values())]
    m.G_peaker = pyo.Set(initialize=peaker_techs, dimen=1, ordered=True)
    m.peak_gen = pyo.Var(m.G_peaker, m.Y, m.D, m.H, within=pyo.NonNegativeReals,
                         bounds=lambda m, g, y, d, h: (0.0, inp.tech[g]["availability"][y] * inp.exist_peaker[g][y]),
                         doc="generation of units under emergency-peaker duty [GW] (upper bound a_g Epk_{g,y})")
    hmax = float(inp.system["emergency_peaker_max_hours"])

    m.peak_twh = pyo.Var(m.G_peaker, m.Y, within=pyo.NonNegativeReals, doc="annual generation under peaker duty [TWh]")
    define_annual_twh(m, "peak_annual", m.peak_twh, [m.peak_gen])
    m.peaker_hours = pyo.Constraint(m.G_peaker, m.Y, rule=lambda m, g, y: (
        1000.0 * m.peak_twh[g, y] <= hmax * inp.exist_peaker[g][y]))

    m.gen_twh = pyo.Var(m.G, m.Y, within=pyo.NonNegativeReals, doc="annual generation incl. peaker duty [TWh]")
    b = define_annual_twh(m, "gen_annual", m.gen_twh, [m.gen])
    peak_twh, gen_twh = VarArray(m.peak_twh), VarArray(m.gen_twh)
    k, y = np.ix_(np.arange(len(peaker_techs)), np.arange(len(m.Y)))
    b.add(peak_twh, (k, y), -1.0, rows=(gen_twh.pos(0, peaker_techs)[k], y))
    m.curt_twh = pyo.Var(m.G_vre, m.Y, within=pyo.NonNegativeReals, doc="annual curtailment [TWh]")
    define_annual_twh(m, "curt_annual", m.curt_twh, [m.curt])
