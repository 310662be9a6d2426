"""docs/config.md, generated from the config schema: every key with its default, unit, allowed values and meaning.

    python -m optim.config.docs            # rewrite docs/config.md
    python -m optim.config.docs --check    # exit 1 if docs/config.md is out of date (a test runs this)

Each field of :class:`optim.config.schema.Config` carries a description and a unit (``Doc``); the defaults
shown are the schema's, and the values of the default study are those of configs/ (config.yaml, the region
and scenario files), which the table states where they differ.
"""
from __future__ import annotations

import sys
import typing

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from optim.config.schema import Config
from optim.paths import ROOT as PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "config.md"
HEADER = """# Configuration reference

Generated from the schema (`optim/config/schema.py`) by `python -m optim.config.docs`; do not edit by
hand (`tests/test_config_docs.py` fails when this file is out of date). Every key can be set on the
command line (`optim policy.strive=soft`), in a config group (`configs/`) or swept with Hydra multirun.
"Default" is the schema's default; "study" is the value of the default Tianjin study where it differs
(`configs/config.yaml`, `configs/region/tianjin.yaml`, `configs/scenario/documents.yaml`).
"""


def _sub_model(ann) -> type[BaseModel] | None:
    return ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None


def _allowed(ann) -> str:
    """Allowed values of a Literal (possibly Optional) annotation, else ''."""
    args = [a for a in typing.get_args(ann) if a is not type(None)] if typing.get_origin(ann) is typing.Union else [ann]
    lits = [v for a in args if typing.get_origin(a) is typing.Literal for v in typing.get_args(a)]
    return " \\| ".join(f"`{v}`" for v in lits)


def _bounds(field) -> str:
    """'>= 0, <= 1' from the field's constraints, also those inside an Optional[Annotated[...]] annotation."""
    metas = list(field.metadata)
    optional = typing.get_origin(field.annotation) is typing.Union  # not dict[Year, ...]: key bounds are no value bounds
    for a in typing.get_args(field.annotation) if optional else ():
        if typing.get_origin(a) is typing.Annotated:
            for m in typing.get_args(a)[1:]:
                metas += getattr(m, "metadata", [m])
    out = []
    for m in metas:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            v = getattr(m, attr, None)
            if v is not None:
                out.append(f"{sym} {v}")
    return ", ".join(out)


def _fmt(v) -> str:
    if v is PydanticUndefined:
        return "(required)"
    if v is None:
        return "null"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, dict) and not v:
        return "{}"
    if isinstance(v, dict) and all(isinstance(e, dict) for e in v.values()):  # targets: the values set, not sources
        return ", ".join(f"`{k}.{n}={x:g}`" if isinstance(x, float) else f"`{k}.{n}={x}`"
                         for k, e in v.items() for n, x in e.items() if x is not None and n != "source")
    return f"`{v}`" if not isinstance(v, (int, float)) else f"{v:g}" if isinstance(v, float) else str(v)


def fields(model: type[BaseModel] = Config, prefix: str = ""):
    """(key, field) of every leaf field, in declaration order; a mapping of typed entries (``targets``) is followed
    by the fields of one entry (``targets.<id>.value``, ...)."""
    for name, f in model.model_fields.items():
        sub = _sub_model(f.annotation)
        if sub is not None:
            yield from fields(sub, f"{prefix}{name}.")
            continue
        yield f"{prefix}{name}", f
        args = typing.get_args(f.annotation) if typing.get_origin(f.annotation) is dict else ()
        entry = _sub_model(args[1]) if len(args) == 2 else None
        if entry is not None:
            yield from fields(entry, f"{prefix}{name}.<id>.")


def _lookup(cfg: dict, key: str):
    node = cfg
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return PydanticUndefined
        node = node[part]
    return node


def render(study: dict | None = None) -> str:
    """The reference as Markdown (``study``: the resolved default config, to show where it differs)."""
    lines = [HEADER]
    section = None
    for key, f in fields():
        top = key.split(".")[0] if "." in key and "<id>" not in key else "top level"
        if top != section:
            section = top
            lines += ["", f"## `{top}`" if top != "top level" else "## Top-level keys", "",
                      "| key | default | study | unit | allowed | description |", "|---|---|---|---|---|---|"]
        default = f.default_factory() if f.default_factory is not None else f.default
        value = _lookup(study, key) if study is not None else PydanticUndefined
        shown = "" if value is PydanticUndefined or value == default else _fmt(value)
        extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
        allowed = " ; ".join(x for x in (_allowed(f.annotation), _bounds(f)) if x)
        desc = (f.description or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{key}` | {_fmt(default)} | {shown} | {extra.get('unit', '')} | {allowed} | {desc} |")
    return "\n".join(lines) + "\n"


def default_study() -> dict:
    from optim.config.compose import compose_config

    return compose_config([]).model_dump()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render(default_study())
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC.relative_to(PROJECT_ROOT)} is out of date: run python -m optim.config.docs", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(PROJECT_ROOT)} ({sum(1 for _ in fields())} keys)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
