"""The report's Summary shows review progress per team (overdue people named).

Also open self/manager disagreements, and how much coverage rests on stale ratings; all
hand-computed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Source
from skillmatrix.core.trust import trusted_coverage
from skillmatrix.services import cycles, people, ratings, review
from skillmatrix.services import frameworks as fw
from skillmatrix.services.excel_export import export_report
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database


def _quarter(db: Database, engineer: Framework) -> dict[str, int]:
    """Core: Ann, Bob, Cy; Web: Dee, Eve.

    API design rated in Q1 (Ann 4, Bob 4, Dee 4, Eve 3) and carried forward twice into Q3
    (stale after 2 cycles); in Q3 the manager confirms Ann's and rates Cy's Testing 3; Eve's
    self-assessment says API design 1.
    """
    fw.install_framework(db, engineer)
    comp = {c.name: c.id for c in fw.list_competencies(db)}
    q1 = cycles.start_cycle(db, name="2026-Q1")
    ids = {
        name: people.add_person(db, name=name, team=team).id
        for name, team in (("Ann", "Core"), ("Bob", "Core"), ("Cy", "Core"), ("Dee", "Web"),
                           ("Eve", "Web"))
    }  # fmt: skip
    for name, level in (("Ann", 4), ("Bob", 4), ("Dee", 4), ("Eve", 3)):
        ratings.rate(
            db, cycle_id=q1.id, person_id=ids[name], competency_id=comp["API design"],
            level=level,
        )  # fmt: skip
    cycles.start_cycle(db, name="2026-Q2")
    q3 = cycles.start_cycle(db, name="2026-Q3")
    ratings.confirm_many(db, cycle_id=q3.id, cells=[(ids["Ann"], comp["API design"])])
    ratings.rate(db, cycle_id=q3.id, person_id=ids["Cy"], competency_id=comp["Testing"], level=3)
    ratings.rate(
        db, cycle_id=q3.id, person_id=ids["Eve"], competency_id=comp["API design"], level=1,
        source=Source.SELF,
    )  # fmt: skip
    review.set_due(db, "2026-Q3", dt.date.today() - dt.timedelta(days=1))
    return ids


def _cells(path: Path) -> list[list[Any]]:
    return [[c.value for c in row] for row in load_workbook(path)["Summary"].iter_rows()]


def test_summary_shows_review_progress_disagreements_and_stale_share(
    db: Database, engineer: Framework, tmp_path: Path
) -> None:
    _quarter(db, engineer)
    snap = load_snapshot(db)
    trust = trusted_coverage(snap, 2)
    # Hand count: 5 ratings, Bob's, Dee's and Eve's stale. API design (1 person at level 2
    # per team) is covered by 2 in each team, Testing (2 at level 2) by Cy: 5 coverers, 3
    # of them stale. Core keeps API design on Ann's fresh 4; Web's rests on stale ones only.
    assert (trust.ratings, trust.stale, trust.coverers, trust.stale_coverers) == (5, 3, 5, 3)
    assert trust.rests_on_stale == (("Web", "API design"),)

    path = export_report(db, tmp_path / "q3.xlsx")
    cells = _cells(path)
    due = dt.date.today() - dt.timedelta(days=1)
    head = next(i for i, r in enumerate(cells) if str(r[1] or "").startswith("Review progress"))
    # Ann (confirmed) and Cy (rated this cycle) are reviewed; Bob, Dee, Eve are overdue.
    assert cells[head][1] == f"Review progress: reviewed 2 of 5, due {due:%d %b %Y}"
    rows = [[v for v in r[1:] if v is not None] for r in cells[head + 2 : head + 4]]
    assert rows == [["Core", 3, "2 of 3", 1, 0], ["Web", 2, "0 of 2", 2, 1]]
    words = [v for r in cells for v in r if isinstance(v, str)]
    assert "Overdue in Core: Bob." in words and "Overdue in Web: Dee, Eve." in words
    assert any(t.startswith("3 overdue") and "1 open disagreements" in t for t in words)
    assert any(
        t.startswith("Stale ratings: 3 of 5 ratings were not confirmed in the last 2 cycles")
        and "3 of 5 covering ratings (60% of coverage)" in t
        and t.endswith("Met only thanks to them: API design (Web).")
        for t in words
    )


def test_agreeing_closes_the_disagreement_and_a_longer_window_has_nothing_stale(
    db: Database, engineer: Framework, tmp_path: Path
) -> None:
    ids = _quarter(db, engineer)
    q3 = cycles.list_cycles(db)[-1]
    review.record_step(db, cycle_id=q3.id, person_ids=[ids["Eve"]], step="agreed_on")
    cells = _cells(export_report(db, tmp_path / "q3.xlsx", stale_after=3))
    head = next(i for i, r in enumerate(cells) if str(r[1] or "").startswith("Review progress"))
    web = [v for v in cells[head + 3][1:] if v is not None]
    assert web == ["Web", 2, "1 of 2", 1, 0]  # Eve agreed: reviewed, nothing open
    words = [v for r in cells for v in r if isinstance(v, str)]
    assert "Overdue in Web: Dee." in words
    assert "No open disagreements between self-assessments and managers." in " ".join(words)
    assert any(t.startswith("Every rating was confirmed within the last 3 cycles") for t in words)
