"""Model inputs: validated data + config numbers -> parameters in model units.

Model units: capacity GW; hourly dispatch GW (= GWh per hour); annual energy TWh;
fuels and primary energy Mtce; heat TWh_th; CO2 Mt; money MCNY (million CNY, 2020 prices).

Config overrides (``costs``, ``fuels``, ``economics``, ``potentials``, ``gdp``,
``measures``, ``targets``, ``base``) replace the data values they name; ``tech_profile`` scales a
wind or PV profile to given full-load hours (optim.timeseries.with_full_load_hours); everything
else comes from the region's data tables. The 2020 statistics the base year is calibrated to are
one balance: ``base.<k>.2020 = v`` for k in BASE_RESIDUAL moves the final-energy rows that the data derives
as the residual of that statistic by the difference v - data value, in proportion to their values
(oil: every oil row; coal: industry coal; gas: industry and buildings gas; geothermal heat: buildings heat,
net of network losses), so that the calibrated 2020 balance still holds.
``ModelInputs`` is a plain container: the model blocks read it, nothing writes back.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from optim import vocabulary as V
from optim.calibration import demand_index as calibrated_demand_index
from optim.calibration import load_factors, observations
from optim.config.schema import Accounting, Config, Policy, System
from optim.data.errors import ConfigError
from optim.data.loader import RegionData
from optim.interpolate import crf, interpolate
# config overrides of data numbers: shapes, names and ranges are checked in optim.config.overrides
from optim.config.overrides import apply_overrides as _apply_overrides
from optim.config.overrides import apply_target_overrides as _targets
from optim.config.overrides import check_base_keys, tech_profile_hours
from optim.timeseries import TimeSlices, max_full_load_hours, with_full_load_hours

TWH_PER_MTCE_HEAT = V.MWH_PER_TCE  # 1 Mtce of heat = 8.141 TWh_th


def _nested_points(frame: pd.DataFrame, key_cols: tuple[str, str]) -> dict:
    """{k1: {k2: {year: value}}} from a long table."""
    out: dict = {}
    for row in frame.itertuples(index=False):
        k1, k2 = getattr(row, key_cols[0]), getattr(row, key_cols[1])
        out.setdefault(k1, {}).setdefault(k2, {})[int(row.year)] = float(row.value)
    return out


@dataclass
class ModelInputs:
    """Everything the LP needs, in model units, indexed by plain Python keys."""

    years: list[int]
    base_year: int
    slices: TimeSlices
    discount_rate: float
    discount: dict[int, float]                 # 1/(1+r)^(y - y0)
    gdp: dict[int, float]                      # real GDP index, 2005 = 1
    tech: dict                                 # tech -> param -> {year: value} (interpolated)
    fuel: dict                                 # fuel -> param -> {year: value}
    coal_eq_rate: dict[int, float]             # gce/kWh, coal-equivalent rate of primary electricity
    exist: dict[str, dict[int, float]]         # tech -> year -> GW existing, normal duty
    exist_peaker: dict[str, dict[int, float]]  # coal techs -> year -> GW under emergency-peaker duty
    exist_backup: dict[str, dict[int, float]]  # tech -> year -> GW retired but kept as backup
    build_years: dict[str, list[int]]          # buildable tech -> vintages allowed
    potential_gw: dict[str, float]             # tech -> max total capacity (GW)
    max_build_gw: dict[str, float]             # tech -> max new build per year (GW)
    committed: dict[str, dict[int, float]]     # tech -> year -> cumulative committed new GW
    committed_energy: dict[str, dict[int, float]]  # storage -> year -> cumulative committed GWh
    annuity: dict[tuple[str, int], float]      # (tech, vintage) -> MCNY per GW per year alive (or per GWh)
    alive: dict[tuple[str, int], list[int]]    # (tech, vintage) -> years alive inside the horizon
    import_capacity_2020: float                # GW
    base: dict[str, float]                     # base-year statistics used by the model
    final_energy: dict[tuple[str, str], float]  # (sector, carrier) -> 2020 value (Mtce; electricity TWh)
    demand_index: dict[tuple[str, str, int], float]  # (sector, carrier, year) -> index 2020 = 1
    measures: pd.DataFrame
    measure_potential: dict[tuple[str, int], float]  # (measure, year) -> Mtce/yr
    measure_cost: dict[str, float]             # measure -> MCNY per Mtce/yr adopted per year (levelised)
    co2_2005: float
    targets: pd.DataFrame                      # registry rows with config overrides applied
    system: System                             # config sections, typed (optim.config.schema; units there)
    accounting: Accounting
    policy: Policy
    notes: list[str] = field(default_factory=list)
    observed: dict = field(default_factory=dict)   # (indicator, year) -> calibration.Observation
    load_factor: dict[int, float] = field(default_factory=dict)  # year -> peak load factor ({}: the load shape's own)
    exist_commissioned: dict = field(default_factory=dict)  # tech -> year -> GW of fleet groups commissioned that year
    region: str = ""                               # the region's name = the scope of its targets in targets.csv


def _year_params(points: dict, years: list[int]) -> dict:
    return {k: {p: interpolate(v, years) for p, v in params.items()} for k, params in points.items()}


def build_inputs(data: RegionData, cfg: Config, slices: TimeSlices) -> ModelInputs:
    """Combine validated data and the resolved config into :class:`ModelInputs`."""
    y0, y1 = cfg.years.start, cfg.years.end  # 2020 and 2021..2060 (optim.config.schema.Years)
    years = list(range(y0, y1 + 1))

    tech_points = _apply_overrides(_nested_points(data.technologies, ("tech", "parameter")), cfg.costs, "costs")
    fuel_points = _apply_overrides(_nested_points(data.fuels, ("fuel", "parameter")), cfg.fuels, "fuels")
    econ_points = {}
    for row in data.economics.itertuples(index=False):
        econ_points.setdefault(row.key, {})[int(row.year)] = float(row.value)
    econ_points = _apply_overrides(econ_points, cfg.economics, "economics")
    tech = _year_params(tech_points, years)
    fuel = _year_params(fuel_points, years)
    rate = float(next(iter(econ_points["discount_rate"].values())))
    if not 0 <= rate < 0.3:
        raise ConfigError(f"Config key 'economics.discount_rate' = {rate}: expected a fraction in [0, 0.3).")
    discount = {y: (1 + rate) ** -(y - y0) for y in years}
    coal_eq = interpolate(econ_points["coal_equivalent_rate_gce_per_kwh"], years)

    gdp_points = {int(r.year): float(r.real_gdp_index) for r in data.gdp.itertuples(index=False)}
    gdp_points = _apply_overrides(gdp_points, cfg.gdp, "gdp")
    gdp_all = interpolate(gdp_points, sorted(set(years) | {2005}))
    gdp = {y: gdp_all[y] for y in years} | {2005: gdp_all[2005]}

    exist, exist_peaker, exist_backup, exist_commissioned = _existing_fleet(data.fleet, years)
    pot, max_build, first_year = _potentials(data, cfg.potentials)
    build_years = {}
    for t in V.BUILDABLE_GENERATORS + V.STORAGE_TECHS + V.HEAT_TECHS + (V.INTERCONNECTOR,):
        fb = int(tech[t].get("first_build_year", {y0: y0 + 1})[y0]) if "first_build_year" in tech[t] else y0 + 1
        fb = max(fb, first_year.get(t, y0 + 1), y0 + 1)
        build_years[t] = [v for v in years if v >= fb]
    committed, committed_energy = _committed(data.committed, years)

    annuity, alive = {}, {}
    for t, vintages in build_years.items():
        life = tech[t]["lifetime"][y0]
        for v in vintages:
            alive[(t, v)] = [y for y in years if v <= y < v + life]
            annuity[(t, v)] = tech[t]["capex"][v] * crf(rate, life)  # CNY/kW = MCNY/GW
            if t in V.STORAGE_TECHS and "capex_energy" in tech[t]:
                annuity[(t + ":energy", v)] = tech[t]["capex_energy"][v] * crf(rate, life)  # CNY/kWh = MCNY/GWh

    base_points = _base_points(data, cfg.base)
    fe = {(r.sector, r.carrier): float(r.value) for r in data.final_energy.itertuples(index=False)}
    fe = _move_residuals(fe, data, base_points, cfg.base)
    hours = tech_profile_hours(cfg.tech_profile, V.VRE_TECHS)
    for name, h in hours.items():
        if h > max_full_load_hours(slices, name):
            raise ConfigError(f"Config key 'tech_profile.{name}.full_load_hours' = {h:g}: cannot be reached with the "
                              f"{name} profile of the time slices (at most {max_full_load_hours(slices, name):,.0f} "
                              f"h/yr, every producing hour at full output).")
    slices = with_full_load_hours(slices, hours)
    obs = observations(data.observed)
    demand_index = calibrated_demand_index(data.demand_growth, fe, years, obs, cfg.system.history_until)
    m_pot, m_cost = _measures(data.measures, years, rate, cfg.measures)

    base = {k: _stat(base_points, data, k, 2020) for k in (
        "electricity_consumption", "peak_load", "import_capacity", "net_electricity_inflow", "co2_process",
        "heat_network_loss", "coal_generation", "gas_generation", "biomass_generation", "energy_geothermal_heat",
        "total_energy", "energy_gas", "energy_coal")}
    targets = _targets(data.targets, {tid: ov.model_dump(exclude_none=True) for tid, ov in cfg.targets.items()})
    return ModelInputs(
        years=years, base_year=y0, slices=slices, discount_rate=rate, discount=discount, gdp=gdp,
        tech=tech, fuel=fuel, coal_eq_rate=coal_eq, exist=exist, exist_peaker=exist_peaker,
        exist_backup=exist_backup, build_years=build_years, potential_gw=pot, max_build_gw=max_build,
        committed=committed, committed_energy=committed_energy, annuity=annuity, alive=alive,
        import_capacity_2020=base["import_capacity"], base=base, final_energy=fe, demand_index=demand_index,
        measures=data.measures, measure_potential=m_pot, measure_cost=m_cost,
        co2_2005=_stat(base_points, data, "co2", 2005), targets=targets, system=cfg.system,
        accounting=cfg.accounting, policy=cfg.policy, observed=obs,
        load_factor=load_factors(obs, years), exist_commissioned=exist_commissioned, region=cfg.region.name,
    )


def _base_points(data: RegionData, overrides: dict | None) -> dict:
    """{key: {year: value}} of base_year.csv with ``base.<key>.<year>`` overrides (only rows the model reads)."""
    check_base_keys(overrides)
    pts: dict = {}
    for r in data.base_year.itertuples(index=False):
        pts.setdefault(r.key, {})[int(r.year)] = float(r.value)
    return _apply_overrides(pts, overrides, "base")


#: base_year.csv statistic -> (final-energy rows derived as its residual, share of the difference they take)
BASE_RESIDUAL = {"energy_oil": (lambda s, c: c == "oil", lambda pts: 1.0),
                 "energy_coal": (lambda s, c: (s, c) == ("industry", "coal"), lambda pts: 1.0),
                 "energy_gas": (lambda s, c: (s, c) in (("industry", "gas"), ("buildings", "gas")), lambda pts: 1.0),
                 "energy_geothermal_heat": (lambda s, c: (s, c) == ("buildings", "heat"),
                                            lambda pts: 1.0 - pts["heat_network_loss"][2020])}


def _move_residuals(fe: dict, data: RegionData, points: dict, overrides: dict | None) -> dict:
    """Final energy 2020 after ``base.<k>.2020`` overrides of BASE_RESIDUAL statistics (module docstring):
    row_r += (v - v_data) x share x row_r / sum of the rows (a row may not become negative: ConfigError)."""
    fe = dict(fe)
    for key, (rows, share) in BASE_RESIDUAL.items():
        if 2020 not in {int(y) for y in (overrides or {}).get(key, {})}:
            continue
        delta = (points[key][2020] - data.stat(key, 2020)) * share(points)
        picked = [k for k in fe if rows(*k)]
        total = sum(fe[k] for k in picked)
        for k in picked:
            fe[k] += delta * (fe[k] / total if total > 0 else 1.0 / len(picked))
            if fe[k] < 0:
                raise ConfigError(f"Config key 'base.{key}.2020' = {points[key][2020]:g}: final_energy_2020.csv row "
                                  f"{k[0]},{k[1]} would become negative ({fe[k]:.3g}) after taking the difference.")
    return fe


def _stat(points: dict, data: RegionData, key: str, year: int) -> float:
    """A base-year statistic after overrides (a missing row: the loader's DataError)."""
    if year in points.get(key, {}):
        return float(points[key][year])
    return data.stat(key, year)


def _existing_fleet(fleet: pd.DataFrame, years: list[int]):
    """Existing capacity (GW) per tech and year, split by duty.

    A unit group counts in year y if commissioning_year <= y < retirement_year. From its
    duty_from_year an emergency_peaker group moves to the peaker pool and a
    backup_retired group to the backup pool (no generation, counts for adequacy). Also returns the
    capacity commissioned in each year (for the first-year availability of optim.model.power).
    """
    exist = {t: {y: 0.0 for y in years} for t in V.GENERATORS}
    peaker = {t: {y: 0.0 for y in years} for t in V.GENERATORS}
    backup = {t: {y: 0.0 for y in years} for t in V.GENERATORS}
    commissioned = {t: {y: 0.0 for y in years} for t in V.GENERATORS}
    for r in fleet.itertuples(index=False):
        for y in years:
            if r.commissioning_year <= y < r.retirement_year:
                gw = r.capacity_mw / 1000.0
                duty_on = r.duty != "normal" and r.duty_from_year is not None and y >= r.duty_from_year
                pool = (peaker if r.duty == "emergency_peaker" else backup) if duty_on else exist
                pool[r.tech][y] += gw
                if y == r.commissioning_year and not duty_on:
                    commissioned[r.tech][y] += gw
    return exist, peaker, backup, commissioned


def _potentials(data: RegionData, overrides: dict | None):
    """Sum zones per tech: potential (GW; none if a zone leaves it empty), max build per year (GW/yr), first year."""
    pts: dict = {}
    for r in data.potentials.itertuples(index=False):
        pts.setdefault(r.tech, {})[r.zone] = {
            "potential_mw": r.potential_mw if r.potential_mw is not None else np.nan,
            "max_build_mw_per_year": r.max_build_mw_per_year if r.max_build_mw_per_year is not None else np.nan,
            "first_year": r.first_year if r.first_year is not None else np.nan,
        }
    pts = _apply_overrides(pts, overrides, "potentials")
    pot, mb, fy = {}, {}, {}
    for t, zones in pts.items():
        sizes = [z["potential_mw"] for z in zones.values()]
        if not any(np.isnan(sizes)):  # an empty potential_mw: no resource limit, only the build rate
            pot[t] = sum(sizes) / 1000.0
        rates = [z["max_build_mw_per_year"] for z in zones.values() if not np.isnan(z["max_build_mw_per_year"])]
        if rates:
            mb[t] = sum(rates) / 1000.0
        firsts = [z["first_year"] for z in zones.values() if not np.isnan(z["first_year"])]
        if firsts:
            fy[t] = int(min(firsts))
    return pot, mb, fy


def _committed(frame: pd.DataFrame, years: list[int]):
    cap: dict = {}
    energy: dict = {}
    for r in frame[frame.status == "committed"].itertuples(index=False):
        for y in years:
            if y >= r.online_year:
                cap.setdefault(r.tech, {}).setdefault(y, 0.0)
                cap[r.tech][y] += r.capacity_mw / 1000.0
                if r.energy_mwh is not None and not pd.isna(r.energy_mwh):
                    energy.setdefault(r.tech, {}).setdefault(y, 0.0)
                    energy[r.tech][y] += r.energy_mwh / 1000.0
    return cap, energy


def _measures(measures: pd.DataFrame, years: list[int], rate: float, overrides: dict | None):
    """Adoption caps (Mtce/yr, interpolated from 0 in 2020) and levelised costs.

    Levelised cost per year of adopted saving capacity (MCNY per Mtce/yr):
      c_m = capex_m * CRF(r, life_m) + om_m     [CNY per tce/yr = MCNY per Mtce/yr]
    """
    pts = {r.id: {"potential_2025": r.potential_2025, "potential_2030": r.potential_2030,
                  "potential_2035": r.potential_2035, "capex_cny_per_tce_yr": r.capex_cny_per_tce_yr,
                  "om_cny_per_tce_yr": r.om_cny_per_tce_yr, "lifetime_yr": r.lifetime_yr}
           for r in measures.itertuples(index=False)}
    pts = _apply_overrides(pts, overrides, "measures")
    pot, cost = {}, {}
    for m, p in pts.items():
        series = interpolate({2020: 0.0, 2025: p["potential_2025"], 2030: p["potential_2030"],
                              2035: p["potential_2035"]}, years)
        for y in years:
            pot[(m, y)] = series[y]
        cost[m] = p["capex_cny_per_tce_yr"] * crf(rate, p["lifetime_yr"]) + p["om_cny_per_tce_yr"]
    return pot, cost
