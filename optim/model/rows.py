"""Hourly constraint families as sparse matrices instead of one Pyomo expression per row.

The hourly rows (balance, dispatch limits, storage) are over 95 % of the LP's rows but
each has a fixed pattern of 2-20 terms. Building and compiling them as Pyomo
constraints costs about 40 us a row; written here as coordinate lists they cost a few
numpy operations per family (DESIGN §5: overhead close to the solver's own time).

A ``RowBlock`` is one family on a grid of row keys (e.g. tech x year x day x hour):

    sum_k  coef_k[r] * x[var_k, pos_k[r]]   (sense)   rhs[r]        for every row r

where each term k names a Pyomo variable component (``VarArray``) and, per row, the
position of one of its elements. The variables stay Pyomo variables: solve.py compiles
the rest of the model with Pyomo, appends the blocks' rows below it (the blocks of an LP are kept
in ``LinearProgram.blocks``, optim.model.lp),

    A = [A_pyomo ; A_blocks],

adds as new columns the block variables that no Pyomo row uses, moves fixed variables
into the right-hand side, and loads primal values back into the Pyomo variables and
the row duals into ``RowBlock.dual`` (an array shaped like the block's grid).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo

SENSES = {"==": 0, "<=": 1, ">=": -1}  # the bound types of Pyomo's standard-form compiler


class VarArray:
    """A dense Pyomo variable component seen as an n-d array over its ordered index sets.

    ``positions(*idx)`` turns broadcastable integer index arrays (one per index set) into
    flat positions in ``list(var.values())``, the order in which Pyomo built the elements.
    """

    def __init__(self, var: pyo.Var):
        sets = list(var.index_set().subsets())
        if any(s.dimen != 1 for s in sets):
            raise ValueError(f"{var.name}: a VarArray needs a variable indexed by a product of one-dimensional sets")
        self.var = var
        self.sets = list(sets)
        self.shape = tuple(len(s) for s in self.sets)
        if len(var) != int(np.prod(self.shape)):
            raise ValueError(f"{var.name}: a VarArray needs a dense variable ({len(var)} of {np.prod(self.shape)} elements)")
        self._elements = None

    def pos(self, axis: int, labels) -> np.ndarray:
        """Positions of ``labels`` within index set ``axis``."""
        s = self.sets[axis]
        return np.array([s.ord(x) - 1 for x in labels], dtype=np.int64)

    def positions(self, *idx) -> np.ndarray:
        return np.ravel_multi_index(np.broadcast_arrays(*idx), self.shape)

    @property
    def elements(self) -> list:
        if self._elements is None:
            self._elements = list(self.var.values())
        return self._elements


@dataclass
class RowBlock:
    """One family of rows on the grid ``shape`` (axes labelled by ``labels``)."""

    name: str
    labels: list                     # per axis: the keys (years, techs, days, hours)
    sense: str                       # "==", "<=" or ">="
    rhs: np.ndarray = None           # broadcast to shape
    terms: list = field(default_factory=list)   # (VarArray, flat var positions, flat row positions, coefs)
    dual: np.ndarray | None = None   # d(objective)/d(rhs) after a solve, shaped like the grid

    def __post_init__(self):
        if self.sense not in SENSES:
            raise ValueError(f"row block {self.name}: sense {self.sense!r} is not one of {list(SENSES)}")
        self.shape = tuple(len(x) for x in self.labels)
        self.rhs = np.broadcast_to(np.asarray(0.0 if self.rhs is None else self.rhs, dtype=float), self.shape).ravel().copy()

    @property
    def n_rows(self) -> int:
        return int(np.prod(self.shape))

    def grid(self):
        """Open index arrays of the block's grid (as ``np.ix_``), for building terms by broadcasting."""
        return np.ix_(*[np.arange(n) for n in self.shape])

    def add(self, var: VarArray, idx: tuple, coef=1.0, rows: tuple | None = None) -> None:
        """Add coef * var[idx] to the rows ``rows`` (default: the whole grid, one element per row).

        ``idx`` and ``rows`` are tuples of integer arrays that broadcast together with ``coef``;
        several elements may go to the same row (annual sums). Zero coefficients are dropped.
        """
        rows = self.grid() if rows is None else rows
        arrays = np.broadcast_arrays(*idx, *rows, np.asarray(coef, dtype=float))
        k = len(idx)
        var_pos = np.ravel_multi_index(arrays[:k], var.shape).ravel()
        row_pos = np.ravel_multi_index(arrays[k:-1], self.shape).ravel()
        c = arrays[-1].ravel()
        keep = c != 0.0
        self.terms.append((var, var_pos[keep], row_pos[keep], c[keep].copy()))

    def row_name(self, r: int) -> str:
        key = np.unravel_index(r, self.shape)
        return f"{self.name}[{','.join(str(self.labels[a][i]) for a, i in enumerate(key))}]"


@dataclass
class AssembledBlocks:
    """The blocks' rows in CSR over the full column list, and their bounds."""

    A: object
    row_lower: np.ndarray
    row_upper: np.ndarray
    new_columns: list
    offsets: list                    # first row of each block, relative to the first block row


def assemble(blocks: list, columns: list) -> AssembledBlocks:
    """Map every block term to columns of the compiled LP (appending missing ones).

    A fixed variable is a constant: coef * value moves to the right-hand side.
    """
    import scipy.sparse as sp

    col_of = {}       # id(VarArray.var) -> int array: column (>= 0), -1 unknown, -2 fixed
    index = None
    new_columns: list = []
    n_cols = len(columns)
    rows_all, cols_all, vals_all, offsets, lo_all, up_all = [], [], [], [], [], []
    offset = 0
    for b in blocks:
        const = np.zeros(b.n_rows)
        for var, vpos, rpos, coef in b.terms:
            key = id(var.var)
            if key not in col_of:
                if index is None:
                    index = {id(v): j for j, v in enumerate(columns)}
                col_of[key] = np.fromiter((index.get(id(v), -1) for v in var.elements), dtype=np.int64,
                                          count=len(var.elements))
            cmap = col_of[key]
            missing = np.unique(vpos[cmap[vpos] == -1])
            if len(missing):
                elems = var.elements
                fixed = np.fromiter((elems[p].fixed for p in missing), dtype=bool, count=len(missing))
                cmap[missing[fixed]] = -2
                free = missing[~fixed]
                cmap[free] = n_cols + len(new_columns) + np.arange(len(free))
                new_columns.extend(elems[p] for p in free)
            cols = cmap[vpos]
            fixed = cols == -2
            if fixed.any():
                values = np.array([var.elements[p].value for p in vpos[fixed]], dtype=float)
                np.add.at(const, rpos[fixed], coef[fixed] * values)
            rows_all.append(rpos[~fixed] + offset)
            cols_all.append(cols[~fixed])
            vals_all.append(coef[~fixed])
        rhs = b.rhs - const
        bt = SENSES[b.sense]
        lo_all.append(np.full(b.n_rows, -np.inf) if bt == 1 else rhs)
        up_all.append(np.full(b.n_rows, np.inf) if bt == -1 else rhs)
        offsets.append(offset)
        offset += b.n_rows
    cat = (lambda xs, dt: np.concatenate(xs).astype(dt) if xs else np.zeros(0, dtype=dt))
    A = sp.csr_matrix((cat(vals_all, float), (cat(rows_all, np.int64), cat(cols_all, np.int64))),
                      shape=(offset, n_cols + len(new_columns)))
    A.sum_duplicates()
    return AssembledBlocks(A, cat(lo_all, float), cat(up_all, float), new_columns, offsets)
