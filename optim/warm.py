"""Warm re-solve: change numbers in the already-built model and re-solve from the previous basis.

Runs in one process that differ only in numbers which enter the objective (costs, fuel and
import prices, demand-response costs) or the levels of indicator targets reuse the built
Pyomo model and the HiGHS instance:
  1. new inputs are built from the new config (cheap);
  2. the cost Expressions are re-evaluated and the objective's linear coefficients
     (``generate_standard_repn``) replace the old ones (backend ``set_costs``);
  3. target rows whose value changed are re-written and their coefficients and bounds pushed
     to the backend (``set_coeff``, ``set_row_bounds``);
  4. HiGHS re-solves starting from the basis it kept (optim.solver.resolve): by primal simplex when only costs
     changed (the basis stays primal feasible), else by dual simplex (HiGHS's default).
Any other change (potentials, efficiencies, data, time resolution, horizon, policy modes)
needs a rebuild: :func:`warm_compatible` says which.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from pyomo.repn.standard_repn import generate_standard_repn

from optim.config.schema import Config
from optim.model.lp import LinearProgram
from optim.model.objective import update_objective
from optim.model.targets import update_target_values
from optim.solver import SolveResult, resolve

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


def warm_compatible(old_cfg: Config, new_cfg: Config) -> bool:
    """True when every difference between the configs can be applied to the built model."""
    for key in config_differences(old_cfg.model_dump(exclude_none=True), new_cfg.model_dump(exclude_none=True)):
        if not key.startswith(WARM_KEYS) or any(p in key for p in COLD_PARAMETERS):
            return False
        if key.startswith("targets.") and not key.endswith((".value", ".source")):
            return False
    return True


@dataclass
class WarmState:
    """What a warm re-solve needs from the previous solve: its config, data, the built LP and the result."""

    cfg: Config
    data: object
    slices: object
    lp: LinearProgram
    result: SolveResult
    A_csr: object
    cost: np.ndarray          # the column costs the backend holds now


def make_state(cfg, data, slices, lp: LinearProgram, result: SolveResult) -> WarmState:
    return WarmState(cfg, data, slices, lp, result, result.compiled.A.tocsr(), np.asarray(result.compiled.cost))


def objective_coefficients(lp: LinearProgram, compiled) -> tuple[np.ndarray, float]:
    """(column costs, offset) of the Pyomo objective of ``lp`` over the compiled columns."""
    repn = generate_standard_repn(lp.model.obj.expr, compute_values=True, quadratic=False)
    cost = np.zeros(len(compiled.columns))
    for v, coef in zip(repn.linear_vars, repn.linear_coefs):
        j = compiled.col_of(v)
        if j is None:
            if coef != 0:
                raise ValueError(f"objective uses {v.name}, which is not a column of the compiled LP")
            continue
        cost[j] += coef
    return cost, float(repn.constant)


def push_row(state: WarmState, con) -> None:
    """Send a re-written Pyomo row (coefficients and bounds) to the backend."""
    c, backend = state.result.compiled, state.result.backend
    body = generate_standard_repn(con.body, compute_values=True, quadratic=False)
    coefs: dict = {}
    for v, coef in zip(body.linear_vars, body.linear_coefs):
        j = c.col_of(v)
        if j is None:
            raise ValueError(f"row {con.name} uses {v.name}, which is not a column of the compiled LP")
        coefs[j] = coefs.get(j, 0.0) + coef
    A = state.A_csr
    for i in c.rows_of(con):
        old_cols = A.indices[A.indptr[i]:A.indptr[i + 1]]
        for j in set(old_cols.tolist()) | set(coefs):
            backend.set_coeff(i, j, coefs.get(j, 0.0))
        bt = c.pyomo_rows[i][1]
        lo = -np.inf if con.lower is None or bt == 1 else float(con.lower) - body.constant
        up = np.inf if con.upper is None or bt == -1 else float(con.upper) - body.constant
        backend.set_row_bounds(i, lo, up)


def warm_resolve(state: WarmState, new_cfg: Config) -> SolveResult:
    """Apply the new config's numbers to the built LP and re-solve warm; updates ``state``."""
    from optim.inputs import build_inputs

    t0 = time.perf_counter()
    lp = state.lp
    lp.inputs = build_inputs(state.data, new_cfg, state.slices)
    update_objective(lp)
    cost, offset = objective_coefficients(lp, state.result.compiled)
    backend = state.result.backend
    costs_changed = not np.array_equal(cost, state.cost)
    backend.set_costs(cost, offset)
    state.cost = cost
    rows = update_target_values(lp)
    for con in rows:
        push_row(state, con)
    backend.use_simplex("primal" if costs_changed and not rows else "dual")
    try:
        out = resolve(state.result, handoff=time.perf_counter() - t0)
    finally:
        backend.use_simplex("dual")  # whoever re-solves this instance next (an analysis) gets HiGHS's default
    state.cfg, state.result = new_cfg, out
    return out
