"""Project paths: the repository root holds configs/, data/ and results/."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = ROOT / "configs"


def resolve(path: str | Path) -> Path:
    """Absolute paths stay; relative ones are taken from the project root (or $OPTIM_ROOT)."""
    p = Path(path)
    if p.is_absolute():
        return p
    return Path(os.environ.get("OPTIM_ROOT", ROOT)) / p
