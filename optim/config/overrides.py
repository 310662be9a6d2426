"""Config overrides of data numbers: the key shapes, the names and the ranges, checked in one place.

The data-backed config sections replace numbers of ``data/<region>/``::

    costs.<tech>.<parameter>.<year>      fuels.<fuel>.<parameter>.<year>    economics.<key>.<year>
    potentials.<tech>.<zone>.<column>    gdp.<year>                         measures.<id>.<column>
    targets.<id>.<value|mode|penalty|strength|source>
    base.<key>.<year>                    (base_year.csv: only the statistics the model reads, BASE_READ)
    tech_profile.<tech>.full_load_hours  (a wind or PV profile scaled to these annual hours, optim.timeseries)

- :func:`expected_key` says what a key of a section must look like (used by the config schema,
  ``optim.config.schema``, which checks shapes, types and finiteness before any data is loaded);
- :func:`apply_overrides` replaces data values by override values once the data is loaded: an
  unknown name is a :class:`ConfigError` with the closest valid name, a number outside the range
  of its data table is one too (:func:`override_range`);
- :func:`apply_target_overrides` applies ``targets.<id>.*`` to the target registry, with the value
  range of the target's indicator (:func:`target_value_range`).
"""
from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from optim.data.errors import ConfigError, did_you_mean

TARGET_FIELDS = ("value", "strength", "mode", "penalty", "source")

#: section -> the levels of a key below it
SHAPES: dict[str, tuple[str, ...]] = {
    "costs": ("<tech>", "<parameter>", "<year>"),
    "fuels": ("<fuel>", "<parameter>", "<year>"),
    "economics": ("<key>", "<year>"),
    "potentials": ("<tech>", "<zone>", "<column>"),
    "gdp": ("<year>",),
    "measures": ("<id>", "<column>"),
    "targets": ("<id>", "<" + "|".join(TARGET_FIELDS) + ">"),
    "system.green_import_available_twh": ("<year>",),
    "base": ("<key>", "<year>"),
    "tech_profile": ("<tech>", "full_load_hours"),
}
#: base_year.csv statistics the model reads (a ``base.<key>.<year>`` override of another row would change nothing);
#: energy_oil/coal/gas/geothermal_heat also move the final-energy rows derived from them (optim.inputs.BASE_RESIDUAL)
BASE_READ = {(k, 2020) for k in (
    "electricity_consumption", "peak_load", "import_capacity", "net_electricity_inflow", "co2_process",
    "heat_network_loss", "coal_generation", "gas_generation", "biomass_generation", "energy_geothermal_heat",
    "total_energy", "energy_gas", "energy_coal", "energy_oil")} | {("co2", 2005)}
EXAMPLES = {
    "costs": "costs.utility_pv.capex.2030=2100", "fuels": "fuels.gas.price.2030=2500",
    "economics": "economics.discount_rate.2020=0.05", "potentials": "potentials.onshore_wind.<zone>.potential_mw=3000",
    "gdp": "gdp.2030=4.2", "measures": "measures.<id>.lifetime_yr=20", "targets": "targets.TJ-010.value=18",
    "system.green_import_available_twh": "system.green_import_available_twh.2030=40",
    "base": "base.energy_coal.2020=38.5", "tech_profile": "tech_profile.offshore_wind.full_load_hours=2600",
}


class Range(NamedTuple):
    """Allowed values of a number: [lo, hi] (open ends when lo_open / hi_open) in ``unit``."""

    lo: float
    hi: float
    unit: str
    lo_open: bool = False
    hi_open: bool = False

    def holds(self, v: float) -> bool:
        return (math.isfinite(v) and (v > self.lo if self.lo_open else v >= self.lo)
                and (v < self.hi if self.hi_open else v <= self.hi))

    def text(self) -> str:
        hi = "inf" if self.hi == math.inf else f"{self.hi:g}"
        return (f"{'(' if self.lo_open else '['}{self.lo:g}, {hi}{')' if self.hi_open else ']'} {self.unit}").strip()


