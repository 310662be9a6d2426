"""History years are calibrated, not re-optimised: observed statistics held within their tolerance.

For every history year y (base year <= y <= system.history_until) and every indicator k named in
system.history_calibrate that has an observation o_{k,y} with tolerance tau_{k,y} (observed.csv):
    levels (:data:`OBSERVABLES`):     o (1 - tau) <= x_k(y) <= o (1 + tau)           (row history[k, y])
    shares in % (:data:`RATIOS`, x = 100 n / d, tau in points):
                                      100 n_k(y) - (o - tau) d_k(y) >= 0,  100 n_k(y) - (o + tau) d_k(y) <= 0
                                                                                      (rows history_share[k, y, lo|hi])
x_k(y) is the model's counterpart of the statistic, in the statistic's unit.
Together with the fleet of the history years (optim.model.power: no early retirement up to
history_until) and the observed builds (committed_builds.csv), this pins the observed years to what
happened; the LP chooses freely only afterwards. Targets whose years fall in the history are not
imposed there (optim.model.targets) but reported against the statistics.

Where a statistic is missing, a sourced floor keeps the history plausible: gas use of every history year
is at least system.history_gas_floor times the base year's (history_gas_floor[y]).
The base year is also calibrated by the exact base-year rows (system.calibrate_2020, :func:`add_base_year`).
"""
from __future__ import annotations

from typing import Callable

import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import history_years, imports_twh, vre_twh
from optim.model.lp import LinearProgram


def _gen(techs):
    return lambda m, y: sum(m.gen_twh[g, y] for g in techs)


def _cap(techs):
    return lambda m, y: sum(m.cap_installed[g, y] for g in techs)


#: statistic -> model expression (m, y) in the statistic's unit (vocabulary.OBSERVED_INDICATORS)
OBSERVABLES: dict[str, Callable] = {
    "electricity_consumption": lambda m, y: m.consumption[y],
    "thermal_generation": _gen(V.THERMAL_TECHS),
    "wind_generation": _gen(V.WIND_TECHS),
    "solar_generation": _gen(V.PV_TECHS),
    "local_generation": _gen(V.GENERATORS),
    "net_electricity_inflow": imports_twh,
    "capacity_thermal": _cap(V.THERMAL_TECHS),
    "capacity_coal": _cap(V.COAL_TECHS),
    "capacity_gas": _cap(V.GAS_TECHS),
    "capacity_wind": _cap(V.WIND_TECHS),
    "capacity_pv": _cap(V.PV_TECHS),
    "capacity_biomass": _cap(("biomass",)),
    "peak_load": lambda m, y: m.peak_load[y],
    "green_power_traded": lambda m, y: m.imp_green_twh[y],
    "energy_total": lambda m, y: m.energy_total[y],
    "coal_use": lambda m, y: m.coal_use[y],
    "gas_use": lambda m, y: m.gas_bcm[y],
    "co2": lambda m, y: m.co2[y],
}


#: share statistics (%) -> (numerator, denominator) model expressions (m, y); x = 100 n / d
RATIOS: dict[str, tuple[Callable, Callable]] = {
    "vre_utilisation": (lambda m, y: vre_twh(m, y), lambda m, y: vre_twh(m, y, curtailed=True)),
    "district_heat_chp_share": (lambda m, y: sum(m.chp_heat[g, y] for g in m.G_chp),
                                lambda m, y: sum(m.chp_heat[g, y] for g in m.G_chp) + sum(m.heat_out[k, y] for k in m.K)),
    "nonfossil_share": (lambda m, y: m.nonfossil[y], lambda m, y: m.energy_total[y]),
}


def calibrated(inp: ModelInputs) -> list:
    """The observations held in the LP: (indicator, year, Observation), sorted."""
    names = set(inp.system.history_calibrate)
    years = history_years(inp)
    return sorted((k, y, o) for (k, y), o in inp.observed.items()
                  if k in names and y in years and (k in OBSERVABLES or k in RATIOS))


def add_history(lp: LinearProgram) -> None:
    """Declare the base-year rows and the calibration rows history[k, y] and history_share[k, y, side]."""
    m, inp = lp.model, lp.inputs
    add_base_year(lp)
    rows = calibrated(inp)
    levels = [(k, y, o) for k, y, o in rows if k in OBSERVABLES]
    shares = [(k, y, o) for k, y, o in rows if k in RATIOS]
    m.HIST = pyo.Set(dimen=2, initialize=[(k, y) for k, y, _ in levels], ordered=True, doc="calibrated statistics")
    band = {(k, y): o.band for k, y, o in levels}
    m.history = pyo.Constraint(m.HIST, rule=lambda m, k, y: pyo.inequality(band[k, y][0], OBSERVABLES[k](m, y), band[k, y][1]))
    m.HIST_SHARE = pyo.Set(dimen=3, initialize=[(k, y, s) for k, y, _ in shares for s in ("lo", "hi")], ordered=True,
                           doc="calibrated share statistics, lower and upper side")
    obs = {(k, y): o for k, y, o in shares}

    def _share(m, k, y, side):
        o = obs[k, y]
        num, den = RATIOS[k]
        if side == "lo":
            return 100.0 * num(m, y) - (o.value - o.tolerance_pct) * den(m, y) >= 0
        return 100.0 * num(m, y) - (o.value + o.tolerance_pct) * den(m, y) <= 0
    m.history_share = pyo.Constraint(m.HIST_SHARE, rule=_share)
    floor = inp.system.history_gas_floor
    later = [y for y in history_years(inp) if y > inp.base_year]
    m.history_gas_floor = pyo.Constraint(later, rule=lambda m, y: m.gas_use[y] >= floor * m.gas_use[inp.base_year]
                                         if floor > 0 else pyo.Constraint.Skip)


def add_base_year(lp: LinearProgram) -> None:
    """Base year (system.calibrate_2020): annual imports equal the net-inflow statistic (no green imports),
    biomass generation, geothermal heat and total gas and coal use equal the statistics. The fuel totals also pin
    the 2020 references of the 'vs 2020' targets: without them the LP could inflate its own base year to loosen
    them. Thermal generation and the other statistics are held by the history rows."""
    m, inp = lp.model, lp.inputs
    if not inp.system.calibrate_2020:
        return
    y0, b = inp.base_year, inp.base
    m.cal_imports = pyo.Constraint(expr=m.imp_grid_twh[y0] == b["net_electricity_inflow"])
    m.cal_green = pyo.Constraint(expr=m.imp_green_twh[y0] == 0)
    m.cal_biomass = pyo.Constraint(expr=m.gen_twh["biomass", y0] == b["biomass_generation"])
    m.cal_geothermal = pyo.Constraint(expr=m.heat_out["geothermal_heat", y0] == b["energy_geothermal_heat"] * V.MWH_PER_TCE)
    m.cal_gas_use = pyo.Constraint(expr=m.gas_use[y0] == b["energy_gas"])
    m.cal_coal_use = pyo.Constraint(expr=m.coal_use[y0] == b["energy_coal"])
