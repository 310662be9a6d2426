"""The existing fleet behaves as real plants do (optim.model.power), on hand-checked LPs.

Set-up (tests/tiny.py): one slice day weighted 365, flat load 1 GW (8.76 TWh), discount rate 0;
coal at 300 gce/kWh and 1000 CNY/tce, so coal power costs 300 MCNY/TWh.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyomo.environ as pyo
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tiny import solve_tiny, tiny_inputs  # noqa: E402

IMPORTS = {"import_grid": {"price": 500.0}}
FIRM = {"coal_sub": {"capacity_credit": 1.0}, "interconnector": {"capacity_credit": 1.0}}


def test_annual_full_load_hours_cap_a_thermal_class():
    """Coal (300 MCNY/TWh) is cheaper than imports (500): without a limit the 2 GW coal class covers the whole
    load (8.76 TWh = 4,380 h on 2 GW). With max_full_load_hours = 3,000 h it may give 2 GW x 3,000 h = 6.0 TWh,
    and imports the remaining 2.76 TWh."""
    tech = {**FIRM, "coal_sub": {"capacity_credit": 1.0, "max_full_load_hours": 3000.0}}
    m, res = solve_tiny(tiny_inputs(exist={"coal_sub": 2.0}, tech=tech, fuel=IMPORTS, import_capacity=2.0))
    assert res.optimal
    assert pyo.value(m.gen_twh["coal_sub", 2021]) == pytest.approx(6.0, rel=1e-6)
    assert pyo.value(m.imp_grid_twh[2021]) == pytest.approx(2.76, rel=1e-6)
    free, res_free = solve_tiny(tiny_inputs(exist={"coal_sub": 2.0}, tech=FIRM, fuel=IMPORTS, import_capacity=2.0))
    assert pyo.value(free.gen_twh["coal_sub", 2021]) == pytest.approx(8.76, rel=1e-6)


def _duty_inputs(history_until=2020):
    """1 GW of coal in normal duty in 2020-2021 that moves to emergency-peaker duty in 2022 (as the pilot plan's
    named units do in 2025); imports (capacity 2 GW, credit 1) can carry the load and adequacy alone."""
    years = (2020, 2021, 2022)
    inp = tiny_inputs(years=years, exist={"coal_sub": {2020: 1.0, 2021: 1.0, 2022: 0.0}}, tech=FIRM, fuel=IMPORTS,
                      import_capacity=2.0, history_until=history_until)
    inp.exist_peaker["coal_sub"] = {2020: 0.0, 2021: 0.0, 2022: 1.0}
    return inp


def _max_peaker_2022(inp, fix_online_2021=None):
    """The largest emergency-peaker capacity the LP can keep in 2022 (objective replaced by max pk_2022)."""
    from optim.model import build_lp
    from optim.solver import solve

    lp = build_lp(inp)
    m = lp.model
    if fix_online_2021 is not None:
        m.online["coal_sub", 2021].fix(fix_online_2021)
    m.obj.deactivate()
    m.max_pk = pyo.Objective(expr=m.peak_cap["coal_sub", 2022], sense=pyo.maximize)
    res = solve(lp, {"threads": 1, "random_seed": 0, "method": "simplex", "presolve": "choose", "time_limit": 60})
    return m, res


def test_a_unit_retired_early_never_returns_as_emergency_peaker():
    """kept_{2022} = online + pk + bk <= kept_{2021} + max(0, Etot_2022 - Etot_2021) = kept_{2021} (Etot = 1 GW
    both years). Retire the unit in 2021 (online_2021 = 0): the peaker capacity of 2022 can be at most 0.
    Keep it (online_2021 free): up to the 1 GW of the duty pool."""
    m, res = _max_peaker_2022(_duty_inputs(), fix_online_2021=0.0)
    assert res.optimal
    assert pyo.value(m.peak_cap["coal_sub", 2022]) == pytest.approx(0.0, abs=1e-9)
    m, res = _max_peaker_2022(_duty_inputs())
    assert pyo.value(m.peak_cap["coal_sub", 2022]) == pytest.approx(1.0, rel=1e-9)


def test_history_years_keep_the_fleet_that_existed():
    """With 2021 in the history (history_until = 2021) the unit cannot retire in 2021: online_2021 is fixed at the
    1 GW that existed, although imports could carry everything and retiring would save its fixed O&M (fom 50)."""
    tech = {**FIRM, "coal_sub": {"capacity_credit": 1.0, "fom": 50.0}}
    years = (2020, 2021, 2022)
    inp = tiny_inputs(years=years, exist={"coal_sub": 1.0}, tech=tech, fuel={"import_grid": {"price": 0.0}},
                      import_capacity=2.0, history_until=2021)
    m, res = solve_tiny(inp)
    assert res.optimal
    assert pyo.value(m.online["coal_sub", 2021]) == pytest.approx(1.0)
    assert pyo.value(m.online["coal_sub", 2022]) == pytest.approx(0.0, abs=1e-9)   # free year: retired
