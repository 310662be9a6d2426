"""Write every result file of a run into its (temporary) folder."""
from __future__ import annotations

from pathlib import Path

import yaml

from optim.config.schema import Config
from optim.results.backcast import backcast_table, model_series
from optim.results.backcast_report import PLOTTED
from optim.results.dataset import build_dataset
from optim.results.report import write_report
from optim.results.tables import (capacity_table, costs_table, energy_balance_table, generation_table,
                                  measures_table, summary_by_year)
from optim.results.targets_table import targets_table


def write_csv(table, path: Path, float_format: str = "%.6g") -> None:
    """``table`` as CSV with 6 significant digits (or ``float_format``); signed zeros (a zero dual comes back as
    -0.0) are written as 0."""
    floats = table.select_dtypes("float").columns
    table.assign(**{c: table[c] + 0.0 for c in floats}).to_csv(path, index=False, float_format=float_format)


def export_all(lp, cfg: Config, result, out: Path) -> None:
    """config.yaml, pathway.nc, the CSV tables, targets.csv, backcast.csv, report.md and plots."""
    (out / "config.yaml").write_text(yaml.safe_dump(cfg.model_dump(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    ds = build_dataset(lp, cfg.region.title)
    ds.attrs["objective_mcny"] = float(result.objective)
    # via memory: libhdf5 writing straight to a full disk leaves broken handles that segfault at exit;
    # a plain file write fails with a clean OSError(ENOSPC) instead (optim.run_folder.write_error)
    (out / "pathway.nc").write_bytes(ds.to_netcdf(engine="h5netcdf"))
    summary = summary_by_year(ds)
    targets = targets_table(lp, result)
    backcast = backcast_table(lp)
    for name, table in [("backcast", backcast), ("summary_by_year", summary), ("capacity", capacity_table(ds)), ("generation", generation_table(ds)),
                        ("energy_balance", energy_balance_table(ds)), ("costs", costs_table(ds)),
                        ("measures", measures_table(ds, lp.inputs)), ("targets", targets)]:
        write_csv(table, out / f"{name}.csv")
    series = model_series(lp, PLOTTED)
    write_report(ds, summary, targets, backcast, series, result.objective, cfg, out)
