"""Fixtures for the report tests: synthetic snapshots and an exported report."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from report_factories import make_snapshot

from skillmatrix.core.snapshot import Snapshot

EVIL = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTab", "\rCR", "#N/A", '=HYPERLINK("x")']


@pytest.fixture
def snap() -> Snapshot:
    return make_snapshot(12, 10)


@pytest.fixture
def previous() -> Snapshot:
    return make_snapshot(12, 10, seed=5, cycle="2024 Q2", cycle_id=1)


@pytest.fixture
def report(tmp_path: Path, snap: Snapshot, previous: Snapshot) -> Path:
    from skillmatrix.reports import write_report

    path = tmp_path / "report.xlsx"
    write_report(
        path, snap, previous=previous, history=[previous], generated_on=dt.date(2024, 10, 1)
    )
    return path
