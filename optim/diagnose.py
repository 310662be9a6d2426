"""Explain a plan that cannot be: which targets to relax (elastic LP), or which other rows conflict (IIS).

1. Elastic re-solve: every policy target gets a shortfall variable sigma >= 0 and the objective becomes
   min sum sigma (one unit of each target's reference measure weighed equally). The targets with sigma > 0
   form the smallest relaxation found.
2. The amount is then read in the target's own unit from the relaxed plan x*: for an indicator target
   delta = |v - x_k(x*)| (e.g. required 90 %, reached 22.6 % -> 67.4 points); for 'coal keeps falling' and
   'CO2 peaks' rows it is sigma (Mtce, Mt). x* minimises the total shortfall in reference units, so for a
   share the reached value restores feasibility but need not be the largest reachable share.
3. Verification: the original LP is re-solved with each relaxed indicator target moved to its reachable value;
   the diagnosis says whether that restored feasibility.
4. Conflict partners: targets that hold with equality in the relaxed plan and carry a nonzero dual of the
   elastic objective are the ones the relaxed target conflicts with; they are named.
5. If the elastic LP is still infeasible, the conflict lies outside the targets (build limits, potentials,
   balances, calibration): HiGHS's irreducible infeasible subset (``getIis``) is mapped back to row names.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pyomo.environ as pyo

from optim.config.schema import Config
from optim.model.targets import INDICATORS, achieved, row_unit, year_span
from optim.solver import solve

TOL = 1e-6


@dataclass
class Relaxation:
    """One target the plan cannot meet: by how much (its own unit), in which years, with whom it conflicts."""

    tid: str
    unit: str
    years: list[int] = field(default_factory=list)
    amount: float = 0.0              # largest relaxation over its years, in the target's unit
    reachable: float | None = None   # value the relaxed plan reaches in the worst year (indicator targets)
    partners: list[str] = field(default_factory=list)


def _label(inp, tid: str) -> str:
    row = inp.targets.set_index("id").loc[tid]
    doc = str(row.document)
    value = "" if row.value is None or row.value != row.value else f"{row.value:g} "
    year = "" if row.year is None or row.year != row.year else f" in {int(row.year)}"
    unit = str(row.unit or "").split(" (")[0]
    return f"{tid} ({row.indicator} {row.sense} {value}{unit}{year}, {doc} {row.section or ''})"


def _soft_inputs(inp):
    inp2 = copy.copy(inp)
    t = inp.targets.copy()
    built = t.modelled_as == "constraint"
    t.loc[built, "mode"] = t.loc[built, "mode"].where(t.loc[built, "mode"] == "off", "soft")
    inp2.targets = t
    return inp2


def elastic_targets(inp, cfg: Config) -> tuple[str, list[Relaxation]]:
    """Re-solve with every built target soft and min sum sigma; return (status, relaxations by target)."""
    from optim.model import build_lp

    lp2 = build_lp(_soft_inputs(inp))
    m2 = lp2.model
    m2.obj.deactivate()
    m2.elastic_obj = pyo.Objective(expr=sum(m2.shortfall[k] for k in m2.TSOFT), sense=pyo.minimize)
    res = solve(lp2, cfg.solver)
    if not res.optimal:
        return res.status, []
    relax: dict[str, Relaxation] = {}
    active: set[str] = set()
    for rec in lp2.targets.records:
        for key in rec.keys:
            _, year, _ = key
            sigma = float(pyo.value(m2.shortfall[key]) or 0.0) if key in m2.TSOFT else 0.0
            if sigma <= TOL:
                if abs(res.duals.get(m2.target[key], 0.0)) > TOL:
                    active.add(rec.id)
                continue
            r = relax.setdefault(rec.id, Relaxation(rec.id, row_unit(rec)))
            r.years.append(year)
            if rec.indicator in INDICATORS and rec.value is not None:
                reached = achieved(lp2, rec.indicator, year)
                amount = abs(rec.value - reached)
                if amount >= r.amount:
                    r.amount, r.reachable = amount, reached
            else:
                r.amount = max(r.amount, sigma)
    for r in relax.values():
        r.partners = sorted(active - set(relax))
    return "optimal", sorted(relax.values(), key=lambda r: r.tid)


def verify(inp, cfg: Config, relax: list[Relaxation]) -> bool | None:
    """Re-solve the original LP with each relaxed indicator target at its reachable value (None: nothing to try)."""
    from optim.model import build_lp

    movable = [r for r in relax if r.reachable is not None]
    if not movable:
        return None
    inp2 = copy.copy(inp)
    t = inp.targets.copy()
    for r in movable:
        t.loc[t.id == r.tid, "value"] = r.reachable
    inp2.targets = t
    return solve(build_lp(inp2), cfg.solver).optimal


def iis_rows(result) -> list[str]:
    """Names of the rows in HiGHS's irreducible infeasible subset (may be empty)."""
    return [result.row_name(i) for i in result.backend.iis()[:40]]




def diagnose_infeasible(lp, cfg: Config, result) -> str:
    """diagnosis.md text; also printed by the CLI."""
    lines = ["# Diagnosis: the plan is infeasible", ""]
    inp = lp.inputs
    status, relax = elastic_targets(inp, cfg)
    if status == "optimal" and relax:
        lines += ["The targets cannot all hold together. A relaxation that restores feasibility (elastic LP: the least "
                  "total shortfall; the exact limit of a share target may lie a little closer), in each target's own unit:",
                  ""]
        for r in relax:
            reach = f" (the plan reaches {r.reachable:,.3g} {r.unit})" if r.reachable is not None else ""
            partners = f"; it conflicts with {', '.join(r.partners)}" if r.partners else ""
            lines.append(f"- {_label(inp, r.tid)}: relaxing it by {r.amount:,.3g} {r.unit} in {year_span(r.years)}"
                         f"{reach} restores feasibility{partners}.")
        ok = verify(inp, cfg, relax)
        if ok is True:
            lines += ["", "Checked: re-solving with these relaxed values is feasible."]
        elif ok is False:
            lines += ["", "Checked: re-solving with only these values relaxed is still infeasible at the margin; "
                          "relax them a little further or make the targets soft (`policy.strive=soft`)."]
        first = relax[0]
        lines += ["", "Try e.g. `policy.strive=soft` (priced shortfalls) or override the value: "
                  f"`targets.{first.tid}.value=...`."]
    else:
        names = iis_rows(result)
        lines += ["Relaxing the policy targets does not restore feasibility: the conflict lies in the physical "
                  "limits (potentials, build rates, balances, calibration).", ""]
        if names:
            lines += ["HiGHS's irreducible infeasible subset contains these constraints:", ""] + [f"- `{n}`" for n in names]
        else:
            lines.append("HiGHS could not compute an irreducible infeasible subset for this model.")
        lines += ["", "Check the overrides of potentials, costs and build limits in the config, and the history "
                      "calibration (`system.history_calibrate`, data/<region>/observed.csv)."]
    return "\n".join(lines) + "\n"


def explain_solver_trouble(result, cfg: Config) -> str:
    """What a non-optimal, non-infeasible status means and what to try."""
    tips = {
        "time_limit": f"HiGHS stopped at the time limit ({cfg.solver.time_limit} s) before proving optimality. "
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
