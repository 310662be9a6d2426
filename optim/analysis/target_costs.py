"""What each target costs in total: last-in and first-in costs by warm re-solves with target rows switched.

With NPV(S) the least NPV system cost when exactly the target families S are on (rows off = bounds (-inf, +inf),
optim.analysis.switch), P the families of the study (the plan) and {} none of them (the no_policy LP):
  last-in cost of i   L_i = NPV(P) - NPV(P \\ {i})    what dropping i alone from the plan saves
  first-in cost of i  F_i = NPV({i}) - NPV({})       what i costs when it is the only target
  the plan's cost     C   = NPV(P) - NPV({})         (documents - no_policy)
  interactions        I   = C - sum_i L_i            the part of the plan's cost that no single target explains:
                                                     no target's removal alone would save it
  overlap             O   = sum_i F_i - C            what adding up the stand-alone costs counts twice
Removing constraints never raises the least cost, so L_i >= 0 and F_i >= 0. I > 0 when targets share their cost
(two targets requiring the same thing: removing either saves nothing, L = 0 for both); I < 0 when targets
reinforce each other (together they cost more than the sum of their last-in costs). With two targets
I = O = F_1 + F_2 - C. A family that does not bind in the plan (zero price, slack) has L_i = 0 exactly.
The shadow price (d NPV / d value, MCNY per unit, all years) is the slope at the plan; L_i is the whole way down.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from optim.analysis.switch import TargetSwitch
from optim.model.targets import outcomes, row_unit, target_price, year_span

#: MCNY below which a cost counts as zero (solver tolerance on NPVs of ~1e6 MCNY)
ZERO_MCNY = 0.5


@dataclass(frozen=True)
class TargetCost:
    """The total costs of one target family (module docstring), NPV MCNY at 2020 prices."""

    id: str
    indicator: str
    years: str
    binds: bool
    last_in_mcny: float
    first_in_mcny: float
    shadow_price_mcny: float   # per unit of the target, all its years
    unit: str                  # the target's unit
    quote_zh: str

    @property
    def reading(self) -> str:
        """One line on how to read the two numbers of this target."""
        L, F, z = self.last_in_mcny, self.first_in_mcny, ZERO_MCNY
        n = lambda v: f"{v:,.0f} MCNY"  # noqa: E731
        if L <= z and F <= z:
            return (f"{self.id} costs nothing in total: the least-cost pathway meets it with or without the other "
                    f"targets.")
        if L <= z:
            return (f"{self.id}: other targets already require what it asks, so dropping it alone saves nothing; "
                    f"imposed alone it would cost {n(F)}.")
        if F <= z:
            return (f"{self.id}: alone the least-cost pathway meets it anyway; on top of the other targets it costs "
                    f"{n(L)} (they push the pathway to where it binds).")
        if abs(L - F) <= 0.1 * max(L, F):
            return (f"{self.id} costs about the same alone ({n(F)}) and on top of the others ({n(L)}): its cost "
                    f"hardly depends on them.")
        if L > F:
            return (f"{self.id} costs more on top of the other targets ({n(L)}) than alone ({n(F)}): they use up "
                    f"the cheap ways to meet it.")
        return (f"{self.id}: part of what it asks is done by other targets: alone it costs {n(F)}, on top of the "
                f"others only {n(L)}.")


@dataclass(frozen=True)
class PlanCost:
    """NPVs of the plan and of no targets, and the split of the plan's cost (module docstring) [MCNY]."""

    npv_plan: float
    npv_none: float
    sum_last_in: float
    sum_first_in: float
    families: int          # target families costed
    families_in_plan: int  # families with rows in the study

    @property
    def plan_cost(self) -> float:
        return self.npv_plan - self.npv_none

    @property
    def interactions(self) -> float:
        return self.plan_cost - self.sum_last_in

    @property
    def overlap(self) -> float:
        return self.sum_first_in - self.plan_cost






def target_costs(result, which: str = "binding", progress=None) -> tuple[list[TargetCost], PlanCost]:
    """Last-in and first-in cost of each target family of the solved study ``result`` (module docstring).

    ``which``: 'binding' costs the families that bind in the study, 'all' every family with rows. Solves, warm and
    in this order (each close to the one before): the plan without i for each i, no targets, only i for each i.
    The study's rows are restored afterwards (its HiGHS instance holds the plan again; its solution is not
    reloaded: the study's files are written before)."""
    lp = result.lp
    rows = outcomes(lp, result.duals)  # before any re-solve: prices read the study's solution
    switch = TargetSwitch(result)
    recs = {r.id: r for r in lp.targets.records if r.id in switch.rows}
    binds = {tid: any(o.binding for o in rows[tid]) for tid in recs}
    costed = [tid for tid in switch.ids if which == "all" or binds[tid]]
    npv_plan = float(result.objective)
    plan = set(switch.ids)
    total = 2 * len(costed) + 1
    done = 0
    npv: dict = {}

    def run(on, label):
        nonlocal done
        t0 = time.perf_counter()
        switch.set_on(on)
        value = float(switch.solve().objective)
        done += 1
        if progress is not None:
            progress.note(f"target costs: solve {done} of {total} ({label}) in {time.perf_counter() - t0:.1f} s")
        return value
    try:
        for tid in costed:
            npv[("without", tid)] = run(plan - {tid}, f"plan without {tid}")
        npv_none = run(set(), "no targets")
        for tid in costed:
            npv[("only", tid)] = run({tid}, f"only {tid}")
    finally:
        switch.restore()
    reg = lp.inputs.targets.set_index("id")
    tiny = 1e-9 * max(1.0, abs(npv_plan))  # solver round-off on the NPVs

    def cost(v):
        return v if v > tiny else 0.0
    out = []
    for tid in costed:
        rec = recs[tid]
        out.append(TargetCost(
            id=tid, indicator=rec.indicator, years=year_span(k[1] for k in rec.keys), binds=binds[tid],
            last_in_mcny=cost(npv_plan - npv[("without", tid)]), first_in_mcny=cost(npv[("only", tid)] - npv_none),
            shadow_price_mcny=target_price(rows[tid]), unit=row_unit(rec), quote_zh=str(reg.loc[tid].quote_zh)))
    summary = PlanCost(npv_plan, npv_none, sum(c.last_in_mcny for c in out), sum(c.first_in_mcny for c in out),
                       len(out), len(plan))
    return out, summary
