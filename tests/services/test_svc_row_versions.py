"""Edits made from a loaded record are a compare-and-set on its version.

People, competencies, role targets and cycles, on SQLite and on a real PostgreSQL: a second
window that loaded the row before the first one saved is refused, and the first one's values
stay.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from skillmatrix.core.errors import ChangedMeanwhileError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Seniority
from skillmatrix.services import cycles, people, review
from skillmatrix.services import framework_edit as edit
from skillmatrix.services import frameworks as fw
from skillmatrix.store.database import Database

#: The refusal names the last writer from the change history (test_svc_row_conflict_writer).
STALE = r"changed by \S+ at \d\d:\d\d since you loaded it"


def test_stale_person_edit_is_refused(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", team="Core", role="Engineer")
    first, second = people.get_person(db, ann.id), people.get_person(db, ann.id)
    saved = people.update_person(
        db, ann.id, name="Ann Lee", team="Web", expected_version=first.version
    )
    assert saved.version > first.version
    with pytest.raises(ChangedMeanwhileError, match=f"person 'Ann Lee' was {STALE}"):
        people.update_person(db, ann.id, seniority="Senior", expected_version=second.version)
    stored = people.get_person(db, ann.id)
    assert (stored.name, stored.team, stored.seniority) == ("Ann Lee", "Web", Seniority.MID)
    # Loaded again, the same edit applies.
    again = people.update_person(db, ann.id, seniority="Senior", expected_version=stored.version)
    assert (again.name, again.seniority) == ("Ann Lee", Seniority.SENIOR)


def test_stale_person_delete_and_deactivate_are_refused(db: Database) -> None:
    ann = people.add_person(db, name="Ann", team="Core")
    loaded = people.get_person(db, ann.id)
    people.update_person(db, ann.id, email="ann@example.com", expected_version=loaded.version)
    with pytest.raises(ChangedMeanwhileError, match=STALE):
        people.set_active(db, ann.id, False, expected_version=loaded.version)
    with pytest.raises(ChangedMeanwhileError, match=STALE):
        people.delete_person(db, ann.id, expected_version=loaded.version)
    stored = people.get_person(db, ann.id)
    assert (stored.email, stored.active) == ("ann@example.com", True)


def test_version_moved_between_read_and_write_is_refused(db: Database) -> None:
    """The UPDATE itself compares the version read in its transaction.

    A commit that lands between that read and the UPDATE is refused (row count 0), not
    overwritten.
    """
    ann = people.add_person(db, name="Ann")
    loaded = people.get_person(db, ann.id)
    with db.session() as s:
        s.execute(text("UPDATE people SET version = version + 1 WHERE id = :i"), {"i": ann.id})
    with pytest.raises(ChangedMeanwhileError):
        people.update_person(db, ann.id, name="Bob", expected_version=loaded.version)
    assert people.get_person(db, ann.id).name == "Ann"


def test_stale_competency_edits_are_refused(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    first = fw.get_competency(db, "Testing")
    second = fw.get_competency(db, "Testing")
    edit.set_description(
        db, competency=first.id, description="Unit and e2e", expected_version=first.version
    )
    with pytest.raises(ChangedMeanwhileError, match=f"competency 'Testing' was {STALE}"):
        edit.rename_competency(
            db, competency=second.id, new_name="QA", expected_version=second.version
        )
    with pytest.raises(ChangedMeanwhileError, match=STALE):
        edit.set_critical(db, competency=second.id, critical=True, expected_version=second.version)
    # A rule lives in its own table; the competency's version still guards it.
    with pytest.raises(ChangedMeanwhileError, match=STALE):
        edit.set_rule(
            db, competency=second.id, min_people=4, min_level=2, expected_version=second.version
        )
    with pytest.raises(ChangedMeanwhileError, match=STALE):
        edit.remove_competency(db, competency=second.id, expected_version=second.version)
    stored = fw.get_competency(db, first.id)
    assert (stored.name, stored.description, stored.critical) == (
        "Testing",
        "Unit and e2e",
        first.critical,
    )
    assert stored.rule == first.rule
    renamed = edit.rename_competency(
        db, competency=first.id, new_name="QA", expected_version=stored.version
    )
    assert renamed.name == "QA"


def test_stale_target_edit_is_refused(db: Database, engineer: Framework) -> None:
    role = fw.install_framework(db, engineer)
    comp = fw.get_competency(db, "Testing")
    sen = next(iter(role.targets))
    first, second = fw.get_role(db, role.id), fw.get_role(db, role.id)
    loaded = first.target_version(sen, comp.id)
    assert loaded is not None
    edit.set_target(
        db, role=role.id, seniority=sen, competency=comp.id, level=4, expected_version=loaded
    )
    what = f"the Engineer {sen.value} target for 'Testing' was {STALE}"
    with pytest.raises(ChangedMeanwhileError, match=what):
        edit.set_target(
            db,
            role=role.id,
            seniority=sen,
            competency=comp.id,
            level=1,
            expected_version=second.target_version(sen, comp.id),
        )
    with pytest.raises(ChangedMeanwhileError, match=STALE):  # a stale removal too
        edit.set_target(
            db,
            role=role.id,
            seniority=sen,
            competency=comp.id,
            level=None,
            expected_version=second.target_version(sen, comp.id),
        )
    stored = fw.get_role(db, role.id)
    assert stored.target(sen, comp.id) == 4
    assert stored.target_version(sen, comp.id) == loaded + 1


def test_target_added_meanwhile_is_refused(db: Database, engineer: Framework) -> None:
    role = fw.install_framework(db, engineer)
    comp = fw.get_competency(db, "Testing")
    missing = next(iter(role.targets))
    edit.set_target(db, role=role.id, seniority=missing, competency=comp.id, level=None)
    edit.set_target(
        db, role=role.id, seniority=missing, competency=comp.id, level=2, expected_version=None
    )
    with pytest.raises(ChangedMeanwhileError, match=STALE):
        edit.set_target(
            db, role=role.id, seniority=missing, competency=comp.id, level=3, expected_version=None
        )  # this window saw no target there
    assert fw.get_role(db, role.id).target(missing, comp.id) == 2


def test_stale_cycle_edits_are_refused(db: Database) -> None:
    cycle = cycles.start_cycle(db, name="2026-Q1", carry_forward=False)
    first = cycles.get_cycle(db, cycle.id)
    second = cycles.get_cycle(db, cycle.id)
    review.set_due(db, cycle.id, dt.date(2026, 3, 20), expected_version=first.version)
    with pytest.raises(ChangedMeanwhileError, match=f"cycle '2026-Q1' was {STALE}"):
        review.set_due(db, cycle.id, dt.date(2026, 3, 1), expected_version=second.version)
    with pytest.raises(ChangedMeanwhileError, match=STALE):
        cycles.close_cycle(db, cycle.id, expected_version=second.version)
    stored = cycles.get_cycle(db, cycle.id)
    assert (stored.due_on, stored.closed) == (dt.date(2026, 3, 20), False)
    assert cycles.close_cycle(db, cycle.id, expected_version=stored.version).closed
