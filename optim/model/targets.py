"""Policy targets: registry rows -> constraints through indicator functions.

Every indicator is written as  lhs(x)  {>=, <=}  a(x) + v b(x),  v the target value in
the registry's unit (percent for shares). Strength semantics (DESIGN §3):
  binding -> policy.binding (hard); strive -> policy.strive (hard | soft | off);
  approx -> band: >= becomes lhs >= rhs(v (1 - band)), <= becomes lhs <= rhs(v (1 + band));
  qualitative -> policy.qualitative (monotone = hard with the margin, or off).
"Reach X by year t" targets (PERSISTENT) hold in t and every later year until a later target
of the same indicator takes over (policy.persist); intensity, coal-cut and gas targets hold
in their year only. "Coal keeps falling" holds year on year over (baseline, t].
A per-target ``targets.<id>.mode`` (hard | soft | off) overrides the strength rule.
Years up to system.history_until are history (calibrated to the statistics): a target is not imposed
there; its history years are kept in ``TargetRecord.history`` and reported against the statistics.
Soft: a shortfall sigma >= 0 (indicator units) relaxes the row by sigma |b_ref| and costs
  penalty * sigma * df_y in the objective (penalty in MCNY per indicator unit).
The marginal cost of tightening v by one unit is  |dual| |b(x*)|  (MCNY, NPV 2020).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import history_years


@dataclass
class Indicator:
    """How one indicator enters the LP; all callables take (m, y, inp)."""

    lhs: Callable
    a: Callable
    b: Callable
    b_ref: Callable        # (inp, y) -> reference |b| for soft penalties, from base-year statistics
    unit: str              # unit of the target value
    natural: Callable      # (m, y) -> achieved value in the target's unit (evaluated after solve)
    description: str
    reduction: bool = False  # value is a reduction: registry '>=' (cut at least v) becomes lhs <= a + v b


@dataclass
class TargetRecord:
    """A target as built into the model."""

    id: str
    year: int | None
    indicator: str
    sense: str
    value: float | None
    unit: str
    strength: str
    mode: str                      # hard | soft | off | band | structural | not_built
    rows: list = field(default_factory=list)   # [(pyomo constraint, year)]
    slack: list = field(default_factory=list)  # [pyomo var]
    specs: list = field(default_factory=list)  # [(target sense, year)] aligned with rows (indicator targets)
    history: list = field(default_factory=list)  # years the target covers inside the history: reported, not imposed
    reason: str = ""


PCT = 0.01


def _share(num, den, ref):
    return dict(lhs=num, a=lambda m, y, i: 0.0, b=lambda m, y, i: PCT * den(m, y), b_ref=lambda i, y: PCT * ref(i, y))


def _indicators() -> dict[str, Indicator]:
    base = lambda key: (lambda i, y: i.base[key])  # noqa: E731
    gdp_ratio = lambda i, y, y0: i.gdp[y] / i.gdp[y0]  # noqa: E731
    ind = {}
    ind["nonfossil_share"] = Indicator(**_share(lambda m, y, i: m.nonfossil[y], lambda m, y: m.energy_total[y], base("total_energy")),
                                       unit="%", natural=lambda m, y: 100 * pyo.value(m.nonfossil[y]) / pyo.value(m.energy_total[y]),
                                       description="non-fossil share of total energy consumption")
    ind["renewable_capacity_gw"] = Indicator(
        lhs=lambda m, y, i: sum(m.cap[g, y] for g in V.RENEWABLE_GENERATORS), a=lambda m, y, i: 0.0,
        b=lambda m, y, i: 1.0, b_ref=lambda i, y: 1.0, unit="GW",
        natural=lambda m, y: sum(pyo.value(m.cap[g, y]) for g in V.RENEWABLE_GENERATORS), description="local renewable capacity")
    total_cap = lambda m, y, i: sum(m.cap_installed[g, y] for g in V.GENERATORS)  # noqa: E731
    ind["wind_pv_capacity_share"] = Indicator(
        lhs=lambda m, y, i: sum(m.cap[g, y] for g in V.VRE_TECHS), a=lambda m, y, i: 0.0,
        b=lambda m, y, i: PCT * total_cap(m, y, i), b_ref=lambda i, y: PCT * 20.0, unit="%",
        natural=lambda m, y: 100 * sum(pyo.value(m.cap[g, y]) for g in V.VRE_TECHS) / pyo.value(m._total_cap[y]),
        description="wind + PV share of local installed capacity")
    ind["storage_power_gw"] = Indicator(
        lhs=lambda m, y, i: sum(m.sto_p[s, y] for s in V.NEW_TYPE_STORAGE), a=lambda m, y, i: 0.0, b=lambda m, y, i: 1.0,
        b_ref=lambda i, y: 1.0, unit="GW", natural=lambda m, y: sum(pyo.value(m.sto_p[s, y]) for s in V.NEW_TYPE_STORAGE),
        description="new-type storage power")
    ind["import_capacity_gw"] = Indicator(
        lhs=lambda m, y, i: m.ic_cap[y], a=lambda m, y, i: 0.0, b=lambda m, y, i: 1.0, b_ref=lambda i, y: 1.0, unit="GW",
        natural=lambda m, y: pyo.value(m.ic_cap[y]), description="import (interconnector) capability")
    imports = lambda m, y: m.imp_grid_twh[y] + m.imp_green_twh[y]  # noqa: E731
    ind["import_share"] = Indicator(**_share(lambda m, y, i: imports(m, y), lambda m, y: m.consumption[y], base("electricity_consumption")),
                                    unit="%", natural=lambda m, y: 100 * pyo.value(imports(m, y)) / pyo.value(m.consumption[y]),
                                    description="imports as share of electricity consumption")
    ind["green_import_share"] = Indicator(**_share(lambda m, y, i: m.imp_green_twh[y], imports, lambda i, y: i.base["electricity_consumption"] / 3),
                                          unit="%", natural=lambda m, y: 100 * pyo.value(m.imp_green_twh[y]) / max(1e-9, pyo.value(imports(m, y))),
                                          description="green share of imported electricity")
    ind["gas_use_bcm"] = Indicator(lhs=lambda m, y, i: m.gas_bcm[y], a=lambda m, y, i: 0.0, b=lambda m, y, i: 1.0,
                                   b_ref=lambda i, y: 1.0, unit="bcm", natural=lambda m, y: pyo.value(m.gas_bcm[y]),
                                   description="natural gas consumption")
    ind["electricity_share_final_energy"] = Indicator(
        **_share(lambda m, y, i: m.final_elec_mtce[y], lambda m, y: m.final_energy_total[y], lambda i, y: 70.0),
        unit="%", natural=lambda m, y: 100 * pyo.value(m.final_elec_mtce[y]) / pyo.value(m.final_energy_total[y]),
        description="electricity share of final energy")
    vre_avail = lambda m, y: sum(m.gen_twh[g, y] + m.curt_twh[g, y] for g in V.VRE_TECHS)  # noqa: E731
    ind["vre_utilisation"] = Indicator(**_share(lambda m, y, i: sum(m.gen_twh[g, y] for g in V.VRE_TECHS), vre_avail, lambda i, y: 10.0),
                                       unit="%", natural=lambda m, y: 100 * sum(pyo.value(m.gen_twh[g, y]) for g in V.VRE_TECHS) / max(1e-9, pyo.value(vre_avail(m, y))),
                                       description="use of available wind and PV output")
    ind["demand_response_share_of_peak"] = Indicator(
        **_share(lambda m, y, i: m.dr_cap[y], lambda m, y: m.peak_load[y], base("peak_load")), unit="%",
        natural=lambda m, y: 100 * pyo.value(m.dr_cap[y]) / pyo.value(m.peak_load[y]), description="demand response / peak load")
    ind["public_building_retrofit_mm2"] = Indicator(
        lhs=lambda m, y, i: sum(float(r.activity_per_mtce) * m.adopt[r.id, y] for r in _retrofit_rows(i)),
        a=lambda m, y, i: 0.0, b=lambda m, y, i: 1.0, b_ref=lambda i, y: 1.0, unit="Mm2",
        natural=lambda m, y: sum(float(r.activity_per_mtce) * pyo.value(m.adopt[r.id, y]) for r in _retrofit_rows(m._inp)),
        description="public-building energy retrofit area")
    ind["co2_intensity_reduction_vs_2005"] = Indicator(
        lhs=lambda m, y, i: m.co2[y], a=lambda m, y, i: i.co2_2005 * gdp_ratio(i, y, 2005),
        b=lambda m, y, i: -PCT * i.co2_2005 * gdp_ratio(i, y, 2005), b_ref=lambda i, y: PCT * i.co2_2005 * gdp_ratio(i, y, 2005),
        unit="%", natural=lambda m, y: 100 * (1 - (pyo.value(m.co2[y]) / m._inp.gdp[y]) / (m._inp.co2_2005 / m._inp.gdp[2005])),
        description="CO2 per unit of GDP, reduction vs 2005", reduction=True)
    for key, expr, ref in (("co2", "co2", 160.0), ("energy", "energy_total", 81.0)):
        ind[f"{key}_intensity_reduction_vs_2020"] = Indicator(
            lhs=(lambda e: lambda m, y, i: getattr(m, e)[y])(expr),
            a=(lambda e: lambda m, y, i: getattr(m, e)[i.base_year] * gdp_ratio(i, y, i.base_year))(expr),
            b=(lambda e: lambda m, y, i: -PCT * getattr(m, e)[i.base_year] * gdp_ratio(i, y, i.base_year))(expr),
            b_ref=(lambda r: lambda i, y: PCT * r * gdp_ratio(i, y, i.base_year))(ref), unit="%",
            natural=(lambda e: lambda m, y: 100 * (1 - (pyo.value(getattr(m, e)[y]) / m._inp.gdp[y])
                                                     / (pyo.value(getattr(m, e)[m._inp.base_year]) / m._inp.gdp[m._inp.base_year])))(expr),
            description=f"{key} per unit of GDP, reduction vs 2020", reduction=True)
    ind["coal_use_reduction_vs_2020"] = Indicator(
        lhs=lambda m, y, i: m.coal_use[y], a=lambda m, y, i: m.coal_use[i.base_year], b=lambda m, y, i: -PCT * m.coal_use[i.base_year],
        b_ref=lambda i, y: PCT * 38.0, unit="%",
        natural=lambda m, y: 100 * (1 - pyo.value(m.coal_use[y]) / pyo.value(m.coal_use[m._inp.base_year])),
        description="coal consumption, reduction vs 2020", reduction=True)
    return ind


def _retrofit_rows(inp: ModelInputs):
    meas = inp.measures
    links = {"TJ-049", "UR-021", "UR-022"}
    return [r for r in meas.itertuples(index=False)
            if r.activity_unit == "Mm2" and r.activity_per_mtce is not None and str(r.target_link or "") in links]


#: "reach X by year t" targets keep holding after t (until a later target of the same indicator)
PERSISTENT = {"nonfossil_share", "renewable_capacity_gw", "wind_pv_capacity_share", "storage_power_gw",
              "import_capacity_gw", "import_share", "green_import_share", "electricity_share_final_energy",
              "vre_utilisation", "demand_response_share_of_peak", "public_building_retrofit_mm2"}

STRUCTURAL = {"no_new_coal_units": "no build variable exists for coal technologies",
              "coal_unit_duty": "enforced through the duty column of fleet.csv"}


def _mode(row, policy) -> str:
    if isinstance(row.mode, str) and row.mode:
        return row.mode
    if row.strength == "approx":
        return "band"
    return {"binding": policy["binding"], "strive": policy["strive"], "qualitative": policy["qualitative"]}[row.strength]


def add_targets(m: pyo.ConcreteModel, inp: ModelInputs) -> list[TargetRecord]:
    """Turn every city-scope constraint row of the registry into LP rows; return the records."""
    m._inp = inp
    m._total_cap = pyo.Expression(m.Y, rule=lambda m, y: sum(m.cap_installed[g, y] for g in V.GENERATORS))
    indicators = _indicators()
    policy = inp.policy
    records: list[TargetRecord] = []
    m.target_rows = pyo.ConstraintList()
    m.target_slack = pyo.VarList(domain=pyo.NonNegativeReals)
    history = set(history_years(inp))
    rows = inp.targets[(inp.targets.modelled_as == "constraint") & (inp.targets.scope == "tianjin")]
    years = set(inp.years)
    persist = bool(policy.get("persist", True))
    target_years: dict[str, list[int]] = {}
    for r in rows.itertuples(index=False):
        if r.year is not None and not (isinstance(r.year, float) and math.isnan(r.year)):
            target_years.setdefault(r.indicator, []).append(int(r.year))
    for row in rows.itertuples(index=False):
        year = None if row.year is None or (isinstance(row.year, float) and math.isnan(row.year)) else int(row.year)
        value = None if row.value is None or (isinstance(row.value, float) and math.isnan(row.value)) else float(row.value)
        rec = TargetRecord(row.id, year, row.indicator, row.sense, value, str(row.unit or ""), row.strength, _mode(row, policy))
        records.append(rec)
        if row.indicator in STRUCTURAL:
            rec.mode, rec.reason = "structural", STRUCTURAL[row.indicator]
            continue
        if rec.mode == "off":
            rec.reason = "switched off by the config"
            continue
        if year is not None and year not in years:
            rec.mode, rec.reason = "not_built", f"year {year} outside the horizon {inp.years[0]}-{inp.years[-1]}"
            continue
        if row.indicator == "co2_peak_year":
            _add_peak(m, inp, rec, value, history)
        elif row.indicator == "coal_use_decline":
            _add_decline(m, inp, rec, row, history)
        elif row.indicator in indicators:
            if value is None:
                rec.mode, rec.reason = "not_built", "no value: set targets.<id>.value in the config"
                continue
            if persist and row.indicator in PERSISTENT:
                later = [t for t in target_years.get(row.indicator, []) if t > year]
                until = min(later) if later else inp.years[-1] + 1
                hold = [t for t in inp.years if year <= t < until]
            else:
                hold = [year]
            rec.unit = indicators[row.indicator].unit
            for t in hold:
                if t in history:
                    rec.history.append(t)
                else:
                    _add_indicator(m, inp, rec, indicators[row.indicator], t)
        else:
            rec.mode, rec.reason = "not_built", f"indicator '{row.indicator}' has no indicator function"
        if rec.history and not rec.rows and rec.mode not in ("not_built", "off", "structural"):
            rec.mode = "history"
            rec.reason = (f"all its years fall in the history (<= system.history_until = {max(history)}): "
                          "reported against the statistics, not imposed")
    m._target_records = records
    m._indicators = indicators
    return records


def _penalty(rec: TargetRecord, inp: ModelInputs) -> float:
    row = inp.targets[inp.targets.id == rec.id].iloc[0]
    pen = row.penalty
    return float(inp.policy["soft_penalty"]) if pen is None or (isinstance(pen, float) and math.isnan(pen)) else float(pen)


def _indicator_row(m, inp, rec: TargetRecord, ind: Indicator, y: int, target_sense: str, slack=None):
    """The relational expression of one indicator row (see the module docstring)."""
    band = float(inp.policy["approx_band"]) if rec.mode == "band" else 0.0
    # the band loosens the target: a '>=' value is lowered, a '<=' value raised
    vv = rec.value * (1 - band) if target_sense == ">=" else rec.value * (1 + band)
    sense = {">=": "<=", "<=": ">="}[target_sense] if ind.reduction else target_sense
    # a decreasing b (intensity reductions) turns a larger v into a tighter cap: same formula holds
    expr = ind.lhs(m, y, inp) - ind.a(m, y, inp) - vv * ind.b(m, y, inp)
    if slack is not None:
        relax = ind.b_ref(inp, y) * slack
        expr = expr + relax if sense == ">=" else expr - relax
    return expr >= 0 if sense == ">=" else expr <= 0


def _add_indicator(m, inp, rec: TargetRecord, ind: Indicator, y: int) -> None:
    """One LP row (two for '==') of the target in year y."""
    senses = {">=": [">="], "<=": ["<="], "==": [">=", "<="]}.get(rec.sense, [">="])
    for target_sense in senses:
        s = None
        if rec.mode == "soft":
            s = m.target_slack.add()
            rec.slack.append(s)
            m._soft_cost = getattr(m, "_soft_cost", 0) + _penalty(rec, inp) * inp.discount[y] * s
        c = m.target_rows.add(_indicator_row(m, inp, rec, ind, y, target_sense, s))
        rec.rows.append((c, y))
        rec.specs.append((target_sense, y))
    rec.unit = ind.unit


def update_target_values(m, inp) -> list:
    """Set new target values from ``inp.targets`` in the built rows; return the changed constraints.

    Only indicator targets can change in place; a changed value of another kind of target
    (peak year, coal decline) raises ValueError (the model must be rebuilt).
    """
    values = inp.targets.set_index("id").value
    changed = []
    for rec in m._target_records:
        new = values.get(rec.id)
        new = None if new is None or (isinstance(new, float) and math.isnan(new)) else float(new)
        if new == rec.value or not rec.rows:
            continue
        if rec.indicator not in m._indicators or new is None:
            raise ValueError(f"target {rec.id}: its value cannot change without rebuilding the model")
        rec.value = new
        ind = m._indicators[rec.indicator]
        for k, ((con, y), (target_sense, _)) in enumerate(zip(rec.rows, rec.specs)):
            slack = rec.slack[k] if rec.mode == "soft" else None
            con.set_value(_indicator_row(m, inp, rec, ind, y, target_sense, slack))
            changed.append(con)
    return changed


def _add_peak(m, inp, rec: TargetRecord, value, history: set) -> None:
    """CO2 peaks no later than year v:  CO2_{t+1} <= CO2_t  for every t >= v inside the horizon (t + 1 not history)."""
    peak = int(value if value is not None else rec.year)
    rec.unit = "year"
    for t in inp.years:
        if t >= peak and t + 1 in history:
            rec.history.append(t + 1)
        elif t >= peak and t + 1 in inp.years:
            if rec.mode == "soft":
                s = m.target_slack.add()
                rec.slack.append(s)
                m._soft_cost = getattr(m, "_soft_cost", 0) + _penalty(rec, inp) * inp.discount[t + 1] * s
                c = m.target_rows.add(m.co2[t + 1] - s <= m.co2[t])
            else:
                c = m.target_rows.add(m.co2[t + 1] <= m.co2[t])
            rec.rows.append((c, t + 1))
    if not rec.rows and not rec.history:
        rec.mode = "not_built"
        rec.reason = (f"no row: CO2 must not rise after {peak}, but the horizon ends in {inp.years[-1]}, so no year after "
                      f"the peak year is modelled; set years.end to {peak + 1} or later to impose it")


def _add_decline(m, inp, rec: TargetRecord, row, history: set) -> None:
    """Coal use keeps falling over (baseline, year]: coal_t <= (1 - margin) coal_{t-1} for every t (t not history)."""
    base = int(row.baseline_year) if row.baseline_year is not None and not (isinstance(row.baseline_year, float) and math.isnan(row.baseline_year)) else inp.base_year
    if base not in inp.years:
        rec.mode, rec.reason = "not_built", f"baseline year {base} outside the horizon"
        return
    margin = float(inp.policy["qualitative_margin"])
    rec.unit = "Mtce"
    for t in range(base + 1, rec.year + 1):
        if t in history:
            rec.history.append(t)
            continue
        expr = m.coal_use[t] - (1 - margin) * m.coal_use[t - 1]
        if rec.mode == "soft":
            s = m.target_slack.add()
            rec.slack.append(s)
            m._soft_cost = getattr(m, "_soft_cost", 0) + _penalty(rec, inp) * inp.discount[t] * s
            expr = expr - s
        rec.rows.append((m.target_rows.add(expr <= 0), t))
