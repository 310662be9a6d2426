"""The solver seam: compile the LinearProgram, solve it with the backend, load the solution back.

  result = solve(lp, options)          compile (optim.solver.compile), HiGHS (optim.solver.highs), load values
  result = resolve(result)             re-solve after warm updates of result.backend (basis kept)
Primal values go back into the Pyomo variables; row duals are kept per constraint (summed over the rows of a
ranged constraint) in ``result.duals`` and per block in ``RowBlock.dual``. Dual sign (checked in
tests/test_hand_cases.py): for this minimisation HiGHS reports d(objective)/d(rhs): a binding >= row has
dual >= 0, a binding <= row dual <= 0.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from optim.config.schema import Solver
from optim.model.lp import LinearProgram
from optim.solver.compile import CompiledLP, compile_lp
from optim.solver.highs import HighsBackend

STATUS_OPTIMAL = "optimal"


@dataclass
class SolveResult:
    """Outcome of one solve, with what is needed to explain and re-solve it."""

    status: str                      # optimal | infeasible | unbounded | time_limit | error: ...
    objective: float | None
    lp: LinearProgram                # the LP that was solved (its variables hold the solution)
    compiled: CompiledLP
    backend: HighsBackend
    timings: dict[str, float]
    duals: dict = field(default_factory=dict)      # ConstraintData -> dual

    @property
    def optimal(self) -> bool:
        return self.status == STATUS_OPTIMAL

    @property
    def rows(self) -> int:
        return int(self.compiled.A.shape[0])

    @property
    def columns(self) -> int:
        return int(self.compiled.A.shape[1])

    @property
    def nonzeros(self) -> int:
        return int(self.compiled.A.nnz)

    @property
    def highs_version(self) -> str:
        return self.backend.version()

    def row_name(self, i: int) -> str:
        return self.compiled.row_name(i)


def solve(lp: LinearProgram, options: Solver | dict) -> SolveResult:
    """Compile, pass to HiGHS, solve, and load primal values and duals back into ``lp``."""
    t0 = time.perf_counter()
    compiled = compile_lp(lp)
    t1 = time.perf_counter()
    backend = HighsBackend(options)
    backend.load(compiled)
    t2 = time.perf_counter()
    backend.run()
    return _result(lp, compiled, backend, {"compile": t1 - t0, "handoff": t2 - t1, "solve": time.perf_counter() - t2})


def resolve(result: SolveResult, handoff: float = 0.0) -> SolveResult:
    """Re-solve the LP held by ``result.backend`` after warm updates (numerical trouble: solve afresh)."""
    t0 = time.perf_counter()
    result.backend.run()
    if result.backend.status() not in ("optimal", "infeasible"):
        result.backend.run_fresh()
    return _result(result.lp, result.compiled, result.backend,
                   {"compile": 0.0, "handoff": handoff, "solve": time.perf_counter() - t0})


def _result(lp: LinearProgram, compiled: CompiledLP, backend: HighsBackend, timings: dict) -> SolveResult:
    """The SolveResult of the run just done by ``backend``; when optimal, its solution loaded into ``lp``."""
    out = SolveResult(backend.status(), None, lp, compiled, backend, timings)
    if out.optimal:
        load_solution(out)
    return out


def load_solution(result: SolveResult) -> None:
    """Copy primal values into the Pyomo variables and collect duals per constraint and per block."""
    x, row_dual, objective = result.backend.solution()
    c = result.compiled
    for v, val in zip(c.columns, x):
        v.set_value(float(val), skip_validation=True)
    duals: dict = {}
    for (con, _bt), d in zip(c.pyomo_rows, row_dual):
        duals[con] = duals.get(con, 0.0) + float(d)
    result.duals = duals
    start = c.n_pyomo_rows
    for b in c.blocks:
        b.dual = row_dual[start:start + b.n_rows].reshape(b.shape)
        start += b.n_rows
    result.objective = objective


__all__ = ["STATUS_OPTIMAL", "CompiledLP", "HighsBackend", "SolveResult", "compile_lp", "load_solution", "resolve", "solve"]
