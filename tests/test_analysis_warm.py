"""Warm equals cold: a sample solved warm (from the study's basis, then from the previous sample's) reaches the
same optimum as a cold solve of the same inputs (optim.analysis.sample_solver). The LP handed to HiGHS is rebuilt
from the sample's inputs either way; only the starting basis differs, so the NPVs agree to solver tolerance and the
pathway's CO2 by year to the same (a degenerate LP may end at another vertex with the same cost, so CO2 is
compared loosely)."""
from __future__ import annotations


import pytest

from optim.analysis.sample_solver import SampleSolver, get_basis
from optim.analysis.settings import settings_from_config
from optim.analysis.uncertainty import prepare
from optim.analysis.ranges import config_with
from optim.config.compose import compose_config
from optim.data.loader import load_region
from optim.inputs import build_inputs
from optim.model import build_lp
from optim.paths import resolve
from optim.solver import solve
from optim.timeseries import time_slices_from_config

pytestmark = pytest.mark.slow


def test_warm_sample_equals_cold(tmp_path):
    cfg = compose_config(["years.end=2025", "analysis=uncertainty", "analysis.samples=3", "solver.threads=1"])
    data = load_region(resolve(cfg.region.data_dir))
    plan = prepare(settings_from_config(cfg), cfg, data, tmp_path / "run")
    slices = time_slices_from_config(data.profiles, cfg)
    study = solve(build_lp(build_inputs(data, cfg, slices)), cfg.solver)
    solver = SampleSolver(cfg, data, slices, plan_cost=True)
    start, start_none = get_basis(study.backend), None
    for i in plan.chains[0]:
        sample_cfg = config_with(cfg, plan.values[i])
        warm, start, start_none = solver.solve(i, 0, sample_cfg, start, start_none)
        cold, _, _ = solver.solve(i, 0, sample_cfg, None, None)
        assert warm.status == cold.status == "optimal"
        assert warm.npv == pytest.approx(cold.npv, rel=1e-7)
        assert warm.npv_no_targets == pytest.approx(cold.npv_no_targets, rel=1e-7)
        assert warm.npv_no_targets <= warm.npv + 1e-6  # removing targets never costs more
        for y in cold.co2:
            assert warm.co2[y] == pytest.approx(cold.co2[y], rel=1e-3, abs=0.05)
