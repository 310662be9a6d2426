"""A 2-job sweep through the Ray launcher (hydra/launcher=ray, config configs/launcher/ray_local.yaml).

The launcher starts a local Ray instance (2 CPUs, no dashboard) in the optim process and Ray
stops it when that process ends. Skipped when ray or hydra-ray-launcher is not installed
(pip install -e '.[ray]') or when Ray cannot start here. ~20-40 s.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _need(module: str, what: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{what} is not installed (pip install -e '.[ray]')")


@pytest.fixture(scope="module")
def ray_available():
    _need("ray", "ray")
    _need("hydra_plugins.hydra_ray_launcher", "hydra-ray-launcher")
    # Can Ray start here at all? (a sandbox without shared memory or sockets makes it fail)
    probe = ("import ray; ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False); "
             "assert ray.get(ray.remote(lambda: 1).remote()) == 1; ray.shutdown()")
    try:
        p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        pytest.skip("Ray did not start within 180 s")
    if p.returncode != 0:
        pytest.skip(f"Ray cannot start here: {p.stderr.strip().splitlines()[-1] if p.stderr.strip() else p.returncode}")


def test_two_job_sweep_on_ray(ray_available, tmp_path):
    sweep = tmp_path / "sweep"
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0", PYTHONUNBUFFERED="1")
    p = subprocess.run([sys.executable, "-m", "optim", "-m", "+launcher=ray_local", "years.end=2021",
                        "policy.strive=hard,soft", f"hydra.sweep.dir={sweep}", f"run.results_dir={tmp_path}"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    for k, strive in enumerate(("hard", "soft")):
        man = json.loads((sweep / f"run{k:03d}" / "manifest.json").read_text())
        assert man["status"] == "optimal"
        assert man["config"]["policy"]["strive"] == strive
        assert man["config"]["solver"]["threads"] == 1
    log = (sweep / "progress.log").read_text().splitlines()
    assert sum(ln.startswith("run ") for ln in log) == 2 and any("2 of 2 done" in ln for ln in log)
