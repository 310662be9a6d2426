"""The model's fixed vocabulary: technologies, carriers, sectors, fuels.

Data files must use exactly these names; the loader rejects anything else.
"""
from __future__ import annotations

COAL_TECHS = ("coal_usc", "coal_sc", "coal_sub", "coal_chp")
GAS_TECHS = ("gas_ccgt_chp", "gas_peaker")
VRE_TECHS = ("onshore_wind", "offshore_wind", "utility_pv", "rooftop_pv")
WIND_TECHS = ("onshore_wind", "offshore_wind")
PV_TECHS = ("utility_pv", "rooftop_pv")
THERMAL_TECHS = COAL_TECHS + GAS_TECHS + ("biomass",)
GENERATORS = THERMAL_TECHS + VRE_TECHS
RENEWABLE_GENERATORS = VRE_TECHS + ("biomass",)
#: new capacity may be built for these generators (coal is forbidden by the documents)
BUILDABLE_GENERATORS = GAS_TECHS + VRE_TECHS + ("biomass",)
CHP_TECHS = ("coal_chp", "gas_ccgt_chp", "biomass")
STORAGE_TECHS = ("battery", "pumped_hydro")
#: "new-type" storage in the documents' sense (新型储能): excludes pumped hydro
NEW_TYPE_STORAGE = ("battery",)
HEAT_TECHS = ("heat_coal_boiler", "heat_gas_boiler", "heat_pump", "electric_boiler", "geothermal_heat")
INTERCONNECTOR = "interconnector"
ALL_TECHS = GENERATORS + STORAGE_TECHS + HEAT_TECHS + (INTERCONNECTOR,)

#: fuel burned by each thermal generator / heat-only boiler
TECH_FUEL = {
    "coal_usc": "coal", "coal_sc": "coal", "coal_sub": "coal", "coal_chp": "coal",
    "gas_ccgt_chp": "gas", "gas_peaker": "gas", "biomass": "biomass",
    "heat_coal_boiler": "coal", "heat_gas_boiler": "gas",
}

FUELS = ("coal", "gas", "oil", "biomass", "import_grid", "import_green", "electricity")
FOSSIL_FUELS = ("coal", "gas", "oil")
CARRIERS = ("coal", "oil", "gas", "electricity", "heat")
SECTORS = ("industry", "buildings", "transport", "other", "non_energy")
ENERGY_SECTORS = ("industry", "buildings", "transport", "other")

#: Official statistics a region's observed.csv may hold (the backcast of 2020-2024), with their units.
#: Indicators marked True have a linear model counterpart (a level, or a ratio of two linear terms) and can be
#: calibrated (system.history_calibrate).
OBSERVED_INDICATORS = {
    "electricity_consumption": ("TWh", True), "thermal_generation": ("TWh", True), "wind_generation": ("TWh", True),
    "solar_generation": ("TWh", True), "local_generation": ("TWh", True), "net_electricity_inflow": ("TWh", True),
    "capacity_thermal": ("GW", True), "capacity_coal": ("GW", True), "capacity_gas": ("GW", True),
    "capacity_wind": ("GW", True), "capacity_pv": ("GW", True), "capacity_biomass": ("GW", True),
    "utilisation_hours_thermal": ("h", False), "peak_load": ("GW", True), "green_power_traded": ("TWh", True),
    "energy_total": ("Mtce", True), "energy_total_growth_pct": ("%", False), "energy_intensity_change_pct": ("%", False),
    "coal_use": ("Mtce", True), "coal_use_growth_pct": ("%", False), "gas_use": ("bcm", True),
    "gas_use_growth_pct": ("%", False), "nonfossil_share": ("%", True), "co2": ("Mt", True),
    "co2_intensity_change_pct": ("%", False), "district_heat_chp_share": ("%", True), "heated_area": ("Mm2", False),
    "vre_utilisation": ("%", True),
}

#: Physical constants and unit conversions
GJ_PER_TCE = 29.3076
MWH_PER_TCE = GJ_PER_TCE / 3.6  # 8.141 MWh of heat per tce
TCE_PER_MWH_CALORIFIC = 0.1229  # GB/T 2589 calorific equivalent of electricity, tce/MWh
