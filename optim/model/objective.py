"""Objective: discounted system cost over the horizon (MCNY, NPV at 2020, 2020 prices).

  min sum_y df_y [ INV_y + FOM_y + VOM_y + FUEL_y + IMP_y + MEAS_y + DR_y ] + soft-target penalties
  INV_y  = sum_{(t,v): y alive} crf(r, L_t) capex_{t,v} build_{t,v}   (annuities only inside the horizon)
  FOM_y  = sum_g fom_g (cap + pk + beta bk) + sum_s fom_s P_s + fom_ic K + sum_k fom_k HC_k
  VOM_y  = sum_g vom_g G_g;   FUEL_y = p_coal coal + p_gas gas + p_oil oil + p_bio biomass
  IMP_y  = p_grid IMPg + p_green IMPr;  MEAS_y = sum_m c_m A_m;  DR_y = c_dr DR_cap + c_dre sum w dr
Units: CNY/kW x GW = MCNY; CNY/MWh x TWh = MCNY; CNY/tce x Mtce = MCNY.
"""
from __future__ import annotations

import pyomo.environ as pyo

from optim import vocabulary as V
from optim.inputs import ModelInputs


COMPONENTS = ("investment", "fixed_om", "variable_om", "fuel", "imports", "measures", "demand_response")


def cost_rules(inp: ModelInputs) -> dict:
    """Rules (m, y) -> expression for each cost component, reading every number from ``inp``."""
    t, f, sysc = inp.tech, inp.fuel, inp.system
    beta = float(sysc["backup_fom_share"])

    def investment(m, y):
        expr = sum(inp.annuity[(g, v)] * m.build[g, v] for (g, v) in m.GV if y in inp.alive[(g, v)])
        expr += sum(inp.annuity[(s, v)] * m.build_p[s, v] + inp.annuity.get((s + ":energy", v), 0.0) * m.build_e[s, v]
                    for (s, v) in m.SV if y in inp.alive[(s, v)])
        expr += sum(inp.annuity[(V.INTERCONNECTOR, v)] * m.build_ic[v] for v in m.IV if y in inp.alive[(V.INTERCONNECTOR, v)])
        expr += sum(inp.annuity[(k, v)] * m.build_h[k, v] for (k, v) in m.KV if y in inp.alive[(k, v)])
        return expr

    def fixed_om(m, y):
        expr = sum(t[g]["fom"][y] * (m.cap[g, y] + m.peak_cap[g, y] + beta * m.backup_cap[g, y]) for g in m.G)
        expr += sum(t[s]["fom"][y] * m.sto_p[s, y] for s in m.S)
        expr += t[V.INTERCONNECTOR]["fom"][y] * (m.ic_cap[y] - inp.import_capacity_2020)
        expr += sum(t[k]["fom"][y] * m.heat_cap[k, y] for k in m.K_cap)
        return expr

    def variable_om(m, y):
        return (sum(t[g].get("vom", {y: 0.0})[y] * m.gen_twh[g, y] for g in m.G)
                + sum(t[k].get("vom", {y: 0.0})[y] * m.heat_out[k, y] for k in m.K))

    def fuel(m, y):
        return (f["coal"]["price"][y] * m.coal_use[y] + f["gas"]["price"][y] * m.gas_use[y] + f["oil"]["price"][y] * m.oil_use[y]
                + f["biomass"]["price"][y] * (m.power_fuel["biomass", y] + m.heat_fuel["biomass", y]))

    def imports(m, y):
        return f["import_grid"]["price"][y] * m.imp_grid_twh[y] + f["import_green"]["price"][y] * m.imp_green_twh[y]

    def measures(m, y):
        return sum(inp.measure_cost[mm] * m.adopt[mm, y] for mm in m.M)

    def demand_response(m, y):
        return (float(sysc["dr_capacity_cost"]) * m.dr_cap[y]
                + float(sysc["dr_energy_cost"]) * m.dr_twh[y])

    return dict(investment=investment, fixed_om=fixed_om, variable_om=variable_om, fuel=fuel, imports=imports,
                measures=measures, demand_response=demand_response)


DOCS = {"investment": "annualised investment [MCNY]", "fixed_om": "fixed O&M [MCNY]", "variable_om": "variable O&M [MCNY]",
        "fuel": "fuel purchases [MCNY]", "imports": "electricity imports [MCNY]",
        "measures": "efficiency and electrification measures [MCNY]", "demand_response": "demand response [MCNY]"}


def _objective_expr(m, inp):
    return sum(inp.discount[y] * m.cost_total[y] for y in m.Y) + m.cost_penalties


def add_objective(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Declare the cost components per year (Expressions) and the objective."""
    for name, rule in cost_rules(inp).items():
        setattr(m, f"cost_{name}", pyo.Expression(m.Y, rule=rule, doc=DOCS[name]))
    m.cost_total = pyo.Expression(m.Y, rule=lambda m, y: sum(getattr(m, f"cost_{c}")[y] for c in COMPONENTS),
                                  doc="system cost [MCNY]")
    m.cost_penalties = pyo.Expression(expr=getattr(m, "_soft_cost", 0), doc="soft-target penalties, discounted [MCNY]")
    m.obj = pyo.Objective(expr=_objective_expr(m, inp), sense=pyo.minimize)


def update_objective(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Re-evaluate every cost component with the numbers of ``inp`` (same model structure)."""
    for name, rule in cost_rules(inp).items():
        comp = getattr(m, f"cost_{name}")
        for y in m.Y:
            comp[y].set_value(rule(m, y))
    m.obj.set_value(_objective_expr(m, inp))
