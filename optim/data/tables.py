"""Row schemas of every input table (pydantic models, one per CSV file).

Each model states the columns, their types, units and allowed ranges. The loader
validates every row against its model and reports the file, line and column of the
first problems it finds.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from optim import vocabulary as V

Confidence = Literal["H", "M", "L"]


class Row(BaseModel):
    """Base row: every numeric row carries a non-empty source."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, allow_inf_nan=False)

    source: str = Field(min_length=3, description="original source or 'assumption: reason'")
    confidence: Confidence

    @field_validator("source")
    @classmethod
    def _source_not_reference_folder(cls, v: str) -> str:
        if "shared/reference" in v:
            raise ValueError("cite the original source, not the reference folder")
        return v


class BaseYearRow(Row):
    key: str
    year: int = Field(ge=2000, le=2030)
    value: float = Field(ge=0)
    unit: str


class GdpRow(Row):
    year: int = Field(ge=2000, le=2060)
    real_gdp_index: float = Field(gt=0, description="real GDP, 2005 = 1")
    kind: Literal["statistic", "projection"]


class FinalEnergyRow(Row):
    sector: Literal[V.SECTORS]  # type: ignore[valid-type]
    carrier: Literal[V.CARRIERS]  # type: ignore[valid-type]
    value: float = Field(ge=0)
    unit: Literal["Mtce", "TWh"]

    @model_validator(mode="after")
    def _electricity_in_twh(self):
        if (self.carrier == "electricity") != (self.unit == "TWh"):
            raise ValueError("electricity is given in TWh, every other carrier in Mtce")
        return self


class DemandGrowthRow(Row):
    sector: Literal[V.SECTORS]  # type: ignore[valid-type]
    carrier: Literal[V.CARRIERS]  # type: ignore[valid-type]
    period_start: int = Field(ge=2021, le=2060)
    period_end: int = Field(ge=2021, le=2060)
    annual_growth: float = Field(ge=-0.5, le=0.5, description="fraction per year")


TECH_PARAMETERS = {
    "capex": ("CNY/kW", 0, 1e5),
    "capex_energy": ("CNY/kWh", 0, 2e4),
    "fom": ("CNY/kW/yr", 0, 5e3),
    "vom": ("CNY/MWh", 0, 1e3),
    "lifetime": ("yr", 1, 80),
    "heat_rate": ("gce/kWh", 100, 800),
    "heat_to_power": ("ratio", 0, 5),
    "availability": ("fraction", 0, 1),
    "capacity_credit": ("fraction", 0, 1),
    "charge_efficiency": ("fraction", 0.3, 1),
    "discharge_efficiency": ("fraction", 0.3, 1),
    "min_duration_h": ("h", 0, 100),
    "max_duration_h": ("h", 0, 1000),
    "efficiency": ("fraction|COP", 0.1, 8),
    "first_build_year": ("year", 2020, 2060),
    "max_full_load_hours": ("h", 0, 8760),
    "history_min_full_load_hours": ("h", 0, 8760),
    "min_heat_hours": ("h", 0, 8760),
    "power_loss_per_heat": ("ratio", 0, 1),
}


class TechnologyRow(Row):
    tech: Literal[V.ALL_TECHS]  # type: ignore[valid-type]
    parameter: Literal[tuple(TECH_PARAMETERS)]  # type: ignore[valid-type]
    year: int = Field(ge=2020, le=2060)
    value: float
    unit: str

    @model_validator(mode="after")
    def _range(self):
        unit, lo, hi = TECH_PARAMETERS[self.parameter]
        if self.unit.replace("_th", "") not in unit.split("|"):
            allowed = " or ".join(repr(u) for u in unit.split("|"))
            raise ValueError(f"unit of {self.parameter} must be {allowed}, got '{self.unit}'")
        if not lo <= self.value <= hi:
            raise ValueError(f"{self.parameter} = {self.value} outside the allowed range [{lo}, {hi}] {unit}")
        return self


FUEL_PARAMETERS = {"price", "emission_factor", "nonfossil_share", "calorific_factor"}


class FuelRow(Row):
    fuel: Literal[V.FUELS]  # type: ignore[valid-type]
    parameter: Literal[tuple(sorted(FUEL_PARAMETERS))]  # type: ignore[valid-type]
    year: int = Field(ge=2020, le=2060)
    value: float = Field(ge=0)
    unit: str

    @model_validator(mode="after")
    def _share_is_fraction(self):
        if self.parameter == "nonfossil_share" and not 0 <= self.value <= 1:
            raise ValueError(f"nonfossil_share = {self.value} must be a fraction in [0, 1]")
        return self


class EconomicsRow(Row):
    key: str
    year: int = Field(ge=2020, le=2060)
    value: float
    unit: str


class FleetRow(Row):
    group: str = Field(min_length=1)
    tech: Literal[V.GENERATORS]  # type: ignore[valid-type]
    capacity_mw: float = Field(gt=0, le=5000)
    commissioning_year: int = Field(ge=1950, le=2035)
    retirement_year: int = Field(ge=2000, le=2100)
    heat_rate_gce_per_kwh: Optional[float] = Field(default=None, ge=100, le=800)
    heat_to_power: Optional[float] = Field(default=None, ge=0, le=5)
    duty: Literal["normal", "emergency_peaker", "backup_retired"]
    duty_from_year: Optional[int] = Field(default=None, ge=2020, le=2035)

    @model_validator(mode="after")
    def _years(self):
        if self.retirement_year <= self.commissioning_year:
            raise ValueError("retirement_year must be after commissioning_year")
        if self.duty != "normal" and self.duty_from_year is None:
            raise ValueError(f"duty '{self.duty}' needs a duty_from_year")
        return self


