"""Solved model -> xarray Dataset of every decision and derived quantity, with units.

Coordinates: year, tech, storage, heat_tech, measure, sector, carrier, day, hour, component (cost components).
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import xarray as xr

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import existing_total
from optim.model.objective import COMPONENTS
from optim.model.rows import VarArray


def _val(x) -> float:
    v = pyo.value(x, exception=False)
    return float(v) if v is not None else 0.0


def _by_year(m, comp, years):
    return np.array([_val(comp[y]) for y in years])


def _grid(m, comp, keys, years):
    return np.array([[_val(comp[k, y]) for y in years] for k in keys])


def _values(var) -> np.ndarray:
    """All values of a dense variable as an array shaped like its index sets (unset -> 0)."""
    arr = VarArray(var)
    return np.fromiter((v.value or 0.0 for v in arr.elements), dtype=float, count=len(arr.elements)).reshape(arr.shape)


def _hourly(var, keys):
    """(len(keys), year, day, hour) values of an hourly variable; keys None for (year, day, hour) variables."""
    vals = _values(var)
    if keys == [None]:
        return vals[None]
    return vals[VarArray(var).pos(0, keys)]


def electric_load(m: pyo.ConcreteModel, inp: ModelInputs) -> np.ndarray:
    """(year, day, hour) load [GW] = 1000 s_{d,h} E_y + [d in heating] 1000 hel_y / heat hours (optim.model.balance)."""
    years = list(inp.years)
    demand = np.array([_val(m.elec_demand[y]) for y in years])
    heat = np.array([_val(m.heat_elec[y]) for y in years])
    heating = np.isin(np.arange(inp.slices.n_days), m.heating_days)
    heat_hours = 24.0 * float(inp.slices.weights[heating].sum())
    load = 1000.0 * demand[:, None, None] * np.asarray(inp.slices.load_share)[None]
    if heat_hours > 0:
        load += (1000.0 * heat / heat_hours)[:, None, None] * heating[None, :, None]
    return load


def build_dataset(m: pyo.ConcreteModel, inp: ModelInputs) -> xr.Dataset:
    """Collect results into one Dataset; each variable carries ``units`` and ``description``."""
    Y = list(inp.years)
    G, S, K, M = list(V.GENERATORS), list(V.STORAGE_TECHS), list(V.HEAT_TECHS), list(m.M)
    nd = inp.slices.n_days
    ds = xr.Dataset(coords={"year": Y, "tech": G, "storage": S, "heat_tech": K, "measure": M,
                            "day": np.arange(nd), "hour": np.arange(24)})

    def put(name, dims, data, units, desc):
        ds[name] = (dims, np.asarray(data, dtype=float))
        ds[name].attrs.update(units=units, description=desc)

    cap = _grid(m, m.cap, G, Y)
    peaker = _grid(m, m.peak_cap, G, Y)
    backup = _grid(m, m.backup_cap, G, Y)
    exist = np.array([[existing_total(inp, g, y) for y in Y] for g in G])
    online = _grid(m, m.online, G, Y)
    put("capacity", ("tech", "year"), cap + peaker + backup, "GW", "installed generation capacity (all duties)")
    put("capacity_emergency_peaker", ("tech", "year"), peaker, "GW", "existing units under emergency-peaker duty (PW-019)")
    put("capacity_backup", ("tech", "year"), backup, "GW", "units retired but kept as backup (PW-020)")
    put("capacity_new", ("tech", "year"), _grid(m, m.cap_new, G, Y), "GW", "new capacity built since 2020, alive")
    put("capacity_operating", ("tech", "year"), _grid(m, m.cap_op, G, Y), "GW",
        "normal-duty capacity in operation over the year (units commissioned in the year count part-year)")
    peaker_gen = np.zeros((len(G), len(Y)))
    for g in m.G_peaker:
        peaker_gen[G.index(g)] = [_val(m.peak_twh[g, y]) for y in Y]
    put("generation_peaker", ("tech", "year"), peaker_gen, "TWh", "generation under emergency-peaker duty (PW-019)")
    put("early_retirement", ("tech", "year"), exist - online - peaker - backup, "GW",
        "existing capacity retired before its expected end (all duties)")
    builds = np.zeros((len(G), len(Y)))
    for (g, v) in m.GV:
        builds[G.index(g), Y.index(v)] = _val(m.build[g, v])
    put("build", ("tech", "year"), builds, "GW", "new capacity commissioned in the year")
    put("generation", ("tech", "year"), _grid(m, m.gen_twh, G, Y), "TWh", "annual generation")
    curt = np.zeros((len(G), len(Y)))
    for g in V.VRE_TECHS:
        curt[G.index(g)] = [_val(m.curt_twh[g, y]) for y in Y]
    put("curtailment", ("tech", "year"), curt, "TWh", "curtailed wind and PV output")
    put("storage_power", ("storage", "year"), _grid(m, m.sto_p, S, Y), "GW", "storage power capacity")
    put("storage_energy", ("storage", "year"), _grid(m, m.sto_e, S, Y), "GWh", "storage energy capacity")
    put("heat_output", ("heat_tech", "year"), _grid(m, m.heat_out, K, Y), "TWh_th", "heat from heat-only sources")
    chp = np.zeros((len(G), len(Y)))
    for g in m.G_chp:
        chp[G.index(g)] = [_val(m.chp_heat[g, y]) for y in Y]
    put("chp_heat_by_tech", ("tech", "year"), chp, "TWh_th", "heat from CHP units (extraction, heat-led)")
    put("chp_heat", ("year",), chp.sum(axis=0), "TWh_th", "heat from CHP")
    put("import_capacity", ("year",), _by_year(m, m.ic_cap, Y), "GW", "interconnector import capability")
    put("imports_grid", ("year",), _by_year(m, m.imp_grid_twh, Y), "TWh", "grid-average imports")
    put("imports_green", ("year",), _by_year(m, m.imp_green_twh, Y), "TWh", "green imports")
    put("demand_response_capacity", ("year",), [_val(m.dr_cap[y]) for y in Y], "GW", "demand-response capacity")
    put("electricity_demand", ("year",), _by_year(m, m.elec_demand, Y), "TWh", "final electricity demand (incl. own use, losses)")
    put("electricity_consumption", ("year",), _by_year(m, m.consumption, Y), "TWh", "electricity consumption incl. district-heat electricity")
    put("peak_load", ("year",), _by_year(m, m.peak_load, Y), "GW", "annual peak load")
    put("heat_demand", ("year",), _by_year(m, m.heat_demand, Y), "TWh_th", "district heat delivered")
    for name, comp, units, desc in (
        ("coal_use", m.coal_use, "Mtce", "coal consumption"), ("gas_use", m.gas_use, "Mtce", "natural gas consumption"),
        ("gas_bcm", m.gas_bcm, "bcm", "natural gas consumption"), ("oil_use", m.oil_use, "Mtce", "oil consumption"),
        ("primary_electricity", m.primary_elec, "Mtce", "local renewable and imported electricity (coal-equivalent)"),
        ("geothermal", m.geothermal, "Mtce", "geothermal heat"),
        ("energy_total", m.energy_total, "Mtce", "total energy consumption"), ("nonfossil", m.nonfossil, "Mtce", "non-fossil energy"),
        ("co2", m.co2, "MtCO2", "CO2 emissions (config accounting convention)"), ("co2_power_heat", m.co2_power, "MtCO2", "CO2 of local power and heat"),
        ("final_energy_total", m.final_energy_total, "Mtce", "final energy excl. non-energy use"),
        ("final_electricity", m.final_elec_mtce, "Mtce", "final electricity (method of accounting.electricity_share_method)"),
    ):
        put(name, ("year",), _by_year(m, comp, Y), units, desc)
    ds["nonfossil_share"] = 100 * ds.nonfossil / ds.energy_total
    ds["nonfossil_share"].attrs.update(units="%", description="non-fossil share of total energy consumption")
    ds["electricity_share_final"] = 100 * ds.final_electricity / ds.final_energy_total
    ds["electricity_share_final"].attrs.update(units="%", description="electricity share of final energy")
    gdp = np.array([inp.gdp[y] for y in Y])
    ds["gdp_index"] = ("year", gdp)
    ds["gdp_index"].attrs.update(units="2005 = 1", description="real GDP index")
    ds["co2_intensity_vs_2005"] = 100 * (1 - (ds.co2 / gdp) / (inp.co2_2005 / inp.gdp[2005]))
    ds["co2_intensity_vs_2005"].attrs.update(units="%", description="reduction of CO2 per GDP vs 2005")
    for name, var in (("co2_intensity_vs_2020", "co2"), ("energy_intensity_vs_2020", "energy_total")):
        ds[name] = 100 * (1 - (ds[var] / gdp) / (float(ds[var].sel(year=Y[0])) / gdp[0]))
        ds[name].attrs.update(units="%", description=f"reduction of {var} per GDP vs {Y[0]}")
    sc = sorted(inp.final_energy)
    sectors = sorted({s for s, _ in sc})
    fe = np.full((len(sectors), len(V.CARRIERS), len(Y)), np.nan)
    for (s, c) in sc:
        fe[sectors.index(s), V.CARRIERS.index(c)] = [_val(m.fe[s, c, y]) for y in Y]
    ds = ds.assign_coords(sector=sectors, carrier=list(V.CARRIERS))
    put("final_energy", ("sector", "carrier", "year"), fe, "Mtce (electricity: TWh)", "final energy by sector and carrier")
    put("adoption", ("measure", "year"), _grid(m, m.adopt, M, Y), "Mtce/yr", "measure adoption (annual saving of the carrier saved)")
    comps = list(COMPONENTS)
    costs = np.array([[_val(getattr(m, f"cost_{c}")[y]) for y in Y] for c in comps])
    ds = ds.assign_coords(component=comps)
    put("cost", ("component", "year"), costs, "MCNY", "system cost by component (undiscounted, 2020 prices)")
    put("discount_factor", ("year",), [inp.discount[y] for y in Y], "1", "discount factor to 2020")
    # hourly
    dispatch = _hourly(m.gen, G)
    for g in m.G_peaker:
        dispatch[G.index(g)] += _hourly(m.peak_gen, [g])[0]
    put("dispatch", ("tech", "year", "day", "hour"), dispatch, "GW", "hourly generation, all duties (incl. emergency peakers)")
    put("curtailment_hourly", ("tech", "year", "day", "hour"),
        np.concatenate([_hourly(m.curt, [g]) if g in V.VRE_TECHS else np.zeros((1, len(Y), nd, 24)) for g in G]),
        "GW", "hourly curtailment")
    put("charge", ("storage", "year", "day", "hour"), _hourly(m.ch, S), "GW", "storage charging")
    put("discharge", ("storage", "year", "day", "hour"), _hourly(m.dis, S), "GW", "storage discharging")
    put("state_of_charge", ("storage", "year", "day", "hour"), _hourly(m.soc, S), "GWh", "storage state of charge")
    put("imports_grid_hourly", ("year", "day", "hour"), _hourly(m.imp_grid, [None])[0], "GW", "grid-average imports")
    put("imports_green_hourly", ("year", "day", "hour"), _hourly(m.imp_green, [None])[0], "GW", "green imports")
    put("demand_response_hourly", ("year", "day", "hour"), _hourly(m.dr, [None])[0], "GW", "demand response used")
    put("electric_load", ("year", "day", "hour"), electric_load(m, inp), "GW", "electric load")
    if inp.slices.linked:
        ds = ds.assign_coords(calendar_day=np.arange(len(inp.slices.sequence)))
        put("state_of_charge_daily", ("storage", "year", "calendar_day"), _values(m.soc_day), "GWh",
            "storage level at the start of each calendar day (clustered days linked across the year)")
        put("day_of_calendar_day", ("calendar_day",), inp.slices.sequence, "1", "slice day standing for each calendar day")
    put("day_weight", ("day",), inp.slices.weights, "days", "days of the year represented by each slice day")
    put("day_month", ("day",), inp.slices.months, "month", "calendar month of each slice day")
    ds.attrs.update(title="Tianjin least-cost carbon-peak pathway", time_mode=inp.slices.mode,
                    currency="MCNY = million CNY, 2020 prices", discount_rate=inp.discount_rate)
    return ds
