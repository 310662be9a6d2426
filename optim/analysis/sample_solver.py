"""Solve one sample of the uncertainty analysis warm and read what the analysis records.

A sample is the study's config with the sample's values set (optim.analysis.ranges.config_with). Its inputs and
LP are rebuilt (about 1 s: build_inputs, build_lp, compile), handed to a fresh HiGHS instance and solved from a
given basis (``h.setBasis``): the previous sample's in its chain, or the study's (optim.analysis.sampling), with
devex pricing in the dual simplex (DUAL_EDGE_WEIGHTS: from an advanced basis HiGHS's default, dual steepest edge,
first computes a weight for every row; devex does not, and was 20 % faster per sample here). The LP handed to
HiGHS is exactly the one a cold run of the same inputs builds, so warm and cold reach the same optimum
(tests/test_analysis_warm.py); only the starting point differs. Measured alternatives (benchmarks/
uncertainty_benchmark.py, README): a cold solve of every sample, the study's basis for every sample, or updating
the previous sample's HiGHS instance in place in two steps (new costs by primal simplex, then new bounds and
coefficients by dual simplex) all take longer.
With ``plan_cost`` the same LP with every target row free (the no_policy LP) is solved too, in its own chain.
"""
from __future__ import annotations

import base64
import math
import time
import zlib
from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo

from optim.config.schema import Config
from optim.inputs import build_inputs
from optim.model import build_lp
from optim.model.targets import outcomes, target_price, year_span
from optim.solver import SolveResult, compile_lp, load_solution
from optim.solver.highs import HighsBackend

REPORT_YEARS = (2025, 2030)
DUAL_EDGE_WEIGHTS = 1  # HiGHS simplex_dual_edge_weight_strategy: 1 = devex (module docstring)


@dataclass(frozen=True)
class Basis:
    """A HiGHS basis as status codes (HighsBasisStatus values) of the columns and rows."""

    col: np.ndarray
    row: np.ndarray

    def encode(self) -> dict:
        pack = lambda a: base64.b64encode(zlib.compress(a.astype(np.int8).tobytes(), 6)).decode("ascii")  # noqa: E731
        return {"col": pack(self.col), "row": pack(self.row)}

    @staticmethod
    def decode(d: dict) -> "Basis":
        unpack = lambda s: np.frombuffer(zlib.decompress(base64.b64decode(s)), dtype=np.int8)  # noqa: E731
        return Basis(unpack(d["col"]), unpack(d["row"]))


def get_basis(backend: HighsBackend) -> Basis:
    b = backend.h.getBasis()
    return Basis(np.array([int(s) for s in b.col_status], dtype=np.int8),
                 np.array([int(s) for s in b.row_status], dtype=np.int8))


def set_basis(backend: HighsBackend, basis: Basis) -> bool:
    """Start the next solve from ``basis``; False (and a cold start) when its dimensions do not match the LP."""
    import highspy

    lp = backend.h.getLp()
    if len(basis.col) != lp.num_col_ or len(basis.row) != lp.num_row_:
        return False
    status = [highspy.HighsBasisStatus(i) for i in range(int(max(basis.col.max(initial=0), basis.row.max(initial=0))) + 1)]
    b = highspy.HighsBasis()
    b.col_status = [status[v] for v in basis.col.tolist()]  # a lookup: 25 x faster than building each status
    b.row_status = [status[v] for v in basis.row.tolist()]
    b.valid = True
    return backend.h.setBasis(b) == highspy.HighsStatus.kOk


@dataclass
class SampleRecord:
    """What one sample gives (units: MCNY NPV 2020; Mt CO2; Mtce; bcm; %)."""

    index: int
    chain: int
    status: str                                   # optimal | infeasible | ... (HiGHS status)
    reason: str = ""                              # one line for a sample that is not optimal
    npv: float = math.nan
    npv_no_targets: float = math.nan              # plan_cost only
    co2: dict = field(default_factory=dict)       # year -> Mt
    coal: dict = field(default_factory=dict)      # year -> Mtce
    gas_bcm: dict = field(default_factory=dict)   # REPORT_YEARS -> bcm
    nonfossil_pct: dict = field(default_factory=dict)  # REPORT_YEARS -> %
    price: dict = field(default_factory=dict)     # target id -> MCNY per unit (all its years)
    binds: dict = field(default_factory=dict)     # target id -> bool
    seconds: float = 0.0
    iterations: int = 0


