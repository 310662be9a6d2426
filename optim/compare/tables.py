"""Numbers derived from the runs (peak year, binding targets, baseline) and the comparison tables:
the long table (comparison.csv), the wide one-row-per-run table (printed and in comparison.md)."""
from __future__ import annotations

import math
import sys

import pandas as pd

from optim.results.metrics import COMPARE, pick

from optim.compare.read import Run, _short

KEY_YEARS = (2025, 2030)
PRICE_TOL = 1e-4  # MCNY per unit: as optim.results.targets_table.TOL


# ---------------------------------------------------------------- derived numbers

def peak_year(s: pd.DataFrame, tol: float = 0.01) -> int | None:
    """First year in which CO2 reaches its maximum over the horizon (within tol Mt)."""
    co2 = s["co2_mt"].dropna()
    if co2.empty:
        return None
    return int(co2[co2 >= co2.max() - tol].index[0])


def value(run: Run, col: str, year: int) -> float | None:
    if not run.solved or col not in run.summary.columns or year not in run.summary.index:
        return None
    v = run.summary.loc[year, col]
    return None if pd.isna(v) else float(v)


def binding_targets(run: Run) -> list[tuple[str, int | None, float, int]]:
    """Per binding target (targets.csv binding = true): (id, first binding year, the target's price, number of
    years it binds). The price is the target's own (the cost of moving its value in all its years, the same on
    each of its rows of targets.csv), not a per-year dual."""
    if not run.solved or run.targets is None or run.targets.empty:
        return []
    t = run.targets
    b = t[t["binding"].astype(str).str.lower() == "true"]
    out = []
    for tid, g in b.groupby("id", sort=False):
        g = g.sort_values("year")
        prices = pd.to_numeric(g["shadow_price_mcny"], errors="coerce").dropna()
        year = None if pd.isna(g.iloc[0]["year"]) else int(g.iloc[0]["year"])
        out.append((str(tid), year, float(prices.iloc[0]) if len(prices) else 0.0, len(g)))
    return out


def _fmt_price(p: float) -> str:
    return f"{p:,.0f}" if abs(p) >= 10 else f"{p:.3g}"


def binding_text(run: Run) -> str:
    """Compact "TJ-002:5423 TJ-027:948" (each binding target's price, MCNY NPV per unit tightened in every
    year the target applies)."""
    parts = [f"{tid}:{_fmt_price(p)}" for tid, _, p, _ in binding_targets(run) if abs(p) > PRICE_TOL]
    return " ".join(parts)


def choose_baseline(runs: list[Run], name: str | None) -> Run | None:
    if name:
        for r in runs:
            if r.label == name or r.path.name == name:
                if not r.solved:
                    raise ValueError(f"baseline run '{name}' has status {r.status}; choose an optimal run")
                return r
        raise ValueError(f"--baseline {name}: no such run (runs: {', '.join(r.label for r in runs)})")
    return next((r for r in runs if r.solved), None)


def override_keys(runs: list[Run]) -> list[str]:
    keys: list[str] = []
    for r in runs:
        for k in r.overrides:
            if k not in keys:
                keys.append(k)
    return keys


# overrides that name the output or the execution, not the study (kept in comparison.csv)
BOOKKEEPING = ("run.", "hydra.", "hydra/", "debug", "launcher", "solver.threads")


def varying_keys(runs: list[Run]) -> list[str]:
    """Override keys whose value differs between runs (run.name, launcher, solver.threads ... left out)."""
    return [k for k in override_keys(runs) if len({r.overrides.get(k) for r in runs}) > 1
            and not k.startswith(BOOKKEEPING)]


