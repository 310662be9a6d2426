"""Load and validate a region's input tables from ``data/<region>/``.

``load_region(data_dir)`` returns a :class:`RegionData` whose tables are pandas
DataFrames that passed row-level validation (``optim.data.tables``) and the
cross-row checks below. Any failure raises :class:`DataError` naming the file, the
line and the column, and what was expected.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ValidationError

from optim import vocabulary as V
from optim.data import tables as T
from optim.data.errors import DataError

#: file name -> row schema
TABLES: dict[str, type[BaseModel]] = {
    "base_year.csv": T.BaseYearRow,
    "gdp.csv": T.GdpRow,
    "final_energy_2020.csv": T.FinalEnergyRow,
    "demand_growth.csv": T.DemandGrowthRow,
    "technologies.csv": T.TechnologyRow,
    "fuels.csv": T.FuelRow,
    "economics.csv": T.EconomicsRow,
    "fleet.csv": T.FleetRow,
    "potentials.csv": T.PotentialRow,
    "committed_builds.csv": T.CommittedBuildRow,
    "measures.csv": T.MeasureRow,
    "targets.csv": T.TargetRow,
    "observed.csv": T.ObservedRow,
}
#: tables a region may leave out: file name -> row schema (a missing file gives None)
OPTIONAL_TABLES: dict[str, type[BaseModel]] = {"uncertainty.csv": T.UncertaintyRow}
PROFILES_FILE = "profiles/hourly_profiles.csv"
PROFILE_COLUMNS = ("load_shape",) + V.VRE_TECHS
MAX_REPORTED = 5

REQUIRED_BASE_YEAR = {
    ("electricity_consumption", 2020), ("electricity_consumption", 2005), ("co2", 2005),
    ("total_energy", 2020), ("peak_load", 2020), ("import_capacity", 2020), ("net_electricity_inflow", 2020),
    ("co2_process", 2020), ("heat_network_loss", 2020), ("coal_generation", 2020), ("gas_generation", 2020),
    ("biomass_generation", 2020), ("energy_geothermal_heat", 2020), ("energy_gas", 2020), ("energy_coal", 2020),
}
REQUIRED_ECONOMICS = {"discount_rate", "coal_equivalent_rate_gce_per_kwh"}


@dataclass
class RegionData:
    """Validated input tables of one region (units as in the data files)."""

    name: str
    data_dir: Path
    base_year: pd.DataFrame
    gdp: pd.DataFrame
    final_energy: pd.DataFrame
    demand_growth: pd.DataFrame
    technologies: pd.DataFrame
    fuels: pd.DataFrame
    economics: pd.DataFrame
    fleet: pd.DataFrame
    potentials: pd.DataFrame
    committed: pd.DataFrame
    measures: pd.DataFrame
    targets: pd.DataFrame
    observed: pd.DataFrame
    profiles: pd.DataFrame
    file_hashes: dict[str, str] = field(default_factory=dict)
    uncertainty: pd.DataFrame | None = None     # ranges for the uncertainty analysis (optional table)

    def stat(self, key: str, year: int) -> float:
        """A base-year statistic, e.g. ``stat('electricity_consumption', 2020)``."""
        rows = self.base_year[(self.base_year.key == key) & (self.base_year.year == year)]
        if rows.empty:
            raise DataError(f"{self.data_dir / 'base_year.csv'}: no row with key '{key}' and year {year}.")
        return float(rows.value.iloc[0])


def _read_csv(path: Path) -> pd.DataFrame:
    """Read a CSV as strings; empty cells become None. Clean errors for unreadable files."""
    if not path.exists():
        raise DataError(f"{path}: file not found. Every region needs this table (see data/README.md).")
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}: line {line}: not UTF-8 text (byte {exc.start}). Save the file as UTF-8 CSV.") from None
    if not raw.strip():
        raise DataError(f"{path}: the file is empty; expected a header row and at least one data row.")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{path}: not a valid CSV table ({str(exc).strip()}).") from None
    if df.empty:
        raise DataError(f"{path}: the file has a header but no data rows.")
    return df.replace({"": None})


def _validate_rows(path: Path, df: pd.DataFrame, schema: type[BaseModel]) -> pd.DataFrame:
    """Validate every row; return a typed DataFrame or raise DataError listing the first problems."""
    required = [n for n, f in schema.model_fields.items() if f.is_required()]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {missing}. Expected columns: {list(schema.model_fields)}."
        )
    problems, rows = [], []
    for i, record in enumerate(df.to_dict(orient="records")):
        try:
            rows.append(schema.model_validate(record).model_dump())
        except ValidationError as exc:
            for err in exc.errors():
                col = ".".join(str(p) for p in err["loc"])
                if col:
                    problems.append(f"line {i + 2}, column '{col}' (value {record.get(col)!r}): {err['msg']}")
                else:  # a rule across columns of the row
                    key = ", ".join(f"{k}={v}" for k, v in list(record.items())[:3])
                    problems.append(f"line {i + 2} ({key}): {err['msg'].removeprefix('Value error, ')}")
    _raise_if(path, problems)
    out = pd.DataFrame(rows)
    for col in out.columns:  # NaN anywhere numeric is an error, pydantic lets 'nan' through as float
        if out[col].dtype.kind == "f" and out[col].isna().any() and schema.model_fields[col].is_required():
            line = int(out.index[out[col].isna()][0]) + 2
            _raise_if(path, [f"line {line}, column '{col}': NaN is not a number; give a value"])
    return out


def _raise_if(path: Path, problems: list[str]) -> None:
    if problems:
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise DataError(f"{path}: " + "; ".join(problems[:MAX_REPORTED]) + more + ".")


def _check_unique(path: Path, df: pd.DataFrame, cols: list[str]) -> None:
    dup = df[df.duplicated(cols, keep=False)]
    if not dup.empty:
        first = dup.index[0] + 2
        raise DataError(f"{path}: line {first}: duplicate {cols} = {tuple(dup.iloc[0][cols])}; each must be unique.")


def read_table(path: Path, schema: type[BaseModel]) -> pd.DataFrame:
    """One validated table (DataError naming the file, line and column), e.g. a ranges table of the analysis."""
    return _validate_rows(Path(path), _read_csv(Path(path)), schema)


def _check_profiles(path: Path) -> pd.DataFrame:
    df = _read_csv(path)
    missing = [c for c in ("hour",) + PROFILE_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {missing}; expected hour, {', '.join(PROFILE_COLUMNS)}.")
    if len(df) != 8760:
        raise DataError(f"{path}: {len(df)} rows; expected 8760 hourly rows (non-leap year).")
    out = pd.DataFrame({"hour": pd.to_numeric(df["hour"], errors="coerce")})
    for col in PROFILE_COLUMNS:
        values = pd.to_numeric(df[col], errors="coerce")
        bad = values.isna() | (values < 0) | ((values > 1) if col != "load_shape" else False)
        if bad.any():
            line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise DataError(f"{path}: line {line}, column '{col}' (value {df[col].iloc[line - 2]!r}): "
                            f"expected a number in [0, 1].")
        out[col] = values.to_numpy(dtype=float)
    if not math.isclose(out.load_shape.sum(), 1.0, rel_tol=1e-4):
        raise DataError(f"{path}: column 'load_shape' sums to {out.load_shape.sum():.6f}; expected 1.")
    if not (out.hour.to_numpy() == np.arange(8760)).all():
        raise DataError(f"{path}: column 'hour' must run 0..8759 in order.")
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_region(data_dir: str | Path) -> RegionData:
    """Read, validate and return every input table of the region in ``data_dir``."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(f"{data_dir}: region data folder not found (expected data/<region>/ with the tables "
                        f"listed in data/README.md).")
    tables = {}
    for name, schema in TABLES.items():
        path = data_dir / name
        tables[name] = _validate_rows(path, _read_csv(path), schema)
    profiles = _check_profiles(data_dir / PROFILES_FILE)
    optional = {name: _validate_rows(data_dir / name, _read_csv(data_dir / name), schema)
                for name, schema in OPTIONAL_TABLES.items() if (data_dir / name).exists()}
    data = RegionData(
        name=data_dir.name, data_dir=data_dir,
        base_year=tables["base_year.csv"], gdp=tables["gdp.csv"],
        final_energy=tables["final_energy_2020.csv"], demand_growth=tables["demand_growth.csv"],
        technologies=tables["technologies.csv"], fuels=tables["fuels.csv"], economics=tables["economics.csv"],
        fleet=tables["fleet.csv"], potentials=tables["potentials.csv"], committed=tables["committed_builds.csv"],
        measures=tables["measures.csv"], targets=tables["targets.csv"], observed=tables["observed.csv"],
        profiles=profiles, uncertainty=optional.get("uncertainty.csv"),
        file_hashes={name: _sha256(data_dir / name) for name in list(TABLES) + [PROFILES_FILE] + list(optional)},
    )
    _cross_checks(data)
    return data


