"""The report section "How well the model reproduces 2020-2024" and its plot (backcast.png)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from optim.results.metrics import num

#: indicators drawn in backcast.png, in this order (those the region's observed.csv has)
PLOTTED = ("electricity_consumption", "thermal_generation", "net_electricity_inflow", "peak_load", "capacity_coal",
           "capacity_gas", "capacity_wind", "capacity_pv", "green_power_traded", "gas_use", "coal_use", "energy_total")


def _signed(v: float) -> str:
    """+1.2 / -0.3 / +0.0 (never -0.0)."""
    return f"{round(float(v), 1) + 0.0:+.1f}"


def _fmt(v: float) -> str:
    """1,234 / 56.7 / 0.89 by size; NaN as empty; never -0.00."""
    if v != v:
        return ""
    return num(v, 0 if abs(v) >= 1e5 else 1 if abs(v) >= 10 else 2)


def backcast_section(backcast: pd.DataFrame, plot: str | None = None) -> list[str]:
    """Markdown lines: counts, the history rows outside tolerance with the region's notes, every comparison."""
    b = backcast[backcast.model.notna()]
    hist = b[b.period == "history"]
    if hist.empty:
        return ["## How well the model reproduces the observed years", "",
                "The region's observed.csv has no statistic of the history years the model can be compared with.", ""]
    years = f"{int(hist.year.min())}-{int(hist.year.max())}"
    out = hist[hist.within_tolerance == False]  # noqa: E712
    lines = [f"## How well the model reproduces {years}", "",
             f"{len(hist)} official statistics of {years} compared with the model (`backcast.csv`): {len(hist) - len(out)} "
             f"within their stated tolerance, **{len(out)} outside**. Calibrated statistics are held within their "
             "tolerance by the LP (`system.history_calibrate`); the others are reproduced, or not, by the model's physics. "
             "Errors are in % of the observed value (percentage points for statistics that are themselves in %).", ""]
    if not out.empty:
        lines += ["Outside tolerance, with the reason the region's data gives:", "",
                  "| indicator | year | model | observed | unit | error | tolerance | why |", "|---|---|---|---|---|---|---|---|"]
        for r in out.itertuples():
            lines.append(f"| **{r.indicator}** | {r.year} | {_fmt(r.model)} | {_fmt(r.observed)} | {r.unit} | "
                         f"{_signed(r.error)} | ±{r.tolerance:g} | {r.note or 'no explanation recorded'} |")
        lines.append("")
    missing = backcast[backcast.model.isna() & (backcast.period == "history")]
    if not missing.empty:
        lines += ["Not comparable (the model has no counterpart in these years): " +
                  ", ".join(f"{r.indicator} {r.year}" for r in missing.itertuples()) + ".", ""]
    later = b[b.period == "projection"]
    if not later.empty:
        lines += ["Statistics of later years compare the LP's free choice with what happened: " +
                  "; ".join(f"{r.indicator} {r.year}: model {_fmt(r.model)}, observed {_fmt(r.observed)} {r.unit} "
                            f"({_signed(r.error)})" for r in later.itertuples()) + ".", ""]
    lines += ["| indicator | year | model | observed | unit | error | tolerance | within | calibrated |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in hist.itertuples():
        mark = "yes" if r.within_tolerance else "**no**"
        lines.append(f"| {r.indicator} | {r.year} | {_fmt(r.model)} | {_fmt(r.observed)} | {r.unit} | {_signed(r.error)} | "
                     f"±{r.tolerance:g} | {mark} | {'yes' if r.calibrated else ''} |")
    return lines + [""] + ([f"![{plot}]({plot})", ""] if plot else [])


def write_backcast_plot(series: pd.DataFrame, backcast: pd.DataFrame, history_until: int, out: Path) -> str | None:
    """Small multiples: the model's pathway (line, every year) against the statistics (points with tolerance bars;
    red outside tolerance); the dotted line separates the history years from the years the LP chooses freely."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    b = backcast[backcast.model.notna()]
    names = [k for k in PLOTTED if k in set(b.indicator)]
    if not names:
        return None
    cols = 4
    rows = int(np.ceil(len(names) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.4 * cols, 2.6 * rows), squeeze=False)
    for ax, k in zip(axes.ravel(), names):
        line = series[series.indicator == k].sort_values("year")
        ax.plot(line.year, line.model, "-", color="#1f5fa8", label="model")
        g = b[b.indicator == k].sort_values("year")
        err = g.observed.abs() * g.tolerance / 100.0
        bad = (g.within_tolerance == False).to_numpy()  # noqa: E712
        ax.errorbar(g.year[~bad], g.observed[~bad], yerr=err[~bad], fmt="o", color="#333", ms=4, capsize=2,
                    label="observed ± tolerance")
        if bad.any():
            ax.errorbar(g.year[bad], g.observed[bad], yerr=err[bad], fmt="o", color="#d62728", ms=5, capsize=2,
                        label="outside tolerance")
        ax.axvline(history_until + 0.5, color="#999", ls=":", lw=1)
        ax.set_title(f"{k} ({g.unit.iloc[0]})", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in axes.ravel()[len(names):]:
        ax.axis("off")
    handles, labels = [], []
    for ax in axes.ravel()[:len(names)]:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h), labels.append(lab)
    fig.legend(handles, labels, loc="lower right", fontsize=8)
    fig.suptitle(f"Model against official statistics (history up to {history_until}, dotted line)", fontsize=10)
    fig.tight_layout()
    fig.savefig(out / "backcast.png", dpi=110)
    plt.close(fig)
    return "backcast.png"
