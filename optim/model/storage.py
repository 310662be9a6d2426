"""Storage (battery; pumped hydro as a later-year candidate), power and energy sized separately.

  P_{s,y} = sum_{v<=y<v+L} bp_{s,v},   S_{s,y} = sum_{v<=y<v+L} be_{s,v}     [GW, GWh]
  dmin_s P_{s,y} <= S_{s,y} <= dmax_s P_{s,y}
  ch_{s,y,d,h} <= P_{s,y},  dis_{s,y,d,h} <= P_{s,y},  soc_{s,y,d,h} <= S_{s,y}
  soc_{s,y,d,h} = soc_{s,y,d,h-1} + eta_c ch_{s,y,d,h} - dis_{s,y,d,h} / eta_d
with h-1 of hour 0 being hour 23 of the same day (cyclic day), or hour 23 of the previous
day in full-year mode (and the last day wraps to the first).

Clustered days linked across the calendar (time.link_days; the long-duration storage
formulation of GenX, Mallapragada et al. 2020): each clustered day c may end with a net change
delta_{s,y,c} of its state of charge, and the level L at the start of every calendar day i is
carried through the year's sequence of clusters c(i):
  soc_{s,y,c,0} = soc_{s,y,c,23} - delta_{s,y,c} + eta_c ch - dis / eta_d     (hour 0)
  L_{s,y,i+1} = L_{s,y,i} + delta_{s,y,c(i)}       (i = 0..364, day 365 = day 0)
  0 <= L_{s,y,i} <= S_{s,y}
  soc_{s,y,c,23} - delta_{s,y,c} = L_{s,y,m(c)}     (a clustered day starts at the level of its medoid day m(c))
Energy can then move between days (a windy day charges for a calm one), which cyclic days forbid.
Within-day limits are checked on the clustered days only, as in GenX.
Committed projects set minimum cumulative builds (power and energy); in observed years
(y <= system.history_until) power builds are at most the committed ones.
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim import vocabulary as V
from optim.model.core import observed_builds_rule
from optim.model.lp import LinearProgram
from optim.model.rows import RowBlock, VarArray


def add_storage(lp: LinearProgram) -> None:
    """Declare storage builds, capacities, operation and state of charge; register supply, costs, results."""
    m, inp = lp.model, lp.inputs
    m.S = pyo.Set(initialize=V.STORAGE_TECHS, ordered=True)
    m.SV = pyo.Set(dimen=2, initialize=[(s, v) for s in V.STORAGE_TECHS for v in inp.build_years[s]])
    m.build_p = pyo.Var(m.SV, within=pyo.NonNegativeReals, doc="storage power build [GW]")
    m.build_e = pyo.Var(m.SV, within=pyo.NonNegativeReals, doc="storage energy build [GWh]")

    def alive(var, s, y):
        return sum(var[s, v] for v in inp.build_years[s] if y in inp.alive[(s, v)])
    # variables defined by the vintage sums keep the hourly rows short (one non-zero each)
    m.sto_p = pyo.Var(m.S, m.Y, within=pyo.NonNegativeReals, doc="storage power [GW]")
    m.sto_e = pyo.Var(m.S, m.Y, within=pyo.NonNegativeReals, doc="storage energy [GWh]")
    m.sto_p_def = pyo.Constraint(m.S, m.Y, rule=lambda m, s, y: m.sto_p[s, y] == alive(m.build_p, s, y))
    m.sto_e_def = pyo.Constraint(m.S, m.Y, rule=lambda m, s, y: m.sto_e[s, y] == alive(m.build_e, s, y))

    t = inp.tech
    m.sto_dmin = pyo.Constraint(m.S, m.Y, rule=lambda m, s, y: m.sto_e[s, y] >= t[s]["min_duration_h"][y] * m.sto_p[s, y])
    m.sto_dmax = pyo.Constraint(m.S, m.Y, rule=lambda m, s, y: m.sto_e[s, y] <= t[s]["max_duration_h"][y] * m.sto_p[s, y])

    def _committed(table: dict, var):
        def rule(m, s, y):
            need = table.get(s, {}).get(y, 0.0)
            return pyo.Constraint.Skip if need <= 0 else sum(var[s, v] for v in inp.build_years[s] if v <= y) >= need
        return rule
    m.sto_committed_p = pyo.Constraint(m.S, m.Y, rule=_committed(inp.committed, m.build_p))
    m.sto_committed_e = pyo.Constraint(m.S, m.Y, rule=_committed(inp.committed_energy, m.build_e))

    m.sto_history = pyo.Constraint(m.S, m.Y, rule=lambda m, s, y: observed_builds_rule(inp, m.build_p, s, y))

    def _rate(m, s, v):
        lim = inp.max_build_gw.get(s)
        return pyo.Constraint.Skip if lim is None else m.build_p[s, v] <= lim
    m.sto_rate = pyo.Constraint(m.SV, rule=_rate)

    def _pot(m, s, y):
        lim = inp.potential_gw.get(s)
        return pyo.Constraint.Skip if lim is None else m.sto_p[s, y] <= lim
    m.sto_potential = pyo.Constraint(m.S, m.Y, rule=_pot)

    m.ch = pyo.Var(m.S, m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="charging [GW]")
    m.dis = pyo.Var(m.S, m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="discharging [GW]")
    m.soc = pyo.Var(m.S, m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="state of charge [GWh]")
    add_storage_operation(lp)
    lp.add_supply(m.dis, V.STORAGE_TECHS)
    lp.add_firm(lambda lp, y: sum(lp.inputs.tech[s]["capacity_credit"][y] * lp.model.sto_p[s, y] for s in lp.model.S))
    lp.add_supply(m.ch, V.STORAGE_TECHS, -1.0)
    lp.add_cost("investment", _investment)
    lp.add_cost("fixed_om", lambda lp, y: sum(lp.inputs.tech[s]["fom"][y] * lp.model.sto_p[s, y] for s in lp.model.S))
    lp.add_result(storage_results)


def _investment(lp: LinearProgram, y: int):
    """sum_{(s,v) alive} crf (capex_p build_p + capex_e build_e)  [MCNY]."""
    m, inp = lp.model, lp.inputs
    return sum(inp.annuity[(s, v)] * m.build_p[s, v] + inp.annuity.get((s + ":energy", v), 0.0) * m.build_e[s, v]
               for (s, v) in m.SV if y in inp.alive[(s, v)])


def storage_results(lp: LinearProgram, put) -> None:
    """Storage power and energy, hourly charge, discharge and state of charge (and the calendar-day level)."""
    import numpy as np

    from optim.results.values import dense, grid, hourly

    m, inp = lp.model, lp.inputs
    S, Y = list(V.STORAGE_TECHS), list(inp.years)
    put("storage_power", ("storage", "year"), grid(m.sto_p, S, Y), "GW", "storage power capacity")
    put("storage_energy", ("storage", "year"), grid(m.sto_e, S, Y), "GWh", "storage energy capacity")
    put("charge", ("storage", "year", "day", "hour"), hourly(m.ch, S), "GW", "storage charging")
    put("discharge", ("storage", "year", "day", "hour"), hourly(m.dis, S), "GW", "storage discharging")
    put("state_of_charge", ("storage", "year", "day", "hour"), hourly(m.soc, S), "GWh", "storage state of charge")
    if inp.slices.linked:
        put("state_of_charge_daily", ("storage", "year", "calendar_day"), dense(m.soc_day), "GWh",
            "storage level at the start of each calendar day (clustered days linked across the year)")
        put("day_of_calendar_day", ("calendar_day",), np.asarray(inp.slices.sequence), "1",
            "slice day standing for each calendar day")


def add_storage_operation(lp: LinearProgram) -> None:
    """Hourly limits and the state-of-charge balance, as matrix blocks (optim.model.rows)."""
    m, inp = lp.model, lp.inputs
    t = inp.tech
    S, years, days, hours = list(m.S), list(m.Y), list(m.D), list(m.H)
    ch, dis, soc = VarArray(m.ch), VarArray(m.dis), VarArray(m.soc)
    sto_p, sto_e = VarArray(m.sto_p), VarArray(m.sto_e)
    for name, x, cap in (("ch_max", ch, sto_p), ("dis_max", dis, sto_p), ("soc_max", soc, sto_e)):
        b = lp.add_block(RowBlock(name, [S, years, days, hours], "<="))      # x - cap <= 0
        s, y, d, h = b.grid()
        b.add(x, (s, y, d, h))
        b.add(cap, (s, y), -1.0)

    # soc_h - soc_{h-1} - eta_c ch_h + dis_h / eta_d = 0
    b = lp.add_block(RowBlock("soc_balance", [S, years, days, hours], "=="))
    s, y, d, h = b.grid()
    n_days = len(days)
    prev_d = np.where(h > 0, d, (d - 1) % n_days if inp.slices.chained else d)
    eta_c = np.array([[t[k]["charge_efficiency"][yr] for yr in years] for k in S])
    eta_d = np.array([[t[k]["discharge_efficiency"][yr] for yr in years] for k in S])
    b.add(soc, (s, y, d, h))
    b.add(soc, (s, y, prev_d, (h - 1) % 24), -1.0)
    b.add(ch, (s, y, d, h), -eta_c[s, y])
    b.add(dis, (s, y, d, h), 1.0 / eta_d[s, y])
    if inp.slices.linked:
        m.soc_delta = pyo.Var(m.S, m.Y, m.D, within=pyo.Reals, doc="net change of the state of charge over a slice day [GWh]")
        b.add(VarArray(m.soc_delta), (s, y, d), (h == 0).astype(float))
        add_linked_days(lp)


def add_linked_days(lp: LinearProgram) -> None:
    """The calendar-day level L of linked storage (module docstring), as matrix blocks."""
    m, inp = lp.model, lp.inputs
    seq, medoid = inp.slices.sequence, inp.slices.medoid_days
    n_cal = len(seq)
    m.CAL = pyo.Set(initialize=range(n_cal), ordered=True, doc="calendar days")
    m.soc_day = pyo.Var(m.S, m.Y, m.CAL, within=pyo.NonNegativeReals,
                        doc="state of charge at the start of each calendar day [GWh]")
    S, years, cal = list(m.S), list(m.Y), list(m.CAL)
    level, delta, soc, sto_e = VarArray(m.soc_day), VarArray(m.soc_delta), VarArray(m.soc), VarArray(m.sto_e)

    b = lp.add_block(RowBlock("soc_day_chain", [S, years, cal], "=="))      # L_{i+1} - L_i - delta_{c(i)} = 0
    s, y, i = b.grid()
    b.add(level, (s, y, (i + 1) % n_cal))
    b.add(level, (s, y, i), -1.0)
    b.add(delta, (s, y, seq[i]), -1.0)

    b = lp.add_block(RowBlock("soc_day_max", [S, years, cal], "<="))        # L_i - S <= 0
    s, y, i = b.grid()
    b.add(level, (s, y, i))
    b.add(sto_e, (s, y), -1.0)

    b = lp.add_block(RowBlock("soc_day_start", [S, years, list(m.D)], "=="))  # soc_{c,23} - delta_c - L_{m(c)} = 0
    s, y, d = b.grid()
    b.add(soc, (s, y, d, 23))
    b.add(delta, (s, y, d), -1.0)
    b.add(level, (s, y, medoid[d]), -1.0)
