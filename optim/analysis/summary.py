"""The tables of the uncertainty analysis: samples, summary percentiles and sensitivity indices.

Percentiles are numpy's default (linear interpolation between order statistics) over the optimal samples.
Sensitivity: standardised regression coefficients (SRC). For a result y and the factors' draws u_1..u_d (one
column per group, uniform on [0, 1] by construction of the Latin hypercube) fit by least squares
  (y - mean y) / sd y = sum_j SRC_j (u_j - mean u_j) / sd u_j + e
SRC_j is the change of y, in standard deviations, when factor j moves by one standard deviation; with
independent factors sum_j SRC_j^2 = R^2, the share of the variance of y the linear model explains. The same on
ranks gives SRRC (monotone, not necessarily linear effects; R^2 on ranks). ``effect`` = the unstandardised
coefficient: the change of y when the factor moves from the low to the high end of its range (for a triangular
row: from its lowest to its highest draw), the others held. SRC rather than Sobol indices: Saltelli's design
needs N (2 d + 2) runs (d ~ 20 factors: 42 N), while SRC reads the 200 Latin-hypercube samples directly; R^2 says
how much of the variance that explains (a low R^2 is reported, not hidden).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from optim.analysis.ranges import Factor

PERCENTILES = (5, 50, 95)


def samples_table(records: dict[int, dict], factors: list[Factor], U: np.ndarray, values: list,
                  target_ids: list[str]) -> pd.DataFrame:
    """uncertainty_samples.csv: one row per sample (its draws, inputs, status and results), by sample index."""
    rows = []
    for i in range(len(U)):
        rec = records.get(i)
        first = {k: v for k, v in values[i]}
        row = {"sample": i, "chain": rec["chain"] if rec else None, "status": rec["status"] if rec else "missing",
               "reason": rec.get("reason", "") if rec else "not solved"}
        for f, u in zip(factors, U[i]):
            row[f"u.{f.group}"] = float(u)
            row[f"in.{f.group}"] = first[f.rows[0].expanded[0]]
        ok = rec is not None and rec["status"] == "optimal"
        row["npv_mcny"] = rec["npv"] if ok else math.nan
        if rec is not None and "npv_no_targets" in rec and rec["npv_no_targets"] == rec["npv_no_targets"]:
            row["plan_cost_mcny"] = rec["npv"] - rec["npv_no_targets"] if ok else math.nan
        for name, key in (("co2_mt", "co2"), ("coal_mtce", "coal"), ("gas_bcm", "gas_bcm"),
                          ("nonfossil_share_pct", "nonfossil_pct")):
            for y, v in sorted(((int(y), v) for y, v in (rec or {}).get(key, {}).items())):
                row[f"{name}.{y}"] = v if ok else math.nan
        co2 = {int(y): v for y, v in (rec or {}).get("co2", {}).items()}
        row["co2_peak_year"] = max(co2, key=co2.get) if ok and co2 else math.nan
        for tid in target_ids:
            row[f"price_mcny.{tid}"] = rec["price"].get(tid, math.nan) if ok else math.nan
            row[f"binds.{tid}"] = bool(rec["binds"].get(tid, False)) if ok else None
        rows.append(row)
    return pd.DataFrame(rows)


def _unit(col: str, units: dict[str, str]) -> str:
    base = col.split(".")[0]
    if base == "price_mcny":
        return f"MCNY per {units.get(col.split('.', 1)[1], 'unit')} (NPV 2020, all years of the target)"
    return {"npv_mcny": "MCNY (NPV 2020)", "plan_cost_mcny": "MCNY (NPV 2020)", "co2_mt": "MtCO2",
            "coal_mtce": "Mtce", "gas_bcm": "bcm", "nonfossil_share_pct": "%", "co2_peak_year": "year"}.get(base, "")


def result_columns(samples: pd.DataFrame) -> list[str]:
    prefixes = ("npv_mcny", "plan_cost_mcny", "co2_mt.", "co2_peak_year", "coal_mtce.", "gas_bcm.",
                "nonfossil_share_pct.", "price_mcny.")
    return [c for c in samples.columns if c.startswith(prefixes)]


def summary_table(samples: pd.DataFrame, units: dict[str, str]) -> pd.DataFrame:
    """uncertainty_summary.csv: per result its unit, n, mean, P5, P50, P95 over the optimal samples; for a target's
    price also the probability that it binds and the percentiles over the samples where it binds."""
    ok = samples[samples.status == "optimal"]
    rows = []
    for col in result_columns(samples):
        x = ok[col].astype(float).dropna().to_numpy()
        row = {"result": col, "unit": _unit(col, units), "n": len(x),
               "mean": float(x.mean()) if len(x) else math.nan}
        row.update({f"p{p}": float(np.percentile(x, p)) if len(x) else math.nan for p in PERCENTILES})
        if col.startswith("price_mcny."):
            tid = col.split(".", 1)[1]
            b = ok[f"binds.{tid}"].astype(bool).to_numpy()
            row["probability_binds"] = float(b.mean()) if len(b) else math.nan
            xb = ok.loc[b, col].astype(float).to_numpy()
            row.update({f"p{p}_when_binding": float(np.percentile(xb, p)) if len(xb) else math.nan
                        for p in PERCENTILES})
        rows.append(row)
    return pd.DataFrame(rows)


def _src(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Standardised coefficients and R^2 of the least-squares fit of y on the columns of X."""
    sx, sy = X.std(axis=0), y.std()
    Z = (X - X.mean(axis=0)) / np.where(sx > 0, sx, 1.0)
    z = (y - y.mean()) / sy
    beta, *_ = np.linalg.lstsq(np.c_[np.ones(len(z)), Z], z, rcond=None)
    resid = z - np.c_[np.ones(len(z)), Z] @ beta
    return beta[1:], float(1.0 - (resid ** 2).sum() / (z ** 2).sum())


