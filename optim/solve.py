"""The one place that talks to the solver: Pyomo model -> standard form -> HiGHS -> back.

1. ``LinearStandardFormCompiler().write(m, mixed_form=True)`` gives A (CSC), rhs, c,
   c_offset, the ``columns`` (Pyomo variables) and the ``rows`` ((constraint, bound_type)
   with bound_type 0: ==, 1: <=, -1: >=; a ranged constraint gives two rows).
2. ``highspy.Highs.passModel`` takes the CSC arrays with row bounds built from rhs and the
   variable bounds of ``columns``; options (threads, random_seed, method, time limit).
3. Primal values go back into the Pyomo variables; row duals are kept per constraint
   (summed over the rows of a ranged constraint).

Dual sign (checked in tests/test_hand_cases.py): for this minimisation, HiGHS reports
d(objective)/d(rhs): a binding >= row has dual >= 0, a binding <= row dual <= 0.
"""
from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

STATUS_OPTIMAL = "optimal"


@dataclass
class SolveResult:
    """Outcome of one solve, with what is needed to explain and re-solve it."""

    status: str                      # optimal | infeasible | unbounded | time_limit | error: ...
    objective: float | None
    rows: int
    columns: int
    nonzeros: int
    timings: dict[str, float]
    duals: dict = field(default_factory=dict)      # ConstraintData -> dual
    highs: object = None                           # highspy.Highs kept for warm re-solves and IIS
    row_entries: list = field(default_factory=list)
    column_vars: list = field(default_factory=list)
    message: str = ""
    highs_version: str = ""
    A: object = None                               # compiled constraint matrix (kept for warm updates)

    @property
    def optimal(self) -> bool:
        return self.status == STATUS_OPTIMAL


def _row_bounds(rows, rhs):
    bt = np.fromiter((r[1] for r in rows), dtype=np.int8, count=len(rows))
    lower = np.where(bt == 1, -np.inf, rhs)
    upper = np.where(bt == -1, np.inf, rhs)
    return lower, upper


def compile_model(m: pyo.ConcreteModel):
    """Compile the active model to mixed standard form (garbage collection paused)."""
    was = gc.isenabled()
    gc.disable()
    try:
        return LinearStandardFormCompiler().write(m, mixed_form=True)
    finally:
        if was:
            gc.enable()


_SCHEDULER_THREADS: list[int] = []  # thread count the HiGHS global scheduler was started with


def make_highs(options: dict):
    """A Highs instance with the project's options applied.

    HiGHS starts one global thread scheduler per process; a later instance asking for another
    thread count would refuse to run, so the scheduler is reset when the count changes.
    """
    import highspy

    threads = int(options.get("threads", 2))
    if _SCHEDULER_THREADS and _SCHEDULER_THREADS[-1] != threads:
        highspy.Highs.resetGlobalScheduler(True)
    _SCHEDULER_THREADS[:] = [threads]
    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(options.get("log", False)))
    h.setOptionValue("threads", threads)
    h.setOptionValue("random_seed", int(options.get("random_seed", 0)))
    h.setOptionValue("solver", str(options.get("method", "choose")))
    h.setOptionValue("presolve", str(options.get("presolve", "choose")))
    tl = options.get("time_limit")
    if tl is not None:
        h.setOptionValue("time_limit", float(tl))
    return h


def _status_name(h) -> str:
    import highspy

    s = h.getModelStatus()
    M = highspy.HighsModelStatus
    return {
        M.kOptimal: "optimal", M.kInfeasible: "infeasible", M.kUnbounded: "unbounded",
        M.kUnboundedOrInfeasible: "infeasible_or_unbounded", M.kTimeLimit: "time_limit",
        M.kIterationLimit: "iteration_limit",
    }.get(s, "error: " + h.modelStatusToString(s))


def solve(m: pyo.ConcreteModel, options: dict) -> SolveResult:
    """Compile, pass to HiGHS, solve, and load primal values and duals back into ``m``."""
    t0 = time.perf_counter()
    repn = compile_model(m)
    t1 = time.perf_counter()
    A = repn.A.tocsc()
    n_row, n_col = A.shape
    cols = repn.columns
    col_lower = np.array([-np.inf if v.lb is None else v.lb for v in cols], dtype=float)
    col_upper = np.array([np.inf if v.ub is None else v.ub for v in cols], dtype=float)
    row_lower, row_upper = _row_bounds(repn.rows, np.asarray(repn.rhs, dtype=float))
    cost = np.asarray(repn.c.todense()).ravel() if repn.c.shape[0] else np.zeros(n_col)
    offset = float(repn.c_offset[0]) if len(repn.c_offset) else 0.0
    h = make_highs(options)
    import highspy

    h.passModel(n_col, n_row, int(A.nnz), int(highspy.MatrixFormat.kColwise), int(highspy.ObjSense.kMinimize), offset,
                cost, col_lower, col_upper, row_lower, row_upper,
                A.indptr.astype(np.int32), A.indices.astype(np.int32), A.data.astype(float),
                np.zeros(n_col, dtype=np.int32))
    t2 = time.perf_counter()
    h.run()
    t3 = time.perf_counter()
    result = SolveResult(status=_status_name(h), objective=None, rows=n_row, columns=n_col, nonzeros=int(A.nnz),
                         timings={"compile": t1 - t0, "handoff": t2 - t1, "solve": t3 - t2}, highs=h,
                         row_entries=repn.rows, column_vars=cols, highs_version=h.version(), A=A)
    if result.optimal:
        load_solution(result)
    return result


def load_solution(result: SolveResult) -> None:
    """Copy primal values into the Pyomo variables and collect duals per constraint."""
    h = result.highs
    sol = h.getSolution()
    x = np.asarray(sol.col_value)
    for v, val in zip(result.column_vars, x):
        v.set_value(float(val), skip_validation=True)
    duals: dict = {}
    for (con, _bt), d in zip(result.row_entries, np.asarray(sol.row_dual)):
        duals[con] = duals.get(con, 0.0) + float(d)
    result.duals = duals
    result.objective = float(h.getInfo().objective_function_value)


def resolve_changed_rhs(result: SolveResult, row_updates: dict, options: dict | None = None) -> SolveResult:
    """Warm re-solve after changing row bounds of the compiled model (basis kept by HiGHS).

    ``row_updates`` maps row index -> (lower, upper).
    """
    h = result.highs
    t0 = time.perf_counter()
    for i, (lo, up) in row_updates.items():
        h.changeRowBounds(int(i), float(lo), float(up))
    h.run()
    t1 = time.perf_counter()
    out = SolveResult(status=_status_name(h), objective=None, rows=result.rows, columns=result.columns,
                      nonzeros=result.nonzeros, timings={"compile": 0.0, "handoff": 0.0, "solve": t1 - t0}, highs=h,
                      row_entries=result.row_entries, column_vars=result.column_vars, highs_version=result.highs_version)
    if out.optimal:
        load_solution(out)
    return out
