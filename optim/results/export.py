"""Write every result file of a run into its (temporary) folder."""
from __future__ import annotations

from pathlib import Path

import yaml

from optim.results.dataset import build_dataset
from optim.results.report import write_report
from optim.results.tables import (capacity_table, costs_table, energy_balance_table, generation_table,
                                  measures_table, summary_by_year)
from optim.results.targets_table import targets_table


def export_all(m, inp, data, cfg, result, out: Path, timings: dict) -> None:
    """config.yaml, pathway.nc, the CSV tables, targets.csv, report.md and plots."""
    (out / "config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ds = build_dataset(m, inp)
    ds.attrs["objective_mcny"] = float(result.objective)
    ds.to_netcdf(out / "pathway.nc", engine="h5netcdf")
    summary = summary_by_year(ds)
    summary.to_csv(out / "summary_by_year.csv", index=False, float_format="%.6g")
    capacity_table(ds).to_csv(out / "capacity.csv", index=False, float_format="%.6g")
    generation_table(ds).to_csv(out / "generation.csv", index=False, float_format="%.6g")
    energy_balance_table(ds).to_csv(out / "energy_balance.csv", index=False, float_format="%.6g")
    costs_table(ds).to_csv(out / "costs.csv", index=False, float_format="%.6g")
    measures_table(ds, inp).to_csv(out / "measures.csv", index=False, float_format="%.6g")
    targets = targets_table(m, inp, result)
    targets.to_csv(out / "targets.csv", index=False, float_format="%.6g")
    write_report(ds, summary, targets, result.objective, cfg, out)
