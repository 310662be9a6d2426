"""Print the table of the bad-input cases (tests/bad_input_cases.py): case, expected and actual exit
code, and the first line of the message.

    .venv/bin/python benchmarks/bad_input_report.py                 # in this process (about 1 min)
    .venv/bin/python benchmarks/bad_input_report.py --subprocess    # each case in a fresh process (slower)
    .venv/bin/python benchmarks/bad_input_report.py --markdown > cases.md

With ``PYTHONPATH=<another checkout>`` and ``--subprocess`` the same cases run against another
version of optim (how the table of issue 12 was made before the fix). Exit code 1 when a case
does not give its expected exit code and message, or prints a traceback.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bad_input_cases import CASES  # noqa: E402
from bad_input_harness import run_case  # noqa: E402


def _first_line(out: str, code: int) -> str:
    """The line that says what happened: the error, the traceback's last line, or 'Results: ...'."""
    lines = [ln.strip() for ln in out.splitlines() if ln.strip()]
    if "Traceback" in out:
        return "TRACEBACK: " + next((ln for ln in reversed(lines) if not ln.startswith(("File ", "^"))), "")
    for ln in lines:
        if ln.startswith(("error:", "warning:")):
            return ln
    return next((ln for ln in reversed(lines) if "Results:" in ln or "Comparison written" in ln), lines[-1] if lines else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--subprocess", action="store_true", help="run each case in a fresh process")
    ap.add_argument("--markdown", action="store_true", help="print a markdown table")
    ap.add_argument("-k", help="only cases whose name contains this text")
    args = ap.parse_args(argv)
    cases = [c for c in CASES if not args.k or args.k in c.name]
    rows, bad = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, case in enumerate(cases):
            code, out = run_case(case, Path(tmp) / f"c{i:03d}", inprocess=not args.subprocess)
            ok = code == case.code and case.expect in out and "Traceback" not in out
            bad += not ok
            rows.append((case.name, case.code, code, "ok" if ok else "FAIL", _first_line(out, code)[:160]))
            if not args.markdown:
                print(f"{'ok  ' if ok else 'FAIL'} {code:>3} (expected {case.code}) {case.name:<38} {rows[-1][4]}", flush=True)
    if args.markdown:
        print("| case | expected | exit code | check | first line of the message |\n|---|---|---|---|---|")
        for r in rows:
            print("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    by_code: dict[int, int] = {}
    for r in rows:
        by_code[r[2]] = by_code.get(r[2], 0) + 1
    print(f"\n{len(rows)} cases; exit codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(by_code.items()))
          + f"; {len(rows) - bad} as expected, {bad} not.")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
