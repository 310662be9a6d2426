"""targets.csv: required vs achieved, slack, binding, shadow price and meaning per target and year.

Shadow price = marginal cost of tightening the target by one unit of its value, in MCNY
(net present value at 2020, 2020 prices). A row  lhs - a - v b  (>= or <=) 0  has
  d(objective)/d(v) = dual * b(x*)
(dual = d objective / d rhs from HiGHS). Tightening means raising v for '>=' targets and
lowering it for '<=' targets, so  price = +dual b  for '>=' and  -dual b  for '<='.
A positive price is a cost; zero means the target does not bind.
"""
from __future__ import annotations

import math

import pandas as pd
import pyomo.environ as pyo

TOL = 1e-4  # MCNY per unit: below this a target is reported as not binding


def _phrase(rec, year, price, unit) -> str:
    if rec.indicator == "co2_peak_year":
        return (f"allowing CO2 in {year} to exceed {year - 1} by 1 Mt would save {price:,.1f} MCNY" if price > TOL
                else f"CO2 falls from {year - 1} to {year} at no extra cost")
    if rec.indicator == "coal_use_decline":
        return (f"cutting coal in {year} by 1 Mtce more costs {price:,.1f} MCNY" if price > TOL
                else "coal falls below its baseline at no extra cost")
    step = {"%": "1 point", "GW": "1 GW", "bcm": "1 bcm", "Mm2": "1 Mm2"}.get(unit, f"1 {unit}")
    way = "lowering" if rec.sense == "<=" else "raising"
    if price > TOL:
        return f"{way} the {year} target by {step} costs {price:,.1f} MCNY"
    return f"the {year} target does not bind: {way} it by {step} costs nothing at the margin"


def targets_table(m, inp, result) -> pd.DataFrame:
    """One row per target and year (structural / switched-off targets get one row with the reason)."""
    reg = inp.targets.set_index("id")
    inds = m._indicators
    rows = []
    band = float(inp.policy["approx_band"])
    for rec in m._target_records:
        r = reg.loc[rec.id]
        base = dict(id=rec.id, indicator=rec.indicator, strength=rec.strength, mode=rec.mode, sense=rec.sense,
                    unit=rec.unit, value_source=r.value_source, document=r.document, section=r.section,
                    quote_zh=r.quote_zh)
        if not rec.rows:
            rows.append(dict(base, year=rec.year, required=rec.value, achieved=None, slack=None, binding=False,
                             shadow_price_mcny=None, shadow_price_unit=None, meaning=rec.reason))
            continue
        for k, (con, year) in enumerate(rec.rows):
            dual = result.duals.get(con, 0.0)
            slack_var = rec.slack[k] if k < len(rec.slack) else None
            shortfall = float(pyo.value(slack_var)) if slack_var is not None else 0.0
            if rec.indicator in inds:
                ind = inds[rec.indicator]
                b = float(pyo.value(ind.b(m, year, inp)))
                price = dual * b * (-1 if rec.sense == "<=" else 1)
                if rec.mode == "band":
                    required = rec.value * (1 + band if rec.sense == "<=" else 1 - band)
                else:
                    required = rec.value
                achieved = float(ind.natural(m, year))
                slack = achieved - required if rec.sense != "<=" else required - achieved
                unit = ind.unit
            elif rec.indicator == "co2_peak_year":
                price = -dual
                required = float(pyo.value(m.co2[year - 1]))
                achieved = float(pyo.value(m.co2[year]))
                slack, unit = required - achieved, "MtCO2"
            else:  # coal_use_decline
                price = -dual
                required = float(pyo.value(m.coal_use[year - 1])) * (1 - float(inp.policy["qualitative_margin"]))
                achieved = float(pyo.value(m.coal_use[year]))
                slack, unit = required - achieved, "Mtce"
            active = abs(slack) <= 1e-6 * max(1.0, abs(required))
            meaning = _phrase(rec, year, price, unit)
            if active and abs(price) <= TOL and shortfall <= 1e-9:
                meaning = (f"holds with equality in {year} at zero marginal cost (its cost is carried by another "
                           f"target with the same requirement, or it binds only weakly)")
            rows.append(dict(base, year=year, required=required, achieved=achieved, slack=slack, shortfall=shortfall,
                             binding=bool(abs(price) > TOL or (active and shortfall <= 1e-9)), shadow_price_mcny=price,
                             shadow_price_unit=f"MCNY (NPV 2020) per {unit} tightened",
                             meaning=meaning, unit=unit))
    cols = ["id", "year", "indicator", "strength", "mode", "sense", "required", "achieved", "unit", "slack", "shortfall",
            "binding", "shadow_price_mcny", "shadow_price_unit", "meaning", "value_source", "document", "section", "quote_zh"]
    df = pd.DataFrame(rows)
    df["year"] = pd.array(df["year"], dtype="Int64")
    for c in cols:
        if c not in df:
            df[c] = None
    return df[cols]


def binding_by_target(targets: pd.DataFrame) -> pd.DataFrame:
    """One row per binding target: years it binds, requirement, summed shadow price (NPV MCNY per unit)."""
    b = targets[targets.binding == True].copy()  # noqa: E712
    if b.empty:
        return pd.DataFrame(columns=["id", "indicator", "years", "required", "unit", "shadow_price_mcny", "priced"])
    rows = []
    for tid, g in b.groupby("id", sort=False):
        yrs = g.year.dropna().astype(int)
        years = (f"{yrs.min()}" if yrs.min() == yrs.max() else f"{yrs.min()}-{yrs.max()}") if len(yrs) else ""
        price = float(g.shadow_price_mcny.sum())
        rows.append(dict(id=tid, indicator=g.indicator.iloc[0], years=years, required=float(g.required.iloc[0]),
                         unit=g.unit.iloc[0], shadow_price_mcny=price, priced=abs(price) > TOL))
    return pd.DataFrame(rows).sort_values(["priced", "shadow_price_mcny"], ascending=[False, False])
