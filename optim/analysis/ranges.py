"""The ranges of the uncertainty analysis: rows of data/<region>/uncertainty.csv grouped into factors.

A factor is one ``group`` of the table: all its rows share one draw u in [0, 1] (Latin hypercube, optim.analysis.
sampling). A row's value at u:
  uniform     x = low + u (high - low)
  triangular  x = F^-1(u), F the triangular CDF on [low, high] with mode c = the data value (scipy.stats.triang)
  absolute rows give x in the key's unit; relative rows give a multiplier m = x of the data value:
  value = m * data value (for a relative triangular row the mode is m = 1).
``measures.*.<column>`` stands for that column of every measure of measures.csv. The data value of a key is read
from the config (an override) or the data (``central_value``), the same number the study uses.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optim.config.schema import Config, validate_config
from optim.data.errors import ConfigError, DataError

#: sections whose last key level is a year (given as int in the config)
YEAR_LEVEL = {"costs": 3, "fuels": 3, "economics": 2, "gdp": 1, "base": 2, "system": 2}


@dataclass(frozen=True)
class RangeRow:
    """One row of the ranges table."""

    key: str
    kind: str           # absolute | relative
    low: float
    high: float
    distribution: str   # uniform | triangular
    unit: str
    expanded: tuple[str, ...] = ()   # the config keys it sets ('*' expanded)


@dataclass(frozen=True)
class Factor:
    """One group of rows drawn together (module docstring)."""

    group: str
    rows: tuple[RangeRow, ...]

    @property
    def unit(self) -> str:
        return self.rows[0].unit


def read_factors(table: pd.DataFrame, data, exclude: tuple[str, ...] = ()) -> list[Factor]:
    """Factors in the order their groups first appear; groups in ``exclude`` are left out (DataError if unknown)."""
    groups = list(dict.fromkeys(table.group))
    unknown = [g for g in exclude if g not in groups]
    if unknown:
        raise ConfigError(f"Config key 'analysis.exclude_groups': no group {unknown[0]!r} in the ranges table; "
                          f"groups: {', '.join(groups)}.")
    out = []
    for g in groups:
        if g in exclude:
            continue
        rows = tuple(RangeRow(r.key, r.kind, float(r.low), float(r.high), r.distribution, r.unit,
                              tuple(expand(r.key, data)))
                     for r in table[table.group == g].itertuples(index=False))
        out.append(Factor(g, rows))
    return out


def _draw(row: RangeRow, u: float, mode: float) -> float:
    """x at u (module docstring); ``mode`` is used by triangular rows."""
    lo, hi = row.low, row.high
    if hi == lo:
        return lo
    if row.distribution == "uniform":
        return lo + u * (hi - lo)
    from scipy.stats import triang

    return float(triang.ppf(u, (mode - lo) / (hi - lo), loc=lo, scale=hi - lo))


def expand(key: str, data) -> list[str]:
    """``measures.*.<column>`` -> one key per measure; other keys unchanged."""
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "measures" and parts[1] == "*":
        return [f"measures.{m}.{parts[2]}" for m in data.measures.id]
    return [key]


def settings(factor: Factor, u: float, central) -> list[tuple[str, float]]:
    """(key, value) of every expanded key of ``factor`` at draw ``u``; ``central(key)`` gives the data value."""
    out = []
    for row in factor.rows:
        for key in row.expanded:
            c = central(key)
            if row.kind == "relative":
                out.append((key, _draw(row, u, 1.0) * c))
            else:
                out.append((key, _draw(row, u, c)))
    return out


def central_u(factor: Factor, central) -> float:
    """The draw that gives the data value of the factor's first row (clipped to [0, 1])."""
    row = factor.rows[0]
    c = 1.0 if row.kind == "relative" else central(row.expanded[0])
    if row.high == row.low:
        return 0.5
    if row.distribution == "triangular":
        from scipy.stats import triang

        return float(triang.cdf(c, (c - row.low) / (row.high - row.low), loc=row.low, scale=row.high - row.low))
    return float(min(1.0, max(0.0, (c - row.low) / (row.high - row.low))))


