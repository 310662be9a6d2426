"""Command line: ``optim [overrides...]`` (Hydra) and ``python -m optim``.

Examples
  optim                                   # default Tianjin study
  optim years.end=2030 policy.strive=soft costs.utility_pv.capex.2030=2100 targets.TJ-010.value=18
  optim -m scenario=documents,no_policy   # multirun sweep

Numbers that live in data/<region>/ (sections costs, fuels, economics, potentials, gdp,
measures, targets) are overridden with the same syntax; the CLI forwards them to Hydra
as ``++key=value`` and the inputs builder checks that the key names something in the data.

Exit codes: 0 optimal, 2 bad input (config, data, arguments, results location), 3 infeasible
(diagnosis written), 4 solver trouble (time limit, numerical), 1 internal error, 130 Ctrl-C.
A sweep (``-m``) exits 0 when at least one job ended optimal, else with the code of its first
failed job (``optim.sweep_guard``). Set ``debug=true`` (or OPTIM_DEBUG=1) to see tracebacks.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from optim.config.compose import register_resolvers, resolve_interpolations, rewrite_overrides

if TYPE_CHECKING:
    from optim.config.schema import Config

#: kept across the jobs of a multirun executed in this process (basic launcher): warm re-solves
_WARM_CACHE: dict = {}

def _fail(message: str, code: int, debug: bool = False) -> None:
    from rich.console import Console

    Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {message}", soft_wrap=True)
    if debug:
        import traceback

        traceback.print_exc()
    sys.exit(code)


def _precheck(argv: list[str]) -> None:
    """Compose the config once outside Hydra's runner so that a bad override gets our clean error."""
    from hydra import compose, initialize_config_dir
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    from optim.data.errors import InputError
    from optim.config.hydra_errors import hydra_message
    from optim.paths import CONFIG_DIR

    if any(a.startswith("-") for a in argv):
        return
    overrides = [a for a in argv if not a.startswith("hydra")]
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            cfg = compose(config_name="config", overrides=overrides)
    except (HydraException, OmegaConfBaseException, ValueError) as exc:
        _fail(hydra_message(str(exc), overrides), 2)
    try:
        resolve_interpolations(cfg)
    except InputError as exc:
        _fail(str(exc), exc.exit_code)


def _out_dir(cfg: Config) -> Path:
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    from optim.paths import resolve

    hc = HydraConfig.get()
    if hc.mode == RunMode.MULTIRUN:
        return Path(hc.sweep.dir) / f"run{hc.job.num:03d}"
    name = cfg.run.name or f"{time.strftime('%Y%m%d-%H%M%S')}_{cfg.scenario_name}"
    return resolve(cfg.run.results_dir) / name


def task(cfg_omega) -> int:
    """Hydra task: validate, run, print the summary; returns the exit code."""
    from optim.analysis import run_with_analysis
    from optim.config.schema import validate_config
    from optim.data.errors import InputError
    from optim.progress import Progress
    from optim.summary import print_summary

    # only a real true shows tracebacks: 'debug=maybe' is refused by the schema like any bad value
    debug = bool(os.environ.get("OPTIM_DEBUG")) or cfg_omega.get("debug", False) is True
    multirun = _is_multirun()
    try:
        cfg = validate_config(resolve_interpolations(cfg_omega))
        out_dir = _out_dir(cfg)
        progress = Progress()
        t0 = time.perf_counter()
        outcome = run_with_analysis(cfg, out_dir, progress, overrides=_task_overrides(),
                                    warm_cache=_WARM_CACHE if multirun else None)
    except InputError as exc:
        if multirun:
            _record_failure(cfg_omega, "input_error", str(exc))
            return exc.exit_code
        _fail(str(exc), exc.exit_code, debug)
    except KeyboardInterrupt:
        _fail("interrupted; no results folder was written.", 130, debug)
    except Exception as exc:  # noqa: BLE001 - last resort: a clean message, traceback on debug
        if multirun:
            _record_failure(cfg_omega, "error", f"{type(exc).__name__}: {exc}")
            return 1
        _fail(f"internal error ({type(exc).__name__}: {exc}). Re-run with debug=true for the traceback "
              f"and report it.", 1, debug)
    if outcome.status == "skipped":
        print(f"skipped: {outcome.out_dir} is already complete (run.skip_if_complete=true); nothing was run.")
    elif outcome.exit_code == 0:
        print_summary(outcome.out_dir, time.perf_counter() - t0)
    else:
        from rich.console import Console

        Console(stderr=True, highlight=False).print(outcome.message)
        Console(stderr=True).print(f"[bold red]{outcome.status}[/]: details in {outcome.out_dir / 'diagnosis.md'}")
        if not multirun:
            sys.exit(outcome.exit_code)
    return outcome.exit_code


