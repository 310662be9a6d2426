"""Explain a plan that cannot be: which targets to relax (elastic LP), or which other rows conflict (IIS).

1. Elastic re-solve: every policy target gets a shortfall variable sigma_t >= 0 (in the
   target's own units) and the objective becomes  min sum_t sigma_t / scale_t  (scale_t:
   1 %-point, 1 GW, 1 bcm ... so targets in different units are weighed one unit each).
   The targets with sigma_t > 0 form the smallest relaxation found; the amounts are reported.
2. If the elastic LP is still infeasible, the conflict lies outside the targets (build
   limits, potentials, balances): HiGHS's irreducible infeasible subset (``getIis``) is
   mapped back to Pyomo constraint names.
"""
from __future__ import annotations

import copy

import pyomo.environ as pyo

from optim.solve import make_highs, solve


def _label(inp, tid: str) -> str:
    row = inp.targets.set_index("id").loc[tid]
    doc = "《天津市碳达峰实施方案》" if str(row.document).startswith("000") else str(row.document)
    value = "" if row.value is None or row.value != row.value else f"{row.value:g} "
    year = "" if row.year is None or row.year != row.year else f" in {int(row.year)}"
    unit = str(row.unit or "").split(" (")[0]
    return f"{tid} ({row.indicator} {row.sense} {value}{unit}{year}, {doc} {row.section or ''})"


def elastic_targets(inp, cfg) -> tuple[str, list[tuple[str, int, float, str]]]:
    """Re-solve with every built target soft; return (status, [(id, year, shortfall, unit)])."""
    from optim.model import build_model

    inp2 = copy.copy(inp)
    t = inp.targets.copy()
    t.loc[t.modelled_as == "constraint", "mode"] = t.loc[t.modelled_as == "constraint", "mode"].where(
        t.loc[t.modelled_as == "constraint", "mode"] == "off", "soft")
    inp2.targets = t
    m2 = build_model(inp2)
    m2.obj.deactivate()
    slack_terms = [s for rec in m2._target_records for s in rec.slack]
    m2.elastic_obj = pyo.Objective(expr=sum(slack_terms) if slack_terms else 0.0, sense=pyo.minimize)
    res = solve(m2, dict(cfg["solver"]))
    if not res.optimal:
        return res.status, []
    out = []
    for rec in m2._target_records:
        for k, s in enumerate(rec.slack):
            v = pyo.value(s)
            if v and v > 1e-6:
                year = rec.rows[k][1] if k < len(rec.rows) else rec.year
                out.append((rec.id, year, float(v), rec.unit))
    return "optimal", out


def iis_rows(result) -> list[str]:
    """Names of the constraints in HiGHS's irreducible infeasible subset (may be empty)."""
    h = result.highs
    try:
        status, iis = h.getIis()
    except Exception:  # noqa: BLE001 - older highspy without IIS
        return []
    return [result.row_name(i) for i in list(iis.row_index_)[:40]]


def diagnose_infeasible(model, inp, cfg, result) -> str:
    """diagnosis.md text; also printed by the CLI."""
    lines = ["# Diagnosis: the plan is infeasible", ""]
    status, relax = elastic_targets(inp, cfg)
    if status == "optimal" and relax:
        lines += ["The targets cannot all hold together. The smallest relaxation found (elastic LP, one unit of each "
                  "target's own measure weighed equally):", ""]
        for tid, year, amount, unit in relax:
            lines.append(f"- {_label(inp, tid)}: relaxing it by {amount:,.3g} {unit} in {year} restores feasibility.")
        lines += ["", "Try e.g. `policy.strive=soft` (priced shortfalls) or override the value: "
                  f"`targets.{relax[0][0]}.value=...`."]
    else:
        names = iis_rows(result)
        lines += ["Relaxing the policy targets does not restore feasibility: the conflict lies in the physical "
                  "limits (potentials, build rates, balances, calibration).", ""]
        if names:
            lines += ["HiGHS's irreducible infeasible subset contains these constraints:", ""] + [f"- `{n}`" for n in names]
        else:
            lines.append("HiGHS could not compute an irreducible infeasible subset for this model.")
        lines += ["", "Check the overrides of potentials, costs and build limits in the config."]
    return "\n".join(lines) + "\n"


def explain_solver_trouble(result, cfg) -> str:
    """What a non-optimal, non-infeasible status means and what to try."""
    tips = {
        "time_limit": f"HiGHS stopped at the time limit ({cfg['solver'].get('time_limit')} s) before proving optimality. "
                      "Raise `solver.time_limit`, use fewer representative days (`time=typical_days`) or a shorter "
                      "horizon (`years.end=2030`), or try `solver.method=ipm`.",
        "unbounded": "The LP is unbounded: some cost is negative or a variable lacks a bound. Check overrides of costs "
                     "and prices for negative values.",
        "iteration_limit": "HiGHS hit its iteration limit. Try `solver.method=ipm`.",
        "infeasible_or_unbounded": "HiGHS could not tell infeasible from unbounded. Try `solver.presolve=off`.",
    }
    text = tips.get(result.status, f"HiGHS ended with status '{result.status}' (numerical trouble). Try "
                                   "`solver.method=ipm` or `solver.presolve=off`, and check for extreme overrides.")
    return f"# Diagnosis: solver trouble\n\nStatus: {result.status}\n\n{text}\n"
