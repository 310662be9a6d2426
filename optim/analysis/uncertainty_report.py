"""Files of the uncertainty analysis: CSVs, a fan chart, a tornado chart and the report.md section for a planner.

  uncertainty_inputs.csv       the groups sampled, their keys and ranges, the study's values
  uncertainty_samples.csv      one row per sample (optim.analysis.summary.samples_table)
  uncertainty_summary.csv      P5/P50/P95 and mean of each result; probability that each target binds
  uncertainty_sensitivity.csv  SRC / SRRC / R^2 / effect of every group on NPV, the plan's cost, CO2 and coal 2030
                               and the price of every target that binds in some sample
  uncertainty_fan.png          CO2 and coal by year: P5-P95 and P25-P75 bands, median, the study, the targets
  uncertainty_tornado.png      the three most expensive targets: the effect of the inputs that move their price most
  uncertainty_run.json         counts, wall time, samples per minute (not part of the reproducible files)
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from optim.analysis.summary import inputs_table, samples_table, sensitivity_table, summary_table
from optim.analysis.target_costs_report import append_section
from optim.results.metrics import num

#: indicators whose row reads  lhs = CO2 (Mt) or coal use (Mtce) {<=} a + v b: drawn as levels on the fan chart
LEVEL_TARGETS = {"co2_intensity_reduction_vs_2005": "co2", "co2_intensity_reduction_vs_2020": "co2",
                 "coal_use_reduction_vs_2020": "coal"}
TOP_TARGETS = 3


def target_levels(lp) -> dict[str, list[tuple[str, int, float]]]:
    """{'co2'|'coal': [(id, year, level)]}: the level a target allows in the study (a + v b at its solution)."""
    from optim.model.targets import INDICATORS

    out: dict = {"co2": [], "coal": []}
    for rec in lp.targets.records:
        what = LEVEL_TARGETS.get(rec.indicator)
        if what is None or not rec.keys or rec.value is None:
            continue
        ind = INDICATORS[rec.indicator]
        for _, y, _ in rec.keys:
            out[what].append((rec.id, y, float(pyo.value(ind.a(lp, y) + rec.value * ind.b(lp, y)))))
    return out


def _fan(ax, samples: pd.DataFrame, prefix: str, central: dict, levels, title: str, unit: str, peak=None) -> None:
    ok = samples[samples.status == "optimal"]
    cols = [c for c in samples.columns if c.startswith(prefix + ".")]
    years = np.array([int(c.split(".")[1]) for c in cols])
    q = {p: np.nanpercentile(ok[cols].to_numpy(dtype=float), p, axis=0) for p in (5, 25, 50, 75, 95)}
    ax.fill_between(years, q[5], q[95], color="#9ecae1", label="P5-P95")
    ax.fill_between(years, q[25], q[75], color="#4292c6", label="P25-P75")
    ax.plot(years, q[50], color="#08306b", lw=2, label="median")
    ax.plot(years, [central.get(y, np.nan) for y in years], "k--", lw=1, label="study (data values)")
    lo, hi = float(np.nanmin(q[5])), float(np.nanmax(q[95]))
    off = []
    for tid, y, level in levels:  # a target far from the band (not binding) is named, not drawn: it would squash the band
        if lo - 0.25 * (hi - lo) <= level <= hi + 0.25 * (hi - lo):
            ax.scatter([y], [level], marker="_", s=300, color="red")
            ax.annotate(tid, (y, level), fontsize=7, color="red", xytext=(3, 3), textcoords="offset points")
        else:
            off.append(f"{tid} {y}: {level:,.0f}")
    if off:
        ax.text(0.01, 0.01, "targets off the chart (" + unit + "): " + "; ".join(off), transform=ax.transAxes,
                fontsize=7, color="red")
    if peak is not None:
        ax.axvline(peak, color="red", ls=":", lw=1, label=f"peak by {peak}")
    ax.set_title(title), ax.set_ylabel(unit), ax.legend(fontsize=7)


def write_plots(samples, lp, levels, folder: Path, top: list[str], sens: pd.DataFrame) -> list[str]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m, years = lp.model, lp.inputs.years
    central_co2 = {y: float(pyo.value(m.co2[y])) for y in years}
    central_coal = {y: float(pyo.value(m.coal_use[y])) for y in years}
    peak = next((int(r.value) for r in lp.targets.records if r.indicator == "co2_peak_year" and r.keys), None)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    _fan(axes[0], samples, "co2_mt", central_co2, levels["co2"], "CO2 by year across the samples", "Mt", peak)
    _fan(axes[1], samples, "coal_mtce", central_coal, levels["coal"], "Coal use by year across the samples", "Mtce")
    fig.tight_layout(), fig.savefig(folder / "uncertainty_fan.png", dpi=110), plt.close(fig)
    files = ["uncertainty_fan.png"]
    if top:
        fig, axes = plt.subplots(1, len(top), figsize=(5 * len(top), 4), squeeze=False)
        for ax, tid in zip(axes[0], top):
            col = f"price_mcny.{tid}"
            s = sens[sens.result == col].head(8).iloc[::-1]
            med = float(samples.loc[samples.status == "optimal", col].median())
            ax.barh(s.input, s.effect, left=med, color=np.where(s.effect >= 0, "#d62728", "#2ca02c"))
            ax.axvline(med, color="k", lw=1)
            ax.set_title(f"{tid}: price (MCNY/unit), median {med:,.0f}", fontsize=9)
            ax.set_xlabel("median + effect of moving the input low -> high", fontsize=8)
            ax.tick_params(labelsize=7)
        fig.tight_layout(), fig.savefig(folder / "uncertainty_tornado.png", dpi=110), plt.close(fig)
        files.append("uncertainty_tornado.png")
    return files


def _n(v: float) -> str:
    return num(v, 0 if abs(v) >= 100 else 1)


def _drivers(sens: pd.DataFrame, col: str, k: int = 2) -> str:
    s = sens[sens.result == col].head(k)
    if s.empty:
        return ""
    r2 = float(s.r2.iloc[0])
    parts = [f"{r.input} (SRC {r.src:+.2f})" for r in s.itertuples()]
    return f"driven mostly by {' and '.join(parts)}; the linear fit explains {r2:.0%} of its variance"


def section(plan, samples, summary, sens, top, files, units) -> list[str]:
    """Markdown lines for a planner."""
    ok = samples[samples.status == "optimal"]
    bad = samples[samples.status != "optimal"]
    s = summary.set_index("result")
    q = lambda col: f"{_n(s.loc[col, 'p50'])} (P5-P95 {_n(s.loc[col, 'p5'])}-{_n(s.loc[col, 'p95'])})"  # noqa: E731
    lines = ["## How sure we can be: the pathway over the uncertain inputs", "",
             f"{len(samples)} Latin-hypercube samples (seed {plan.settings.seed}) over {len(plan.factors)} groups of "
             f"`{plan.ranges_file.name}` (`uncertainty_inputs.csv`); each sample re-solves the whole pathway. "
             f"**{len(ok)} optimal, {len(bad)} not.**", ""]
    for r in bad.itertuples():
        lines.append(f"- sample {r.sample}: {r.status}: {r.reason}")
    if len(bad):
        lines.append("")
    lines += [f"- NPV system cost: {q('npv_mcny')} MCNY."]
    if "plan_cost_mcny" in s.index:
        lines.append(f"- What the plan costs (NPV with the targets - without them, per sample): {q('plan_cost_mcny')} MCNY.")
    peak = ok.co2_peak_year.value_counts(normalize=True).sort_index()
    lines.append("- CO2 peaks in " + ", ".join(f"{int(y)} in {p:.0%}" for y, p in peak.items()) + " of the samples.")
    for col, what in (("co2_mt.2030", "CO2 2030 (Mt)"), ("coal_mtce.2025", "coal 2025 (Mtce)"),
                      ("coal_mtce.2030", "coal 2030 (Mtce)"), ("nonfossil_share_pct.2030", "non-fossil share 2030 (%)")):
        if col in s.index:
            lines.append(f"- {what}: {q(col)}.")
    if "npv_mcny" in set(sens.result):
        lines.append(f"- The NPV is {_drivers(sens, 'npv_mcny', 3)}.")
    if "plan_cost_mcny" in set(sens.result):
        lines.append(f"- The plan's cost is {_drivers(sens, 'plan_cost_mcny', 3)}.")
    lines += ["", "Targets (the price is the cost of tightening the target by one unit in all its years, NPV MCNY):", ""]
    prices = summary[summary.result.str.startswith("price_mcny.")].sort_values("probability_binds", ascending=False)
    never = []
    for r in prices.itertuples():
        tid = r.result.split(".", 1)[1]
        if not r.probability_binds > 0:
            never.append(tid)
            continue
        unit = units.get(tid, "unit")
        drv = _drivers(sens, r.result)
        lines.append(f"- **{tid}** binds in {r.probability_binds:.0%} of samples; its marginal cost is "
                     f"{_n(r.p5_when_binding)}-{_n(r.p95_when_binding)} MCNY per {unit} (P5-P95 where it binds, median "
                     f"{_n(r.p50_when_binding)})" + (f", {drv}." if drv else "."))
    if never:
        lines += ["", f"Never binding in these samples: {', '.join(never)}."]
    lines += ["", "SRC = standardised regression coefficient of the result on the inputs' draws (+: the result rises "
              "with the input); `uncertainty_sensitivity.csv` has every input, the rank version and the effect in the "
              "result's unit; `uncertainty_samples.csv` every sample; `uncertainty_summary.csv` the percentiles.", ""]
    return lines + [f"![{f}]({f})" for f in files] + [""]


def write_files(plan, records: dict, result, folder: Path, wall_s: float) -> None:
    """Write every file of the analysis into ``folder`` and append the section to report.md."""
    from optim.results.export import write_csv

    lp = result.lp
    ids = [r.id for r in lp.targets.records if r.keys]
    from optim.model.targets import row_unit

    units = {r.id: row_unit(r) for r in lp.targets.records}
    samples = samples_table(records, plan.factors, plan.U, plan.values, ids)
    summary = summary_table(samples, units)
    binding = [f"price_mcny.{t}" for t in ids
               if samples.get(f"binds.{t}") is not None and samples[f"binds.{t}"].fillna(False).astype(bool).any()]
    outputs = ["npv_mcny", "plan_cost_mcny", "co2_mt.2030", "coal_mtce.2030", "co2_peak_year"] + binding
    sens = sensitivity_table(samples, plan.factors, outputs)
    pr = summary[summary.result.isin(binding) & (summary.probability_binds >= 0.5)].sort_values("p50", ascending=False)
    top = [r.split(".", 1)[1] for r in pr.result.head(TOP_TARGETS)]
    for name, table in (("uncertainty_inputs", inputs_table(plan.factors, plan.central)), ("uncertainty_samples", samples),
                        ("uncertainty_summary", summary), ("uncertainty_sensitivity", sens)):
        write_csv(table, folder / f"{name}.csv")
    files = write_plots(samples, lp, target_levels(lp), folder, top, sens) if plan.cfg.run.report else []
    append_section(folder / "report.md", section(plan, samples, summary, sens, top, files, units))
    n_ok = int((samples.status == "optimal").sum())
    solve_s = sum(float(r.get("seconds", 0.0)) for r in records.values())
    run = {"samples": len(samples), "optimal": n_ok, "not_optimal": len(samples) - n_ok,
           "by_status": samples.status.value_counts().to_dict(), "wall_s_this_run": round(wall_s, 1),
           "sample_seconds_sum": round(solve_s, 1), "workers": plan.settings.workers, "chains": len(plan.chains),
           "most_expensive_targets": top,
           "seconds_by_sample": {int(i): round(float(r.get("seconds", 0.0)), 2) for i, r in sorted(records.items())},
           "iterations_by_sample": {int(i): int(r.get("iterations", 0)) for i, r in sorted(records.items())}}
    (folder / "uncertainty_run.json").write_text(json.dumps(run, indent=2), encoding="utf-8")
