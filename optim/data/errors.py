"""Errors raised for bad input data, config and CLI arguments, and the one "did you mean" helper.

Every error carries a one-paragraph message naming the file / key / row and what was
expected; the CLI prints it without a traceback and exits with the error's ``exit_code``.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable


class InputError(Exception):
    """Bad user input (data file, config value or CLI argument). Exit code 2."""

    exit_code = 2


class DataError(InputError):
    """A data file under ``data/`` is missing, malformed or out of range."""


class ConfigError(InputError):
    """A config value is unknown, of the wrong type or out of range."""


class ResultsLocationError(InputError):
    """The results folder cannot be created, is taken, or could not be written (full disk). Exit code 2."""


def closest(word: object, candidates: Iterable[object], cutoff: float = 0.6) -> str | None:
    """The candidate closest to ``word`` (difflib), never ``word`` itself; None if none is close."""
    word = str(word)
    pool = sorted({str(c) for c in candidates} - {word})
    near = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    return near[0] if near else None


def did_you_mean(word: object, candidates: Iterable[object], prefix: str = "", cutoff: float = 0.6) -> str:
    """`` Did you mean '<prefix><closest>'?`` or an empty string (the one suggestion helper of the project).

    ``prefix`` is put before the suggestion, e.g. ``"costs."`` to suggest a full key.
    """
    near = closest(word, candidates, cutoff)
    return f" Did you mean '{prefix}{near}'?" if near else ""
