"""Tidy CSV tables from the results dataset (long format, units in a column or the name)."""
from __future__ import annotations

import pandas as pd
import xarray as xr

from optim import vocabulary as V


def summary_by_year(ds: xr.Dataset) -> pd.DataFrame:
    """The pathway by year: cost, CO2, intensities, coal, gas, non-fossil share, capacity, imports."""
    cap = ds.capacity
    out = pd.DataFrame({
        "year": ds.year.values,
        "system_cost_mcny": ds.cost.sum("component").values,
        "system_cost_discounted_mcny": (ds.cost.sum("component") * ds.discount_factor).values,
        "co2_mt": ds.co2.values,
        "co2_power_heat_mt": ds.co2_power_heat.values,
        "co2_intensity_reduction_vs_2005_pct": ds.co2_intensity_vs_2005.values,
        "co2_intensity_reduction_vs_2020_pct": ds.co2_intensity_vs_2020.values,
        "energy_intensity_reduction_vs_2020_pct": ds.energy_intensity_vs_2020.values,
        "energy_total_mtce": ds.energy_total.values,
        "coal_mtce": ds.coal_use.values,
        "oil_mtce": ds.oil_use.values,
        "gas_bcm": ds.gas_bcm.values,
        "nonfossil_share_pct": ds.nonfossil_share.values,
        "electricity_share_final_energy_pct": ds.electricity_share_final.values,
        "electricity_consumption_twh": ds.electricity_consumption.values,
        "peak_load_gw": ds.peak_load.values,
        "renewable_capacity_gw": cap.sel(tech=list(V.RENEWABLE_GENERATORS)).sum("tech").values,
        "wind_gw": cap.sel(tech=list(V.WIND_TECHS)).sum("tech").values,
        "pv_gw": cap.sel(tech=list(V.PV_TECHS)).sum("tech").values,
        "coal_capacity_gw": cap.sel(tech=list(V.COAL_TECHS)).sum("tech").values,
        "gas_capacity_gw": cap.sel(tech=list(V.GAS_TECHS)).sum("tech").values,
        "storage_power_gw": ds.storage_power.sum("storage").values,
        "storage_energy_gwh": ds.storage_energy.sum("storage").values,
        "import_capacity_gw": ds.import_capacity.values,
        "imports_grid_twh": ds.imports_grid.values,
        "imports_green_twh": ds.imports_green.values,
        "curtailment_twh": ds.curtailment.sum("tech").values,
        "demand_response_gw": ds.demand_response_capacity.values,
    })
    return out


def capacity_table(ds: xr.Dataset) -> pd.DataFrame:
    rows = []
    for y in ds.year.values:
        for t in ds.tech.values:
            c = ds.sel(year=y, tech=t)
            rows.append(dict(year=int(y), tech=str(t), kind="generator", capacity=float(c.capacity), unit="GW",
                             new_build=float(c.build), early_retirement=float(c.early_retirement),
                             emergency_peaker=float(c.capacity_emergency_peaker), backup=float(c.capacity_backup)))
        for s in ds.storage.values:
            c = ds.sel(year=y, storage=s)
            rows.append(dict(year=int(y), tech=str(s), kind="storage_power", capacity=float(c.storage_power), unit="GW"))
            rows.append(dict(year=int(y), tech=str(s), kind="storage_energy", capacity=float(c.storage_energy), unit="GWh"))
        rows.append(dict(year=int(y), tech=V.INTERCONNECTOR, kind="import_capacity",
                         capacity=float(ds.import_capacity.sel(year=y)), unit="GW"))
        rows.append(dict(year=int(y), tech="demand_response", kind="demand_response",
                         capacity=float(ds.demand_response_capacity.sel(year=y)), unit="GW"))
    return pd.DataFrame(rows)


def generation_table(ds: xr.Dataset) -> pd.DataFrame:
    df = ds[["generation", "curtailment", "capacity"]].to_dataframe().reset_index()
    df["full_load_hours"] = (1000 * df.generation / df.capacity.where(df.capacity > 1e-9)).round(0)
    df = df.rename(columns={"generation": "generation_twh", "curtailment": "curtailment_twh", "capacity": "capacity_gw"})
    extra = []
    for y in ds.year.values:
        extra.append(dict(year=int(y), tech="imports_grid", generation_twh=float(ds.imports_grid.sel(year=y))))
        extra.append(dict(year=int(y), tech="imports_green", generation_twh=float(ds.imports_green.sel(year=y))))
    return pd.concat([df[["year", "tech", "generation_twh", "curtailment_twh", "capacity_gw", "full_load_hours"]],
                      pd.DataFrame(extra)], ignore_index=True).sort_values(["year", "tech"])


def energy_balance_table(ds: xr.Dataset) -> pd.DataFrame:
    rows = []
    items = [("coal", "coal_use", "Mtce"), ("oil", "oil_use", "Mtce"), ("natural_gas", "gas_use", "Mtce"),
             ("primary_and_imported_electricity", "primary_electricity", "Mtce"), ("geothermal_heat", "geothermal", "Mtce"),
             ("total_energy_consumption", "energy_total", "Mtce"), ("non_fossil_energy", "nonfossil", "Mtce"),
             ("co2", "co2", "MtCO2")]
    for y in ds.year.values:
        for item, var, unit in items:
            rows.append(dict(year=int(y), level="primary", sector="all", item=item, value=float(ds[var].sel(year=y)), unit=unit))
        fe = ds.final_energy.sel(year=y)
        for s in ds.sector.values:
            for c in ds.carrier.values:
                v = float(fe.sel(sector=s, carrier=c))
                if v == v:  # not NaN
                    rows.append(dict(year=int(y), level="final", sector=str(s), item=str(c), value=v,
                                     unit="TWh" if c == "electricity" else "Mtce"))
    return pd.DataFrame(rows)


def costs_table(ds: xr.Dataset) -> pd.DataFrame:
    df = ds["cost"].to_series().rename("value_mcny").reset_index()
    df["discount_factor"] = df.year.map(dict(zip(ds.year.values, ds.discount_factor.values)))
    df["discounted_mcny"] = df.value_mcny * df.discount_factor
    return df[["year", "component", "value_mcny", "discount_factor", "discounted_mcny"]]


def measures_table(ds: xr.Dataset, inp) -> pd.DataFrame:
    meas = inp.measures.set_index("id")
    rows = []
    for mm in ds.measure.values:
        r = meas.loc[mm]
        for y in ds.year.values:
            a = float(ds.adoption.sel(measure=mm, year=y))
            act = a * float(r.activity_per_mtce) if r.activity_per_mtce is not None and r.activity_per_mtce == r.activity_per_mtce else None
            rows.append(dict(measure=str(mm), name=r["name"], kind=r.kind, sector=r.sector, carrier_saved=r.carrier_saved,
                             year=int(y), adoption_mtce_per_yr=a, potential_mtce_per_yr=inp.measure_potential[(mm, int(y))],
                             activity=act, activity_unit=r.activity_unit, cost_mcny=a * inp.measure_cost[mm],
                             levelised_cost_cny_per_tce=inp.measure_cost[mm]))
    return pd.DataFrame(rows)
