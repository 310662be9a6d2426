"""The one place that talks to the solver: Pyomo model -> standard form -> HiGHS -> back.

1. ``LinearStandardFormCompiler().write(m, mixed_form=True)`` gives A (CSC), rhs, c,
   c_offset, the ``columns`` (Pyomo variables) and the ``rows`` ((constraint, bound_type)
   with bound_type 0: ==, 1: <=, -1: >=; a ranged constraint gives two rows).
2. ``highspy.Highs.passModel`` takes the CSC arrays with row bounds built from rhs and the
   variable bounds of ``columns``; options (threads, random_seed, method, time limit).
   The hourly row families (``optim.model.rows.RowBlock``) are not Pyomo constraints: their
   rows are appended below the compiled ones, A = [A_pyomo; A_blocks], with block variables
   that no Pyomo row uses appended as new columns.
3. Primal values go back into the Pyomo variables; row duals are kept per constraint
   (summed over the rows of a ranged constraint), and per block as ``RowBlock.dual``.

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

from optim.model.rows import assemble, row_blocks

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
    row_entries: list = field(default_factory=list)  # (constraint, bound type) of the Pyomo rows, which come first
    column_vars: list = field(default_factory=list)
    message: str = ""
    highs_version: str = ""
    A: object = None                               # compiled constraint matrix (kept for warm updates)
    blocks: list = field(default_factory=list)     # RowBlocks whose rows follow the Pyomo rows

    @property
    def n_model_rows(self) -> int:
        """Rows that come from Pyomo constraints (the first ones)."""
        return len(self.row_entries)

    def row_name(self, i: int) -> str:
        """Readable name of LP row i (a Pyomo constraint or a row of a block)."""
        if i < self.n_model_rows:
            return self.row_entries[i][0].name
        r = i - self.n_model_rows
        for b in self.blocks:
            if r < b.n_rows:
                return b.row_name(r)
            r -= b.n_rows
        raise IndexError(i)

    @property
    def optimal(self) -> bool:
        return self.status == STATUS_OPTIMAL


def _row_bounds(rows, rhs):
    bt = np.fromiter((r[1] for r in rows), dtype=np.int8, count=len(rows))
    lower = np.where(bt == 1, -np.inf, rhs)
    upper = np.where(bt == -1, np.inf, rhs)
    return lower, upper


def import_scipy_sparse():
    """``scipy.sparse``, imported without running Pyomo's deferred-scipy finaliser.

    Pyomo declares scipy a deferred import and hooks ``sys.meta_path``: the first
    ``import scipy...`` after Pyomo is imported runs its finaliser, which also imports
    scipy.stats and scipy.spatial, about 2 s per process that nothing here uses. The hook
    is set aside for this one import; Pyomo's own deferred scipy stays unresolved (and
    would still resolve normally if Pyomo code ever needed it).
    """
    import sys

    if "scipy.sparse" not in sys.modules:
        hooks = [f for f in sys.meta_path if type(f).__name__ == "DeferredImportCallbackFinder"]
        for f in hooks:
            sys.meta_path.remove(f)
        try:
            import scipy.sparse  # noqa: F401
        finally:
            sys.meta_path[:0] = hooks
    return sys.modules["scipy.sparse"]


def _skip_pyomo_scipy_finalizer() -> None:
    """Hand Pyomo's standard-form compiler the two scipy.sparse classes it uses, directly.

    Otherwise it reaches scipy.sparse through Pyomo's deferred ``scipy``, whose resolution
    runs the finaliser described in ``import_scipy_sparse``.
    """
    sparse = import_scipy_sparse()
    try:
        from pyomo.repn.plugins.standard_form import _LinearStandardFormCompiler_impl as impl
    except ImportError:  # a future Pyomo without this class: its own lazy import still works
        return
    if getattr(impl, "_to_vector", "absent") is None:
        impl._to_vector = np.fromiter
        impl._csc_matrix = sparse.csc_array
        impl._csr_matrix = sparse.csr_array


def compile_model(m: pyo.ConcreteModel):
    """Compile the active model to mixed standard form (garbage collection paused)."""
    _skip_pyomo_scipy_finalizer()
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


def run_highs(h) -> None:
    """``h.run()``, but Ctrl-C stops the solve at HiGHS's next interrupt check and raises.

    A plain ``run()`` holds the main thread inside C++ until the solve ends, so a Ctrl-C
    during a 20-minute solve would wait 20 minutes. Here HiGHS runs in highspy's solver thread
    with its user-interrupt callback registered (measured: no extra time, same iterations);
    the main thread waits in 0.1 s steps, and on KeyboardInterrupt asks HiGHS to stop, waits
    for the thread, and re-raises.
    """
    def wait_until_done():
        while not h.wait(0.1)[0]:
            pass

    h.HandleUserInterrupt = True
    h.startSolve()
    try:
        wait_until_done()
    except KeyboardInterrupt:
        h.cancelSolve()
        wait_until_done()
        raise
    finally:
        h.HandleUserInterrupt = False


def _status_name(h) -> str:
    import highspy

    s = h.getModelStatus()
    M = highspy.HighsModelStatus
    return {
        M.kOptimal: "optimal", M.kInfeasible: "infeasible", M.kUnbounded: "unbounded",
        M.kUnboundedOrInfeasible: "infeasible_or_unbounded", M.kTimeLimit: "time_limit",
        M.kIterationLimit: "iteration_limit",
    }.get(s, "error: " + h.modelStatusToString(s))


def compile_lp(m: pyo.ConcreteModel):
    """(A in CSC, columns, row_lower, row_upper, cost, offset, pyomo rows, blocks) of the whole LP."""
    repn = compile_model(m)
    sp = import_scipy_sparse()
    blocks = row_blocks(m)
    cols = list(repn.columns)
    row_lower, row_upper = _row_bounds(repn.rows, np.asarray(repn.rhs, dtype=float))
    A = sp.csr_matrix(repn.A)
    n_pyomo_cols = len(cols)
    if blocks:
        extra = assemble(blocks, cols)
        cols += extra.new_columns
        A.resize((A.shape[0], len(cols)))
        A = sp.vstack([A, extra.A], format="csr")
        row_lower = np.concatenate([row_lower, extra.row_lower])
        row_upper = np.concatenate([row_upper, extra.row_upper])
    cost = np.zeros(len(cols))
    if repn.c.shape[0]:
        cost[:n_pyomo_cols] = np.asarray(repn.c.todense()).ravel()
    offset = float(repn.c_offset[0]) if len(repn.c_offset) else 0.0
    return A.tocsc(), cols, row_lower, row_upper, cost, offset, repn.rows, blocks


def highs_lp(A, cost, offset, col_lower, col_upper, row_lower, row_upper):
    """A ``highspy.HighsLp`` (minimise, column-wise matrix, no integrality vector: a pure LP)."""
    import highspy

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = int(A.shape[1]), int(A.shape[0])
    lp.sense_ = highspy.ObjSense.kMinimize
    lp.offset_ = float(offset)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, col_lower, col_upper
    lp.row_lower_, lp.row_upper_ = row_lower, row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data.astype(float)
    return lp


def solve(m: pyo.ConcreteModel, options: dict) -> SolveResult:
    """Compile, pass to HiGHS, solve, and load primal values and duals back into ``m``."""
    t0 = time.perf_counter()
    A, cols, row_lower, row_upper, cost, offset, pyomo_rows, blocks = compile_lp(m)
    t1 = time.perf_counter()
    n_row, n_col = A.shape
    bounds = np.array([v.bounds for v in cols], dtype=float).reshape(-1, 2)  # None -> nan
    col_lower = np.where(np.isnan(bounds[:, 0]), -np.inf, bounds[:, 0])
    col_upper = np.where(np.isnan(bounds[:, 1]), np.inf, bounds[:, 1])
    h = make_highs(options)
    h.passModel(highs_lp(A, cost, offset, col_lower, col_upper, row_lower, row_upper))
    t2 = time.perf_counter()
    run_highs(h)
    t3 = time.perf_counter()
    result = SolveResult(status=_status_name(h), objective=None, rows=n_row, columns=n_col, nonzeros=int(A.nnz),
                         timings={"compile": t1 - t0, "handoff": t2 - t1, "solve": t3 - t2}, highs=h,
                         row_entries=pyomo_rows, column_vars=cols, highs_version=h.version(), A=A, blocks=blocks)
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
    row_dual = np.asarray(sol.row_dual)
    duals: dict = {}
    for (con, _bt), d in zip(result.row_entries, row_dual):
        duals[con] = duals.get(con, 0.0) + float(d)
    result.duals = duals
    start = result.n_model_rows
    for b in result.blocks:
        b.dual = row_dual[start:start + b.n_rows].reshape(b.shape)
        start += b.n_rows
    result.objective = float(h.getInfo().objective_function_value)


def resolve_changed_rhs(result: SolveResult, row_updates: dict, options: dict | None = None) -> SolveResult:
    """Warm re-solve after changing row bounds of the compiled model (basis kept by HiGHS).

    ``row_updates`` maps row index -> (lower, upper).
    """
    h = result.highs
    t0 = time.perf_counter()
    for i, (lo, up) in row_updates.items():
        h.changeRowBounds(int(i), float(lo), float(up))
    run_highs(h)
    t1 = time.perf_counter()
    out = SolveResult(status=_status_name(h), objective=None, rows=result.rows, columns=result.columns,
                      nonzeros=result.nonzeros, timings={"compile": 0.0, "handoff": 0.0, "solve": t1 - t0}, highs=h,
                      row_entries=result.row_entries, column_vars=result.column_vars, highs_version=result.highs_version,
                      blocks=result.blocks)
    if out.optimal:
        load_solution(out)
    return out
