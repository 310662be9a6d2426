"""District heat: CHP heat tied to CHP power; heat-only boilers, heat pumps, electric boilers, geothermal.

Heating-season balance (TWh_th; l = network loss share):
  (sum_{g in CHP} chp_{g,y} + sum_k hq_{k,y}) (1 - l) >= Q_y
  chp_{g,y} <= r_g sum_{d in heating, h} w_d gen_{g,y,d,h} / 1000     (r: heat-to-power ratio)
  hq_{k,y} <= F_k HC_{k,y} / 1000   for heat pumps, electric boilers, geothermal (HC: GW_th, F: full-load h)
  HC_{k,y} = HC0_k + sum_{v<=y<v+L} bh_{k,v}
  hq_{coal boiler,y} <= hq_{coal boiler,y-1}    (no new coal boilers, TJ-017 / BC-011)
  F^h_{coal,y} <= F^h_{coal,y-1}                (heating coal keeps falling, UR-024)
Electricity of heat pumps and electric boilers, spread evenly over heating-season hours:
  hel_y = hq_{hp,y}/COP + hq_{eb,y}/eta_eb   [TWh]
Fuel (Mtce): boilers hq/eta/8.141; CHP heat chp/eta_chp/8.141 on top of the power fuel.
"""
from __future__ import annotations

import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import define_annual_twh

CAPACITY_LIMITED = ("heat_pump", "electric_boiler", "geothermal_heat")


def heat_electricity_efficiency(inp: ModelInputs) -> dict:
    """{k: {year: eta}} of the electric heat technologies: hel_y = sum_k hq_{k,y} / eta_{k,y}."""
    return {k: inp.tech[k]["efficiency"] for k in ("heat_pump", "electric_boiler")}


def add_heat(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Declare heat supply and the heating-season heat balance."""
    sysc = inp.system
    flh = float(sysc["heat_full_load_hours"])
    m.K = pyo.Set(initialize=V.HEAT_TECHS, ordered=True)
    m.K_cap = pyo.Set(initialize=CAPACITY_LIMITED, ordered=True)
    m.KV = pyo.Set(dimen=2, initialize=[(k, v) for k in CAPACITY_LIMITED for v in inp.build_years[k]])
    m.build_h = pyo.Var(m.KV, within=pyo.NonNegativeReals, doc="heat capacity build [GW_th]")
    geo0 = inp.base["energy_geothermal_heat"] * V.MWH_PER_TCE * 1000.0 / flh  # GW_th existing
    exist = {"geothermal_heat": geo0}
    m.heat_cap = pyo.Expression(m.K_cap, m.Y, rule=lambda m, k, y: exist.get(k, 0.0) + sum(
        m.build_h[k, v] for v in inp.build_years[k] if y in inp.alive[(k, v)]), doc="heat capacity [GW_th]")
    m.heat_out = pyo.Var(m.K, m.Y, within=pyo.NonNegativeReals, doc="heat output [TWh_th]")
    m.heat_cap_limit = pyo.Constraint(m.K_cap, m.Y, rule=lambda m, k, y: m.heat_out[k, y] <= flh * m.heat_cap[k, y] / 1000.0)
    if "geothermal_heat" in inp.potential_gw:
        m.geo_potential = pyo.Constraint(m.Y, rule=lambda m, y: m.heat_cap["geothermal_heat", y] <= max(inp.potential_gw["geothermal_heat"], geo0))
    m.coal_boiler_decline = pyo.Constraint(m.Y, rule=lambda m, y: pyo.Constraint.Skip if y == inp.base_year
                                           else m.heat_out["heat_coal_boiler", y] <= m.heat_out["heat_coal_boiler", y - 1])

    m.G_chp = pyo.Set(initialize=V.CHP_TECHS, ordered=True)
    m.chp_heat = pyo.Var(m.G_chp, m.Y, within=pyo.NonNegativeReals, doc="CHP heat [TWh_th]")

    m.chp_heating_twh = pyo.Var(m.G_chp, m.Y, within=pyo.NonNegativeReals,
                                doc="CHP power generated in heating-season days [TWh]")
    define_annual_twh(m, "chp_heating_annual", m.chp_heating_twh, [m.gen], days=m.heating_days)
    m.chp_tie = pyo.Constraint(m.G_chp, m.Y, rule=lambda m, g, y: (
        m.chp_heat[g, y] <= inp.tech[g]["heat_to_power"][y] * m.chp_heating_twh[g, y]))
    loss = float(inp.base["heat_network_loss"])
    m.heat_balance = pyo.Constraint(m.Y, rule=lambda m, y: (
        sum(m.chp_heat[g, y] for g in m.G_chp) + sum(m.heat_out[k, y] for k in m.K)) * (1 - loss) >= m.heat_demand[y])

    t = inp.tech
    eff = heat_electricity_efficiency(inp)
    m.heat_elec = pyo.Expression(m.Y, rule=lambda m, y: sum(m.heat_out[k, y] / eff[k][y] for k in eff),
                                 doc="electricity for district heat [TWh]")
    eta_chp = float(sysc["chp_heat_fuel_efficiency"])

    def _heat_fuel(m, fuel, y):
        boiler = {"coal": "heat_coal_boiler", "gas": "heat_gas_boiler"}.get(fuel)
        expr = 0.0
        if boiler:
            expr += m.heat_out[boiler, y] / t[boiler]["efficiency"][y] / V.MWH_PER_TCE
        expr += sum(m.chp_heat[g, y] for g in V.CHP_TECHS if V.TECH_FUEL[g] == fuel) / eta_chp / V.MWH_PER_TCE
        return expr
    m.heat_fuel = pyo.Expression(["coal", "gas", "biomass"], m.Y, rule=_heat_fuel, doc="fuel for heat [Mtce]")
    # UR-024 (clean heating): coal used for heating keeps falling; no switch back from gas to coal
    m.heating_coal_decline = pyo.Constraint(m.Y, rule=lambda m, y: pyo.Constraint.Skip if y == inp.base_year
                                            else m.heat_fuel["coal", y] <= m.heat_fuel["coal", y - 1])
