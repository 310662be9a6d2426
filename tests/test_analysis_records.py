"""The resume record of the uncertainty analysis (optim.analysis.records): append-only, keyed by sample index, a line
cut off by a crash is dropped (and the next line starts clean), another plan in the same folder is refused."""
from __future__ import annotations

import pytest

from optim.analysis.records import SampleLog
from optim.analysis.sample_solver import SampleRecord
from optim.data.errors import ConfigError


def test_append_resume_and_a_cut_off_line(tmp_path):
    log = SampleLog.for_run(tmp_path / "run", {"seed": 1, "samples": 4})
    assert log.folder == tmp_path / "run.resume" and log.check() == 0
    log.open()
    log.append(SampleRecord(2, 0, "optimal", npv=5.0), {"col": "a", "row": "b"})
    log.append(SampleRecord(0, 0, "infeasible", reason="TJ-024 short by 3 GW in 2025"))
    with open(log.path, "a", encoding="utf-8") as fh:  # a crash in the middle of a line
        fh.write('{"index": 3, "chain": 0, "sta')
    again = SampleLog.for_run(tmp_path / "run", {"seed": 1, "samples": 4})
    assert again.check() == 2
    again.open()  # drops the cut-off line
    again.append(SampleRecord(3, 0, "optimal", npv=7.0))
    done = again.done()
    assert sorted(done) == [0, 2, 3]
    assert done[2]["basis"] == {"col": "a", "row": "b"} and done[0]["reason"].startswith("TJ-024")
    assert done[3]["npv"] == 7.0


def test_a_record_of_another_plan_is_refused(tmp_path):
    SampleLog.for_run(tmp_path / "run", {"seed": 1}).open()
    with pytest.raises(ConfigError, match="other settings"):
        SampleLog.for_run(tmp_path / "run", {"seed": 2}).check()
