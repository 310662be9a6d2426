"""The append-only record of an uncertainty analysis, kept until the run folder is published, for resuming.

``<results_dir>/<run.name>.resume/`` holds
  plan.json      what the samples are: config (without run.* and analysis.workers), data hashes, ranges, seed,
                 number of samples, chains; a later run resumes only with the same plan
  samples.jsonl  one JSON line per finished sample, keyed by its index, with the basis it ended at (so the next
                 sample of its chain starts where an uninterrupted run would have); appended and flushed one line
                 at a time: a line cut off by a crash is ignored and that sample is solved again
The run folder itself is written whole or not at all (optim.run_folder); this folder is removed once it is.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from pathlib import Path

from optim.data.errors import ConfigError


def plan_hash(plan: dict) -> str:
    return hashlib.sha256(json.dumps(plan, sort_keys=True, default=str).encode()).hexdigest()


class SampleLog:
    """The resume folder of one analysis (module docstring)."""

    def __init__(self, folder: Path, plan: dict):
        self.folder = Path(folder)
        self.plan = plan
        self.path = self.folder / "samples.jsonl"

    @staticmethod
    def for_run(out_dir: Path, plan: dict) -> "SampleLog":
        return SampleLog(Path(out_dir).with_name(Path(out_dir).name + ".resume"), plan)

    def check(self) -> int:
        """Before any solve: the number of samples already done; ConfigError when the folder holds another plan."""
        f = self.folder / "plan.json"
        if not f.exists():
            return 0
        try:
            old = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
        if old.get("hash") != plan_hash(self.plan):
            raise ConfigError(f"{self.folder} holds an interrupted uncertainty analysis with other settings (config, "
                              f"data, ranges, seed, samples or chain differ). Resume it with the command that started "
                              f"it, or remove that folder, or choose another run.name.")
        return len(self.done())

    def open(self) -> None:
        """Create the folder and plan.json (kept when resuming)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        f = self.folder / "plan.json"
        if not f.exists():
            tmp = f.with_suffix(".tmp")
            tmp.write_text(json.dumps({"hash": plan_hash(self.plan), "plan": self.plan}, indent=1, default=str),
                           encoding="utf-8")
            os.replace(tmp, f)
        if self.path.exists():  # a line cut off by a crash: drop it, so the next line starts clean
            raw = self.path.read_bytes()
            if raw and not raw.endswith(b"\n"):
                self.path.write_bytes(raw[: raw.rfind(b"\n") + 1])

    def done(self) -> dict[int, dict]:
        """{sample index: record dict} of complete lines (a cut-off last line is ignored)."""
        out: dict[int, dict] = {}
        if not self.path.exists():
            return out
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict) and isinstance(rec.get("index"), int):
                out[rec["index"]] = rec
        return out

    def append(self, record, basis: dict | None = None, basis_none: dict | None = None) -> dict:
        """Append one finished sample (a SampleRecord) with its end bases (``Basis.encode()``); returns the dict."""
        d = dataclasses.asdict(record)
        d["basis"], d["basis_none"] = basis, basis_none
        line = json.dumps(d, default=float, allow_nan=True)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return d

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