INF = math.inf
#: economics.csv keys: plausible ranges (the same for the data file and for overrides)
ECONOMICS_RANGES: dict[str, Range] = {
    "discount_rate": Range(0.0, 0.3, "fraction/yr (real)", hi_open=True),
    "discount_rate_sensitivity_high": Range(0.0, 0.3, "fraction/yr (real)", hi_open=True),
    # 122.9 gce/kWh is the calorific equivalent of 1 kWh; 450 gce/kWh the supply coal rate of the oldest units
    "coal_equivalent_rate_gce_per_kwh": Range(122.9, 450.0, "gce/kWh"),
    "thermal_own_use_rate": Range(0.0, 0.2, "fraction of generation"),
    "eur_to_cny": Range(1.0, 20.0, "CNY/EUR"),
    "usd_to_cny": Range(1.0, 20.0, "CNY/USD"),
    "price_base_year": Range(2020.0, 2020.0, "year (all money is in 2020 prices)"),
}
MEASURE_RANGES = {"potential_2025": Range(0.0, INF, "Mtce/yr"), "potential_2030": Range(0.0, INF, "Mtce/yr"),
                  "potential_2035": Range(0.0, INF, "Mtce/yr"), "capex_cny_per_tce_yr": Range(0.0, INF, "CNY per tce/yr"),
                  "om_cny_per_tce_yr": Range(0.0, INF, "CNY per tce/yr"), "lifetime_yr": Range(0.0, 100.0, "yr", lo_open=True)}
POTENTIAL_RANGES = {"potential_mw": Range(0.0, INF, "MW"), "max_build_mw_per_year": Range(0.0, INF, "MW/yr"),
                    "first_year": Range(2020.0, 2060.0, "year")}


def expected_key(section: str, given: tuple = ()) -> str:
    """The key shape a section expects, filled with the parts given, e.g.
    ``expected_key("costs", ("utility_pv", "capex"))`` -> ``costs.utility_pv.capex.<year>=<value>``."""
    levels = SHAPES[section]
    parts = [str(p) for p in given[: len(levels)]] + list(levels[len(given):])
    return f"{section}.{'.'.join(parts)}=<value>"


def shape_hint(section: str, given: tuple = ()) -> str:
    """'expected <key shape> (e.g. <example>)'."""
    return f"expected {expected_key(section, given)} (e.g. {EXAMPLES[section]})"


def override_range(section: str, here: tuple) -> Range | None:
    """Allowed range and unit of a data number named by a config override: the same ranges as the row
    schemas of the data tables (optim.data.tables), so an override cannot put in a value that the
    data file itself could not hold; economics keys have plausible ranges (ECONOMICS_RANGES)."""
    from optim.data.tables import TECH_PARAMETERS

    if section == "costs" and len(here) >= 2 and here[1] in TECH_PARAMETERS:
        unit, lo, hi = TECH_PARAMETERS[here[1]]
        return Range(float(lo), float(hi), unit)
    if section == "fuels" and len(here) >= 2:
        return Range(0.0, 1.0, "fraction") if here[1] == "nonfossil_share" else Range(0.0, INF, "")
    if section == "economics" and here:
        return ECONOMICS_RANGES.get(str(here[0]))
    if section == "potentials" and len(here) >= 3:
        return POTENTIAL_RANGES.get(str(here[2]))
    if section == "gdp":
        return Range(0.0, INF, "real GDP index", lo_open=True)
    if section == "measures" and len(here) >= 2:
        return MEASURE_RANGES.get(str(here[1]))
    if section == "base":
        return Range(0.0, INF, "unit of the base_year.csv row")
    return None


def check_range(section: str, here: tuple, value: float) -> None:
    """ConfigError when ``value`` is not a finite number inside the range of ``section.here``."""
    key = f"{section}.{'.'.join(map(str, here))}"
    if not math.isfinite(value):
        raise ConfigError(f"Config key '{key}' = {value}: expected a finite number (nan and inf are not allowed).")
    rng = override_range(section, here)
    if rng is not None and not rng.holds(value):
        raise ConfigError(f"Config key '{key}' = {value:g}: outside the allowed range {rng.text()} "
                          f"(the same range as the data table).")


def _year_key(key: Any) -> Any:
    """'2030' -> 2030 (Hydra gives keys as text); other keys unchanged."""
    if isinstance(key, str) and key.strip().isdigit():
        return int(key)
    return key


