"""One-paragraph messages for config errors found by the schema (``optim.config.schema``).

``message(err, Config)`` turns the first pydantic error into a sentence that names the key
the user wrote, the value, and what is expected: the closest valid key for an unknown one, the
key shape for the data-backed sections (``costs.utility_pv.capex.<year>=<value>``), and
"a finite number" for nan / inf.
"""
from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from optim.data.errors import did_you_mean
from optim.config.overrides import SHAPES, shape_hint

NUMBER_ERRORS = {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float", "bool_type", "bool_parsing"}
TABLE_ERRORS = {"dict_type", "model_type", "model_attributes_type", "mapping_type"}


def _model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that holds the last part of ``loc`` (walking dict values as well)."""
    model: Any = root
    for part in loc[:-1]:
        if isinstance(model, type) and issubclass(model, BaseModel):
            f = model.model_fields.get(str(part))
            if f is None:
                return None
            model = f.annotation
        elif typing.get_origin(model) is dict:
            model = typing.get_args(model)[1]
        else:
            return None
        while typing.get_origin(model) is typing.Union:  # Optional[X]
            model = next(a for a in typing.get_args(model) if a is not type(None))
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _section(loc: tuple) -> str | None:
    """The data-backed section of a key (``costs``, ..., ``system.green_import_available_twh``), if any."""
    if loc and loc[0] in SHAPES:
        return loc[0]
    if loc[:2] == ("system", "green_import_available_twh"):
        return "system.green_import_available_twh"
    return None


def _fmt(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def message(err: dict, root: type[BaseModel]) -> str:
    """The message for one pydantic error of the config model ``root``."""
    loc = tuple(str(p) for p in err["loc"])
    typ, bad, msg = err["type"], err.get("input"), err["msg"]
    section = _section(loc)
    given = loc[len(section.split(".")):] if section else ()
    if loc and loc[-1] == "[key]":  # a key of a table, e.g. the year of costs.<tech>.<parameter>.<year>
        loc, parents = loc[:-1], given[:-2]
        where = f"Config key '{'.'.join(loc)}': '{loc[-1]}'"
        if section:
            return f"{where} is not a year in 2000..2060; {shape_hint(section, parents)}."
        return f"{where} is not a valid key here ({msg})."
    key = ".".join(loc)
    if typ == "extra_forbidden":
        model = _model_at(root, loc)
        fields = list(model.model_fields) if model is not None else []
        if loc[0] == "targets":  # targets.<id>.<field>: the fields are fixed
            return f"Config key '{key}' is unknown; expected one of {sorted(fields)}.{did_you_mean(loc[-1], fields)}"
        hint = did_you_mean(loc[-1], fields, prefix=".".join(loc[:-1]) + ".")
        expected = f" Valid keys here: {', '.join(fields)}." if fields and not hint else ""
        return f"Config key '{key}' is unknown.{hint}{expected}"
    if typ in TABLE_ERRORS:
        if section:
            return f"Config key '{key}' = {_fmt(bad)}: this key names a table, not one value; {shape_hint(section, given)}."
        model = _model_at(root, loc + ("x",))
        keys = ", ".join(f"{key}.{f}" for f in model.model_fields) if model is not None else ""
        return (f"Config key '{key}' = {_fmt(bad)}: '{key}' is a section, not a value; set one of its keys"
                + (f" ({keys})" if keys else "") + ".")
    if typ in NUMBER_ERRORS and isinstance(bad, dict):
        hint = f"; {shape_hint(section, given)}" if section else ""
        return f"Config key '{key}' has one level too many (it holds {_fmt(bad)}){hint}."
    if typ == "finite_number":
        return f"Config key '{key}' = {bad!r}: expected a finite number (nan and inf are not allowed)."
    if typ == "value_error":
        text = msg.removeprefix("Value error, ")
        return text + ("" if text.endswith(".") else ".") if text.startswith("Config key") else \
            f"Config key '{key}' = {_fmt(bad)}: {text}."
    if typ == "literal_error":
        return f"Config key '{key}' = {_fmt(bad)}: expected {msg.replace('Input should be ', '')}."
    if typ.startswith(("greater_than", "less_than")):
        model = _model_at(root, loc)
        field = model.model_fields.get(loc[-1]) if model is not None else None
        note = f" ({field.description})" if field is not None and field.description else ""
        return f"Config key '{key}' = {_fmt(bad)}: expected a value {msg.replace('Input should be ', '')}{note}."
    if typ in NUMBER_ERRORS:
        kind = "a whole number" if typ.startswith("int") else "true or false" if typ.startswith("bool") else "a number"
        return f"Config key '{key}' = {_fmt(bad)}: expected {kind}."
    return f"Config key '{key}' = {_fmt(bad)}: {msg}."
