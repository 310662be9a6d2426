"""The key metrics of a pathway, defined once: the report's headline, the console summary and optim-compare's
table and plots all read them from here (values from summary_by_year.csv columns)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


def num(v: float, digits: int) -> str:
    """``v`` with ``digits`` decimals and thousands separators; -0.0 (e.g. -1e-12 rounded) shows as 0."""
    return f"{round(float(v), digits) + 0.0:,.{digits}f}"


@dataclass(frozen=True)
class Metric:
    """One metric: a summary_by_year.csv column (or the sum of several), how to label and print it."""

    key: str
    label: str
    unit: str
    columns: tuple[str, ...]
    digits: int = 1
    scale: float = 1.0           # printed value = scale x column value (e.g. MCNY -> bn CNY)

    def value(self, summary: pd.DataFrame, year: int) -> float | None:
        """The metric in ``year`` from a summary indexed by year (None if the year or a column is missing)."""
        if year not in summary.index or any(c not in summary.columns for c in self.columns):
            return None
        v = sum(float(summary.loc[year, c]) for c in self.columns)
        return None if v != v else self.scale * v

    def fmt(self, v: float | None) -> str:
        return "–" if v is None else num(v, self.digits)

    @property
    def title(self) -> str:
        return f"{self.label} ({self.unit})"


_ALL = (
    Metric("co2", "CO2", "Mt", ("co2_mt",)),
    Metric("coal", "coal", "Mtce", ("coal_mtce",)),
    Metric("gas", "gas", "bcm", ("gas_bcm",)),
    Metric("nonfossil", "non-fossil share", "%", ("nonfossil_share_pct",)),
    Metric("renewables", "renewable capacity", "GW", ("renewable_capacity_gw",)),
    Metric("wind", "wind", "GW", ("wind_gw",), 2),
    Metric("pv", "PV", "GW", ("pv_gw",), 2),
    Metric("storage", "storage", "GW", ("storage_power_gw",), 2),
    Metric("import_capacity", "import capability", "GW", ("import_capacity_gw",), 2),
    Metric("imports", "imports", "TWh", ("imports_grid_twh", "imports_green_twh")),
    Metric("imports_grid", "grid imports", "TWh", ("imports_grid_twh",)),
    Metric("imports_green", "green imports", "TWh", ("imports_green_twh",)),
    Metric("system_cost", "system cost", "bn CNY", ("system_cost_mcny",), 1, 1e-3),
)
METRICS: dict[str, Metric] = {m.key: m for m in _ALL}

#: which metrics each view shows, in order
HEADLINE = ("coal", "nonfossil", "renewables", "storage", "imports")            # report.md, in 2025 and 2030
CONSOLE = ("co2", "coal", "gas", "nonfossil", "renewables", "wind", "pv", "storage", "imports_grid", "imports_green",
           "system_cost")                                                         # optim's terminal summary
COMPARE = ("co2", "coal", "nonfossil", "wind", "pv", "storage", "import_capacity")  # optim-compare's table and plots


def pick(keys: tuple[str, ...]) -> list[Metric]:
    return [METRICS[k] for k in keys]
