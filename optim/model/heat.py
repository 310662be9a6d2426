"""District heat: CHP as extraction units run heat-led; heat-only boilers, heat pumps, electric boilers, geothermal.

Heating-season balance, exact (TWh_th; l = network loss share; heat is neither dumped nor made for nothing):
  (sum_{g in CHP} Q_{g,y} + sum_k hq_{k,y}) (1 - l) = Q_y
CHP units g (heat_to_power r_g > 0) are extraction-condensing units. Their heat is delivered evenly over the
T_h = 24 sum_{d in heating} w_d heating-season hours, q_{g,y} = 1000 Q_{g,y} / T_h [GW_th], and in every
heating-season hour
  r_g gen_{g,y,d,h} >= q_{g,y}                     back-pressure line: no heat without power (heat-led)
  gen_{g,y,d,h} + cv_g q_{g,y} <= a_g op_{g,y}      extraction lowers the power the unit can give (row of
                                                   the thermal_max block of optim.model.power)
  Q_{g,y} >= Hq_g op_{g,y} / 1000                   heat-led duty: minimum heat per GW of CHP capacity in operation
Fuel of a CHP unit (Mtce; hr_g: condensing-mode heat rate, gce/kWh):
  F_{g,y} = hr_g (G_{g,y} + cv_g Q_{g,y}) / 1000
split by the heat method of Chinese energy statistics (热量法): heat part Fh = Q / (eta_h 8.141), power part
F - Fh (eta_h: system.chp_heat_fuel_efficiency).
Heat-only sources:
  hq_{k,y} <= F_k HC_{k,y} / 1000   for heat pumps, electric boilers, geothermal (HC: GW_th, F: full-load h)
  HC_{k,y} = HC0_k + sum_{v<=y<v+L} bh_{k,v},  bh_{k,v} <= B_k (GW_th/yr),  HC_{k,y} <= max(P_k, HC0_k)
  hq_{coal boiler,y} <= hq_{coal boiler,y-1}    (no new coal boilers, TJ-017 / BC-011)
  Fh_{coal,y} <= Fh_{coal,y-1}                  (heating coal keeps falling, UR-024; from the first free year)
Electricity of heat pumps and electric boilers, spread evenly over heating-season hours:
  hel_y = hq_{hp,y}/COP + hq_{eb,y}/eta_eb   [TWh]
Boiler fuel (Mtce): hq / eta / 8.141.
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import history_years
from optim.model.rows import RowBlock, VarArray, add_block, get_block

CAPACITY_LIMITED = ("heat_pump", "electric_boiler", "geothermal_heat")


def heat_electricity_efficiency(inp: ModelInputs) -> dict:
    """{k: {year: eta}} of the electric heat technologies: hel_y = sum_k hq_{k,y} / eta_{k,y}."""
    return {k: inp.tech[k]["efficiency"] for k in ("heat_pump", "electric_boiler")}


def chp_techs(inp: ModelInputs) -> list[str]:
    """Generators that deliver district heat (heat_to_power > 0 in some year)."""
    return [g for g in V.CHP_TECHS if any(v > 0 for v in inp.tech[g].get("heat_to_power", {}).values())]


def heating_hours(m: pyo.ConcreteModel) -> float:
    """T_h: hours of the year represented by heating-season slice days."""
    return 24.0 * sum(m.w[d] for d in m.heating_days)


def add_heat(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Declare heat supply, CHP operation and the heating-season heat balance."""
    add_heat_only(m, inp)
    add_chp(m, inp)
    loss = float(inp.base["heat_network_loss"])
    m.heat_balance = pyo.Constraint(m.Y, rule=lambda m, y: (
        sum(m.chp_heat[g, y] for g in m.G_chp) + sum(m.heat_out[k, y] for k in m.K)) * (1 - loss) == m.heat_demand[y])
    eff = heat_electricity_efficiency(inp)
    m.heat_elec = pyo.Expression(m.Y, rule=lambda m, y: sum(m.heat_out[k, y] / eff[k][y] for k in eff),
                                 doc="electricity for district heat [TWh]")
    t, eta_chp = inp.tech, float(inp.system["chp_heat_fuel_efficiency"])
    m.chp_fuel = pyo.Expression(m.G_chp, m.Y, rule=lambda m, g, y: t[g]["heat_rate"][y] * (
        m.gen_twh[g, y] + t[g].get("power_loss_per_heat", {}).get(y, 0.0) * m.chp_heat[g, y]) / 1000.0,
        doc="fuel of CHP units, heat and power [Mtce]")
    m.chp_heat_fuel = pyo.Expression(m.G_chp, m.Y, rule=lambda m, g, y: m.chp_heat[g, y] / eta_chp / V.MWH_PER_TCE,
                                     doc="CHP fuel allocated to heat by the heat method [Mtce]")

    def _heat_fuel(m, fuel, y):
        boiler = {"coal": "heat_coal_boiler", "gas": "heat_gas_boiler"}.get(fuel)
        expr = 0.0
        if boiler:
            expr += m.heat_out[boiler, y] / t[boiler]["efficiency"][y] / V.MWH_PER_TCE
        expr += sum(m.chp_heat_fuel[g, y] for g in m.G_chp if V.TECH_FUEL[g] == fuel)
        return expr
    m.heat_fuel = pyo.Expression(["coal", "gas", "biomass"], m.Y, rule=_heat_fuel, doc="fuel for heat [Mtce]")
    # UR-024 (clean heating): coal used for heating keeps falling; no switch back from gas to coal
    free = [y for y in m.Y if y not in history_years(inp)]
    m.heating_coal_decline = pyo.Constraint(m.Y, rule=lambda m, y: m.heat_fuel["coal", y] <= m.heat_fuel["coal", y - 1]
                                            if y in free and y - 1 in m.Y else pyo.Constraint.Skip)


