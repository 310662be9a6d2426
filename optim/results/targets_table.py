"""targets.csv: required vs achieved, slack, binding, the target's price and meaning per target and year.

Price of a target = marginal cost of tightening its value by one unit in every year it applies, in MCNY
(net present value at 2020, 2020 prices). A row  lhs - a - v b  (>= or <=) 0  has
  d(objective)/d(v) = dual * b(x*)
(dual = d objective / d rhs from HiGHS; v scaled by (1 -+ band) for approx targets). The value v enters every
year's row of the target, so the cost of moving it is the sum over its rows:
  price = sum_y s dual_y b_y(x*),   s = +1 for '>=' and -1 for '<=' targets (tightening = raising a '>='
  value, lowering a '<=' value); for 'coal keeps falling' and 'CO2 peaks' rows, s dual_y with s = -1.
This sum is what a finite-difference change of the value costs; the split across the years is one dual
solution of a degenerate LP (warm and cold solves may split it differently), so no per-year price is reported.
A positive price is a cost; zero means the target does not bind.
"""
from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

TOL = 1e-4  # MCNY per unit: below this a target is reported as not binding


def _phrase(rec, year, price, unit, years: str) -> str:
    """The row's meaning: whether it binds in ``year`` and what moving the target (all its years) costs."""
    span = f"in every year it applies ({years})" if "-" in years else f"in {years}"
    if rec.indicator == "co2_peak_year":
        what = f"allowing CO2 to rise by 1 Mt a year after the peak {span} would save {price:,.1f} MCNY"
    elif rec.indicator == "coal_use_decline":
        what = f"cutting coal by 1 Mtce more a year {span} costs {price:,.1f} MCNY"
    else:
        step = {"%": "1 point", "GW": "1 GW", "bcm": "1 bcm", "Mm2": "1 Mm2"}.get(unit, f"1 {unit}")
        way = "lowering" if rec.sense == "<=" else "raising"
        what = f"{way} the target by {step} {span} costs {price:,.1f} MCNY"
    if price <= TOL:
        return f"does not bind in {year}: moving the target costs nothing at the margin"
    return f"{what} (NPV 2020; the target's price, not split by year)"


#: statistic of observed.csv that measures a target's indicator in a history year
OBSERVED_COUNTERPART = {"coal_use_decline": "coal_use", "nonfossil_share": "nonfossil_share", "gas_use_bcm": "gas_use",
                        "co2_peak_year": "co2"}


