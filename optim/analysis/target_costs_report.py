"""Files of the target-cost analysis: target_costs.csv, target_costs_summary.csv, target_costs.png and the
report.md section "What each target costs in total" (definitions in optim.analysis.target_costs)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from optim.analysis.target_costs import PlanCost, TargetCost
from optim.results.export import write_csv
from optim.results.metrics import num

COLUMNS = ["id", "indicator", "years", "binds", "last_in_mcny", "first_in_mcny", "shadow_price_mcny", "unit",
           "shadow_price_unit", "reading", "quote_zh"]


def costs_table(costs: list[TargetCost]) -> pd.DataFrame:
    """target_costs.csv: one row per target family, sorted by last-in cost."""
    rows = [dict(id=c.id, indicator=c.indicator, years=c.years, binds=c.binds, last_in_mcny=c.last_in_mcny,
                 first_in_mcny=c.first_in_mcny, shadow_price_mcny=c.shadow_price_mcny, unit=c.unit,
                 shadow_price_unit=f"MCNY (NPV 2020) per {c.unit} tightened in every year of the target",
                 reading=c.reading, quote_zh=c.quote_zh) for c in costs]
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.sort_values(["last_in_mcny", "first_in_mcny"], ascending=False, kind="stable").reset_index(drop=True)


def summary_table(plan: PlanCost) -> pd.DataFrame:
    """target_costs_summary.csv: the NPVs and the split of the plan's cost, with what each number means."""
    rows = [("npv_plan", plan.npv_plan, "NPV of the study with all its targets (the plan)"),
            ("npv_no_targets", plan.npv_none, "NPV with every target row switched off (the no_policy LP)"),
            ("plan_cost", plan.plan_cost, "what the plan costs: npv_plan - npv_no_targets"),
            ("sum_last_in", plan.sum_last_in, "sum of the last-in costs of the families costed"),
            ("interactions", plan.interactions, "plan_cost - sum_last_in: the part no single target explains "
                                                "(> 0: shared by targets that require the same thing)"),
            ("sum_first_in", plan.sum_first_in, "sum of the first-in (stand-alone) costs of the families costed"),
            ("overlap", plan.overlap, "sum_first_in - plan_cost: what adding up stand-alone costs counts twice")]
    return pd.DataFrame([dict(quantity=q, value_mcny=v, unit="MCNY (NPV 2020, 2020 prices)", meaning=m)
                         for q, v, m in rows])


def write_plot(table: pd.DataFrame, plan: PlanCost, out: Path) -> str | None:
    """target_costs.png: last-in and first-in cost of every target family with a cost (horizontal bars)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    t = table[(table.last_in_mcny > 0.5) | (table.first_in_mcny > 0.5)].iloc[::-1]
    if t.empty:
        return None
    y = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.45 * len(t)))
    ax.barh(y + 0.2, t.last_in_mcny, 0.4, color="#1f5fa8", label="last-in: plan minus plan without it")
    ax.barh(y - 0.2, t.first_in_mcny, 0.4, color="#f2b880", label="first-in: only it minus no targets")
    ax.set_yticks(y, t.id)
    ax.set_xlabel("MCNY (NPV 2020)")
    ax.set_title(f"Total cost of each target; the plan costs {plan.plan_cost:,.0f} MCNY, "
                 f"interactions {plan.interactions:,.0f}", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "target_costs.png", dpi=110)
    plt.close(fig)
    return "target_costs.png"


def section(table: pd.DataFrame, plan: PlanCost, plot: str | None) -> list[str]:
    """Markdown lines of the report section."""
    n = lambda v: num(v, 0)  # noqa: E731
    lines = ["## What each target costs in total", "",
             f"The plan (every target of this study) costs **{n(plan.plan_cost)} MCNY** (NPV 2020) more than the "
             f"least-cost pathway without targets ({n(plan.npv_plan)} against {n(plan.npv_none)} MCNY). Two numbers "
             "per target, each from a warm re-solve of the built model with target rows switched off or on:", "",
             "- **last-in**: what dropping only this target from the plan would save (plan minus plan without it);",
             "- **first-in**: what this target costs when it is the only one (only it minus no targets);",
             "- the **shadow price** is the cost of one more unit at the plan's margin, for comparison.", "",
             f"The last-in costs of the {plan.families} families costed add up to {n(plan.sum_last_in)} MCNY; the "
             f"remaining **{n(plan.interactions)} MCNY** of the plan's cost is explained by no single target "
             "(interactions: cost shared by targets that ask for the same thing, so that dropping any one of them "
             f"alone saves nothing). The stand-alone costs add up to {n(plan.sum_first_in)} MCNY; adding them up "
             f"would count {n(plan.overlap)} MCNY twice.", "",
             "| id | years | indicator | last-in (MCNY) | first-in (MCNY) | shadow price (MCNY per unit) | unit |",
             "|---|---|---|---|---|---|---|"]
    for r in table.itertuples():
        lines.append(f"| {r.id} | {r.years} | {r.indicator} | {n(r.last_in_mcny)} | {n(r.first_in_mcny)} | "
                     f"{r.shadow_price_mcny:,.1f} | {r.unit} |")
    lines += ["", "How to read them:", ""] + [f"- {r.reading}" for r in table.itertuples()] + [""]
    return lines + ([f"![{plot}]({plot})", ""] if plot else [])


def write_files(costs: list[TargetCost], plan: PlanCost, folder: Path, plots: bool = True) -> pd.DataFrame:
    """Write the CSVs and the plot into ``folder`` and append the section to its report.md."""
    table = costs_table(costs)
    # money to 0.1 MCNY: NPVs of ~2e6 MCNY keep their digits
    write_csv(table.round(3), folder / "target_costs.csv", float_format="%.1f")
    write_csv(summary_table(plan).round(3), folder / "target_costs_summary.csv", float_format="%.1f")
    plot = write_plot(table, plan, folder) if plots else None
    append_section(folder / "report.md", section(table, plan, plot))
    return table


def append_section(report: Path, lines: list[str]) -> None:
    """Add a section at the end of report.md (written by the study's export just before)."""
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    report.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
