"""Running one bad-input case as a user would: ``optim ...`` or ``optim-compare ...``.

A :class:`Case` is command-line arguments (``{tmp}`` stands for the case's own folder), an
optional preparation of that folder (a corrupted copy of data/tianjin, a file where a folder
should be, fake run folders for optim-compare) and the expected exit code and message text.
:func:`run_case` runs it in this process (fast; ``SystemExit`` gives the exit code) or in a
fresh process, and returns the exit code and everything printed.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "tianjin"
#: added to every optim case unless the case sets the key itself: a tiny horizon in the case folder
DEFAULTS = {"run.results_dir": "{tmp}/results", "run.name": "case", "years.end": "2021", "run.report": "false",
            "solver.threads": "1"}


@dataclass(frozen=True)
class Case:
    """One bad (or borderline) input and what must come of it."""

    name: str
    args: tuple[str, ...]
    code: int                      # expected exit code
    expect: str                    # text the output must contain
    tool: str = "optim"            # optim | compare
    prepare: Callable[[Path], None] | None = None  # builds files in the case folder
    data: bool = False             # region.data_dir={tmp}/data, a copy of data/tianjin (prepare may corrupt it)

    @property
    def sweep(self) -> bool:
        return "-m" in self.args


def argv(case: Case, tmp: Path) -> list[str]:
    """The case's arguments with {tmp} filled in and the defaults added."""
    args = [a.replace("{tmp}", str(tmp)) for a in case.args]
    if case.tool != "optim":
        return args
    keys = {a.split("=", 1)[0].lstrip("+~") for a in args if "=" in a}
    extra = {k: v for k, v in DEFAULTS.items() if k not in keys}
    if case.data and "region.data_dir" not in keys:
        extra["region.data_dir"] = "{tmp}/data"
    if case.sweep and "hydra.sweep.dir" not in keys:
        extra["hydra.sweep.dir"] = "{tmp}/sweep"
    return args + [f"{k}={v.replace('{tmp}', str(tmp))}" for k, v in extra.items()]


def setup(case: Case, tmp: Path) -> None:
    tmp.mkdir(parents=True, exist_ok=True)
    if case.data:
        shutil.copytree(DATA, tmp / "data")
    if case.prepare is not None:
        case.prepare(tmp)


def _inprocess(tool: str, args: list[str]) -> tuple[int, str]:
    from hydra.core.global_hydra import GlobalHydra

    import optim.cli

    out = io.StringIO()
    saved = list(sys.argv)
    GlobalHydra.instance().clear()
    optim.cli._WARM_CACHE.clear()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            if tool == "optim":
                optim.cli.main(args)
            else:
                from optim.compare import main

                code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # noqa: BLE001 - an escaped exception is what the cases look for
            traceback.print_exc()
            code = -1
        finally:
            sys.argv = saved
            GlobalHydra.instance().clear()
    return code, out.getvalue()


def _subprocess(tool: str, args: list[str], timeout: float = 600) -> tuple[int, str]:
    entry = ["-m", "optim"] if tool == "optim" else ["-c", "from optim.compare import _entry; _entry()"]
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="250")
    p = subprocess.run([sys.executable, *entry, *args], capture_output=True, text=True, timeout=timeout, env=env)
    return p.returncode, p.stdout + p.stderr


def run_case(case: Case, tmp: Path, inprocess: bool = True) -> tuple[int, str]:
    """Prepare the case folder ``tmp``, run the case, return (exit code, output)."""
    setup(case, tmp)
    args = argv(case, tmp)
    return _inprocess(case.tool, args) if inprocess else _subprocess(case.tool, args)


# ------------------------------------------------------------------ preparations

def corrupt(file: str, edit: Callable[[str], str]) -> Callable[[Path], None]:
    """Rewrite {tmp}/data/<file> with ``edit(text)``."""
    def prepare(tmp: Path) -> None:
        p = tmp / "data" / file
        p.write_text(edit(p.read_text(encoding="utf-8")), encoding="utf-8")
    return prepare


def replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first ``old`` by ``new`` in a data file (the text must be there)."""
    def edit(text: str) -> str:
        assert old in text, (file, old)
        return text.replace(old, new, 1)
    return corrupt(file, edit)


def write_bytes(rel: str, data: bytes) -> Callable[[Path], None]:
    def prepare(tmp: Path) -> None:
        p = tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return prepare


def remove(rel: str) -> Callable[[Path], None]:
    def prepare(tmp: Path) -> None:
        p = tmp / rel
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    return prepare


def mkdir(rel: str) -> Callable[[Path], None]:
    return lambda tmp: (tmp / rel).mkdir(parents=True, exist_ok=True)


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def prepare(tmp: Path) -> None:
        for s in steps:
            s(tmp)
    return prepare


SUMMARY = "year,co2_mt,coal_mtce,nonfossil_share_pct,wind_gw,pv_gw,storage_power_gw,import_capacity_gw\n" \
          "2020,162.4,37.9,4.4,0.8,1.6,0.0,7.0\n2021,160.1,37.0,5.0,1.0,2.0,0.1,7.0\n"
TARGETS = "id,year,indicator,binding,shadow_price_mcny,unit\nTJ-004,2021,nonfossil_share,true,12.5,%\n" \
          "TJ-027,2021,storage_power_gw,false,,GW\n"


def fake_run(rel: str, status: str = "optimal", npv: float = 293000.0, **files: str) -> Callable[[Path], None]:
    """A run folder as optim writes it (manifest.json, summary_by_year.csv, targets.csv); ``files``
    (name with '_' for '.', e.g. targets_csv="...") replace a file's text, a value None removes it."""
    def prepare(tmp: Path) -> None:
        d = tmp / rel
        d.mkdir(parents=True, exist_ok=True)
        content = {"manifest.json": json.dumps({"status": status, "objective_mcny": npv, "overrides": ["years.end=2021"],
                                                "config": {"scenario_name": "documents"}}),
                   "summary_by_year.csv": SUMMARY, "targets.csv": TARGETS}
        content.update({k.replace("_csv", ".csv").replace("_json", ".json"): v for k, v in files.items()})
        for name, text in content.items():
            if text is not None:
                (d / name).write_text(text, encoding="utf-8")
    return prepare
