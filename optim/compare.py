"""``optim-compare PATH...``: compare least-cost pathways of a sweep or of several runs.

PATH is a multirun folder (with ``run000, run001, ...``) or a run folder; several PATHs
may be given. Every value is read from the run's own files: manifest.json (status, NPV
objective, overrides), summary_by_year.csv, targets.csv, and for runs that did not solve
failure.json (bad input, internal error) or diagnosis.md (infeasible, solver trouble).

Writes
  comparison.csv  long and tidy: run, one column per override key, scenario_name, status,
                  reason, metric, year, value (metric = a summary_by_year.csv column, or
                  npv_cost_mcny, npv_diff_vs_baseline_mcny, co2_peak_year (no year), or
                  shadow_price_mcny:<target id> per target year)
  comparison.md   the wide table (one row per run) and notes
  *.png           with --plots: metrics against the swept parameter, the cost of the plan
                  (documents vs no_policy), a marginal abatement cost curve
into the first PATH if it is a multirun folder, else into ``--out DIR`` (default
results/comparisons/<timestamp>). An existing comparison is never overwritten: the new one
gets a suffix (comparison-2.csv, ...). The wide table is also printed.

Exit codes: 0 done, 2 bad arguments (no run found, unknown --baseline).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from optim.sweep import RUN_DIR, sweep_job_count

KEY_YEARS = (2025, 2030)
PRICE_TOL = 1e-4  # MCNY per unit: as optim.results.targets_table.TOL
SOLVED = "optimal"


@dataclass
class Run:
    """One run folder (or a job of a sweep that left no folder) and what it says about itself."""

    label: str
    path: Path
    status: str
    reason: str = ""
    overrides: dict[str, str] = field(default_factory=dict)
    scenario: str = ""
    npv: float | None = None
    summary: pd.DataFrame | None = None   # summary_by_year.csv indexed by year
    targets: pd.DataFrame | None = None   # targets.csv

    @property
    def solved(self) -> bool:
        return self.status == SOLVED and self.summary is not None


# ---------------------------------------------------------------- reading runs

def _short(text: str, n: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _parse_overrides(items) -> dict[str, str]:
    out = {}
    for o in items or []:
        o = str(o).lstrip("+~")
        if "=" in o:
            k, v = o.split("=", 1)
            out[k] = v
    return out


def _diagnosis_reason(path: Path) -> str:
    f = path / "diagnosis.md"
    if not f.exists():
        return ""
    lines = [ln.strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    bullets = [ln[2:] for ln in lines if ln.startswith("- ")]
    if bullets:
        # "- TJ-024 (import_capacity_gw >= 10 GW in 2025, <document>): relaxing it by 3 GW in 2025 restores ..."
        m = re.match(r"^(\S+) \((\S+ [<>=]+ [^,]+),.*\): (relaxing .*)$", bullets[0])
        first = f"{m.group(1)} ({m.group(2)}): {m.group(3)}" if m else bullets[0]
        return first + (f" (+{len(bullets) - 1} more)" if len(bullets) > 1 else "")
    body = [ln for ln in lines if not ln.startswith("#")]
    return body[0] if body else ""


def read_run(path: Path, label: str | None = None) -> Run:
    """Read one run folder; never raises for a damaged folder (the status says what is wrong)."""
    path = Path(path)
    label = label or path.name
    man, fail = path / "manifest.json", path / "failure.json"
    if man.exists():
        try:
            m = json.loads(man.read_text(encoding="utf-8"))
        except ValueError as exc:
            return Run(label, path, "error", f"manifest.json unreadable: {exc}")
        cfg = m.get("config") or {}
        run = Run(label, path, str(m.get("status", "?")), overrides=_parse_overrides(m.get("overrides")),
                  scenario=str(cfg.get("scenario_name", "")), npv=m.get("objective_mcny"))
        if run.status == SOLVED:
            try:
                run.summary = pd.read_csv(path / "summary_by_year.csv").set_index("year")
                run.targets = pd.read_csv(path / "targets.csv")
            except (OSError, ValueError, KeyError) as exc:
                run.status, run.reason = "error", f"results unreadable: {exc}"
                run.summary = None
        else:
            run.reason = _diagnosis_reason(path) or f"solver status {run.status}"
        return run
    if fail.exists():
        try:
            f = json.loads(fail.read_text(encoding="utf-8"))
        except ValueError as exc:
            return Run(label, path, "error", f"failure.json unreadable: {exc}")
        ov = _parse_overrides(f.get("overrides"))
        return Run(label, path, str(f.get("status", "error")), _short(f.get("message", ""), 200), ov,
                   scenario=ov.get("scenario", ""))
    return Run(label, path, "incomplete", "no manifest.json or failure.json (still running or killed)")


def is_sweep(path: Path) -> bool:
    return path.is_dir() and (any(RUN_DIR.match(p.name) and p.is_dir() for p in path.iterdir())
                              or (path / "multirun.yaml").exists())


def collect(paths: list[Path]) -> list[Run]:
    """Runs of the given sweep folders and run folders, in order. Jobs of a sweep that left no
    folder (killed, still running) appear with status 'missing' when the sweep's job count is known."""
    runs: list[Run] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise FileNotFoundError(f"{p} does not exist")
        if is_sweep(p):
            found = {int(RUN_DIR.match(d.name).group(1)): d for d in p.iterdir() if d.is_dir() and RUN_DIR.match(d.name)}
            n = sweep_job_count(p)
            nums = sorted(set(found) | set(range(n or 0)))
            prefix = f"{p.name}/" if len(paths) > 1 else ""
            for k in nums:
                if k in found:
                    runs.append(read_run(found[k], prefix + found[k].name))
                else:
                    partial = [d.name for d in p.glob(f"run{k:03d}.partial-*")]
                    why = "running or killed (partial folder left)" if partial else "no folder (job killed or not started)"
                    runs.append(Run(prefix + f"run{k:03d}", p / f"run{k:03d}", "missing", why))
        elif (p / "manifest.json").exists() or (p / "failure.json").exists():
            runs.append(read_run(p))
        else:
            raise FileNotFoundError(f"{p} is neither a run folder (manifest.json) nor a multirun folder (runNNN/)")
    labels = [r.label for r in runs]
    for r in runs:  # same folder names from different parents: add the parent
        if labels.count(r.label) > 1:
            r.label = f"{r.path.parent.name}/{r.path.name}"
    return runs


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
    """Per binding target (targets.csv binding = true): (id, year, shadow price, n) with the first
    year in which it binds at a non-zero price (else its first binding year, price 0) and n the
    number of years in which it binds at a non-zero price."""
    if not run.solved or run.targets is None or run.targets.empty:
        return []
    t = run.targets
    b = t[t["binding"].astype(str).str.lower() == "true"]
    out = []
    for tid, g in b.groupby("id", sort=False):
        g = g.sort_values("year")
        prices = pd.to_numeric(g["shadow_price_mcny"], errors="coerce").fillna(0.0)
        priced = g[prices.abs() > PRICE_TOL]
        first = priced.iloc[0] if len(priced) else g.iloc[0]
        year = None if pd.isna(first["year"]) else int(first["year"])
        price = float(first["shadow_price_mcny"]) if len(priced) else 0.0
        out.append((str(tid), year, price, len(priced)))
    return out


