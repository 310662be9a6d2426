"""Final energy by sector and carrier, moved by efficiency and electrification measures.

Adoption A_{m,y} [Mtce/yr of carrier saved], with A_{m,2020} = 0,
  A_{m,y} <= Pot_{m,y},   A_{m,y} >= A_{m,y-1}       (measures are not undone)
Final energy of sector s, carrier c (Mtce; electricity in TWh):
  FE_{s,c,y} = FE0_{s,c} I_{s,c,y} - sum_{m in s, saves c} A_{m,y} k_c
               + [c = electricity] sum_{m in s, electrification} a_m A_{m,y} k_el     >= 0
where I is the no-new-measure demand index, a_m the electricity added per unit of fuel
displaced (calorific tce/tce) and k_el = 1/0.1229 TWh per Mtce (calorific value of
electricity), k_c = 1 for the other carriers.
  E_y = sum_s FE_{s,el,y}  (electricity demand, TWh);  Q_y = 8.141 sum_s FE_{s,heat,y}  (heat, TWh_th)
"""
from __future__ import annotations

import pyomo.environ as pyo

from optim import vocabulary as V
from optim.model.lp import LinearProgram

TWH_PER_MTCE_ELEC = 1.0 / V.TCE_PER_MWH_CALORIFIC  # 8.137 TWh per Mtce (calorific)


def add_demand(lp: LinearProgram) -> None:
    """Declare measure adoption and the final-energy expressions; register the load, the measures' cost, results."""
    m, inp = lp.model, lp.inputs
    meas = inp.measures.set_index("id")
    m.M = pyo.Set(initialize=list(meas.index), ordered=True)
    m.adopt = pyo.Var(m.M, m.Y, within=pyo.NonNegativeReals, doc="measure adoption [Mtce/yr saved]")
    for mm in m.M:
        for y in m.Y:
            m.adopt[mm, y].setub(inp.measure_potential[(mm, y)])
        m.adopt[mm, inp.base_year].fix(0.0)
    m.adopt_monotone = pyo.Constraint(m.M, m.Y, rule=lambda m, mm, y: pyo.Constraint.Skip if y == inp.base_year
                                      else m.adopt[mm, y] >= m.adopt[mm, y - 1])
    m.SC = pyo.Set(dimen=2, initialize=sorted(inp.final_energy), ordered=True)

    def _fe(m, s, c, y):
        k = TWH_PER_MTCE_ELEC if c == "electricity" else 1.0
        expr = inp.final_energy[(s, c)] * inp.demand_index[(s, c, y)]
        for mm, row in meas.iterrows():
            if row.sector != s:
                continue
            if row.carrier_saved == c:
                expr -= k * m.adopt[mm, y]
            if c == "electricity" and row.kind == "electrification":
                expr += TWH_PER_MTCE_ELEC * float(row.added_per_saved) * m.adopt[mm, y]
        return expr
    m.fe = pyo.Expression(m.SC, m.Y, rule=_fe, doc="final energy [Mtce; electricity TWh]")
    m.fe_nonneg = pyo.Constraint(m.SC, m.Y, rule=lambda m, s, c, y: m.fe[s, c, y] >= 0)
    sectors = sorted({s for s, _ in inp.final_energy})
    # a variable: the hourly balance rows then carry one demand term instead of every measure
    m.elec_demand = pyo.Var(m.Y, within=pyo.NonNegativeReals, doc="final electricity demand incl. own use and losses [TWh]")
    m.elec_demand_def = pyo.Constraint(m.Y, rule=lambda m, y: m.elec_demand[y] == sum(
        m.fe[s, "electricity", y] for s in sectors if (s, "electricity") in inp.final_energy))
    m.heat_demand = pyo.Expression(m.Y, rule=lambda m, y: V.MWH_PER_TCE * sum(
        m.fe[s, "heat", y] for s in sectors if (s, "heat") in inp.final_energy), doc="district heat delivered [TWh_th]")
    lp.add_balance_term(_load)
    lp.add_cost("measures", lambda lp, y: sum(lp.inputs.measure_cost[mm] * lp.model.adopt[mm, y] for mm in lp.model.M))
    lp.add_result(demand_results)


def _load(lp: LinearProgram, b) -> None:
    """Withdrawal - 1000 s_{d,h} E_y in the hourly balance rows (s: the load shape, sum_d w_d sum_h s = 1)."""
    import numpy as np

    from optim.model.rows import VarArray

    y, d, h = b.grid()
    share = np.asarray(lp.inputs.slices.load_share, dtype=float)
    b.add(VarArray(lp.model.elec_demand), (y,), -1000.0 * share[d, h])


def demand_results(lp: LinearProgram, put) -> None:
    """Final energy by sector and carrier, measure adoption, electricity and heat demand."""
    import numpy as np

    from optim.results.values import by_year, grid, value

    m, inp = lp.model, lp.inputs
    Y, M = list(inp.years), list(m.M)
    sc = sorted(inp.final_energy)
    sectors = sorted({s for s, _ in sc})
    fe = np.full((len(sectors), len(V.CARRIERS), len(Y)), np.nan)
    for (s, c) in sc:
        fe[sectors.index(s), V.CARRIERS.index(c)] = [value(m.fe[s, c, y]) for y in Y]
    put("final_energy", ("sector", "carrier", "year"), fe, "Mtce (electricity: TWh)", "final energy by sector and carrier",
        coords={"sector": sectors, "carrier": list(V.CARRIERS)})
    put("adoption", ("measure", "year"), grid(m.adopt, M, Y), "Mtce/yr", "measure adoption (annual saving of the carrier saved)",
        coords={"measure": M})
    put("electricity_demand", ("year",), by_year(m.elec_demand, Y), "TWh", "final electricity demand (incl. own use, losses)")
    put("heat_demand", ("year",), by_year(m.heat_demand, Y), "TWh_th", "district heat delivered")
