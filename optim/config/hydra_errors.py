"""Clean messages for Hydra's own errors on command-line overrides, and quoting of values.

Hydra refuses an override before ``optim`` sees the config when the key is not in the config
(``Could not override 'policy.strve'``), when a config group has no such option
(``Could not find 'time/weekly'``) or when the override cannot be parsed (a non-ASCII value
without quotes: ``LexerNoViableAltException``). :func:`hydra_message` turns that text into one
paragraph naming the key and what is expected; :func:`quote_non_ascii` quotes a plain non-ASCII
value (``run.name=名字`` -> ``run.name="名字"``) so that Hydra accepts it.
"""
from __future__ import annotations

import re

from optim.data.errors import closest, did_you_mean

#: characters with a meaning in Hydra's override grammar: a value holding one is left as written
GRAMMAR = set("'\"\\,[]{}()=$:")
_OVERRIDE = re.compile(r"^(?P<key>[+~]{0,2}[A-Za-z_][\w\-./@]*)=(?P<val>.*)$", re.S)


def _quoted_parts(val: str) -> str:
    """Each comma-separated part with non-ASCII characters in double quotes: ``名字,b`` -> ``"名字",b``."""
    return ",".join(f'"{p}"' if not p.isascii() else p for p in val.split(","))


def quote_non_ascii(arg: str) -> str:
    """``key=名字`` -> ``key="名字"`` (and ``key=名字,b`` -> ``key="名字",b`` for a sweep): Hydra's lexer
    refuses unquoted non-ASCII letters. Values with other grammar characters (quotes, brackets, ...)
    or surrounding spaces are left as written."""
    m = _OVERRIDE.match(arg)
    if not m:
        return arg
    val = m.group("val")
    if val.isascii() or any(c in GRAMMAR - {","} for c in val) or any(p != p.strip() or not p for p in val.split(",")):
        return arg
    return f'{m.group("key")}={_quoted_parts(val)}'


def quote_value(text: str) -> str:
    """A value for a Hydra override, quoted when it holds anything but plain characters."""
    if re.fullmatch(r"[\w\-./@+%]*", text) and text.isascii():
        return text
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _flatten(d, prefix: str = "") -> list[str]:
    out = []
    for k, v in d.items():
        key = f"{prefix}{k}"
        out.append(key)
        if isinstance(v, dict):
            out += _flatten(v, key + ".")
    return out


def base_keys() -> list[str]:
    """Every key of the default config (flattened, e.g. ``policy.strive``)."""
    from hydra import compose, initialize_config_dir
    from omegaconf import OmegaConf

    from optim.paths import CONFIG_DIR

    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        base = compose(config_name="config")
    return _flatten(OmegaConf.to_container(base))


def _bad_override(overrides: list[str]) -> str | None:
    """The first override Hydra's parser refuses."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    parser = OverridesParser.create()
    for o in overrides:
        try:
            parser.parse_overrides([o])
        except Exception:  # noqa: BLE001 - any parse failure names this override
            return o
    return None


def parse_message(text: str, overrides: list[str]) -> str:
    """An override Hydra cannot parse: which one, and how to quote it."""
    bad = _bad_override(overrides)
    first = text.strip().splitlines()[0] if text.strip() else "parse error"
    if bad is None:
        return f"Cannot read the command-line overrides ({first})."
    m = _OVERRIDE.match(bad)
    if not m:
        return (f"Cannot read the command-line argument {bad!r}: expected key=value "
                f"(e.g. years.end=2030), +key=value or ~key.")
    key, val = m.group("key"), m.group("val")
    if not val.isascii():
        example = _quoted_parts(val) if "," in val else f'"{val}"'
        return (f"Cannot read the override {bad!r}: a value with non-ASCII characters must be quoted for Hydra, "
                f"e.g. '{key}={example}' (single quotes for the shell, double quotes for Hydra; in a sweep quote "
                f"each value).")
    return (f"Cannot read the override {bad!r} ({first}). Quote a value that holds spaces or any of , [ ] {{ }} ( ) ' \" "
            f"= : $, e.g. '{key}=\"{val}\"'; a sweep lists values with commas: {key}=a,b.")


def _analysis_kinds(key: str) -> list[str]:
    """The analysis kinds that have the setting ``analysis.<name>`` ([] for any other key)."""
    from optim.config.schema import ANALYSIS_FIELDS

    parts = key.split(".")
    if len(parts) != 2 or parts[0] != "analysis":
        return []
    return [kind for kind, fields in ANALYSIS_FIELDS.items() if parts[1] in fields and parts[1] != "kind"]


def _analysis_keys() -> set[str]:
    """``analysis.<name>`` for the settings of every analysis kind."""
    from optim.config.schema import ANALYSIS_FIELDS

    return {f"analysis.{f}" for fields in ANALYSIS_FIELDS.values() for f in fields}


def hydra_message(text: str, overrides: list[str]) -> str:
    """One paragraph for Hydra's error ``text`` about these ``overrides``."""
    if "LexerNoViableAlt" in text or "no viable alternative" in text or "Error parsing override" in text \
            or "mismatched input" in text or "extraneous input" in text or "missing EQUAL" in text:
        return parse_message(text, overrides)
    m = re.search(r"Could not override '([^']+)'", text) or re.search(r"Key '([^']+)' is not in struct", text)
    if m:
        key = m.group(1)
        keys = base_keys()
        if key in keys:  # the key exists: an earlier override replaced a section above it by a value
            parents = [o for o in overrides
                       if (mo := _OVERRIDE.match(o)) and key.startswith(mo.group("key").lstrip("+~") + ".")]
            culprit = f" by '{parents[0]}'" if parents else ""
            section = key.rsplit(".", 1)[0]
            return (f"Config key '{key}' cannot be set: its section '{section}' was replaced by a single value{culprit}. "
                    f"'{section}' is a section: set its keys, e.g. {key}=...")
        kinds = _analysis_kinds(key)
        if kinds:  # a setting of an analysis that is not chosen: its keys exist only in configs/analysis/<kind>.yaml
            return (f"Config key '{key}' is a setting of analysis={' or analysis='.join(kinds)}, which this run does "
                    f"not choose. Choose the analysis first, e.g. 'optim analysis={kinds[0]} {key}=...'.")
        near = closest(key, keys + sorted(_analysis_keys()) if key.startswith("analysis.") else keys)
        hint = f" Did you mean '{near}'?" if near else ""
        group = key.split(".")[0]
        siblings = sorted(k.split(".")[-1] for k in keys if k.rsplit(".", 1)[0] == key.rsplit(".", 1)[0] and "." in k)
        listing = f" Keys of '{key.rsplit('.', 1)[0]}': {', '.join(siblings)}." if "." in key and siblings and not near else ""
        return f"Config key '{key}' is unknown.{hint}{listing}" + (
            "" if group in keys else " (Top-level keys: " + ", ".join(k for k in keys if "." not in k) + ".)")
    m = re.search(r"Could not find '([^']+)'", text)
    if m:
        options = re.findall(r"^\t(\S+)$", text, flags=re.M)
        group, _, option = m.group(1).rpartition("/")
        avail = f" Available options for '{group}': {', '.join(options)}." if options else ""
        return (f"Config group option '{m.group(1)}' does not exist.{did_you_mean(option, options, prefix=group + '=')}"
                f"{avail}")
    return " ".join(text.split())
