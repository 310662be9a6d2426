"""Checks before a sweep (``optim -m ...``) starts, and its outcome when it ends.

Before the sweep (:func:`prepare_sweep`), nothing is run or written until
- every override parses, and every swept value composes (an unknown key or a config group option
  that does not exist is reported with its job, exit code 2, instead of Hydra's raw text part-way
  through the sweep). Values of known keys (a negative capex, ``policy.strive=sofft``) are checked
  per job as before: such a job writes ``runNNN/failure.json`` and the sweep goes on;
- ``hydra.sweep.dir`` is a folder that can be created, and holds no earlier sweep: a sweep never
  reports an earlier sweep's results as its own nor rewrites its ``multirun.yaml``. With
  ``run.skip_if_complete=true`` and the same sweep overrides, the earlier sweep is resumed (its
  complete jobs are skipped). The default folder (a timestamp) gets a suffix when it is taken.
The sweep folder is then pinned (``hydra.sweep.dir=<absolute path>``) for Hydra.

After the sweep (:func:`finish_sweep`), the jobs that did not end optimal are printed with their
reason, and the exit code is 0 when at least one job ended optimal, else the code a single run of
the first failed job would have given (2 bad input, 3 infeasible, 4 solver trouble, 1 internal
error or no folder).
"""
from __future__ import annotations

import sys
from pathlib import Path

from optim.data.errors import InputError
from optim.sweep import RUN_DIR, sweep_job_count, sweep_jobs

#: Hydra flags that do not run the jobs (print the config, help, ...)
NO_RUN_FLAGS = ("--cfg", "-c", "--help", "-h", "--hydra-help", "--info", "-i", "--resolve", "--shell-completion", "-sc")
VALUE_FLAGS = ("--config-path", "-cp", "--config-name", "-cn", "--config-dir", "-cd", "--experimental-rerun")
STATUS_CODES = {"optimal": 0, "input_error": 2, "damaged": 2, "infeasible": 3, "infeasible_or_unbounded": 3,
                "error": 1, "missing": 1, "incomplete": 1}


def is_sweep_run(argv: list[str]) -> bool:
    """A multirun that will run jobs (not ``-m --cfg job`` or ``-m --help``)."""
    return any(a in ("-m", "--multirun") for a in argv) and not any(a in NO_RUN_FLAGS for a in argv)


def _key(override: str) -> str:
    return override.split("=", 1)[0].lstrip("+~")


def _compose_jobs(overrides: list[str]):
    """Compose one job per swept value (every value of every swept key composes once); return the
    composed config of the first job (with its hydra section) or raise InputError."""
    from hydra import compose, initialize_config_dir
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    from optim.config.hydra_errors import hydra_message, parse_message
    from optim.paths import CONFIG_DIR

    jobs = sweep_jobs(overrides)
    if jobs is None:  # Hydra cannot list the jobs here (glob() of config groups): check the fixed overrides
        try:
            from hydra.core.override_parser.overrides_parser import OverridesParser

            parsed = OverridesParser.create().parse_overrides(list(overrides))
        except HydraException as exc:
            raise InputError(parse_message(str(exc), overrides)) from None
        jobs = [[o.input_line for o in parsed if not o.is_sweep_override()]]
    seen: set[str] = set()
    first, failed = None, None
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        for k, job in enumerate(jobs):
            if first is not None and set(job) <= seen:
                continue
            seen |= set(job)
            try:
                cfg = compose(config_name="config", overrides=job, return_hydra_config=True)
            except (HydraException, OmegaConfBaseException, ValueError) as exc:
                failed = (k, job, str(exc))
                break
            first = first if first is not None else cfg
    if failed is not None:  # the message composes the default config itself: outside the block above
        k, job, text = failed
        swept = [o for o in job if not all(o in j for j in jobs)]
        where = f" (sweep job {k}: {' '.join(swept)})" if swept else ""
        raise InputError(hydra_message(text, job).rstrip(".") + f".{where} Nothing was run.")
    return first


def _holds_sweep(folder: Path) -> list[str]:
    """What marks ``folder`` as an earlier sweep's folder (empty when it holds none)."""
    marks = []
    if (folder / "multirun.yaml").exists():
        marks.append("multirun.yaml")
    runs = [p for p in folder.iterdir() if RUN_DIR.match(p.name.split(".partial")[0])]
    if runs:
        marks.append(f"{len(runs)} job folder(s)")
    return marks


def _task_overrides(overrides: list[str]) -> list[str]:
    """The overrides that define the jobs (no hydra.*, no run.skip_if_complete), as Hydra records them."""
    return [o.lstrip("+") for o in overrides if not _key(o).startswith("hydra")
            and _key(o) not in ("run.skip_if_complete",)]


