"""Target costs (optim.analysis.target_costs) on a small case derived by hand.

Set-up (tests/tiny.py): years 2020 (base, targets not imposed) and 2021; flat load 1 GW = 8,760 GWh/yr; existing coal
2 GW at 0.3 MCNY/GWh (heat rate 300 gce/kWh x 1,000 CNY/tce); utility PV buildable in 2021 with annuity 1,752
MCNY/GW/yr and CF 0.5 (4,380 GWh per GW) = 0.4 MCNY/GWh, i.e. 0.1 MCNY/GWh dearer than coal. Coal-equivalent
rate 300 gce/kWh = the coal heat rate, so the non-fossil share is PV's share of generation. Two targets in 2021:
  T-1  non-fossil share >= 20 %     needs PV 0.2 x 8,760 = 1,752 GWh = 0.4 GW
  T-2  renewable capacity >= 0.6 GW needs PV 0.6 GW = 2,628 GWh (a share of 30 %, so T-1 then holds too)
NPV premiums over no targets (the 2020 cost, 2,628 MCNY, is the same in every case; r = 0):
  only T-1: 1,752 x 0.1 = 175.2     only T-2: 2,628 x 0.1 = 262.8     both (the plan): PV 0.6 GW -> C = 262.8
  last-in  L1 = C - NPV(only T-2) premium = 262.8 - 262.8 = 0        L2 = 262.8 - 175.2 = 87.6
  first-in F1 = 175.2                                                F2 = 262.8
  interactions I = C - (L1 + L2) = 175.2 = F1 + F2 - C (two targets: the overlap equals the interactions)
Shadow prices at the plan: T-1 is slack (30 % > 20 %): 0; T-2: one more GW of PV = 4,380 GWh x 0.1 = 438 MCNY.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tiny import solve_tiny, tiny_inputs  # noqa: E402

from optim.analysis.target_costs import target_costs  # noqa: E402
from optim.analysis.target_costs_report import costs_table, section, summary_table  # noqa: E402

TECH = {"coal_sub": {"capacity_credit": 1.0}, "utility_pv": {"capex": 1752.0 * 30, "lifetime": 30.0}}
TARGETS = [dict(id="T-1", year=2021, indicator="nonfossil_share", sense=">=", value=20.0, unit="%"),
           dict(id="T-2", year=2021, indicator="renewable_capacity_gw", sense=">=", value=0.6, unit="GW")]


def _case():
    _, res = solve_tiny(tiny_inputs(exist={"coal_sub": 2.0}, tech=TECH, cf={"utility_pv": 0.5}, targets=TARGETS))
    assert res.optimal
    return res


def test_last_in_first_in_and_interactions_by_hand():
    res = _case()
    assert res.objective == pytest.approx(2 * 2628.0 + 262.8, rel=1e-7)
    costs, plan = target_costs(res, which="all")
    c = {x.id: x for x in costs}
    assert plan.npv_none == pytest.approx(2 * 2628.0, rel=1e-7)
    assert plan.plan_cost == pytest.approx(262.8, rel=1e-6)
    assert c["T-1"].last_in_mcny == pytest.approx(0.0, abs=1e-6)
    assert c["T-2"].last_in_mcny == pytest.approx(87.6, rel=1e-6)
    assert c["T-1"].first_in_mcny == pytest.approx(175.2, rel=1e-6)
    assert c["T-2"].first_in_mcny == pytest.approx(262.8, rel=1e-6)
    assert plan.interactions == pytest.approx(175.2, rel=1e-6)
    assert plan.overlap == pytest.approx(175.2, rel=1e-6)
    assert c["T-1"].shadow_price_mcny == pytest.approx(0.0, abs=1e-6)
    assert c["T-2"].shadow_price_mcny == pytest.approx(438.0, rel=1e-6)
    assert not c["T-1"].binds and c["T-2"].binds
    assert "other targets already require" in c["T-1"].reading


def test_binding_only_and_the_study_is_restored():
    """'binding' costs T-2 only; afterwards the HiGHS instance holds the plan again (a re-solve gives its NPV)."""
    from optim.solver import resolve

    res = _case()
    costs, plan = target_costs(res, which="binding")
    assert [x.id for x in costs] == ["T-2"]
    assert plan.sum_last_in == pytest.approx(87.6, rel=1e-6)
    assert resolve(res).objective == pytest.approx(2 * 2628.0 + 262.8, rel=1e-7)


def test_tables_and_report_section():
    res = _case()
    costs, plan = target_costs(res, which="all")
    t = costs_table(costs)
    assert list(t.id) == ["T-2", "T-1"]  # sorted by last-in cost
    s = summary_table(plan).set_index("quantity").value_mcny
    assert s["plan_cost"] == pytest.approx(s["npv_plan"] - s["npv_no_targets"])
    assert s["interactions"] == pytest.approx(s["plan_cost"] - s["sum_last_in"])
    text = "\n".join(section(t, plan, None))
    assert "| T-2 | 2021 | renewable_capacity_gw | 88 | 263 |" in text
    assert "263 MCNY" in text
