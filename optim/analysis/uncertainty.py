"""The uncertainty analysis: prepare (before any solve), run the samples in worker processes, write the files.

  prepare()  reads the ranges table, checks every key at both ends of its range (inputs built with every factor
             low, then every factor high), draws the Latin hypercube and the chains (optim.analysis.sampling) and
             checks an interrupted run's record (optim.analysis.records): all before the study is solved.
  run()      after the study: the chains go to ``analysis.workers`` processes (spawned; HiGHS with
             ``solver.threads`` threads each), which send every finished sample back; this process appends it to
             the record, prints progress (samples done, rate, time left) and at the end writes the files
             (optim.analysis.uncertainty_report).
A sample that is not optimal is recorded with its status and a one-line reason (elastic diagnosis) and counted;
it is never dropped silently.
"""
from __future__ import annotations

import queue
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from optim.analysis.ranges import (Factor, central_u, central_value, check_factors, config_with, design_values,
                                   read_factors)
from optim.analysis.records import SampleLog
from optim.analysis.sampling import chains, latin_hypercube
from optim.analysis.settings import AnalysisSettings
from optim.config.schema import Config
from optim.data.errors import ConfigError, DataError


@dataclass
class UncertaintyPlan:
    """Everything decided before the study is solved (module docstring)."""

    settings: AnalysisSettings
    cfg: Config
    factors: list[Factor]
    U: np.ndarray                         # (samples, factors) draws
    values: list                          # per sample: [(key, value)]
    chains: list[list[int]]
    log: SampleLog
    central: dict                         # key -> data value
    ranges_file: Path


def _ranges_table(settings: AnalysisSettings, data):
    path = Path(data.data_dir) / settings.ranges
    if settings.ranges == "uncertainty.csv" and data.uncertainty is not None:
        return data.uncertainty, path
    if not path.exists():
        raise DataError(f"{path}: ranges table of the uncertainty analysis not found (analysis.ranges; see "
                        f"data/README.md for its columns).")
    from optim.data.loader import read_table
    from optim.data.tables import UncertaintyRow

    return read_table(path, UncertaintyRow), path


def prepare(settings: AnalysisSettings, cfg: Config, data, out_dir: Path) -> UncertaintyPlan:
    """Check the analysis input and fix the samples (module docstring); DataError/ConfigError (exit 2) on bad input."""
    from optim.inputs import build_inputs
    from optim.timeseries import time_slices_from_config

    table, path = _ranges_table(settings, data)
    factors = read_factors(table, data, settings.exclude_groups)
    if not factors:
        raise ConfigError(f"analysis.exclude_groups leaves no group of {path} to sample.")
    slices = time_slices_from_config(data.profiles, cfg)
    inp = build_inputs(data, cfg, slices)
    cache: dict = {}

    def central(key):
        if key not in cache:
            cache[key] = central_value(key, data, cfg, inp)
        return cache[key]
    check_factors(factors, central, str(path))
    for u in (0.0, 1.0):  # every key at both ends: names and ranges as a sample would use them
        ends = design_values(factors, np.full((1, len(factors)), u), central)[0]
        try:
            build_inputs(data, config_with(cfg, ends), slices)
        except (ConfigError, DataError) as exc:
            raise DataError(f"{path}: with every group at its {'low' if u == 0 else 'high'} end the inputs are "
                            f"refused: {exc}") from None
    U = latin_hypercube(len(factors), settings.samples, settings.seed)
    start = np.array([central_u(f, central) for f in factors])
    plan = cfg.model_dump(mode="json", exclude={"run", "analysis"})
    plan.update(analysis={k: getattr(settings, k) for k in ("samples", "seed", "chain", "plan_cost")},
                data=data.file_hashes, ranges=table.to_dict(orient="list"),
                factors=[f.group for f in factors])
    log = SampleLog.for_run(out_dir, plan)
    log.check()
    return UncertaintyPlan(settings, cfg, factors, U, design_values(factors, U, central), chains(U, start, settings.chain),
                           log, dict(cache), path)


