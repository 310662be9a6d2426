"""Hourly electricity balance, capacity adequacy and the 2020 calibration.

Balance (GW) in every represented hour:
  sum_g gen + sum_g peak + sum_s (dis - ch) + impg + impr + dr
      = s_{d,h} 1000 E_y + 1000 hel_y / (24 sum_{d in heating} w_d) [d in heating]
Adequacy (GW):
  sum_g cc_g cap_{g,y} + cc Epk + cc Ebk + sum_s cc_s P_{s,y} + cc_ic K_y + DR_y
      >= (1 + margin) 1000 E_y max_h(s)
Calibration (2020 only, option system.calibrate_2020): annual imports equal the net
inflow statistic (no green imports), gas and biomass generation and total gas and coal use
equal the statistics.
"""
from __future__ import annotations

import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs


def add_balance(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Declare the electricity balance, the adequacy constraint and the base-year calibration."""
    share = inp.slices.load_share
    heat_hours = 24.0 * sum(m.w[d] for d in m.heating_days)
    heating = set(m.heating_days)

    def load(m, y, d, h):
        expr = float(share[d, h]) * 1000.0 * m.elec_demand[y]
        if d in heating:
            expr += 1000.0 * m.heat_elec[y] / heat_hours
        return expr
    m.elec_load = pyo.Expression(m.Y, m.D, m.H, rule=load, doc="electric load [GW]")

    def _balance(m, y, d, h):
        supply = sum(m.gen[g, y, d, h] for g in m.G) + sum(m.peak_gen[g, y, d, h] for g in m.G_peaker)
        supply += sum(m.dis[s, y, d, h] - m.ch[s, y, d, h] for s in m.S)
        supply += m.imp_grid[y, d, h] + m.imp_green[y, d, h] + m.dr[y, d, h]
        return supply == m.elec_load[y, d, h]
    m.balance = pyo.Constraint(m.Y, m.D, m.H, rule=_balance)
    m.consumption = pyo.Expression(m.Y, rule=lambda m, y: m.elec_demand[y] + m.heat_elec[y],
                                   doc="electricity consumption incl. district-heat electricity [TWh]")
    m.peak_load = pyo.Expression(m.Y, rule=lambda m, y: inp.slices.peak_share * 1000.0 * m.elec_demand[y],
                                 doc="annual peak load [GW]")

    t, sysc = inp.tech, inp.system
    margin = float(sysc["reserve_margin"])

    def _adequacy(m, y):
        firm = sum(t[g]["capacity_credit"][y] * (m.cap[g, y] + inp.exist_peaker[g][y] + inp.exist_backup[g][y])
                   for g in m.G)
        firm += sum(t[s]["capacity_credit"][y] * m.sto_p[s, y] for s in m.S)
        firm += t[V.INTERCONNECTOR]["capacity_credit"][y] * m.ic_cap[y] + m.dr_cap[y]
        return firm >= (1 + margin) * m.peak_load[y]
    m.adequacy = pyo.Constraint(m.Y, rule=_adequacy)

    if inp.system.get("calibrate_2020", True):
        y0 = inp.base_year
        b = inp.base
        m.cal_imports = pyo.Constraint(expr=m.imp_grid_twh[y0] == b["net_electricity_inflow"])
        m.cal_green = pyo.Constraint(expr=m.imp_green_twh[y0] == 0)
        m.cal_gas = pyo.Constraint(expr=m.gen_twh["gas_ccgt_chp", y0] + m.gen_twh["gas_peaker", y0] == b["gas_generation"])
        m.cal_biomass = pyo.Constraint(expr=m.gen_twh["biomass", y0] == b["biomass_generation"])


def add_calibration_of_fuels(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """2020 gas and coal use equal the statistics.

    This fixes the base-year heat mix between gas and coal and, above all, pins the 2020
    references of the 'vs 2020' targets: without it the LP could inflate its own base year
    to loosen them.
    """
    if inp.system.get("calibrate_2020", True):
        m.cal_gas_use = pyo.Constraint(expr=m.gas_use[inp.base_year] == inp.base["energy_gas"])
        m.cal_coal_use = pyo.Constraint(expr=m.coal_use[inp.base_year] == inp.base["energy_coal"])
