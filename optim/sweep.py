"""Sweep bookkeeping shared by the CLI (progress of a multirun) and optim-compare.

A Hydra multirun writes ``<sweep>/multirun.yaml`` (the sweep's config, with the sweep
overrides such as ``policy.strive=hard,soft`` in ``hydra.overrides.task``) before it starts
the jobs; each job of this project writes ``<sweep>/runNNN/``. From these two:

- :func:`sweep_job_count` is the number of jobs of the sweep (the product of the sweep lists,
  as Hydra's basic sweeper expands them), or ``None`` when it cannot be derived;
- :func:`record_job_done` appends one line per finished job to ``<sweep>/progress.log``
  ("run k of N done, elapsed, estimated remaining") and returns it for printing. It works
  for every launcher (basic, joblib, ray, submitit) because it only uses the sweep folder:
  the line count is kept under a file lock, so jobs finishing at the same time do not mix.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

RUN_DIR = re.compile(r"^run(\d{3,})$")
PROGRESS_LOG = "progress.log"


def sweep_overrides(sweep_dir: Path) -> list[str] | None:
    """The sweep's command-line overrides (with their comma lists) from multirun.yaml."""
    import yaml

    f = Path(sweep_dir) / "multirun.yaml"
    if not f.exists():
        return None
    try:
        cfg = yaml.safe_load(f.read_text(encoding="utf-8"))
        hydra = cfg.get("hydra", {})
        params = [f"{k}={v}" for k, v in (hydra.get("sweeper", {}).get("params") or {}).items()]
        return params + list(hydra.get("overrides", {}).get("task", []))
    except Exception:  # noqa: BLE001 - a damaged multirun.yaml only costs the job count
        return None


def sweep_jobs(overrides: list[str]) -> list[list[str]] | None:
    """The override lists of the sweep's jobs (Hydra's basic sweeper), None when they cannot be listed."""
    try:
        from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
        from hydra.core.override_parser.overrides_parser import OverridesParser

        parsed = OverridesParser.create().parse_overrides(list(overrides))
        return [job for batch in BasicSweeper.split_arguments(parsed, None) for job in batch]
    except Exception:  # noqa: BLE001 - glob() of config groups etc.: Hydra reports it itself
        return None


def count_jobs(overrides: list[str]) -> int | None:
    """Number of jobs Hydra's basic sweeper makes of these overrides (None if unknown)."""
    jobs = sweep_jobs(overrides)
    return None if jobs is None else len(jobs)


def sweep_job_count(sweep_dir: Path) -> int | None:
    ov = sweep_overrides(sweep_dir)
    return None if ov is None else count_jobs(ov)


def sweep_start_time(sweep_dir: Path) -> float | None:
    """Epoch seconds at which the sweep started (multirun.yaml is written just before the jobs)."""
    f = Path(sweep_dir) / "multirun.yaml"
    return f.stat().st_mtime if f.exists() else None


def _fmt(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def record_job_done(sweep_dir: Path, job_num: int, status: str, job_seconds: float) -> str:
    """Append "run k of N done ..." to <sweep>/progress.log and return the line."""
    import fcntl

    sweep_dir = Path(sweep_dir)
    sweep_dir.mkdir(parents=True, exist_ok=True)
    n = sweep_job_count(sweep_dir)
    now = time.time()
    t0 = sweep_start_time(sweep_dir)
    header_tag = f"t0={t0:.0f}" if t0 is not None else "t0=?"
    with open(sweep_dir / PROGRESS_LOG, "a+", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            f.seek(0)
            lines = f.read().splitlines()
            starts = [i for i, ln in enumerate(lines) if ln.startswith("# sweep") and ln.endswith(header_tag)]
            if not starts:
                if t0 is None:
                    t0 = now - job_seconds
                stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t0))
                f.write(f"# sweep started {stamp}, {n if n is not None else '?'} jobs, {header_tag}\n")
                done_before = 0
            else:
                done_before = sum(1 for ln in lines[starts[-1] + 1:] if ln.startswith("run "))
            k = done_before + 1
            elapsed = now - (t0 if t0 is not None else now - job_seconds)
            if n is not None and n >= k:
                remaining = f"estimated remaining {_fmt(elapsed / k * (n - k))}"
                of = f"{k} of {n}"
            else:
                remaining, of = "estimated remaining unknown", f"{k} of ?"
            line = (f"run {of} done (run{job_num:03d}: {status}, {_fmt(job_seconds)}); "
                    f"elapsed {_fmt(elapsed)}, {remaining}")
            f.write(line + "\n")
            f.flush()
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
    return line


def job_status(run_dir: Path) -> str:
    """Status of a finished job from its folder (manifest.json or failure.json)."""
    import json

    for name in ("manifest.json", "failure.json"):
        f = Path(run_dir) / name
        if f.exists():
            try:
                return str(json.loads(f.read_text(encoding="utf-8")).get("status", "?"))
            except ValueError:
                return "?"
    return "no results folder"
