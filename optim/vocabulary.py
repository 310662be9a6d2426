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

#: Physical constants and unit conversions
GJ_PER_TCE = 29.3076
MWH_PER_TCE = GJ_PER_TCE / 3.6  # 8.141 MWh of heat per tce
TCE_PER_MWH_CALORIFIC = 0.1229  # GB/T 2589 calorific equivalent of electricity, tce/MWh
