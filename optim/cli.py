"""Command line: ``optim [overrides...]`` (Hydra) and ``python -m optim``.

Examples
  optim                                   # default Tianjin study
  optim years.end=2030 policy.strive=soft costs.utility_pv.capex.2030=2100 targets.TJ-010.value=18
  optim -m scenario=documents,no_policy   # multirun sweep

Numbers that live in data/<region>/ (sections costs, fuels, economics, potentials, gdp,
measures, targets) are overridden with the same syntax; the CLI forwards them to Hydra
as ``++key=value`` and the inputs builder checks that the key names something in the data.

Exit codes: 0 optimal, 2 bad input (config, data, arguments), 3 infeasible (diagnosis
written), 4 solver trouble (time limit, numerical). Set ``debug=true`` (or OPTIM_DEBUG=1)
to see tracebacks.
"""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

#: kept across the jobs of a multirun executed in this process (basic launcher): warm re-solves
_WARM_CACHE: dict = {}

DATA_SECTIONS = ("costs", "fuels", "economics", "potentials", "gdp", "measures", "targets")
_OVERRIDE = re.compile(r"^(?P<key>[A-Za-z_][\w\-.]*)=(?P<val>.*)$", re.S)


def rewrite_overrides(argv: list[str]) -> list[str]:
    """Forward overrides of data-backed sections as ``++key=value`` (add or override)."""
    out = []
    for a in argv:
        mt = _OVERRIDE.match(a)
        if mt and mt.group("key").split(".")[0] in DATA_SECTIONS and "." in mt.group("key"):
            a = "++" + a
        out.append(a)
    return out


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

    from optim.paths import CONFIG_DIR

    if any(a in ("-m", "--multirun") for a in argv) or any(a.startswith("-") for a in argv):
        return
    overrides = [a for a in argv if "=" in a and not a.startswith("hydra")]
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            compose(config_name="config", overrides=overrides)
    except (HydraException, OmegaConfBaseException, ValueError) as exc:
        _fail(_hydra_message(str(exc), overrides), 2)


def _hydra_message(text: str, overrides: list[str]) -> str:
    import difflib

    from hydra import compose, initialize_config_dir

    from optim.paths import CONFIG_DIR

    m = re.search(r"Could not override '([^']+)'", text) or re.search(r"Key '([^']+)' is not in struct", text)
    if m:
        key = m.group(1)
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            base = compose(config_name="config")
        from omegaconf import OmegaConf

        flat = _flatten(OmegaConf.to_container(base))
        near = difflib.get_close_matches(key, flat, n=1, cutoff=0.6)
        hint = f" Did you mean '{near[0]}'?" if near else ""
        return f"Config key '{key}' is unknown.{hint} (Append a new key with +{key}=... only if you mean it.)"
    m = re.search(r"Could not find '([^']+)'", text)
    if m:
        options = re.findall(r"^\t(\S+)$", text, flags=re.M)
        group = m.group(1).rsplit("/", 1)[0]
        avail = f" Available options for '{group}': {', '.join(options)}." if options else ""
        return f"Config group option '{m.group(1)}' does not exist.{avail}"
    return " ".join(text.split())


def _flatten(d, prefix=""):
    out = []
    for k, v in d.items():
        key = f"{prefix}{k}"
        out.append(key)
        if isinstance(v, dict):
            out += _flatten(v, key + ".")
    return out


def _out_dir(cfg: dict) -> Path:
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    from optim.paths import resolve

    hc = HydraConfig.get()
    if hc.mode == RunMode.MULTIRUN:
        return Path(hc.sweep.dir) / f"run{hc.job.num:03d}"
    name = cfg["run"].get("name") or f"{time.strftime('%Y%m%d-%H%M%S')}_{cfg.get('scenario_name', 'run')}"
    return resolve(cfg["run"]["results_dir"]) / name


def task(cfg_omega) -> int:
    """Hydra task: validate, run, print the summary; returns the exit code."""
    from omegaconf import OmegaConf

    from optim.config_schema import validate_config
    from optim.data.errors import InputError
    from optim.pipeline import run_study
    from optim.progress import Progress
    from optim.summary import print_summary

    debug = bool(os.environ.get("OPTIM_DEBUG")) or bool(cfg_omega.get("debug", False))
    multirun = _is_multirun()
    try:
        cfg = validate_config(OmegaConf.to_container(cfg_omega, resolve=True))
        out_dir = _out_dir(cfg)
        progress = Progress()
        t0 = time.perf_counter()
        outcome = run_study(cfg, out_dir, progress, overrides=_task_overrides(),
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
    if outcome.exit_code == 0:
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
    code = task(cfg_omega)
    sweep_dir = Path(hc.sweep.dir)
    try:
        line = record_job_done(sweep_dir, hc.job.num, job_status(sweep_dir / f"run{hc.job.num:03d}"),
                               time.perf_counter() - t0)
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
    if folder.exists():
        return
    tmp = folder.with_name(folder.name + ".partial-fail")
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "failure.json").write_text(json.dumps({"status": status, "message": message,
                                                  "overrides": list(hc.overrides.task)}, indent=2, ensure_ascii=False))
    tmp.rename(folder)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    import hydra
    from omegaconf import OmegaConf

    from optim.paths import CONFIG_DIR, ROOT

    argv = list(sys.argv[1:] if argv is None else argv)
    if not OmegaConf.has_resolver("optim_root"):
        OmegaConf.register_new_resolver("optim_root", lambda: str(Path(os.environ.get("OPTIM_ROOT", ROOT))))
    argv = rewrite_overrides(argv)
    _precheck(argv)
    sys.argv = [sys.argv[0]] + argv
    app = hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")(sweep_task)
    app()


if __name__ == "__main__":
    main()
