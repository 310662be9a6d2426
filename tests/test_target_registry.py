"""Checks of the policy-target registry data/tianjin/targets.csv.

* Schema: exact column set, unique ids, allowed scope/strength/sense/modelled_as values,
  numeric values where the model needs them, a document and a quote on every row.
* Provenance: every ``quote_zh`` appears verbatim in its seed document after the
  normalisation of :mod:`optim.data.seed_text`. The seed documents live outside the
  checkout (``../shared/seeds`` beside it) or in ``$OPTIM_SEEDS_DIR``; the quote test is
  skipped when they are absent.
"""
from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

from optim.data.seed_text import load_seed, normalise

REPO = Path(__file__).resolve().parents[1]
TARGETS = REPO / "data" / "tianjin" / "targets.csv"

COLUMNS = [
    "id", "scope", "year", "indicator", "sense", "value", "unit", "baseline_year",
    "strength", "document", "section", "quote_zh", "translation_en", "modelled_as", "note",
]
SCOPES = {"tianjin", "beichen", "nankai", "binhai", "national"}
STRENGTHS = {"binding", "strive", "approx", "qualitative"}
SENSES = {">=", "<=", "==", "decrease", "increase"}
MODELLED_AS = {"constraint", "input", "reported", "not_modelled"}

# Indicators the model turns into constraints (city scope).
MODEL_INDICATORS = {
    "co2_peak_year", "co2_intensity_reduction_vs_2005", "co2_intensity_reduction_vs_2020",
    "energy_intensity_reduction_vs_2020", "nonfossil_share", "renewable_capacity_gw",
    "wind_pv_capacity_share", "storage_power_gw", "import_capacity_gw", "import_share",
    "green_import_share", "gas_use_bcm", "electricity_share_final_energy", "vre_utilisation",
    "demand_response_share_of_peak", "coal_use_decline", "coal_use_reduction_vs_2020",
    "public_building_retrofit_mm2", "no_new_coal_units", "coal_unit_duty",
}
# Targets whose value the documents leave to a higher authority (国家下达): value empty in
# the registry, taken from the config with the source stated in the note.
VALUE_FROM_HIGHER_AUTHORITY = {"TJ-002", "TJ-003", "TJ-012"}
# Structural rules without a number (enforced by the technology set).
STRUCTURAL_INDICATORS = {"no_new_coal_units"}


def _seeds_dir() -> Path:
    env = os.environ.get("OPTIM_SEEDS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _read_rows() -> list[dict[str, str]]:
    with TARGETS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ROWS = _read_rows()
ROW_IDS = [r["id"] for r in ROWS]


@lru_cache(maxsize=None)
def _seed_text(name: str) -> str:
    return load_seed(_seeds_dir() / name)


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def test_columns_exact():
    with TARGETS.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == COLUMNS


def test_ids_unique():
    dupes = {i for i in ROW_IDS if ROW_IDS.count(i) > 1}
    assert not dupes, f"duplicate ids: {sorted(dupes)}"


def test_id_prefix_matches_scope():
    prefix_scope = {"BC": "beichen", "NK": "nankai", "BH": "binhai", "NAT": "national",
                    "TJ": "tianjin", "PW": "tianjin", "UR": "tianjin", "FI": "tianjin"}
    for r in ROWS:
        assert prefix_scope[r["id"].split("-")[0]] == r["scope"], r["id"]


@pytest.mark.parametrize("column,allowed", [
    ("scope", SCOPES), ("strength", STRENGTHS), ("sense", SENSES), ("modelled_as", MODELLED_AS),
])
def test_allowed_values(column, allowed):
    bad = [(r["id"], r[column]) for r in ROWS if r[column] not in allowed]
    assert not bad, f"{column} outside {sorted(allowed)}: {bad}"


def test_years_and_values_are_numeric_when_given():
    for r in ROWS:
        for col in ("year", "baseline_year", "value"):
            if r[col]:
                assert _is_number(r[col]), (r["id"], col, r[col])
        if r["year"]:
            assert re.fullmatch(r"(19|20)\d\d", r["year"]), r["id"]


def test_every_row_has_document_quote_and_note():
    for r in ROWS:
        assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", r["document"]), r["id"]
        assert r["quote_zh"].strip(), r["id"]
        assert r["translation_en"].strip(), r["id"]
        assert r["note"].strip(), r["id"]


def test_constraint_rows_use_model_vocabulary():
    for r in ROWS:
        if r["modelled_as"] == "constraint":
            assert r["indicator"] in MODEL_INDICATORS, (r["id"], r["indicator"])
            assert r["scope"] == "tianjin" or r["indicator"] in STRUCTURAL_INDICATORS, r["id"]


def test_constraint_rows_have_numeric_value():
    for r in ROWS:
        if r["modelled_as"] != "constraint":
            continue
        if r["id"] in VALUE_FROM_HIGHER_AUTHORITY:
            continue
        if r["indicator"] in STRUCTURAL_INDICATORS or r["sense"] in {"decrease", "increase"}:
            continue  # structural / direction-only rules carry no number
        assert _is_number(r["value"]), f"{r['id']}: constraint without numeric value"
        assert r["year"], f"{r['id']}: constraint without year"


def test_higher_authority_rows_state_config_default():
    by_id = {r["id"]: r for r in ROWS}
    for tid in VALUE_FROM_HIGHER_AUTHORITY:
        r = by_id[tid]
        assert r["modelled_as"] == "constraint", tid
        assert r["value"] == "", tid
        assert "config default" in r["note"].lower(), tid


def test_direction_rows_have_baseline():
    for r in ROWS:
        if r["modelled_as"] == "constraint" and r["sense"] in {"decrease", "increase"}:
            assert r["year"] and r["baseline_year"], r["id"]
            assert int(r["baseline_year"]) < int(r["year"]), r["id"]


def test_percent_constraints_in_range():
    """Shares are stored in percent (e.g. 16 for 16%), so `targets.TJ-010.value=18` means 18%."""
    n = 0
    for r in ROWS:
        if r["modelled_as"] == "constraint" and r["value"] and r["unit"].startswith("%"):
            assert 0.0 < float(r["value"]) <= 100.0, r["id"]
            n += 1
    assert n >= 8


@pytest.mark.parametrize("target_id", ROW_IDS)
def test_quote_verbatim_in_seed(target_id):
    seeds = _seeds_dir()
    if not seeds.is_dir():
        pytest.skip(f"seed documents not found at {seeds} (set OPTIM_SEEDS_DIR to check quotes)")
    row = next(r for r in ROWS if r["id"] == target_id)
    path = seeds / row["document"]
    if not path.is_file():
        pytest.fail(f"{target_id}: document {row['document']} missing from {seeds}")
    if row["document"].startswith("000_"):
        pytest.importorskip("opencc", reason="seed 000 needs opencc-python-reimplemented (t2s)")
    assert normalise(row["quote_zh"]) in _seed_text(row["document"]), (
        f"{target_id}: quote not found verbatim in {row['document']}")
