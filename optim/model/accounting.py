"""Energy and emissions accounting (expressions only, no decisions).

Fuel of power generation (Mtce): F^p_{f,y} = sum_{g: fuel f, not CHP} hr_{g,y} G_{g,y} / 1000  (hr gce/kWh, G TWh)
  + sum_{g CHP: fuel f} (F_{g,y} - Fh_{g,y})  (CHP fuel minus its heat part, optim.model.heat)
Primary use by carrier (Mtce):
  coal_y = F^p_coal + F^h_coal + sum_s FE_{s,coal};  gas_y likewise;  oil_y = sum_s FE_{s,oil}
Coal-equivalent method for primary electricity (rate e_y gce/kWh):
  PE_y = e_y (G_vre + G_bio + IMPg + IMPr) / 1000;  geo_y = hq_geo / 8.141
Total energy consumption:  TEC_y = coal + oil + gas + PE + geo   [- options: non-energy use,
  renewable electricity added after 2020 (14th-FYP dual-control rule BH-022)]
Non-fossil energy: NF_y = e_y (G_vre + G_bio + IMPr + phi_y IMPg) / 1000 + geo_y  (phi: non-fossil share
  of grid-average imports; option accounting.nonfossil_grid_imports)
Gas volume (bcm): gas_y / k_gas (k_gas: kgce per m3, fuels.csv calorific_factor)
CO2 (Mt): ef_coal (coal - FE_{ne,coal}) + ef_oil (oil - FE_{ne,oil}) + ef_gas (gas - FE_{ne,gas})
          + process + [import_co2] ef_grid IMPg
Electricity share of final energy: E_y k / (sum_{s != ne} FE_{s,fossil+heat} + E_y k), k = 0.1229 Mtce/TWh
  (calorific) or e_y/1000 (coal-equivalent), option accounting.electricity_share_method.
"""
from __future__ import annotations

import pyomo.environ as pyo

from optim import vocabulary as V
from optim.model.lp import LinearProgram


def add_accounting(lp: LinearProgram) -> None:
    """Declare the accounting expressions used by targets, objective and results; register fuel costs."""
    m, inp = lp.model, lp.inputs
    t, f, acc = inp.tech, inp.fuel, inp.accounting
    fe_has = lambda s, c: (s, c) in inp.final_energy  # noqa: E731
    sectors = sorted({s for s, _ in inp.final_energy})

    def power_fuel(m, fuel, y):
        expr = sum(t[g]["heat_rate"][y] * m.gen_twh[g, y] for g in V.THERMAL_TECHS
                   if V.TECH_FUEL[g] == fuel and g not in m.G_chp) / 1000.0
        return expr + sum(m.chp_fuel[g, y] - m.chp_heat_fuel[g, y] for g in m.G_chp if V.TECH_FUEL[g] == fuel)
    m.power_fuel = pyo.Expression(["coal", "gas", "biomass"], m.Y, rule=power_fuel,
                                  doc="fuel for power [Mtce] (CHP: its fuel minus the heat-method heat part)")

    def final(m, c, y, include_non_energy=True):
        return sum(m.fe[s, c, y] for s in sectors if fe_has(s, c) and (include_non_energy or s != "non_energy"))

    m.coal_use = pyo.Expression(m.Y, rule=lambda m, y: m.power_fuel["coal", y] + m.heat_fuel["coal", y] + final(m, "coal", y),
                                doc="coal consumption [Mtce]")
    m.gas_use = pyo.Expression(m.Y, rule=lambda m, y: m.power_fuel["gas", y] + m.heat_fuel["gas", y] + final(m, "gas", y),
                               doc="natural gas consumption [Mtce]")
    m.oil_use = pyo.Expression(m.Y, rule=lambda m, y: final(m, "oil", y), doc="oil consumption [Mtce]")
    kgce_per_m3 = f["gas"]["calorific_factor"]  # tce per 1000 m3 = kgce/m3 = Mtce/bcm
    m.gas_bcm = pyo.Expression(m.Y, rule=lambda m, y: m.gas_use[y] / kgce_per_m3[y], doc="natural gas [bcm]")
    m.re_gen = pyo.Expression(m.Y, rule=lambda m, y: sum(m.gen_twh[g, y] for g in V.RENEWABLE_GENERATORS),
                              doc="local renewable generation [TWh]")
    e = inp.coal_eq_rate
    m.primary_elec = pyo.Expression(m.Y, rule=lambda m, y: e[y] * (m.re_gen[y] + m.imp_grid_twh[y] + m.imp_green_twh[y]) / 1000.0,
                                    doc="primary and imported electricity, coal-equivalent [Mtce]")
    m.geothermal = pyo.Expression(m.Y, rule=lambda m, y: m.heat_out["geothermal_heat", y] / V.MWH_PER_TCE,
                                  doc="geothermal heat [Mtce]")

    def tec(m, y):
        expr = m.coal_use[y] + m.oil_use[y] + m.gas_use[y] + m.primary_elec[y] + m.geothermal[y]
        if acc.exclude_non_energy_from_energy_total:
            expr -= sum(m.fe["non_energy", c, y] for c in ("coal", "oil", "gas") if fe_has("non_energy", c))
        if acc.exclude_new_renewables_from_energy_total and y > inp.base_year:
            expr -= e[y] * (m.re_gen[y] - m.re_gen[inp.base_year]) / 1000.0
        return expr
    m.energy_total = pyo.Expression(m.Y, rule=tec, doc="total energy consumption [Mtce]")
    phi = f["import_grid"]["nonfossil_share"] if acc.nonfossil_grid_imports else {y: 0.0 for y in inp.years}
    m.nonfossil = pyo.Expression(m.Y, rule=lambda m, y: e[y] * (m.re_gen[y] + m.imp_green_twh[y] + phi[y] * m.imp_grid_twh[y]) / 1000.0
                                 + m.geothermal[y], doc="non-fossil energy [Mtce]")

    def co2(m, y):
        ne = lambda c: m.fe["non_energy", c, y] if fe_has("non_energy", c) else 0.0  # noqa: E731
        expr = f["coal"]["emission_factor"][y] * (m.coal_use[y] - ne("coal"))
        expr += f["oil"]["emission_factor"][y] * (m.oil_use[y] - ne("oil"))
        expr += f["gas"]["emission_factor"][y] * (m.gas_use[y] - ne("gas"))
        expr += inp.base["co2_process"]
        if acc.import_co2:
            expr += f["import_grid"]["emission_factor"][y] * m.imp_grid_twh[y]
        return expr
    m.co2 = pyo.Expression(m.Y, rule=co2, doc="CO2 emissions [Mt]")
    m.co2_power = pyo.Expression(m.Y, rule=lambda m, y: f["coal"]["emission_factor"][y] * (m.power_fuel["coal", y] + m.heat_fuel["coal", y])
                                 + f["gas"]["emission_factor"][y] * (m.power_fuel["gas", y] + m.heat_fuel["gas", y]),
                                 doc="CO2 of local power and heat [Mt]")

    calorific = acc.electricity_share_method == "calorific"
    m.final_elec_mtce = pyo.Expression(m.Y, rule=lambda m, y: m.elec_demand[y] * (V.TCE_PER_MWH_CALORIFIC if calorific else e[y] / 1000.0))
    m.final_energy_total = pyo.Expression(m.Y, rule=lambda m, y: m.final_elec_mtce[y] + sum(
        m.fe[s, c, y] for s in sectors if s != "non_energy" for c in ("coal", "oil", "gas", "heat") if fe_has(s, c)),
        doc="final energy consumption excl. non-energy use [Mtce]")
    lp.add_cost("fuel", _fuel)
    lp.add_result(accounting_results)


