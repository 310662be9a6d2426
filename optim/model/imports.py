"""Electricity imports (green and grid-average) over an expandable interconnector; demand response.

  K_y = K_2020 + sum_{v<=y<v+L} bk_v          interconnector capability [GW]
  impg_{y,d,h} + impr_{y,d,h} <= K_y          (g: grid-average, r: green)
  sum_{d,h} w_d impr_{y,d,h} / 1000 <= R_y     green power available to the region [TWh]
  IMPg_y + IMPr_y >= F                          contracted imports floor (system.import_floor_twh)
  bk_v <= Bk,  K_y <= Kmax

Demand response (a peak resource, 需求响应):
  dr_{y,d,h} <= DR_y,   sum_{d,h} w_d dr_{y,d,h} <= Hdr DR_y    (DR_y: contracted DR capacity, GW)
"""
from __future__ import annotations

import pyomo.environ as pyo

from optim import vocabulary as V
from optim.interpolate import interpolate
from optim.model.core import define_annual_twh
from optim.model.lp import LinearProgram
from optim.model.rows import RowBlock, VarArray


def add_imports(lp: LinearProgram) -> None:
    """Declare interconnector expansion, hourly imports and the green-power availability; register them."""
    m, inp = lp.model, lp.inputs
    ic = V.INTERCONNECTOR
    m.IV = pyo.Set(initialize=inp.build_years[ic], ordered=True)
    m.build_ic = pyo.Var(m.IV, within=pyo.NonNegativeReals, doc="interconnector expansion [GW]")
    m.ic_cap = pyo.Var(m.Y, within=pyo.NonNegativeReals, doc="import capability [GW]")
    m.ic_cap_def = pyo.Constraint(m.Y, rule=lambda m, y: m.ic_cap[y] == inp.import_capacity_2020 + sum(
        m.build_ic[v] for v in inp.build_years[ic] if y in inp.alive[(ic, v)]))
    if ic in inp.max_build_gw:
        m.ic_rate = pyo.Constraint(m.IV, rule=lambda m, v: m.build_ic[v] <= inp.max_build_gw[ic])
    if ic in inp.potential_gw:
        m.ic_potential = pyo.Constraint(m.Y, rule=lambda m, y: m.ic_cap[y] <= max(inp.potential_gw[ic], inp.import_capacity_2020))

    m.imp_grid = pyo.Var(m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="grid-average imports [GW]")
    m.imp_green = pyo.Var(m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="green imports [GW]")
    b = lp.add_block(RowBlock("imp_max", [list(m.Y), list(m.D), list(m.H)], "<="))   # impg + impr - K <= 0
    y, d, h = b.grid()
    b.add(VarArray(m.imp_grid), (y, d, h))
    b.add(VarArray(m.imp_green), (y, d, h))
    b.add(VarArray(m.ic_cap), (y,), -1.0)
    m.imp_grid_twh = pyo.Var(m.Y, within=pyo.NonNegativeReals, doc="grid-average imports [TWh]")
    m.imp_green_twh = pyo.Var(m.Y, within=pyo.NonNegativeReals, doc="green imports [TWh]")
    define_annual_twh(lp, "imp_grid_annual", m.imp_grid_twh, [m.imp_grid])
    define_annual_twh(lp, "imp_green_annual", m.imp_green_twh, [m.imp_green])
    floor = inp.system.import_floor_twh
    if floor > 0:
        m.import_floor = pyo.Constraint(m.Y, rule=lambda m, y: m.imp_grid_twh[y] + m.imp_green_twh[y] >= floor)
    green = interpolate({int(k): float(v) for k, v in inp.system.green_import_available_twh.items()}, inp.years)
    m.green_available = pyo.Constraint(m.Y, rule=lambda m, y: m.imp_green_twh[y] <= green[y])
    lp.add_supply(m.imp_grid)
    lp.add_firm(lambda lp, y: lp.inputs.tech[ic]["capacity_credit"][y] * lp.model.ic_cap[y])
    lp.add_supply(m.imp_green)
    lp.add_cost("investment", lambda lp, y: sum(
        lp.inputs.annuity[(ic, v)] * lp.model.build_ic[v] for v in lp.model.IV if y in lp.inputs.alive[(ic, v)]))
    lp.add_cost("fixed_om", lambda lp, y: lp.inputs.tech[ic]["fom"][y] * (lp.model.ic_cap[y] - lp.inputs.import_capacity_2020))
    lp.add_cost("imports", lambda lp, y: (lp.inputs.fuel["import_grid"]["price"][y] * lp.model.imp_grid_twh[y]
                                          + lp.inputs.fuel["import_green"]["price"][y] * lp.model.imp_green_twh[y]))
    lp.add_result(import_results)


def import_results(lp: LinearProgram, put) -> None:
    """Import capability, annual and hourly imports."""
    from optim.results.values import by_year, hourly

    m, Y = lp.model, list(lp.inputs.years)
    put("import_capacity", ("year",), by_year(m.ic_cap, Y), "GW", "interconnector import capability")
    put("imports_grid", ("year",), by_year(m.imp_grid_twh, Y), "TWh", "grid-average imports")
    put("imports_green", ("year",), by_year(m.imp_green_twh, Y), "TWh", "green imports")
    put("imports_grid_hourly", ("year", "day", "hour"), hourly(m.imp_grid, [None])[0], "GW", "grid-average imports")
    put("imports_green_hourly", ("year", "day", "hour"), hourly(m.imp_green, [None])[0], "GW", "green imports")


def add_demand_response(lp: LinearProgram) -> None:
    """Declare demand-response capacity and hourly use; register them."""
    m, inp = lp.model, lp.inputs
    m.dr_cap = pyo.Var(m.Y, within=pyo.NonNegativeReals, doc="demand-response capacity [GW]")
    m.dr = pyo.Var(m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="demand response used [GW]")
    hours = inp.system.dr_max_hours
    m.dr_cap[inp.base_year].fix(0.0)
    b = lp.add_block(RowBlock("dr_max", [list(m.Y), list(m.D), list(m.H)], "<="))    # dr - DR <= 0
    y, d, h = b.grid()
    b.add(VarArray(m.dr), (y, d, h))
    b.add(VarArray(m.dr_cap), (y,), -1.0)
    m.dr_twh = pyo.Var(m.Y, within=pyo.NonNegativeReals, doc="demand response used [TWh]")
    define_annual_twh(lp, "dr_annual", m.dr_twh, [m.dr])
    m.dr_energy = pyo.Constraint(m.Y, rule=lambda m, y: 1000.0 * m.dr_twh[y] <= hours * m.dr_cap[y])
    lp.add_supply(m.dr)
    lp.add_firm(lambda lp, y: lp.model.dr_cap[y])
    lp.add_cost("demand_response", lambda lp, y: (lp.inputs.system.dr_capacity_cost * lp.model.dr_cap[y]
                                                  + lp.inputs.system.dr_energy_cost * lp.model.dr_twh[y]))
    lp.add_result(demand_response_results)


def demand_response_results(lp: LinearProgram, put) -> None:
    """Demand-response capacity and hourly use."""
    from optim.results.values import by_year, hourly

    m, Y = lp.model, list(lp.inputs.years)
    put("demand_response_capacity", ("year",), by_year(m.dr_cap, Y), "GW", "demand-response capacity")
    put("demand_response_hourly", ("year", "day", "hour"), hourly(m.dr, [None])[0], "GW", "demand response used")
