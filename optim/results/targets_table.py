"""targets.csv: required vs achieved, slack, binding, the target's price and meaning per target and year.

The numbers come from the one evaluation of the targets (optim.model.targets.evaluate): achieved
= (lhs - a) / b at the solution, and the target's price = the cost of tightening its value by one unit in
every year it applies (NPV MCNY, the sum of its rows' duals x b; the same on each of its rows). Years up to
system.history_until are reported against the statistics (mode = history), not imposed.
"""
from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

from optim.model.lp import LinearProgram
from optim.model.targets import achieved, outcomes, row_unit, target_price, year_span
from optim.model.targets.evaluate import TOL

#: statistic of observed.csv that measures a target's indicator in a history year
OBSERVED_COUNTERPART = {"coal_use_decline": "coal_use", "nonfossil_share": "nonfossil_share", "gas_use_bcm": "gas_use",
                        "co2_peak_year": "co2"}
COLUMNS = ["id", "year", "indicator", "strength", "mode", "sense", "required", "achieved", "unit", "slack", "shortfall",
           "binding", "shadow_price_mcny", "shadow_price_unit", "meaning", "value_source", "document", "section", "quote_zh"]


def _phrase(rec, year, price, unit, years: str) -> str:
    """The row's meaning: whether it binds in ``year`` and what moving the target (all its years) costs."""
    span = f"in every year it applies ({years})" if "-" in years else f"in {years}"
    if price <= TOL:
        return f"does not bind in {year}: moving the target costs nothing at the margin"
    if rec.indicator == "co2_peak_year":
        what = f"allowing CO2 to rise by 1 Mt a year after the peak {span} would save {price:,.1f} MCNY"
    elif rec.indicator == "coal_use_decline":
        what = f"cutting coal by 1 Mtce more a year {span} costs {price:,.1f} MCNY"
    else:
        step = {"%": "1 point", "GW": "1 GW", "bcm": "1 bcm", "Mm2": "1 Mm2"}.get(unit, f"1 {unit}")
        way = "lowering" if rec.sense == "<=" else "raising"
        what = f"{way} the target by {step} {span} costs {price:,.1f} MCNY"
    return f"{what} (NPV 2020; the target's price, not split by year)"


def history_row(lp: LinearProgram, rec, year: int) -> dict:
    """A target in a history year: not imposed, reported against the statistic (or the calibrated model)."""
    m, inp = lp.model, lp.inputs
    stat = OBSERVED_COUNTERPART.get(rec.indicator)
    obs = {y: inp.observed[(stat, y)].value for y in (year - 1, year) if (stat, y) in inp.observed}
    basis = "observed" if year in obs else "model (history calibrated to the statistics)"
    if rec.indicator in ("coal_use_decline", "co2_peak_year"):
        comp = m.coal_use if rec.indicator == "coal_use_decline" else m.co2
        prev, now = obs.get(year - 1, float(pyo.value(comp[year - 1]))), obs.get(year, float(pyo.value(comp[year])))
        margin = inp.policy.qualitative_margin if rec.indicator == "coal_use_decline" else 0.0
        required, reached, sense = prev * (1 - margin), now, "<="
    else:
        required, reached = rec.value, obs.get(year, achieved(lp, rec.indicator, year))
        sense = rec.sense
    unit = row_unit(rec)
    if required is None or reached is None:
        met = None
    else:
        tol = 1e-6 * max(1.0, abs(required))
        met = reached <= required + tol if sense == "<=" else reached >= required - tol
    verdict = "met" if met else "missed" if met is not None else "not measurable"
    return dict(year=year, required=required, achieved=reached, unit=unit, slack=None, shortfall=None, binding=False,
                shadow_price_mcny=None, shadow_price_unit=None,
                meaning=f"history year (<= system.history_until): not imposed; {verdict} by the {basis} value")


def targets_table(lp: LinearProgram, result) -> pd.DataFrame:
    """One row per target and year (structural / switched-off targets get one row with the reason)."""
    reg = lp.inputs.targets.set_index("id")
    evaluated = outcomes(lp, result.duals)
    rows = []
    for rec in lp.targets.records:
        r = reg.loc[rec.id]
        base = dict(id=rec.id, indicator=rec.indicator, strength=rec.strength, mode=rec.mode, sense=rec.sense,
                    unit=rec.unit, value_source=r.value_source, document=r.document, section=r.section,
                    quote_zh=r.quote_zh)
        for year in rec.history:
            rows.append(dict(base, mode="history", **history_row(lp, rec, year)))
        outs = evaluated[rec.id]
        if not outs:
            if not rec.history:
                rows.append(dict(base, year=rec.year, required=rec.value, achieved=None, slack=None, binding=False,
                                 shadow_price_mcny=None, shadow_price_unit=None, meaning=rec.reason))
            continue
        price = target_price(outs)
        years = year_span(o.year for o in outs)
        for o in outs:
            meaning = _phrase(rec, o.year, price if o.binding else 0.0, o.unit, years)
            if o.binding and abs(price) <= TOL:
                meaning = (f"holds with equality in {o.year} at zero marginal cost (its cost is carried by another "
                           f"target with the same requirement, or it binds only weakly)")
            rows.append(dict(base, year=o.year, required=o.required, achieved=o.achieved, slack=o.slack,
                             shortfall=o.shortfall, binding=o.binding, shadow_price_mcny=price,
                             shadow_price_unit=f"MCNY (NPV 2020) per {o.unit} tightened in every year of the target",
                             meaning=meaning, unit=o.unit))
    df = pd.DataFrame(rows)
    df["year"] = pd.array(df["year"], dtype="Int64")
    for c in COLUMNS:
        if c not in df:
            df[c] = None
    return df[COLUMNS]


def binding_by_target(targets: pd.DataFrame) -> pd.DataFrame:
    """One row per binding target: years it binds, requirement, its price (NPV MCNY per unit, all its years)."""
    b = targets[targets.binding == True].copy()  # noqa: E712
    if b.empty:
        return pd.DataFrame(columns=["id", "indicator", "years", "required", "unit", "shadow_price_mcny", "priced"])
    rows = []
    for tid, g in b.groupby("id", sort=False):
        yrs = g.year.dropna().astype(int)
        years = year_span(yrs) if len(yrs) else ""
        price = float(g.shadow_price_mcny.iloc[0])  # the target's price, the same on each of its rows
        rows.append(dict(id=tid, indicator=g.indicator.iloc[0], years=years, required=float(g.required.iloc[0]),
                         unit=g.unit.iloc[0], shadow_price_mcny=price, priced=abs(price) > TOL))
    return pd.DataFrame(rows).sort_values(["priced", "shadow_price_mcny"], ascending=[False, False])
