"""Errors raised for bad input data, config and CLI arguments.

Every error carries a one-paragraph message naming the file / key / row and what was
expected; the CLI prints it without a traceback and exits with a non-zero code.
"""
from __future__ import annotations


class InputError(Exception):
    """Bad user input (data file, config value or CLI argument). Exit code 2."""

    exit_code = 2


class DataError(InputError):
    """A data file under ``data/`` is missing, malformed or out of range."""


class ConfigError(InputError):
    """A config value is unknown, of the wrong type or out of range."""
