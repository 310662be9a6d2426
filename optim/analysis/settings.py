"""The analysis settings as one typed object, read from the config in one place (``settings_from_config``)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnalysisSettings:
    """``analysis.*`` of the config (validated by optim.config.schema.Analysis; units there)."""

    kind: str                       # none | target_costs | uncertainty
    targets: str = "binding"        # target_costs: binding | all
    samples: int = 200              # uncertainty: Latin-hypercube samples
    seed: int = 1
    workers: int = 2                # processes
    chain: int = 25                 # samples per warm-start chain
    ranges: str = "uncertainty.csv"  # file in data/<region>/
    exclude_groups: tuple[str, ...] = ()
    plan_cost: bool = False
    explain_infeasible: bool = True


def settings_from_config(cfg) -> AnalysisSettings:
    """The ``analysis`` section of a validated :class:`~optim.config.schema.Config` as :class:`AnalysisSettings`."""
    a = cfg.analysis.model_dump()
    a["exclude_groups"] = tuple(a["exclude_groups"])
    return AnalysisSettings(**a)
