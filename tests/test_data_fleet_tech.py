"""Consistency checks for data/tianjin/{fleet,technologies,fuels,economics}.csv (see DATA_SPEC)."""
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / 'data' / 'tianjin'

GENERATORS = ['coal_usc', 'coal_sc', 'coal_sub', 'coal_chp', 'gas_ccgt_chp', 'gas_peaker', 'onshore_wind',
              'offshore_wind', 'utility_pv', 'rooftop_pv', 'biomass']
STORAGE = ['battery', 'pumped_hydro']
HEAT = ['heat_coal_boiler', 'heat_gas_boiler', 'heat_pump', 'electric_boiler', 'geothermal_heat']
INTERCONNECTOR = ['interconnector']
VOCAB = GENERATORS + STORAGE + HEAT + INTERCONNECTOR
COAL = [t for t in VOCAB if t.startswith('coal_')]
THERMAL = ['coal_usc', 'coal_sc', 'coal_sub', 'coal_chp', 'gas_ccgt_chp', 'gas_peaker', 'biomass']
FLEET_TECHS = GENERATORS

CEC_THERMAL_2020_MW = 16680.0
CEC_WIND_2020_MW = 850.0
CEC_PV_2020_MW = 1640.0


@pytest.fixture(scope='module')
def fleet():
    return pd.read_csv(DATA / 'fleet.csv')


@pytest.fixture(scope='module')
def tech():
    return pd.read_csv(DATA / 'technologies.csv')


@pytest.fixture(scope='module')
def fuels():
    return pd.read_csv(DATA / 'fuels.csv')


@pytest.fixture(scope='module')
def econ():
    return pd.read_csv(DATA / 'economics.csv')


def _has_source(df):
    s = df['source'].astype(str).str.strip()
    return df['source'].notna() & (s != '') & (s.str.lower() != 'nan')


def _no_shared_reference_citation(df):
    return ~df['source'].astype(str).str.contains('shared/reference', regex=False)


# ---------------------------------------------------------------- columns / sources
def test_columns(fleet, tech, fuels, econ):
    assert list(fleet.columns) == ['group', 'tech', 'plant_units', 'capacity_mw', 'commissioning_year',
                                   'retirement_year', 'heat_rate_gce_per_kwh', 'heat_to_power', 'duty',
                                   'duty_from_year', 'named_in_document', 'source', 'confidence']
    assert list(tech.columns) == ['tech', 'parameter', 'year', 'value', 'unit', 'source', 'confidence']
    assert list(fuels.columns) == ['fuel', 'parameter', 'year', 'value', 'unit', 'source', 'confidence']
    assert list(econ.columns) == ['key', 'year', 'value', 'unit', 'source', 'confidence']


@pytest.mark.parametrize('name', ['fleet', 'tech', 'fuels', 'econ'])
def test_every_row_has_source_and_confidence(name, request):
    df = request.getfixturevalue(name)
    assert _has_source(df).all(), df[~_has_source(df)]
    assert _no_shared_reference_citation(df).all()
    assert df['confidence'].isin(['H', 'M', 'L']).all()


# ---------------------------------------------------------------- vocabulary
def test_tech_names_in_vocabulary(fleet, tech):
    assert set(fleet['tech']) <= set(FLEET_TECHS)
    assert set(tech['tech']) <= set(VOCAB)
    assert set(tech['tech']) == set(VOCAB), f'missing techs: {set(VOCAB) - set(tech["tech"])}'


def test_fleet_groups_unique_and_duty(fleet):
    assert fleet['group'].is_unique
    assert fleet['duty'].isin(['normal', 'emergency_peaker', 'backup_retired']).all()
    special = fleet[fleet['duty'] != 'normal']
    assert special['duty_from_year'].notna().all()
    assert (special['duty_from_year'] <= 2025).all()
    assert special['named_in_document'].isin(['PW-019', 'PW-020']).all()
    # PW-019 plants and PW-020 Dagang are represented
    txt = special['plant_units'].str.lower()
    for plant in ['panshan', 'beijiang', 'junliangcheng']:
        assert (txt.str.contains(plant) & (special['duty'] == 'emergency_peaker')).any(), plant
    assert (txt.str.contains('dagang') & (special['duty'] == 'backup_retired')).any()


def test_fleet_years(fleet):
    assert (fleet['commissioning_year'] <= 2023).all()
    assert (fleet['retirement_year'] > fleet['commissioning_year']).all()
    assert (fleet['capacity_mw'] > 0).all()


# ---------------------------------------------------------------- reconciliation with statistics
def _operating_2020(fleet):
    return fleet[(fleet['commissioning_year'] <= 2020) & (fleet['retirement_year'] > 2020)]


def test_thermal_capacity_matches_cec_2020(fleet):
    op = _operating_2020(fleet)
    thermal = op[op['tech'].str.startswith(('coal_', 'gas_')) | (op['tech'] == 'biomass')]['capacity_mw'].sum()
    assert abs(thermal - CEC_THERMAL_2020_MW) / CEC_THERMAL_2020_MW <= 0.03, thermal


def test_wind_and_pv_match_cec_2020(fleet):
    op = _operating_2020(fleet)
    wind = op[op['tech'].isin(['onshore_wind', 'offshore_wind'])]['capacity_mw'].sum()
    pv = op[op['tech'].isin(['utility_pv', 'rooftop_pv'])]['capacity_mw'].sum()
    assert abs(wind - CEC_WIND_2020_MW) / CEC_WIND_2020_MW <= 0.01, wind
    assert abs(pv - CEC_PV_2020_MW) / CEC_PV_2020_MW <= 0.01, pv


