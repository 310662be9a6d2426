"""Regression tests for issue 12, "Bad input that gets through or crashes": each defect, checked where
it is decided (schema, overrides, data loader, results folder) and from the command line."""
from __future__ import annotations

import errno
import json
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from optim.config.compose import compose_config
from optim.data.errors import ConfigError, DataError, InputError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "tianjin"
SHORT = ["years.end=2021", "run.report=false", "solver.threads=1"]


def cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "optim", *args], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, PYTHONUNBUFFERED="1"))


# ----------------------------------------------------------------- target values and penalties

@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999"])
def test_non_finite_target_value_is_refused_before_any_data_is_read(value):
    with pytest.raises(ConfigError, match=r"targets\.TJ-010\.value.*finite number"):
        compose_config([f"targets.TJ-010.value={value}"])


@pytest.mark.parametrize("penalty, text", [("nan", "finite"), ("inf", "finite"), ("-1", "greater than or equal to 0")])
def test_bad_target_penalty_is_refused(penalty, text):
    with pytest.raises(ConfigError, match=text):
        compose_config([f"targets.TJ-010.penalty={penalty}"])


def test_target_value_range_follows_the_indicator():
    from optim.data.loader import load_region
    from optim.config.overrides import apply_target_overrides

    reg = load_region(DATA).targets
    ok = apply_target_overrides(reg, {"TJ-010": {"value": 24.0}})
    assert float(ok.set_index("id").value["TJ-010"]) == 24.0
    for tid, value, text in [("TJ-010", -5, r"\[0, 100\] %"), ("TJ-010", 101, r"\[0, 100\] %"),
                             ("TJ-024", -1, r"\[0, inf\] GW"), ("TJ-001", 1999, "year"), ("TJ-001", 2030.5, "whole year"),
                             ("TJ-003", 150, r"\[-100, 100\]")]:
        with pytest.raises(ConfigError, match=text):
            apply_target_overrides(reg, {tid: {"value": value}})


def test_manifest_is_strict_json_even_with_a_non_finite_number(tmp_path):
    """manifest.json never holds Infinity / NaN (invalid JSON): a non-finite number is written as null."""
    from types import SimpleNamespace

    from optim.pipeline import _write_manifest

    from optim.config.schema import TargetOverride
    from tests.tiny import tiny_config

    cfg = tiny_config([2020, 2025])  # validation refuses inf; a value that slipped past it must still give strict JSON
    cfg.targets["TJ-010"] = TargetOverride.model_construct(value=math.inf)
    result = SimpleNamespace(objective=math.nan, highs_version="x", rows=1, columns=1, nonzeros=1)
    _write_manifest(tmp_path, cfg, SimpleNamespace(file_hashes={}), result, {"solve": 1.0}, "optimal", [])
    text = (tmp_path / "manifest.json").read_text()
    assert "Infinity" not in text and "NaN" not in text
    m = json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    assert m["objective_mcny"] is None and m["config"]["targets"]["TJ-010"]["value"] is None


# ----------------------------------------------------------------- target indicators in targets.csv

