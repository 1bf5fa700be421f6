"""Fixtures for the Reports view and import wizard tests: a small real organisation."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from reports_ui_support import PEOPLE, Org, save_rows

from skillmatrix.core.frameworks import find_framework
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database


@pytest.fixture
def org(tmp_path: Path) -> Iterator[Org]:
    db = open_database(tmp_path / "org.db")
    fw.install_framework(db, find_framework("Backend Engineer"))
    ids = {
        name: people.add_person(
            db, name=name, email=email, team=team, role="Backend Engineer", seniority=sen
        ).id
        for name, email, team, sen in PEOPLE
    }
    comps = {c.name: c.id for c in fw.list_competencies(db)}
    first = cycles.start_cycle(db, name="2026-Q3", starts_on=dt.date(2026, 7, 1))
    for k, pid in enumerate(ids.values()):
        cells = [(pid, comps[c]) for c in ("API design", "Code review", "Communication")]
        ratings.rate_many(db, cycle_id=first.id, cells=cells, level=1 + k % 3)
    second = cycles.start_cycle(db, name="2026-Q4", starts_on=dt.date(2026, 10, 1))
    ratings.rate(
        db, cycle_id=second.id, person_id=ids["Ann Lee"], competency_id=comps["API design"], level=3
    )
    yield Org(db, second, ids, comps)
    db.close()


@pytest.fixture
def ctx(org: Org, qtbot):  # type: ignore[no-untyped-def]
    """An AppContext on ``org`` whose change signals are recorded in ``org.signals``."""
    from skillmatrix.ui.context import AppContext

    context = AppContext(org.db)
    context.set_cycle(org.cycle)
    for name in ("peopleChanged", "frameworkChanged", "cyclesChanged", "ratingsChanged"):
        getattr(context, name).connect(lambda *_a, n=name: org.signals.append(n))
    context.saved.connect(lambda text: org.signals.append(f"saved: {text}"))
    return context


@pytest.fixture
def wide_file(tmp_path: Path) -> Path:
    """A hand-made wide matrix: a title block above the header, Email and extra columns."""
    return save_rows(
        tmp_path / "payments.xlsx",
        [
            ["Payments team skills, Q4"],
            ["Levels: 0 None, 1 Awareness, 2 Working, 3 Proficient, 4 Expert"],
            [],
            ["Name", "Email", "Team", "api design", "Code Review", "Communication", "Docs",
             "Availability"],
            ["Ann Lee", "ann@x.org", "Payments", 4, 2, 3, 2, "80%"],
            ["Bob Stone", "bob@x.org", "Payments", 2, "Proficient", 1, 1, "100%"],
            ["Eve Park", "eve@x.org", "Payments", 1, None, 2, 3, "50%"],
        ],
    )  # fmt: skip
