"""``optim-compare PATH...``: compare least-cost pathways of a sweep or of several runs.

PATH is a multirun folder (with ``run000, run001, ...``) or a run folder; several PATHs
may be given. Every value is read from the run's own files: manifest.json (status, NPV
objective, overrides), summary_by_year.csv, targets.csv, and for runs that did not solve
failure.json (bad input, internal error) or diagnosis.md (infeasible, solver trouble).

Writes
  comparison.csv  long and tidy: run, one column per override key, scenario_name, status,
                  reason, metric, year, value (metric = a summary_by_year.csv column, or
                  npv_cost_mcny, npv_diff_vs_baseline_mcny, co2_peak_year (no year), or
                  shadow_price_mcny:<target id>, the target's price, no year)
  comparison.md   the wide table (one row per run) and notes
  *.png           with --plots: metrics against the swept parameter, the cost of the plan
                  (documents vs no_policy), a marginal abatement cost curve
into the first PATH if it is a multirun folder, else into ``--out DIR`` (default
results/comparisons/<timestamp>). An existing comparison is never overwritten: the new one
gets a suffix (comparison-2.csv, ...). The wide table is also printed.

A run folder that cannot be read as optim wrote it (manifest.json or failure.json that is not a
JSON object, summary_by_year.csv / targets.csv missing, not UTF-8, truncated or without the
columns read) is listed with status ``damaged`` and the reason, and the other runs are compared.

Exit codes: 0 the comparison was written; 2 bad arguments: a PATH that does not exist or is no
run / sweep folder, no run that can be read (every one damaged), an unknown or not optimal
--baseline, bad --years, an --out that is a file or cannot be created or written.

Modules: ``read`` (run folders), ``tables`` (derived numbers, long and wide tables), ``plots``,
``cli`` (arguments, output folder, ``main``).
"""
from __future__ import annotations

from optim.compare.cli import main, output_folder
from optim.compare.read import DAMAGED, SOLVED, Run, collect, is_sweep, read_run, read_table
from optim.compare.tables import (KEY_YEARS, PRICE_TOL, binding_targets, binding_text, choose_baseline, long_table,
                                  markdown_table, override_keys, peak_year, print_table, value, varying_keys, wide_table)

__all__ = ["DAMAGED", "KEY_YEARS", "PRICE_TOL", "SOLVED", "Run", "binding_targets", "binding_text", "choose_baseline",
           "collect", "is_sweep", "long_table", "main", "markdown_table", "output_folder", "override_keys",
           "peak_year", "print_table", "read_run", "read_table", "value", "varying_keys", "wide_table"]


def _entry() -> None:
    import sys

    sys.exit(main())
