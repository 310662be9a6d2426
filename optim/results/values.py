"""Reading solved Pyomo components into numpy arrays (shared by the families' result pieces)."""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim.model.rows import VarArray


def value(x) -> float:
    """The value of a solved variable or expression (0.0 where it has none)."""
    v = pyo.value(x, exception=False)
    return float(v) if v is not None else 0.0


def by_year(comp, years) -> np.ndarray:
    """(year,) values of a component indexed by year."""
    return np.array([value(comp[y]) for y in years])


def grid(comp, keys, years) -> np.ndarray:
    """(key, year) values of a component indexed by (key, year); shape (0, len(years)) when there are no keys."""
    return np.array([[value(comp[k, y]) for y in years] for k in keys], dtype=float).reshape(len(keys), len(years))


def dense(var) -> np.ndarray:
    """All values of a dense variable as an array shaped like its index sets (unset -> 0)."""
    arr = VarArray(var)
    return np.fromiter((v.value or 0.0 for v in arr.elements), dtype=float, count=len(arr.elements)).reshape(arr.shape)


def hourly(var, keys) -> np.ndarray:
    """(len(keys), year, day, hour) values of an hourly variable; keys [None] for (year, day, hour) variables."""
    vals = dense(var)
    if keys == [None]:
        return vals[None]
    return vals[VarArray(var).pos(0, keys)]
