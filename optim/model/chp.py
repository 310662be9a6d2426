"""CHP units as extraction-condensing units, run heat-led through the heating season.

CHP units g (heat_to_power r_g > 0) deliver their heat Q_{g,y} [TWh_th] evenly over the T_h = 24 sum_{d in
heating} w_d heating-season hours, q_{g,y} = 1000 Q_{g,y} / T_h [GW_th], and in every heating-season hour
  r_g gen_{g,y,d,h} >= q_{g,y}                     back-pressure line: no heat without power (heat-led)
  gen_{g,y,d,h} + cv_g q_{g,y} <= a_g op_{g,y}      extraction lowers the power the unit can give (a term of
                                                   the thermal_max rows of optim.model.power)
  Q_{g,y} >= Hq_g op_{g,y} / 1000                   heat-led duty: minimum heat per GW of CHP capacity in operation
Fuel of a CHP unit (Mtce; hr_g: condensing-mode heat rate, gce/kWh):
  F_{g,y} = hr_g (G_{g,y} + cv_g Q_{g,y}) / 1000
split by the heat method of Chinese energy statistics (热量法): heat part Fh = Q / (eta_h 8.141), power part
F - Fh (eta_h: system.chp_heat_fuel_efficiency). The heat goes into the district-heat balance (optim.model.heat).
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import heating_day_mask, heating_hours
from optim.model.lp import LinearProgram
from optim.model.rows import RowBlock, VarArray


def chp_techs(inp: ModelInputs) -> list[str]:
    """Generators that deliver district heat (heat_to_power > 0 in some year)."""
    return [g for g in V.CHP_TECHS if any(v > 0 for v in inp.tech[g].get("heat_to_power", {}).values())]


def add_chp(lp: LinearProgram) -> None:
    """CHP heat, its heat-led duty, the hourly back-pressure and extraction rows and the fuel split (module docstring)."""
    m, inp = lp.model, lp.inputs
    chp = chp_techs(inp)
    t = inp.tech
    m.G_chp = pyo.Set(initialize=chp, ordered=True, doc="generators delivering district heat")
    m.chp_heat = pyo.Var(m.G_chp, m.Y, within=pyo.NonNegativeReals, doc="CHP heat [TWh_th]")
    m.chp_heat_duty = pyo.Constraint(m.G_chp, m.Y, rule=lambda m, g, y: (
        m.chp_heat[g, y] >= t[g]["min_heat_hours"][y] * m.cap_op[g, y] / 1000.0) if "min_heat_hours" in t[g]
        else pyo.Constraint.Skip)
    eta_h = inp.system.chp_heat_fuel_efficiency
    m.chp_fuel = pyo.Expression(m.G_chp, m.Y, rule=lambda m, g, y: t[g]["heat_rate"][y] * (
        m.gen_twh[g, y] + t[g].get("power_loss_per_heat", {}).get(y, 0.0) * m.chp_heat[g, y]) / 1000.0,
        doc="fuel of CHP units, heat and power [Mtce]")
    m.chp_heat_fuel = pyo.Expression(m.G_chp, m.Y, rule=lambda m, g, y: m.chp_heat[g, y] / eta_h / V.MWH_PER_TCE,
                                     doc="CHP fuel allocated to heat by the heat method [Mtce]")
    lp.add_heat(lambda lp, y: sum(lp.model.chp_heat[g, y] for g in lp.model.G_chp))
    lp.add_result(chp_results)
    hours = heating_hours(m)
    if not chp or hours <= 0:
        for g in chp:
            for y in m.Y:
                m.chp_heat[g, y].fix(0.0)
        return
    years, heating = list(m.Y), list(m.D_heat)
    q = VarArray(m.chp_heat)
    ratio = np.array([[t[g]["heat_to_power"][y] for y in years] for g in chp])
    b = lp.add_block(RowBlock("chp_backpressure", [chp, years, heating, list(m.H)], ">="))  # r gen - q >= 0
    g, y, d, h = b.grid()
    gen = VarArray(m.gen)
    b.add(gen, (gen.pos(0, chp)[g], y, np.asarray(heating)[d], h), ratio[g, y])
    b.add(q, (g, y), -1000.0 / hours)
    # extraction: + cv q in the heating-season rows of thermal_max (gen + cv q - a op <= 0)
    th = lp.block("thermal_max")
    cv = np.array([[t[k].get("power_loss_per_heat", {}).get(yr, 0.0) for yr in years] for k in chp])
    in_heating = heating_day_mask(m)
    gi, yi, di, hi = np.ix_(np.arange(len(chp)), np.arange(len(years)), np.arange(len(m.D)), np.arange(24))
    th_row = np.array([list(th.labels[0]).index(k) for k in chp])
    th.add(q, (gi, yi), 1000.0 / hours * cv[gi, yi] * in_heating[di], rows=(th_row[gi], yi, di, hi))


def chp_results(lp: LinearProgram, put) -> None:
    """Heat of the CHP units by technology and in total."""
    from optim.results.values import value

    m, inp = lp.model, lp.inputs
    G, Y = list(V.GENERATORS), list(inp.years)
    chp = np.zeros((len(G), len(Y)))
    for g in m.G_chp:
        chp[G.index(g)] = [value(m.chp_heat[g, y]) for y in Y]
    put("chp_heat_by_tech", ("tech", "year"), chp, "TWh_th", "heat from CHP units (extraction, heat-led)")
    put("chp_heat", ("year",), chp.sum(axis=0), "TWh_th", "heat from CHP")
