"""The rating history: every change written with it, who, old and new, which action."""

from __future__ import annotations

import datetime as dt

import pytest

from skillmatrix.core.errors import NotFoundError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.history import rating_history
from skillmatrix.services.rating_changes import Restore
from skillmatrix.store.database import Database


def test_each_change_is_recorded_with_its_action(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", email="ann@x.org").id
    api = next(c.id for c in fw.list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    first = ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=api, level=2, rated_by="mia")
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=api, level=3, rated_by="leo")
    ratings.rate(db, cycle_id=q1, person_id=ann, competency_id=api, level=3, rated_by="leo")
    ratings.restore_many(db, [Restore(q1, Source.MANAGER, ann, api, first.after)])
    q2 = cycles.start_cycle(db, name="2026-Q2").id  # carrying forward writes no history
    ratings.confirm_many(db, cycle_id=q2, cells=[(ann, api)], rated_by="mia")
    entries = rating_history(db, person="ann@x.org")
    mia, leo = (db.identity, db.identity) if db.shared else ("mia", "leo")  # a server: its login
    assert [(e.who, e.action, e.old, e.new, e.cycle) for e in entries] == [
        (mia, "confirm", "2", "2", "2026-Q2"),
        (mia, "undo", "3", "2", "2026-Q1"),
        (leo, "rate", "2", "3", "2026-Q1"),
        (mia, "rate", "not rated", "2", "2026-Q1"),
    ]  # the repeated 3 changed nothing and is not listed
    assert rating_history(db, competency="api design", limit=1)[0].action == "confirm"
    assert rating_history(db, since=dt.date.today() + dt.timedelta(days=1)) == []
    with pytest.raises(NotFoundError):
        rating_history(db, competency="Cobol")


def test_notes_interest_and_deletion_read_clearly(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    bob = people.add_person(db, name="Bob").id
    api = fw.list_competencies(db)[0].id
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    ratings.rate(
        db, cycle_id=q1, person_id=bob, competency_id=api, not_applicable=True, note="not his area"
    )
    ratings.rate(
        db,
        cycle_id=q1,
        person_id=bob,
        competency_id=api,
        not_applicable=False,
        note="",
        interest=None,
    )
    latest, first = rating_history(db, person="Bob")
    assert (first.old, first.new) == ("not rated, no note", "n/a, note 'not his area'")
    assert (latest.old, latest.new) == ("n/a, note 'not his area'", "not rated, no note")
    people.delete_person(db, bob)
    assert rating_history(db) == []  # a person's history leaves with them