def _cross_checks(d: RegionData) -> None:
    """Checks that span rows or tables: uniqueness, required values, years covered."""
    p = d.data_dir
    _check_unique(p / "base_year.csv", d.base_year, ["key", "year"])
    have = set(zip(d.base_year.key, d.base_year.year))
    missing = sorted(REQUIRED_BASE_YEAR - have)
    if missing:
        raise DataError(f"{p / 'base_year.csv'}: required (key, year) rows missing: {missing}.")
    _check_unique(p / "gdp.csv", d.gdp, ["year"])
    for y in (2005, 2020):
        if y not in set(d.gdp.year):
            raise DataError(f"{p / 'gdp.csv'}: the year {y} is required (intensity baselines).")
    _check_unique(p / "final_energy_2020.csv", d.final_energy, ["sector", "carrier"])
    _check_unique(p / "technologies.csv", d.technologies, ["tech", "parameter", "year"])
    _check_unique(p / "fuels.csv", d.fuels, ["fuel", "parameter", "year"])
    _check_unique(p / "economics.csv", d.economics, ["key", "year"])
    missing = REQUIRED_ECONOMICS - set(d.economics.key)
    if missing:
        raise DataError(f"{p / 'economics.csv'}: required key(s) missing: {sorted(missing)}.")
    _check_unique(p / "fleet.csv", d.fleet, ["group"])
    _check_unique(p / "measures.csv", d.measures, ["id"])
    _check_unique(p / "targets.csv", d.targets, ["id"])
    _check_unique(p / "observed.csv", d.observed, ["indicator", "year"])
    if d.uncertainty is not None:
        _check_unique(p / "uncertainty.csv", d.uncertainty, ["key"])
    tech = d.technologies
    for t in V.BUILDABLE_GENERATORS + V.STORAGE_TECHS + V.HEAT_TECHS + (V.INTERCONNECTOR,):
        for par in ("capex", "fom", "lifetime"):
            if tech[(tech.tech == t) & (tech.parameter == par)].empty:
                raise DataError(f"{p / 'technologies.csv'}: no '{par}' row for technology '{t}'; "
                                f"every buildable technology needs capex, fom and lifetime.")
    for t in V.THERMAL_TECHS:
        if tech[(tech.tech == t) & (tech.parameter == "heat_rate")].empty:
            raise DataError(f"{p / 'technologies.csv'}: no 'heat_rate' row for thermal technology '{t}'.")
    for t in V.COAL_TECHS:
        if not tech[(tech.tech == t) & (tech.parameter == "capex")].empty:
            raise DataError(f"{p / 'technologies.csv'}: '{t}' has a capex row, but new coal units are not "
                            f"allowed (TJ-014, NAT-013); remove it.")
    if d.fuels[(d.fuels.fuel == "gas") & (d.fuels.parameter == "calorific_factor")].empty:
        raise DataError(f"{p / 'fuels.csv'}: no 'calorific_factor' row for fuel 'gas' (kgce per m3, converts gas to bcm).")
    for f in ("coal", "gas", "oil"):
        for par in ("price", "emission_factor"):
            if d.fuels[(d.fuels.fuel == f) & (d.fuels.parameter == par)].empty:
                raise DataError(f"{p / 'fuels.csv'}: no '{par}' row for fuel '{f}'.")
    from optim.data.registry_checks import check_economics_ranges, check_required_parameters, check_target_indicators

    check_required_parameters(p, d.technologies, d.fuels)
    check_target_indicators(p / "targets.csv", d.targets)
    check_economics_ranges(p / "economics.csv", d.economics)
