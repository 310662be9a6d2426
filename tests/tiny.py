"""A tiny, hand-checkable region for tests, run through the normal ``build_inputs`` (optim.inputs).

``tiny_region(...)`` writes the region's tables in memory (the same tables and columns as data/<region>/, a
:class:`~optim.data.loader.RegionData`); ``tiny_inputs(...)`` turns them into ModelInputs with
``build_inputs`` and hand-made time slices: one representative day (weight 365) with flat load unless
given, no heat unless given, no measures, discount rate 0 (so discount factors are 1 and annuities are
capex / lifetime, computed by build_inputs), every technology present but prohibitively expensive unless a
test makes it cheap. ``solve_tiny(inputs)`` builds and solves the LP.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from optim import vocabulary as V
from optim.config.schema import Config, validate_config
from optim.data.loader import RegionData
from optim.data.tables import MeasureRow, ObservedRow, TargetRow
from optim.inputs import ModelInputs, build_inputs
from optim.timeseries import TimeSlices

EXPENSIVE = 1e6  # CNY/kW: never built
SRC = dict(source="test value", confidence="L")
DEFAULT_TECH = dict(capex=EXPENSIVE, capex_energy=0.0, fom=0.0, vom=0.0, lifetime=30.0, heat_rate=300.0,
                    heat_to_power=0.0, availability=1.0, capacity_credit=0.0, charge_efficiency=1.0,
                    discharge_efficiency=1.0, min_duration_h=0.0, max_duration_h=1000.0, efficiency=1.0)
UNITS = {"capex": "CNY/kW", "capex_energy": "CNY/kWh", "fom": "CNY/kW/yr", "vom": "CNY/MWh", "lifetime": "yr",
         "heat_rate": "gce/kWh", "heat_to_power": "ratio", "availability": "fraction", "capacity_credit": "fraction",
         "charge_efficiency": "fraction", "discharge_efficiency": "fraction", "min_duration_h": "h",
         "max_duration_h": "h", "efficiency": "fraction", "power_loss_per_heat": "ratio", "min_heat_hours": "h",
         "max_full_load_hours": "h", "history_min_full_load_hours": "h", "first_build_year": "year"}


def _rows(points: dict, key_names: tuple, years) -> list[dict]:
    """Long rows from {k1: {k2: value or {year: value}}}."""
    out = []
    for k1, params in points.items():
        for k2, v in params.items():
            series = v if isinstance(v, dict) else {years[0]: v}
            for y, val in series.items():
                out.append({key_names[0]: k1, key_names[1]: k2, "year": int(y), "value": float(val), **SRC})
    return out


def _fleet(exist: dict) -> pd.DataFrame:
    """One unit group per technology: a constant capacity, or {year: GW} alive in the years with GW > 0."""
    rows = []
    for t, v in exist.items():
        if isinstance(v, dict):
            alive = sorted(y for y, gw in v.items() if gw > 0)
            gw, first, end = max(v.values()), alive[0], alive[-1] + 1
            first = 1990 if first == min(v) else first
        else:
            gw, first, end = float(v), 1990, 2100
        rows.append(dict(group=f"{t}_group", tech=t, capacity_mw=1000.0 * gw, commissioning_year=first,
                         retirement_year=end, heat_rate_gce_per_kwh=None, heat_to_power=None, duty="normal",
                         duty_from_year=None, **SRC))
    return pd.DataFrame(rows, columns=["group", "tech", "capacity_mw", "commissioning_year", "retirement_year",
                                       "heat_rate_gce_per_kwh", "heat_to_power", "duty", "duty_from_year",
                                       "source", "confidence"])


def tiny_region(years, demand_twh=8.76, exist=None, tech=None, fuel=None, targets=None, demand_growth=None,
                potential=None, committed=None, import_capacity=0.0, coal_eq_rate=300.0, heat_mtce=0.0) -> RegionData:
    """The tables of a tiny region (module docstring); arguments override the defaults."""
    years = list(years)
    tp = {t: dict(DEFAULT_TECH) for t in V.ALL_TECHS}
    for t, params in (tech or {}).items():
        tp[t].update(params)
    technologies = pd.DataFrame(_rows(tp, ("tech", "parameter"), years))
    technologies["unit"] = technologies.parameter.map(UNITS)
    fp = {f: {"price": 0.0, "emission_factor": 0.0, "nonfossil_share": 0.0} for f in V.FUELS}
    fp["gas"]["calorific_factor"] = 1.33
    fp["coal"].update(price=1000.0, emission_factor=2.5)
    fp["import_grid"]["price"] = fp["import_green"]["price"] = EXPENSIVE
    for f, params in (fuel or {}).items():
        fp[f].update(params)
    fuels = pd.DataFrame(_rows(fp, ("fuel", "parameter"), years)).assign(unit="test")
    base = dict(electricity_consumption=demand_twh, peak_load=1.0, import_capacity=import_capacity,
                net_electricity_inflow=0.0, co2_process=0.0, heat_network_loss=0.0, coal_generation=0.0,
                gas_generation=0.0, biomass_generation=0.0, energy_geothermal_heat=0.0, total_energy=1.0,
                energy_gas=0.0, energy_coal=0.0)
    base_rows = [dict(key=k, year=2020, value=v, unit="test", **SRC) for k, v in base.items()]
    base_rows += [dict(key="co2", year=2005, value=1.0, unit="Mt", **SRC),
                  dict(key="electricity_consumption", year=2005, value=demand_twh, unit="TWh", **SRC)]
    index = demand_growth or {}
    growth = [dict(sector="industry", carrier="electricity", period_start=y, period_end=y,
                   annual_growth=float(index.get(y, 1.0)) / float(index.get(y - 1, 1.0)) - 1.0, **SRC)
              for y in years[1:]]
    pot_rows, inc = [], []
    for t, gw in (potential or {}).items():
        pot_rows.append(dict(tech=t, zone="all", potential_mw=1000.0 * gw, max_build_mw_per_year=None, first_year=None, **SRC))
    for t, series in (committed or {}).items():
        prev = 0.0
        for y in sorted(series):
            if series[y] > prev:
                inc.append(dict(project=f"{t}_{y}", district="test", tech=t, capacity_mw=1000.0 * (series[y] - prev),
                                online_year=y, status="committed", energy_mwh=None, **SRC))
            prev = series[y]
    target_rows = []
    for t in targets or []:
        row = dict(scope="tiny", baseline_year=None, strength="binding", document="test", section="test",
                   quote_zh="test", modelled_as="constraint", unit="", translation_en=None, note=None)
        row.update(t)
        target_rows.append(row)
    return RegionData(
        name="tiny", data_dir=Path("tiny"),
        base_year=pd.DataFrame(base_rows),
        gdp=pd.DataFrame([dict(year=y, real_gdp_index=1.0, kind="statistic", **SRC) for y in sorted({2005, *years})]),
        final_energy=pd.DataFrame([dict(sector="industry", carrier="electricity", value=demand_twh, unit="TWh", **SRC),
                                   dict(sector="buildings", carrier="heat", value=float(heat_mtce), unit="Mtce", **SRC)]),
        demand_growth=pd.DataFrame(growth, columns=["sector", "carrier", "period_start", "period_end", "annual_growth",
                                                    "source", "confidence"]),
        technologies=technologies, fuels=fuels,
        economics=pd.DataFrame([dict(key="discount_rate", year=2020, value=0.0, unit="fraction", **SRC),
                                dict(key="coal_equivalent_rate_gce_per_kwh", year=2020, value=coal_eq_rate,
                                     unit="gce/kWh", **SRC)]),
        fleet=_fleet(exist or {}),
        potentials=pd.DataFrame(pot_rows, columns=["tech", "zone", "potential_mw", "max_build_mw_per_year", "first_year",
                                                   "source", "confidence"]),
        committed=pd.DataFrame(inc, columns=["project", "district", "tech", "capacity_mw", "online_year", "status",
                                             "energy_mwh", "source", "confidence"]),
        measures=pd.DataFrame(columns=list(MeasureRow.model_fields)),
        targets=pd.DataFrame(target_rows, columns=list(TargetRow.model_fields)),
        observed=pd.DataFrame(columns=list(ObservedRow.model_fields)),
        profiles=pd.DataFrame(),
    )


def tiny_slices(n_days: int = 1, load_profile=None, cf=None, months=(7,)) -> TimeSlices:
    """``n_days`` representative days of equal weight (sum 365), flat load unless given, CFs 0 unless given."""
    load = np.ones((n_days, 24)) if load_profile is None else np.asarray(load_profile, dtype=float).reshape(n_days, 24)
    weights = np.full(n_days, 365.0 / n_days)
    load_share = load / (weights[:, None] * load).sum()
    cfs = {t: np.zeros((n_days, 24)) for t in V.VRE_TECHS}
    for t, v in (cf or {}).items():
        cfs[t] = np.broadcast_to(np.asarray(v, dtype=float), (n_days, 24)).copy()
    return TimeSlices(mode="tiny", weights=weights, months=np.array(months), load_share=load_share, cf=cfs,
                      chained=False, peak_share=float(load_share.max()), heating_months=(11, 12, 1, 2, 3))


def tiny_config(years, policy=None, system=None, accounting=None, history_until=None) -> Config:
    """The tiny region's validated config (its defaults; arguments override them), as the CLI would pass it."""
    sysd = dict(reserve_margin=0.0, emergency_peaker_max_hours=500, backup_fom_share=0.3, chp_heat_fuel_efficiency=0.85,
                heat_full_load_hours=3000, dr_capacity_cost=EXPENSIVE, dr_energy_cost=0.0, dr_max_hours=50,
                calibrate_2020=False, green_import_available_twh={years[0]: 1e6}, first_year_availability=1.0,
                history_gas_floor=0.0, history_calibrate=[], import_floor_twh=0.0,
                history_until=years[0] if history_until is None else history_until)
    sysd.update(system or {})
    pol = dict(binding="hard", strive="hard", qualitative="hard", approx_band=0.05, qualitative_margin=0.0,
               soft_penalty=1000.0, persist=True)
    pol.update(policy or {})
    acc = dict(import_co2=True, nonfossil_grid_imports=True, electricity_share_method="coal_equivalent",
               exclude_new_renewables_from_energy_total=False, exclude_non_energy_from_energy_total=False)
    acc.update(accounting or {})
    return validate_config(dict(years=dict(start=years[0], end=years[-1]), run={}, time={}, solver={},
                                region=dict(name="tiny", title="Tiny region", data_dir="tiny",
                                            heating_months=[11, 12, 1, 2, 3]),
                                system=sysd, policy=pol, accounting=acc))