def add_heat_only(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Heat-only boilers, heat pumps, electric boilers and geothermal, with build limits and potentials."""
    flh = float(inp.system["heat_full_load_hours"])
    m.K = pyo.Set(initialize=V.HEAT_TECHS, ordered=True)
    m.K_cap = pyo.Set(initialize=CAPACITY_LIMITED, ordered=True)
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
    m.coal_boiler_decline = pyo.Constraint(m.Y, rule=lambda m, y: pyo.Constraint.Skip if y == inp.base_year
                                           else m.heat_out["heat_coal_boiler", y] <= m.heat_out["heat_coal_boiler", y - 1])


def existing_geothermal_gw(inp: ModelInputs) -> float:
    """HC0 of geothermal heat: base-year geothermal heat / full-load hours [GW_th]."""
    return inp.base["energy_geothermal_heat"] * V.MWH_PER_TCE * 1000.0 / float(inp.system["heat_full_load_hours"])


def add_chp(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """CHP heat, its heat-led duty and the hourly back-pressure and extraction rows (module docstring)."""
    chp = chp_techs(inp)
    m.G_chp = pyo.Set(initialize=chp, ordered=True)
    m.chp_heat = pyo.Var(m.G_chp, m.Y, within=pyo.NonNegativeReals, doc="CHP heat [TWh_th]")
    t = inp.tech
    m.chp_heat_duty = pyo.Constraint(m.G_chp, m.Y, rule=lambda m, g, y: (
        m.chp_heat[g, y] >= t[g]["min_heat_hours"][y] * m.cap_op[g, y] / 1000.0) if "min_heat_hours" in t[g]
        else pyo.Constraint.Skip)
    hours = heating_hours(m)
    if not chp or hours <= 0:
        for g in chp:
            for y in m.Y:
                m.chp_heat[g, y].fix(0.0)
        return
    years, heating = list(m.Y), list(m.heating_days)
    q = VarArray(m.chp_heat)
    ratio = np.array([[t[g]["heat_to_power"][y] for y in years] for g in chp])
    b = add_block(m, RowBlock("chp_backpressure", [chp, years, heating, list(m.H)], ">="))  # r gen - q >= 0
    g, y, d, h = b.grid()
    gen = VarArray(m.gen)
    b.add(gen, (gen.pos(0, chp)[g], y, np.asarray(heating)[d], h), ratio[g, y])
    b.add(q, (g, y), -1000.0 / hours)
    # extraction: + cv q in the heating-season rows of thermal_max (gen + cv q - a cap <= 0)
    th = get_block(m, "thermal_max")
    cv = np.array([[t[k].get("power_loss_per_heat", {}).get(yr, 0.0) for yr in years] for k in chp])
    in_heating = np.isin(np.arange(len(m.D)), heating).astype(float)
    gi, yi, di, hi = np.ix_(np.arange(len(chp)), np.arange(len(years)), np.arange(len(m.D)), np.arange(24))
    th_row = np.array([list(th.labels[0]).index(k) for k in chp])
    th.add(q, (gi, yi), 1000.0 / hours * cv[gi, yi] * in_heating[di], rows=(th_row[gi], yi, di, hi))