def _earlier_overrides(folder: Path) -> list[str] | None:
    import yaml

    try:
        cfg = yaml.safe_load((folder / "multirun.yaml").read_text(encoding="utf-8"))
        return _task_overrides(list(cfg["hydra"]["overrides"]["task"]))
    except Exception:  # noqa: BLE001 - missing or damaged: not the same sweep
        return None


def _check_sweep_dir(folder: Path, user_given: bool, resume: bool, overrides: list[str]) -> Path:
    """The folder the sweep may write (a free variant of the default one), or InputError."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"hydra.sweep.dir {folder} is a file; expected a folder for the sweep's job folders "
                         f"(run000, run001, ...). Choose another hydra.sweep.dir. Nothing was run.")
    if folder.is_dir() and _holds_sweep(folder):
        if not user_given:
            k = 2
            while (cand := folder.with_name(f"{folder.name}-{k}")).exists():
                k += 1
            return _check_sweep_dir(cand, False, resume, overrides)
        marks = ", ".join(_holds_sweep(folder))
        if not resume:
            raise InputError(f"hydra.sweep.dir {folder} already holds a sweep ({marks}); a sweep never writes into an "
                             f"earlier sweep's folder nor reports its results as new. Choose another hydra.sweep.dir, or "
                             f"add run.skip_if_complete=true to resume that same sweep (its complete jobs are skipped). "
                             f"Nothing was run.")
        earlier = _earlier_overrides(folder)
        if earlier != _task_overrides(overrides):
            raise InputError(f"hydra.sweep.dir {folder} holds a different sweep (overrides {earlier}); "
                             f"run.skip_if_complete=true resumes only the same sweep (overrides "
                             f"{_task_overrides(overrides)}). Choose another hydra.sweep.dir. Nothing was run.")
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise InputError(f"hydra.sweep.dir {folder} cannot be created: {probe} is a file. Nothing was run.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"hydra.sweep.dir {folder} cannot be created ({exc.strerror or exc}). Nothing was run.") from None
    return folder


def prepare_sweep(argv: list[str]) -> tuple[list[str], Path]:
    """Check a sweep before it starts; return the arguments with the sweep folder pinned, and the folder."""
    from omegaconf import OmegaConf

    from optim.config.hydra_errors import quote_value

    flags, overrides = [], []
    for i, a in enumerate(argv):  # a flag that takes a value keeps it (--config-name X)
        is_value = i > 0 and argv[i - 1] in VALUE_FLAGS
        (flags if a.startswith("-") or is_value else overrides).append(a)
    cfg = _compose_jobs(overrides)
    user_given = any(_key(o) == "hydra.sweep.dir" for o in overrides)
    try:
        folder = Path(str(OmegaConf.select(cfg, "hydra.sweep.dir"))).expanduser().absolute()
        resume = OmegaConf.select(cfg, "run.skip_if_complete") is True
    except Exception as exc:  # noqa: BLE001 - an interpolation that cannot be resolved
        raise InputError(f"hydra.sweep.dir cannot be resolved ({' '.join(str(exc).split())}). Nothing was run.") from None
    folder = _check_sweep_dir(folder, user_given, resume, overrides)
    pinned = [o for o in overrides if _key(o) != "hydra.sweep.dir"] + [f"hydra.sweep.dir={quote_value(str(folder))}"]
    return flags + pinned, folder


def _code(status: str) -> int:
    return STATUS_CODES.get(status, 4)  # other solver statuses (time limit, numerical trouble) = solver trouble


def finish_sweep(sweep_dir: Path) -> int:
    """Print the jobs that did not end optimal with their reason; return the sweep's exit code."""
    from optim.compare.read import read_run

    n = sweep_job_count(sweep_dir)
    found = sorted(int(RUN_DIR.match(p.name).group(1)) for p in sweep_dir.iterdir()
                   if p.is_dir() and RUN_DIR.match(p.name))
    nums = range(n) if n is not None else found
    runs = [read_run(sweep_dir / f"run{k:03d}") for k in nums]
    for r in runs:
        if not r.path.exists():
            r.status, r.reason = "missing", "no folder (the job was killed or could not write)"
    failed = [r for r in runs if r.status != "optimal"]
    if not runs:
        print(f"error: the sweep in {sweep_dir} ran no job.", file=sys.stderr)
        return 1
    counts: dict[str, int] = {}
    for r in runs:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    print(f"Sweep {sweep_dir}: {len(runs)} job(s): {summary}.", flush=True)
    for r in failed:
        reason = " ".join(str(r.reason).split())
        print(f"  {r.label} {r.status}: {reason}", file=sys.stderr, flush=True)
    if len(failed) < len(runs):
        return 0
    code = _code(failed[0].status)
    print(f"error: every job of the sweep failed (exit code {code}).", file=sys.stderr, flush=True)
    return code
