"""Switch policy targets off and on in a solved LP by changing row bounds, and re-solve warm.

A target family (all rows of one registry id, ``lp.model.target[id, year, side]``) is *off* when its rows have
bounds (-inf, +inf): the row no longer restricts anything, which is the same LP as a model built without it
(``targets.<id>.mode=off``), and *on* with the bounds the HiGHS instance held when the switch was made (those of a
warm re-solve with new target values, not only the first compile's). HiGHS keeps its basis across these changes, so each
re-solve starts from the previous optimum (optim.solver.resolve).
"""
from __future__ import annotations

import math

import numpy as np

from optim.solver import SolveResult, resolve


class TargetSwitch:
    """The target rows of one solved study and the HiGHS instance holding them (module docstring)."""

    def __init__(self, result: SolveResult):
        self.result = result
        lp, c = result.lp, result.compiled
        self.rows: dict[str, list[int]] = {}
        for rec in lp.targets.records:
            rows = [i for key in rec.keys for i in c.rows_of(lp.model.target[key])]
            if rows:
                self.rows[rec.id] = rows
        self.on_now: set[str] = set(self.rows)
        held = result.backend.h.getLp()
        self.lower, self.upper = np.array(held.row_lower_), np.array(held.row_upper_)

    @property
    def ids(self) -> list[str]:
        """Target families with rows, in registry order."""
        return list(self.rows)

    def set_on(self, ids) -> None:
        """Exactly the families ``ids`` on, every other family off."""
        want = set(ids)
        unknown = want - set(self.rows)
        if unknown:
            raise KeyError(f"no rows for target(s) {sorted(unknown)}")
        be = self.result.backend
        for tid, rows in self.rows.items():
            if (tid in want) == (tid in self.on_now):
                continue
            for i in rows:
                if tid in want:
                    be.set_row_bounds(i, self.lower[i], self.upper[i])
                else:
                    be.set_row_bounds(i, -math.inf, math.inf)
        self.on_now = want

    def solve(self) -> SolveResult:
        """Re-solve warm with the rows as set; RuntimeError if HiGHS does not end optimal (removing targets only
        relaxes a feasible LP, so this means solver trouble)."""
        out = resolve(self.result)
        if not out.optimal:
            raise RuntimeError(f"warm re-solve with targets {sorted(self.on_now)} on ended '{out.status}'")
        return out

    def restore(self) -> None:
        """Every family back on (the LP as it was held)."""
        self.set_on(self.rows)
