"""CHP as an extraction unit run heat-led (optim.model.heat), checked on hand-solved LPs.

Set-up (tests/tiny.py): one slice day in January (heating season) weighted 365, so every hour of the
year is a heating hour (T_h = 8760 h); flat electric load 1 GW (8.76 TWh). One existing coal CHP unit of
1 GW with heat_to_power r = 1.2 (back-pressure line r gen >= q), power lost per heat cv = 0.15, condensing
heat rate 300 gce/kWh, availability 1; coal 1000 CNY/tce, so CHP power burns 0.3 Mtce/TWh = 300 MCNY/TWh.
Imports 200 MCNY/TWh (cheaper than CHP power). Gas boiler: efficiency 1, gas 2000 CNY/tce, so its heat costs
2000 / 8.141 = 245.67 MCNY/TWh_th. The coal boiler is made expensive (vom 1000 CNY/MWh_th).

Marginal cost of CHP heat when its power only displaces imports: a TWh_th needs 1/1.2 TWh of power
((300 - 200) / 1.2 = 83.33) and cv 0.15 TWh of lost power worth 0.15 x 300 = 45 -> 128.33 MCNY/TWh_th,
cheaper than the gas boiler (245.67): CHP delivers as much heat as it can.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyomo.environ as pyo
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tiny import solve_tiny, tiny_inputs  # noqa: E402

from optim import vocabulary as V  # noqa: E402

CHP = {"coal_chp": {"heat_to_power": 1.2, "power_loss_per_heat": 0.15, "heat_rate": 300.0, "capacity_credit": 1.0},
       "heat_coal_boiler": {"vom": 1000.0}}


def _inputs(heat_twh: float, min_heat_hours: float | None = None, import_price: float = 200.0):
    tech = {k: dict(v) for k, v in CHP.items()}
    if min_heat_hours is not None:
        tech["coal_chp"]["min_heat_hours"] = min_heat_hours
    return tiny_inputs(exist={"coal_chp": 1.0}, tech=tech, months=(1,), heat_mtce=heat_twh / V.MWH_PER_TCE,
                       import_capacity=5.0, fuel={"import_grid": {"price": import_price}, "gas": {"price": 2000.0}})


def _y(m, comp, key):
    return pyo.value(comp[key])


def test_chp_supplies_all_heat_on_its_back_pressure_line():
    """Heat demand 6 TWh_th (q = 6000 / 8760 = 0.68493 GW_th) is below what the unit can give, so CHP
    delivers all of it, and no more power than the back-pressure line needs (its power costs more than
    imports): gen = q / r = 0.57078 GW -> 5.0 TWh. Fuel = 0.3 (5.0 + 0.15 x 6) = 1.77 Mtce, of which the heat
    method allocates 6 / (0.85 x 8.141) = 0.86706 Mtce to heat."""
    inp = _inputs(6.0)
    m, res = solve_tiny(inp)
    assert res.optimal
    assert _y(m, m.chp_heat, ("coal_chp", 2021)) == pytest.approx(6.0, rel=1e-6)
    assert _y(m, m.gen_twh, ("coal_chp", 2021)) == pytest.approx(5.0, rel=1e-6)
    assert _y(m, m.heat_out, ("heat_gas_boiler", 2021)) == pytest.approx(0.0, abs=1e-6)
    assert _y(m, m.chp_fuel, ("coal_chp", 2021)) == pytest.approx(1.77, rel=1e-6)
    assert _y(m, m.chp_heat_fuel, ("coal_chp", 2021)) == pytest.approx(6 / (0.85 * V.MWH_PER_TCE), rel=1e-6)
    assert _y(m, m.power_fuel, ("coal", 2021)) == pytest.approx(1.77 - 6 / (0.85 * V.MWH_PER_TCE), rel=1e-6)


def test_extraction_limits_chp_heat_and_a_boiler_meets_the_rest():
    """Heat demand 10 TWh_th is more than the unit can give: on the back-pressure line gen = q / r and the
    extraction limit gen + cv q <= 1 GW give q (1/1.2 + 0.15) = 1 -> q = 1.016949 GW_th -> 8.9085 TWh_th,
    gen = q / 1.2 = 0.847458 GW -> 7.4237 TWh. The gas boiler supplies 10 - 8.9085 = 1.0915 TWh_th."""
    inp = _inputs(10.0)
    m, res = solve_tiny(inp)
    assert res.optimal
    q = 1.0 / (1 / 1.2 + 0.15)
    assert _y(m, m.chp_heat, ("coal_chp", 2021)) == pytest.approx(q * 8.76, rel=1e-6)
    assert _y(m, m.gen_twh, ("coal_chp", 2021)) == pytest.approx(q / 1.2 * 8.76, rel=1e-6)
    assert _y(m, m.heat_out, ("heat_gas_boiler", 2021)) == pytest.approx(10.0 - q * 8.76, rel=1e-6)


def test_heat_led_duty_forces_chp_to_run_when_boilers_are_cheaper():
    """Make CHP heat dearer than the boiler: imports at 0 MCNY/TWh, so CHP power displaces nothing of value:
    a TWh_th costs 300/1.2 + 45 = 295 > 245.67 (gas boiler). Without a duty the CHP unit stays off; with a
    heat-led duty of 4,000 h (Q >= 4.0 TWh_th per GW) it delivers exactly 4.0 TWh_th and generates
    Q / r = 3.3333 TWh, the rest of the heat (6 - 4 = 2 TWh_th) from the gas boiler."""
    free, res_free = solve_tiny(_inputs(6.0, import_price=0.0))
    assert res_free.optimal
    assert _y(free, free.chp_heat, ("coal_chp", 2021)) == pytest.approx(0.0, abs=1e-6)
    duty, res = solve_tiny(_inputs(6.0, min_heat_hours=4000.0, import_price=0.0))
    assert res.optimal
    assert _y(duty, duty.chp_heat, ("coal_chp", 2021)) == pytest.approx(4.0, rel=1e-6)
    assert _y(duty, duty.gen_twh, ("coal_chp", 2021)) == pytest.approx(4.0 / 1.2, rel=1e-6)
    assert _y(duty, duty.heat_out, ("heat_gas_boiler", 2021)) == pytest.approx(2.0, rel=1e-6)
    # cost of the duty: 4 TWh_th x (295 - 245.67) MCNY/TWh_th in each of the two years (discount factors 1)
    assert res.objective - res_free.objective == pytest.approx(2 * 4.0 * (295.0 - 2000 / V.MWH_PER_TCE), rel=1e-6)
