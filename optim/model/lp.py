"""The whole LP in one object: the Pyomo model, its matrix row blocks and what its families registered.

``build_lp(inputs)`` (optim.model.families) returns a :class:`LinearProgram`; the solver seam
(optim.solver) compiles and solves it; the results (optim.results) read it. Nothing is stored on the
Pyomo model beyond its (named) components:

  lp.model     variables, constraints and expressions, every one named (``m.history['peak_load',2022]``)
  lp.inputs    the ModelInputs it was built from (replaced by a warm re-solve with new numbers)
  lp.blocks    the hourly row families as matrix blocks (optim.model.rows), rows named ``balance[2030,6,13]``
  lp.costs     cost component -> rules (lp, y) -> expression [MCNY], summed by the objective family
  lp.balance   terms of the hourly electricity balance (optim.model.balance), registered by the families:
               functions (lp, block) that add supply (+) or withdrawals (-) to the block's rows
  lp.heat      heat supplied to the district-heat balance [TWh_th]: rules (lp, y) -> expression
  lp.firm      firm capacity for the adequacy constraint [GW]: rules (lp, y) -> expression
  lp.penalties soft-target shortfall costs, discounted [MCNY] (optim.model.targets)
  lp.targets   the policy targets as built (optim.model.targets.TargetSet)
  lp.results   result pieces: functions (lp, put) that add variables to the results dataset
A family (one module of optim/model) declares its components in a function ``add_<family>(lp)`` and
registers there what the shared parts need; adding a family is one new module plus one line in
optim/model/families.py (docs/model.md, "How to add a technology family").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import pyomo.environ as pyo

from optim.inputs import ModelInputs
from optim.model.rows import RowBlock, VarArray

#: cost components of the objective, in the order of costs.csv [MCNY, undiscounted, 2020 prices]
COST_COMPONENTS = ("investment", "fixed_om", "variable_om", "fuel", "imports", "measures", "demand_response")
COST_DOCS = {"investment": "annualised investment [MCNY]", "fixed_om": "fixed O&M [MCNY]",
             "variable_om": "variable O&M [MCNY]", "fuel": "fuel purchases [MCNY]",
             "imports": "electricity imports [MCNY]", "measures": "efficiency and electrification measures [MCNY]",
             "demand_response": "demand response [MCNY]"}

CostRule = Callable[["LinearProgram", int], Any]


BalanceTerm = Callable[["LinearProgram", RowBlock], None]


@dataclass
class LinearProgram:
    """The complete LP (module docstring)."""

    model: pyo.ConcreteModel
    inputs: ModelInputs
    blocks: list[RowBlock] = field(default_factory=list)
    costs: dict[str, list[CostRule]] = field(default_factory=lambda: {c: [] for c in COST_COMPONENTS})
    balance: list[BalanceTerm] = field(default_factory=list)
    heat: list[CostRule] = field(default_factory=list)
    firm: list[CostRule] = field(default_factory=list)
    penalties: list = field(default_factory=list)
    targets: Any = None
    results: list[Callable] = field(default_factory=list)

    # ---- registration (called by the families while they declare)
    def add_block(self, block: RowBlock) -> RowBlock:
        """Append a matrix row block; its rows follow the Pyomo rows in the compiled LP."""
        if any(b.name == block.name for b in self.blocks):
            raise ValueError(f"row block {block.name!r} declared twice")
        self.blocks.append(block)
        return block

    def block(self, name: str) -> RowBlock:
        """The row block called ``name`` (KeyError if there is none)."""
        for b in self.blocks:
            if b.name == name:
                return b
        raise KeyError(f"row block {name!r} not declared")

    def add_cost(self, component: str, rule: CostRule) -> None:
        """A term of cost component ``component`` in year y: rule(lp, y) -> MCNY (read numbers from lp.inputs)."""
        if component not in self.costs:
            raise KeyError(f"unknown cost component {component!r}; expected one of {COST_COMPONENTS}")
        self.costs[component].append(rule)

    def add_supply(self, var: pyo.Var, keys=None, coef: float = 1.0) -> None:
        """coef x var in every hourly balance row (supply coef > 0, withdrawal coef < 0): ``var`` indexed by
        (K, Y, D, H) with ``keys`` the labels of K to add (each its own term), or by (Y, D, H) with keys None."""
        def term(lp: LinearProgram, b: RowBlock) -> None:
            y, d, h = b.grid()
            arr = VarArray(var)
            if keys is None:
                b.add(arr, (y, d, h), coef)
            else:
                for k in arr.pos(0, list(keys)):
                    b.add(arr, (k, y, d, h), coef)
        self.balance.append(term)

    def add_balance_term(self, term: BalanceTerm) -> None:
        """Any other term of the hourly balance rows: term(lp, block) adds it (e.g. the load, heat electricity)."""
        self.balance.append(term)

    def add_heat(self, rule: CostRule) -> None:
        """Heat fed into the district-heat network in year y [TWh_th]: rule(lp, y)."""
        self.heat.append(rule)

    def add_firm(self, rule: CostRule) -> None:
        """Firm capacity counted for adequacy in year y [GW]: rule(lp, y) (capacity credit x capacity)."""
        self.firm.append(rule)

    def add_result(self, piece: Callable) -> None:
        """A result piece: piece(lp, put) adds variables to the results dataset (optim.results.dataset)."""
        self.results.append(piece)

    # ---- reading
    def cost(self, component: str, y: int):
        """Cost component in year y [MCNY] as a Pyomo expression."""
        return sum(rule(self, y) for rule in self.costs[component])
