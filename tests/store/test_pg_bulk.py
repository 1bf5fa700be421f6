"""Bulk loads on PostgreSQL: the demo's foreign keys are checked once after its COPY, and
still hold (the session's real server)."""

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
