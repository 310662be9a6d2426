"""The LP as arrays: Pyomo model + row blocks -> one matrix with bounds, costs and names.

``compile_lp(lp)`` returns a :class:`CompiledLP`:
  A = [A_pyomo ; A_blocks]  (CSC), rows of the Pyomo constraints first (a ranged constraint gives two rows),
  then every row block's rows; block variables that no Pyomo row uses are appended as columns and fixed
  variables are moved to the right-hand side (optim.model.rows.assemble).
Every row and column has a name: the Pyomo name (``target[TJ-010,2030,ge]``, ``gen[coal_usc,2030,6,13]``) or the
block row's name (``balance[2030,6,13]``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from optim.model.lp import LinearProgram
from optim.model.rows import assemble
from optim.solver.pyomo_workarounds import compile_model, import_scipy_sparse


@dataclass
class CompiledLP:
    """min c x + offset  s.t.  row_lower <= A x <= row_upper,  col_lower <= x <= col_upper."""

    A: object                      # scipy.sparse CSC
    cost: np.ndarray
    offset: float
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    columns: list                  # Pyomo VarData of each column
    pyomo_rows: list               # (ConstraintData, bound type) of the first rows
    blocks: list                   # RowBlocks whose rows follow
    _col_index: dict = field(default_factory=dict, repr=False)
    _row_index: dict = field(default_factory=dict, repr=False)

    @property
    def n_pyomo_rows(self) -> int:
        return len(self.pyomo_rows)

    def row_name(self, i: int) -> str:
        """Name of row i; the two rows of a ranged constraint end in _lo (its >= side) and _up (its <= side)."""
        if i < self.n_pyomo_rows:
            con, bt = self.pyomo_rows[i]
            return con.name + {-1: "_lo", 1: "_up"}.get(bt, "") if len(self.rows_of(con)) > 1 else con.name
        r = i - self.n_pyomo_rows
        for b in self.blocks:
            if r < b.n_rows:
                return b.row_name(r)
            r -= b.n_rows
        raise IndexError(i)

    def row_names(self) -> list[str]:
        """Every row's name, unique (see row_name)."""
        names = [self.row_name(i) for i in range(self.n_pyomo_rows)]
        for b in self.blocks:
            names += [b.row_name(r) for r in range(b.n_rows)]
        return names

    def col_names(self) -> list[str]:
        return [v.name for v in self.columns]

    def col_of(self, var) -> int | None:
        """Column of a Pyomo variable (None: not a column, e.g. fixed)."""
        if not self._col_index:
            self._col_index = {id(v): j for j, v in enumerate(self.columns)}
        return self._col_index.get(id(var))

    def rows_of(self, con) -> list[int]:
        """Rows of a Pyomo constraint (two for a ranged one)."""
        if not self._row_index:
            for i, (c, _bt) in enumerate(self.pyomo_rows):
                self._row_index.setdefault(id(c), []).append(i)
        return self._row_index.get(id(con), [])


def _row_bounds(rows, rhs):
    bt = np.fromiter((r[1] for r in rows), dtype=np.int8, count=len(rows))
    return np.where(bt == 1, -np.inf, rhs), np.where(bt == -1, np.inf, rhs)


def compile_lp(lp: LinearProgram) -> CompiledLP:
    """The arrays of the whole LP (module docstring)."""
    repn = compile_model(lp.model)
    sp = import_scipy_sparse()
    cols = list(repn.columns)
    row_lower, row_upper = _row_bounds(repn.rows, np.asarray(repn.rhs, dtype=float))
    A = sp.csr_matrix(repn.A)
    n_pyomo_cols = len(cols)
    if lp.blocks:
        extra = assemble(lp.blocks, cols)
        cols += extra.new_columns
        A.resize((A.shape[0], len(cols)))
        A = sp.vstack([A, extra.A], format="csr")
        row_lower = np.concatenate([row_lower, extra.row_lower])
        row_upper = np.concatenate([row_upper, extra.row_upper])
    cost = np.zeros(len(cols))
    if repn.c.shape[0]:
        cost[:n_pyomo_cols] = np.asarray(repn.c.todense()).ravel()
    offset = float(repn.c_offset[0]) if len(repn.c_offset) else 0.0
    bounds = np.array([v.bounds for v in cols], dtype=float).reshape(-1, 2)  # None -> nan
    col_lower = np.where(np.isnan(bounds[:, 0]), -np.inf, bounds[:, 0])
    col_upper = np.where(np.isnan(bounds[:, 1]), np.inf, bounds[:, 1])
    return CompiledLP(A.tocsc(), cost, offset, col_lower, col_upper, row_lower, row_upper, cols, list(repn.rows),
                      list(lp.blocks))
