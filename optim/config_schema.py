"""Typed schema of the resolved config (pydantic): types, ranges, allowed values.

``validate_config(cfg)`` returns the config as a plain dict or raises ConfigError naming
the key, the bad value and what is expected; an unknown key gets the closest valid key.
Everything that can be checked without the data is checked here, before any data is loaded:
types, ranges, finite numbers (nan / inf are refused everywhere), allowed values, a safe
``run.name``, keys that apply only to some modes (``time.days``), and the key shapes of the
data-backed sections (``costs.<tech>.<parameter>.<year>`` ..., see ``optim.overrides``). The
names in those sections (a technology, a zone, a target id) and their ranges are checked against
the data once it is loaded (``optim.overrides.apply_overrides``), still before the model is built.
Error messages are written by ``optim.config_errors``.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from optim.data.errors import ConfigError

Mode = Literal["hard", "soft", "off"]
def _number_not_bool(v):
    if isinstance(v, bool):
        raise ValueError("expected a number, not true or false")
    return v


Finite = Annotated[float, BeforeValidator(_number_not_bool), Field(allow_inf_nan=False)]
Year = Annotated[int, Field(ge=2000, le=2060)]
HIGHS_MAX_SEED = 2_147_483_647  # HiGHS's random_seed option is an int in 0..2^31-1
MAX_NAME_CHARS, MAX_NAME_BYTES = 120, 200  # room for ".partial-<pid>" within the 255-byte limit of file names


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, v, info):
        """pydantic reads true/false as 1/0 for a number: refuse it (``policy.soft_penalty=true``)."""
        ann = cls.model_fields[info.field_name].annotation
        if isinstance(v, bool) and (ann in (int, float) or ann in (Optional[int], Optional[float])):
            raise ValueError("expected a number, not true or false")
        return v


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

    @field_validator("name")
    @classmethod
    def _safe_name(cls, v):
        """A folder name inside run.results_dir: no path, nothing a filesystem refuses."""
        if v is None:
            return v
        problem = folder_name_problem(v)
        if problem:
            raise ValueError(f"{problem}. run.name is the name of one folder inside run.results_dir "
                             f"(letters, digits, '-', '_', '.', non-ASCII letters; at most {MAX_NAME_CHARS} characters)")
        return v
    results_dir: str = Field("results", min_length=1)
    write_model: Optional[Literal["mps", "lp"]] = Field(None, description=(
        "also write the complete LP with row and column names into the run folder (model.mps or model.lp)"))
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
    history_calibrate: list[str] = Field(default_factory=list, description=(
        "statistics of observed.csv held within their tolerance in the history years (optim.model.history)"))
    history_gas_floor: float = Field(0.0, ge=0, le=1, description=(
        "gas use of every history year >= this fraction of the base year's (no Tianjin gas statistic after 2019)"))
    first_year_availability: float = Field(1.0, ge=0, le=1, description=(
        "share of its first year that new capacity operates (0.5: commissioned evenly through the year)"))

    @field_validator("history_calibrate")
    @classmethod
    def _calibratable(cls, v: list[str]) -> list[str]:
        from optim.vocabulary import OBSERVED_INDICATORS

        ok = sorted(k for k, (_, linear) in OBSERVED_INDICATORS.items() if linear)
        bad = [k for k in v if k not in ok]
        if bad:
            raise ValueError(f"cannot calibrate {bad}; expected a list of: {', '.join(ok)}")
        return v
    import_floor_twh: float = Field(ge=0, description="minimum grid-average imports per year (contracts)")
    green_import_available_twh: dict[Year, Annotated[float, Field(ge=0, allow_inf_nan=False)]] = Field(
        min_length=1, description="TWh per year, interpolated between the years given")


class Time(Strict):
    mode: Literal["typical_days", "clustered", "full_year"] = "typical_days"
    days: int = Field(12, ge=1, le=365)
    link_days: bool = True   # clustered mode: storage level chained through the calendar sequence of clusters

    @model_validator(mode="after")
    def _clustered_only(self):
        """time.days and time.link_days=false act only in clustered mode: refuse them elsewhere (they would
        be ignored yet recorded in manifest.json)."""
        fixed = {"typical_days": (12, "12 typical days, one per month"), "full_year": (365, "all 365 days")}
        if self.mode in fixed and self.days != fixed[self.mode][0]:
            raise ValueError(f"Config key 'time.days' = {self.days}: time.days applies only to time=clustered; "
                             f"time.mode={self.mode} always uses {fixed[self.mode][1]}. "
                             f"For {self.days} clustered days run with time=clustered time.days={self.days}")
        if self.mode != "clustered" and not self.link_days:
            raise ValueError(f"Config key 'time.link_days' = false: time.link_days applies only to time=clustered "
                             f"(time.mode={self.mode} has no clustered days to link)")
        return self


class Solver(Strict):
    threads: int = Field(2, ge=1, le=256)
    random_seed: int = Field(0, ge=0, le=HIGHS_MAX_SEED, description="HiGHS random_seed, 0..2147483647")
    method: Literal["choose", "simplex", "ipm", "pdlp"] = "choose"
    presolve: Literal["choose", "on", "off"] = "choose"
    time_limit: Optional[float] = Field(3600, gt=0)
    log: bool = False


class Region(Strict):
    name: str
    data_dir: str


class TargetOverride(Strict):
    """``targets.<id>.*``: the value's range depends on the target's indicator (checked with the registry)."""

    value: Optional[Finite] = None
    strength: Optional[Literal["binding", "strive", "approx", "qualitative"]] = None
    mode: Optional[Mode] = None
    penalty: Optional[Annotated[float, Field(ge=0, allow_inf_nan=False)]] = Field(
        None, description="MCNY per unit of the target's indicator")
    source: Optional[str] = None


def folder_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a results folder name inside run.results_dir, or None."""
    if not name.strip():
        return "it is empty"
    if "/" in name or "\\" in name:
        return "it contains a path separator ('/' or '\\'), so the folder would not be inside run.results_dir"
    if name.startswith("."):
        return "it starts with '.' ('..' leaves run.results_dir; '.name' is hidden)"
    if name != name.strip():
        return "it starts or ends with a space"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "it contains a control character"
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"it is too long ({len(name)} characters, {len(name.encode('utf-8'))} bytes in UTF-8)"
    return None


