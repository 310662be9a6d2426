"""The complete LP can be written with names and read back by HiGHS alone (issue 13: one LP behind one seam)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.mark.parametrize("fmt", ["mps", "lp"])
def test_written_model_solves_to_the_same_optimum(tmp_path, fmt):
    """`run.write_model=mps|lp` writes model.<fmt> into the run folder; highspy alone reads it and reaches the
    run's objective (manifest.json) to 1e-6, and the rows and columns carry the model's names (the LP format
    writes x(TJ_2,1) for x[TJ-2,1]; the two rows of a ranged constraint end in _lo and _up)."""
    import highspy

    proc = subprocess.run([sys.executable, "-m", "optim", "years.end=2025", "run.report=false", f"run.write_model={fmt}",
                           f"run.results_dir={tmp_path}", "run.name=w"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    path = tmp_path / "w" / f"model.{fmt}"
    assert path.stat().st_size > 100_000
    objective = json.loads((tmp_path / "w" / "manifest.json").read_text())["objective_mcny"]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(path))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert h.getInfo().objective_function_value == pytest.approx(objective, rel=1e-6)
    text = path.read_text(errors="replace")
    for name in ("balance[2025,", "target[TJ-002,2025,ge]", "history[electricity_consumption,2021]_lo", "gen[coal_usc,2025,"):
        name = name.replace("[", "(").replace("]", ")").replace("-", "_") if fmt == "lp" else name
        assert name in text, name