def tiny_inputs(years=(2020, 2021), demand_twh=8.76, load_profile=None, cf=None, exist=None, tech=None, fuel=None,
                targets=None, policy=None, system=None, accounting=None, demand_growth=None, potential=None,
                committed=None, import_capacity=0.0, coal_eq_rate=300.0, months=(7,), heat_mtce=0.0,
                history_until=None) -> ModelInputs:
    """ModelInputs of the tiny region through build_inputs. ``tech``/``fuel``: {name: {parameter: value or
    {year: value}}}; ``exist``: {tech: GW or {year: GW}}; ``heat_mtce``: district heat delivered to buildings
    (Mtce/yr, 8.141 TWh_th per Mtce), met in the slice days of the heating season (months 11-3);
    ``history_until``: last history year (default: the base year)."""
    years = list(years)
    data = tiny_region(years, demand_twh, exist, tech, fuel, targets, demand_growth, potential, committed,
                       import_capacity, coal_eq_rate, heat_mtce)
    slices = tiny_slices(len(months), load_profile, cf, months)
    return build_inputs(data, tiny_config(years, policy, system, accounting, history_until), slices)


def solve_tiny(inp):
    """Build and solve; returns (the Pyomo model, the result); the LinearProgram is ``result.lp``."""
    from optim.model import build_lp
    from optim.solver import solve

    lp = build_lp(inp)
    res = solve(lp, {"threads": 1, "random_seed": 0, "method": "simplex", "presolve": "choose", "time_limit": 60})
    return lp.model, res
