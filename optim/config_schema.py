"""Typed schema of the resolved config (pydantic): types, ranges, allowed values.

``validate_config(cfg)`` returns the config as a plain dict or raises ConfigError naming
the key, the bad value and what is expected; an unknown key gets the closest valid key.
The data-backed sections (costs, fuels, economics, potentials, gdp, measures, targets) are
checked against the data when the inputs are built (``optim.inputs``).
"""
from __future__ import annotations

import difflib
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from optim.data.errors import ConfigError

Mode = Literal["hard", "soft", "off"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Years(Strict):
    start: int = Field(2020, description="calibration base year; must be 2020")
    end: int = Field(2035, ge=2021, le=2060, description="last modelled year")

    @model_validator(mode="after")
    def _order(self):
        if self.start != 2020:
            raise ValueError("years.start must be 2020 (the calibration year of the data)")
        return self


class Run(Strict):
    name: Optional[str] = Field(None, description="results folder name; default <timestamp>_<scenario>")

    @field_validator("name", mode="before")
    @classmethod
    def _name_as_text(cls, v):
        """Hydra parses `run.name=2030` or `run.name=inf` as numbers: keep them as folder names."""
        if v is None or isinstance(v, str):
            return v
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
    results_dir: str = "results"
    report: bool = True
    skip_if_complete: bool = False
    warm_start: bool = True


class Policy(Strict):
    binding: Mode = "hard"
    strive: Mode = "hard"
    qualitative: Mode = "hard"
    approx_band: float = Field(0.05, ge=0, le=0.5, description="relative band of 左右 targets")
    persist: bool = Field(True, description="'reach X by year t' targets keep holding after t")
    qualitative_margin: float = Field(0.0, ge=0, le=0.5)
    soft_penalty: float = Field(2000.0, ge=0, description="MCNY per unit of the target's indicator")


class Accounting(Strict):
    import_co2: bool = True
    nonfossil_grid_imports: bool = True
    electricity_share_method: Literal["coal_equivalent", "calorific"] = "coal_equivalent"
    exclude_new_renewables_from_energy_total: bool = False
    exclude_non_energy_from_energy_total: bool = False


class System(Strict):
    reserve_margin: float = Field(ge=0, le=1)
    emergency_peaker_max_hours: float = Field(ge=0, le=8760)
    backup_fom_share: float = Field(ge=0, le=1)
    chp_heat_fuel_efficiency: float = Field(gt=0.1, le=1.0)
    heat_full_load_hours: float = Field(gt=100, le=8760)
    dr_capacity_cost: float = Field(ge=0)
    dr_energy_cost: float = Field(ge=0)
    dr_max_hours: float = Field(ge=0, le=8760)
    calibrate_2020: bool = True
    history_until: int = Field(2024, ge=2020, le=2030, description="last observed year: builds follow committed_builds.csv")
    import_floor_twh: float = Field(ge=0, description="minimum grid-average imports per year (contracts)")
    green_import_available_twh: dict[int, float]


class Time(Strict):
    mode: Literal["typical_days", "clustered", "full_year"] = "typical_days"
    days: int = Field(12, ge=1, le=365)
    link_days: bool = True   # clustered mode: storage level chained through the calendar sequence of clusters


class Solver(Strict):
    threads: int = Field(2, ge=1, le=256)
    random_seed: int = Field(0, ge=0)
    method: Literal["choose", "simplex", "ipm", "pdlp"] = "choose"
    presolve: Literal["choose", "on", "off"] = "choose"
    time_limit: Optional[float] = Field(3600, gt=0)
    log: bool = False


class Region(Strict):
    name: str
    data_dir: str


class Config(Strict):
    years: Years
    run: Run
    policy: Policy
    accounting: Accounting
    system: System
    time: Time
    solver: Solver
    region: Region
    scenario_name: str = "documents"
    debug: bool = False
    targets: dict[str, Any] = {}
    costs: dict[str, Any] = {}
    fuels: dict[str, Any] = {}
    economics: dict[str, Any] = {}
    potentials: dict[str, Any] = {}
    gdp: dict[Any, Any] = {}
    measures: dict[str, Any] = {}


def _fields_at(loc: tuple) -> list[str]:
    model: Any = Config
    for part in loc[:-1]:
        f = model.model_fields.get(str(part)) if hasattr(model, "model_fields") else None
        if f is None or not (isinstance(f.annotation, type) and issubclass(f.annotation, BaseModel)):
            return []
        model = f.annotation
    return list(model.model_fields) if hasattr(model, "model_fields") else []


def validate_config(cfg: dict) -> dict:
    """Validate the resolved config; return it (with defaults filled) or raise ConfigError."""
    cfg = {k: v for k, v in cfg.items() if k != "hydra"}
    try:
        return Config.model_validate(cfg).model_dump()
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(str(p) for p in err["loc"])
        key = ".".join(loc)
        if err["type"] == "extra_forbidden":
            near = difflib.get_close_matches(loc[-1], _fields_at(loc), n=1)
            hint = f" Did you mean '{'.'.join(loc[:-1] + (near[0],))}'?" if near else ""
            raise ConfigError(f"Config key '{key}' is unknown.{hint}") from None
        bad = err.get("input")
        expected = err["msg"]
        if err["type"] == "literal_error":
            expected = "expected " + err["msg"].replace("Input should be ", "")
        raise ConfigError(f"Config key '{key}' = {bad!r}: {expected}.") from None