class Config(Strict):
    years: Years
    run: Run
    policy: Policy
    accounting: Accounting
    system: System
    time: Time
    solver: Solver
    region: Region
    scenario_name: str = Field("documents", description="part of the default results folder name")

    @field_validator("scenario_name")
    @classmethod
    def _scenario_in_folder_name(cls, v):
        """The default run folder is <timestamp>_<scenario_name>: the same rules as run.name."""
        problem = folder_name_problem(v) or (f"it is too long ({len(v)} characters, at most 60)" if len(v) > 60 else None)
        if problem:
            raise ValueError(f"{problem}; scenario_name is part of the default results folder name")
        return v
    debug: bool = False
    # data-backed sections (optim.overrides): shapes and finite numbers here, names and ranges with the data
    targets: dict[str, TargetOverride] = {}
    costs: dict[str, dict[str, dict[Year, Finite]]] = {}
    fuels: dict[str, dict[str, dict[Year, Finite]]] = {}
    economics: dict[str, dict[Year, Finite]] = {}
    potentials: dict[str, dict[str, dict[str, Finite]]] = {}
    gdp: dict[Year, Finite] = {}
    measures: dict[str, dict[str, Finite]] = {}


def validate_config(cfg: dict) -> dict:
    """Validate the resolved config; return it (with defaults filled) or raise ConfigError."""
    from optim.config_errors import message

    cfg = {k: v for k, v in cfg.items() if k != "hydra"}
    try:
        out = Config.model_validate(cfg).model_dump()
    except ValidationError as exc:
        raise ConfigError(message(exc.errors()[0], Config)) from None
    out["targets"] = {tid: {k: v for k, v in ov.items() if v is not None} for tid, ov in out["targets"].items()}
    return out