def _ranks(a: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return np.apply_along_axis(rankdata, 0, a) if a.ndim == 2 else rankdata(a)


def sensitivity_table(samples: pd.DataFrame, factors: list[Factor], outputs: list[str]) -> pd.DataFrame:
    """uncertainty_sensitivity.csv: SRC, SRRC, R^2 and effect of every factor on every output (module docstring)."""
    ok = samples[samples.status == "optimal"]
    X = ok[[f"u.{f.group}" for f in factors]].to_numpy(dtype=float)
    rows = []
    for out in outputs:
        if out not in ok:
            continue
        y = ok[out].to_numpy(dtype=float)
        keep = np.isfinite(y)
        if keep.sum() < len(factors) + 2 or np.std(y[keep]) <= 1e-9 * max(1.0, abs(np.mean(y[keep]))):
            continue
        src, r2 = _src(X[keep], y[keep])
        srrc, r2r = _src(_ranks(X[keep]), _ranks(y[keep]))
        span = X[keep].max(axis=0) - X[keep].min(axis=0)
        effect = src * y[keep].std() / np.where(X[keep].std(axis=0) > 0, X[keep].std(axis=0), 1.0) * span
        for f, a, b, e in zip(factors, src, srrc, effect):
            rows.append(dict(result=out, input=f.group, src=float(a), srrc=float(b), r2=r2, r2_rank=r2r,
                             effect=float(e), input_unit=f.unit))
    df = pd.DataFrame(rows, columns=["result", "input", "src", "srrc", "r2", "r2_rank", "effect", "input_unit"])
    if df.empty:
        return df
    df["abs_src"] = df.src.abs()
    df = df.sort_values(["result", "abs_src"], ascending=[True, False], kind="stable").drop(columns="abs_src")
    return df.reset_index(drop=True)


def inputs_table(factors: list[Factor], central: dict) -> pd.DataFrame:
    """uncertainty_inputs.csv: the factors (groups) with their keys, ranges and the study's values."""
    rows = []
    for f in factors:
        for r in f.rows:
            rows.append(dict(group=f.group, key=r.key, keys_set=len(r.expanded), kind=r.kind, distribution=r.distribution,
                             low=r.low, high=r.high, unit=r.unit,
                             study_value=central.get(r.expanded[0], math.nan) if r.kind == "absolute" else 1.0))
    return pd.DataFrame(rows)
