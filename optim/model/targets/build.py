"""Policy targets: registry rows of the region's scope -> named LP rows ``target[id, year, side]``.

Strength semantics (DESIGN §3): binding -> policy.binding (hard); strive -> policy.strive (hard | soft | off);
approx -> band: '>=' becomes lhs >= rhs(v (1 - band)), '<=' becomes lhs <= rhs(v (1 + band));
qualitative -> policy.qualitative. A per-target ``targets.<id>.mode`` (hard | soft | off) overrides the rule.
Indicator rows (optim.model.targets.indicators):  lhs - a - v b  {>=, <=}  0 (a reduction flips the sense).
"Reach X by year t" targets (Indicator.persist) hold in t and every later year until a later target of the
same indicator takes over (policy.persist); the others hold in their year only.
"CO2 peaks by v":  CO2_{t+1} <= CO2_t  for every t >= v (rows of year t + 1).
"Coal keeps falling over (baseline, t]":  coal_t <= (1 - margin) coal_{t-1}.
Soft: a shortfall sigma >= 0 in the target's unit (``shortfall[id, year, side]``) relaxes the row by
scale x sigma and costs penalty x df_y x sigma (penalty: targets.<id>.penalty or policy.soft_penalty, MCNY per
unit). Years up to system.history_until are history: a target is not imposed there; its history years are
kept in ``TargetRecord.history`` and reported against the statistics.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pyomo.environ as pyo

from optim.model.core import history_years
from optim.model.lp import LinearProgram
from optim.model.targets.indicators import INDICATORS, SPECIAL, STRUCTURAL, Indicator


@dataclass
class TargetRecord:
    """A registry target as built into the LP."""

    id: str
    year: int | None
    indicator: str
    sense: str
    value: float | None
    unit: str
    strength: str
    mode: str                      # hard | soft | off | band | structural | not_built | history
    keys: list = field(default_factory=list)     # (id, year, side) of its rows, in year order
    history: list = field(default_factory=list)  # years inside the history: reported, not imposed
    reason: str = ""

    @property
    def indicator_def(self) -> Indicator | None:
        return INDICATORS.get(self.indicator)


@dataclass
class TargetSet:
    """The targets of one LP: records in registry order, the rows they own."""

    records: list[TargetRecord]

    def row_keys(self) -> list[tuple]:
        return [k for r in self.records for k in r.keys]


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _mode(row, policy) -> str:
    if isinstance(row.mode, str) and row.mode:
        return row.mode
    if row.strength == "approx":
        return "band"
    return {"binding": policy.binding, "strive": policy.strive, "qualitative": policy.qualitative}[row.strength]


def add_targets(lp: LinearProgram) -> None:
    """Turn every constraint row of the region's scope into named rows; keep the records in ``lp.targets``."""
    m, inp = lp.model, lp.inputs
    reg = inp.targets
    rows = reg[(reg.modelled_as == "constraint") & (reg.scope == inp.region)]
    years, history = set(inp.years), set(history_years(inp))
    persist = inp.policy.persist
    target_years: dict[str, list[int]] = {}
    for r in rows.itertuples(index=False):
        if _num(r.year) is not None:
            target_years.setdefault(r.indicator, []).append(int(r.year))
    records, spec = [], {}
    for row in rows.itertuples(index=False):
        year, value = (None if _num(row.year) is None else int(row.year)), _num(row.value)
        rec = TargetRecord(row.id, year, row.indicator, row.sense, value, str(row.unit or ""), row.strength,
                           _mode(row, inp.policy))
        records.append(rec)
        if row.indicator in STRUCTURAL:
            rec.mode, rec.reason = "structural", STRUCTURAL[row.indicator]
        elif rec.mode == "off":
            rec.reason = "switched off by the config"
        elif year is not None and year not in years:
            rec.mode, rec.reason = "not_built", f"year {year} outside the horizon {inp.years[0]}-{inp.years[-1]}"
        elif row.indicator == "co2_peak_year":
            _peak_rows(rec, int(value if value is not None else year), inp, history, spec)
        elif row.indicator == "coal_use_decline":
            _decline_rows(rec, row, inp, history, spec)
        elif row.indicator in INDICATORS:
            if value is None:
                rec.mode, rec.reason = "not_built", "no value: set targets.<id>.value in the config"
                continue
            ind = INDICATORS[row.indicator]
            rec.unit = ind.unit
            later = [t for t in target_years.get(row.indicator, []) if t > year]
            until = (min(later) if later else inp.years[-1] + 1) if persist and ind.persist else year + 1
            senses = {">=": ["ge"], "<=": ["le"], "==": ["ge", "le"]}.get(rec.sense, ["ge"])
            for t in (t for t in inp.years if year <= t < until):
                if t in history:
                    rec.history.append(t)
                    continue
                for side in senses:
                    spec[(rec.id, t, side)] = (rec, "indicator")
                    rec.keys.append((rec.id, t, side))
        if rec.history and not rec.keys and rec.mode not in ("not_built", "off", "structural"):
            rec.mode = "history"
            rec.reason = (f"all its years fall in the history (<= system.history_until = {max(history)}): "
                          "reported against the statistics, not imposed")
    soft = [k for k, (rec, _) in spec.items() if rec.mode == "soft"]
    m.TROWS = pyo.Set(dimen=3, initialize=list(spec), ordered=True, doc="target rows (id, year, side)")
    m.TSOFT = pyo.Set(dimen=3, initialize=soft, ordered=True, doc="rows of soft targets")
    m.shortfall = pyo.Var(m.TSOFT, within=pyo.NonNegativeReals, doc="shortfall of a soft target [target unit]")
    lp.targets = TargetSet(records)
    m.target = pyo.Constraint(m.TROWS, rule=lambda m, tid, y, side: target_row(lp, spec[tid, y, side][0], y, side))
    for key in soft:
        rec = spec[key][0]
        lp.penalties.append(_penalty(rec, inp) * inp.discount[key[1]] * m.shortfall[key])


