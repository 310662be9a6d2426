"""A second region runs end to end with no code change (issue 13: the region is data).

tests/regions/toy/ is a made-up region with its own fleet, profiles, targets, observed statistics and heating
season (December-February, configs/region/toy.yaml). These tests run it through the normal CLI and loader and
check that nothing of Tianjin leaks in: the report is titled by the region, only the region's own targets
(scope ``toy``) are imposed, its heating months reach the time slices and its history is its own.
"""
from __future__ import annotations

import pandas as pd
import pytest

from optim.config.compose import compose_config
from optim.data.loader import load_region
from optim.paths import resolve
from optim.timeseries import time_slices_from_config
from tests.conftest import run_cli

TOY = ["region=toy", "years.end=2026"]


@pytest.fixture(scope="module")
def toy_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("toy")
    p = run_cli(*TOY, f"run.results_dir={out}", "run.name=toy", "run.report=true")
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    return out / "toy"


def test_toy_config_is_the_regions_own():
    cfg = compose_config(TOY)
    assert cfg.region.name == "toy" and cfg.region.title == "Toy region"
    # the region file overrides the defaults of config.yaml (it comes after _self_ in the defaults list)
    assert cfg.system.history_until == 2021 and cfg.system.calibrate_2020 is False
    assert cfg.targets == {}, "Tianjin's target values must not follow into another region"


def test_toy_heating_months_reach_the_time_slices():
    cfg = compose_config(TOY)
    data = load_region(resolve(cfg.region.data_dir))
    ts = time_slices_from_config(data.profiles, cfg)
    assert tuple(ts.heating_months) == (12, 1, 2)


def test_toy_report_and_targets(toy_run):
    report = (toy_run / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Toy region"), report[:200]
    assert "Tianjin" not in report
    targets = pd.read_csv(toy_run / "targets.csv")
    ids = set(targets["id"])
    # TOY-5 has scope other_place: kept out; TOY-1..4 are the toy's own
    assert "TOY-5" not in ids
    assert {"TOY-1", "TOY-2", "TOY-3"} <= ids
    assert not any(i.startswith(("TJ-", "PW-", "UR-")) for i in ids)
    imposed = targets[targets["mode"] != "history"]
    assert imposed["year"].min() > 2021, "years up to the toy's history_until (2021) are history, not imposed"
    # every imposed >= / <= target is met (hard mode, no shortfall)
    assert (imposed["shortfall"].abs() < 1e-6).all()


def test_toy_backcast_is_the_toys_statistics(toy_run):
    back = pd.read_csv(toy_run / "backcast.csv")
    observed = pd.read_csv(resolve("tests/regions/toy/observed.csv"))
    assert set(zip(back["indicator"], back["year"])) == set(zip(observed["indicator"], observed["year"]))
    cons = back[(back["indicator"] == "electricity_consumption") & (back["year"] == 2021)].iloc[0]
    # the toy's history pins consumption within its 1 % tolerance of 10.4 TWh
    assert abs(cons["model"] - 10.4) <= 0.0104 * 10.4 + 1e-6, cons


@pytest.mark.parametrize("rules", [False, True])
def test_region_rules_are_the_regions_choice(rules):
    """The coal-boiler and heating-coal rules are Tianjin's (TJ-017/BC-011, UR-024), set in configs/region/tianjin.yaml:
    another region gets them only when its config says so. With the rules on there is one row per year after the
    base year (coal boilers: 2021-2026) and one per free year (heating coal: 2022-2026, each against the year before,
    with the toy's history to 2021)."""
    from optim.inputs import build_inputs
    from optim.model.families import build_lp

    switches = [f"system.no_new_coal_boilers={rules}", f"system.heating_coal_keeps_falling={rules}"]
    cfg = compose_config(TOY + switches)
    data = load_region(resolve(cfg.region.data_dir))
    m = build_lp(build_inputs(data, cfg, time_slices_from_config(data.profiles, cfg))).model
    boilers, heating = getattr(m, "coal_boiler_decline", None), getattr(m, "heating_coal_decline", None)
    if not rules:
        assert boilers is None and heating is None
    else:
        assert len(boilers) == 2026 - 2020 and sorted(y for y in heating) == [2022, 2023, 2024, 2025, 2026]


def test_tianjin_sets_its_heating_rules():
    cfg = compose_config([])
    assert cfg.system.no_new_coal_boilers and cfg.system.heating_coal_keeps_falling
    assert not compose_config(TOY).system.no_new_coal_boilers
