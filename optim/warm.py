"""Warm re-solve: change numbers in the already-built model and re-solve from the previous basis.

Runs in one process that differ only in numbers which enter the objective (costs, fuel and
import prices, demand-response costs) or the levels of indicator targets reuse the built
Pyomo model and the HiGHS instance:
  1. new inputs are built from the new config (cheap);
  2. the cost Expressions are re-evaluated and the objective's linear coefficients
     (``generate_standard_repn``) replace the old ones (``changeColsCost``, offset);
  3. target rows whose value changed are re-written and their coefficients and bounds pushed
     to HiGHS (``changeCoeff``, ``changeRowBounds``);
  4. HiGHS re-solves starting from the basis it kept.
Any other change (potentials, efficiencies, data, time resolution, horizon, policy modes)
needs a rebuild: :func:`warm_compatible` says which.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from pyomo.repn.standard_repn import generate_standard_repn

from optim.model.objective import update_objective
from optim.model.targets import update_target_values
from optim.solve import SolveResult, _status_name, load_solution, run_highs

#: config paths (prefixes) whose change can be applied in place
WARM_KEYS = ("costs.", "fuels.", "targets.", "system.dr_capacity_cost", "system.dr_energy_cost",
             "system.backup_fom_share", "run.", "solver.time_limit", "solver.log")
#: within those, parameters that are not objective-only
COLD_PARAMETERS = ("lifetime", "heat_rate", "availability", "capacity_credit", "charge_efficiency",
                   "discharge_efficiency", "min_duration_h", "max_duration_h", "efficiency", "first_build_year",
                   "heat_to_power", "emission_factor", "nonfossil_share", "calorific_factor", ".mode", ".strength",
                   ".penalty")


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def config_differences(a: dict, b: dict) -> list[str]:
    fa, fb = _flatten(a), _flatten(b)
    return sorted(k for k in set(fa) | set(fb) if fa.get(k) != fb.get(k))


def warm_compatible(old_cfg: dict, new_cfg: dict) -> bool:
    """True when every difference between the configs can be applied to the built model."""
    for key in config_differences(old_cfg, new_cfg):
        if not key.startswith(WARM_KEYS) or any(p in key for p in COLD_PARAMETERS):
            return False
        if key.startswith("targets.") and not key.endswith((".value", ".source")):
            return False
    return True


@dataclass
class WarmState:
    """What a warm re-solve needs from the previous solve."""

    cfg: dict
    data: object
    slices: object
    inp: object
    model: object
    result: SolveResult
    A_csr: object
    col_index: dict
    row_index: dict


def make_state(cfg, data, slices, inp, model, result, repn_A) -> WarmState:
    col_index = {id(v): j for j, v in enumerate(result.column_vars)}
    row_index: dict = {}
    for i, (con, _bt) in enumerate(result.row_entries):
        row_index.setdefault(id(con), []).append(i)
    return WarmState(cfg, data, slices, inp, model, result, repn_A.tocsr(), col_index, row_index)


def warm_resolve(state: WarmState, new_cfg: dict) -> SolveResult:
    """Apply the new config's numbers to the built model and re-solve warm; updates ``state``."""
    from optim.inputs import build_inputs

    t0 = time.perf_counter()
    m, h = state.model, state.result.highs
    inp = build_inputs(state.data, new_cfg, state.slices)
    update_objective(m, inp)
    repn = generate_standard_repn(m.obj.expr, compute_values=True, quadratic=False)
    cost = np.zeros(len(state.col_index))
    for v, coef in zip(repn.linear_vars, repn.linear_coefs):
        j = state.col_index.get(id(v))
        if j is None:
            if coef != 0:
                raise ValueError(f"objective uses {v.name}, which is not a column of the compiled LP")
            continue
        cost[j] += coef
    h.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
    h.changeObjectiveOffset(float(repn.constant))
    for con in update_target_values(m, inp):
        body = generate_standard_repn(con.body, compute_values=True, quadratic=False)
        coefs = {}
        for v, c in zip(body.linear_vars, body.linear_coefs):
            j = state.col_index.get(id(v))
            if j is None:
                raise ValueError(f"row {con.name} uses {v.name}, which is not a column of the compiled LP")
            coefs[j] = coefs.get(j, 0.0) + c
        for i in state.row_index[id(con)]:
            A = state.A_csr
            old_cols = A.indices[A.indptr[i]:A.indptr[i + 1]]
            for j in set(old_cols.tolist()) | set(coefs):
                h.changeCoeff(int(i), int(j), float(coefs.get(j, 0.0)))
            bt = state.result.row_entries[i][1]
            lo = -np.inf if con.lower is None else float(con.lower) - body.constant
            up = np.inf if con.upper is None else float(con.upper) - body.constant
            if bt == 1:
                lo = -np.inf
            elif bt == -1:
                up = np.inf
            h.changeRowBounds(int(i), lo, up)
    t1 = time.perf_counter()
    run_highs(h)
    if _status_name(h) not in ("optimal", "infeasible"):  # numerical trouble from the old basis: solve afresh
        h.clearSolver()
        run_highs(h)
    t2 = time.perf_counter()
    res = state.result
    out = SolveResult(status=_status_name(h), objective=None, rows=res.rows, columns=res.columns, nonzeros=res.nonzeros,
                      timings={"compile": 0.0, "handoff": t1 - t0, "solve": t2 - t1}, highs=h,
                      row_entries=res.row_entries, column_vars=res.column_vars, highs_version=res.highs_version,
                      blocks=res.blocks)
    if out.optimal:
        load_solution(out)
    state.cfg, state.inp, state.result = new_cfg, inp, out
    return out