class PotentialRow(Row):
    tech: Literal[V.ALL_TECHS]  # type: ignore[valid-type]
    zone: str
    potential_mw: Optional[float] = Field(default=None, ge=0, description="MW; empty: no resource limit")
    max_build_mw_per_year: Optional[float] = Field(default=None, ge=0)
    first_year: Optional[int] = Field(default=None, ge=2020, le=2060)


class CommittedBuildRow(Row):
    project: str
    tech: Literal[V.ALL_TECHS]  # type: ignore[valid-type]
    capacity_mw: float = Field(gt=0)
    online_year: int = Field(ge=2021, le=2035)
    status: Literal["committed", "candidate"]
    energy_mwh: Optional[float] = Field(default=None, ge=0)


class MeasureRow(Row):
    id: str
    name: str
    kind: Literal["efficiency", "electrification"]
    sector: Literal[V.ENERGY_SECTORS]  # type: ignore[valid-type]
    carrier_saved: Literal[V.CARRIERS]  # type: ignore[valid-type]
    carrier_added: Optional[Literal["electricity"]] = None
    added_per_saved: Optional[float] = Field(default=None, gt=0, le=1.5)
    potential_2025: float = Field(ge=0)
    potential_2030: float = Field(ge=0)
    potential_2035: float = Field(ge=0)
    capex_cny_per_tce_yr: float = Field(ge=0)
    om_cny_per_tce_yr: float = Field(default=0.0)
    lifetime_yr: float = Field(gt=0, le=100)
    activity_unit: Optional[str] = None
    activity_per_mtce: Optional[float] = Field(default=None, ge=0)
    target_link: Optional[str] = None

    @model_validator(mode="after")
    def _consistent(self):
        if not self.potential_2025 <= self.potential_2030 <= self.potential_2035:
            raise ValueError("potentials must not decrease: potential_2025 <= potential_2030 <= potential_2035")
        if self.kind == "electrification" and (self.carrier_added != "electricity" or self.added_per_saved is None):
            raise ValueError("an electrification measure needs carrier_added = electricity and added_per_saved")
        return self


class ObservedRow(Row):
    """One official statistic of a history year (observed.csv), with its uncertainty."""

    indicator: Literal[tuple(V.OBSERVED_INDICATORS)]  # type: ignore[valid-type]
    year: int = Field(ge=2000, le=2060)
    value: float
    unit: str
    tolerance_pct: float = Field(ge=0, le=100, description="stated uncertainty, +- % of the value (points for % statistics)")
    note: Optional[str] = Field(default=None, description="why the model may differ (shown in the backcast)")

    @model_validator(mode="after")
    def _unit(self):
        unit = V.OBSERVED_INDICATORS[self.indicator][0]
        if self.unit != unit:
            raise ValueError(f"unit of {self.indicator} must be '{unit}', got '{self.unit}'")
        if unit != "%" and self.value < 0:
            raise ValueError(f"{self.indicator} = {self.value} must not be negative")
        return self


class TargetRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, allow_inf_nan=False)

    id: str = Field(pattern=r"^[A-Z]+-\d+$")
    scope: str = Field(min_length=1, description="where the target applies: the region's name, a district, 'national'")
    year: Optional[int] = Field(default=None, ge=2020, le=2060)
    indicator: str
    sense: Literal[">=", "<=", "==", "decrease", "increase"]
    value: Optional[float] = None
    unit: Optional[str] = None
    baseline_year: Optional[int] = Field(default=None, ge=2000, le=2060)
    strength: Literal["binding", "strive", "approx", "qualitative"]
    document: str
    section: Optional[str] = None
    quote_zh: str = Field(min_length=2)
    translation_en: Optional[str] = None
    modelled_as: Literal["constraint", "input", "reported", "not_modelled"]
    note: Optional[str] = None


class UncertaintyRow(Row):
    """One range of uncertainty.csv: the key it moves, low and high, how it is drawn, its group (one draw)."""

    key: str = Field(min_length=3, description="a config override key (costs.<tech>.<parameter>.<year>, ...); '*' in "
                     "measures.*.<column> stands for every measure")
    kind: Literal["absolute", "relative"] = Field(description="absolute: values in the key's unit; relative: "
                                                  "multipliers of the data value")
    low: float
    high: float
    distribution: Literal["uniform", "triangular"] = Field(description="triangular: mode = the data value")
    unit: str
    group: str = Field(min_length=1, description="rows of one group share one draw u in [0, 1]")

    @model_validator(mode="after")
    def _ordered(self):
        if not self.low <= self.high:
            raise ValueError(f"low = {self.low:g} must not exceed high = {self.high:g}")
        if self.kind == "relative" and self.low < 0:
            raise ValueError(f"a relative range is a multiplier >= 0, got low = {self.low:g}")
        return self
