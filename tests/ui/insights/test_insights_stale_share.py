"""The risk panel says how much coverage rests on stale ratings (hand-computed)."""

from __future__ import annotations

from pathlib import Path

from insights_data import open_view

from skillmatrix.core.frameworks import find_framework
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.store.database import Database
from skillmatrix.ui import settings


def _carried_twice(path: Path) -> Database:
    """Core: Ann 4, Bob 3, Cy 4 in API design (rule: 2 people at 3+), rated in Q1 and
    carried forward into Q3; in Q3 only Ann's is confirmed."""
    db = open_database(path)
    fw.install_framework(db, find_framework("Backend Engineer"))
    api = next(c.id for c in fw.list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1")
    ids = {n: people.add_person(db, name=n, team="Core").id for n in ("Ann", "Bob", "Cy")}
    for name, level in (("Ann", 4), ("Bob", 3), ("Cy", 4)):
        ratings.rate(db, cycle_id=q1.id, person_id=ids[name], competency_id=api, level=level)
    cycles.start_cycle(db, name="2026-Q2")
    q3 = cycles.start_cycle(db, name="2026-Q3")
    ratings.confirm_many(db, cycle_id=q3.id, cells=[(ids["Ann"], api)])
    return db


def test_risk_panel_shows_the_share_of_coverage_on_stale_ratings(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = _carried_twice(tmp_path / "stale.db")
    try:
        _ctx, view = open_view(qtbot, db, team="Core")
        text = view.risk.stale.text()
        # 3 ratings, Bob's and Cy's 2 cycles old; all 3 cover; without them 1 < 2 people.
        assert view.risk.stale.isVisibleTo(view.risk)
        assert "2 of 3 ratings were not confirmed in the last 2 cycles" in text
        assert "2 of 3 covering ratings (67% of coverage) rest on them" in text
        assert "Met only thanks to them: API design." in text
    finally:
        db.close()


def test_a_longer_stale_setting_finds_nothing_stale(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.set_stale_after(3)
    db = _carried_twice(tmp_path / "stale.db")
    try:
        _ctx, view = open_view(qtbot, db, team="Core")
        assert view.risk.stale.text().endswith(
            "Every rating was confirmed within the last 3 cycles: coverage rests on none.</span>"
        )
    finally:
        db.close()
