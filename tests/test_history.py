"""History years are calibrated, not re-optimised (optim.model.history, optim.model.targets), on hand-checked LPs.

Set-up (tests/tiny.py): one slice day weighted 365, flat load 1 GW (8.76 TWh), discount rate 0; coal at
300 gce/kWh and 1000 CNY/tce, so coal power costs 300 MCNY/TWh; imports cost 200 MCNY/TWh (cheaper).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyomo.environ as pyo
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tiny import solve_tiny, tiny_inputs  # noqa: E402

from optim.calibration import Observation  # noqa: E402
from optim.results.targets_table import targets_table  # noqa: E402

FIRM = {"coal_sub": {"capacity_credit": 1.0}, "interconnector": {"capacity_credit": 1.0}}
CHEAP_IMPORTS = {"import_grid": {"price": 200.0}}


def _obs(indicator, year, value, tol, unit="TWh"):
    return {(indicator, year): Observation(indicator, year, value, unit, tol, "test statistic", "H")}


def _inputs(history_until=2021, observed=None, calibrate=("thermal_generation",), targets=None):
    inp = tiny_inputs(years=(2020, 2021, 2022), exist={"coal_sub": 2.0}, tech=FIRM, fuel=CHEAP_IMPORTS,
                      import_capacity=2.0, history_until=history_until, targets=targets)
    inp.observed = observed or {}
    inp.system.history_calibrate = list(calibrate)
    return inp


def test_thermal_generation_is_held_within_its_tolerance_in_history_years_only():
    """Imports (200) are cheaper than coal (300), so the LP imports everything unless held. With thermal
    generation observed at 5.0 TWh +- 2 % in 2021 (a history year) coal gives exactly the lower end, 4.9 TWh;
    2022 is free (and has no statistic): coal gives 0. The same statistic for 2022 with history_until = 2021 is
    not imposed: reported only."""
    obs = {**_obs("thermal_generation", 2021, 5.0, 2.0), **_obs("thermal_generation", 2022, 5.0, 2.0)}
    m, res = solve_tiny(_inputs(observed=obs))
    assert res.optimal
    assert pyo.value(m.gen_twh["coal_sub", 2021]) == pytest.approx(4.9, rel=1e-9)
    assert pyo.value(m.gen_twh["coal_sub", 2022]) == pytest.approx(0.0, abs=1e-9)
    assert [(k, y) for k, y in m.HIST] == [("thermal_generation", 2021)]


def test_share_statistic_is_held_in_points():
    """vre_utilisation observed 90 % +- 1 point in 2021 with 2 GW of PV at CF 1 (so 17.52 TWh available,
    twice the 8.76 TWh load) and no way to store: the LP must use at least 89 % of it, which is more than the
    load can take -> infeasible; at 40 % +- 1 point it uses at most 41 %... of 17.52 = 7.18 TWh and imports the
    rest (PV is free, so it sits at the upper end, 41 %)."""
    def inp_with(value):
        inp = tiny_inputs(years=(2020, 2021), exist={"coal_sub": 2.0, "utility_pv": 2.0}, cf={"utility_pv": 1.0},
                          tech=FIRM, fuel=CHEAP_IMPORTS, import_capacity=2.0, history_until=2021)
        inp.observed = _obs("vre_utilisation", 2021, value, 1.0, unit="%")
        inp.system.history_calibrate = ["vre_utilisation"]
        return inp
    m, res = solve_tiny(inp_with(40.0))
    assert res.optimal
    assert pyo.value(m.gen_twh["utility_pv", 2021]) == pytest.approx(0.41 * 17.52, rel=1e-9)
    _, res = solve_tiny(inp_with(90.0))
    assert not res.optimal


def test_a_target_in_history_years_is_reported_not_imposed():
    """'Coal keeps falling' from 2020 to 2022 (TJ-006 style). Coal use is forced up in 2021 by a thermal
    statistic (5.0 TWh +- 0 -> 1.5 Mtce, more than 2020's 0): the 2021 row lies in the history, so it is not
    imposed (else infeasible against the statistic) but reported as missed; the 2022 row is imposed
    (coal_2022 <= coal_2021) and holds."""
    target = dict(id="T-1", year=2022, indicator="coal_use_decline", sense="decrease", value=None, unit="Mtce",
                  baseline_year=2020, strength="qualitative")
    obs = _obs("thermal_generation", 2021, 5.0, 0.0)
    m, res = solve_tiny(_inputs(observed=obs, targets=[target]))
    assert res.optimal
    t = targets_table(res.lp, res).set_index("year")
    assert t.loc[2021, "mode"] == "history" and "missed" in t.loc[2021, "meaning"]
    assert t.loc[2021, "achieved"] == pytest.approx(1.5, rel=1e-9)
    assert t.loc[2022, "mode"] == "hard"
    assert t.loc[2022, "achieved"] <= t.loc[2022, "required"] + 1e-9
