"""Warm re-solve (optim.warm) gives the same optimum as a cold rebuild, for cost and target-level changes."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_robustness import _compose  # noqa: E402

from optim.pipeline import run_study  # noqa: E402
from optim.progress import Progress  # noqa: E402
from optim.warm import warm_compatible  # noqa: E402

BASE = ["years.end=2026", "run.report=false"]
VARIANTS = [[], ["costs.utility_pv.capex.2025=1800", "fuels.gas.price.2025=3000"], ["targets.TJ-002.value=16"],
            ["targets.TJ-004.value=19", "costs.battery.capex_energy.2025=200"]]


def test_warm_equals_cold(tmp_path):
    cache: dict = {}
    for i, extra in enumerate(VARIANTS):
        cfg = _compose(BASE + extra + [f"run.name=w{i}"])
        warm = run_study(cfg, tmp_path / f"warm{i}", Progress(quiet=True), warm_cache=cache)
        cold = run_study(cfg, tmp_path / f"cold{i}", Progress(quiet=True))
        assert warm.status == cold.status == "optimal"
        assert warm.objective == pytest.approx(cold.objective, rel=1e-7), extra
        assert ("warm" in warm.timings) == (i > 0)
        a = (tmp_path / f"warm{i}" / "targets.csv").read_text()
        assert "TJ-002" in a


def test_structural_changes_need_a_rebuild():
    a = _compose(BASE)
    assert warm_compatible(a, _compose(BASE + ["costs.onshore_wind.fom.2030=50"]))
    assert warm_compatible(a, _compose(BASE + ["targets.TJ-010.value=18"]))
    assert not warm_compatible(a, _compose(BASE + ["costs.onshore_wind.lifetime.2020=20"]))
    assert not warm_compatible(a, _compose(BASE + ["policy.strive=soft"]))
    assert not warm_compatible(a, _compose(BASE + ["targets.TJ-010.mode=off"]))
    assert not warm_compatible(a, _compose(["years.end=2027", "run.report=false"]))
    assert not warm_compatible(a, _compose(BASE + ["fuels.coal.emission_factor.2025=2.5"]))


def test_warm_uses_primal_simplex_after_cost_changes_only(tmp_path, monkeypatch):
    """After a change of costs only the kept basis is still primal feasible: primal simplex re-solves it in a few
    pivots. A changed target level moves row bounds (and coefficients): dual simplex, HiGHS's default. Either way
    the instance is left on the default for whoever re-solves it next."""
    from optim.solver import HighsBackend

    calls: list[str] = []
    original = HighsBackend.use_simplex

    def spy(self, which):
        calls.append(which)
        original(self, which)
    monkeypatch.setattr(HighsBackend, "use_simplex", spy)
    cache: dict = {}
    expected = {1: ["primal", "dual"], 2: ["dual", "dual"], 3: ["dual", "dual"]}
    for i, extra in enumerate(VARIANTS):
        calls.clear()
        cfg = _compose(BASE + extra + [f"run.name=s{i}"])
        assert run_study(cfg, tmp_path / f"s{i}", Progress(quiet=True), warm_cache=cache).status == "optimal"
        assert calls == expected.get(i, []), (extra, calls)
    assert cache["state"].result.backend.h.getOptionValue("simplex_strategy")[1] == 1
