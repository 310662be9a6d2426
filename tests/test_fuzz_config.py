"""Fuzz (hypothesis) of config keys / values and of malformed data files: optim never prints a traceback
and never exits with a code other than 0 (optimal), 2 (bad input), 3 (infeasible) or 4 (solver trouble).

Cases run in this process (``optim.cli.main``); every run has ``years.end=2021 run.report=false`` and a
30 s solver time limit, so that the few inputs that are valid solve in about a second. Most fail in
validation, before any data is loaded. About 1.5 min in all on 2 cores (100 + 80 examples).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from bad_input_harness import DATA, _inprocess  # noqa: E402

ALLOWED = {0, 2, 3, 4}
FIXED = ["years.end=2021", "run.report=false", "solver.threads=1", "solver.time_limit=30"]
#: keys not fuzzed: they set the horizon / resolution (slow solves), the output location, or debug (tracebacks on purpose)
NOT_FUZZED = ("years.end", "time", "run.results_dir", "hydra", "debug", "solver.time_limit")


def _config_keys() -> list[str]:
    from optim.config.hydra_errors import base_keys

    return [k for k in base_keys() if not k.startswith(NOT_FUZZED)]


def _data_keys() -> list[str]:
    import pandas as pd

    tech = pd.read_csv(DATA / "technologies.csv")
    fuels = pd.read_csv(DATA / "fuels.csv")
    pots = pd.read_csv(DATA / "potentials.csv")
    keys = [f"costs.{r.tech}.{r.parameter}.{r.year}" for r in tech.head(40).itertuples()]
    keys += [f"fuels.{r.fuel}.{r.parameter}.{r.year}" for r in fuels.head(20).itertuples()]
    keys += [f"potentials.{r.tech}.{r.zone}.{c}" for r in pots.head(8).itertuples()
             for c in ("potential_mw", "max_build_mw_per_year", "first_year")]
    keys += [f"targets.TJ-{i:03d}.{f}" for i in (1, 3, 4, 10, 24, 27) for f in ("value", "penalty", "mode", "strength")]
    keys += ["economics.discount_rate.2020", "economics.coal_equivalent_rate_gce_per_kwh.2030", "gdp.2030", "gdp.2005",
             "measures.IND-STEEL-BF.lifetime_yr", "measures.IND-STEEL-BF.potential_2025",
             "system.green_import_available_twh.2027", "costs.utility_pv.capex", "economics.discount_rate", "gdp"]
    return keys


KEYS = _config_keys() + _data_keys()
TOKENS = ["null", "", "[", "]", "a,b", "'x'", '"y"', "${oops}", "\\${x}", "1e999", "-0", "nan", "inf", "-inf", "名字",
          "{}", "[1,2]", "true", "0x10", "1_000", " ", "..", "/", "hard", "soft", "off", "2030", "-1"]


def _mutate(key: str, i: int) -> str:
    """A typo: drop, double or swap one character (or the key unchanged)."""
    if i % 4 == 0 or len(key) < 3:
        return key
    j = 1 + i % (len(key) - 2)
    return [key[:j] + key[j + 1:], key[:j] + key[j] + key[j:], key[:j - 1] + key[j] + key[j - 1] + key[j + 1:]][i % 3]


values = st.one_of(
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=10),
    st.sampled_from(TOKENS),
)
override = st.builds(lambda k, i, v, p: f"{p}{_mutate(k, i)}={v}", st.sampled_from(KEYS), st.integers(0, 40), values,
                     st.sampled_from(["", "", "", "+", "++"]))
group = st.builds(lambda g, o: f"{g}={o}", st.sampled_from(["scenario", "solver", "region", "+launcher"]),
                  st.sampled_from(["documents", "no_policy", "strive_soft", "highs", "tianjin", "nope", "名字", "local2"]))
deletion = st.sampled_from(["~policy", "~system.reserve_margin", "~years", "~targets", "~region.data_dir", "~accounting"])
run_name = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=0, max_size=130) \
    .map(lambda t: f"run.name={t}")


def _check(code: int, out: str) -> None:
    assert "Traceback" not in out, out[-3000:]
    assert code in ALLOWED, (code, out[-3000:])


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(args=st.lists(st.one_of(override, override, override, group, deletion, run_name), min_size=1, max_size=3))
def test_fuzz_config_never_crashes(tmp_path_factory, args):
    tmp = tmp_path_factory.mktemp("fz")
    code, out = _inprocess("optim", [*args, *FIXED, f"run.results_dir={tmp}/results"])
    _check(code, out)


FILES = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.csv") if "load_tianjin" not in p.name)


def _corrupt(raw: bytes, how: int, pos: float, token: str) -> bytes | None:
    """One way a data file gets damaged: cut off, a line lost or doubled, a cell or header replaced,
    stray bytes, emptied, or removed (None)."""
    lines = raw.split(b"\n")
    k = 1 + int(pos * max(1, len(lines) - 2))
    tok = token.encode("utf-8", "replace")
    if how == 0:
        return raw[: int(pos * len(raw))]
    if how == 1:
        return b"\n".join(lines[:k] + lines[k + 1:])
    if how == 2:
        return b"\n".join(lines[:k] + [lines[k]] + lines[k:])
    if how == 3:  # one cell of a row
        cells = lines[k].split(b",")
        cells[int(pos * 7) % len(cells)] = tok
        return b"\n".join(lines[:k] + [b",".join(cells)] + lines[k + 1:])
    if how == 4:  # one column name of the header
        cells = lines[0].split(b",")
        cells[int(pos * 5) % len(cells)] = tok
        return b"\n".join([b",".join(cells)] + lines[1:])
    if how == 5:
        at = int(pos * len(raw))
        return raw[:at] + b"\xff\xfe\x00" + raw[at:]
    if how == 6:
        return b""
    return None


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzzdata")
    shutil.copytree(DATA, root / "data")
    return root


@settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(file=st.sampled_from(FILES), how=st.integers(0, 7), pos=st.floats(0, 1),
       token=st.sampled_from(TOKENS + ["abc", "99999999", "-5", "2019", "constraint", "nonfossil", "utility_pv"]))
def test_fuzz_data_files_never_crash(data_copy, file, how, pos, token):
    path = data_copy / "data" / file
    original = path.read_bytes()
    damaged = _corrupt(original, how, pos, token)
    try:
        if damaged is None:
            path.unlink()
        else:
            path.write_bytes(damaged)
        results = data_copy / "results"
        shutil.rmtree(results, ignore_errors=True)
        code, out = _inprocess("optim", [*FIXED, f"region.data_dir={data_copy / 'data'}", f"run.results_dir={results}",
                                         "run.name=f"])
        _check(code, out)
    finally:
        path.write_bytes(original)
