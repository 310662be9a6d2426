"""Checks on data/tianjin/{potentials,committed_builds,measures}.csv (see DATA_SPEC and README)."""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / 'data' / 'tianjin'

try:  # the model's vocabulary is the single source of truth for technology names
    sys.path.insert(0, str(ROOT))
    from optim import vocabulary as _V

    VOCAB = set(_V.ALL_TECHS)
    STORAGE = set(_V.STORAGE_TECHS)
    CARRIERS = set(_V.CARRIERS)
    SECTORS = set(_V.ENERGY_SECTORS)
except Exception:  # pragma: no cover - fallback if the package cannot be imported
    VOCAB = {'coal_usc', 'coal_sc', 'coal_sub', 'coal_chp', 'gas_ccgt_chp', 'gas_peaker', 'onshore_wind',
             'offshore_wind', 'utility_pv', 'rooftop_pv', 'biomass', 'battery', 'pumped_hydro',
             'heat_coal_boiler', 'heat_gas_boiler', 'heat_pump', 'electric_boiler', 'geothermal_heat',
             'interconnector'}
    STORAGE = {'battery', 'pumped_hydro'}
    CARRIERS = {'coal', 'oil', 'gas', 'electricity', 'heat'}
    SECTORS = {'industry', 'buildings', 'transport', 'other'}

COAL = {t for t in VOCAB if t.startswith('coal_')}
WIND_ON, WIND_OFF, PV_U, PV_R = (
    next(t for t in VOCAB if 'onshore' in t), next(t for t in VOCAB if 'offshore' in t),
    next(t for t in VOCAB if 'pv' in t and 'utility' in t), next(t for t in VOCAB if 'pv' in t and 'rooftop' in t))

POT_COLS = ['tech', 'zone', 'potential_mw', 'max_build_mw_per_year', 'first_year', 'source', 'confidence']
CB_COLS = ['project', 'district', 'tech', 'capacity_mw', 'online_year', 'status', 'source', 'confidence', 'energy_mwh']
M_COLS = ['id', 'name', 'kind', 'sector', 'carrier_saved', 'carrier_added', 'added_per_saved', 'potential_2025',
          'potential_2030', 'potential_2035', 'capex_cny_per_tce_yr', 'om_cny_per_tce_yr', 'lifetime_yr',
          'activity_unit', 'activity_per_mtce', 'target_link', 'source', 'confidence']

# 2020 capacity (MW) from the statistics, used when fleet.csv is not there:
# CEC wind 850 (onshore 753 / offshore 97, PyPSA-China), CEC PV 1,640 (utility 1,100 NREC mid-2020),
# biomass 330 (derived), import capability 7,000 (assumption in base_year.csv)
EXISTING_2020_FALLBACK = {WIND_ON: 753.0, WIND_OFF: 97.0, PV_U: 1100.0, PV_R: 540.0, 'biomass': 330.0,
                          'interconnector': 7000.0}
CEC_WIND_MW = {2020: 850.0, 2021: 1300.0, 2022: 1450.0, 2023: 1710.0}
CEC_PV_MW = {2020: 1640.0, 2021: 1780.0, 2022: 2210.0, 2023: 4900.0, 2024: 7241.3}


@pytest.fixture(scope='module')
def pot():
    return pd.read_csv(DATA / 'potentials.csv')


@pytest.fixture(scope='module')
def cb():
    return pd.read_csv(DATA / 'committed_builds.csv')


@pytest.fixture(scope='module')
def meas():
    return pd.read_csv(DATA / 'measures.csv')


@pytest.fixture(scope='module')
def existing_2020():
    ex = dict(EXISTING_2020_FALLBACK)
    fleet_path = DATA / 'fleet.csv'
    if fleet_path.exists():
        fl = pd.read_csv(fleet_path)
        alive = fl[(fl.commissioning_year <= 2020) & (fl.retirement_year > 2020)]
        for t, mw in alive.groupby('tech')['capacity_mw'].sum().items():
            ex[t] = float(mw)
    base_path = DATA / 'base_year.csv'
    if base_path.exists():
        b = pd.read_csv(base_path)
        row = b[(b.key == 'import_capacity') & (b.year == 2020)]
        if len(row):
            ex['interconnector'] = float(row.value.iloc[0]) * 1000.0
    return ex


# ----------------------------------------------------------------------------- common rules
@pytest.mark.parametrize('name,cols', [('potentials.csv', POT_COLS), ('committed_builds.csv', CB_COLS),
                                       ('measures.csv', M_COLS)])
