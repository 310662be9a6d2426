"""The configuration: Hydra composition, the typed schema, the data overrides and their errors, in one package.

  compose.py       compose_config(overrides): the validated Config the ``optim`` command runs with
  schema.py        Config and its sections (pydantic): types, ranges, units and descriptions of every key
  overrides.py     the data-backed sections (costs.<tech>.<parameter>.<year>, ...): names and ranges checked
                   against the loaded data, applied to the data's numbers
  errors.py        one-paragraph messages for schema errors;  hydra_errors.py  for Hydra's own
  docs.py          docs/config.md generated from the schema
"""
from optim.config.schema import Config, validate_config

__all__ = ["Config", "validate_config"]
