"""The families of the LP, in build order, and ``build_lp``: the whole model in four lines.

A family is one module of optim/model with a function ``add_<family>(lp)`` that declares its variables and
constraints and registers what the shared parts need (costs, hourly balance terms, heat, firm capacity,
result pieces; optim.model.lp). Order matters only where a family reads what an earlier one declared:
sets -> power -> storage -> imports -> demand response -> demand -> CHP -> heat -> balance (assembles the
registered balance terms and firm capacity) -> accounting -> history -> targets -> objective (assembles the
registered costs and penalties).
"""
from __future__ import annotations

import gc

import pyomo.environ as pyo

from optim.inputs import ModelInputs
from optim.model.accounting import add_accounting
from optim.model.balance import add_balance
from optim.model.chp import add_chp
from optim.model.core import add_sets
from optim.model.demand import add_demand
from optim.model.heat import add_heat
from optim.model.history import add_history
from optim.model.imports import add_demand_response, add_imports
from optim.model.lp import LinearProgram
from optim.model.objective import add_objective
from optim.model.power import add_power
from optim.model.storage import add_storage
from optim.model.targets import add_targets

#: (name, declare) in build order
FAMILIES = (
    ("sets", add_sets), ("power", add_power), ("storage", add_storage), ("imports", add_imports),
    ("demand_response", add_demand_response), ("demand", add_demand), ("chp", add_chp), ("heat", add_heat),
    ("balance", add_balance), ("accounting", add_accounting), ("history", add_history), ("targets", add_targets),
    ("objective", add_objective),
)


def build_lp(inp: ModelInputs, families=FAMILIES) -> LinearProgram:
    """Build the whole LP from its families, in order (garbage collection paused during the build, DESIGN §5).

    ``families``: (name, declare) pairs; the default is the model. A test or an extension may insert its own
    family (tests/test_families.py adds one without touching any other file)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        lp = LinearProgram(pyo.ConcreteModel(name=f"{inp.region}_pathway"), inp)
        for _, declare in families:
            declare(lp)
    finally:
        if was_enabled:
            gc.enable()
    return lp
