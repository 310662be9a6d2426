"""A technology family is one module and one line: a family added to the build is picked up by the hourly
balance, the objective and the results dataset without any other change (optim.model.lp, families.py).

The added family is an electrolyser that must draw a flat 0.1 GW in every represented hour and costs a fixed
10 MCNY a year. In the tiny region (tests/tiny.py: coal only, 0.3 MCNY/GWh, discount rate 0, years 2020-2021)
it adds 0.1 GW x 8,760 h = 876 GWh of coal generation a year:
  objective change = 2 years x (876 x 0.3 + 10) = 2 x 272.8 = 545.6 MCNY,
and its result piece puts the variable ``electrolyser_load`` (GW) into the dataset.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyomo.environ as pyo
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tiny import tiny_inputs  # noqa: E402

from optim.model.families import FAMILIES, build_lp  # noqa: E402
from optim.model.lp import LinearProgram  # noqa: E402
from optim.results.dataset import build_dataset  # noqa: E402
from optim.solver import solve  # noqa: E402

DRAW_GW, COST_MCNY = 0.1, 10.0
OPTIONS = {"threads": 1, "random_seed": 0, "method": "simplex", "presolve": "choose", "time_limit": 60}


def add_electrolyser(lp: LinearProgram) -> None:
    """A flat withdrawal x_{y,d,h} = 0.1 GW from the hourly balance, 10 MCNY/yr of fixed O&M, one result."""
    m = lp.model
    m.electrolyser = pyo.Var(m.Y, m.D, m.H, within=pyo.NonNegativeReals, doc="electrolyser load [GW]")
    for idx in m.electrolyser:
        m.electrolyser[idx].fix(DRAW_GW)
    lp.add_supply(m.electrolyser, coef=-1.0)
    lp.add_cost("fixed_om", lambda lp, y: COST_MCNY)
    lp.add_result(lambda lp, put: put("electrolyser_load", ("year",), [DRAW_GW for _ in lp.inputs.years], "GW",
                                      "electrolyser load"))


def _with_electrolyser():
    names = [n for n, _ in FAMILIES]
    i = names.index("balance")          # before the family that assembles the balance terms
    return FAMILIES[:i] + (("electrolyser", add_electrolyser),) + FAMILIES[i:]


def test_a_new_family_enters_balance_objective_and_results():
    inp = tiny_inputs(exist={"coal_sub": 2.0}, tech={"coal_sub": {"capacity_credit": 1.0}})
    base = solve(build_lp(inp), OPTIONS)
    lp = build_lp(inp, families=_with_electrolyser())
    res = solve(lp, OPTIONS)
    assert base.optimal and res.optimal
    assert res.objective - base.objective == pytest.approx(2 * (876 * 0.3 + COST_MCNY), rel=1e-9)
    assert pyo.value(lp.model.gen_twh["coal_sub", 2021]) == pytest.approx(8.76 + 0.876, rel=1e-9)
    ds = build_dataset(lp)
    assert ds["electrolyser_load"].attrs["units"] == "GW"
    assert ds["electrolyser_load"].values.tolist() == [DRAW_GW, DRAW_GW]