def _num(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


# ---------------------------------------------------------------- tables

def long_table(runs: list[Run], baseline: Run | None) -> pd.DataFrame:
    keys = override_keys(runs)
    rows = []
    for r in runs:
        base = {"run": r.label, **{k: r.overrides.get(k) for k in keys}, "scenario_name": r.scenario,
                "status": r.status, "reason": r.reason}
        if not r.solved:
            rows.append(dict(base, metric="npv_cost_mcny", year=None, value=r.npv))
            continue
        rows.append(dict(base, metric="npv_cost_mcny", year=None, value=r.npv))
        if baseline is not None and baseline.npv is not None and r.npv is not None:
            rows.append(dict(base, metric="npv_diff_vs_baseline_mcny", year=None, value=r.npv - baseline.npv))
        rows.append(dict(base, metric="co2_peak_year", year=None, value=peak_year(r.summary)))
        s = r.summary
        for col in s.columns:
            for y, v in s[col].items():
                rows.append(dict(base, metric=col, year=int(y), value=None if pd.isna(v) else float(v)))
        t = r.targets
        if t is not None and not t.empty:
            priced = t[t["shadow_price_mcny"].notna()]
            for tid, g in priced.groupby("id", sort=False):  # one price per target (the same on each of its rows)
                rows.append(dict(base, metric=f"shadow_price_mcny:{tid}", year=None,
                                 value=float(g["shadow_price_mcny"].iloc[0])))
    df = pd.DataFrame(rows, columns=["run", *keys, "scenario_name", "status", "reason", "metric", "year", "value"])
    df["year"] = pd.array(df["year"], dtype="Int64")
    return df


#: (header, metric) of the wide table: the COMPARE metrics of optim.results.metrics
WIDE_METRICS = [(f"{m.label} {m.unit}", m) for m in pick(COMPARE)]
LAST_COLUMN = "binding targets (MCNY/unit)\nor reason"


def wide_table(runs: list[Run], baseline: Run | None, years=KEY_YEARS) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the one-row-per-run table (strings, for rich and markdown; a header
    may hold a line break: use ``h.replace("\\n", " ")`` for one line)."""
    keys = varying_keys(runs)
    show_scenario = "scenario" not in keys and len({r.scenario for r in runs}) > 1
    ys = "/".join(str(y)[2:] for y in years)
    metric_headers = [f"{h}\n{ys}" for h, _ in WIDE_METRICS]
    header = ["run", *keys] + (["scenario"] if show_scenario else []) + [
        "status", "NPV\nbn CNY", "Δ NPV\nbn CNY"] + metric_headers[:2] + ["CO2\npeak"] + metric_headers[2:] + [LAST_COLUMN]
    rows = []
    for r in runs:
        cells = [r.label, *[r.overrides.get(k, "") for k in keys]] + ([r.scenario] if show_scenario else [])
        if not r.solved:
            rows.append(cells + [r.status] + [""] * (len(header) - len(cells) - 2) + [_short(r.reason, 110)])
            continue
        npv = r.npv / 1e3 if r.npv is not None else None
        diff = ("" if baseline is None or r.npv is None or baseline.npv is None else
                ("base" if r is baseline else f"{(r.npv - baseline.npv) / 1e3:+,.1f}"))

        def pair(metric):
            return "/".join(metric.fmt(metric.value(r.summary, y)) for y in years)
        metric_cells = [pair(m) for _, m in WIDE_METRICS]
        peak = peak_year(r.summary)
        last = int(r.summary.index.max())
        peak_txt = "" if peak is None else (f"≥{peak}" if peak == last else str(peak))
        rows.append(cells + [r.status, "" if npv is None else f"{npv:,.1f}", diff] + metric_cells[:2] + [peak_txt]
                    + metric_cells[2:] + [binding_text(r)])
    return header, rows


def _numeric_column(h: str) -> bool:
    return h.startswith(("NPV", "Δ NPV", "CO2\npeak")) or any(h.startswith(m[0] + "\n") for m in WIDE_METRICS)


def print_table(header, rows, title: str, width: int | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(highlight=False, width=width or (None if sys.stdout.isatty() else 220))
    t = Table(title=title, show_lines=False)
    for h in header:
        num = _numeric_column(h)
        t.add_column(h, overflow="fold", justify="right" if num else "left")
    for row in rows:
        t.add_row(*row)
    con.print(t)


def markdown_table(header, rows) -> str:
    esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    out = ["| " + " | ".join(esc(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(out)