def _peak_rows(rec: TargetRecord, peak: int, inp, history: set, spec: dict) -> None:
    rec.unit = SPECIAL["co2_peak_year"]
    for t in inp.years:
        if t >= peak and t + 1 in history:
            rec.history.append(t + 1)
        elif t >= peak and t + 1 in inp.years:
            spec[(rec.id, t + 1, "le")] = (rec, "peak")
            rec.keys.append((rec.id, t + 1, "le"))
    if not rec.keys and not rec.history:
        rec.mode = "not_built"
        rec.reason = (f"no row: CO2 must not rise after {peak}, but the horizon ends in {inp.years[-1]}, so no year after "
                      f"the peak year is modelled; set years.end to {peak + 1} or later to impose it")


def _decline_rows(rec: TargetRecord, row, inp, history: set, spec: dict) -> None:
    base = int(_num(row.baseline_year)) if _num(row.baseline_year) is not None else inp.base_year
    rec.unit = SPECIAL["coal_use_decline"]
    if base not in inp.years:
        rec.mode, rec.reason = "not_built", f"baseline year {base} outside the horizon"
        return
    for t in range(base + 1, rec.year + 1):
        if t in history:
            rec.history.append(t)
        else:
            spec[(rec.id, t, "le")] = (rec, "decline")
            rec.keys.append((rec.id, t, "le"))


def _penalty(rec: TargetRecord, inp) -> float:
    row = inp.targets[inp.targets.id == rec.id].iloc[0]
    pen = _num(row.penalty)
    return inp.policy.soft_penalty if pen is None else pen


def band_scale(rec: TargetRecord, side: str, band: float) -> float:
    """Factor on v of an approx target: (1 - band) on a '>=' row, (1 + band) on a '<=' row (1 otherwise)."""
    if rec.mode != "band":
        return 1.0
    return 1 - band if side == "ge" else 1 + band


def target_row(lp: LinearProgram, rec: TargetRecord, y: int, side: str):
    """The relational expression of row (rec.id, y, side) with the record's current value (module docstring)."""
    m, inp = lp.model, lp.inputs
    key = (rec.id, y, side)
    sigma = m.shortfall[key] if key in m.TSOFT else None
    if rec.indicator == "co2_peak_year":
        expr = m.co2[y] - m.co2[y - 1]
        return (expr - sigma if sigma is not None else expr) <= 0
    if rec.indicator == "coal_use_decline":
        expr = m.coal_use[y] - (1 - inp.policy.qualitative_margin) * m.coal_use[y - 1]
        return (expr - sigma if sigma is not None else expr) <= 0
    ind = INDICATORS[rec.indicator]
    v = rec.value * band_scale(rec, side, inp.policy.approx_band)
    sense = {"ge": "le", "le": "ge"}[side] if ind.reduction else side
    expr = ind.lhs(lp, y) - ind.a(lp, y) - v * ind.b(lp, y)
    if sigma is not None:
        relax = ind.scale(inp, y) * sigma
        expr = expr + relax if sense == "ge" else expr - relax
    return expr >= 0 if sense == "ge" else expr <= 0


def update_target_values(lp: LinearProgram) -> list:
    """Set the values of ``lp.inputs.targets`` in the built rows; return the changed constraints.

    Only indicator targets can change in place; a changed value of another kind of target (peak year, coal
    decline) raises ValueError (the model must be rebuilt).
    """
    values = lp.inputs.targets.set_index("id").value
    changed = []
    for rec in lp.targets.records:
        new = _num(values.get(rec.id))
        if new == rec.value or not rec.keys:
            continue
        if rec.indicator not in INDICATORS or new is None:
            raise ValueError(f"target {rec.id}: its value cannot change without rebuilding the model")
        rec.value = new
        for key in rec.keys:
            con = lp.model.target[key]
            con.set_value(target_row(lp, rec, key[1], key[2]))
            changed.append(con)
    return changed
