"""Hourly electricity balance, capacity adequacy and the 2020 calibration.

Balance (GW) in every represented hour:
  sum_g gen + sum_g peak + sum_s (dis - ch) + impg + impr + dr
      = s_{d,h} 1000 E_y + 1000 hel_y / (24 sum_{d in heating} w_d) [d in heating]
Adequacy (GW):
  sum_g cc_g (cap_{g,y} + pk_{g,y} + bk_{g,y}) + sum_s cc_s P_{s,y} + cc_ic K_y + DR_y >= (1 + margin) Peak_y
  Peak_y = E_y / (8.76 LF_y)   (LF: load factor calibrated to the observed peaks, optim.calibration;
                                without observed peaks, Peak_y = 1000 E_y max_h(s) of the load shape)
Calibration (2020 only, option system.calibrate_2020): annual imports equal the net
inflow statistic (no green imports), biomass generation, geothermal heat and total gas and coal
use equal the statistics (thermal generation and the other observed statistics are held within
their tolerance by optim.model.history; the split of thermal generation between coal and gas follows
from the heat-led CHP duty and the fuel totals).
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.heat import heat_electricity_efficiency, heating_hours
from optim.model.rows import RowBlock, VarArray, add_block


def add_balance(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Declare the electricity balance, the adequacy constraint and the base-year calibration."""
    add_hourly_balance(m, inp, heating_hours(m))
    m.consumption = pyo.Expression(m.Y, rule=lambda m, y: m.elec_demand[y] + m.heat_elec[y],
                                   doc="electricity consumption incl. district-heat electricity [TWh]")
    if inp.load_factor:  # calibrated to the observed peaks (optim.calibration)
        m.peak_load = pyo.Expression(m.Y, rule=lambda m, y: m.elec_demand[y] / (8.76 * inp.load_factor[y]),
                                     doc="annual peak load [GW]")
    else:                # no observed peak: the peak of the hourly load shape
        m.peak_load = pyo.Expression(m.Y, rule=lambda m, y: inp.slices.peak_share * 1000.0 * m.elec_demand[y],
                                     doc="annual peak load [GW]")

    t, sysc = inp.tech, inp.system
    margin = float(sysc["reserve_margin"])

    def _adequacy(m, y):
        firm = sum(t[g]["capacity_credit"][y] * m.cap_installed[g, y] for g in m.G)
        firm += sum(t[s]["capacity_credit"][y] * m.sto_p[s, y] for s in m.S)
        firm += t[V.INTERCONNECTOR]["capacity_credit"][y] * m.ic_cap[y] + m.dr_cap[y]
        return firm >= (1 + margin) * m.peak_load[y]
    m.adequacy = pyo.Constraint(m.Y, rule=_adequacy)

    if inp.system.get("calibrate_2020", True):
        y0 = inp.base_year
        b = inp.base
        m.cal_imports = pyo.Constraint(expr=m.imp_grid_twh[y0] == b["net_electricity_inflow"])
        m.cal_green = pyo.Constraint(expr=m.imp_green_twh[y0] == 0)
        m.cal_biomass = pyo.Constraint(expr=m.gen_twh["biomass", y0] == b["biomass_generation"])
        m.cal_geothermal = pyo.Constraint(expr=m.heat_out["geothermal_heat", y0] == b["energy_geothermal_heat"] * V.MWH_PER_TCE)


def add_calibration_of_fuels(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """2020 gas and coal use equal the statistics.

    This fixes the base-year heat mix between gas and coal and, above all, pins the 2020
    references of the 'vs 2020' targets: without it the LP could inflate its own base year
    to loosen them.
    """
    if inp.system.get("calibrate_2020", True):
        m.cal_gas_use = pyo.Constraint(expr=m.gas_use[inp.base_year] == inp.base["energy_gas"])
        m.cal_coal_use = pyo.Constraint(expr=m.coal_use[inp.base_year] == inp.base["energy_coal"])


def add_hourly_balance(m: pyo.ConcreteModel, inp: ModelInputs, heat_hours: float) -> None:
    """The balance rows as one matrix block (optim.model.rows), load terms moved to the left:

    sum_g gen + sum_g peak + sum_s (dis - ch) + impg + impr + dr
        - 1000 s_{d,h} E_y - [d in heating] 1000 / heat_hours sum_k hq_{k,y} / eta_k = 0
    (k: heat pump, electric boiler; the right-hand side of the module docstring's balance).
    """
    years, days, hours = list(m.Y), list(m.D), list(m.H)
    b = add_block(m, RowBlock("balance", [years, days, hours], "=="))
    y, d, h = b.grid()
    gen = VarArray(m.gen)
    for gi in range(len(m.G)):
        b.add(gen, (gi, y, d, h))
    peak = VarArray(m.peak_gen)
    for gi in range(len(m.G_peaker)):
        b.add(peak, (gi, y, d, h))
    ch, dis = VarArray(m.ch), VarArray(m.dis)
    for si in range(len(m.S)):
        b.add(dis, (si, y, d, h))
        b.add(ch, (si, y, d, h), -1.0)
    for var in (m.imp_grid, m.imp_green, m.dr):
        b.add(VarArray(var), (y, d, h))
    share = np.asarray(inp.slices.load_share, dtype=float)
    b.add(VarArray(m.elec_demand), (y,), -1000.0 * share[d, h])
    if heat_hours <= 0:  # no represented day in the heating season: no hour carries district-heat load
        return
    heat_out = VarArray(m.heat_out)
    in_heating = np.isin(np.arange(len(days)), m.heating_days).astype(float)
    for k, eta in heat_electricity_efficiency(inp).items():
        eff = np.array([eta[yr] for yr in years])
        b.add(heat_out, (heat_out.pos(0, [k])[0], y), -1000.0 / heat_hours * in_heating[d] / eff[y])
