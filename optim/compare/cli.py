"""``optim-compare`` command: arguments, output folder, writing comparison.csv / .md / plots."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from optim.compare.read import DAMAGED, collect, is_sweep
from optim.compare.tables import (KEY_YEARS, choose_baseline, long_table, markdown_table, print_table,
                                  wide_table)


# ---------------------------------------------------------------- output folder

def _free_stem(folder: Path) -> str:
    """'comparison', or 'comparison-2', '-3', ... so that nothing existing is overwritten."""
    stem, k = "comparison", 1
    while any(folder.glob(f"{stem}.*")) or any(folder.glob(f"{stem}_*.png")):
        k += 1
        stem = f"comparison-{k}"
    return stem


def output_folder(paths: list[Path], out: str | None) -> Path:
    if out:
        from optim.paths import resolve

        return resolve(out)
    if is_sweep(Path(paths[0])):
        return Path(paths[0])
    from optim.paths import resolve

    folder = resolve("results/comparisons") / time.strftime("%Y%m%d-%H%M%S")
    k = 1
    while folder.exists():
        k += 1
        folder = folder.with_name(f"{time.strftime('%Y%m%d-%H%M%S')}-{k}")
    return folder



# ---------------------------------------------------------------- main

NOTES = """Notes
- Values are read from each run's own files (manifest.json, summary_by_year.csv, targets.csv,
  failure.json, diagnosis.md). NPV = objective of the run (MCNY, 2020 prices, discounted to 2020);
  Δ NPV = NPV - NPV of the baseline run ({baseline}).
- Override columns show the overrides that differ between runs (blank: not overridden, i.e. the
  config default); every override is a column of comparison.csv.
- "a/b" cells are the values in {years}. CO2 peak = first year in which CO2 reaches its maximum
  over the horizon (within 0.01 Mt); "≥y" = still at its maximum in the last modelled year.
- Binding targets: id:price of the target (MCNY NPV per unit of the target tightened in every year
  it applies, in the unit of targets.csv; metric shadow_price_mcny:<id> of comparison.csv).
"""


def _check_out(folder: Path) -> None:
    """The output folder must be a folder that exists or can be created (ValueError otherwise)."""
    from optim.run_folder import ensure_folder

    problem = ensure_folder(folder)
    if problem and problem[0] == "file":
        raise ValueError(f"--out {folder} {problem[1]}; expected a folder (created if missing)")
    if problem:
        raise ValueError(f"output folder {folder} cannot be created ({problem[1]})")


def _write(runs, baseline, args, years, folder: Path) -> tuple[str, int]:
    """Write comparison.csv, .md and the plots into ``folder``; print the wide table; return the file
    stem and the number of plots."""
    stem = _free_stem(folder)
    long = long_table(runs, baseline)
    long.to_csv(folder / f"{stem}.csv", index=False, float_format="%.6g")
    header, rows = wide_table(runs, baseline, years)
    title = f"Comparison of {len(runs)} runs ({sum(r.solved for r in runs)} optimal)"
    print_table(header, rows, title, args.width)
    ys = " / ".join(map(str, years))
    md = [f"# {title}", "", f"Sources: {', '.join(str(p) for p in args.paths)}", "",
          markdown_table(header, rows), "", NOTES.format(baseline=baseline.label if baseline else "none", years=ys)]
    plots = []
    if args.plots:
        from optim.compare.plots import plot_mac, plot_plan_cost, plot_sweep, swept_numeric

        key = swept_numeric(runs)
        if key:
            plots.append(plot_sweep(runs, key, folder / f"{stem}_sweep.png"))
            plots.append(plot_mac(runs, key, folder / f"{stem}_mac.png"))
        plots.append(plot_plan_cost(runs, folder / f"{stem}_plan_cost.png"))
        plots = [p for p in plots if p is not None]
        if plots:
            md += ["## Plots", ""] + [f"![{p.stem}]({p.name})" for p in plots] + [""]
        else:
            md += ["No plot applies: no single numeric override varies, and no documents + no_policy pair.", ""]
    (folder / f"{stem}.md").write_text("\n".join(md), encoding="utf-8")
    return stem, len(plots)


def main(argv: list[str] | None = None) -> int:
    """``optim-compare``: 0 when the comparison was written, 2 for bad arguments (see the package docstring)."""
    import optim.compare as pkg

    ap = argparse.ArgumentParser(prog="optim-compare", description=pkg.__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", type=Path, help="a multirun folder or run folders")
    ap.add_argument("--out", help="output folder (default: the multirun folder, else results/comparisons/<timestamp>)")
    ap.add_argument("--baseline", help="run (folder name) that Δ NPV refers to (default: first optimal run)")
    ap.add_argument("--plots", action="store_true", help="also write PNG plots beside comparison.md")
    ap.add_argument("--years", default=",".join(map(str, KEY_YEARS)),
                    help="the years shown in the table, comma-separated (default: 2025,2030)")
    ap.add_argument("--width", type=int, help="width of the printed table (default: terminal, 220 when piped)")
    args = ap.parse_args(argv)
    try:
        years = tuple(int(y) for y in args.years.split(","))
    except ValueError:
        ap.error(f"--years {args.years!r}: expected years separated by commas, e.g. 2025,2030")
    from rich.console import Console
    from rich.markup import escape

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        runs = collect(args.paths)
        if not runs:
            raise FileNotFoundError(f"no runs found in {', '.join(map(str, args.paths))}")
        damaged = [r for r in runs if r.status == DAMAGED]
        if len(damaged) == len(runs):
            raise ValueError("no run could be read: " + "; ".join(f"{r.label}: {r.reason}" for r in damaged))
        baseline = choose_baseline(runs, args.baseline)
        folder = output_folder(args.paths, args.out)
        _check_out(folder)
    except (OSError, ValueError) as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        return 2
    for r in damaged:
        err.print(f"warning: {r.label} is damaged and listed without values: {r.reason}", markup=False)
    try:
        stem, n_plots = _write(runs, baseline, args, years, folder)
    except OSError as exc:
        err.print(f"[bold red]error:[/] cannot write the comparison into {escape(str(folder))} "
                  f"({escape(exc.strerror or str(exc))}).")
        return 2
    Console(highlight=False, soft_wrap=True).print(f"Comparison written to [bold]{escape(str(folder / stem))}.csv[/] and .md"
                                                   + (f" (+ {n_plots} plots)" if n_plots else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
