"""Data checks that need the model's vocabulary: target indicators and economics ranges.

- :func:`check_target_indicators`: every ``targets.csv`` row modelled as a constraint names an
  indicator the model can build (the indicator functions of ``optim.model.targets`` plus the
  CO2 peak, the coal decline and the structural targets); a misspelled indicator would otherwise
  silently drop the target.
- :func:`check_economics_ranges`: ``economics.csv`` values inside the plausible ranges that
  config overrides must respect as well (``optim.config.overrides.ECONOMICS_RANGES``).
- :func:`check_required_parameters`: the technology and fuel parameters the model reads exist
  (a deleted row used to stop the model build with a KeyError). The table lists what
  ``optim/model`` reads beyond the loader's own checks (capex/fom/lifetime of buildable
  technologies, heat rates, coal/gas/oil prices and emission factors); found by deleting every
  (technology, parameter) and (fuel, parameter) of data/tianjin in turn.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from optim import vocabulary as V
from optim.data.errors import DataError, did_you_mean

def valid_indicators() -> list[str]:
    """Indicator names a constraint row of targets.csv may use (the registry of optim.model.targets)."""
    from optim.model.targets import indicator_names

    return sorted(indicator_names())


def check_target_indicators(path: Path, targets: pd.DataFrame) -> None:
    """DataError naming the line of the first constraint row whose indicator the model does not know."""
    rows = targets[targets.modelled_as == "constraint"]
    if rows.empty:
        return
    valid = valid_indicators()
    for i, r in rows.iterrows():
        if r.indicator not in valid:
            raise DataError(f"{path}: line {int(i) + 2}, column 'indicator' (value {r.indicator!r}) of target {r.id}: "
                            f"no such indicator, so this constraint could not be built.{did_you_mean(r.indicator, valid)} "
                            f"Rows with modelled_as = constraint must use one of: {', '.join(valid)}.")


def check_economics_ranges(path: Path, economics: pd.DataFrame) -> None:
    """DataError for an economics.csv value outside its plausible range."""
    from optim.config.overrides import ECONOMICS_RANGES

    for i, r in economics.iterrows():
        rng = ECONOMICS_RANGES.get(str(r.key))
        if rng is not None and not rng.holds(float(r.value)):
            raise DataError(f"{path}: line {int(i) + 2}, column 'value' (value {r.value!r}) of key {r.key}: "
                            f"outside the plausible range {rng.text()}.")


REQUIRED_TECH_PARAMETERS: dict[str, tuple[str, ...]] = {
    "fom": V.GENERATORS + V.STORAGE_TECHS + (V.INTERCONNECTOR,),
    "availability": V.THERMAL_TECHS,
    "capacity_credit": V.GENERATORS + V.STORAGE_TECHS + (V.INTERCONNECTOR,),
    "charge_efficiency": V.STORAGE_TECHS, "discharge_efficiency": V.STORAGE_TECHS,
    "min_duration_h": V.STORAGE_TECHS, "max_duration_h": V.STORAGE_TECHS,
    "efficiency": ("heat_coal_boiler", "heat_gas_boiler", "heat_pump", "electric_boiler"),
}
REQUIRED_FUEL_PARAMETERS: dict[str, tuple[str, ...]] = {
    "price": ("coal", "gas", "oil", "biomass", "import_grid", "import_green"),
    "emission_factor": ("coal", "gas", "oil", "import_grid"),
    "nonfossil_share": ("import_grid",),
}


def check_required_parameters(folder: Path, technologies: pd.DataFrame, fuels: pd.DataFrame) -> None:
    """DataError naming the file, the technology / fuel and the parameter of the first missing row."""
    for file, table, col, required in (("technologies.csv", technologies, "tech", REQUIRED_TECH_PARAMETERS),
                                       ("fuels.csv", fuels, "fuel", REQUIRED_FUEL_PARAMETERS)):
        have = set(zip(table[col], table.parameter))
        for par, names in required.items():
            for name in names:
                if (name, par) not in have:
                    raise DataError(f"{folder / file}: no '{par}' row for {col} '{name}'; the model needs it "
                                    f"(one row per year given, at least one year).")