def _listing(keys) -> str:
    keys = sorted(map(str, keys))
    return ", ".join(keys[:15]) + (f", ... ({len(keys)} in all)" if len(keys) > 15 else "")


def apply_overrides(base: dict, overrides: dict | None, section: str, path: tuple = ()) -> dict:
    """Replace values of ``base`` (nested dicts of the data) by those of ``overrides``.

    Unknown names, a number where the data has a table (a key without its year), a table where
    the data has a number, non-numbers and values outside the data table's range are ConfigErrors.
    New years may be added where the data has a table of years.
    """
    if not overrides:
        return base
    if not isinstance(overrides, dict):
        raise ConfigError(f"Config key '{section}{'.' if path else ''}{'.'.join(path)}' = {overrides!r}: "
                          f"{shape_hint(section, path)}.")
    for key, val in overrides.items():
        key_norm = _year_key(key)
        here = path + (str(key),)
        full = f"{section}.{'.'.join(here)}"
        years_level = bool(base) and all(isinstance(k, int) for k in base)
        if key_norm not in base and not (years_level and isinstance(key_norm, int) and not isinstance(val, dict)):
            hint = did_you_mean(key, base) or f" Valid keys here: {_listing(base)}."
            raise ConfigError(f"Config key '{full}' is unknown: data/<region>/ has no such entry.{hint}")
        current = base.get(key_norm)
        if isinstance(val, dict):
            if not isinstance(current, dict):
                raise ConfigError(f"Config key '{full}' names one number, not a table: "
                                  f"{shape_hint(section, here)}.")
            apply_overrides(current, val, section, here)
            continue
        if isinstance(current, dict):
            level = SHAPES[section][len(here)] if len(here) < len(SHAPES[section]) else "<key>"
            raise ConfigError(f"Config key '{full}' = {val!r} names a table (one value per {level}: "
                              f"{_listing(current)}), not one number: {shape_hint(section, here)}.")
        if isinstance(val, bool):
            raise ConfigError(f"Config key '{full}' = {val!r}: expected a number.")
        try:
            number = float(val)
        except (TypeError, ValueError):
            raise ConfigError(f"Config key '{full}' = {val!r}: expected a number.") from None
        check_range(section, here, number)
        base[key_norm] = number
    return base


def check_base_keys(overrides: dict | None) -> None:
    """ConfigError for a ``base.<key>.<year>`` the model does not read (it would silently change nothing)."""
    for key, years in (overrides or {}).items():
        for year in (years if isinstance(years, dict) else {}):
            if (str(key), _year_key(year)) not in BASE_READ:
                read = ", ".join(f"{k}.{y}" for k, y in sorted(BASE_READ))
                raise ConfigError(f"Config key 'base.{key}.{year}': the model does not read this base_year.csv row, so "
                                  f"overriding it would change nothing. Statistics it reads: {read}.")


def tech_profile_hours(overrides: dict | None, techs: tuple) -> dict[str, float]:
    """{tech: full-load hours} of ``tech_profile.<tech>.full_load_hours``; ConfigError for other keys or values
    outside (0, 8760] h/yr."""
    out = {}
    for tech, params in (overrides or {}).items():
        if tech not in techs:
            raise ConfigError(f"Config key 'tech_profile.{tech}': no hourly profile of that name; expected one of "
                              f"{', '.join(techs)}.{did_you_mean(str(tech), techs)}")
        if not isinstance(params, dict):
            raise ConfigError(f"Config key 'tech_profile.{tech}' = {params!r}: {shape_hint('tech_profile', (tech,))}.")
        for k, v in params.items():
            if k != "full_load_hours":
                raise ConfigError(f"Config key 'tech_profile.{tech}.{k}' is unknown; expected "
                                  f"tech_profile.{tech}.full_load_hours=<h/yr>.{did_you_mean(str(k), ['full_load_hours'])}")
            hours = float(v)
            if not (math.isfinite(hours) and 0 < hours <= 8760):
                raise ConfigError(f"Config key 'tech_profile.{tech}.full_load_hours' = {v}: expected hours per year "
                                  f"in (0, 8760].")
            out[str(tech)] = hours
    return out


