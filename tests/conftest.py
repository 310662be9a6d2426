"""Shared fixtures: the default Tianjin study, run once per test session as a user runs it (the CLI)."""
from __future__ import annotations

import subprocess
import sys

import pytest


def run_cli(*args, timeout=900):
    return subprocess.run([sys.executable, "-m", "optim", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def default_run(tmp_path_factory):
    """(folder, completed process) of `optim run.results_dir=<tmp> run.name=default`."""
    out = tmp_path_factory.mktemp("results")
    proc = run_cli(f"run.results_dir={out}", "run.name=default")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out / "default", proc
