"""Storage (battery; pumped hydro as a later-year candidate), power and energy sized separately.

  P_{s,y} = sum_{v<=y<v+L} bp_{s,v},   S_{s,y} = sum_{v<=y<v+L} be_{s,v}     [GW, GWh]
  dmin_s P_{s,y} <= S_{s,y} <= dmax_s P_{s,y}
  ch_{s,y,d,h} <= P_{s,y},  dis_{s,y,d,h} <= P_{s,y},  soc_{s,y,d,h} <= S_{s,y}
  soc_{s,y,d,h} = soc_{s,y,d,h-1} + eta_c ch_{s,y,d,h} - dis_{s,y,d,h} / eta_d
with h-1 of hour 0 being hour 23 of the same day (cyclic day), or hour 23 of the previous
day in full-year mode (and the last day wraps to the first).
Committed projects set minimum cumulative builds (power and energy); in observed years
(y <= system.history_until) power builds are at most the committed ones.
"""
from __future__ import annotations

import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs
from optim.model.core import observed_builds_rule


def add_storage(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Declare storage builds, capacities, operation and state of charge."""
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

    def _committed(m, s, y, which):
        table = inp.committed if which == "p" else inp.committed_energy
        need = table.get(s, {}).get(y, 0.0)
        var = m.build_p if which == "p" else m.build_e
        if need <= 0:
            return pyo.Constraint.Skip
        return sum(var[s, v] for v in inp.build_years[s] if v <= y) >= need
    m.sto_committed_p = pyo.Constraint(m.S, m.Y, rule=lambda m, s, y: _committed(m, s, y, "p"))
    m.sto_committed_e = pyo.Constraint(m.S, m.Y, rule=lambda m, s, y: _committed(m, s, y, "e"))

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
    m.ch_max = pyo.Constraint(m.S, m.Y, m.D, m.H, rule=lambda m, s, y, d, h: m.ch[s, y, d, h] <= m.sto_p[s, y])
    m.dis_max = pyo.Constraint(m.S, m.Y, m.D, m.H, rule=lambda m, s, y, d, h: m.dis[s, y, d, h] <= m.sto_p[s, y])
    m.soc_max = pyo.Constraint(m.S, m.Y, m.D, m.H, rule=lambda m, s, y, d, h: m.soc[s, y, d, h] <= m.sto_e[s, y])
    chained = inp.slices.chained
    n_days = inp.slices.n_days

    def _soc(m, s, y, d, h):
        if h > 0:
            prev = m.soc[s, y, d, h - 1]
        elif chained:
            prev = m.soc[s, y, (d - 1) % n_days, 23]
        else:
            prev = m.soc[s, y, d, 23]
        eta_c, eta_d = t[s]["charge_efficiency"][y], t[s]["discharge_efficiency"][y]
        return m.soc[s, y, d, h] == prev + eta_c * m.ch[s, y, d, h] - m.dis[s, y, d, h] / eta_d
    m.soc_balance = pyo.Constraint(m.S, m.Y, m.D, m.H, rule=_soc)