def _fuel(lp: LinearProgram, y: int):
    """FUEL_y = p_coal coal + p_gas gas + p_oil oil + p_bio biomass  [CNY/tce x Mtce = MCNY]."""
    m, f = lp.model, lp.inputs.fuel
    return (f["coal"]["price"][y] * m.coal_use[y] + f["gas"]["price"][y] * m.gas_use[y] + f["oil"]["price"][y] * m.oil_use[y]
            + f["biomass"]["price"][y] * (m.power_fuel["biomass", y] + m.heat_fuel["biomass", y]))


def accounting_results(lp: LinearProgram, put) -> None:
    """Fuel use, primary and non-fossil energy, CO2, intensities and shares by year."""
    import numpy as np

    from optim.results.values import by_year

    m, inp = lp.model, lp.inputs
    Y = list(inp.years)
    for name, comp, units, desc in (
        ("coal_use", m.coal_use, "Mtce", "coal consumption"), ("gas_use", m.gas_use, "Mtce", "natural gas consumption"),
        ("gas_bcm", m.gas_bcm, "bcm", "natural gas consumption"), ("oil_use", m.oil_use, "Mtce", "oil consumption"),
        ("primary_electricity", m.primary_elec, "Mtce", "local renewable and imported electricity (coal-equivalent)"),
        ("geothermal", m.geothermal, "Mtce", "geothermal heat"),
        ("energy_total", m.energy_total, "Mtce", "total energy consumption"), ("nonfossil", m.nonfossil, "Mtce", "non-fossil energy"),
        ("co2", m.co2, "MtCO2", "CO2 emissions (config accounting convention)"),
        ("co2_power_heat", m.co2_power, "MtCO2", "CO2 of local power and heat"),
        ("final_energy_total", m.final_energy_total, "Mtce", "final energy excl. non-energy use"),
        ("final_electricity", m.final_elec_mtce, "Mtce", "final electricity (method of accounting.electricity_share_method)"),
    ):
        put(name, ("year",), by_year(comp, Y), units, desc)
    v = {k: by_year(getattr(m, k), Y) for k in ("nonfossil", "energy_total", "final_elec_mtce", "final_energy_total", "co2")}
    gdp = np.array([inp.gdp[y] for y in Y])
    put("nonfossil_share", ("year",), 100 * v["nonfossil"] / v["energy_total"], "%", "non-fossil share of total energy consumption")
    put("electricity_share_final", ("year",), 100 * v["final_elec_mtce"] / v["final_energy_total"], "%",
        "electricity share of final energy")
    put("gdp_index", ("year",), gdp, "2005 = 1", "real GDP index")
    put("co2_intensity_vs_2005", ("year",), 100 * (1 - (v["co2"] / gdp) / (inp.co2_2005 / inp.gdp[2005])), "%",
        "reduction of CO2 per GDP vs 2005")
    for name, var in (("co2_intensity_vs_2020", "co2"), ("energy_intensity_vs_2020", "energy_total")):
        put(name, ("year",), 100 * (1 - (v[var] / gdp) / (v[var][0] / gdp[0])), "%", f"reduction of {var} per GDP vs {Y[0]}")
