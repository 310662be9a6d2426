"""Piecewise-linear interpolation of year-keyed parameters.

A parameter given at years y_1 < ... < y_n is, for a model year t:
  p(t) = p(y_1)                                   for t <= y_1
  p(t) = p(y_i) + (t - y_i)/(y_{i+1} - y_i) * (p(y_{i+1}) - p(y_i))   for y_i <= t <= y_{i+1}
  p(t) = p(y_n)                                   for t >= y_n   (held flat)
"""
from __future__ import annotations

from typing import Mapping

import numpy as np


def interpolate(points: Mapping[int, float], years) -> dict[int, float]:
    """Values of a year-keyed parameter at ``years`` (linear in between, flat outside)."""
    if not points:
        raise ValueError("no points to interpolate")
    xs = np.array(sorted(int(k) for k in points), dtype=float)
    ys = np.array([float(points[k]) if k in points else float(points[str(k)]) for k in sorted(int(k) for k in points)])
    return {int(t): float(np.interp(t, xs, ys)) for t in years}


def crf(rate: float, lifetime: float) -> float:
    """Capital recovery factor: annuity per unit of overnight cost.

    CRF(r, n) = r (1+r)^n / ((1+r)^n - 1), and 1/n when r = 0.
    """
    if rate == 0:
        return 1.0 / lifetime
    f = (1 + rate) ** lifetime
    return rate * f / (f - 1)
