"""Reading run folders and sweep folders for ``optim-compare`` (never raises for a damaged folder)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from optim.sweep import RUN_DIR, sweep_job_count

SOLVED = "optimal"



@dataclass
class Run:
    """One run folder (or a job of a sweep that left no folder) and what it says about itself."""

    label: str
    path: Path
    status: str
    reason: str = ""
    overrides: dict[str, str] = field(default_factory=dict)
    scenario: str = ""
    npv: float | None = None
    summary: pd.DataFrame | None = None   # summary_by_year.csv indexed by year
    targets: pd.DataFrame | None = None   # targets.csv

    @property
    def solved(self) -> bool:
        return self.status == SOLVED and self.summary is not None


# ---------------------------------------------------------------- reading runs

def _short(text: str, n: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _parse_overrides(items) -> dict[str, str]:
    out = {}
    for o in items or []:
        o = str(o).lstrip("+~")
        if "=" in o:
            k, v = o.split("=", 1)
            out[k] = v
    return out


def _diagnosis_reason(path: Path) -> str:
    f = path / "diagnosis.md"
    if not f.exists():
        return ""
    try:
        lines = [ln.strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    except (OSError, UnicodeDecodeError):
        return "diagnosis.md unreadable"
    bullets = [ln[2:] for ln in lines if ln.startswith("- ")]
    if bullets:
        # "- TJ-024 (import_capacity_gw >= 10 GW in 2025, <document>): relaxing it by 3 GW in 2025 restores ..."
        m = re.match(r"^(\S+) \((\S+ [<>=]+ [^,]+),.*\): (relaxing .*)$", bullets[0])
        first = f"{m.group(1)} ({m.group(2)}): {m.group(3)}" if m else bullets[0]
        return first + (f" (+{len(bullets) - 1} more)" if len(bullets) > 1 else "")
    body = [ln for ln in lines if not ln.startswith("#")]
    return body[0] if body else ""


DAMAGED = "damaged"
SUMMARY_COLUMNS = ("year", "co2_mt")
TARGET_COLUMNS = ("id", "year", "binding", "shadow_price_mcny")


class Damaged(Exception):
    """A file of a run folder cannot be read as written by ``optim``; the message says why."""


def read_table(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """A result CSV, refusing what a complete file written by optim cannot be: not UTF-8, empty,
    cut off (no line end after the last row, or rows with fewer fields than the header), or without
    the columns the comparison reads."""
    import csv
    import io

    name = path.name
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise Damaged(f"{name} is missing") from None
    except OSError as exc:
        raise Damaged(f"{name} cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise Damaged(f"{name} is not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise Damaged(f"{name} is empty")
    if not text.endswith("\n"):
        raise Damaged(f"{name} is truncated (the last line has no line end)")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise Damaged(f"{name} is not a valid CSV table ({exc})") from None
    header = rows[0]
    for i, row in enumerate(rows[1:], start=2):
        if row and len(row) != len(header):
            raise Damaged(f"{name} line {i} has {len(row)} fields, the header {len(header)} (truncated or damaged)")
    missing = [c for c in required if c not in header]
    if missing:
        raise Damaged(f"{name} has no column(s) {', '.join(missing)}")
    return pd.read_csv(io.StringIO(text))


def _json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise Damaged(f"{path.name} is not valid JSON ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict):
        raise Damaged(f"{path.name} holds a {type(data).__name__}, not a JSON object")
    return data


def _number(x, what: str) -> float | None:
    if x is None:
        return None
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise Damaged(f"manifest.json {what} is {x!r}, not a number")
    return float(x)


def _from_manifest(path: Path, label: str) -> Run:
    m = _json(path / "manifest.json")
    cfg = m.get("config") or {}
    ov = m.get("overrides") or []
    if not isinstance(cfg, dict) or not isinstance(ov, list):
        raise Damaged("manifest.json 'config' is not an object or 'overrides' is not a list")
    run = Run(label, path, str(m.get("status", "?")), overrides=_parse_overrides(ov),
              scenario=str(cfg.get("scenario_name", "")), npv=_number(m.get("objective_mcny"), "objective_mcny"))
    if run.status == SOLVED:
        run.summary = read_table(path / "summary_by_year.csv", SUMMARY_COLUMNS).set_index("year")
        run.targets = read_table(path / "targets.csv", TARGET_COLUMNS)
    else:
        run.reason = _diagnosis_reason(path) or f"solver status {run.status}"
    return run


def read_run(path: Path, label: str | None = None) -> Run:
    """Read one run folder; never raises for a damaged folder: its status is 'damaged' and the reason
    names the file and what is wrong with it."""
    path = Path(path)
    label = label or path.name
    try:
        if (path / "manifest.json").exists():
            return _from_manifest(path, label)
        if (path / "failure.json").exists():
            f = _json(path / "failure.json")
            ov = _parse_overrides(f.get("overrides") if isinstance(f.get("overrides"), list) else [])
            return Run(label, path, str(f.get("status", "error")), _short(f.get("message", ""), 200), ov,
                       scenario=ov.get("scenario", ""))
    except Damaged as exc:
        return Run(label, path, DAMAGED, f"{exc}; the folder was not written whole by optim, or was changed since")
    except OSError as exc:
        return Run(label, path, DAMAGED, f"cannot be read ({exc.strerror or exc})")
    return Run(label, path, "incomplete", "no manifest.json or failure.json (still running or killed)")


def is_sweep(path: Path) -> bool:
    return path.is_dir() and (any(RUN_DIR.match(p.name) and p.is_dir() for p in path.iterdir())
                              or (path / "multirun.yaml").exists())


def collect(paths: list[Path]) -> list[Run]:
    """Runs of the given sweep folders and run folders, in order. Jobs of a sweep that left no
    folder (killed, still running) appear with status 'missing' when the sweep's job count is known."""
    runs: list[Run] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise FileNotFoundError(f"{p} does not exist")
        if is_sweep(p):
            found = {int(RUN_DIR.match(d.name).group(1)): d for d in p.iterdir() if d.is_dir() and RUN_DIR.match(d.name)}
            n = sweep_job_count(p)
            nums = sorted(set(found) | set(range(n or 0)))
            prefix = f"{p.name}/" if len(paths) > 1 else ""
            for k in nums:
                if k in found:
                    runs.append(read_run(found[k], prefix + found[k].name))
                else:
                    partial = [d.name for d in p.glob(f"run{k:03d}.partial-*")]
                    why = "running or killed (partial folder left)" if partial else "no folder (job killed or not started)"
                    runs.append(Run(prefix + f"run{k:03d}", p / f"run{k:03d}", "missing", why))
        elif (p / "manifest.json").exists() or (p / "failure.json").exists():
            runs.append(read_run(p))
        else:
            raise FileNotFoundError(f"{p} is neither a run folder (manifest.json) nor a multirun folder (runNNN/)")
    labels = [r.label for r in runs]
    for r in runs:  # same folder names from different parents: add the parent
        if labels.count(r.label) > 1:
            r.label = f"{r.path.parent.name}/{r.path.name}"
    return runs
