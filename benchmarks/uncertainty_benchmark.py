"""Benchmark of the uncertainty analysis (issue 14): 200 samples of the default study on 2 cores, and the warm starts.

    .venv/bin/python benchmarks/uncertainty_benchmark.py                      # the 200-sample run (goal: <= 15 min)
    .venv/bin/python benchmarks/uncertainty_benchmark.py --samples 20 --starts 6   # + warm-start comparison

1. Runs ``optim analysis=uncertainty analysis.samples=N analysis.seed=1 analysis.workers=2 solver.threads=1`` as a
   user does (a fresh process, results into a temporary folder unless --keep) and reports the wall time, samples per
   minute and the counts of uncertainty_run.json.
2. ``--starts K``: solves the first K samples of the first chain in this process three ways, one thread:
   cold (no basis, presolve), from the study's basis (every sample), and chained (each from the previous sample's
   basis, what the analysis does), and prints the seconds and simplex iterations of each.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def full_run(samples: int, workers: int, keep: Path | None, extra: list[str]) -> dict:
    out = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="optim_unc_"))
    args = [sys.executable, "-m", "optim", "analysis=uncertainty", f"analysis.samples={samples}", "analysis.seed=1",
            f"analysis.workers={workers}", "solver.threads=1", f"run.results_dir={out}", "run.name=bench", *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit(f"the run failed with exit code {proc.returncode}")
    run = json.loads((out / "bench" / "uncertainty_run.json").read_text())
    res = {"wall_s": round(wall, 1), "samples_per_min": round(samples / wall * 60, 1), **run, "folder": str(out / "bench")}
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
    return res


def starts(k: int) -> list[dict]:
    from optim.analysis.ranges import config_with
    from optim.analysis.sample_solver import SampleSolver, get_basis
    from optim.analysis.settings import settings_from_config
    from optim.analysis.uncertainty import prepare
    from optim.config.compose import compose_config
    from optim.data.loader import load_region
    from optim.inputs import build_inputs
    from optim.model import build_lp
    from optim.paths import resolve
    from optim.solver import solve
    from optim.timeseries import time_slices_from_config

    cfg = compose_config(["analysis=uncertainty", "solver.threads=1"])
    data = load_region(resolve(cfg.region.data_dir))
    plan = prepare(settings_from_config(cfg), cfg, data, Path(tempfile.mkdtemp()) / "x")
    slices = time_slices_from_config(data.profiles, cfg)
    study = solve(build_lp(build_inputs(data, cfg, slices)), cfg.solver)
    central = get_basis(study.backend)
    solver = SampleSolver(cfg, data, slices)
    rows, prev = [], central
    for i in plan.chains[0][:k]:
        sc = config_with(cfg, plan.values[i])
        row = {"sample": i}
        for name, start in (("cold", None), ("study_basis", central), ("chained", prev)):
            rec, end, _ = solver.solve(i, 0, sc, start)
            row[name] = (round(rec.seconds, 1), rec.iterations)
            if name == "chained":
                prev = end
        print(row, flush=True)
        rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--starts", type=int, default=0, help="also compare warm starts on K samples")
    ap.add_argument("--keep", type=Path, default=None, help="keep the run folder under this results_dir")
    ap.add_argument("extra", nargs="*", help="more overrides for the run, e.g. analysis.plan_cost=true")
    a = ap.parse_args()
    if a.samples:
        res = full_run(a.samples, a.workers, a.keep, a.extra)
        print(json.dumps({k: v for k, v in res.items() if not k.endswith("_by_sample")}, indent=2), flush=True)
    if a.starts:
        rows = starts(a.starts)
        for name in ("cold", "study_basis", "chained"):
            s = sum(r[name][0] for r in rows)
            it = sum(r[name][1] for r in rows)
            print(f"{name}: {s / len(rows):.1f} s and {it / len(rows):,.0f} iterations per sample (incl. ~1 s build)")


if __name__ == "__main__":
    main()
