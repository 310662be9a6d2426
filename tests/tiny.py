"""A tiny, hand-checkable instance of the pathway LP for tests.

``tiny_inputs(...)`` builds :class:`optim.inputs.ModelInputs` directly (no data files):
one representative day (weight 365) with flat load unless given, no heat, no measures,
discount rate 0 (so discount factors are 1 and annuities are capex / lifetime), every
technology present but prohibitively expensive unless a test makes it cheap.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.timeseries import TimeSlices

EXPENSIVE = 1e6  # CNY/kW: never built


def _flat(value, years):
    return {y: float(value) for y in years}


def tiny_inputs(years=(2020, 2021), demand_twh=8.76, load_profile=None, cf=None, exist=None, tech=None, fuel=None,
                targets=None, policy=None, system=None, accounting=None, demand_growth=None, potential=None,
                committed=None, import_capacity=0.0, coal_eq_rate=300.0, months=(7,), heat_mtce=0.0,
                history_until=None) -> ModelInputs:
    """A 1-day-per-year LP; ``tech``/``fuel`` entries override defaults {tech: {param: value}}.

    ``heat_mtce``: district heat delivered to buildings (Mtce/yr, 8.141 TWh_th per Mtce), met in the slice
    days of the heating season (months 11-3); ``history_until``: last history year (default: the base year).
    """
    years = list(years)
    n_days = len(months)
    load = np.ones((n_days, 24)) if load_profile is None else np.asarray(load_profile, dtype=float).reshape(n_days, 24)
    weights = np.full(n_days, 365.0 / n_days)
    load_share = load / (weights[:, None] * load).sum()
    cfs = {t: np.zeros((n_days, 24)) for t in V.VRE_TECHS}
    for t, v in (cf or {}).items():
        cfs[t] = np.broadcast_to(np.asarray(v, dtype=float), (n_days, 24)).copy()
    slices = TimeSlices(mode="tiny", weights=weights, months=np.array(months), load_share=load_share, cf=cfs,
                        chained=False, peak_share=float(load_share.max()))
    defaults = dict(capex=EXPENSIVE, capex_energy=0.0, fom=0.0, vom=0.0, lifetime=30.0, heat_rate=300.0,
                    heat_to_power=0.0, availability=1.0, capacity_credit=0.0, charge_efficiency=1.0,
                    discharge_efficiency=1.0, min_duration_h=0.0, max_duration_h=1000.0, efficiency=1.0)
    tp = {t: {p: _flat(v, years) for p, v in defaults.items()} for t in V.ALL_TECHS}
    for t, params in (tech or {}).items():
        for p, v in params.items():
            tp[t][p] = _flat(v, years) if not isinstance(v, dict) else {y: float(v.get(y, v.get(str(y), 0))) for y in years}
    fp = {f: {"price": _flat(0.0, years), "emission_factor": _flat(0.0, years), "nonfossil_share": _flat(0.0, years)}
          for f in V.FUELS}
    fp["gas"]["calorific_factor"] = _flat(1.33, years)
    fp["coal"]["price"] = _flat(1000.0, years)
    fp["coal"]["emission_factor"] = _flat(2.5, years)
    fp["import_grid"]["price"] = _flat(EXPENSIVE, years)
    fp["import_green"]["price"] = _flat(EXPENSIVE, years)
    for f, params in (fuel or {}).items():
        for p, v in params.items():
            fp[f][p] = _flat(v, years)
    ex = {t: _flat(0.0, years) for t in V.GENERATORS}
    for t, v in (exist or {}).items():
        ex[t] = _flat(v, years) if not isinstance(v, dict) else {y: float(v[y]) for y in years}
    zero = {t: _flat(0.0, years) for t in V.GENERATORS}
    build_years = {t: years[1:] for t in V.BUILDABLE_GENERATORS + V.STORAGE_TECHS + V.HEAT_TECHS + (V.INTERCONNECTOR,)}
    alive, annuity = {}, {}
    for t, vs in build_years.items():
        life = tp[t]["lifetime"][years[0]]
        for v in vs:
            alive[(t, v)] = [y for y in years if v <= y < v + life]
            annuity[(t, v)] = tp[t]["capex"][v] / life
            if t in V.STORAGE_TECHS:
                annuity[(t + ":energy", v)] = tp[t]["capex_energy"][v] / life
    growth = demand_growth or {}
    idx = {}
    for y in years:
        idx[("industry", "electricity", y)] = float(growth.get(y, 1.0))
        idx[("buildings", "heat", y)] = 1.0
    sysd = dict(reserve_margin=0.0, emergency_peaker_max_hours=500, backup_fom_share=0.3, chp_heat_fuel_efficiency=0.85,
                heat_full_load_hours=3000, dr_capacity_cost=EXPENSIVE, dr_energy_cost=0.0, dr_max_hours=50,
                calibrate_2020=False, green_import_available_twh={years[0]: 1e6},
                history_until=years[0] if history_until is None else history_until)
    sysd.update(system or {})
    pol = dict(binding="hard", strive="hard", qualitative="hard", approx_band=0.05, qualitative_margin=0.0,
               soft_penalty=1000.0)
    pol.update(policy or {})
    acc = dict(import_co2=True, nonfossil_grid_imports=True, electricity_share_method="coal_equivalent",
               exclude_new_renewables_from_energy_total=False, exclude_non_energy_from_energy_total=False)
    acc.update(accounting or {})
    cols = ["id", "scope", "year", "indicator", "sense", "value", "unit", "baseline_year", "strength", "document",
            "section", "quote_zh", "modelled_as", "mode", "penalty", "value_source"]
    trows = []
    for t in targets or []:
        row = dict(scope="tianjin", baseline_year=None, strength="binding", document="test", section="test",
                   quote_zh="test", modelled_as="constraint", mode=None, penalty=np.nan, unit="", value_source="test")
        row.update(t)
        trows.append(row)
    return ModelInputs(
        years=years, base_year=years[0], slices=slices, discount_rate=0.0, discount=_flat(1.0, years),
        gdp={**_flat(1.0, years), 2005: 1.0}, tech=tp, fuel=fp, coal_eq_rate=_flat(coal_eq_rate, years),
        exist=ex, exist_peaker=zero, exist_backup={t: _flat(0.0, years) for t in V.GENERATORS},
        build_years=build_years, potential_gw=dict(potential or {}), max_build_gw={},
        committed=dict(committed or {}), committed_energy={}, annuity=annuity, alive=alive,
        import_capacity_2020=import_capacity,
        base=dict(electricity_consumption=demand_twh, peak_load=1.0, import_capacity=import_capacity,
                  net_electricity_inflow=0.0, co2_process=0.0, heat_network_loss=0.0, coal_generation=0.0,
                  gas_generation=0.0, biomass_generation=0.0, energy_geothermal_heat=0.0, total_energy=1.0),
        final_energy={("industry", "electricity"): demand_twh, ("buildings", "heat"): float(heat_mtce)}, demand_index=idx,
        measures=pd.DataFrame(columns=["id", "name", "kind", "sector", "carrier_saved", "carrier_added", "added_per_saved",
                                       "activity_unit", "activity_per_mtce", "target_link"]),
        measure_potential={}, measure_cost={}, co2_2005=1.0,
        targets=pd.DataFrame(trows, columns=cols), system=sysd, accounting=acc, policy=pol,
    )


def solve_tiny(inp):
    """Build and solve; returns (model, result)."""
    from optim.model import build_model
    from optim.solve import solve

    m = build_model(inp)
    res = solve(m, {"threads": 1, "random_seed": 0, "method": "simplex", "presolve": "choose", "time_limit": 60})
    return m, res