def test_columns_source_confidence(name, cols):
    df = pd.read_csv(DATA / name)
    assert list(df.columns) == cols
    assert len(df) > 0
    src = df['source'].fillna('').astype(str).str.strip()
    assert (src.str.len() >= 10).all(), df[src.str.len() < 10]
    assert not src.str.contains('shared/reference').any(), 'cite the original source, not the reference folder'
    assert df['confidence'].isin(['H', 'M', 'L']).all()


def test_rows_with_assumption_are_low_or_medium_confidence(pot, cb, meas):
    for df in (pot, cb, meas):
        starts = df['source'].str.strip().str.lower().str.startswith('assumption')
        assert (df.loc[starts, 'confidence'] != 'H').all()


# ----------------------------------------------------------------------------- potentials
def test_potentials_vocabulary_and_ids(pot):
    assert pot['tech'].isin(VOCAB).all(), set(pot['tech']) - VOCAB
    assert not pot['tech'].isin(COAL).any(), 'coal techs may never be built'
    assert not pot.duplicated(['tech', 'zone']).any()
    needed = {PV_U, PV_R, WIND_ON, WIND_OFF, 'biomass', 'battery', 'pumped_hydro', 'interconnector'}
    assert needed <= set(pot['tech'])


def test_potentials_values(pot):
    assert (pot['potential_mw'].dropna() >= 0).all()
    # an empty potential (no resource limit) only for gas units, which need a build rate instead
    unlimited = pot[pot.potential_mw.isna()]
    assert set(unlimited.tech) <= {'gas_ccgt_chp', 'gas_peaker'} and unlimited.max_build_mw_per_year.notna().all()
    assert (pot['max_build_mw_per_year'].fillna(0) >= 0).all()
    fy = pot['first_year'].dropna()
    assert fy.between(2021, 2035).all()
    phs = pot[pot.tech == 'pumped_hydro']
    assert (phs['first_year'] >= 2030).all(), 'Jizhou pumped storage cannot come before 2030'
    ic = pot[pot.tech == 'interconnector']
    assert 'existing_2020' in set(ic.zone)
    assert ic[ic.zone == 'existing_2020'].max_build_mw_per_year.fillna(0).eq(0).all()
    # interconnector total reaches at least the 10 GW of TJ-024
    assert ic.potential_mw.sum() >= 10000


def test_salt_pan_and_named_bases(pot):
    u = pot[pot.tech == PV_U].set_index('zone')['potential_mw']
    assert u['binhai_saltpan'] == pytest.approx(3000)  # PW-009
    assert u['ninghe_base'] + u['dagang_base'] >= 1000  # PW-010 (each or combined)


def test_potential_covers_existing_and_committed(pot, cb, existing_2020):
    committed = cb[cb.status == 'committed'].groupby('tech')['capacity_mw'].sum()
    totals = pot.dropna(subset=['potential_mw']).groupby('tech')['potential_mw'].sum()
    for tech in totals.index:
        need = existing_2020.get(tech, 0.0) + float(committed.get(tech, 0.0))
        assert totals[tech] >= need - 1e-6, f'{tech}: potential {totals[tech]} < existing + committed {need}'
    ic = pot[(pot.tech == 'interconnector') & (pot.zone == 'existing_2020')].potential_mw.sum()
    assert ic == pytest.approx(existing_2020['interconnector'])


def test_committed_fit_max_build(pot, cb):
    mb = pot.groupby('tech')['max_build_mw_per_year'].sum()
    per_year = cb[cb.status == 'committed'].groupby(['tech', 'online_year'])['capacity_mw'].sum()
    for (tech, year), mw in per_year.items():
        if tech in mb.index:
            assert mw <= mb[tech] + 1e-6, f'{tech} {year}: committed {mw} MW > max build {mb[tech]} MW/yr'


# ----------------------------------------------------------------------------- committed builds
def test_committed_rows(cb):
    assert cb['tech'].isin(VOCAB).all(), set(cb['tech']) - VOCAB
    assert not cb['tech'].isin(COAL).any(), 'thermal units are in fleet.csv'
    assert not cb['project'].duplicated().any()
    assert cb['status'].isin(['committed', 'candidate']).all()
    assert (cb['capacity_mw'] > 0).all()
    assert cb['online_year'].between(2021, 2035).all()
    assert (cb['online_year'] == cb['online_year'].round()).all()


def test_energy_only_for_storage(cb):
    is_sto = cb['tech'].isin(STORAGE)
    assert cb.loc[~is_sto, 'energy_mwh'].isna().all()
    assert (cb.loc[is_sto, 'energy_mwh'] > 0).all()
    bh = cb[cb.project.str.contains('binhai_power_shared_storage')]
    assert len(bh) == 1 and bh.capacity_mw.iloc[0] == 150 and bh.energy_mwh.iloc[0] == 300


