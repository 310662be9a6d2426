"""The results folder of one run: claimed before any work, written whole or not at all.

- :func:`claim` runs before the data is loaded. It checks that the results location is a folder
  that can be created and written, that ``out_dir`` does not exist, and that no other live
  process is writing it (two runs racing for the same name: the second gets a clean error);
  then it creates ``<out_dir>.partial-<pid>``, where every result file is written.
- :func:`publish` renames the temporary folder to ``out_dir`` once it is complete (atomic).
- :func:`discard` removes the temporary folder (any failure, Ctrl-C).
- :func:`write_error` turns an OSError while writing (a full disk, a lost mount) into a clean
  :class:`ResultsLocationError` (exit code 2).

The checks and the rename hold a lock (``flock``) on the parent folder so that two processes
cannot both find the name free.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
from pathlib import Path

from optim.data.errors import ResultsLocationError

PARTIAL = ".partial-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _locked(folder: Path):
    """An exclusive flock on ``folder`` (released when the block ends or the process dies)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def ensure_folder(folder: Path) -> tuple[str, str] | None:
    """Create ``folder`` (parents too) unless it exists; None when done, else why not: ``("file", "is a file")``,
    ``("file", "cannot be created: <p> is a file")`` (a file stands where a folder should) or ``("mkdir", reason)``."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        return "file", "is a file" if probe == folder else f"cannot be created: {probe} is a file"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return "mkdir", _reason(exc)
    return None


def _make_parent(parent: Path) -> None:
    """Create the results location (parents too) or raise a clean error saying why it cannot be."""
    problem = ensure_folder(parent)
    if problem and problem[0] == "file":
        raise ResultsLocationError(f"The results location {parent} {problem[1]}; expected a folder. "
                                   f"Set run.results_dir to a folder (it is created if missing).")
    if problem:
        raise ResultsLocationError(f"The results location {parent} cannot be created ({problem[1]}). "
                                   f"Set run.results_dir to a folder you can write.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ResultsLocationError(f"The results location {parent} is not writable. "
                                   f"Set run.results_dir to a folder you can write.")


def claim(out_dir: Path) -> Path:
    """Check the results location and create ``<out_dir>.partial-<pid>``; return that folder."""
    out_dir = Path(out_dir)
    parent = out_dir.parent
    _make_parent(parent)
    tmp = out_dir.with_name(f"{out_dir.name}{PARTIAL}{os.getpid()}")
    with _locked(parent):
        if out_dir.exists() or out_dir.is_symlink():
            raise ResultsLocationError(f"Results folder {out_dir} already exists; a run never overwrites another run. "
                                       f"Choose another run.name or remove the folder.")
        pattern = re.compile(re.escape(out_dir.name + PARTIAL) + r"(\d+)$")
        for p in parent.iterdir():
            mt = pattern.match(p.name)
            if mt and _alive(int(mt.group(1))):
                raise ResultsLocationError(f"Another run (process {mt.group(1)}) is writing the results folder "
                                           f"{out_dir} now. Choose another run.name, or wait for it to finish.")
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        try:
            tmp.mkdir()
        except OSError as exc:
            raise ResultsLocationError(f"Cannot create the results folder {tmp} ({_reason(exc)}): "
                                       f"the file system refuses the name or the location. "
                                       f"Choose another run.name or run.results_dir.") from None
    return tmp


def publish(tmp: Path, out_dir: Path) -> None:
    """Rename the complete temporary folder to ``out_dir`` (never over an existing folder)."""
    with _locked(out_dir.parent):
        if out_dir.exists() or out_dir.is_symlink():
            raise ResultsLocationError(f"Results folder {out_dir} appeared while this run was working (another run "
                                       f"with the same name?); it was left untouched and this run's results were "
                                       f"not kept. Choose another run.name.")
        try:
            os.rename(tmp, out_dir)
        except OSError as exc:
            raise write_error(exc, tmp, out_dir) from None


def discard(tmp: Path | None) -> None:
    """Remove a temporary results folder (nothing half-written stays behind)."""
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


def write_error(exc: OSError, tmp: Path, out_dir: Path) -> ResultsLocationError:
    """A clean error for an OSError raised while the results were written into ``tmp``."""
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        free = ""
        with contextlib.suppress(OSError):
            free = f"; {shutil.disk_usage(out_dir.parent).free / 1e6:,.1f} MB free now"
        why = f"the disk is full{where}{free}. Free some space or set run.results_dir to another disk"
    else:
        why = f"{_reason(exc)}{where}. Check run.results_dir"
    return ResultsLocationError(f"Could not write the results of this run: {why}. Nothing was kept: the "
                                f"partial folder was removed and {out_dir} was not created.")
