"""Power supply: existing fleet with early retirement, vintaged new builds, dispatch.

Capacity (GW) of generator g in year y, by duty (E: existing fleet of each duty pool, data):
  cap_{g,y} = online_{g,y} + sum_{v <= y < v + L_g} build_{g,v}     (normal duty)
  0 <= online_{g,y} <= E_{g,y},  0 <= pk_{g,y} <= Epk_{g,y},  0 <= bk_{g,y} <= Ebk_{g,y}
  kept_{g,y} = online_{g,y} + pk_{g,y} + bk_{g,y}
  kept_{g,y} <= kept_{g,y-1} + max(0, Etot_{g,y} - Etot_{g,y-1})    (a retired unit never returns,
                                                 neither to normal duty nor as emergency peaker or backup)
  x_{g,y} <= x_{g,y-1} + max(0, X_{g,y} - X_{g,y-1})  for each duty pool (x, X) in (online, E), (pk, Epk), (bk, Ebk)
                  (the pools hold different named units: without this, a class could retire its peakers and
                   keep its backup units, then swap them back when a backup unit reaches its retirement year)
  online = E, pk = Epk, bk = Ebk  for y <= system.history_until  (history: the fleet that existed)
  online_{g,y} = E_{g,y} for non-coal g        (only coal units retire early)
Early retirement of existing units is Etot_{g,y} - kept_{g,y}; it saves fixed O&M.
No build variable exists for coal (the documents forbid new coal units).

Build limits:  sum_{v<=y} build_{g,v} >= committed_{g,y};  build_{g,v} <= B_g (GW/yr);
               sum_{v<=y} build_{g,v} <= committed_{g,y} for y <= system.history_until (observed years);
               cap_{g,y} - online_{g,y} <= max(0, P_g - E_{g,y})   (resource potential)

Capacity in operation over the year (units commissioned in year y run for the share f of it,
system.first_year_availability; the statistics' utilisation hours use the year's average capacity):
  op_{g,y} = cap_{g,y} - (1 - f) (build_{g,y} + Enew_{g,y})     (Enew: fleet groups commissioned in y)
Dispatch (GW in hour h of day d):
  thermal:  gen_{g,y,d,h} <= a_g op_{g,y}
            G_{g,y} <= Hmax_g op_{g,y} / 1000           (annual full-load hours of the class, TWh)
            G_{g,y} >= Hmin_g op_{g,y} / 1000 for y <= history_until (units shared the planned hours of the
                                                   history years; no class sat idle while another ran flat out)
  VRE:      gen_{g,y,d,h} + curt_{g,y,d,h} = cf_{g,d,h} op_{g,y}
  coal under emergency-peaker duty (fleet.csv duty; Tianjin: pilot plan PW-019): peak_{g,y,d,h} <= a_g pk_{g,y},
            sum_{d,h} w_d peak_{g,y,d,h} <= Hpk pk_{g,y}
  backup-retired units (fleet.csv duty; Tianjin: PW-020) do not generate; they count for adequacy only.
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from optim import vocabulary as V
from optim.model.core import define_annual_twh, existing_total, history_years, observed_builds_rule
from optim.model.lp import LinearProgram
from optim.model.rows import RowBlock, VarArray


def add_power(lp: LinearProgram) -> None:
    """Declare capacity, retirement, build and dispatch of generators; register their supply, costs, results."""
    m, inp = lp.model, lp.inputs
    y0 = inp.base_year
    m.G = pyo.Set(initialize=V.GENERATORS, ordered=True)
    m.G_build = pyo.Set(initialize=V.BUILDABLE_GENERATORS, ordered=True)
    m.G_vre = pyo.Set(initialize=V.VRE_TECHS, ordered=True)
    m.G_th = pyo.Set(initialize=V.THERMAL_TECHS, ordered=True)
    m.G_coal = pyo.Set(initialize=V.COAL_TECHS, ordered=True)

    m.GV = pyo.Set(dimen=2, initialize=[(g, v) for g in V.BUILDABLE_GENERATORS for v in inp.build_years[g]])
    m.build = pyo.Var(m.GV, within=pyo.NonNegativeReals, doc="new capacity of vintage v [GW]")
    m.online = pyo.Var(m.G, m.Y, within=pyo.NonNegativeReals, doc="existing capacity kept online, normal duty [GW]")
    m.peak_cap = pyo.Var(m.G, m.Y, within=pyo.NonNegativeReals, doc="existing capacity kept under emergency-peaker duty [GW]")
    m.backup_cap = pyo.Var(m.G, m.Y, within=pyo.NonNegativeReals, doc="existing capacity retired but kept as backup [GW]")
    history = history_years(inp)
    for g in m.G:
        for y in m.Y:
            for var, pool in ((m.online, inp.exist), (m.peak_cap, inp.exist_peaker), (m.backup_cap, inp.exist_backup)):
                e = pool[g][y]
                var[g, y].setub(e)
                # the fleet of the base year and of the history years is the fleet that existed;
                # only coal units retire early (DESIGN §3); an empty pool is no decision
                if y in history or g not in V.COAL_TECHS or e <= 0:
                    var[g, y].fix(e)

    def _no_return(m, g, y):
        if y == y0 or g not in V.COAL_TECHS:
            return pyo.Constraint.Skip
        kept = lambda y: m.online[g, y] + m.peak_cap[g, y] + m.backup_cap[g, y]  # noqa: E731
        return kept(y) <= kept(y - 1) + max(0.0, existing_total(inp, g, y) - existing_total(inp, g, y - 1))
    m.no_return = pyo.Constraint(m.G, m.Y, rule=_no_return)
    pools = {"normal": (m.online, inp.exist), "peaker": (m.peak_cap, inp.exist_peaker),
             "backup": (m.backup_cap, inp.exist_backup)}

    def _no_return_pool(m, g, duty, y):
        var, pool = pools[duty]
        if y == y0 or g not in V.COAL_TECHS or (var[g, y].fixed and var[g, y - 1].fixed):
            return pyo.Constraint.Skip
        return var[g, y] <= var[g, y - 1] + max(0.0, pool[g][y] - pool[g][y - 1])
    m.no_return_pool = pyo.Constraint(m.G, list(pools), m.Y, rule=_no_return_pool)

    def _new_cap(m, g, y):
        if g not in inp.build_years:
            return 0.0
        return sum(m.build[g, v] for v in inp.build_years[g] if y in inp.alive[(g, v)])
    m.cap_new = pyo.Expression(m.G, m.Y, rule=_new_cap, doc="new capacity alive [GW]")
    # a variable (not an expression) so that the hourly rows carry one non-zero instead of the vintage sum
    m.cap = pyo.Var(m.G, m.Y, within=pyo.NonNegativeReals, doc="generation capacity, normal duty [GW]")
    m.cap_def = pyo.Constraint(m.G, m.Y, rule=lambda m, g, y: m.cap[g, y] == m.online[g, y] + m.cap_new[g, y])
    # capacity that operates through the year: units commissioned in year y run for part of it (f: the share
    # of the year, system.first_year_availability), as in the statistics' utilisation hours (average capacity)
    f = inp.system.first_year_availability

    def _new_this_year(g, y):
        built = m.build[g, y] if (g, y) in m.GV else 0.0
        return built + inp.exist_commissioned.get(g, {}).get(y, 0.0)
    m.cap_op = pyo.Var(m.G, m.Y, within=pyo.NonNegativeReals, doc="capacity in operation over the year [GW]")
    m.cap_op_def = pyo.Constraint(m.G, m.Y, rule=lambda m, g, y: m.cap_op[g, y] == m.cap[g, y] - (1 - f) * _new_this_year(g, y))
    m.cap_installed = pyo.Expression(m.G, m.Y, rule=lambda m, g, y: m.cap[g, y] + m.peak_cap[g, y] + m.backup_cap[g, y],
                                     doc="installed generation capacity, all duties [GW]")

    def _committed(m, g, y):
        need = inp.committed.get(g, {}).get(y, 0.0)
        if need <= 0 or g not in inp.build_years:
            return pyo.Constraint.Skip
        return sum(m.build[g, v] for v in inp.build_years[g] if v <= y) >= need
    m.committed_min = pyo.Constraint(m.G, m.Y, rule=_committed)

    m.history_builds = pyo.Constraint(m.G_build, m.Y, rule=lambda m, g, y: observed_builds_rule(inp, m.build, g, y))

    def _rate(m, g, v):
        lim = inp.max_build_gw.get(g)
        return pyo.Constraint.Skip if lim is None else m.build[g, v] <= lim
    m.build_rate = pyo.Constraint(m.GV, rule=_rate)

    def _potential(m, g, y):
        if g not in inp.potential_gw or g not in inp.build_years:
            return pyo.Constraint.Skip
        return m.cap_new[g, y] <= max(0.0, inp.potential_gw[g] - inp.exist[g][y])
    m.potential = pyo.Constraint(m.G_build, m.Y, rule=_potential)

    # ---- dispatch: hourly rows as matrix blocks (optim.model.rows)
    m.gen = pyo.Var(m.G, m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="generation [GW]")
    m.curt = pyo.Var(m.G_vre, m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="curtailment [GW]")
    years, days, hours = list(m.Y), list(m.D), list(m.H)
    gen, curt, cap = VarArray(m.gen), VarArray(m.curt), VarArray(m.cap_op)

    th = list(V.THERMAL_TECHS)
    b = lp.add_block(RowBlock("thermal_max", [th, years, days, hours], "<="))   # gen - a cap <= 0
    g, y, d, h = b.grid()
    avail = np.array([[inp.tech[t]["availability"][yr] for yr in years] for t in th])
    b.add(gen, (gen.pos(0, th)[g], y, d, h))
    b.add(cap, (cap.pos(0, th)[g], y), -avail[g, y])

    vre = list(V.VRE_TECHS)
    b = lp.add_block(RowBlock("vre_output", [vre, years, days, hours], "=="))   # gen + curt - cf cap = 0
    g, y, d, h = b.grid()
    cf = np.stack([np.asarray(inp.slices.cf[t], dtype=float) for t in vre])      # (vre, day, hour)
    b.add(gen, (gen.pos(0, vre)[g], y, d, h))
    b.add(curt, (g, y, d, h))
    b.add(cap, (cap.pos(0, vre)[g], y), -cf[g, d, h])

    # ---- named-plant duties (duty column of fleet.csv)
    peaker_techs = [g for g in V.GENERATORS if any(v > 0 for v in inp.exist_peaker[g].values())]
    m.G_peaker = pyo.Set(initialize=peaker_techs, dimen=1, ordered=True)
    m.peak_gen = pyo.Var(m.G_peaker, m.Y, m.D, m.H, within=pyo.NonNegativeReals,
                         doc="generation of units under emergency-peaker duty [GW]")
    if peaker_techs:
        b = lp.add_block(RowBlock("peaker_max", [peaker_techs, years, days, hours], "<="))   # peak - a pk <= 0
        g, y, d, h = b.grid()
        peak_cap = VarArray(m.peak_cap)
        avail_pk = np.array([[inp.tech[t]["availability"][yr] for yr in years] for t in peaker_techs])
        b.add(VarArray(m.peak_gen), (g, y, d, h))
        b.add(peak_cap, (peak_cap.pos(0, peaker_techs)[g], y), -avail_pk[g, y])
    hmax = inp.system.emergency_peaker_max_hours

    m.peak_twh = pyo.Var(m.G_peaker, m.Y, within=pyo.NonNegativeReals, doc="annual generation under peaker duty [TWh]")
    define_annual_twh(lp, "peak_annual", m.peak_twh, [m.peak_gen])
    m.peaker_hours = pyo.Constraint(m.G_peaker, m.Y, rule=lambda m, g, y: (
        1000.0 * m.peak_twh[g, y] <= hmax * m.peak_cap[g, y]))

    m.gen_twh = pyo.Var(m.G, m.Y, within=pyo.NonNegativeReals, doc="annual generation incl. peaker duty [TWh]")
    b = define_annual_twh(lp, "gen_annual", m.gen_twh, [m.gen])
    peak_twh, gen_twh = VarArray(m.peak_twh), VarArray(m.gen_twh)
    k, y = np.ix_(np.arange(len(peaker_techs)), np.arange(len(m.Y)))
    b.add(peak_twh, (k, y), -1.0, rows=(gen_twh.pos(0, peaker_techs)[k], y))

    def _normal_twh(m, g, y):
        return m.gen_twh[g, y] - (m.peak_twh[g, y] if g in peaker_techs else 0.0)

    def _full_load_hours(m, g, y):
        limit = inp.tech[g].get("max_full_load_hours", {}).get(y)
        return pyo.Constraint.Skip if limit is None else 1000.0 * _normal_twh(m, g, y) <= limit * m.cap_op[g, y]
    m.full_load_hours = pyo.Constraint(m.G_th, m.Y, rule=_full_load_hours)

    def _history_min_hours(m, g, y):
        floor = inp.tech[g].get("history_min_full_load_hours", {}).get(y)
        if floor is None or y not in history:
            return pyo.Constraint.Skip
        return 1000.0 * _normal_twh(m, g, y) >= floor * m.cap_op[g, y]
    m.history_min_hours = pyo.Constraint(m.G_th, m.Y, rule=_history_min_hours)
    m.curt_twh = pyo.Var(m.G_vre, m.Y, within=pyo.NonNegativeReals, doc="annual curtailment [TWh]")
    define_annual_twh(lp, "curt_annual", m.curt_twh, [m.curt])

    lp.add_supply(m.gen, V.GENERATORS)
    lp.add_firm(lambda lp, y: sum(lp.inputs.tech[g]["capacity_credit"][y] * lp.model.cap_installed[g, y] for g in lp.model.G))
    lp.add_supply(m.peak_gen, peaker_techs)
    lp.add_cost("investment", _investment)
    lp.add_cost("fixed_om", _fixed_om)
    lp.add_cost("variable_om", lambda lp, y: sum(
        lp.inputs.tech[g].get("vom", {y: 0.0})[y] * lp.model.gen_twh[g, y] for g in lp.model.G))
    lp.add_result(power_results)


def _investment(lp: LinearProgram, y: int):
    """INV_y of generators = sum_{(g,v) alive in y} crf(r, L_g) capex_{g,v} build_{g,v}  [MCNY]."""
    m, inp = lp.model, lp.inputs
    return sum(inp.annuity[(g, v)] * m.build[g, v] for (g, v) in m.GV if y in inp.alive[(g, v)])


def _fixed_om(lp: LinearProgram, y: int):
    """FOM_y of generators = sum_g fom_g (cap + pk + beta bk)  (beta: system.backup_fom_share)  [MCNY]."""
    m, inp = lp.model, lp.inputs
    beta = inp.system.backup_fom_share
    return sum(inp.tech[g]["fom"][y] * (m.cap[g, y] + m.peak_cap[g, y] + beta * m.backup_cap[g, y]) for g in m.G)


def power_results(lp: LinearProgram, put) -> None:
    """Capacity by duty, builds, retirements, generation and curtailment, annual and hourly."""
    from optim.results.values import grid, hourly, value

    m, inp = lp.model, lp.inputs
    G, Y = list(V.GENERATORS), list(inp.years)
    cap, peaker, backup = grid(m.cap, G, Y), grid(m.peak_cap, G, Y), grid(m.backup_cap, G, Y)
    exist = np.array([[existing_total(inp, g, y) for y in Y] for g in G])
    put("capacity", ("tech", "year"), cap + peaker + backup, "GW", "installed generation capacity (all duties)")
    put("capacity_emergency_peaker", ("tech", "year"), peaker, "GW", "existing units under emergency-peaker duty (fleet.csv duty)")
    put("capacity_backup", ("tech", "year"), backup, "GW", "units retired but kept as backup (fleet.csv duty)")
    put("capacity_new", ("tech", "year"), grid(m.cap_new, G, Y), "GW", "new capacity built since 2020, alive")
    put("capacity_operating", ("tech", "year"), grid(m.cap_op, G, Y), "GW",
        "normal-duty capacity in operation over the year (units commissioned in the year count part-year)")
    put("early_retirement", ("tech", "year"), exist - grid(m.online, G, Y) - peaker - backup, "GW",
        "existing capacity retired before its expected end (all duties)")
    builds = np.zeros((len(G), len(Y)))
    for (g, v) in m.GV:
        builds[G.index(g), Y.index(v)] = value(m.build[g, v])
    put("build", ("tech", "year"), builds, "GW", "new capacity commissioned in the year")
    put("generation", ("tech", "year"), grid(m.gen_twh, G, Y), "TWh", "annual generation")
    peaker_gen, curt = np.zeros((len(G), len(Y))), np.zeros((len(G), len(Y)))
    for g in m.G_peaker:
        peaker_gen[G.index(g)] = [value(m.peak_twh[g, y]) for y in Y]
    for g in V.VRE_TECHS:
        curt[G.index(g)] = [value(m.curt_twh[g, y]) for y in Y]
    put("generation_peaker", ("tech", "year"), peaker_gen, "TWh", "generation under emergency-peaker duty (fleet.csv duty)")
    put("curtailment", ("tech", "year"), curt, "TWh", "curtailed wind and PV output")
    dispatch = hourly(m.gen, G)
    for g in m.G_peaker:
        dispatch[G.index(g)] += hourly(m.peak_gen, [g])[0]
    put("dispatch", ("tech", "year", "day", "hour"), dispatch, "GW", "hourly generation, all duties (incl. emergency peakers)")
    nd = inp.slices.n_days
    put("curtailment_hourly", ("tech", "year", "day", "hour"),
        np.concatenate([hourly(m.curt, [g]) if g in V.VRE_TECHS else np.zeros((1, len(Y), nd, 24)) for g in G]),
        "GW", "hourly curtailment")