def _fmt_price(p: float) -> str:
    return f"{p:,.0f}" if abs(p) >= 10 else f"{p:.3g}"


def binding_text(run: Run) -> str:
    """Compact "TJ-002:5423 TJ-027:948 TJ-001:117+" (price in the first year the target binds at a
    non-zero price, MCNY NPV per unit tightened; '+' = it has a non-zero price in later years too)."""
    parts = [f"{tid}:{_fmt_price(p)}{'+' if n > 1 else ''}" for tid, _, p, n in binding_targets(run)
             if abs(p) > PRICE_TOL]
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
            for tr in t[t["shadow_price_mcny"].notna()].itertuples(index=False):
                rows.append(dict(base, metric=f"shadow_price_mcny:{tr.id}",
                                 year=None if pd.isna(tr.year) else int(tr.year), value=float(tr.shadow_price_mcny)))
    df = pd.DataFrame(rows, columns=["run", *keys, "scenario_name", "status", "reason", "metric", "year", "value"])
    df["year"] = pd.array(df["year"], dtype="Int64")
    return df


WIDE_METRICS = [  # (header, summary column, format)
    ("CO2 Mt", "co2_mt", "{:.1f}"),
    ("coal Mtce", "coal_mtce", "{:.1f}"),
    ("non-fossil %", "nonfossil_share_pct", "{:.1f}"),
    ("wind GW", "wind_gw", "{:.2f}"),
    ("PV GW", "pv_gw", "{:.2f}"),
    ("storage GW", "storage_power_gw", "{:.2f}"),
    ("import cap GW", "import_capacity_gw", "{:.2f}"),
]
LAST_COLUMN = "binding targets (MCNY/unit)\nor reason"


