"""Typed schema of the resolved config (pydantic): types, ranges, allowed values.

``validate_config(cfg)`` returns the typed :class:`Config` (what every module reads) or raises ConfigError naming
the key, the bad value and what is expected; an unknown key gets the closest valid key.
Everything that can be checked without the data is checked here, before any data is loaded:
types, ranges, finite numbers (nan / inf are refused everywhere), allowed values, a safe
``run.name``, keys that apply only to some modes (``time.days``), and the key shapes of the
data-backed sections (``costs.<tech>.<parameter>.<year>`` ..., see ``optim.config.overrides``). The
names in those sections (a technology, a zone, a target id) and their ranges are checked against
the data once it is loaded (``optim.config.overrides.apply_overrides``), still before the model is built.
Error messages are written by ``optim.config.errors``.
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
def Doc(default=..., *, unit: str, description: str, **kw):
    """A field with its description and unit (both printed in docs/config.md, optim.config.docs)."""
    return Field(default, description=description, json_schema_extra={"unit": unit}, **kw)


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
    start: int = Doc(2020, unit="year", description="calibration base year of the data; must be 2020")
    end: int = Doc(2035, unit="year", ge=2021, le=2060, description="last modelled year (2021-2060)")

    @model_validator(mode="after")
    def _order(self):
        if self.start != 2020:
            raise ValueError("years.start must be 2020 (the calibration year of the data)")
        return self


class Run(Strict):
    name: Optional[str] = Doc(None, unit="folder name", description=(
        "results folder inside run.results_dir; default <timestamp>_<scenario_name>; must not exist yet"))

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
    results_dir: str = Doc("results", unit="path", min_length=1, description=(
        "folder of the run folders, relative to the project root unless absolute; created if missing"))
    write_model: Optional[Literal["mps", "lp"]] = Doc(None, unit="-", description=(
        "also write the complete LP with row and column names into the run folder (model.mps or model.lp)"))
    report: bool = Doc(True, unit="-", description="write report.md and the PNG plots")
    skip_if_complete: bool = Doc(False, unit="-", description=(
        "skip a run whose folder is already complete; in a sweep: resume the same sweep folder"))
    warm_start: bool = Doc(True, unit="-", description=(
        "in a sweep run in one process, re-solve the built model from the last basis when only numbers change"))


class Policy(Strict):
    binding: Mode = Doc("hard", unit="-", description="how targets of strength 'binding' enter: hard rows, soft "
                        "(shortfall priced at the penalty) or off")
    strive: Mode = Doc("hard", unit="-", description="how 'strive' (力争) targets enter: hard, soft or off")
    qualitative: Mode = Doc("hard", unit="-", description="how qualitative targets (keep falling) enter: hard, soft or off")
    approx_band: float = Doc(0.05, unit="fraction", ge=0, le=0.5, description=(
        "relative band of 'about' (左右) targets: '>=' v becomes >= v (1 - band), '<=' v becomes <= v (1 + band)"))
    persist: bool = Doc(True, unit="-", description="'reach X by year t' targets keep holding after t until a later "
                        "target of the same indicator")
    qualitative_margin: float = Doc(0.0, unit="fraction per year", ge=0, le=0.5, description=(
        "'keeps falling' targets: each year at least this fraction below the year before"))
    soft_penalty: float = Doc(2000.0, unit="MCNY per unit of the target", ge=0, description=(
        "price of a soft target's shortfall per unit of its indicator and year (targets.<id>.penalty overrides)"))


class Accounting(Strict):
    import_co2: bool = Doc(True, unit="-", description="count the CO2 of grid-average imports (emission factor of "
                           "fuels.csv import_grid) in the region's CO2")
    nonfossil_grid_imports: bool = Doc(True, unit="-", description="count the non-fossil part of grid-average "
                                       "imports as non-fossil energy")
    electricity_share_method: Literal["coal_equivalent", "calorific"] = Doc(
        "coal_equivalent", unit="-", description="electricity in final energy at the coal-equivalent rate of "
        "economics.csv or at its calorific value (0.1229 kgce/kWh)")
    exclude_new_renewables_from_energy_total: bool = Doc(False, unit="-", description=(
        "leave renewable energy added after the base year out of total energy (the national rule for the "
        "energy-intensity assessment)"))
    exclude_non_energy_from_energy_total: bool = Doc(False, unit="-", description=(
        "leave non-energy use of fuels (feedstock) out of total energy"))


class System(Strict):
    reserve_margin: float = Doc(unit="fraction of peak", ge=0, le=1, description=(
        "firm capacity >= (1 + margin) x peak load in every year"))
    emergency_peaker_max_hours: float = Doc(unit="h/yr", ge=0, le=8760, description=(
        "full-load hours a year allowed to units on emergency-peaker duty (fleet.csv duty = peaker)"))
    backup_fom_share: float = Doc(unit="fraction", ge=0, le=1, description=(
        "share of fixed O&M kept for units retired but kept as backup"))
    chp_heat_fuel_efficiency: float = Doc(unit="fraction", gt=0.1, le=1.0, description=(
        "heat method of CHP fuel accounting: fuel charged to heat = heat / efficiency"))
    heat_full_load_hours: float = Doc(unit="h/yr", gt=100, le=8760, description=(
        "full-load hours of district-heat capacity over the heating season"))
    heating_coal_keeps_falling: bool = Doc(False, unit="-", description=(
        "the region's clean-heating rule: coal for district heat (boilers + CHP heat share) never rises from "
        "one free year to the next (Tianjin: UR-024)"))
    no_new_coal_boilers: bool = Doc(False, unit="-", description=(
        "the region's ban on new coal boilers: heat from coal boilers never rises from one year to the next "
        "(Tianjin: TJ-017, BC-011)"))
    dr_capacity_cost: float = Doc(unit="CNY/kW/yr", ge=0, description="capacity payment for contracted demand response")
    dr_energy_cost: float = Doc(unit="CNY/MWh", ge=0, description="payment per MWh of demand response called")
    dr_max_hours: float = Doc(unit="h/yr", ge=0, le=8760, description="hours a year demand response can be called")
    calibrate_2020: bool = Doc(True, unit="-", description=(
        "fix the base year's imports, gas and coal use, biomass generation and geothermal heat to the statistics"))
    history_until: int = Doc(2024, unit="year", ge=2020, le=2030, description=(
        "last history year: up to it the fleet that existed, the observed builds (committed_builds.csv) and the "
        "statistics of system.history_calibrate; targets are reported, not imposed"))
    history_calibrate: list[str] = Doc(default_factory=list, unit="indicator names", description=(
        "statistics of observed.csv held within their tolerance in the history years (optim.model.history)"))
    history_gas_floor: float = Doc(0.0, unit="fraction of base-year gas use", ge=0, le=1, description=(
        "gas use of every history year >= this fraction of the base year's (where the region has no gas "
        "statistic for those years; 0: no floor)"))
    first_year_availability: float = Doc(1.0, unit="fraction of the year", ge=0, le=1, description=(
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
    import_floor_twh: float = Doc(unit="TWh/yr", ge=0, description=(
        "minimum grid-average imports per year (long-term contracts)"))
    green_import_available_twh: dict[Year, Annotated[float, Field(ge=0, allow_inf_nan=False)]] = Doc(
        unit="TWh/yr by year", min_length=1, description=(
            "green power the region can contract per year, interpolated between the years given"))


class Time(Strict):
    mode: Literal["typical_days", "clustered", "full_year"] = Doc("typical_days", unit="-", description=(
        "time resolution: 12 typical days (one per month), k clustered days (tsam) or all 365 days"))
    days: int = Doc(12, unit="days", ge=1, le=365, description="number of clustered days (time=clustered only)")
    link_days: bool = Doc(True, unit="-", description=(
        "clustered mode: storage level chained through the calendar sequence of clusters (else cyclic per day)"))

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
    threads: int = Doc(2, unit="threads", ge=1, le=256, description="HiGHS threads")
    random_seed: int = Doc(0, unit="-", ge=0, le=HIGHS_MAX_SEED, description="HiGHS random_seed, 0..2147483647")
    method: Literal["choose", "simplex", "ipm", "pdlp"] = Doc("choose", unit="-", description="HiGHS solver method")
    presolve: Literal["choose", "on", "off"] = Doc("choose", unit="-", description="HiGHS presolve")
    time_limit: Optional[float] = Doc(3600, unit="s", gt=0, description="HiGHS time limit per solve (null: none)")
    log: bool = Doc(False, unit="-", description="print the HiGHS log")


def _unit(unit: str) -> dict:
    return {"unit": unit}


#: the fields each analysis kind reads (a field of another kind is refused: it would be ignored)
ANALYSIS_FIELDS = {"none": {"kind"}, "target_costs": {"kind", "targets"},
                   "uncertainty": {"kind", "samples", "seed", "workers", "chain", "ranges", "exclude_groups",
                                   "plan_cost", "explain_infeasible"}}


class Analysis(Strict):
    """``analysis=<none|target_costs|uncertainty>`` (configs/analysis/): what runs after the study (optim.analysis)."""

    kind: Literal["none", "target_costs", "uncertainty"] = Field(
        "none", description="the analysis run after the study, in the same results folder", json_schema_extra=_unit("-"))
    targets: Literal["binding", "all"] = Field(
        "binding", description="target_costs: the target families costed: those that bind in the study, or every "
        "family with rows", json_schema_extra=_unit("-"))
    samples: int = Field(200, ge=2, le=100_000, description="uncertainty: number of Latin-hypercube samples",
                         json_schema_extra=_unit("samples"))
    seed: int = Field(1, ge=0, le=2**32 - 1, description="uncertainty: seed of the Latin hypercube (same seed, same "
                      "samples)", json_schema_extra=_unit("-"))
    workers: int = Field(2, ge=1, le=64, description="uncertainty: worker processes solving samples in parallel, each "
                         "with solver.threads HiGHS threads (rule: workers x threads <= cores)",
                         json_schema_extra=_unit("processes"))
    chain: int = Field(25, ge=1, le=100_000, description="uncertainty: samples per warm-start chain (each sample "
                       "starts from the basis of the one before it in its chain)", json_schema_extra=_unit("samples"))
    ranges: str = Field("uncertainty.csv", min_length=1, description="uncertainty: the ranges table, a file in "
                        "data/<region>/", json_schema_extra=_unit("file name"))
    exclude_groups: list[str] = Field(default_factory=list, description="uncertainty: groups of the ranges table "
                                      "not sampled", json_schema_extra=_unit("group names"))
    plan_cost: bool = Field(False, description="uncertainty: also solve every sample without targets (no_policy) for "
                            "the plan's cost per sample (about twice the time)", json_schema_extra=_unit("-"))
    explain_infeasible: bool = Field(True, description="uncertainty: explain an infeasible sample with the elastic "
                                     "diagnosis (one cold solve)", json_schema_extra=_unit("-"))

    @model_validator(mode="after")
    def _fields_of_kind(self):
        extra = sorted(self.model_fields_set - ANALYSIS_FIELDS[self.kind])
        if extra:
            raise ValueError(f"analysis.{extra[0]} does not apply to analysis={self.kind} (its keys: "
                             f"{', '.join(sorted(ANALYSIS_FIELDS[self.kind]))})")
        return self


class Region(Strict):
    """The region: its data folder and what the model needs to know about it that is not a table."""

    name: str = Doc(unit="-", min_length=1, description="region name; targets.csv rows of this scope are imposed")
    title: str = Doc(unit="-", min_length=1, description="name printed in reports and the results dataset")
    data_dir: str = Doc(unit="path", min_length=1, description="folder of the region's tables (data/<region>/)")
    heating_months: list[Annotated[int, Field(ge=1, le=12)]] = Doc(unit="months 1-12", min_length=1, description=(
        "calendar months of the district-heating season: representative days of these months carry heat demand, "
        "CHP heat duty and heat-pump electricity"))


class TargetOverride(Strict):
    """``targets.<id>.*``: the value's range depends on the target's indicator (checked with the registry)."""

    value: Optional[Finite] = Doc(None, unit="the target's unit (targets.csv)", description=(
        "the target's value (the range depends on its indicator)"))
    strength: Optional[Literal["binding", "strive", "approx", "qualitative"]] = Doc(None, unit="-", description=(
        "the target's strength (policy.<strength> says how it enters)"))
    mode: Optional[Mode] = Doc(None, unit="-", description="hard, soft or off for this target (overrides its strength)")
    penalty: Optional[Annotated[float, Field(ge=0, allow_inf_nan=False)]] = Doc(
        None, unit="MCNY per unit of the target", description="price of a shortfall when soft")
    source: Optional[str] = Doc(None, unit="-", description="where a value set here comes from (printed in targets.csv)")


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
    scenario_name: str = Doc("documents", unit="-", description=(
        "scenario label (set by configs/scenario/), part of the default results folder name"))

    @field_validator("scenario_name")
    @classmethod
    def _scenario_in_folder_name(cls, v):
        """The default run folder is <timestamp>_<scenario_name>: the same rules as run.name."""
        problem = folder_name_problem(v) or (f"it is too long ({len(v)} characters, at most 60)" if len(v) > 60 else None)
        if problem:
            raise ValueError(f"{problem}; scenario_name is part of the default results folder name")
        return v
    debug: bool = Doc(False, unit="-", description="show tracebacks of unexpected errors")
    # data-backed sections (optim.config.overrides): shapes and finite numbers here, names and ranges with the data
    targets: dict[str, TargetOverride] = Doc({}, unit="see targets.<id>.*", description=(
        "per-target overrides targets.<id>.value|strength|mode|penalty|source"))
    costs: dict[str, dict[str, dict[Year, Finite]]] = Doc({}, unit="unit of technologies.csv", description=(
        "costs.<tech>.<parameter>.<year>: a number of technologies.csv"))
    fuels: dict[str, dict[str, dict[Year, Finite]]] = Doc({}, unit="unit of fuels.csv", description=(
        "fuels.<fuel>.<parameter>.<year>: a number of fuels.csv"))
    economics: dict[str, dict[Year, Finite]] = Doc({}, unit="unit of economics.csv", description=(
        "economics.<key>.<year>: a number of economics.csv (discount rate, exchange rates, coal-equivalent rate)"))
    potentials: dict[str, dict[str, dict[str, Finite]]] = Doc({}, unit="MW, or year for first_year", description=(
        "potentials.<tech>.<zone>.<column>: potential_mw, max_build_mw_per_year or first_year of potentials.csv"))
    gdp: dict[Year, Finite] = Doc({}, unit="index, 2005 = 1", description="gdp.<year>: the real GDP index of gdp.csv")
    measures: dict[str, dict[str, Finite]] = Doc({}, unit="unit of measures.csv", description=(
        "measures.<id>.<column>: a number of measures.csv"))
    base: dict[str, dict[Year, Finite]] = Doc({}, unit="unit of base_year.csv", description=(
        "base.<key>.<year>: a base-year statistic of base_year.csv (the 2020 balance is kept)"))
    tech_profile: dict[str, dict[str, Finite]] = Doc({}, unit="h/yr", description=(
        "tech_profile.<wind or PV tech>.full_load_hours: scale the hourly profile to these full-load hours"))
    analysis: Analysis = Analysis()


def validate_config(cfg: dict) -> Config:
    """Validate the resolved config (a plain mapping, e.g. from Hydra); return the typed Config (defaults filled)
    or raise ConfigError."""
    from optim.config.errors import message

    cfg = {k: v for k, v in cfg.items() if k != "hydra"}
    try:
        return Config.model_validate(cfg)
    except ValidationError as exc:
        raise ConfigError(message(exc.errors()[0], Config)) from None
