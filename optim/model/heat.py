"""District heat: the heat balance, heat-only boilers, heat pumps, electric boilers and geothermal.

Heating-season balance, exact (TWh_th; l = network loss share; heat is neither dumped nor made for nothing):
  (sum of the heat the families feed in: CHP (optim.model.chp) + sum_k hq_{k,y}) (1 - l) = Q_y
Heat-only sources:
  hq_{k,y} <= F_k HC_{k,y} / 1000   for heat pumps, electric boilers, geothermal (HC: GW_th, F: full-load h)
  HC_{k,y} = HC0_k + sum_{v<=y<v+L} bh_{k,v},  bh_{k,v} <= B_k (GW_th/yr),  HC_{k,y} <= max(P_k, HC0_k)
Region rules, switched on in the region's config (Tianjin: both, with their target ids):
  hq_{coal boiler,y} <= hq_{coal boiler,y-1}    (system.no_new_coal_boilers; Tianjin TJ-017 / BC-011)
  Fh_{coal,y} <= Fh_{coal,y-1}                  (system.heating_coal_keeps_falling, from the first free year; Tianjin UR-024)
Electricity of heat pumps and electric boilers, spread evenly over the heating-season hours T_h:
  hel_y = hq_{hp,y}/COP + hq_{eb,y}/eta_eb   [TWh];  withdrawal 1000 hel_y / T_h in every heating-season hour
Fuel for heat (Mtce): boilers hq / eta / 8.141, plus the heat-method share of CHP fuel.
Costs: investment crf capex bh, fixed O&M fom HC, variable O&M vom hq.
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import heating_day_mask, heating_hours, history_years
from optim.model.lp import LinearProgram
from optim.model.rows import VarArray

CAPACITY_LIMITED = ("heat_pump", "electric_boiler", "geothermal_heat")


def heat_electricity_efficiency(inp: ModelInputs) -> dict:
    """{k: {year: eta}} of the electric heat technologies: hel_y = sum_k hq_{k,y} / eta_{k,y}."""
    return {k: inp.tech[k]["efficiency"] for k in ("heat_pump", "electric_boiler")}


def existing_geothermal_gw(inp: ModelInputs) -> float:
    """HC0 of geothermal heat: base-year geothermal heat / full-load hours [GW_th]."""
    return inp.base["energy_geothermal_heat"] * V.MWH_PER_TCE * 1000.0 / inp.system.heat_full_load_hours


def add_heat(lp: LinearProgram) -> None:
    """Declare heat-only supply, the heat balance, heat electricity and fuel; register costs and results."""
    m, inp = lp.model, lp.inputs
    add_heat_only(lp)
    lp.add_heat(lambda lp, y: sum(lp.model.heat_out[k, y] for k in lp.model.K))
    loss = float(inp.base["heat_network_loss"])
    m.heat_balance = pyo.Constraint(m.Y, rule=lambda m, y: sum(rule(lp, y) for rule in lp.heat) * (1 - loss)
                                    == m.heat_demand[y])
    eff = heat_electricity_efficiency(inp)
    m.heat_elec = pyo.Expression(m.Y, rule=lambda m, y: sum(m.heat_out[k, y] / eff[k][y] for k in eff),
                                 doc="electricity for district heat [TWh]")
    lp.add_balance_term(_heat_electricity)
    t = inp.tech

    def _heat_fuel(m, fuel, y):
        boiler = {"coal": "heat_coal_boiler", "gas": "heat_gas_boiler"}.get(fuel)
        expr = 0.0
        if boiler:
            expr += m.heat_out[boiler, y] / t[boiler]["efficiency"][y] / V.MWH_PER_TCE
        expr += sum(m.chp_heat_fuel[g, y] for g in m.G_chp if V.TECH_FUEL[g] == fuel)
        return expr
    m.heat_fuel = pyo.Expression(["coal", "gas", "biomass"], m.Y, rule=_heat_fuel, doc="fuel for heat [Mtce]")
    if inp.system.heating_coal_keeps_falling:  # the region's clean-heating rule: no switch back from gas to coal
        free = [y for y in m.Y if y not in history_years(inp)]
        m.heating_coal_decline = pyo.Constraint(m.Y, rule=lambda m, y: m.heat_fuel["coal", y] <= m.heat_fuel["coal", y - 1]
                                                if y in free and y - 1 in m.Y else pyo.Constraint.Skip)
    lp.add_cost("investment", lambda lp, y: sum(lp.inputs.annuity[(k, v)] * lp.model.build_h[k, v]
                                                for (k, v) in lp.model.KV if y in lp.inputs.alive[(k, v)]))
    lp.add_cost("fixed_om", lambda lp, y: sum(lp.inputs.tech[k]["fom"][y] * lp.model.heat_cap[k, y] for k in lp.model.K_cap))
    lp.add_cost("variable_om", lambda lp, y: sum(lp.inputs.tech[k].get("vom", {y: 0.0})[y] * lp.model.heat_out[k, y]
                                                 for k in lp.model.K))
    lp.add_result(heat_results)


def _heat_electricity(lp: LinearProgram, b) -> None:
    """Withdrawal 1000 / T_h sum_k hq_{k,y} / eta_k in the hourly balance rows of heating-season days."""
    m = lp.model
    hours = heating_hours(m)
    if hours <= 0:  # no represented day in the heating season: no hour carries district-heat load
        return
    y, d, h = b.grid()
    years = list(m.Y)
    heat_out = VarArray(m.heat_out)
    in_heating = heating_day_mask(m)
    for k, eta in heat_electricity_efficiency(lp.inputs).items():
        eff = np.array([eta[yr] for yr in years])
        b.add(heat_out, (heat_out.pos(0, [k])[0], y), -1000.0 / hours * in_heating[d] / eff[y])


def add_heat_only(lp: LinearProgram) -> None:
    """Heat-only boilers, heat pumps, electric boilers and geothermal, with build limits and potentials."""
    m, inp = lp.model, lp.inputs
    flh = inp.system.heat_full_load_hours
    m.K = pyo.Set(initialize=V.HEAT_TECHS, ordered=True, doc="heat-only technologies")
    m.K_cap = pyo.Set(initialize=CAPACITY_LIMITED, ordered=True, doc="heat technologies with a capacity")
    m.KV = pyo.Set(dimen=2, initialize=[(k, v) for k in CAPACITY_LIMITED for v in inp.build_years[k]])
    m.build_h = pyo.Var(m.KV, within=pyo.NonNegativeReals, doc="heat capacity build [GW_th]")
    exist = {"geothermal_heat": existing_geothermal_gw(inp)}
    m.heat_cap = pyo.Expression(m.K_cap, m.Y, rule=lambda m, k, y: exist.get(k, 0.0) + sum(
        m.build_h[k, v] for v in inp.build_years[k] if y in inp.alive[(k, v)]), doc="heat capacity [GW_th]")
    m.heat_out = pyo.Var(m.K, m.Y, within=pyo.NonNegativeReals, doc="heat output [TWh_th]")
    m.heat_cap_limit = pyo.Constraint(m.K_cap, m.Y, rule=lambda m, k, y: m.heat_out[k, y] <= flh * m.heat_cap[k, y] / 1000.0)
    m.heat_build_rate = pyo.Constraint(m.KV, rule=lambda m, k, v: m.build_h[k, v] <= inp.max_build_gw[k]
                                       if k in inp.max_build_gw else pyo.Constraint.Skip)
    m.heat_potential = pyo.Constraint(m.K_cap, m.Y, rule=lambda m, k, y: m.heat_cap[k, y] <= max(
        inp.potential_gw[k], exist.get(k, 0.0)) if k in inp.potential_gw else pyo.Constraint.Skip)
    if inp.system.no_new_coal_boilers:
        m.coal_boiler_decline = pyo.Constraint(m.Y, rule=lambda m, y: pyo.Constraint.Skip if y == inp.base_year
                                               else m.heat_out["heat_coal_boiler", y] <= m.heat_out["heat_coal_boiler", y - 1])


def heat_results(lp: LinearProgram, put) -> None:
    """Heat of the heat-only sources."""
    from optim.results.values import grid

    m = lp.model
    put("heat_output", ("heat_tech", "year"), grid(m.heat_out, list(V.HEAT_TECHS), list(lp.inputs.years)), "TWh_th",
        "heat from heat-only sources")
