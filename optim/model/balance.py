"""Hourly electricity balance, peak load and capacity adequacy.

Balance (GW) in every represented hour, assembled from the terms the families register (lp.balance):
  sum_g gen + sum_g peak + sum_s (dis - ch) + impg + impr + dr      (supply: power, storage, imports, DR)
      - 1000 s_{d,h} E_y - [d in heating] 1000 hel_y / T_h = 0        (withdrawals: load, district-heat electricity)
Consumption C_y = E_y + hel_y [TWh].
Peak Peak_y = E_y / (8.76 LF_y)  (LF: load factor calibrated to the observed peaks, optim.calibration; without
  observed peaks, Peak_y = 1000 E_y max_h(s) of the load shape).
Adequacy (GW), from the firm capacity the families register (lp.firm):
  sum_g cc_g (cap_{g,y} + pk_{g,y} + bk_{g,y}) + sum_s cc_s P_{s,y} + cc_ic K_y + DR_y >= (1 + margin) Peak_y
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim.calibration import HOURS_PER_YEAR_K
from optim.model.core import heating_day_mask, heating_hours
from optim.model.lp import LinearProgram
from optim.model.rows import RowBlock


def add_balance(lp: LinearProgram) -> None:
    """Declare the hourly balance (block ``balance``), consumption, the peak and the adequacy constraint."""
    m, inp = lp.model, lp.inputs
    b = lp.add_block(RowBlock("balance", [list(m.Y), list(m.D), list(m.H)], "=="))
    for term in lp.balance:
        term(lp, b)
    m.consumption = pyo.Expression(m.Y, rule=lambda m, y: m.elec_demand[y] + m.heat_elec[y],
                                   doc="electricity consumption incl. district-heat electricity [TWh]")
    if inp.load_factor:  # calibrated to the observed peaks (optim.calibration)
        m.peak_load = pyo.Expression(m.Y, rule=lambda m, y: m.elec_demand[y] / (HOURS_PER_YEAR_K * inp.load_factor[y]),
                                     doc="annual peak load [GW]")
    else:                # no observed peak: the peak of the hourly load shape
        m.peak_load = pyo.Expression(m.Y, rule=lambda m, y: inp.slices.peak_share * 1000.0 * m.elec_demand[y],
                                     doc="annual peak load [GW]")
    margin = inp.system.reserve_margin
    m.adequacy = pyo.Constraint(m.Y, rule=lambda m, y: sum(rule(lp, y) for rule in lp.firm)
                                >= (1 + margin) * m.peak_load[y])
    lp.add_result(balance_results)


def electric_load(lp: LinearProgram) -> np.ndarray:
    """(year, day, hour) load [GW] = 1000 s_{d,h} E_y + [d in heating] 1000 hel_y / T_h (the withdrawals)."""
    from optim.results.values import by_year

    m, inp = lp.model, lp.inputs
    years = list(inp.years)
    demand, heat = by_year(m.elec_demand, years), by_year(m.heat_elec, years)
    heating = heating_day_mask(m)
    hours = heating_hours(m)
    load = 1000.0 * demand[:, None, None] * np.asarray(inp.slices.load_share)[None]
    if hours > 0:
        load += (1000.0 * heat / hours)[:, None, None] * heating[None, :, None]
    return load


def balance_results(lp: LinearProgram, put) -> None:
    """Consumption, peak and the hourly electric load."""
    from optim.results.values import by_year

    m, Y = lp.model, list(lp.inputs.years)
    put("electricity_consumption", ("year",), by_year(m.consumption, Y), "TWh",
        "electricity consumption incl. district-heat electricity")
    put("peak_load", ("year",), by_year(m.peak_load, Y), "GW", "annual peak load")
    put("electric_load", ("year", "day", "hour"), electric_load(lp), "GW", "electric load")