def test_misspelled_indicator_is_a_data_error_naming_file_line_and_valid_names(tmp_path):
    from optim.data.loader import load_region
    from optim.model.targets import indicator_names

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    text = (data / "targets.csv").read_text(encoding="utf-8")
    (data / "targets.csv").write_text(text.replace(",nonfossil_share,>=,11.7", ",nonfosil_share,>=,11.7", 1), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_region(data)
    msg = str(e.value)
    assert "targets.csv: line 5" in msg and "nonfosil_share" in msg and "Did you mean 'nonfossil_share'" in msg
    for name in indicator_names():
        assert name in msg


def test_every_constraint_row_of_the_registry_has_a_valid_indicator():
    from optim.data.loader import load_region

    load_region(DATA)  # the shipped registry passes the new check


# ----------------------------------------------------------------- data overrides: key shapes

def test_override_without_year_or_with_a_scalar_for_a_table_says_the_key_shape():
    from optim.config.overrides import apply_overrides

    base = {"utility_pv": {"capex": {2020: 3000.0, 2030: 2200.0}}}
    with pytest.raises(ConfigError, match=r"costs\.utility_pv\.capex\.<year>=<value>"):
        apply_overrides(base, {"utility_pv": {"capex": 2000}}, "costs")
    with pytest.raises(ConfigError, match=r"costs\.utility_pv\.<parameter>\.<year>=<value>"):
        apply_overrides(base, {"utility_pv": 5}, "costs")
    with pytest.raises(ConfigError, match="names one number, not a table"):
        apply_overrides(base, {"utility_pv": {"capex": {"2030": {"x": 1}}}}, "costs")
    assert apply_overrides(base, {"utility_pv": {"capex": {"2027": 2500}}}, "costs")["utility_pv"]["capex"][2027] == 2500.0
    with pytest.raises(ConfigError, match=r"costs\.utility_pv\.capex\.<year>=<value>"):
        compose_config(["costs.utility_pv.capex=2000"])


# ----------------------------------------------------------------- green imports, "did you mean"

def test_green_import_availability_can_be_overridden_per_year():
    cfg = compose_config(["system.green_import_available_twh.2027=30", "system.green_import_available_twh.2030=40"])
    assert cfg.system.green_import_available_twh == {2020: 2.0, 2025: 25.0, 2027: 30.0, 2030: 40.0, 2035: 60.0}
    with pytest.raises(ConfigError, match=r"system\.green_import_available_twh\.<year>=<value>"):
        compose_config(["system.green_import_available_twh=30"])


def test_a_suggestion_is_never_the_key_itself():
    from optim.data.errors import closest, did_you_mean

    assert closest("a.b", ["a.b", "a.c"]) == "a.c"
    assert did_you_mean("x", ["x"]) == ""
    from optim.config.hydra_errors import hydra_message

    for key in ("system.green_import_available_twh.2025", "years.end"):
        msg = hydra_message(f"Could not override '{key}'.", [key.split(".")[0] + "=5", key + "=1"])
        assert f"Did you mean '{key}'" not in msg, msg


# ----------------------------------------------------------------- economics ranges

def test_every_economics_override_is_range_checked_with_its_unit():
    from optim.config.overrides import ECONOMICS_RANGES, apply_overrides

    for key, rng in ECONOMICS_RANGES.items():
        inside = rng.lo if not rng.lo_open else (rng.lo + min(rng.hi, rng.lo + 1)) / 2
        apply_overrides({key: {2020: inside}}, {key: {"2020": inside}}, "economics")
        for bad in (rng.lo - 1, rng.hi + 1 if math.isfinite(rng.hi) else -1e9, math.nan):
            with pytest.raises(ConfigError) as e:
                apply_overrides({key: {2020: inside}}, {key: {"2020": bad}}, "economics")
            assert rng.unit in str(e.value) or "finite" in str(e.value)
    with pytest.raises(ConfigError, match=r"\[122\.9, 450\] gce/kWh"):
        apply_overrides({"coal_equivalent_rate_gce_per_kwh": {2030: 297.2}},
                        {"coal_equivalent_rate_gce_per_kwh": {"2030": -300}}, "economics")


# ----------------------------------------------------------------- solver seed, time.days, run.name

def test_random_seed_outside_highs_range_is_refused():
    assert compose_config(["solver.random_seed=2147483647"]).solver.random_seed == 2147483647
    with pytest.raises(ConfigError, match="2147483647"):
        compose_config(["solver.random_seed=2147483648"])


def test_time_days_only_with_clustered():
    assert compose_config(["time=clustered", "time.days=24"]).time.days == 24
    with pytest.raises(ConfigError, match="applies only to time=clustered"):
        compose_config(["time.days=24"])


@pytest.mark.parametrize("name", ["../x", "/tmp/x", "a/b", "..", ".", "x" * 121, "天" * 70])
def test_run_name_must_stay_inside_results_dir(name):
    with pytest.raises(ConfigError, match="run.name"):
        compose_config([f"run.name='{name}'"])


# ----------------------------------------------------------------- results location, races, full disk

def _cfg(tmp_path, name="r"):
    return compose_config([*SHORT, f"run.results_dir={tmp_path}", f"run.name={name}"])


@pytest.mark.parametrize("where", ["file", "under_file", "not_writable"])
def test_results_location_is_checked_before_any_data_is_loaded(tmp_path, monkeypatch, where):
    import optim.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load_region", lambda *a: pytest.fail("data loaded before the results check"))
    (tmp_path / "file").write_text("x")
    out = {"file": tmp_path / "file" / "r", "under_file": tmp_path / "file" / "sub" / "r",
           "not_writable": tmp_path / "ro" / "r"}[where]
    if where == "not_writable":
        (tmp_path / "ro").mkdir()
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, m, **k: False if Path(p) == tmp_path / "ro" else real(p, m, **k))
    with pytest.raises(InputError, match="is a file|not writable"):
        pipeline.run_study(_cfg(tmp_path), out)