class SampleSolver:
    """Solves samples of one study in one process (module docstring)."""

    def __init__(self, cfg: Config, data, slices, plan_cost: bool = False, explain: bool = True):
        self.cfg, self.data, self.slices = cfg, data, slices
        self.plan_cost, self.explain = plan_cost, explain

    def solve(self, index: int, chain: int, sample_cfg: Config, start: Basis | None, start_none: Basis | None = None):
        """Solve one sample; returns (record, end basis or None, end basis of the no-targets LP or None)."""
        t0 = time.perf_counter()
        inp = build_inputs(self.data, sample_cfg, self.slices)
        lp = build_lp(inp)
        compiled = compile_lp(lp)
        backend = HighsBackend(sample_cfg.solver)
        backend.load(compiled)
        if start is not None and set_basis(backend, start):
            backend.h.setOptionValue("simplex_dual_edge_weight_strategy", DUAL_EDGE_WEIGHTS)
        backend.run()
        status = backend.status()
        rec = SampleRecord(index, chain, status, iterations=backend.iterations())
        end = None
        if status == "optimal":
            result = SolveResult(status, None, lp, compiled, backend, {})
            load_solution(result)
            self._read(rec, lp, result)
            end = get_basis(backend)
        else:
            rec.reason = self._reason(inp, sample_cfg, status)
        end_none = None
        if self.plan_cost and status == "optimal":
            rec.npv_no_targets, end_none = self._no_targets(lp, compiled, sample_cfg, start_none)
        rec.seconds = time.perf_counter() - t0
        return rec, end, end_none

    @staticmethod
    def _read(rec: SampleRecord, lp, result) -> None:
        m, years = lp.model, lp.inputs.years
        v = lambda x: float(pyo.value(x))  # noqa: E731
        rec.npv = float(result.objective)
        rec.co2 = {y: v(m.co2[y]) for y in years}
        rec.coal = {y: v(m.coal_use[y]) for y in years}
        rec.gas_bcm = {y: v(m.gas_bcm[y]) for y in REPORT_YEARS if y in years}
        rec.nonfossil_pct = {y: 100.0 * v(m.nonfossil[y]) / v(m.energy_total[y]) for y in REPORT_YEARS if y in years}
        for tid, rows in outcomes(lp, result.duals).items():
            if rows:
                rec.price[tid] = target_price(rows)
                rec.binds[tid] = any(r.binding for r in rows)

    def _no_targets(self, lp, compiled, sample_cfg, start):
        """NPV of the sample's LP with every target row free (the no_policy LP), warm from ``start``."""
        lo, up = compiled.row_lower.copy(), compiled.row_upper.copy()
        for key in lp.targets.row_keys():
            for i in compiled.rows_of(lp.model.target[key]):
                lo[i], up[i] = -np.inf, np.inf
        free = type(compiled)(compiled.A, compiled.cost, compiled.offset, compiled.col_lower, compiled.col_upper, lo, up,
                              compiled.columns, compiled.pyomo_rows, compiled.blocks)
        backend = HighsBackend(sample_cfg.solver)
        backend.load(free)
        if start is not None and set_basis(backend, start):
            backend.h.setOptionValue("simplex_dual_edge_weight_strategy", DUAL_EDGE_WEIGHTS)
        backend.run()
        if backend.status() != "optimal":
            return math.nan, None
        return backend.solution()[2], get_basis(backend)

    def _reason(self, inp, sample_cfg, status: str) -> str:
        """One line: which targets to relax (elastic diagnosis, optim.diagnose) or the solver's status."""
        if status not in ("infeasible", "infeasible_or_unbounded"):
            return f"HiGHS ended '{status}'"
        if not self.explain:
            return "infeasible (analysis.explain_infeasible=false: not diagnosed)"
        from optim.diagnose import elastic_targets

        st, relax = elastic_targets(inp, sample_cfg)
        if st == "optimal" and relax:
            return "infeasible: " + "; ".join(
                f"{r.tid} short by {r.amount:,.3g} {r.unit} in {year_span(r.years)}"
                for r in relax)
        return "infeasible even without the targets: physical limits conflict (potentials, build rates, calibration)"
