"""Issue 17's writes and reads.

The stored leave calendar (one transaction per action, CSV import all-or-nothing), the
calibration's agreed values (one transaction with history), and the departure risk that
reads the stored calendar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from skillmatrix.core.errors import NotFoundError, ReadOnlyError, ValidationError
from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.core.risk import Leave
from skillmatrix.services import cycles, leaves, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.calibration import record_agreed
from skillmatrix.services.rating_changes import Restore
from skillmatrix.services.risk import departure_risk
from skillmatrix.store import models

MONDAY = dt.date(2027, 1, 4)


def _org(db):
    """Core: Ann 4 and Bob 3 in API (rule 2 at >=3), Ann 3 in SQL (rule 1 at >=3)."""
    spec = [
        CompetencySpec(name=n, category="Tech", description="", rule=CoverageRule(k, 3), targets={})
        for n, k in (("API", 2), ("SQL", 1))
    ]
    fw.install_framework(db, Framework(name="Eng", description="", competencies=tuple(spec)))
    q = cycles.start_cycle(db, name="2027-Q1")
    comps = {c.name: c.id for c in fw.list_competencies(db)}
    who = {}
    for name, levels in (("Ann", {"API": 4, "SQL": 3}), ("Bob", {"API": 3})):
        pid = people.add_person(db, name=name, team="Core", seniority=Seniority.MID).id
        who[name] = pid
        for comp, level in levels.items():
            ratings.rate(
                db,
                cycle_id=q.id,
                person_id=pid,
                competency_id=comps[comp],
                level=level,
                rated_by="lee",
            )
    return q, comps, who


def _history(db) -> list[tuple[str, str, int | None, int | None]]:
    with db.session() as s:
        rows = s.scalars(select(models.RatingHistory).order_by(models.RatingHistory.id))
        return [(r.action, r.who, r.old_level, r.new_level) for r in rows]


def test_leaves_are_stored_listed_and_removed(db) -> None:
    _q, _c, who = _org(db)
    first = leaves.add_leave(
        db,
        person_id=who["Bob"],
        start=MONDAY,
        end=MONDAY + dt.timedelta(days=9),
        kind="  parental   leave ",
    )
    leaves.add_leave(
        db,
        person_id=who["Ann"],
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 2, 1),
        kind="sabbatical",
    )
    assert first.id is not None and first.reason == "parental leave"
    assert [lv.person_id for lv in leaves.list_leaves(db)] == [who["Ann"], who["Bob"]]
    assert [lv.id for lv in leaves.list_leaves(db, ending_after=MONDAY)] == [first.id]
    taken = leaves.remove_leaves(db, [first.id])
    assert taken == [first]
    leaves.add_leaves(db, taken)  # the undo puts it back under its id
    assert first in leaves.list_leaves(db)


def test_a_leave_that_ends_before_it_starts_or_names_nobody_is_refused(db) -> None:
    _org(db)
    with pytest.raises(ValidationError, match=r"ends .* before it starts"):
        leaves.add_leave(
            db, person_id=1, start=MONDAY, end=MONDAY - dt.timedelta(days=1), kind="sabbatical"
        )
    with pytest.raises(NotFoundError):
        leaves.add_leave(db, person_id=999, start=MONDAY, end=MONDAY, kind="sabbatical")
    assert leaves.list_leaves(db) == []


def test_csv_import_is_all_or_nothing(db, tmp_path: Path) -> None:
    _q, _c, who = _org(db)
    good = tmp_path / "leave.csv"
    good.write_text(
        "Person,From,To,Kind\nAnn,2027-01-04,2027-01-15,notice period\n"
        "bob,11/01/2027,12/01/2027,sabbatical\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("person,from,to\nAnn,2027-01-04,2027-01-15\nZed,2027-01-04,2027-01-15\n")
    with pytest.raises(ValidationError, match=r"bad\.csv row 3: no person named 'Zed'"):
        leaves.import_leaves(db, bad)
    assert leaves.list_leaves(db) == []  # the good first row was not stored either
    stored = leaves.import_leaves(db, good)
    assert [(lv.person_id, lv.start, lv.end, lv.reason) for lv in stored] == [
        (who["Ann"], MONDAY, dt.date(2027, 1, 15), "notice period"),
        (who["Bob"], dt.date(2027, 1, 11), dt.date(2027, 1, 12), "sabbatical"),
    ]


def test_departure_risk_projects_the_stored_calendar(db) -> None:
    _q, _c, who = _org(db)
    _snap, plain = departure_risk(db, today=MONDAY)
    assert "calendar" not in plain  # nothing stored: no projection
    leaves.add_leave(
        db,
        person_id=who["Bob"],
        start=dt.date(2027, 1, 13),
        end=dt.date(2027, 1, 20),
        kind="sabbatical",
    )
    _snap, data = departure_risk(db, team="Core", today=MONDAY, weeks=4)
    weeks = [(w["week_of"], w["away"], w["broken"]) for w in data["calendar"]]
    # API needs 2 at >=3: Bob away in the weeks of 11 and 18 January breaks it.
    assert weeks == [
        ("2027-01-04", [], []),
        ("2027-01-11", ["Bob"], ["API"]),
        ("2027-01-18", ["Bob"], ["API"]),
        ("2027-01-25", [], []),
    ]
    assert data["worst_pair"]["people"] == ["Ann", "Bob"]


def test_agreed_values_are_one_transaction_with_history(db) -> None:
    q, comps, who = _org(db)
    before = _history(db)
    changes = record_agreed(
        db,
        cycle_id=q.id,
        who="calibration meeting",
        values=[
            (who["Ann"], comps["API"], 3),
            (who["Bob"], comps["API"], 3),
            (who["Bob"], comps["SQL"], 2),
        ],
    )
    assert [c.changed for c in changes] == [True, False, True]  # Bob's API was already 3
    # On a shared database the history names the login, whatever the client sends.
    author = "calibration meeting" if db.path is not None else db.identity
    assert _history(db)[len(before) :] == [
        ("calibration", author, 4, 3),
        ("calibration", author, None, 2),
    ]
    stored = ratings.get_rating(db, cycle_id=q.id, person_id=who["Ann"], competency_id=comps["API"])
    assert stored.level == 3 and stored.rated_by == author
    # the undo the Insights view pushes puts every cell back in one transaction
    ratings.restore_many(
        db,
        [
            Restore(c.cycle_id, c.source, c.person_id, c.competency_id, c.before)
            for c in changes
            if c.changed
        ],
    )
    again = ratings.get_rating(db, cycle_id=q.id, person_id=who["Ann"], competency_id=comps["API"])
    assert again.level == 4 and again.rated_by == ("lee" if db.path is not None else db.identity)


def test_agreed_values_outside_the_scale_store_nothing(db) -> None:
    q, comps, who = _org(db)
    before = _history(db)
    with pytest.raises(ValidationError, match="outside the scale"):
        record_agreed(
            db,
            cycle_id=q.id,
            who="me",
            values=[(who["Ann"], comps["API"], 3), (who["Bob"], comps["API"], 9)],
        )
    with pytest.raises(NotFoundError):
        record_agreed(
            db,
            cycle_id=q.id,
            who="me",
            values=[(who["Ann"], comps["API"], 3), (999, comps["API"], 2)],
        )
    assert _history(db) == before
    assert (
        ratings.get_rating(
            db, cycle_id=q.id, person_id=who["Ann"], competency_id=comps["API"]
        ).level
        == 4
    )


def test_agreed_values_in_a_closed_cycle_are_refused(db) -> None:
    q, comps, who = _org(db)
    cycles.close_cycle(db, q.id)
    with pytest.raises(ReadOnlyError):
        record_agreed(db, cycle_id=q.id, who="me", values=[(who["Ann"], comps["API"], 3)])


def test_leave_rows_go_with_their_person(db) -> None:
    _q, _c, who = _org(db)
    leaves.add_leaves(db, [Leave(who["Bob"], MONDAY, MONDAY, "sabbatical")])
    people.delete_person(db, who["Bob"])
    assert leaves.list_leaves(db) == []