def wide_table(runs: list[Run], baseline: Run | None, years=KEY_YEARS) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the one-row-per-run table (strings, for rich and markdown; a header
    may hold a line break: use ``h.replace("\\n", " ")`` for one line)."""
    keys = varying_keys(runs)
    show_scenario = "scenario" not in keys and len({r.scenario for r in runs}) > 1
    ys = "/".join(str(y)[2:] for y in years)
    metric_headers = [f"{h}\n{ys}" for h, _, _ in WIDE_METRICS]
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

        def pair(col, fmt):
            vals = [value(r, col, y) for y in years]
            return "/".join("–" if v is None else fmt.format(v) for v in vals)
        metric_cells = [pair(c, f) for _, c, f in WIDE_METRICS]
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


# ---------------------------------------------------------------- output folder

def _free_stem(folder: Path) -> str:
    """'comparison', or 'comparison-2', '-3', ... so that nothing existing is overwritten."""
    stem, k = "comparison", 1
    while any(folder.glob(f"{stem}.*")) or any(folder.glob(f"{stem}_*.png")):
        k += 1
        stem = f"comparison-{k}"
    return stem


def output_folder(paths: list[Path], out: str | None) -> Path:
    if out:
        from optim.paths import resolve

        return resolve(out)
    if is_sweep(Path(paths[0])):
        return Path(paths[0])
    from optim.paths import resolve

    folder = resolve("results/comparisons") / time.strftime("%Y%m%d-%H%M%S")
    k = 1
    while folder.exists():
        k += 1
        folder = folder.with_name(f"{time.strftime('%Y%m%d-%H%M%S')}-{k}")
    return folder


# ---------------------------------------------------------------- plots

def swept_numeric(runs: list[Run]) -> str | None:
    """The single override key that varies and is numeric for every solved run, if there is one."""
    solved = [r for r in runs if r.solved]
    cands = [k for k in varying_keys(solved) if all(_num(r.overrides.get(k)) is not None for r in solved)]
    return cands[0] if len(cands) == 1 else None


def _report_year(runs: list[Run]) -> int:
    years = set.intersection(*[set(r.summary.index) for r in runs if r.solved])
    return 2030 if 2030 in years else max(years)


PLOT_METRICS = [("NPV cost (bn CNY)", None), ("CO2 (Mt)", "co2_mt"), ("coal (Mtce)", "coal_mtce"),
                ("non-fossil share (%)", "nonfossil_share_pct"), ("wind (GW)", "wind_gw"), ("PV (GW)", "pv_gw"),
                ("storage (GW)", "storage_power_gw"), ("import capacity (GW)", "import_capacity_gw")]


def plot_sweep(runs: list[Run], key: str, out: Path) -> Path | None:
    """Each metric against the swept parameter; one line per combination of the other varying keys."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    solved = [r for r in runs if r.solved]
    if len({_num(r.overrides[key]) for r in solved}) < 2:
        return None
    year = _report_year(solved)
    others = [k for k in varying_keys(solved) if k != key]
    groups: dict[str, list[Run]] = {}
    for r in solved:
        groups.setdefault(", ".join(f"{k}={r.overrides.get(k)}" for k in others) or "runs", []).append(r)
    fig, axes = plt.subplots(2, 4, figsize=(16, 7), constrained_layout=True)
    for ax, (title, col) in zip(axes.flat, PLOT_METRICS):
        for name, rs in groups.items():
            rs = sorted(rs, key=lambda r: _num(r.overrides[key]))
            xs = [_num(r.overrides[key]) for r in rs]
            ys = [r.npv / 1e3 if col is None else value(r, col, year) for r in rs]
            ax.plot(xs, ys, marker="o", label=name)
        ax.set_title(title if col is None else f"{title} {year}", fontsize=10)
        ax.set_xlabel(key, fontsize=8)
        ax.grid(alpha=0.3)
    if len(groups) > 1:
        axes.flat[0].legend(fontsize=7)
    failed = [r.label for r in runs if not r.solved]
    fig.suptitle(f"Least-cost pathway against {key}" + (f" (not solved: {', '.join(failed)})" if failed else ""))
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def plot_plan_cost(runs: list[Run], out: Path) -> Path | None:
    """Cost of the plan: NPV(documents) - NPV(no_policy) and the binding targets' shadow prices."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    doc = next((r for r in runs if r.solved and r.scenario == "documents"), None)
    ref = next((r for r in runs if r.solved and r.scenario == "no_policy"), None)
    if doc is None or ref is None:
        return None
    diff = (doc.npv - ref.npv) / 1e3
    bind = sorted([b for b in binding_targets(doc) if abs(b[2]) > PRICE_TOL], key=lambda x: x[2])
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, max(4, 0.35 * len(bind) + 1.5)),
                                 gridspec_kw={"width_ratios": [1, 3]}, constrained_layout=True)
    a1.bar(["cost of the plan"], [diff], color="tab:red")
    a1.set_ylabel("NPV documents - no_policy (bn CNY, 2020 prices)")
    name = lambda r: r.label if r.label == r.scenario else f"{r.label} ({r.scenario})"  # noqa: E731
    a1.set_title(f"{name(doc)} vs {name(ref)}:\n{diff:+,.1f} bn CNY", fontsize=10)
    a1.grid(axis="y", alpha=0.3)
    if bind:
        labels = [f"{tid} {y if y is not None else ''}" + (f" (binds {n} yrs)" if n > 1 else "") for tid, y, _, n in bind]
        prices = [p for _, _, p, _ in bind]
        a2.barh(labels, prices, color="tab:blue")
        a2.set_xscale("symlog", linthresh=1.0)
        units = doc.targets.drop_duplicates("id").set_index("id")["unit"].to_dict()
        for i, (tid, _, p, _) in enumerate(bind):
            a2.text(p, i, f" {_fmt_price(p)} per {units.get(tid, 'unit')}", va="center", fontsize=7)
    a2.set_xlabel("shadow price in the first binding year (MCNY NPV per unit tightened, symlog)")
    a2.set_title("binding targets of the plan (marginal costs, not shares of the total)", fontsize=10)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


TARGET_KEY = re.compile(r"^targets\.([A-Za-z]+-\d+)\.value$")


def plot_mac(runs: list[Run], key: str, out: Path) -> Path | None:
    """Marginal abatement cost curve of a sweep over a target level (targets.<ID>.value):
    left, the target's shadow price against its level (and the NPV difference per unit between
    neighbouring levels); right, the NPV difference per Mt of CO2 in the report year."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m = TARGET_KEY.match(key)
    solved = sorted([r for r in runs if r.solved], key=lambda r: _num(r.overrides[key]))
    if m is None or len(solved) < 2:
        return None
    tid = m.group(1)
    year = _report_year(solved)
    xs, prices, unit = [], [], "unit"
    for r in solved:
        t = r.targets[r.targets["id"] == tid].dropna(subset=["shadow_price_mcny"]).sort_values("year")
        xs.append(_num(r.overrides[key]))
        prices.append(float(t.iloc[0]["shadow_price_mcny"]) if len(t) else float("nan"))
        if len(t):
            unit = str(t.iloc[0]["unit"])
    npv = [r.npv for r in solved]
    mid = [(a + b) / 2 for a, b in zip(xs, xs[1:])]
    incr = [(n2 - n1) / (x2 - x1) if x2 != x1 else float("nan") for n1, n2, x1, x2 in zip(npv, npv[1:], xs, xs[1:])]
    co2 = [value(r, "co2_mt", year) for r in solved]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 4.8), constrained_layout=True)
    a1.step(xs, prices, where="post", marker="o", label=f"shadow price of {tid} (first target year)")
    a1.plot(mid, incr, "s--", label="ΔNPV / Δlevel between neighbouring runs")
    a1.set_xlabel(f"{key} ({unit})")
    a1.set_ylabel(f"MCNY (NPV) per {unit}")
    a1.set_title(f"marginal cost of {tid}", fontsize=10)
    a1.legend(fontsize=8)
    a1.grid(alpha=0.3)
    pts = sorted(zip(co2, npv))
    mac_x, mac_y = [], []
    for (c1, n1), (c2, n2) in zip(pts, pts[1:]):
        if c1 is not None and c2 is not None and abs(c2 - c1) > 1e-6:
            mac_x.append((c1 + c2) / 2)
            mac_y.append((n1 - n2) / (c2 - c1))  # MCNY per Mt less CO2 = CNY per t
    if mac_x:
        a2.plot(mac_x, mac_y, "o-")
    a2.set_xlabel(f"CO2 {year} (Mt)")
    a2.set_ylabel("- ΔNPV / ΔCO2 (CNY per t of CO2 in that year)")
    a2.set_title(f"NPV cost per Mt of CO2 {year} avoided (whole-horizon NPV)", fontsize=10)
    a2.grid(alpha=0.3)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