def test_full_disk_while_writing_results_is_a_clean_error_and_leaves_nothing(tmp_path, monkeypatch):
    import optim.results.export as export
    from optim.pipeline import run_study
    from optim.progress import Progress

    def full(*a, **k):
        (a[3] / "pathway.nc").write_bytes(b"half")  # export_all(lp, cfg, result, folder)
        raise OSError(errno.ENOSPC, "No space left on device", str(a[3] / "pathway.nc"))
    monkeypatch.setattr(export, "export_all", full)
    with pytest.raises(InputError, match="disk is full") as e:
        run_study(_cfg(tmp_path), tmp_path / "r", Progress(quiet=True))
    assert e.value.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_full_disk_from_the_command_line(tmp_path, monkeypatch):
    """Exit 2, one paragraph, no traceback, no folder (in-process CLI, the writer raising ENOSPC)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import optim.results.export as export
    from bad_input_harness import _inprocess

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(export, "export_all", full)
    code, out = _inprocess("optim", [*SHORT, f"run.results_dir={tmp_path}", "run.name=r"])
    assert code == 2 and "disk is full" in out and "Traceback" not in out, out[-2000:]
    assert list(tmp_path.iterdir()) == []


def test_a_real_full_disk_does_not_crash(tmp_path):
    """pathway.nc written by libhdf5 straight to a full disk used to segfault at exit: a 150 kB tmpfs."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=150k", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        p = cli(*SHORT, f"run.results_dir={mnt}", "run.name=r")
        text = p.stdout + p.stderr
        assert p.returncode == 2, (p.returncode, text[-3000:])
        assert "disk is full" in text and "Traceback" not in text
        assert list(mnt.iterdir()) == []
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def test_publish_never_replaces_a_folder_that_appeared(tmp_path):
    from optim.run_folder import claim, publish

    out = tmp_path / "r"
    tmp = claim(out)
    (tmp / "a.csv").write_text("mine")
    out.mkdir()
    (out / "keep.txt").write_text("theirs")
    with pytest.raises(InputError, match="appeared while this run was working"):
        publish(tmp, out)
    assert (out / "keep.txt").read_text() == "theirs" and not (out / "a.csv").exists()


def test_two_runs_racing_for_the_same_name(tmp_path):
    """The second run fails at once (exit 2, no traceback); the first finishes and keeps its folder."""
    # the first run must still be working when the second starts (about 3 s of imports): a 2020-2030 solve, ~15 s
    args = ["years.end=2030", "run.report=false", "solver.threads=1", f"run.results_dir={tmp_path}", "run.name=race"]
    first = subprocess.Popen([sys.executable, "-m", "optim", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
    deadline = time.time() + 120
    while not any(p.name.startswith("race.partial-") for p in tmp_path.iterdir()):
        assert time.time() < deadline and first.poll() is None, "the first run never claimed its folder"
        time.sleep(0.05)
    second = cli(*args)
    out, _ = first.communicate(timeout=300)
    text = second.stdout + second.stderr
    assert second.returncode == 2 and "Another run (process" in text and "Traceback" not in text, text[-2000:]
    assert first.returncode == 0, out[-2000:]
    assert json.loads((tmp_path / "race" / "manifest.json").read_text())["status"] == "optimal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race"]


# ----------------------------------------------------------------- optim-compare

def test_compare_lists_a_damaged_run_and_compares_the_others(tmp_path, capsys):
    import pandas as pd

    sys.path.insert(0, str(Path(__file__).parent))
    from bad_input_harness import fake_run

    from optim import compare

    fake_run("a")(tmp_path)
    fake_run("b", targets_csv="id,year,indicator,binding,shadow_price_mcny,unit\nTJ-004,2021,nonf")(tmp_path)
    assert compare.main([str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "b is damaged" in err and "targets.csv is truncated" in err
    long = pd.read_csv(tmp_path / "out" / "comparison.csv")
    assert long.groupby("run").status.first().to_dict() == {"a": "optimal", "b": "damaged"}
    assert compare.main([str(tmp_path / "b"), "--out", str(tmp_path / "out2")]) == 2  # nothing readable