def sweep_task(cfg_omega) -> int:
    """task() plus, in a multirun, one progress line per finished job (<sweep>/progress.log)."""
    if not _is_multirun():
        return task(cfg_omega)
    from hydra.core.hydra_config import HydraConfig

    from optim.sweep import job_status, record_job_done

    hc = HydraConfig.get()
    t0 = time.perf_counter()
    sweep_dir = Path(hc.sweep.dir)
    run_dir = sweep_dir / f"run{hc.job.num:03d}"
    existed = run_dir.exists()
    code = task(cfg_omega)
    status = job_status(run_dir)
    if existed:  # never report an earlier sweep's result as new
        status = f"skipped, already {status}" if code == 0 else f"not run: folder already exists ({status})"
    try:
        line = record_job_done(sweep_dir, hc.job.num, status, time.perf_counter() - t0)
        print(line, flush=True)
    except OSError as exc:  # progress is a convenience: never fail a job for it
        print(f"(progress.log not written: {exc})", flush=True)
    return code


def _task_overrides() -> list[str]:
    from hydra.core.hydra_config import HydraConfig

    try:
        return [o.lstrip("+") for o in HydraConfig.get().overrides.task]
    except ValueError:
        return []


def _is_multirun() -> bool:
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    try:
        return HydraConfig.get().mode == RunMode.MULTIRUN
    except ValueError:
        return False


def _record_failure(cfg_omega, status: str, message: str) -> None:
    """In a sweep, a failed run leaves a small folder with its status so the comparison shows it."""
    import json

    from hydra.core.hydra_config import HydraConfig

    hc = HydraConfig.get()
    folder = Path(hc.sweep.dir) / f"run{hc.job.num:03d}"
    print(f"run{hc.job.num:03d} {status}: {message}", file=sys.stderr, flush=True)
    if folder.exists():
        return
    tmp = folder.with_name(folder.name + ".partial-fail")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        (tmp / "failure.json").write_text(json.dumps({"status": status, "message": message,
                                                      "overrides": list(hc.overrides.task)}, indent=2, ensure_ascii=False))
        tmp.rename(folder)
    except OSError as exc:  # a full disk: the job's reason is printed above; the sweep summary lists it as missing
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        print(f"(failure.json of run{hc.job.num:03d} not written: {exc})", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    import hydra

    from optim.data.errors import InputError
    from optim.paths import CONFIG_DIR
    from optim.sweep_guard import finish_sweep, is_sweep_run, prepare_sweep

    argv = list(sys.argv[1:] if argv is None else argv)
    register_resolvers()
    argv = rewrite_overrides(argv)
    sweep_dir = None
    if is_sweep_run(argv):
        try:
            argv, sweep_dir = prepare_sweep(argv)
        except InputError as exc:
            _fail(str(exc), exc.exit_code)
    else:
        _precheck(argv)
    sys.argv = [sys.argv[0]] + argv
    app = hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")(sweep_task)
    try:
        app()
    except ValueError as exc:  # Hydra's own argument checks, e.g. "-m --cfg job"
        _fail(f"{' '.join(str(exc).split())} (command-line flags; see optim --help).", 2)
    if sweep_dir is not None:
        code = finish_sweep(sweep_dir)
        if code:
            sys.exit(code)


if __name__ == "__main__":
    main()