# ---------------------------------------------------------------- main

NOTES = """Notes
- Values are read from each run's own files (manifest.json, summary_by_year.csv, targets.csv,
  failure.json, diagnosis.md). NPV = objective of the run (MCNY, 2020 prices, discounted to 2020);
  Δ NPV = NPV - NPV of the baseline run ({baseline}).
- Override columns show the overrides that differ between runs (blank: not overridden, i.e. the
  config default); every override is a column of comparison.csv.
- "a/b" cells are the values in {years}. CO2 peak = first year in which CO2 reaches its maximum
  over the horizon (within 0.01 Mt); "≥y" = still at its maximum in the last modelled year.
- Binding targets: id:shadow price in the first year the target binds at a non-zero price (MCNY NPV
  per unit of the target tightened, in the unit of targets.csv); "+" = it has a non-zero price in
  later years too (every year in comparison.csv, metric shadow_price_mcny:<id>).
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="optim-compare", description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", type=Path, help="a multirun folder or run folders")
    ap.add_argument("--out", help="output folder (default: the multirun folder, else results/comparisons/<timestamp>)")
    ap.add_argument("--baseline", help="run (folder name) that Δ NPV refers to (default: first optimal run)")
    ap.add_argument("--plots", action="store_true", help="also write PNG plots beside comparison.md")
    ap.add_argument("--years", default=",".join(map(str, KEY_YEARS)),
                    help="the years shown in the table, comma-separated (default: 2025,2030)")
    ap.add_argument("--width", type=int, help="width of the printed table (default: terminal, 220 when piped)")
    args = ap.parse_args(argv)
    try:
        years = tuple(int(y) for y in args.years.split(","))
    except ValueError:
        ap.error(f"--years {args.years!r}: expected years separated by commas, e.g. 2025,2030")
    from rich.console import Console

    err = Console(stderr=True, highlight=False)
    try:
        runs = collect(args.paths)
        if not runs:
            raise FileNotFoundError(f"no runs found in {', '.join(map(str, args.paths))}")
        baseline = choose_baseline(runs, args.baseline)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"[bold red]error:[/] {exc}")
        return 2
    folder = output_folder(args.paths, args.out)
    folder.mkdir(parents=True, exist_ok=True)
    stem = _free_stem(folder)
    long = long_table(runs, baseline)
    long.to_csv(folder / f"{stem}.csv", index=False, float_format="%.6g")
    header, rows = wide_table(runs, baseline, years)
    title = f"Comparison of {len(runs)} runs ({sum(r.solved for r in runs)} optimal)"
    print_table(header, rows, title, args.width)
    ys = " / ".join(map(str, years))
    md = [f"# {title}", "", f"Sources: {', '.join(str(p) for p in args.paths)}", "",
          markdown_table(header, rows), "", NOTES.format(baseline=baseline.label if baseline else "none", years=ys)]
    plots = []
    if args.plots:
        key = swept_numeric(runs)
        if key:
            plots.append(plot_sweep(runs, key, folder / f"{stem}_sweep.png"))
            plots.append(plot_mac(runs, key, folder / f"{stem}_mac.png"))
        plots.append(plot_plan_cost(runs, folder / f"{stem}_plan_cost.png"))
        plots = [p for p in plots if p is not None]
        if plots:
            md += ["## Plots", ""] + [f"![{p.stem}]({p.name})" for p in plots] + [""]
        else:
            md += ["No plot applies: no single numeric override varies, and no documents + no_policy pair.", ""]
    (folder / f"{stem}.md").write_text("\n".join(md), encoding="utf-8")
    Console(highlight=False, soft_wrap=True).print(f"Comparison written to [bold]{folder / stem}.csv[/] and .md"
                                   + (f" (+ {len(plots)} plots)" if plots else ""))
    return 0


def _entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    _entry()