def history_row(m, inp, rec, year: int) -> dict:
    """A target in a history year: not imposed, reported against the statistic (or the calibrated model)."""
    stat = OBSERVED_COUNTERPART.get(rec.indicator)
    obs = {y: inp.observed[(stat, y)].value for y in (year - 1, year) if (stat, y) in inp.observed}
    basis = "observed" if year in obs else "model (history calibrated to the statistics)"
    if rec.indicator in ("coal_use_decline", "co2_peak_year"):
        comp = m.coal_use if rec.indicator == "coal_use_decline" else m.co2
        prev, now = (obs.get(year - 1, float(pyo.value(comp[year - 1]))), obs.get(year, float(pyo.value(comp[year]))))
        margin = float(inp.policy["qualitative_margin"]) if rec.indicator == "coal_use_decline" else 0.0
        required, achieved, sense = prev * (1 - margin), now, "<="
        unit = "Mtce" if rec.indicator == "coal_use_decline" else "MtCO2"
    else:
        ind = m._indicators[rec.indicator]
        required, achieved = rec.value, obs.get(year, float(ind.natural(m, year)))
        sense, unit = rec.sense, ind.unit
    if required is None or achieved is None:
        met = None
    else:
        tol = 1e-6 * max(1.0, abs(required))
        met = achieved <= required + tol if sense == "<=" else achieved >= required - tol
    verdict = "met" if met else "missed" if met is not None else "not measurable"
    return dict(year=year, required=required, achieved=achieved, unit=unit, slack=None, shortfall=None, binding=False,
                shadow_price_mcny=None, shadow_price_unit=None,
                meaning=f"history year (<= system.history_until): not imposed; {verdict} by the {basis} value")


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
        for year in rec.history:
            rows.append(dict(base, mode="history", **history_row(m, inp, rec, year)))
        if not rec.rows:
            if not rec.history:
                rows.append(dict(base, year=rec.year, required=rec.value, achieved=None, slack=None, binding=False,
                                 shadow_price_mcny=None, shadow_price_unit=None, meaning=rec.reason))
            continue
        items = []
        for k, (con, year) in enumerate(rec.rows):
            dual = result.duals.get(con, 0.0)
            slack_var = rec.slack[k] if k < len(rec.slack) else None
            shortfall = float(pyo.value(slack_var)) if slack_var is not None else 0.0
            if rec.indicator in inds:
                ind = inds[rec.indicator]
                sense = rec.specs[k][0] if k < len(rec.specs) else rec.sense
                scale = (1 + band if sense == "<=" else 1 - band) if rec.mode == "band" else 1.0
                b = float(pyo.value(ind.b(m, year, inp)))
                row_price = dual * b * scale * (-1 if sense == "<=" else 1)
                required = rec.value * scale
                achieved = float(ind.natural(m, year))
                slack = achieved - required if sense != "<=" else required - achieved
                unit = ind.unit
            elif rec.indicator == "co2_peak_year":
                row_price = -dual
                required = float(pyo.value(m.co2[year - 1]))
                achieved = float(pyo.value(m.co2[year]))
                slack, unit = required - achieved, "MtCO2"
            else:  # coal_use_decline
                row_price = -dual
                required = float(pyo.value(m.coal_use[year - 1])) * (1 - float(inp.policy["qualitative_margin"]))
                achieved = float(pyo.value(m.coal_use[year]))
                slack, unit = required - achieved, "Mtce"
            active = abs(slack) <= 1e-6 * max(1.0, abs(required))
            items.append((year, required, achieved, slack, shortfall, row_price, active, unit))
        price = sum(i[5] for i in items)
        yrs = [i[0] for i in items]
        years = f"{min(yrs)}" if min(yrs) == max(yrs) else f"{min(yrs)}-{max(yrs)}"
        for year, required, achieved, slack, shortfall, row_price, active, unit in items:
            binds = abs(row_price) > TOL or (active and shortfall <= 1e-9)
            meaning = _phrase(rec, year, price, unit, years) if binds else _phrase(rec, year, 0.0, unit, years)
            if binds and abs(price) <= TOL:
                meaning = (f"holds with equality in {year} at zero marginal cost (its cost is carried by another "
                           f"target with the same requirement, or it binds only weakly)")
            rows.append(dict(base, year=year, required=required, achieved=achieved, slack=slack, shortfall=shortfall,
                             binding=bool(binds), shadow_price_mcny=price,
                             shadow_price_unit=f"MCNY (NPV 2020) per {unit} tightened in every year of the target",
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
    """One row per binding target: years it binds, requirement, its price (NPV MCNY per unit, all its years)."""
    b = targets[targets.binding == True].copy()  # noqa: E712
    if b.empty:
        return pd.DataFrame(columns=["id", "indicator", "years", "required", "unit", "shadow_price_mcny", "priced"])
    rows = []
    for tid, g in b.groupby("id", sort=False):
        yrs = g.year.dropna().astype(int)
        years = (f"{yrs.min()}" if yrs.min() == yrs.max() else f"{yrs.min()}-{yrs.max()}") if len(yrs) else ""
        price = float(g.shadow_price_mcny.iloc[0])  # the target's price, the same on each of its rows
        rows.append(dict(id=tid, indicator=g.indicator.iloc[0], years=years, required=float(g.required.iloc[0]),
                         unit=g.unit.iloc[0], shadow_price_mcny=price, priced=abs(price) > TOL))
    return pd.DataFrame(rows).sort_values(["priced", "shadow_price_mcny"], ascending=[False, False])
