"""One study run: load -> build -> solve -> export, with progress and timings.

``run_study(cfg, out_dir)`` returns a :class:`RunOutcome`; it never writes a partial
results folder: before any data is loaded it claims ``<out_dir>.partial-<pid>``
(``optim.run_folder``: the results location must be a writable folder, ``out_dir`` must not
exist and no other live run may be writing it), everything goes there, and it is renamed to
``out_dir`` only when complete. Any failure (bad input found later, a full disk, Ctrl-C)
removes it; an OSError while writing becomes a clean ResultsLocationError (exit code 2).
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from optim.config.schema import Config
from optim.data.loader import load_region
from optim.inputs import build_inputs
from optim.model import build_lp
from optim.paths import resolve
from optim.progress import Progress
from optim.run_folder import claim, discard, publish, write_error
from optim.solver import HighsBackend, solve
from optim.timeseries import time_slices_from_config

EXIT_OK, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_SOLVER = 0, 2, 3, 4
COMPLETE_MARKER = "manifest.json"


@dataclass
class RunOutcome:
    status: str
    exit_code: int
    out_dir: Path | None
    message: str = ""
    timings: dict = field(default_factory=dict)
    objective: float | None = None


def run_study(cfg: Config, out_dir: Path, progress: Progress | None = None, overrides: list[str] | None = None,
              warm_cache: dict | None = None, after_export=None) -> RunOutcome:
    """Run the study described by the resolved config ``cfg`` into ``out_dir``.

    ``overrides`` (the command-line overrides of this run) are recorded in manifest.json.
    ``warm_cache`` (a dict kept by the caller across runs of one process): when the previous
    run differs only in numbers that can change in place, the built model is re-solved warm
    (``optim.warm``) instead of being rebuilt.
    ``after_export(lp, result, data, folder, progress)``: more work on the solved study whose files go into the same
    (still temporary) folder before it is published, e.g. an analysis (``optim.analysis``).
    """
    progress = progress or Progress()
    out_dir = Path(out_dir)
    if out_dir.exists() and cfg.run.skip_if_complete and (out_dir / COMPLETE_MARKER).exists():
        progress.note(f"skipped: {out_dir} is already complete")
        return RunOutcome("skipped", EXIT_OK, out_dir, "already complete")
    tmp = claim(out_dir)  # before any data loading: the results location is usable and the name is ours
    try:
        outcome = _run(cfg, out_dir, tmp, progress, overrides or [], warm_cache, after_export)
        publish(tmp, out_dir)
    except BaseException:
        discard(tmp)
        raise
    return outcome


def _run(cfg: Config, out_dir: Path, tmp: Path, progress: Progress, overrides: list[str],
         warm_cache: dict | None, after_export=None) -> RunOutcome:
    """Load, build, solve and write every result file into ``tmp``."""
    timings = {}
    state = (warm_cache or {}).get("state")
    from optim.warm import make_state, warm_compatible, warm_resolve

    if state is not None and cfg.run.warm_start and warm_compatible(state.cfg, cfg):
        with progress.step("warm re-solve (built model, previous basis)") as t:
            result = warm_resolve(state, cfg)
        data, lp = state.data, state.lp
        timings.update({"load": 0.0, "inputs": 0.0, "build": 0.0, "compile": 0.0,
                        "handoff": result.timings["handoff"], "solve": result.timings["solve"], "warm": 1.0})
    else:
        with progress.step("load data") as t:
            data = load_region(resolve(cfg.region.data_dir))
        timings["load"] = t.elapsed
        with progress.step("time slices + inputs") as t:
            slices = time_slices_from_config(data.profiles, cfg)
            inp = build_inputs(data, cfg, slices)
        timings["inputs"] = t.elapsed
        with progress.step("build model") as t:
            lp = build_lp(inp)
        timings["build"] = t.elapsed
        with progress.step("solve (HiGHS)") as t:
            result = solve(lp, cfg.solver)
        timings.update({"compile": result.timings["compile"], "handoff": result.timings["handoff"],
                        "solve": result.timings["solve"]})
        if warm_cache is not None and cfg.run.warm_start:
            warm_cache["state"] = make_state(cfg, data, slices, lp, result)
    if cfg.run.write_model:
        with progress.step(f"write the model ({cfg.run.write_model})") as t:
            HighsBackend.write(result.compiled, tmp / f"model.{cfg.run.write_model}")
        timings["write_model"] = t.elapsed
    progress.note(f"LP: {result.rows:,} rows, {result.columns:,} columns, {result.nonzeros:,} non-zeros; "
                  f"status {result.status}")
    try:
        if not result.optimal:
            outcome = _failed(cfg, lp, result, tmp, timings, progress, out_dir)
        else:
            with progress.step("export results") as t:
                from optim.results.export import export_all

                export_all(lp, cfg, result, tmp)
            timings["export"] = t.elapsed
            if after_export is not None:
                after_export(lp, result, data, tmp, progress)
            outcome = RunOutcome("optimal", EXIT_OK, out_dir, timings=timings, objective=result.objective)
        _write_manifest(tmp, cfg, data, result, timings, outcome.status, overrides)
    except OSError as exc:  # a full disk, a lost mount: a clean message, the partial folder is removed by run_study
        raise write_error(exc, tmp, out_dir) from None
    return outcome


def _failed(cfg, lp, result, tmp, timings, progress, out_dir) -> RunOutcome:
    """Non-optimal termination: diagnose infeasibility or explain the solver trouble."""
    from optim.diagnose import diagnose_infeasible, explain_solver_trouble

    if result.status in ("infeasible", "infeasible_or_unbounded"):
        with progress.step("diagnose infeasibility") as t:
            text = diagnose_infeasible(lp, cfg, result)
        timings["diagnose"] = t.elapsed
        (tmp / "diagnosis.md").write_text(text, encoding="utf-8")
        return RunOutcome("infeasible", EXIT_INFEASIBLE, out_dir, text, timings)
    text = explain_solver_trouble(result, cfg)
    (tmp / "diagnosis.md").write_text(text, encoding="utf-8")
    return RunOutcome(result.status, EXIT_SOLVER, out_dir, text, timings)


def _write_manifest(folder: Path, cfg, data, result, timings, status, overrides) -> None:
    """manifest.json: config, data hashes, versions, solver options, model size, timings, status."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    def ver(pkg):
        try:
            return version(pkg)
        except PackageNotFoundError:
            return None
    manifest = {
        "status": status,
        "objective_mcny": result.objective,
        "overrides": overrides,
        "config": cfg.model_dump(mode="json"),
        "data_files_sha256": data.file_hashes,
        "versions": {"python": platform.python_version(), **{p: ver(p) for p in
                     ("optim", "pyomo", "highspy", "pandas", "xarray", "hydra-core", "numpy")},
                     "highs": result.highs_version},
        "solver_options": cfg.solver.model_dump(),
        "model_size": {"rows": result.rows, "columns": result.columns, "nonzeros": result.nonzeros},
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    text = json.dumps(_finite(manifest), indent=2, ensure_ascii=False, default=str, allow_nan=False)
    (folder / COMPLETE_MARKER).write_text(text, encoding="utf-8")


def _finite(obj):
    """manifest.json is strict JSON: a non-finite number (never expected after validation) is written as null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj
