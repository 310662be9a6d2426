"""Plots of a comparison: metrics against the swept parameter, the cost of the plan, the marginal
abatement cost curve of a sweep over a target level."""
from __future__ import annotations

import re
from pathlib import Path

from optim.compare.read import Run
from optim.compare.tables import PRICE_TOL, _fmt_price, _num, binding_targets, value, varying_keys
from optim.results.metrics import COMPARE, pick


def swept_numeric(runs: list[Run]) -> str | None:
    """The single override key that varies and is numeric for every solved run, if there is one."""
    solved = [r for r in runs if r.solved]
    cands = [k for k in varying_keys(solved) if all(_num(r.overrides.get(k)) is not None for r in solved)]
    return cands[0] if len(cands) == 1 else None


def _report_year(runs: list[Run]) -> int:
    years = set.intersection(*[set(r.summary.index) for r in runs if r.solved])
    return 2030 if 2030 in years else max(years)


#: (title, summary column; None = the NPV) of each panel: the NPV and the COMPARE metrics of optim.results.metrics
PLOT_METRICS = [("NPV cost (bn CNY)", None)] + [(m.title, m.columns[0]) for m in pick(COMPARE)]


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
    a2.set_xlabel("shadow price of the target (MCNY NPV per unit tightened in all its years, symlog)")
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
    a1.step(xs, prices, where="post", marker="o", label=f"shadow price of {tid} (per unit tightened in all its years)")
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
