"""The typed registry of target indicators: how each indicator of targets.csv enters the LP.

Every indicator k is written as one linear row per year y
    lhs_k(x, y)  {>=, <=}  a_k(x, y) + v b_k(x, y)                         (v: the target value, registry unit)
so that the value a solution reaches is  v*(y) = (lhs - a) / b  evaluated at the solution, and the cost of
moving v by one unit is  dual b  (optim.model.targets.evaluate). ``reduction`` indicators hold a cut vs a
baseline: the registry's '>=' (cut at least v) becomes  lhs <= a + v b  with b < 0.
``scale`` is |b| at the base-year statistics (``scale_source`` says which): a soft target's shortfall sigma
(in the target's unit) relaxes its row by scale x sigma, and the elastic diagnosis weighs targets by it.
``persist``: a "reach v by year t" target keeps holding after t (policy.persist) until a later target of the
same indicator takes over. Names are checked when targets.csv is loaded (optim.data.registry_checks).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import existing_total, imports_twh, vre_twh

PCT = 0.01
Rule = Callable  # (lp, y) -> Pyomo expression or number


@dataclass(frozen=True)
class Indicator:
    """One indicator: its row  lhs {>=,<=} a + v b, unit, penalty scale and persistence (module docstring)."""

    name: str
    unit: str
    description: str
    math: str
    lhs: Rule
    a: Rule
    b: Rule
    scale: Callable[[ModelInputs, int], float]
    scale_source: str
    persist: bool
    reduction: bool = False


ZERO: Rule = lambda lp, y: 0.0  # noqa: E731
ONE: Rule = lambda lp, y: 1.0   # noqa: E731


def _level(name, unit, description, lhs, persist, math) -> Indicator:
    """lhs >= v (a level in the target's unit; scale 1 unit)."""
    return Indicator(name, unit, description, math, lhs, ZERO, ONE, lambda inp, y: 1.0,
                     "one unit of the target (a level)", persist)


def _share(name, description, num, den, scale, scale_source, persist, math) -> Indicator:
    """100 num / den >= v  <=>  num >= 0 + v (den / 100)."""
    return Indicator(name, "%", description, math, num, ZERO, lambda lp, y: PCT * den(lp, y),
                     lambda inp, y: PCT * scale(inp, y), scale_source, persist)


def _reduction(name, description, expr: str, scale, scale_source, math) -> Indicator:
    """x_y / GDP_y <= (1 - v/100) x_y0 / GDP_y0  <=>  x_y <= a + v b, a = x_y0 g, b = -0.01 x_y0 g, g = GDP_y / GDP_y0."""
    def g(lp, y):
        return lp.inputs.gdp[y] / lp.inputs.gdp[lp.inputs.base_year]
    return Indicator(name, "%", description, math, lambda lp, y: getattr(lp.model, expr)[y],
                     lambda lp, y: getattr(lp.model, expr)[lp.inputs.base_year] * g(lp, y),
                     lambda lp, y: -PCT * getattr(lp.model, expr)[lp.inputs.base_year] * g(lp, y),
                     lambda inp, y: PCT * scale(inp) * inp.gdp[y] / inp.gdp[inp.base_year], scale_source,
                     persist=False, reduction=True)


def _imports(lp, y):
    return imports_twh(lp.model, y)


def retrofit_measures(inp: ModelInputs) -> list:
    """Measures whose activity (Mm2) counts toward public-building retrofit targets: those linked in measures.csv
    (target_link) to a target of that indicator."""
    ids = set(inp.targets[inp.targets.indicator == "public_building_retrofit_mm2"].id)
    return [r for r in inp.measures.itertuples(index=False)
            if r.activity_unit == "Mm2" and r.activity_per_mtce is not None and str(r.target_link or "") in ids]


def _base_co2(inp: ModelInputs) -> float:
    """Base-year CO2 from the fuel totals and emission factors (Mt), for the penalty scale."""
    f = inp.fuel
    return sum(inp.base[k] * f[c]["emission_factor"][inp.base_year]
               for k, c in (("energy_coal", "coal"), ("energy_gas", "gas"), ("energy_oil", "oil")) if k in inp.base)


def _base_final_energy(inp: ModelInputs, y: int) -> float:
    """Base-year final energy excl. non-energy use [Mtce], electricity at the coal-equivalent rate."""
    rate = inp.coal_eq_rate[inp.base_year] / 1000.0
    return sum(v * (rate if c == "electricity" else 1.0) for (s, c), v in inp.final_energy.items() if s != "non_energy")


def _base_capacity(inp: ModelInputs) -> float:
    return sum(existing_total(inp, g, inp.base_year) for g in V.GENERATORS)


def _build() -> dict[str, Indicator]:
    base = lambda key: (lambda inp, y: inp.base[key])  # noqa: E731
    ind = [
        _share("nonfossil_share", "non-fossil share of total energy consumption",
               lambda lp, y: lp.model.nonfossil[y], lambda lp, y: lp.model.energy_total[y], base("total_energy"),
               "base-year total energy consumption (base_year.csv total_energy)", True,
               "100 NF_y / TEC_y >= v"),
        _level("renewable_capacity_gw", "GW", "local renewable capacity",
               lambda lp, y: sum(lp.model.cap[g, y] for g in V.RENEWABLE_GENERATORS), True,
               "sum_{g renewable} cap_{g,y} >= v"),
        _share("wind_pv_capacity_share", "wind + PV share of local installed capacity",
               lambda lp, y: sum(lp.model.cap[g, y] for g in V.VRE_TECHS),
               lambda lp, y: sum(lp.model.cap_installed[g, y] for g in V.GENERATORS),
               lambda inp, y: _base_capacity(inp), "base-year installed capacity of the fleet (fleet.csv)", True,
               "100 sum_{wind, PV} cap / sum_g (cap + pk + bk) >= v"),
        _level("storage_power_gw", "GW", "new-type storage power",
               lambda lp, y: sum(lp.model.sto_p[s, y] for s in V.NEW_TYPE_STORAGE), True, "sum_{s new-type} P_{s,y} >= v"),
        _level("import_capacity_gw", "GW", "import (interconnector) capability",
               lambda lp, y: lp.model.ic_cap[y], True, "K_y >= v"),
        _share("import_share", "imports as share of electricity consumption",
               _imports, lambda lp, y: lp.model.consumption[y], base("electricity_consumption"),
               "base-year electricity consumption (base_year.csv)", True, "100 (IMPg + IMPr) / C_y >= v"),
        _share("green_import_share", "green share of imported electricity",
               lambda lp, y: lp.model.imp_green_twh[y], _imports, base("net_electricity_inflow"),
               "base-year net electricity inflow (base_year.csv)", True, "100 IMPr / (IMPg + IMPr) >= v"),
        _level("gas_use_bcm", "bcm", "natural gas consumption", lambda lp, y: lp.model.gas_bcm[y], False,
               "gas_y / k_gas <= v"),
        _share("electricity_share_final_energy", "electricity share of final energy",
               lambda lp, y: lp.model.final_elec_mtce[y], lambda lp, y: lp.model.final_energy_total[y],
               _base_final_energy, "base-year final energy excl. non-energy use, electricity at the coal-equivalent rate "
               "(final_energy_2020.csv, economics.csv)", True,
               "100 E_y k / (final fossil + heat + E_y k) >= v"),
        _share("vre_utilisation", "use of available wind and PV output",
               lambda lp, y: vre_twh(lp.model, y), lambda lp, y: vre_twh(lp.model, y, curtailed=True),
               lambda inp, y: sum(inp.exist[g][inp.base_year] for g in V.VRE_TECHS) * 1.5,
               "base-year wind and PV capacity x 1,500 h (TWh; the order of their output)", True,
               "100 sum G_vre / sum (G_vre + curt) >= v"),
        _share("demand_response_share_of_peak", "demand response / peak load",
               lambda lp, y: lp.model.dr_cap[y], lambda lp, y: lp.model.peak_load[y], base("peak_load"),
               "base-year peak load (base_year.csv)", True, "100 DR_y / Peak_y >= v"),
        _level("public_building_retrofit_mm2", "Mm2", "public-building energy retrofit area",
               lambda lp, y: sum(float(r.activity_per_mtce) * lp.model.adopt[r.id, y] for r in retrofit_measures(lp.inputs)),
               True, "sum_{m retrofit} area per Mtce_m A_{m,y} >= v"),
        Indicator("co2_intensity_reduction_vs_2005", "%", "CO2 per unit of GDP, reduction vs 2005",
                  "100 (1 - (CO2_y / GDP_y) / (CO2_2005 / GDP_2005)) >= v", lambda lp, y: lp.model.co2[y],
                  lambda lp, y: lp.inputs.co2_2005 * lp.inputs.gdp[y] / lp.inputs.gdp[2005],
                  lambda lp, y: -PCT * lp.inputs.co2_2005 * lp.inputs.gdp[y] / lp.inputs.gdp[2005],
                  lambda inp, y: PCT * inp.co2_2005 * inp.gdp[y] / inp.gdp[2005], "CO2 2005 (base_year.csv co2 2005)",
                  persist=False, reduction=True),
        _reduction("co2_intensity_reduction_vs_2020", "CO2 per unit of GDP, reduction vs 2020", "co2",
                   _base_co2, "base-year coal, gas and oil use x their emission factors",
                   "100 (1 - (CO2_y / GDP_y) / (CO2_2020 / GDP_2020)) >= v"),
        _reduction("energy_intensity_reduction_vs_2020", "energy per unit of GDP, reduction vs 2020", "energy_total",
                   lambda inp: inp.base["total_energy"], "base-year total energy consumption (base_year.csv)",
                   "100 (1 - (TEC_y / GDP_y) / (TEC_2020 / GDP_2020)) >= v"),
        Indicator("coal_use_reduction_vs_2020", "%", "coal consumption, reduction vs 2020",
                  "100 (1 - coal_y / coal_2020) >= v", lambda lp, y: lp.model.coal_use[y],
                  lambda lp, y: lp.model.coal_use[lp.inputs.base_year],
                  lambda lp, y: -PCT * lp.model.coal_use[lp.inputs.base_year],
                  lambda inp, y: PCT * inp.base["energy_coal"], "base-year coal use (base_year.csv energy_coal)",
                  persist=False, reduction=True),
    ]
    return {i.name: i for i in ind}


#: indicator name -> Indicator (rows  lhs {>=,<=} a + v b)
INDICATORS: dict[str, Indicator] = _build()
#: indicators built by their own row kind (optim.model.targets.build), with their unit
SPECIAL = {"co2_peak_year": "year", "coal_use_decline": "Mtce"}
#: indicators enforced by the model's structure, not by a row: why
STRUCTURAL = {"no_new_coal_units": "no build variable exists for coal technologies",
              "coal_unit_duty": "enforced through the duty column of fleet.csv"}


def indicator_names() -> set[str]:
    """Every indicator a constraint row of targets.csv may name."""
    return set(INDICATORS) | set(SPECIAL) | set(STRUCTURAL)
