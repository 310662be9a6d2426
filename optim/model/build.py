"""Assemble the pathway LP from its blocks.

Order matters only where a block reads expressions declared by an earlier one:
sets -> power -> storage -> imports/DR -> demand -> heat -> balance -> accounting -> history -> targets -> objective.
"""
from __future__ import annotations

import gc

import pyomo.environ as pyo

from optim.inputs import ModelInputs
from optim.model.accounting import add_accounting
from optim.model.balance import add_balance, add_calibration_of_fuels
from optim.model.core import add_sets
from optim.model.demand import add_demand
from optim.model.heat import add_heat
from optim.model.history import add_history
from optim.model.imports import add_demand_response, add_imports
from optim.model.objective import add_objective
from optim.model.power import add_power
from optim.model.storage import add_storage
from optim.model.targets import add_targets


def build_model(inp: ModelInputs) -> pyo.ConcreteModel:
    """Build the Pyomo model (garbage collection paused during the build, DESIGN §5)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        m = pyo.ConcreteModel(name="tianjin_pathway")
        add_sets(m, inp)
        add_power(m, inp)
        add_storage(m, inp)
        add_imports(m, inp)
        add_demand_response(m, inp)
        add_demand(m, inp)
        add_heat(m, inp)
        add_balance(m, inp)
        add_accounting(m, inp)
        add_calibration_of_fuels(m, inp)
        add_history(m, inp)
        add_targets(m, inp)
        add_objective(m, inp)
    finally:
        if was_enabled:
            gc.enable()
    return m
