"""One hand-checked LP per kind of target row (optim.model.targets.build), beside those in test_hand_cases.py
('>=' share with its price, persistence over years, soft strive, CO2 peak).

Common set-up (tests/tiny.py): one representative day weighted 365, flat load 1 GW = 8,760 GWh a year unless
stated, discount rate 0 (discount factors 1, annuity = capex / lifetime), heat rate 300 gce/kWh for every
thermal unit, coal 1,000 CNY/tce -> 0.3 MCNY/GWh, coal-equivalent rate 300 gce/kWh (so total energy is
0.3 Mtce per TWh served whatever the mix, and the non-fossil share is PV's share of generation), PV with
a flat capacity factor 0.5 (4,380 GWh per GW a year).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyomo.environ as pyo
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tiny import solve_tiny, tiny_inputs  # noqa: E402

from optim.results.targets_table import targets_table  # noqa: E402

COAL = {"coal_sub": {"capacity_credit": 1.0}}
GAS = {"gas_peaker": {"capacity_credit": 1.0}}


def _pv(annuity, life=30.0):
    """Utility PV whose annuity is ``annuity`` MCNY/GW/yr (CNY/kW/yr) at r = 0; per GWh: annuity / 4380."""
    return {"utility_pv": {"capex": annuity * life, "lifetime": life}}


def _row(res, tid, year):
    t = targets_table(res.lp, res)
    return t[(t.id == tid) & (t.year == year)].iloc[0]


def _gas_case(value):
    """Coal (0.3 MCNY/GWh) and gas (800 CNY/tce x 0.3 = 0.24 MCNY/GWh), 2 GW each; gas <= value bcm in 2021."""
    return tiny_inputs(years=(2020, 2021, 2022), exist={"coal_sub": 2.0, "gas_peaker": 2.0}, tech={**COAL, **GAS},
                       fuel={"gas": {"price": 800.0}},
                       targets=[dict(id="T-gas", year=2021, indicator="gas_use_bcm", sense="<=", value=value,
                                     unit="bcm")])


def test_upper_bound_level_holds_in_its_year_only_and_its_price_is_the_finite_difference():
    """'Gas use at most 1.5 bcm in 2021' (a '<=' level; gas_use_bcm does not persist).
    Gas at 1.33 kgce/m3: 1.5 bcm = 1.995 Mtce = 1.995 / 0.3 TWh = 6,650 GWh of gas generation; coal makes the
    other 2,110 GWh. In 2020 and 2022 gas (cheaper) serves all 8,760 GWh: the row holds in 2021 only.
      objective = 2 x 8760 x 0.24 + 6650 x 0.24 + 2110 x 0.3 = 4204.8 + 1596 + 633 = 6433.8 MCNY.
    Price of tightening (lowering the cap by 1 bcm): 1.33 Mtce = 4,433.3 GWh moves from gas to coal at
    0.06 MCNY/GWh = 266 MCNY per bcm, positive, and equal to the finite difference of the objective."""
    m, res = solve_tiny(_gas_case(1.5))
    assert res.optimal and res.objective == pytest.approx(6433.8, rel=1e-7)
    assert pyo.value(m.gen_twh["gas_peaker", 2021]) == pytest.approx(6.65, rel=1e-7)
    assert pyo.value(m.gen_twh["gas_peaker", 2022]) == pytest.approx(8.76, rel=1e-7)
    assert [k[1] for k in res.lp.targets.records[0].keys] == [2021]
    row = _row(res, "T-gas", 2021)
    assert row.binding and row.achieved == pytest.approx(1.5, rel=1e-7) and row.unit == "bcm"
    assert row.shadow_price_mcny == pytest.approx(266.0, rel=1e-6)
    _, res14 = solve_tiny(_gas_case(1.4))
    assert res14.objective - res.objective == pytest.approx(0.1 * 266.0, rel=1e-6)


def _coal_cut_case(value):
    return tiny_inputs(exist={"coal_sub": 2.0}, tech={**COAL, **_pv(1752.0)}, cf={"utility_pv": 0.5},
                       targets=[dict(id="T-cut", year=2021, indicator="coal_use_reduction_vs_2020", sense=">=",
                                     value=value, unit="%")])


def test_reduction_against_the_base_year():
    """'Coal use 25 % below 2020 in 2021' (a reduction: the registry's '>=' is built as
    coal_2021 <= (1 - 0.25) coal_2020). 2020: coal serves 8,760 GWh = 2.628 Mtce. 2021: coal <= 1.971 Mtce =
    6,570 GWh; PV (0.4 MCNY/GWh) makes 2,190 GWh = 0.5 GW.
      objective = 2628 + 6570 x 0.3 + 2190 x 0.4 = 2628 + 1971 + 876 = 5475 MCNY.
    Price of one point more: 1 % of 2.628 Mtce = 87.6 GWh from coal to PV, x 0.1 = 8.76 MCNY."""
    m, res = solve_tiny(_coal_cut_case(25.0))
    assert res.optimal and res.objective == pytest.approx(5475.0, rel=1e-7)
    assert pyo.value(m.cap["utility_pv", 2021]) == pytest.approx(0.5, rel=1e-7)
    con = m.target["T-cut", 2021, "ge"]
    assert con.has_ub() and not con.has_lb(), "a '>=' cut is built as an upper bound on coal use"
    row = _row(res, "T-cut", 2021)
    assert row.binding and row.achieved == pytest.approx(25.0, rel=1e-7)
    assert row.shadow_price_mcny == pytest.approx(8.76, rel=1e-6)
    _, res26 = solve_tiny(_coal_cut_case(26.0))
    assert res26.objective - res.objective == pytest.approx(8.76, rel=1e-6)


@pytest.mark.parametrize("annuity, side, share, price", [
    # PV dearer than coal (0.4 MCNY/GWh): the lower edge 20 x (1 - 0.05) = 19 % binds;
    # price = 87.6 GWh x 0.1 x 0.95 = 8.322 MCNY per point of the target's value
    (1752.0, "ge", 19.0, 8.322),
    # PV cheaper than coal (876 -> 0.2 MCNY/GWh): the upper edge 20 x 1.05 = 21 % binds; lowering the value by
    # a point lowers the edge by 1.05 points = 91.98 GWh back to coal at +0.1: 9.198 MCNY
    (876.0, "le", 21.0, 9.198),
])
def test_approx_target_is_a_band_around_its_value(annuity, side, share, price):
    """'Non-fossil share about 20 % in 2021' (strength approx, sense '=='; policy.approx_band 0.05): two rows,
    share >= 19 % and share <= 21 %; the one the costs push against binds."""
    inp = tiny_inputs(exist={"coal_sub": 2.0}, tech={**COAL, **_pv(annuity)}, cf={"utility_pv": 0.5},
                      targets=[dict(id="T-band", year=2021, indicator="nonfossil_share", sense="==", value=20.0,
                                    unit="%", strength="approx")])
    m, res = solve_tiny(inp)
    assert res.optimal
    rec = res.lp.targets.records[0]
    assert rec.mode == "band" and rec.keys == [("T-band", 2021, "ge"), ("T-band", 2021, "le")]
    assert pyo.value(m.gen_twh["utility_pv", 2021]) == pytest.approx(8.76 * share / 100, rel=1e-7)
    t = targets_table(res.lp, res)
    assert (t.id == "T-band").sum() == 2
    assert t[t.id == "T-band"].achieved.tolist() == pytest.approx([share, share], rel=1e-7)
    assert _row(res, "T-band", 2021).shadow_price_mcny == pytest.approx(price, rel=1e-6)


@pytest.mark.parametrize("margin, pv_gwh", [
    # margin 0: coal may not rise: 8,760 GWh in 2021 and 2022; PV covers the growth 876 and 1,752 GWh
    (0.0, (876.0, 1752.0)),
    # margin 0.1: coal falls 10 % a year: 7,884 and 7,095.6 GWh; PV 9,636 - 7,884 = 1,752 and 10,512 - 7,095.6
    (0.1, (1752.0, 3416.4)),
])
def test_coal_keeps_falling(margin, pv_gwh):
    """'Coal use keeps falling from 2020 to 2022' (coal_use_decline, baseline 2020): coal_t <= (1 - margin)
    coal_{t-1} for t = 2021, 2022. Demand 8,760 -> 9,636 -> 10,512 GWh (index 1, 1.1, 1.2); coal (0.3 MCNY/GWh)
    is cheaper than PV (0.4), so without the target coal serves all of it.
    Extra cost over the unconstrained optimum = (PV 2021 + PV 2022) x 0.1 MCNY/GWh."""
    kw = dict(years=(2020, 2021, 2022), exist={"coal_sub": 5.0}, tech={**COAL, **_pv(1752.0)},
              cf={"utility_pv": 0.5}, demand_growth={2020: 1.0, 2021: 1.1, 2022: 1.2},
              policy={"qualitative_margin": margin})
    _, free = solve_tiny(tiny_inputs(**kw))
    m, res = solve_tiny(tiny_inputs(**kw, targets=[dict(id="T-dec", year=2022, indicator="coal_use_decline",
                                                        sense="decrease", value=None, unit="Mtce",
                                                        baseline_year=2020)]))
    assert res.optimal
    assert [k[1] for k in res.lp.targets.records[0].keys] == [2021, 2022]
    pv = tuple(1000 * pyo.value(m.gen_twh["utility_pv", y]) for y in (2021, 2022))
    assert pv == pytest.approx(pv_gwh, rel=1e-7)
    assert res.objective - free.objective == pytest.approx(0.1 * sum(pv_gwh), rel=1e-7)
    for y in (2021, 2022):
        assert pyo.value(m.coal_use[y]) <= (1 - margin) * pyo.value(m.coal_use[y - 1]) + 1e-9


def test_a_target_in_the_history_is_reported_not_imposed():
    """The 25 % coal cut of 2021 with history_until = 2021: 2021 is history, so the row is not built (mode
    'history') and coal serves all load in both years: objective = 2 x 2628 = 5256 MCNY."""
    inp = tiny_inputs(exist={"coal_sub": 2.0}, tech={**COAL, **_pv(1752.0)}, cf={"utility_pv": 0.5},
                      history_until=2021,
                      targets=[dict(id="T-cut", year=2021, indicator="coal_use_reduction_vs_2020", sense=">=",
                                    value=25.0, unit="%")])
    m, res = solve_tiny(inp)
    rec = res.lp.targets.records[0]
    assert rec.mode == "history" and rec.keys == [] and rec.history == [2021]
    assert res.objective == pytest.approx(5256.0, rel=1e-7)
