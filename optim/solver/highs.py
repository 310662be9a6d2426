"""The one solver backend: HiGHS through highspy, behind a small interface.

``HighsBackend(options)`` loads a :class:`~optim.solver.compile.CompiledLP` and offers what the rest of the code
needs: ``run`` (Ctrl-C aware), ``status``, ``solution``, warm updates (``set_costs``, ``set_coeff``,
``set_row_bounds``; HiGHS keeps the basis), ``iis`` (irreducible infeasible subset) and ``write`` (the complete
model as MPS or LP with names). The LP is passed as a ``HighsLp`` without an integrality vector (a pure LP:
an all-continuous integrality array made large solves ~30 % slower and printed a MIP warning).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from optim.config.schema import Solver
from optim.solver.compile import CompiledLP
from optim.solver.pyomo_workarounds import reset_highs_scheduler


def highs_lp(c: CompiledLP, names: bool = False, lp_format: bool = False):
    """A ``highspy.HighsLp`` of the compiled LP (minimise, column-wise matrix), with names if asked (for the CPLEX
    LP format, whose names may not hold square brackets or '-', ``x[TJ-2,1]`` is written ``x(TJ_2,1)``)."""
    import highspy

    A = c.A
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = int(A.shape[1]), int(A.shape[0])
    lp.sense_ = highspy.ObjSense.kMinimize
    lp.offset_ = float(c.offset)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = c.cost, c.col_lower, c.col_upper
    lp.row_lower_, lp.row_upper_ = c.row_lower, c.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data.astype(float)
    if names:
        lp.col_names_ = [_safe(n, lp_format) for n in c.col_names()]
        lp.row_names_ = [_safe(n, lp_format) for n in c.row_names()]
    return lp


def _safe(name: str, lp_format: bool) -> str:
    """MPS and LP names may not contain spaces; LP names neither square brackets nor '-'."""
    name = name.replace(" ", "_")
    return name.replace("[", "(").replace("]", ")").replace("-", "_") if lp_format else name


class HighsBackend:
    """One HiGHS instance holding one LP (module docstring)."""

    def __init__(self, options: Solver | dict):
        """``options``: the config's ``solver`` section (a mapping is validated into one; its defaults apply)."""
        import highspy

        s = options if isinstance(options, Solver) else Solver.model_validate(options)
        reset_highs_scheduler(s.threads)
        h = highspy.Highs()
        h.setOptionValue("output_flag", s.log)
        h.setOptionValue("threads", s.threads)
        h.setOptionValue("random_seed", s.random_seed)
        h.setOptionValue("solver", s.method)
        h.setOptionValue("presolve", s.presolve)
        if s.time_limit is not None:
            h.setOptionValue("time_limit", float(s.time_limit))
        self.h = h

    def load(self, c: CompiledLP) -> None:
        self.h.passModel(highs_lp(c))

    def run(self) -> None:
        """Solve; Ctrl-C stops HiGHS at its next interrupt check and re-raises (within about a second).

        A plain ``run()`` holds the main thread inside C++ until the solve ends. Here HiGHS runs in highspy's
        solver thread with its user-interrupt callback registered (measured: no extra time, same iterations);
        the main thread waits in 0.1 s steps, and on KeyboardInterrupt asks HiGHS to stop, waits, re-raises."""
        h = self.h

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

    def run_fresh(self) -> None:
        """Forget the basis and solve again (after numerical trouble from an old basis)."""
        self.h.clearSolver()
        self.run()

    def status(self) -> str:
        import highspy

        s = self.h.getModelStatus()
        M = highspy.HighsModelStatus
        return {M.kOptimal: "optimal", M.kInfeasible: "infeasible", M.kUnbounded: "unbounded",
                M.kUnboundedOrInfeasible: "infeasible_or_unbounded", M.kTimeLimit: "time_limit",
                M.kIterationLimit: "iteration_limit"}.get(s, "error: " + self.h.modelStatusToString(s))

    def solution(self) -> tuple[np.ndarray, np.ndarray, float]:
        """(column values, row duals, objective); duals are d objective / d rhs."""
        sol = self.h.getSolution()
        return (np.asarray(sol.col_value), np.asarray(sol.row_dual),
                float(self.h.getInfo().objective_function_value))

    def iterations(self) -> int:
        return int(self.h.getInfo().simplex_iteration_count)

    def version(self) -> str:
        return self.h.version()

    # ---- warm updates: HiGHS keeps the basis
    def use_simplex(self, which: str) -> None:
        """``"primal"`` or ``"dual"`` (HiGHS's default) simplex for the next runs. After a change of costs only, the
        kept basis is still primal feasible, so primal simplex needs a few pivots where dual simplex starts over
        from a dual-infeasible basis (default study, utility-PV capex 2030 changed by 100 CNY/kW: 18-267
        iterations and about 1 s against 20,000-33,000 iterations and 5-14 s); after a change of bounds it is
        the other way round."""
        self.h.setOptionValue("simplex_strategy", {"dual": 1, "primal": 4}[which])

    def set_costs(self, cost: np.ndarray, offset: float) -> None:
        self.h.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), np.asarray(cost, dtype=float))
        self.h.changeObjectiveOffset(float(offset))

    def set_coeff(self, row: int, col: int, value: float) -> None:
        self.h.changeCoeff(int(row), int(col), float(value))

    def set_row_bounds(self, row: int, lower: float, upper: float) -> None:
        self.h.changeRowBounds(int(row), float(lower), float(upper))

    def iis(self) -> list[int]:
        """Rows of HiGHS's irreducible infeasible subset ([] if it cannot compute one). HiGHS's default strategy
        often finds none for this LP; the row-based elasticity strategy (iis_strategy 2) does."""
        for strategy in (None, 2):
            try:
                if strategy is not None:
                    self.h.setOptionValue("iis_strategy", strategy)
                _status, iis = self.h.getIis()
            except Exception:  # noqa: BLE001 - older highspy without IIS or without the option
                return []
            rows = [int(i) for i in iis.row_index_]
            if rows:
                return rows
        return []

    @staticmethod
    def write(c: CompiledLP, path: Path) -> None:
        """The complete model with row and column names, as MPS (``.mps``) or CPLEX LP (``.lp``)."""
        import highspy

        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.passModel(highs_lp(c, names=True, lp_format=Path(path).suffix == ".lp"))
        h.writeModel(str(path))
