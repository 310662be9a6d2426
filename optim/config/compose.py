"""Compose and validate the config, for the CLI and outside it (tests, benchmarks, notebooks).

``compose_config(["years.end=2030", "costs.utility_pv.capex.2030=2100"])`` returns the same
validated :class:`~optim.config.schema.Config` the ``optim`` command would run with those overrides:
the arguments are rewritten as the CLI rewrites them (:func:`rewrite_overrides`), interpolations are
resolved (:func:`resolve_interpolations`) and the result is validated.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from optim.config.schema import Config

_OVERRIDE = re.compile(r"^(?P<key>[A-Za-z_][\w\-.]*)=(?P<val>.*)$", re.S)


def _data_sections() -> tuple[set[str], tuple[str, ...]]:
    """(data-backed sections, year tables ``system.green_import_available_twh.``): the key shapes of
    optim.config.overrides, whose keys the user adds rather than overrides."""
    from optim.config.overrides import SHAPES

    return {s for s in SHAPES if "." not in s}, tuple(s + "." for s in SHAPES if "." in s)


def rewrite_overrides(argv: list[str]) -> list[str]:
    """Forward overrides of data-backed sections and year tables as ``++key=value`` (add or override);
    quote plain non-ASCII values (``run.name=名字`` -> ``run.name="名字"``), which Hydra's lexer refuses."""
    from optim.config.hydra_errors import quote_non_ascii

    sections, year_tables = _data_sections()
    out = []
    for a in argv:
        mt = _OVERRIDE.match(a)
        if mt:
            key = mt.group("key")
            if (key.split(".")[0] in sections and "." in key) or key.startswith(year_tables):
                a = "++" + a
        out.append(quote_non_ascii(a))
    return out


def register_resolvers() -> None:
    """``${optim_root:}`` (the project folder, or $OPTIM_ROOT) for the Hydra output paths of configs/config.yaml."""
    from omegaconf import OmegaConf

    from optim.paths import ROOT

    if not OmegaConf.has_resolver("optim_root"):
        OmegaConf.register_new_resolver("optim_root", lambda: str(Path(os.environ.get("OPTIM_ROOT", ROOT))))


def resolve_interpolations(cfg) -> dict:
    """The config as a plain dict with interpolations resolved; a value such as ``run.name='${oops}'``
    that cannot be resolved is a ConfigError (exit 2)."""
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    try:
        return OmegaConf.to_container(cfg, resolve=True)
    except OmegaConfBaseException as exc:
        from optim.data.errors import ConfigError

        key = getattr(exc, "full_key", "") or "?"
        raise ConfigError(f"Config key '{key}': cannot resolve the interpolation "
                          f"({' '.join(str(exc).splitlines()[0].split())}). Write a literal value "
                          f"(a literal '$' is written '\\$').") from None


def compose_config(overrides: list[str]) -> "Config":
    """The resolved, validated config for ``overrides`` (data-section keys accepted as in the CLI)."""
    from hydra import compose, initialize_config_dir

    from optim.config.schema import validate_config
    from optim.paths import CONFIG_DIR

    register_resolvers()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=rewrite_overrides(list(overrides)))
    return validate_config(resolve_interpolations(cfg))
