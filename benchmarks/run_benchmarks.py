"""Benchmarks: model size, stage timings, peak memory and the overhead ratio vs HiGHS alone.

    python benchmarks/run_benchmarks.py                 # default, clustered48, full_year_1y + a 20-variant sweep
    python benchmarks/run_benchmarks.py --cases default --sweep 0 --repeat 3
    python benchmarks/run_benchmarks.py --cases full_year_horizon --sweep 0 --time-limit 600   # size and memory

Each case runs in a fresh subprocess (so its peak memory is its own). For each case it prints
rows, columns, non-zeros and the seconds spent importing the package, loading data, building
the inputs and the Pyomo model, compiling it to standard form (with the matrix row blocks),
handing it to HiGHS, solving, exporting results; then it writes the same LP to MPS, solves it
with highspy alone (same options) and reports

    overhead ratio = (load + inputs + build + compile + hand-off + solve) / (HiGHS-only solve).

The MPS round trip rounds coefficients, so HiGHS may take a different path (iterations are
printed). ``highs_only_same_lp`` therefore also solves the identical arrays (``getLp`` passed to
a fresh highspy instance: the numpy + ``passModel`` reference of DESIGN §5), which does the
same iterations as ours, and ``overhead_ratio_same_lp`` divides by that. Solve times still vary
from run to run with the machine's load: ``--repeat N`` solves our LP again (``clearSolver``,
same HiGHS instance) and both references again, alternating, N times each; ratios use medians.
Peak memory is the process's resident peak before the MPS copy is made. ``--references`` picks the
references; by default the clustered cases (20+ minutes per solve, no overhead goal) skip the same-LP one.

The sweep part solves N number-only variants (utility-PV capex in 2030) cold (rebuild every
time) and warm (optim.warm: re-solve the built model from the previous basis) and prints the
time per variant of each.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {
    "default": ["time=typical_days"],
    "clustered24": ["time=clustered", "time.days=24"],
    "clustered48": ["time=clustered", "time.days=48"],
    "clustered48_cyclic": ["time=clustered", "time.days=48", "time.link_days=false"],
    "full_year_1y": ["time=full_year", "years.end=2021"],
    "full_year_5y": ["time=full_year", "years.end=2025"],
    "full_year_10y": ["time=full_year", "years.end=2030"],
    "full_year_horizon": ["time=full_year"],
}
DEFAULT_CASES = ["default", "clustered48", "full_year_1y"]
REFERENCES = ("mps", "same_lp")
# The same-LP reference repeats our pivots (same iterations) and costs one more full solve; for the
# clustered cases (20+ min per solve, no overhead goal) the default is the MPS reference only.
DEFAULT_REFERENCES = {case: ("mps",) if case.startswith("clustered") else REFERENCES for case in CASES}
STAGES = ("load", "inputs", "build", "compile", "handoff", "solve")


def compose(overrides):
    from optim.config.compose import compose_config

    return compose_config(overrides)


def _peak_gb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2, 2)


def _iterations(h) -> int:
    info = h.getInfo()
    return int(info.simplex_iteration_count) + int(info.ipm_iteration_count)


def _timed_run(h) -> float:
    t0 = time.perf_counter()
    h.run()
    return time.perf_counter() - t0


def single(case: str, repeat: int, time_limit: float | None = None, references=REFERENCES) -> dict:
    """Run one case in this process; return its figures."""
    t = {}
    t0 = time.perf_counter()
    import highspy
    import pyomo.environ as pyo

    from optim import vocabulary as V
    from optim.data.loader import load_region
    from optim.inputs import build_inputs
    from optim.model import build_lp
    from optim.paths import resolve
    from optim.results.export import export_all
    from optim.solver import HighsBackend, solve
    from optim.solver.highs import highs_lp
    from optim.timeseries import time_slices_from_config

    def make_highs(options):
        return HighsBackend(options).h
    assert highspy
    t["imports"] = time.perf_counter() - t0

    cfg = compose(CASES[case] + ["run.report=false"] + ([f"solver.time_limit={time_limit}"] if time_limit else []))
    t0 = time.perf_counter()
    data = load_region(resolve(cfg.region.data_dir))
    t["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    slices = time_slices_from_config(data.profiles, cfg)
    inp = build_inputs(data, cfg, slices)
    t["inputs"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    lpm = build_lp(inp)
    model = lpm.model
    t["build"] = time.perf_counter() - t0
    res = solve(lpm, cfg.solver)
    t.update(res.timings)
    iters = _iterations(res.backend.h)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        if res.optimal:
            export_all(lpm, cfg, res, Path(tmp))
        t["export"] = time.perf_counter() - t0
        peak = _peak_gb()
        y = 2030 if 2030 in inp.years else inp.years[-1]
        pathway = {} if not res.optimal else dict(
            year=y, npv_bn_cny=round(res.objective / 1e3, 1), cost_bn_cny=round(pyo.value(model.cost_total[y]) / 1e3, 2),
            storage_gw=round(sum(pyo.value(model.sto_p[s, y]) for s in V.STORAGE_TECHS), 3),
            storage_gwh=round(sum(pyo.value(model.sto_e[s, y]) for s in V.STORAGE_TECHS), 3),
            curtailment_twh=round(sum(pyo.value(model.curt_twh[g, y]) for g in V.VRE_TECHS), 3),
            co2_mt=round(pyo.value(model.co2[y]), 2))
        if not res.optimal:  # e.g. the time limit of a full-horizon case: sizes, stage times and memory only
            return dict(case=case, status=res.status, rows=res.rows, columns=res.columns, nonzeros=res.nonzeros,
                        **{k: round(v, 2) for k, v in t.items()}, iterations_ours=iters, peak_memory_gb=peak)
        mps = str(Path(tmp) / "model.mps")
        res.backend.h.writeModel(mps)
        lp = highs_lp(res.compiled)
        ours, alone, arrays, alone_iters, arrays_iters, same = [t["solve"]], [], [], None, None, None
        for i in range(repeat):
            if "mps" in references:
                h = make_highs(cfg.solver)
                h.readModel(mps)
                alone.append(_timed_run(h))
                alone_iters = _iterations(h)
                same = abs(h.getInfo().objective_function_value - (res.objective or 0)) <= 1e-6 * max(1, abs(res.objective or 0))
            if "same_lp" in references:
                h = make_highs(cfg.solver)
                h.passModel(lp)
                arrays.append(_timed_run(h))
                arrays_iters = _iterations(h)
            h = None
            if i + 1 < repeat:  # our LP again, from scratch on the same HiGHS instance
                t0 = time.perf_counter()
                res.backend.run_fresh()
                ours.append(time.perf_counter() - t0)
    t["solve"] = statistics.median(ours)
    python = sum(t[k] for k in STAGES if k != "solve")
    end_to_end = python + t["solve"]
    ratios = {}
    if alone:
        t["highs_only"] = statistics.median(alone)
        ratios["overhead_ratio"] = round(end_to_end / t["highs_only"], 3)
    if arrays:
        t["highs_only_same_lp"] = statistics.median(arrays)
        ratios["overhead_ratio_same_lp"] = round(end_to_end / t["highs_only_same_lp"], 3)
    return dict(case=case, status=res.status, rows=res.rows, columns=res.columns, nonzeros=res.nonzeros,
                **{k: round(v, 2) for k, v in t.items()}, python=round(python, 2), end_to_end=round(end_to_end, 2),
                **ratios, repeats=repeat,
                solves_ours=[round(x, 1) for x in ours], solves_highs_only=[round(x, 1) for x in alone],
                solves_highs_only_same_lp=[round(x, 1) for x in arrays],
                iterations_ours=iters, iterations_highs_only=alone_iters, iterations_same_lp=arrays_iters,
                same_objective=same, pathway=pathway, peak_memory_gb=peak)


def sweep(n: int, n_cold: int) -> dict:
    """Time per variant: cold rebuild vs warm re-solve over n utility-PV capex values for 2030."""
    from optim.pipeline import run_study
    from optim.progress import Progress

    values = [1500 + 100 * i for i in range(n)]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("cold", "warm"):
            cache = {} if mode == "warm" else None
            times = []
            for i, v in enumerate(values[: (n_cold if mode == "cold" else n)]):
                cfg = compose(["run.report=false", f"costs.utility_pv.capex.2030={v}"])
                t0 = time.perf_counter()
                o = run_study(cfg, Path(tmp) / f"{mode}{i}", Progress(quiet=True), warm_cache=cache)
                times.append(time.perf_counter() - t0)
                assert o.status == "optimal", o.status
            # the first warm run is a cold build that fills the cache
            per = times[1:] if mode == "warm" else times
            out[mode] = dict(variants=len(times), seconds_per_variant=round(sum(per) / len(per), 2))
    out["gain"] = round(out["cold"]["seconds_per_variant"] / out["warm"]["seconds_per_variant"], 1)
    return out


def _run_case(case: str, repeat: int, timeout: float, time_limit: float | None, references) -> dict:
    cmd = [sys.executable, __file__, "--single", case, "--repeat", str(repeat), "--references", ",".join(references)]
    if time_limit:
        cmd += ["--time-limit", str(time_limit)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return dict(case=case, status=f"timeout after {timeout:.0f} s")
    line = [x for x in p.stdout.splitlines() if x.startswith("RESULT ")]
    if line:
        return json.loads(line[0][7:])
    err = (p.stderr.strip().splitlines() or ["no output"])[-1][:160]
    if p.returncode < 0 or "MemoryError" in p.stderr:
        err = f"killed (signal {-p.returncode}; out of memory?) " + err
    return dict(case=case, status=f"failed (exit {p.returncode}): {err}")


def print_tables(rows: list) -> None:
    cols = ["case", "status", "rows", "columns", "nonzeros", "imports", "load", "inputs", "build", "compile", "handoff",
            "solve", "export", "highs_only", "overhead_ratio", "highs_only_same_lp", "overhead_ratio_same_lp", "repeats",
            "peak_memory_gb"]
    print("\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(f"{r[c]:,}" if isinstance(r.get(c), int) and c != "repeats" else str(r.get(c, ""))
                                for c in cols) + " |")
    print("\n| case | year | NPV (bn CNY) | cost in year (bn CNY) | storage (GW) | storage (GWh) | curtailment (TWh) | CO2 (Mt) |"
          "\n|---|---|---|---|---|---|---|---|")
    for r in rows:
        p = r.get("pathway") or {}
        if p:
            print(f"| {r['case']} | {p['year']} | {p['npv_bn_cny']:,} | {p['cost_bn_cny']} | {p['storage_gw']} | "
                  f"{p['storage_gwh']} | {p['curtailment_twh']} | {p['co2_mt']} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=",".join(DEFAULT_CASES), help=f"comma list from {list(CASES)}")
    ap.add_argument("--repeat", type=int, default=None,
                    help="solves of our LP and of the MPS LP per case, medians used (default: 3 for 'default', else 1)")
    ap.add_argument("--sweep", type=int, default=20, help="number-only variants for the warm/cold sweep (0: skip)")
    ap.add_argument("--cold", type=int, default=3, help="how many of the sweep variants to also run cold")
    ap.add_argument("--references", default=None,
                    help="comma list from mps,same_lp: the HiGHS-only solves to compare with (default: both, "
                         "mps only for the clustered cases)")
    ap.add_argument("--single", help=argparse.SUPPRESS)
    ap.add_argument("--sweep-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--timeout", type=float, default=4 * 3600, help="seconds per case")
    ap.add_argument("--time-limit", type=float, default=None,
                    help="HiGHS time limit per solve (solver.time_limit); a case that hits it reports size, "
                         "stage times and memory only")
    a = ap.parse_args()
    if a.single:
        print("RESULT " + json.dumps(single(a.single, max(1, a.repeat or 1), a.time_limit,
                                            tuple((a.references or ",".join(REFERENCES)).split(",")))), flush=True)
        return
    if a.sweep_only:
        print("RESULT " + json.dumps(sweep(a.sweep, a.cold)), flush=True)
        return
    unknown = [c for c in a.cases.split(",") if c not in CASES]
    if unknown:
        sys.exit(f"error: unknown case(s) {unknown}; expected a comma list from {list(CASES)}")
    refs = a.references.split(",") if a.references else None
    if refs is not None and (not refs or any(r not in REFERENCES for r in refs)):
        sys.exit(f"error: --references {a.references!r}: expected a comma list from {list(REFERENCES)}")
    rows = []
    for case in a.cases.split(","):
        repeat = a.repeat or (3 if case == "default" else 1)
        references = refs or DEFAULT_REFERENCES[case]
        print(f"> {case} (repeat {repeat}, references {','.join(references)}) ...", flush=True)
        rows.append(_run_case(case, repeat, a.timeout, a.time_limit, references))
        print("  " + json.dumps(rows[-1]), flush=True)
    print_tables(rows)
    if a.sweep:
        print(f"\n> sweep of {a.sweep} number-only variants (utility-PV capex 2030), cold on {a.cold} ...", flush=True)
        p = subprocess.run([sys.executable, __file__, "--sweep-only", "--sweep", str(a.sweep), "--cold", str(a.cold)],
                           capture_output=True, text=True)
        line = [x for x in p.stdout.splitlines() if x.startswith("RESULT ")]
        print(line[0][7:] if line else p.stderr[-500:])


if __name__ == "__main__":
    main()
