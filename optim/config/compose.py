"""Compose and validate the config outside the CLI (tests, benchmarks, notebooks).

``compose_config(["years.end=2030", "costs.utility_pv.capex.2030=2100"])`` returns the same
validated :class:`~optim.config.schema.Config` the ``optim`` command would run with those overrides.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from optim.config.schema import Config


def compose_config(overrides: list[str]) -> "Config":
    """The resolved, validated config for ``overrides`` (data-section keys accepted as in the CLI)."""
    import os

    from hydra import compose, initialize_config_dir
    from omegaconf import OmegaConf

    from optim.cli import _check_interpolations, rewrite_overrides
    from optim.config.schema import validate_config
    from optim.paths import CONFIG_DIR, ROOT

    if not OmegaConf.has_resolver("optim_root"):
        OmegaConf.register_new_resolver("optim_root", lambda: str(Path(os.environ.get("OPTIM_ROOT", ROOT))))
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=rewrite_overrides(list(overrides)))
    return validate_config(_check_interpolations(cfg))
