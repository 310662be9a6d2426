"""Small LPs whose optimum is derived by hand (derivations in each docstring).

Common set-up (tests/tiny.py): one representative day weighted 365, flat load of 1 GW
(8.76 TWh/yr) unless stated, discount rate 0 (discount factors 1, annuity = capex/life),
coal heat rate 300 gce/kWh at 1000 CNY/tce -> fuel 300 CNY/MWh = 0.3 MCNY/GWh.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tiny import tiny_inputs, solve_tiny  # noqa: E402

from optim.results.targets_table import targets_table  # noqa: E402

COAL = {"coal_sub": {"capacity_credit": 1.0}}


def _pv(capex_per_kw_yr, life=30.0):
    """Utility PV whose annuity is capex_per_kw_yr CNY/kW/yr (= MCNY/GW/yr) at r = 0."""
    return {"utility_pv": {"capex": capex_per_kw_yr * life, "lifetime": life}}


def test_two_generators_nonfossil_share_cost_and_shadow_price():
    """Coal (0.3 MCNY/GWh) vs PV (annuity 1752 MCNY/GW/yr, CF 0.5 flat -> 4380 GWh/GW/yr ->
    0.4 MCNY/GWh). Years 2020 (base, coal only) and 2021 with a 20 % non-fossil share target.
    Coal-equivalent rate = coal heat rate = 300 gce/kWh, so the non-fossil share equals PV's
    share of generation. Optimum 2021: PV = 0.2 x 8760 GWh = 1752 GWh -> 0.4 GW of PV.
      cost 2020 = 8760 x 0.3 = 2628;  cost 2021 = 7008 x 0.3 + 1752 x 0.4 = 2102.4 + 700.8 = 2803.2
      objective = 5431.2 MCNY.
    Shadow price of one more point: 87.6 GWh more PV instead of coal, (0.4 - 0.3) x 87.6 = 8.76 MCNY."""
    inp = tiny_inputs(exist={"coal_sub": 2.0}, tech={**COAL, **_pv(1752.0)}, cf={"utility_pv": 0.5},
                      targets=[dict(id="T-1", year=2021, indicator="nonfossil_share", sense=">=", value=20.0, unit="%")])
    m, res = solve_tiny(inp)
    assert res.optimal
    assert res.objective == pytest.approx(5431.2, rel=1e-6)
    assert pyo.value(m.cap["utility_pv", 2021]) == pytest.approx(0.4, rel=1e-6)
    t = targets_table(res.lp, res)
    row = t[(t.id == "T-1") & (t.year == 2021)].iloc[0]
    assert row.binding
    assert row.achieved == pytest.approx(20.0, rel=1e-6)
    assert row.shadow_price_mcny == pytest.approx(8.76, rel=1e-5)


def test_nonbinding_target_has_zero_shadow_price():
    """Same system with a 10 % target in 2021 but PV cheaper than coal (annuity 876 -> 0.2 MCNY/GWh):
    PV is built up to the flat-CF limit of covering load when available (CF 0.5 -> all load hours
    in this flat case: 1 GW of load, PV 2 GW would give 1 GW output; PV 2 GW x 0.5 = 1 GW exactly),
    so the share (100 %) exceeds 10 % and the shadow price is 0."""
    inp = tiny_inputs(exist={"coal_sub": 2.0}, tech={**COAL, **_pv(876.0)}, cf={"utility_pv": 0.5},
                      targets=[dict(id="T-1", year=2021, indicator="nonfossil_share", sense=">=", value=10.0, unit="%")])
    m, res = solve_tiny(inp)
    t = targets_table(res.lp, res)
    row = t.iloc[0]
    assert not row.binding and abs(row.shadow_price_mcny) < 1e-6
    assert row.achieved == pytest.approx(100.0, rel=1e-6)


def test_storage_arbitrage_one_day_two_prices():
    """Free existing PV 2 GW with CF 1 in hours 0-11 and 0 after; flat load 1 GW; coal 0.3 MCNY/GWh.
    Battery: power annuity 0, energy annuity 1 MCNY/GWh/yr (cheap), charge and discharge
    efficiency 0.9 each. Hours 0-11: 1 GW surplus PV -> charge 1 GW x 12 h = 12 GWh, stored 10.8 GWh.
    Hours 12-23: discharge 10.8 x 0.9 = 9.72 GWh, coal supplies 12 - 9.72 = 2.28 GWh.
    Daily coal saving 9.72 GWh x 365 x 0.3 = 1064.34 MCNY/yr; storage energy cost 10.8 MCNY/yr.
    Objective 2021 = (2.28 x 365 x 0.3) + 10.8 = 249.66 + 10.8 = 260.46 MCNY."""
    cf = np.r_[np.ones(12), np.zeros(12)]
    inp = tiny_inputs(exist={"coal_sub": 2.0, "utility_pv": 2.0}, cf={"utility_pv": cf},
                      tech={**COAL, "battery": {"capex": 0.0, "capex_energy": 30.0, "lifetime": 30.0,
                                                "charge_efficiency": 0.9, "discharge_efficiency": 0.9}})
    m, res = solve_tiny(inp)
    assert res.optimal
    ch = np.array([pyo.value(m.ch["battery", 2021, 0, h]) for h in range(24)])
    dis = np.array([pyo.value(m.dis["battery", 2021, 0, h]) for h in range(24)])
    assert ch[:12].sum() == pytest.approx(12.0, rel=1e-6) and ch[12:].sum() == pytest.approx(0.0, abs=1e-7)
    assert dis[:12].sum() == pytest.approx(0.0, abs=1e-7) and dis[12:].sum() == pytest.approx(9.72, rel=1e-6)
    cost_2021 = pyo.value(m.cost_total[2021])
    assert cost_2021 == pytest.approx(260.46, rel=1e-6)
    assert pyo.value(m.sto_e["battery", 2021]) == pytest.approx(10.8, rel=1e-6)


def test_vintage_retires_after_lifetime_and_early_retirement_saves_fixed_cost():
    """PV committed 1 GW in 2021 with a 2-year life is alive in 2021 and 2022 only.
    Existing coal 3 GW with FOM 100 MCNY/GW/yr; adequacy needs 1 GW firm (peak 1 GW, margin 0,
    coal credit 1): from 2021 the model keeps 1 GW online and retires 2 GW early, saving
    2 x 100 = 200 MCNY/yr of fixed O&M; 2020 is fixed to the existing 3 GW."""
    years = (2020, 2021, 2022, 2023)
    inp = tiny_inputs(years=years, exist={"coal_sub": 3.0}, cf={"utility_pv": 0.0},
                      tech={"coal_sub": {"capacity_credit": 1.0, "fom": 100.0}, "utility_pv": {"capex": 0.0, "lifetime": 2.0}},
                      committed={"utility_pv": {2021: 1.0, 2022: 1.0, 2023: 1.0}})
    m, res = solve_tiny(inp)
    assert res.optimal
    assert [round(pyo.value(m.cap_new["utility_pv", y]), 9) for y in years] == [0.0, 1.0, 1.0, 0.0]
    assert [round(pyo.value(m.online["coal_sub", y]), 9) for y in years] == [3.0, 1.0, 1.0, 1.0]
    fom = [pyo.value(m.cost_fixed_om[y]) for y in years]
    assert fom == pytest.approx([300.0, 100.0, 100.0, 100.0], rel=1e-9)


def test_binding_co2_peak_changes_the_pathway():
    """Demand grows 8.76 -> 9.636 -> 10.512 TWh (index 1, 1.1, 1.2) in 2020-2022; coal is cheaper than PV
    (0.4 MCNY/GWh, CF 0.5). Without a peak target coal serves all load and CO2 rises. With 'peak no later
    than 2021' CO2(2022) <= CO2(2021): coal generation in 2022 is capped at its 2021 level 9636 GWh and
    PV covers the growth 876 GWh (0.2 GW). CO2 per GWh of coal = 0.3 x 2.5 = 0.75 kt."""
    kw = dict(years=(2020, 2021, 2022), exist={"coal_sub": 5.0}, tech={**COAL, **_pv(1752.0)}, cf={"utility_pv": 0.5},
              demand_growth={2020: 1.0, 2021: 1.1, 2022: 1.2})
    m0, r0 = solve_tiny(tiny_inputs(**kw))
    assert pyo.value(m0.co2[2022]) > pyo.value(m0.co2[2021]) + 0.5
    m1, r1 = solve_tiny(tiny_inputs(**kw, targets=[dict(id="T-peak", year=2021, indicator="co2_peak_year",
                                                        sense="<=", value=2021, unit="year")]))
    assert r1.optimal
    assert pyo.value(m1.co2[2022]) == pytest.approx(pyo.value(m1.co2[2021]), rel=1e-7)
    assert pyo.value(m1.gen_twh["utility_pv", 2022]) == pytest.approx(0.876, rel=1e-6)
    assert pyo.value(m1.cap["utility_pv", 2022]) == pytest.approx(0.2, rel=1e-6)
    assert r1.objective - r0.objective == pytest.approx(876 * (0.4 - 0.3), rel=1e-6)


def test_nonfossil_accounting_with_green_and_grid_imports():
    """Imports only (interconnector 2 GW existing, capacity credit 1 for adequacy): grid-average at 0.2 MCNY/GWh, green at 0.25, green
    availability 2 TWh/yr, non-fossil share of grid-average power 0.3, grid EF 0.6 t/MWh.
    Load 8.76 TWh: green 2 TWh is only bought if required; a 'green share of imports >= 1/4' target
    forces green = 0.25 x 8.76 = 2.19 > 2 available -> instead require 20 %: green = 1.752 TWh, grid 7.008.
    Coal-equivalent rate 300 gce/kWh:
      non-fossil = 0.3 x (1.752 + 0.3 x 7.008) = 0.3 x 3.8544 = 1.15632 Mtce
      total energy = 0.3 x 8.76 = 2.628 Mtce -> share = 44.0 %;  CO2 = 0.6 x 7.008 = 4.2048 Mt."""
    inp = tiny_inputs(import_capacity=2.0, tech={"interconnector": {"capacity_credit": 1.0}},
                      fuel={"import_grid": {"price": 200.0, "emission_factor": 0.6, "nonfossil_share": 0.3},
                            "import_green": {"price": 250.0}},
                      system={"green_import_available_twh": {2020: 2.0}},
                      targets=[dict(id="T-g", year=2021, indicator="green_import_share", sense=">=", value=20.0, unit="%")])
    m, res = solve_tiny(inp)
    assert res.optimal
    assert pyo.value(m.imp_green_twh[2021]) == pytest.approx(1.752, rel=1e-6)
    assert pyo.value(m.nonfossil[2021]) == pytest.approx(1.15632, rel=1e-6)
    assert pyo.value(m.energy_total[2021]) == pytest.approx(2.628, rel=1e-6)
    assert pyo.value(m.co2[2021]) == pytest.approx(4.2048, rel=1e-6)
    inp.accounting.import_co2 = False
    m2, _ = solve_tiny(inp)
    assert pyo.value(m2.co2[2021]) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("penalty, met", [(1.0, False), (100.0, True)])
def test_strive_soft_missed_when_cheap_met_when_expensive(penalty, met):
    """Strive target 20 % non-fossil in 2021, soft mode. Meeting it costs 8.76 MCNY per point (first test).
    The shortfall sigma (points) relaxes the row by sigma x b_ref with b_ref = 1 % of the base total
    energy (1 Mtce in tiny inputs -> 0.01 Mtce per point), i.e. 0.01 Mtce of non-fossil energy =
    33.3 GWh of PV. Penalty 1 MCNY/point < 33.3 GWh x 0.1 MCNY/GWh = 3.33 MCNY/point -> all 20 points
    are missed (sigma = 20 would need 666 GWh < 1752 GWh available, so it stays at the optimum of
    missing everything it can). Penalty 100 MCNY/point > 3.33 -> the target is met, sigma = 0."""
    inp = tiny_inputs(exist={"coal_sub": 2.0}, tech={**COAL, **_pv(1752.0)}, cf={"utility_pv": 0.5},
                      policy={"strive": "soft", "soft_penalty": penalty},
                      targets=[dict(id="T-s", year=2021, indicator="nonfossil_share", sense=">=", value=20.0, unit="%",
                                    strength="strive")])
    m, res = solve_tiny(inp)
    assert res.optimal
    t = targets_table(res.lp, res)
    row = t.iloc[0]
    if met:
        assert row.shortfall == pytest.approx(0.0, abs=1e-7)
        assert row.achieved == pytest.approx(20.0, rel=1e-6)
    else:
        assert row.shortfall > 1.0
        assert row.achieved < 20.0 - 1.0


def test_solves_with_different_thread_counts_in_one_process():
    """HiGHS keeps one global scheduler per process: a sweep that changes solver.threads must still solve
    (regression: the second solve used to end with status 'Not Set')."""
    from optim.model import build_lp
    from optim.solver import solve

    for threads in (1, 2, 1):
        res = solve(build_lp(tiny_inputs(exist={"coal_sub": 2.0}, tech=COAL)), {"threads": threads, "time_limit": 60})
        assert res.optimal and res.objective == pytest.approx(5256.0, rel=1e-9)


def _three_day_calendar(linked: bool):
    """Slice days A (PV CF 1), B (PV CF 0), C (PV CF 0.5); calendar A,B,A,B,...,A,B (364 days), then C."""
    import dataclasses

    inp = tiny_inputs(exist={"coal_sub": 2.0, "utility_pv": 2.0}, months=(7, 7, 7),
                      tech={**COAL, "battery": {"capex": 0.0, "capex_energy": 30.0, "lifetime": 30.0}})
    weights = np.array([182.0, 182.0, 1.0])
    load = np.ones((3, 24))
    cf = {t: np.zeros((3, 24)) for t in inp.slices.cf}
    cf["utility_pv"] = np.vstack([np.ones(24), np.zeros(24), np.full(24, 0.5)])
    sequence = np.r_[np.tile([0, 1], 182), 2] if linked else None
    slices = dataclasses.replace(inp.slices, weights=weights, load_share=load / (weights[:, None] * load).sum(), cf=cf,
                                 sequence=sequence, medoid_days=np.array([0, 1, 364]) if linked else None)
    return dataclasses.replace(inp, slices=slices)


@pytest.mark.parametrize("linked, cost_2021", [(False, 1310.4), (True, 24.0)])
def test_linked_clustered_days_move_energy_between_days(linked, cost_2021):
    """Flat load 1 GW; free existing PV 2 GW; coal 0.3 MCNY/GWh; battery power free, energy
    30 CNY/kWh over 30 years = 1 MCNY/GWh/yr, efficiencies 1. Weights A 182, B 182, C 1.
    Cyclic days (not linked): no slice day has both a surplus and a deficit, so the battery is
    useless; every B day burns 24 GWh of coal: 182 x 24 x 0.3 = 1310.4 MCNY in 2021.
    Linked: each A day stores its 24 GWh surplus (delta_A = +24), the B day after it uses it
    (delta_B = -24), C is balanced (delta_C = 0); the calendar levels alternate 0, 24, 0, ... and
    close the year at 0. Storage energy 24 GWh (1 MCNY/GWh/yr) replaces all coal, each GWh saving
    182 x 0.3 = 54.6 MCNY/yr: cost 2021 = 24 MCNY."""
    m, res = solve_tiny(_three_day_calendar(linked))
    assert res.optimal
    assert pyo.value(m.cost_total[2021]) == pytest.approx(cost_2021, rel=1e-6)
    assert pyo.value(m.cost_total[2020]) == pytest.approx(1310.4, rel=1e-6)  # no storage can exist in 2020
    if linked:
        assert pyo.value(m.sto_e["battery", 2021]) == pytest.approx(24.0, rel=1e-6)
        assert [pyo.value(m.soc_delta["battery", 2021, d]) for d in range(3)] == pytest.approx([24.0, -24.0, 0.0], abs=1e-6)
        levels = np.array([pyo.value(m.soc_day["battery", 2021, i]) for i in range(365)])
        assert levels[:4] == pytest.approx([0.0, 24.0, 0.0, 24.0], abs=1e-6) and levels.max() <= 24.0 + 1e-6
    else:
        assert not hasattr(m, "soc_day")


def test_price_of_a_multi_year_target_is_the_cost_of_moving_its_value():
    """The 20 % non-fossil target of 2021 persists into 2022 (policy.persist), so its value enters two rows.
    Each point costs 87.6 GWh x (0.4 - 0.3) = 8.76 MCNY a year (first test), 17.52 MCNY over both years:
    the price in targets.csv is the target's (the sum over its rows), the same on both rows, and equals the
    finite difference of the objective when the value moves from 20 to 21 %."""
    def solve_with(value):
        inp = tiny_inputs(years=(2020, 2021, 2022), exist={"coal_sub": 2.0}, tech={**COAL, **_pv(1752.0)},
                          cf={"utility_pv": 0.5},
                          targets=[dict(id="T-1", year=2021, indicator="nonfossil_share", sense=">=", value=value,
                                        unit="%")])
        m, res = solve_tiny(inp)
        return inp, m, res
    inp, m, res = solve_with(20.0)
    t = targets_table(res.lp, res)
    rows = t[t.id == "T-1"]
    assert list(rows.year) == [2021, 2022]
    assert rows.shadow_price_mcny.tolist() == pytest.approx([17.52, 17.52], rel=1e-5)
    _, _, res21 = solve_with(21.0)
    assert res21.objective - res.objective == pytest.approx(17.52, rel=1e-5)