# ---- worker processes
def _worker(init: dict, tasks, results) -> None:
    """Solve whole chains: for each sample put ('done', record, basis, basis_none) on ``results``."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process stops the workers (terminate)
    from optim.analysis.sample_solver import Basis, SampleSolver
    from optim.data.loader import load_region
    from optim.timeseries import time_slices_from_config

    try:
        cfg = init["cfg"]
        data = load_region(init["data_dir"])
        solver = SampleSolver(cfg, data, time_slices_from_config(data.profiles, cfg), init["plan_cost"],
                              init["explain"])
        central = Basis.decode(init["central"])
        while True:
            task = tasks.get()
            if task is None:
                return
            chain, items, start, start_none = task
            start = Basis.decode(start) if start else central
            start_none = Basis.decode(start_none) if start_none else None
            for index, values in items:
                rec, end, end_none = solver.solve(index, chain, config_with(cfg, values), start, start_none)
                results.put(("done", rec, end.encode() if end else None, end_none.encode() if end_none else None))
                start = end or start
                start_none = end_none or start_none
    except BaseException:  # noqa: BLE001 - report to the main process
        results.put(("error", traceback.format_exc(), None, None))


def run(plan: UncertaintyPlan, result, data, folder: Path, progress) -> None:
    """Solve the samples not yet in the record (warm chains in worker processes), then write the files."""
    import multiprocessing as mp

    from optim.analysis.sample_solver import get_basis
    from optim.analysis.uncertainty_report import write_files

    s = plan.settings
    plan.log.open()
    done = plan.log.done()
    todo = []
    for k, chain in enumerate(plan.chains):
        left = [i for i in chain if i not in done]
        if not left:
            continue
        prev = [done[i] for i in chain if i in done]  # the chain's finished samples, in chain order
        # where an uninterrupted run would start: the last basis of the chain (an infeasible sample leaves none)
        start = next((r["basis"] for r in reversed(prev) if r.get("basis")), None)
        start_none = next((r["basis_none"] for r in reversed(prev) if r.get("basis_none")), None)
        todo.append((k, [(i, plan.values[i]) for i in left], start, start_none))
    n_total, n_before = len(plan.U), len(done)
    if n_before:
        progress.note(f"uncertainty: resuming, {n_before} of {n_total} samples already done ({plan.log.folder})")
    t0 = time.perf_counter()
    if todo:
        ctx = mp.get_context("spawn")
        tasks, results = ctx.Queue(), ctx.Queue()
        for t in todo:
            tasks.put(t)
        workers = min(s.workers, len(todo))
        for _ in range(workers):
            tasks.put(None)
        init = dict(cfg=plan.cfg, data_dir=str(data.data_dir), plan_cost=s.plan_cost, explain=s.explain_infeasible,
                    central=get_basis(result.backend).encode())
        procs = [ctx.Process(target=_worker, args=(init, tasks, results), daemon=True) for _ in range(workers)]
        for p in procs:
            p.start()
        progress.note(f"uncertainty: {n_total - n_before} samples in {len(todo)} chains on {workers} worker processes "
                      f"(solver.threads={plan.cfg.solver.threads} each)")
        finished = False
        try:
            _collect(plan, results, procs, n_total, len(done), t0, progress)
            finished = True
        except KeyboardInterrupt:
            progress.note(f"interrupted: {len(plan.log.done())} of {n_total} samples are kept in {plan.log.folder}; "
                          f"run the same command with run.name={Path(folder).name.split('.partial-')[0]} to resume.")
            raise
        finally:
            # after the last sample the workers are on their way out (stop token): let them exit on their own, so
            # none is killed inside a queue operation (a killed worker leaks the queue's semaphore)
            for p in procs:
                p.join(timeout=30 if finished else 0)
            for p in procs:
                if p.is_alive():
                    p.terminate()
                p.join(timeout=5)
    write_files(plan, plan.log.done(), result, folder, time.perf_counter() - t0)


def _collect(plan, results, procs, n_total, n_done, t0, progress) -> None:
    """Append every finished sample to the record and print progress until all are done."""
    n_new = 0
    while n_done < n_total:
        try:
            kind, rec, basis, basis_none = results.get(timeout=2.0)
        except queue.Empty:
            if not any(p.is_alive() for p in procs):
                raise RuntimeError("the uncertainty worker processes stopped before every sample was done") from None
            continue
        if kind == "error":
            raise RuntimeError(f"an uncertainty worker failed:\n{rec}")
        plan.log.append(rec, basis, basis_none)
        n_new, n_done = n_new + 1, n_done + 1
        elapsed = time.perf_counter() - t0
        rate = n_new / elapsed
        left = (n_total - n_done) / rate if rate > 0 else float("nan")
        what = rec.status if rec.status == "optimal" else f"{rec.status}: {rec.reason}"
        progress.note(f"sample {n_done} of {n_total} done (#{rec.index}, {what}, {rec.seconds:.1f} s); "
                      f"{rate * 60:.1f} samples/min, about {left / 60:.1f} min left")
