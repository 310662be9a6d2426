"""The sampling machinery of the uncertainty analysis on a hand-checked case (tests/tiny.py).

Coal costs 0.3 MCNY/GWh; utility PV with CF 0.5 produces 4,380 GWh per GW, so an annuity A (MCNY/GW/yr) costs
A / 4,380 MCNY/GWh. A non-fossil share target of 20 % in 2021 (one point = 1 % of 8,760 GWh = 87.6 GWh moved from
coal to PV) has the dual
    price(A) = 87.6 x (A / 4,380 - 0.3) = 0.02 A - 26.28   MCNY per point  when A > 1,314 (PV dearer than coal),
    price(A) = 0  and the target does not bind          when A < 1,314 (PV is built for the whole load).
A is drawn uniformly on [a, b] by a 1-factor Latin hypercube of N samples: exactly one draw in each stratum
[a + k (b - a)/N, a + (k + 1)(b - a)/N), so
  - for [a, b] = [1,500, 2,500] (always binding) the sample median of the price lies within 0.02 (b - a)/N of
    price((a + b)/2) = 0.02 x 2,000 - 26.28 = 13.72, i.e. the dual's P50 is the price at the mid cost: it equals the
    mid cost difference (A/4,380 - 0.3) x 87.6 at (a + b)/2;
  - for [a, b] = [1,000, 2,000] the probability that the target binds is P(A > 1,314) = (2,000 - 1,314)/1,000 = 0.686
    in closed form, and the sampled share lies within 1/N of it.
Each sample is solved warm from the basis of the one before it (optim.analysis.sample_solver.set_basis).
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tiny import tiny_inputs  # noqa: E402

from optim.analysis.ranges import Factor, RangeRow, settings  # noqa: E402
from optim.analysis.sample_solver import SampleRecord, get_basis, set_basis  # noqa: E402
from optim.analysis.sampling import chains, latin_hypercube  # noqa: E402
from optim.analysis.summary import samples_table, sensitivity_table, summary_table  # noqa: E402
from optim.model import build_lp  # noqa: E402
from optim.model.targets import outcomes, target_price  # noqa: E402
from optim.solver import SolveResult, compile_lp, load_solution  # noqa: E402
from optim.solver.highs import HighsBackend  # noqa: E402

N = 20
OPTS = {"threads": 1, "random_seed": 0, "method": "simplex", "presolve": "choose", "time_limit": 60}


def _solve(annuity: float, start):
    inp = tiny_inputs(exist={"coal_sub": 2.0}, cf={"utility_pv": 0.5},
                      tech={"coal_sub": {"capacity_credit": 1.0}, "utility_pv": {"capex": annuity * 30, "lifetime": 30.0}},
                      targets=[dict(id="T-1", year=2021, indicator="nonfossil_share", sense=">=", value=20.0, unit="%")])
    lp = build_lp(inp)
    c = compile_lp(lp)
    be = HighsBackend(OPTS)
    be.load(c)
    if start is not None:
        assert set_basis(be, start)
    be.run()
    res = SolveResult(be.status(), None, lp, c, be, {})
    load_solution(res)
    rows = outcomes(lp, res.duals)["T-1"]
    return res, target_price(rows), any(r.binding for r in rows), get_basis(be)


def _run(a: float, b: float, seed: int = 3):
    factor = Factor("pv_annuity", (RangeRow("pv.annuity", "absolute", a, b, "uniform", "MCNY/GW/yr", ("pv.annuity",)),))
    U = latin_hypercube(1, N, seed)
    values = [settings(factor, float(U[i, 0]), lambda k: 0.0) for i in range(N)]
    records, start = {}, None
    for chain in chains(U, np.array([0.5]), N):
        for i in chain:
            res, price, binds, start = _solve(values[i][0][1], start)
            rec = SampleRecord(i, 0, res.status, npv=res.objective, price={"T-1": price}, binds={"T-1": binds})
            records[i] = dataclasses.asdict(rec)
    return samples_table(records, [factor], U, values, ["T-1"]), [factor]


def test_lhs_strata_and_chains():
    U = latin_hypercube(3, N, 7)
    for j in range(3):  # one draw per stratum in every dimension
        assert sorted(np.floor(U[:, j] * N).astype(int)) == list(range(N))
    assert np.array_equal(U, latin_hypercube(3, N, 7)) and not np.array_equal(U, latin_hypercube(3, N, 8))
    ch = chains(U, np.full(3, 0.5), 6)
    assert [len(c) for c in ch] == [6, 6, 6, 2] and sorted(i for c in ch for i in c) == list(range(N))


def test_median_dual_is_the_price_at_the_mid_cost():
    samples, _ = _run(1500.0, 2500.0)
    assert (samples.status == "optimal").all()
    s = summary_table(samples, {"T-1": "%"}).set_index("result").loc["price_mcny.T-1"]
    assert s.probability_binds == 1.0
    assert s.p50 == pytest.approx(0.02 * 2000.0 - 26.28, abs=0.02 * 1000.0 / N)
    # every sample's dual is the cost difference times 87.6 GWh per point, exactly
    a = samples["in.pv_annuity"].to_numpy()
    assert np.allclose(samples["price_mcny.T-1"], 87.6 * (a / 4380.0 - 0.3), rtol=1e-6)


def test_binding_probability_in_closed_form():
    samples, factors = _run(1000.0, 2000.0)
    s = summary_table(samples, {"T-1": "%"}).set_index("result").loc["price_mcny.T-1"]
    assert s.probability_binds == pytest.approx((2000.0 - 1314.0) / 1000.0, abs=1.0 / N)
    assert s.p5 == pytest.approx(0.0, abs=1e-9)  # the samples below 1,314 give a zero price
    sens = sensitivity_table(samples, factors, ["price_mcny.T-1"])
    assert sens.src.iloc[0] > 0.8  # the price rises with PV's cost: a positive standardised coefficient
