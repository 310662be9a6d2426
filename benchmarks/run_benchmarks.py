"""Benchmarks: model size, stage timings, peak memory and the overhead ratio vs HiGHS alone.

    python benchmarks/run_benchmarks.py                 # default set of resolutions + a 20-variant sweep
    python benchmarks/run_benchmarks.py --cases default --sweep 0

Each case runs in a fresh subprocess (so its peak memory is its own). For each case it prints
rows, columns, non-zeros and the seconds spent loading data, building the Pyomo model,
compiling it to standard form, handing it to HiGHS, solving, exporting results; then it
writes the same LP to MPS, solves it with highspy alone (same options) and reports
  overhead ratio = (load + inputs + build + compile + hand-off + solve) / (HiGHS-only solve).
The sweep part solves N number-only variants (utility-PV capex in 2030) cold (rebuild every
time) and warm (optim.warm: re-solve the built model from the previous basis) and prints the
time per variant of each.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {
    "default": ["time=typical_days"],
    "clustered24": ["time=clustered", "time.days=24"],
    "clustered48": ["time=clustered", "time.days=48"],
    "full_year_1y": ["time=full_year", "years.end=2021"],
    "full_year_5y": ["time=full_year", "years.end=2025"],
    "full_year_horizon": ["time=full_year"],
}
DEFAULT_CASES = ["default", "clustered24", "full_year_1y"]


def compose(overrides):
    from optim.compose import compose_config

    return compose_config(overrides)


def single(case: str) -> dict:
    """Run one case in this process; return its figures."""
    import highspy

    from optim.data.loader import load_region
    from optim.inputs import build_inputs
    from optim.model import build_model
    from optim.paths import resolve
    from optim.results.export import export_all
    from optim.solve import make_highs, solve
    from optim.timeseries import make_time_slices

    cfg = compose(CASES[case] + ["run.report=false"])
    t = {}
    t0 = time.perf_counter()
    data = load_region(resolve(cfg["region"]["data_dir"]))
    t["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    slices = make_time_slices(data.profiles, cfg["time"]["mode"], int(cfg["time"]["days"]), 0)
    inp = build_inputs(data, cfg, slices)
    t["inputs"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = build_model(inp)
    t["build"] = time.perf_counter() - t0
    res = solve(model, dict(cfg["solver"]))
    t.update(res.timings)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        if res.optimal:
            export_all(model, inp, data, cfg, res, Path(tmp), t)
        t["export"] = time.perf_counter() - t0
        mps = str(Path(tmp) / "model.mps")
        res.highs.writeModel(mps)
        h = make_highs(dict(cfg["solver"]))
        h.readModel(mps)
        t0 = time.perf_counter()
        h.run()
        t["highs_only"] = time.perf_counter() - t0
        same = abs(h.getInfo().objective_function_value - (res.objective or 0)) <= 1e-6 * max(1, abs(res.objective or 0))
    ours = sum(t[k] for k in ("load", "inputs", "build", "compile", "handoff", "solve"))
    y = 2030 if 2030 in inp.years else inp.years[-1]
    import pyomo.environ as pyo

    from optim import vocabulary as V
    pathway = {} if not res.optimal else dict(
        year=y, npv_bn_cny=round(res.objective / 1e3, 1), cost_bn_cny=round(pyo.value(model.cost_total[y]) / 1e3, 2),
        storage_gw=round(sum(pyo.value(model.sto_p[s, y]) for s in V.STORAGE_TECHS), 3),
        curtailment_twh=round(sum(pyo.value(model.curt_twh[g, y]) for g in V.VRE_TECHS), 3),
        co2_mt=round(pyo.value(model.co2[y]), 2))
    return dict(case=case, status=res.status, rows=res.rows, columns=res.columns, nonzeros=res.nonzeros,
                **{k: round(v, 2) for k, v in t.items()}, end_to_end=round(ours, 2),
                overhead_ratio=round(ours / t["highs_only"], 3), same_objective=bool(same), pathway=pathway,
                peak_memory_gb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2, 2))


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=",".join(DEFAULT_CASES), help=f"comma list from {list(CASES)}")
    ap.add_argument("--sweep", type=int, default=20, help="number-only variants for the warm/cold sweep (0: skip)")
    ap.add_argument("--cold", type=int, default=5, help="how many of the sweep variants to also run cold")
    ap.add_argument("--single", help=argparse.SUPPRESS)
    ap.add_argument("--sweep-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per case")
    a = ap.parse_args()
    if a.single:
        print("RESULT " + json.dumps(single(a.single)), flush=True)
        return
    if a.sweep_only:
        print("RESULT " + json.dumps(sweep(a.sweep, a.cold)), flush=True)
        return
    rows = []
    for case in a.cases.split(","):
        print(f"> {case} ...", flush=True)
        try:
            p = subprocess.run([sys.executable, __file__, "--single", case], capture_output=True, text=True, timeout=a.timeout)
            line = [x for x in p.stdout.splitlines() if x.startswith("RESULT ")]
            row = json.loads(line[0][7:]) if line else dict(case=case, status=f"failed (exit {p.returncode}): "
                                                                              + p.stderr.strip().splitlines()[-1][:120])
        except subprocess.TimeoutExpired:
            row = dict(case=case, status=f"timeout after {a.timeout:.0f} s")
        rows.append(row)
        print("  " + json.dumps(row), flush=True)
    cols = ["case", "status", "rows", "columns", "nonzeros", "load", "inputs", "build", "compile", "handoff", "solve",
            "export", "highs_only", "overhead_ratio", "peak_memory_gb"]
    print("\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    print("\n| case | year | NPV (bn CNY) | cost in year (bn CNY) | storage (GW) | curtailment (TWh) | CO2 (Mt) |\n|---|---|---|---|---|---|---|")
    for r in rows:
        p = r.get("pathway") or {}
        if p:
            print(f"| {r['case']} | {p['year']} | {p['npv_bn_cny']} | {p['cost_bn_cny']} | {p['storage_gw']} | "
                  f"{p['curtailment_twh']} | {p['co2_mt']} |")
    if a.sweep:
        print(f"\n> sweep of {a.sweep} number-only variants (utility-PV capex 2030), cold on {a.cold} ...", flush=True)
        p = subprocess.run([sys.executable, __file__, "--sweep-only", "--sweep", str(a.sweep), "--cold", str(a.cold)],
                           capture_output=True, text=True)
        line = [x for x in p.stdout.splitlines() if x.startswith("RESULT ")]
        print(line[0][7:] if line else p.stderr[-500:])


if __name__ == "__main__":
    main()
