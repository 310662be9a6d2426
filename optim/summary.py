"""The final terminal summary of a run (rich table) read back from its results files."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from optim.results.metrics import CONSOLE, pick


def print_summary(out_dir: Path, seconds: float) -> None:
    """Headline pathway numbers, binding targets and the results path."""
    s = pd.read_csv(out_dir / "summary_by_year.csv").set_index("year")
    t = pd.read_csv(out_dir / "targets.csv")
    con = Console(highlight=False)
    years = [y for y in (2020, 2025, 2030, 2035) if y in s.index]
    table = Table(title="Least-cost pathway (selected years)")
    table.add_column("quantity")
    for y in years:
        table.add_column(str(y), justify="right")
    for m in pick(CONSOLE):
        table.add_row(m.title, *[m.fmt(m.value(s, y)) for y in years])
    con.print(table)
    from optim.results.targets_table import binding_by_target

    bind = binding_by_target(t)
    priced = bind[bind.priced]
    if not priced.empty:
        bt = Table(title="Binding targets (shadow price: NPV MCNY per unit tightened, summed over the years it binds)")
        for c in ("id", "years", "indicator", "required", "shadow price"):
            bt.add_column(c)
        for r in priced.itertuples():
            bt.add_row(r.id, r.years, r.indicator, f"{r.required:.3g} {r.unit}", f"{r.shadow_price_mcny:,.1f}")
        con.print(bt)
    weak = bind[~bind.priced]
    if not weak.empty:
        con.print("Also at their limit with zero marginal cost: " + ", ".join(weak.id) + " (see targets.csv)")
    import json

    obj = json.loads((out_dir / "manifest.json").read_text())["objective_mcny"]
    con.print(f"NPV system cost: {obj / 1e3:,.1f} bn CNY (2020 prices, discounted to 2020)")
    con.print(f"Run finished in {seconds:.0f} s. Results: [bold]{out_dir}[/]")