def test_beichen_named_projects(cb):
    bc = cb[cb.district == 'beichen']
    pv = sorted(bc[bc.tech.isin([PV_U, PV_R])].capacity_mw)
    wind = sorted(bc[bc.tech == WIND_ON].capacity_mw)
    assert pv == [8, 20]
    assert wind == [20, 30, 50]


def _stat_path(cb, techs, existing):
    c = cb[(cb.status == 'committed') & cb.tech.isin(techs)]
    return {y: existing + c[c.online_year <= y].capacity_mw.sum() for y in range(2021, 2025)}


def test_wind_reaches_cec_statistics(cb):
    path = _stat_path(cb, [WIND_ON, WIND_OFF], CEC_WIND_MW[2020])
    for y in (2021, 2022, 2023):
        assert path[y] == pytest.approx(CEC_WIND_MW[y], rel=0.03), (y, path[y])


def test_pv_reaches_cec_statistics(cb):
    path = _stat_path(cb, [PV_U, PV_R], CEC_PV_MW[2020])
    for y in (2021, 2022, 2023, 2024):
        assert path[y] == pytest.approx(CEC_PV_MW[y], rel=0.02), (y, path[y])


# ----------------------------------------------------------------------------- measures
def test_measures_ids_and_categories(meas):
    assert 12 <= len(meas) <= 25
    assert not meas['id'].duplicated().any()
    assert meas['kind'].isin(['efficiency', 'electrification']).all()
    assert meas['sector'].isin(SECTORS).all()
    assert meas['carrier_saved'].isin(CARRIERS).all()


def test_measures_potentials_monotone_nonnegative(meas):
    p = meas[['potential_2025', 'potential_2030', 'potential_2035']]
    assert (p >= 0).all().all()
    assert (p['potential_2025'] <= p['potential_2030']).all()
    assert (p['potential_2030'] <= p['potential_2035']).all()


def test_measures_costs_and_lifetimes(meas):
    assert (meas['capex_cny_per_tce_yr'] >= 0).all()
    assert (meas['om_cny_per_tce_yr'].fillna(0) >= 0).all()
    assert (meas['lifetime_yr'] > 0).all()


def test_electrification_rows(meas):
    el = meas[meas.kind == 'electrification']
    assert len(el) >= 4
    assert (el['carrier_added'] == 'electricity').all()
    assert ((el['added_per_saved'] > 0) & (el['added_per_saved'] <= 1.5)).all()
    assert (el['carrier_saved'] != 'electricity').all()
    eff = meas[meas.kind == 'efficiency']
    assert eff['carrier_added'].isna().all() and eff['added_per_saved'].isna().all()


def test_building_retrofit_activity(meas):
    for link in ('TJ-049', 'UR-019'):
        row = meas[meas.target_link == link]
        assert len(row) == 1, link
        row = row.iloc[0]
        assert row.activity_unit == 'Mm2' and row.activity_per_mtce > 0
    # the adoption caps must allow the documented targets: TJ-049 1.5 Mm2 by 2025, UR-019 3 Mm2 by 2030
    pub = meas[meas.target_link == 'TJ-049'].iloc[0]
    res = meas[meas.target_link == 'UR-019'].iloc[0]
    assert pub.potential_2025 * pub.activity_per_mtce >= 1.5 - 1e-9
    assert res.potential_2030 * res.activity_per_mtce >= 3.0 - 1e-9
    act = meas[meas.activity_per_mtce.notna()]
    assert act.activity_unit.notna().all()


def test_measures_stay_below_final_energy(meas):
    """Savings caps per (sector, carrier) must stay well below the 2020 final energy they act on."""
    fe_path = DATA / 'final_energy_2020.csv'
    if not fe_path.exists():
        pytest.skip('final_energy_2020.csv not present')
    fe = pd.read_csv(fe_path)
    fe['mtce'] = np.where(fe.carrier == 'electricity', fe.value * 0.1229, fe.value)  # TWh -> Mtce calorific
    fe = fe.set_index(['sector', 'carrier'])['mtce']
    caps = meas.groupby(['sector', 'carrier_saved'])['potential_2035'].sum()
    for key, cap in caps.items():
        assert key in fe.index, key
        assert cap <= 0.6 * fe[key], f'{key}: 2035 cap {cap} Mtce > 60% of 2020 final energy {fe[key]:.2f}'


def test_industry_efficiency_sanity(meas):
    """2025 industrial efficiency potential is a plausible part of the -15% industrial intensity target."""
    ind = meas[(meas.sector == 'industry') & (meas.kind == 'efficiency')]
    p25 = ind.potential_2025.sum()
    assert 1.0 <= p25 <= 5.0, p25  # vs ~31 Mtce industrial final energy 2020 (45-50 Mtce in broader definitions)