def config_with(cfg: Config, values: list[tuple[str, float]]) -> Config:
    """The config with each dotted key set to its value (years as int where the section has years), validated."""
    out = cfg.model_dump(exclude_unset=True)  # unset fields get their defaults again (analysis.* of other kinds)
    for key, value in values:
        parts: list = key.split(".")
        level = YEAR_LEVEL.get(parts[0])
        if level is not None and level < len(parts) and parts[level].isdigit():
            parts[level] = int(parts[level])
        if parts[0] == "targets":
            out.setdefault("targets", {}).setdefault(parts[1], {})[parts[2]] = float(value)
            continue
        d = out
        for p in parts[:-1]:
            d = d.setdefault(p, {})
            if not isinstance(d, dict):
                raise ConfigError(f"key '{key}' names a number, not a table")
        d[parts[-1]] = float(value)
    return validate_config(out)


def central_value(key: str, data, cfg: Config, inp) -> float:
    """The value the study uses for ``key`` (a config override or the data): ``inp`` the study's ModelInputs."""
    from optim.interpolate import interpolate

    parts = key.split(".")
    sec = parts[0]
    try:
        if sec in ("costs", "fuels"):  # the data points with overrides, at the key's year (also beyond the horizon)
            table, col = (data.technologies, "tech") if sec == "costs" else (data.fuels, "fuel")
            rows = table[(table[col] == parts[1]) & (table.parameter == parts[2])]
            pts = {int(r.year): float(r.value) for r in rows.itertuples(index=False)}
            pts.update({int(y): float(v) for y, v in getattr(cfg, sec).get(parts[1], {}).get(parts[2], {}).items()})
            return float(interpolate(pts, [int(parts[3])])[int(parts[3])])
        if sec == "targets":
            return float(inp.targets.set_index("id").loc[parts[1], parts[2]])
        if sec == "system" and parts[1] == "green_import_available_twh":
            pts = {int(k): float(v) for k, v in cfg.system.green_import_available_twh.items()}
            return float(interpolate(pts, [int(parts[2])])[int(parts[2])])
        if sec == "potentials":
            ov = cfg.potentials.get(parts[1], {}).get(parts[2], {}).get(parts[3])
            row = data.potentials[(data.potentials.tech == parts[1]) & (data.potentials.zone == parts[2])].iloc[0]
            return float(ov if ov is not None else getattr(row, parts[3]))
        if sec == "measures":
            ov = cfg.measures.get(parts[1], {}).get(parts[2])
            return float(ov if ov is not None else data.measures.set_index("id").loc[parts[1], parts[2]])
        if sec == "base":
            ov = cfg.base.get(parts[1], {}).get(int(parts[2]))
            return float(ov if ov is not None else data.stat(parts[1], int(parts[2])))
        if sec == "tech_profile":
            from optim.timeseries import full_load_hours

            return full_load_hours(inp.slices, parts[1])
        if sec == "gdp":
            return float(inp.gdp[int(parts[1])])
        if sec == "economics" and parts[1] == "discount_rate":
            return float(inp.discount_rate)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        pass
    raise DataError(f"key '{key}': no data value found for it (expected a key of the override sections costs, fuels, "
                    f"potentials, measures, targets, base, tech_profile, gdp, economics.discount_rate or "
                    f"system.green_import_available_twh naming something in data/<region>/).")


def check_factors(factors: list[Factor], central, where: str) -> None:
    """Before any solve: every key has a data value, and a triangular row's mode lies inside its range."""
    for f in factors:
        for row in f.rows:
            for key in row.expanded:
                try:
                    c = 1.0 if row.kind == "relative" else central(key)
                except DataError as exc:
                    raise DataError(f"{where}: {exc}") from None
                if row.distribution == "triangular" and not row.low <= c <= row.high:
                    raise DataError(f"{where}: row key '{row.key}' is triangular with the data value as its mode, but "
                                    f"the data value {c:g} lies outside [{row.low:g}, {row.high:g}] {row.unit}.")
                if not math.isfinite(c):
                    raise DataError(f"{where}: row key '{row.key}': the data value is not a finite number.")


def design_values(factors: list[Factor], U: np.ndarray, central) -> list[list[tuple[str, float]]]:
    """The (key, value) settings of every sample (rows of the draws ``U``, one column per factor)."""
    return [[kv for f, u in zip(factors, U[i]) for kv in settings(f, float(u), central)] for i in range(len(U))]
