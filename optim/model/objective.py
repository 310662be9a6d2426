"""Objective: discounted system cost over the horizon (MCNY, NPV at 2020, 2020 prices).

  min sum_y df_y sum_c COST_{c,y} + soft-target penalties
The cost components c (optim.model.lp.COST_COMPONENTS) are sums of the terms the families register
(lp.costs): investment (annuities crf(r, L) capex build, only inside the horizon, so no end effects), fixed
O&M, variable O&M, fuel, imports, measures, demand response. df_y = (1 + r)^-(y - 2020).
Units: CNY/kW x GW = MCNY; CNY/MWh x TWh = MCNY; CNY/tce x Mtce = MCNY.
"""
from __future__ import annotations

import pyomo.environ as pyo

from optim.model.lp import COST_COMPONENTS, COST_DOCS, LinearProgram


def add_objective(lp: LinearProgram) -> None:
    """Declare the cost components per year (Expressions ``cost_<component>``), their total and the objective."""
    m = lp.model
    for name in COST_COMPONENTS:
        setattr(m, f"cost_{name}", pyo.Expression(m.Y, rule=lambda m, y, name=name: lp.cost(name, y), doc=COST_DOCS[name]))
    m.cost_total = pyo.Expression(m.Y, rule=lambda m, y: sum(getattr(m, f"cost_{c}")[y] for c in COST_COMPONENTS),
                                  doc="system cost [MCNY]")
    m.cost_penalties = pyo.Expression(expr=sum(lp.penalties), doc="soft-target penalties, discounted [MCNY]")
    m.obj = pyo.Objective(expr=_objective_expr(lp), sense=pyo.minimize)
    lp.add_result(cost_results)


def _objective_expr(lp: LinearProgram):
    m = lp.model
    return sum(lp.inputs.discount[y] * m.cost_total[y] for y in m.Y) + m.cost_penalties


def update_objective(lp: LinearProgram) -> None:
    """Re-evaluate every cost component with the numbers of ``lp.inputs`` (same model structure)."""
    m = lp.model
    for name in COST_COMPONENTS:
        comp = getattr(m, f"cost_{name}")
        for y in m.Y:
            comp[y].set_value(lp.cost(name, y))
    m.obj.set_value(_objective_expr(lp))


def cost_results(lp: LinearProgram, put) -> None:
    """System cost by component and year, discount factors."""
    import numpy as np

    from optim.results.values import value

    m, Y = lp.model, list(lp.inputs.years)
    costs = np.array([[value(getattr(m, f"cost_{c}")[y]) for y in Y] for c in COST_COMPONENTS])
    put("cost", ("component", "year"), costs, "MCNY", "system cost by component (undiscounted, 2020 prices)",
        coords={"component": list(COST_COMPONENTS)})
    put("discount_factor", ("year",), [lp.inputs.discount[y] for y in Y], "1", "discount factor to 2020")
