"""Bulk loads on PostgreSQL (the session's real server).

The demo's foreign keys are checked once after its COPY, and still hold.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.services.database import open_database
from skillmatrix.services.demo import create_demo
from skillmatrix.store import bulk
from skillmatrix.store.database import Database

KEYS = (
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE conrelid = 'ratings'::regclass AND contype = 'f' ORDER BY conname"
)


def _keys(db: Database) -> list[tuple[str, str]]:
    with db.reading() as s:
        return [tuple(r) for r in s.execute(text(KEYS))]  # type: ignore[misc]


def test_the_demo_keeps_every_foreign_key_of_the_ratings(pg_url: str) -> None:
    with open_database(pg_url) as db:
        before = _keys(db)
        assert len(before) >= 4  # cycle, person, competency, scale level
        result = create_demo(db, people=30, teams=3, cycles=2)
        assert result is not None and result.ratings > 0
        assert _keys(db) == before
        with pytest.raises(SkillMatrixError), db.session() as s:  # they are enforced again
            s.execute(
                text(
                    "INSERT INTO ratings (cycle_id, person_id, competency_id, source, level, "
                    "not_applicable, note, rated_by) "
                    "VALUES (1, 999999, 1, 'manager', 1, false, '', '')"
                )
            )


def test_a_broken_reference_in_the_block_fails_the_whole_load(pg_url: str) -> None:
    with open_database(pg_url) as db:
        before = _keys(db)
        with (
            pytest.raises(SkillMatrixError),
            db.session() as s,
            bulk.foreign_keys_checked_after(s, bulk.RATINGS),
        ):
            assert not s.execute(text(KEYS)).all()  # dropped for the block
            s.execute(
                text(
                    "INSERT INTO ratings (cycle_id, person_id, competency_id, source, "
                    "level, not_applicable, note, rated_by) "
                    "VALUES (424242, 999999, 1, 'manager', 1, false, '', '')"
                )
            )
        assert _keys(db) == before  # rolled back: keys and rows as they were
        with db.reading() as s:
            assert s.execute(text("SELECT count(*) FROM ratings")).scalar() == 0


def test_a_manager_loads_with_the_keys_in_place(pg_server, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    """Not the table's owner: nothing is dropped (a manager may not alter the table)."""
    from skillmatrix.services.server import grant_login

    with open_database(pg_url) as admin, admin.session() as s:
        s.execute(text("INSERT INTO teams (name) VALUES ('Red')"))
    grant_login(pg_url, "h15b_bulk_mgr", teams=["Red"])
    with (
        open_database(pg_server.login_url(pg_url, "h15b_bulk_mgr")) as db,
        db.session() as s,
        bulk.foreign_keys_checked_after(s, bulk.RATINGS),
    ):
        assert len(s.execute(text(KEYS)).all()) >= 4


# -- a cycle carried forward: the keys checked once for the set, without a table lock ---------

ROLE = "SELECT current_setting('session_replication_role')"


def _org_with_a_cycle(url: str) -> tuple[int, int]:
    """A 6-person organisation with one rated cycle: (its id, its rating count)."""
    from skillmatrix.services import cycles

    with open_database(url) as db:
        create_demo(db, people=6, teams=2, cycles=1)
        latest = cycles.latest_cycle(db)
        assert latest is not None
        with db.reading() as s:
            count = s.execute(
                text("SELECT count(*) FROM ratings WHERE cycle_id = :c"), {"c": latest.id}
            ).scalar()
        return latest.id, int(count or 0)


def test_a_carried_cycle_checks_its_keys_once_and_restores_the_triggers(pg_url: str) -> None:
    from skillmatrix.store import repo_ratings

    cycle, count = _org_with_a_cycle(pg_url)
    assert count > 0
    with open_database(pg_url) as db, pytest.raises(SkillMatrixError), db.session() as s:
        new = s.execute(
            text(
                "INSERT INTO cycles (name, closed, created_at) VALUES ('Next', false, now()) "
                "RETURNING id"
            )
        ).scalar()
        with bulk.foreign_keys_checked_once(s, bulk.RATINGS, {"cycle_id": new}) as fast:
            assert fast  # the session's server runs the tests as a superuser
            assert s.execute(text(ROLE)).scalar() == "replica"
        assert s.execute(text(ROLE)).scalar() == "origin"  # right after the block
        assert repo_ratings.carry_forward(s, from_cycle=cycle, to_cycle=new) == count
        # The per-row key checks are on again for the rest of the transaction.
        s.execute(
            text(
                "INSERT INTO ratings (cycle_id, person_id, competency_id, source, level, "
                "not_applicable, note, rated_by) "
                "VALUES (:c, 999999, 1, 'manager', 1, false, '', '')"
            ),
            {"c": new},
        )


