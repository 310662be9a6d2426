"""report.md with the headline table and PNG plots (matplotlib, Agg backend)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from optim import vocabulary as V
from optim.config.schema import Config
from optim.results.metrics import HEADLINE, num, pick

COLORS = {"coal_usc": "#3b3b3b", "coal_sc": "#555555", "coal_sub": "#777777", "coal_chp": "#999999",
          "gas_ccgt_chp": "#d98c4a", "gas_peaker": "#f2b880", "biomass": "#6b8e23", "onshore_wind": "#4a90d9",
          "offshore_wind": "#1f5fa8", "utility_pv": "#f5d142", "rooftop_pv": "#f7e58f", "imports_grid": "#b07aa1",
          "imports_green": "#59a14f", "battery": "#e15759", "pumped_hydro": "#76b7b2"}


def headline(ds: xr.Dataset, summary: pd.DataFrame, objective: float) -> dict:
    """The numbers a planner asks for first (NPV, the CO2 peak, then the HEADLINE metrics of optim.results.metrics)."""
    s = summary.set_index("year")
    co2 = s.co2_mt
    out = {"NPV system cost 2020-end (MCNY, 2020 prices)": objective,
           "CO2 peak year": int(co2.idxmax()), "CO2 peak level (Mt)": float(co2.max())}
    years = [y for y in (2020, 2025, 2030) if y in s.index]
    for m in pick(HEADLINE):
        vals = tuple(m.value(s, y) for y in years)
        out[f"{m.label.capitalize()} {' / '.join(map(str, years))} ({m.unit})"] = tuple(float("nan") if v is None else v
                                                                                      for v in vals)
    return out


def _fmt(v) -> str:
    if isinstance(v, tuple):
        return " / ".join(_fmt(x) for x in v)
    if isinstance(v, int):
        return str(v)
    return num(v, 1) if abs(v) >= 10 else num(v, 2)


def write_plots(ds: xr.Dataset, targets: pd.DataFrame, out: Path) -> list[str]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    years = ds.year.values
    # capacity stack
    fig, ax = plt.subplots(figsize=(9, 5))
    bottom = np.zeros(len(years))
    for t in V.GENERATORS:
        v = ds.capacity.sel(tech=t).values
        if v.max() > 1e-3:
            ax.bar(years, v, bottom=bottom, color=COLORS.get(t), label=t)
            bottom += v
    for s in V.STORAGE_TECHS:
        v = ds.storage_power.sel(storage=s).values
        if v.max() > 1e-3:
            ax.bar(years, v, bottom=bottom, color=COLORS.get(s), label=f"{s} (power)")
            bottom += v
    ax.set_ylabel("GW"), ax.set_title("Installed capacity by technology"), ax.legend(fontsize=7, ncol=2, loc="upper left")
    fig.tight_layout(), fig.savefig(out / "capacity.png", dpi=110), plt.close(fig)
    files.append("capacity.png")
    # generation mix
    fig, ax = plt.subplots(figsize=(9, 5))
    bottom = np.zeros(len(years))
    series = [(t, ds.generation.sel(tech=t).values) for t in V.GENERATORS]
    series += [("imports_grid", ds.imports_grid.values), ("imports_green", ds.imports_green.values)]
    for name, v in series:
        if v.max() > 1e-3:
            ax.bar(years, v, bottom=bottom, color=COLORS.get(name), label=name)
            bottom += v
    ax.plot(years, ds.electricity_consumption.values, "k--", label="consumption")
    ax.set_ylabel("TWh"), ax.set_title("Electricity supply mix"), ax.legend(fontsize=7, ncol=2, loc="upper left")
    fig.tight_layout(), fig.savefig(out / "generation.png", dpi=110), plt.close(fig)
    files.append("generation.png")
    # emissions and intensities against targets
    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    axes[0].plot(years, ds.co2.values, "o-", color="#333")
    axes[0].set_title("CO2 (Mt)"), axes[0].axvline(2030, color="red", ls=":", label="peak by 2030")
    axes[0].legend(fontsize=8)
    axes[1].plot(years, ds.nonfossil_share.values, "o-", color="#59a14f", label="non-fossil share")
    axes[1].plot(years, ds.electricity_share_final.values, "s-", color="#4a90d9", label="electricity in final energy")
    for ind, col in (("nonfossil_share", "#59a14f"), ("electricity_share_final_energy", "#4a90d9")):
        tt = targets[(targets.indicator == ind) & targets.required.notna()]
        axes[1].scatter(tt.year, tt.required, marker="_", s=300, color=col)
    axes[1].set_title("Shares (%) and targets (—)"), axes[1].legend(fontsize=8)
    axes[2].plot(years, ds.co2_intensity_vs_2005.values, "o-", label="CO2/GDP vs 2005")
    axes[2].plot(years, ds.co2_intensity_vs_2020.values, "s-", label="CO2/GDP vs 2020")
    axes[2].plot(years, ds.energy_intensity_vs_2020.values, "^-", label="energy/GDP vs 2020")
    for ind in ("co2_intensity_reduction_vs_2005", "co2_intensity_reduction_vs_2020", "energy_intensity_reduction_vs_2020"):
        tt = targets[(targets.indicator == ind) & targets.required.notna()]
        axes[2].scatter(tt.year, tt.required, marker="_", s=300, color="red")
    axes[2].set_title("Intensity reductions (%) and targets (—)"), axes[2].legend(fontsize=8)
    fig.tight_layout(), fig.savefig(out / "emissions_intensities.png", dpi=110), plt.close(fig)
    files.append("emissions_intensities.png")
    # typical-day dispatch: a summer day of 2030 (or the last year)
    year = 2030 if 2030 in years else int(years[-1])
    months = ds.day_month.values
    day = int(np.flatnonzero(months == 7)[0]) if (months == 7).any() else 0
    fig, ax = plt.subplots(figsize=(9, 5))
    hours = np.arange(24)
    bottom = np.zeros(24)
    parts = [(t, ds.dispatch.sel(tech=t, year=year, day=day).values) for t in V.GENERATORS]
    parts += [("imports_grid", ds.imports_grid_hourly.sel(year=year, day=day).values),
              ("imports_green", ds.imports_green_hourly.sel(year=year, day=day).values),
              ("battery", ds.discharge.sel(year=year, day=day).sum("storage").values)]
    for name, v in parts:
        if v.max() > 1e-4:
            ax.fill_between(hours, bottom, bottom + v, step="mid", color=COLORS.get(name), label=name)
            bottom = bottom + v
    ax.plot(hours, ds.electric_load.sel(year=year, day=day).values, "k-", lw=2, label="load")
    ax.plot(hours, ds.electric_load.sel(year=year, day=day).values + ds.charge.sel(year=year, day=day).sum("storage").values,
            "k:", label="load + storage charging")
    ax.set_xlabel("hour"), ax.set_ylabel("GW"), ax.set_title(f"Dispatch on the July typical day, {year}")
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    fig.tight_layout(), fig.savefig(out / "dispatch_typical_day.png", dpi=110), plt.close(fig)
    files.append("dispatch_typical_day.png")
    return files


def write_report(ds, summary, targets, backcast, series, objective, cfg: Config, out: Path) -> None:
    """report.md: headline table, binding targets with shadow prices, the backcast, plots."""
    from optim.results.backcast_report import backcast_section, write_backcast_plot

    plots = cfg.run.report
    files = write_plots(ds, targets, out) if plots else []
    history_until = cfg.system.history_until
    backcast_plot = write_backcast_plot(series, backcast, history_until, out) if plots else None
    head = headline(ds, summary, objective)
    lines = [f"# {cfg.region.title} least-cost carbon-peak pathway", "",
             f"Scenario `{cfg.scenario_name}`, years {cfg.years.start}-{cfg.years.end}, "
             f"time resolution `{ds.attrs.get('time_mode')}`, discount rate {ds.attrs.get('discount_rate')}. "
             "Money in MCNY (million CNY, 2020 prices).", "", "## Headline", "", "| quantity | value |", "|---|---|"]
    lines += [f"| {k} | {_fmt(v)} |" for k, v in head.items()]
    from optim.results.targets_table import binding_by_target

    bind = binding_by_target(targets)
    lines += ["", "## Targets that bind", "",
              "Shadow price = cost of tightening the target by one unit (raising a `>=` target, lowering a `<=` "
              "target), NPV MCNY at 2020, summed over the years in which it binds. Per-year values and the "
              "source quotes are in `targets.csv`.", "",
              "| id | years | indicator | required | unit | shadow price (MCNY) |", "|---|---|---|---|---|---|"]
    for r in bind.itertuples():
        lines.append(f"| {r.id} | {r.years} | {r.indicator} | {_fmt(float(r.required))} | {r.unit} | {num(r.shadow_price_mcny, 1)} |")
    if bind.empty:
        lines.append("| - | - | no target binds | | | |")
    lines += ["", "All targets, with source quotes: `targets.csv`.", ""]
    lines += backcast_section(backcast, backcast_plot)
    lines += ["## Pathway by year", ""]
    cols = ["year", "co2_mt", "coal_mtce", "gas_bcm", "nonfossil_share_pct", "renewable_capacity_gw", "storage_power_gw",
            "imports_grid_twh", "imports_green_twh", "system_cost_mcny"]
    sub = summary[cols]
    lines.append("| " + " | ".join(cols) + " |")
    lines.append("|" + "---|" * len(cols))
    for r in sub.itertuples(index=False):
        lines.append("| " + " | ".join(str(int(v)) if i == 0 else num(v, 1) for i, v in enumerate(r)) + " |")
    lines += ["", "## Plots", ""] + [f"![{f}]({f})" for f in files]
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
