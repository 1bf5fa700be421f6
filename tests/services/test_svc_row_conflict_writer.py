"""A refused edit of a person, competency, role target or cycle names who changed the row.

And when, like a rating's ("changed by bob at 14:05 since you loaded it"), on SQLite and on
a real PostgreSQL; the name comes from the change history, and only a row without any
history falls back to "changed by another user".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from skillmatrix.core.errors import ChangedMeanwhileError
from skillmatrix.core.frameworks import Framework
from skillmatrix.services import cycles, people, review
from skillmatrix.services import framework_edit as edit
from skillmatrix.services import frameworks as fw
from skillmatrix.services.server import grant_login
from skillmatrix.store.database import Database

CHANGED_BY = re.compile(r"was changed by (\S+) at (\d\d:\d\d) since you loaded it")
BOB = "w24_bob"


@pytest.fixture
def bob(
    db: Database, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Database]:
    """A second user of the same database.

    Login ``w24_bob`` on PostgreSQL, the operating-system user ``w24_bob`` on SQLite.
    """
    assert db.identity != BOB  # (the first user's name is fixed before bob appears)
    if db.shared:
        url = db.url.render_as_string(hide_password=False)
        grant_login(url, BOB, admin=True)
        other = Database(request.getfixturevalue("pg_server").login_url(url, BOB))
    else:
        monkeypatch.setenv("LOGNAME", BOB)
        assert db.path is not None
        other = Database(db.path)
    assert other.identity == BOB
    yield other
    other.close()


def _named(exc: pytest.ExceptionInfo[ChangedMeanwhileError], what: str) -> None:
    message = str(exc.value)
    assert what in message, message
    found = CHANGED_BY.search(message)
    assert found is not None, message
    assert found.group(1) == BOB, message  # at HH:MM: the time is today's, local


def test_a_stale_person_edit_names_who_changed_it(db: Database, bob: Database) -> None:
    ann = people.add_person(db, name="Ann", team="Core")
    loaded = people.get_person(db, ann.id)
    people.update_person(bob, ann.id, email="ann@example.com", expected_version=loaded.version)
    with pytest.raises(ChangedMeanwhileError) as exc:
        people.update_person(db, ann.id, team="Web", expected_version=loaded.version)
    _named(exc, "person 'Ann'")
    with pytest.raises(ChangedMeanwhileError) as exc:
        people.delete_person(db, ann.id, expected_version=loaded.version)
    _named(exc, "person 'Ann'")
    assert people.get_person(db, ann.id).team == "Core"


def test_a_stale_competency_edit_names_who_changed_it(
    db: Database, bob: Database, engineer: Framework
) -> None:
    fw.install_framework(db, engineer)
    loaded = fw.get_competency(db, "Testing")
    edit.set_description(
        bob, competency=loaded.id, description="Unit and e2e", expected_version=loaded.version
    )
    with pytest.raises(ChangedMeanwhileError) as exc:
        edit.rename_competency(
            db, competency=loaded.id, new_name="QA", expected_version=loaded.version
        )
    _named(exc, "competency 'Testing'")


def test_a_stale_target_edit_names_who_changed_it(
    db: Database, bob: Database, engineer: Framework
) -> None:
    role = fw.install_framework(db, engineer)
    comp = fw.get_competency(db, "Testing")
    sen = next(iter(role.targets))
    loaded = fw.get_role(db, role.id).target_version(sen, comp.id)
    edit.set_target(
        bob, role=role.id, seniority=sen, competency=comp.id, level=4, expected_version=loaded
    )
    with pytest.raises(ChangedMeanwhileError) as exc:
        edit.set_target(
            db, role=role.id, seniority=sen, competency=comp.id, level=1, expected_version=loaded
        )
    _named(exc, f"the Engineer {sen.value} target for 'Testing'")
    # A target added meanwhile where this window saw none: its adder is named too.
    edit.set_target(db, role=role.id, seniority=sen, competency=comp.id, level=None)
    edit.set_target(
        bob, role=role.id, seniority=sen, competency=comp.id, level=2, expected_version=None
    )
    with pytest.raises(ChangedMeanwhileError) as exc:
        edit.set_target(
            db, role=role.id, seniority=sen, competency=comp.id, level=3, expected_version=None
        )
    _named(exc, "target for 'Testing'")


def test_a_stale_cycle_edit_names_who_changed_it(db: Database, bob: Database) -> None:
    cycle = cycles.start_cycle(db, name="2026-Q1", carry_forward=False)
    loaded = cycles.get_cycle(db, cycle.id)
    review.set_due(bob, cycle.id, dt.date(2026, 3, 20), expected_version=loaded.version)
    with pytest.raises(ChangedMeanwhileError) as exc:
        cycles.close_cycle(db, cycle.id, expected_version=loaded.version)
    _named(exc, "cycle '2026-Q1'")
    assert not cycles.get_cycle(db, cycle.id).closed


def test_a_row_without_history_falls_back_to_another_user(db: Database) -> None:
    old = people.add_person(db, name="Old")
    with db.session() as s:  # (a row from before the history, or changed by a script)
        s.execute(text("DELETE FROM change_history"))
        s.execute(text("UPDATE people SET version = version + 1 WHERE id = :i"), {"i": old.id})
    with pytest.raises(ChangedMeanwhileError, match="changed by another user since you loaded"):
        people.update_person(db, old.id, email="o@example.com", expected_version=old.version)


def test_a_write_committed_between_read_and_flush_names_its_writer(
    db: Database, bob: Database
) -> None:
    """A write committed between read and flush is refused naming its writer.

    PostgreSQL (read committed): bob commits after this transaction read the row and before
    its UPDATE; the UPDATE's compare-and-set misses and the refusal names bob. (SQLite's
    write transactions take the lock first, so this cannot happen there.)
    """
    if not db.shared:
        pytest.skip("SQLite write transactions lock before they read")
    ann = people.add_person(db, name="Ann", team="Core")
    fired: list[bool] = []

    def bob_writes_first(session: Session, *_: object) -> None:
        if not fired:
            fired.append(True)
            people.update_person(bob, ann.id, email="bob@example.com")

    event.listen(Session, "before_flush", bob_writes_first)
    try:
        with pytest.raises(ChangedMeanwhileError) as exc:
            people.update_person(db, ann.id, team="Web")
    finally:
        event.remove(Session, "before_flush", bob_writes_first)
    assert fired
    _named(exc, "person 'Ann'")
    stored = people.get_person(db, ann.id)
    assert (stored.team, stored.email) == ("Core", "bob@example.com")