def target_value_range(indicator: str) -> Range | None:
    """Allowed values of ``targets.<id>.value`` for a target of this indicator (None: any finite number)."""
    from optim.model.targets import INDICATORS, STRUCTURAL

    if indicator == "co2_peak_year":
        return Range(2020.0, 2060.0, "year")
    if indicator in STRUCTURAL:
        return None
    ind = INDICATORS.get(indicator)
    if ind is None:
        return None
    if ind.unit == "%":
        if ind.reduction:
            return Range(-100.0, 100.0, "% reduction (negative: an increase allowed)")
        return Range(0.0, 100.0, "%")
    return Range(0.0, INF, ind.unit)


def _target_value(tid: str, row, v) -> float:
    key = f"targets.{tid}.value"
    if isinstance(v, bool):
        raise ConfigError(f"Config key '{key}' = {v!r}: expected a number.")
    try:
        value = float(v)
    except (TypeError, ValueError):
        raise ConfigError(f"Config key '{key}' = {v!r}: expected a number in the target's unit "
                          f"({row.unit}).") from None
    if not math.isfinite(value):
        raise ConfigError(f"Config key '{key}' = {v}: expected a finite number in the target's unit ({row.unit}); "
                          f"to drop the target use targets.{tid}.mode=off.")
    rng = target_value_range(str(row.indicator))
    if rng is not None and not rng.holds(value):
        raise ConfigError(f"Config key '{key}' = {value:g}: outside the range {rng.text()} of the target's "
                          f"indicator {row.indicator}.")
    if row.indicator == "co2_peak_year" and not value.is_integer():
        raise ConfigError(f"Config key '{key}' = {value:g}: the peak year must be a whole year.")
    return value


def apply_target_overrides(registry: pd.DataFrame, overrides: dict) -> pd.DataFrame:
    """Registry rows with config overrides (value, strength, mode, penalty, source) applied."""
    t = registry.copy()
    t["mode"] = None
    t["penalty"] = np.nan
    t["value_source"] = np.where(t.value.notna(), "document", "")
    ids = list(t.id)
    allowed = set(TARGET_FIELDS)
    if not isinstance(overrides, dict):
        raise ConfigError(f"Config key 'targets' = {overrides!r}: {shape_hint('targets')}.")
    for tid, ov in overrides.items():
        if tid not in ids:
            raise ConfigError(f"Config key 'targets.{tid}' names no target in the registry "
                              f"(data/<region>/targets.csv).{did_you_mean(tid, ids)}")
        if not isinstance(ov, dict):
            raise ConfigError(f"Config key 'targets.{tid}' = {ov!r} must be a table with keys {sorted(allowed)}: "
                              f"{shape_hint('targets', (tid,))}.")
        i = t.index[ids.index(tid)]
        row = t.loc[i]
        for k, v in ov.items():
            if k not in allowed:
                raise ConfigError(f"Config key 'targets.{tid}.{k}' is unknown; expected one of {sorted(allowed)}."
                                  f"{did_you_mean(k, allowed)}")
            if v is None or k == "source":
                continue
            if k == "value":
                t.loc[i, "value"] = _target_value(tid, row, v)
                t.loc[i, "value_source"] = ov.get("source") or "config override"
            elif k == "strength":
                if v not in ("binding", "strive", "approx", "qualitative"):
                    raise ConfigError(f"Config key 'targets.{tid}.strength' = {v!r}: expected binding, strive, approx "
                                      f"or qualitative.")
                t.loc[i, "strength"] = v
            elif k == "mode":
                if v not in ("hard", "soft", "off"):
                    raise ConfigError(f"Config key 'targets.{tid}.mode' = {v!r}: expected hard, soft or off.")
                t.loc[i, "mode"] = v
            elif k == "penalty":
                try:
                    pen = float(v)
                except (TypeError, ValueError):
                    raise ConfigError(f"Config key 'targets.{tid}.penalty' = {v!r}: expected a number "
                                      f"(MCNY per unit).") from None
                if not (math.isfinite(pen) and pen >= 0):
                    raise ConfigError(f"Config key 'targets.{tid}.penalty' = {v}: expected a finite number >= 0 "
                                      f"(MCNY per unit of the target's indicator).")
                t.loc[i, "penalty"] = pen
    return t