def test_fleet_thermal_parameters(fleet):
    th = fleet[fleet['tech'].isin(THERMAL)]
    assert th['heat_rate_gce_per_kwh'].between(150, 600).all()
    chp = fleet[fleet['tech'].isin(['coal_chp', 'gas_ccgt_chp'])]
    assert (chp['heat_to_power'] > 0).all()
    non_chp = fleet[~fleet['tech'].isin(['coal_chp', 'gas_ccgt_chp'])]
    assert (non_chp['heat_to_power'].fillna(0) == 0).all()


def test_coal_fleet_heat_rate_consistent_with_cec(fleet, econ):
    """Capacity-weighted coal heat rate (gross) / (1 - own use) within 3% of CEC 2020 305.5 gce/kWh."""
    op = _operating_2020(fleet)
    coal = op[op['tech'].str.startswith('coal_')]
    avg = (coal['capacity_mw'] * coal['heat_rate_gce_per_kwh']).sum() / coal['capacity_mw'].sum()
    own = econ.loc[econ['key'] == 'thermal_own_use_rate', 'value'].iloc[0]
    supply = avg / (1 - own)
    assert abs(supply - 305.5) / 305.5 <= 0.03, supply


# ---------------------------------------------------------------- technologies
def _params(tech, t):
    return set(tech.loc[tech['tech'] == t, 'parameter'])


def test_capex_fom_lifetime_positive(tech):
    for p in ['capex', 'fom', 'lifetime']:
        v = tech.loc[tech['parameter'] == p, 'value']
        assert (v > 0).all(), p


def test_buildable_techs_have_costs(tech):
    for t in [x for x in VOCAB if x not in COAL]:
        missing = {'capex', 'fom', 'lifetime'} - _params(tech, t)
        assert not missing, (t, missing)


def test_coal_not_buildable_but_complete(tech):
    for t in COAL:
        ps = _params(tech, t)
        assert 'capex' not in ps, t
        assert {'fom', 'vom', 'heat_rate', 'availability', 'capacity_credit', 'lifetime'} <= ps, t


def test_thermal_generators_have_heat_rate(tech):
    for t in THERMAL:
        assert 'heat_rate' in _params(tech, t), t
    for t in ['coal_chp', 'gas_ccgt_chp']:
        v = tech.loc[(tech['tech'] == t) & (tech['parameter'] == 'heat_to_power'), 'value']
        assert len(v) and (v > 0).all(), t


def test_storage_parameters(tech):
    for t in STORAGE:
        ps = _params(tech, t)
        assert {'capex_energy', 'charge_efficiency', 'discharge_efficiency', 'min_duration_h',
                'max_duration_h'} <= ps, t
        sub = tech[tech['tech'] == t].set_index(['parameter', 'year'])['value']
        assert sub.loc['min_duration_h'].min() <= sub.loc['max_duration_h'].min()
        assert (tech.loc[(tech['tech'] == t) & (tech['parameter'] == 'capex_energy'), 'value'] >= 0).all()
    be = tech[(tech['tech'] == 'battery') & (tech['parameter'] == 'capex_energy')].sort_values('year')['value']
    assert (be > 0).all() and be.is_monotonic_decreasing
    fby = tech[(tech['tech'] == 'pumped_hydro') & (tech['parameter'] == 'first_build_year')]['value']
    assert len(fby) == 1 and fby.iloc[0] >= 2030


def test_heat_techs_have_efficiency(tech):
    for t in HEAT:
        assert 'efficiency' in _params(tech, t), t


def test_efficiencies_in_range(tech):
    eff = tech[tech['parameter'].isin(['efficiency', 'charge_efficiency', 'discharge_efficiency',
                                       'availability', 'capacity_credit'])]
    hp = eff[(eff['tech'] == 'heat_pump') & (eff['parameter'] == 'efficiency')]
    other = eff.drop(hp.index)
    assert ((other['value'] > 0) | (other['parameter'] == 'capacity_credit')).all()
    assert (other['value'] >= 0).all() and (other['value'] <= 1).all()
    assert len(hp) and ((hp['value'] > 1) & (hp['value'] < 6)).all()


def test_years_in_horizon(tech, fuels):
    assert tech['year'].between(2020, 2035).all()
    assert fuels['year'].between(2020, 2035).all()


# ---------------------------------------------------------------- fuels / economics
def test_fuels_complete(fuels):
    for fu in ['coal', 'gas', 'oil', 'biomass', 'import_grid', 'import_green']:
        ps = set(fuels.loc[fuels['fuel'] == fu, 'parameter'])
        assert {'price', 'emission_factor'} <= ps, fu
    assert 'nonfossil_share' in set(fuels.loc[fuels['fuel'] == 'import_grid', 'parameter'])
    cf = fuels[fuels['parameter'] == 'calorific_factor'].set_index('fuel')['value']
    assert cf['coal'] == pytest.approx(0.7143)
    assert cf["gas"] == pytest.approx(38931 / 29307.6, abs=0.002)  # GB/T 2589: 38,931 kJ/m3 -> 1.33 kgce/m3
    assert cf['electricity'] == pytest.approx(0.1229)
    ef = fuels[fuels['parameter'] == 'emission_factor']
    assert ef.loc[ef['fuel'] == 'coal', 'value'].between(2.6, 2.8).all()
    assert (fuels.loc[fuels['parameter'] == 'price', 'value'] > 0).all()


def test_economics_keys(econ):
    keys = set(econ['key'])
    assert {'discount_rate', 'price_base_year', 'eur_to_cny', 'usd_to_cny',
            'coal_equivalent_rate_gce_per_kwh', 'thermal_own_use_rate'} <= keys
    cer = econ[econ['key'] == 'coal_equivalent_rate_gce_per_kwh'].set_index('year')['value']
    assert cer.loc[2020] == pytest.approx(305.5)