def test_a_reference_missing_after_the_copy_fails_the_transaction(pg_url: str) -> None:
    """What PostgreSQL's per-row check would refuse, the set check refuses: nothing stays."""
    from skillmatrix.core.errors import ChangedMeanwhileError

    cycle, _count = _org_with_a_cycle(pg_url)
    with open_database(pg_url) as db:
        with (
            pytest.raises(ChangedMeanwhileError, match="1 people row"),
            db.session() as s,
            bulk.foreign_keys_checked_once(s, bulk.RATINGS, {"cycle_id": cycle}),
        ):
            s.execute(
                text(
                    "INSERT INTO ratings (cycle_id, person_id, competency_id, source, "
                    "level, not_applicable, note, rated_by) "
                    "SELECT :c, 999999, min(id), 'manager', 1, false, '', '' "
                    "FROM competencies"
                ),
                {"c": cycle},
            )
        with db.reading() as s:
            assert not s.execute(text("SELECT 1 FROM ratings WHERE person_id = 999999")).all()


def test_a_person_carried_forward_cannot_be_deleted_until_commit(pg_url: str) -> None:
    """The set check locks what it found, as the per-row checks do.

    A concurrent delete of a carried person waits for the cycle start (here: gives up at its
    lock timeout).
    """
    import psycopg

    from skillmatrix.store import repo_ratings

    cycle, _count = _org_with_a_cycle(pg_url)
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with open_database(pg_url) as db, db.session() as s:
        new = s.execute(
            text(
                "INSERT INTO cycles (name, closed, created_at) VALUES ('Next', false, now()) "
                "RETURNING id"
            )
        ).scalar()
        repo_ratings.carry_forward(s, from_cycle=cycle, to_cycle=new)
        person = s.execute(text("SELECT min(person_id) FROM ratings")).scalar()
        with psycopg.connect(dsn, autocommit=True) as other:
            other.execute("SET lock_timeout = '300ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("DELETE FROM people WHERE id = %s", (person,))
        s.rollback()


def test_admins_may_skip_the_per_row_checks_and_managers_not(pg_server, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    """``server init`` (run by a superuser) lets the admin group set the parameter."""
    from skillmatrix.services.server import grant_login

    with open_database(pg_url) as admin, admin.session() as s:
        s.execute(text("INSERT INTO teams (name) VALUES ('Red')"))
    grant_login(pg_url, "w28_bulk_admin", admin=True)
    grant_login(pg_url, "w28_bulk_mgr", teams=["Red"])
    for login, allowed in (("w28_bulk_admin", True), ("w28_bulk_mgr", False)):
        with (
            open_database(pg_server.login_url(pg_url, login)) as db,
            db.session() as s,
            bulk.foreign_keys_checked_once(s, bulk.RATINGS, {"cycle_id": 0}) as fast,
        ):
            assert fast is allowed, login
            assert s.execute(text(ROLE)).scalar() == ("replica" if allowed else "origin")


# -- a big write's history goes in by COPY where no row-level security applies --------------


@pytest.mark.parametrize("login", ["postgres", "w28_hist_admin", "w28_hist_mgr"])
def test_a_big_writes_history_is_complete_for_every_login(
    pg_server, pg_url: str, login: str
) -> None:  # type: ignore[no-untyped-def]
    """A big write's history is complete for every login, each row naming the login.

    600 cells in one write: admins' history rows go in by COPY, a manager's by INSERT
    (PostgreSQL refuses COPY FROM under row-level security).
    """
    from skillmatrix.services import cycles
    from skillmatrix.services.ratings import rate_many
    from skillmatrix.services.server import grant_login
    from skillmatrix.store import repo_ratings

    with open_database(pg_url) as db:
        create_demo(db, people=15, teams=1, cycles=1)
        with db.reading() as s:
            team = s.execute(text("SELECT name FROM teams")).scalar()
            people = [r[0] for r in s.execute(text("SELECT id FROM people ORDER BY id"))]
            comps = [r[0] for r in s.execute(text("SELECT id FROM competencies ORDER BY id"))]
    if login == "w28_hist_admin":
        grant_login(pg_url, login, admin=True)
    elif login == "w28_hist_mgr":
        grant_login(pg_url, login, teams=[str(team)])
    cells = [(p, c) for p in people for c in comps][:600]
    assert len(cells) >= repo_ratings.HISTORY_COPY_ROWS
    with open_database(pg_server.login_url(pg_url, login)) as db:
        cycle = cycles.latest_cycle(db)
        assert cycle is not None
        with db.reading() as s:
            before = s.execute(text("SELECT count(*) FROM rating_history")).scalar() or 0
        changed = [
            c
            for c in rate_many(db, cycle_id=cycle.id, cells=cells, level=None, not_applicable=True)
            if c.changed
        ]
        with db.reading() as s:
            rows = s.execute(text("SELECT who, count(*) FROM rating_history GROUP BY who")).all()
            after = s.execute(text("SELECT count(*) FROM rating_history")).scalar()
    assert len(changed) > repo_ratings.HISTORY_COPY_ROWS
    assert after == before + len(changed)
    assert dict(rows)[login] == len(changed)


# -- a big write's updates: one UPDATE ... FROM a COPY-filled table, still compare-and-set --


def _rated(url: str, people: int = 25) -> tuple[int, str, list[tuple[int, int]]]:
    """An organisation whose latest cycle has 600+ manager ratings: (cycle, team, cells)."""
    from skillmatrix.services import cycles

    with open_database(url) as db:
        create_demo(db, people=people, teams=1, cycles=1)
        latest = cycles.latest_cycle(db)
        assert latest is not None
        with db.reading() as s:
            team = str(s.execute(text("SELECT name FROM teams")).scalar())
            cells = [
                (int(p), int(c))
                for p, c in s.execute(
                    text(
                        "SELECT person_id, competency_id FROM ratings WHERE cycle_id = :c "
                        "AND source = 'manager' ORDER BY person_id, competency_id"
                    ),
                    {"c": latest.id},
                )
            ]
    return latest.id, team, cells


@pytest.mark.parametrize("login", ["w28_upd_admin", "w28_upd_mgr"])
def test_a_big_update_reaches_every_row_once(pg_server, pg_url: str, login: str) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.services.ratings import rate_many
    from skillmatrix.services.server import grant_login
    from skillmatrix.store import repo_ratings

    cycle, team, cells = _rated(pg_url)
    assert len(cells) >= repo_ratings.BULK_UPDATE_ROWS
    if login.endswith("admin"):
        grant_login(pg_url, login, admin=True)
    else:
        grant_login(pg_url, login, teams=[team])
    with open_database(pg_server.login_url(pg_url, login)) as db:
        changes = rate_many(db, cycle_id=cycle, cells=cells, note="reviewed in bulk")
        assert sum(c.changed for c in changes) == len(cells)
        with db.reading() as s:
            rows = s.execute(
                text(
                    "SELECT note, version, count(*) FROM ratings WHERE cycle_id = :c "
                    "AND source = 'manager' GROUP BY note, version"
                ),
                {"c": cycle},
            ).all()
    assert rows == [("reviewed in bulk", 2, len(cells))]  # each row once, its version bumped


def test_a_big_update_with_one_stale_row_changes_nothing(pg_url: str) -> None:
    """The row count still guards the set.

    One row changed by another connection after it was read refuses the whole write, naming
    that cell.
    """
    from dataclasses import replace

    from skillmatrix.core.errors import ChangedMeanwhileError
    from skillmatrix.core.model import Source
    from skillmatrix.services.ratings import rate
    from skillmatrix.store import repo_ratings

    cycle, _team, cells = _rated(pg_url)
    assert len(cells) >= repo_ratings.BULK_UPDATE_ROWS
    with open_database(pg_url) as db, open_database(pg_url) as other:
        with db.reading() as s:
            current = repo_ratings.existing(s, cycle_id=cycle, source=Source.MANAGER, cells=cells)
        stale = cells[len(cells) // 2]
        rate(other, cycle_id=cycle, person_id=stale[0], competency_id=stale[1], note="other")
        new = [(cell, replace(current[cell][1], note="mine")) for cell in cells]
        with pytest.raises(ChangedMeanwhileError) as refused, db.session() as s:
            repo_ratings.write(s, cycle_id=cycle, source=Source.MANAGER, new=new, current=current)
        assert refused.value.cells and refused.value.cells[0][2:] == stale
        with db.reading() as s:
            notes = dict(
                s.execute(
                    text("SELECT note, count(*) FROM ratings WHERE cycle_id = :c GROUP BY note"),
                    {"c": cycle},
                ).all()
            )
    assert "mine" not in notes and notes["other"] == 1
