"""Two real programs on one SQLite file.

Writes take the lock up front and wait for it (bounded); reads never wait; a refused write
changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from robust_helpers import other_program_writing, small_org

from skillmatrix.core.errors import BusyError
from skillmatrix.services import people, ratings
from skillmatrix.services.database import open_database


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(tmp_path / "skills.db")
    yield database
    database.close()


def test_an_edit_waits_for_another_programs_write_and_is_stored(db) -> None:  # type: ignore[no-untyped-def]
    org = small_org(db)
    # The edit starts while the other program holds the lock; it commits a second later.
    with other_program_writing(db.path, 1.0):
        change = ratings.rate(
            db,
            cycle_id=org.cycle_id,
            person_id=org.person_ids[0],
            competency_id=org.competency_ids[0],
            level=3,
        )
    assert change.after is not None and change.after.level == 3
    stored = ratings.get_rating(
        db, cycle_id=org.cycle_id, person_id=org.person_ids[0], competency_id=org.competency_ids[0]
    )
    assert stored is not None and stored.level == 3
    assert "Team of the other program" in [t.name for t in people.list_teams(db)]


def test_a_write_that_may_not_wait_is_refused_at_once_and_changes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    org = small_org(db)
    with other_program_writing(db.path, 1.5):
        with pytest.raises(BusyError, match="locked by another program") as info, db.waiting(0):
            ratings.rate(
                db,
                cycle_id=org.cycle_id,
                person_id=org.person_ids[0],
                competency_id=org.competency_ids[0],
                level=2,
            )
        assert str(db.path) in str(info.value) and "\n" not in str(info.value)
    assert ratings.list_ratings(db, org.cycle_id) == []


def test_a_bounded_wait_gives_up_with_one_line(db) -> None:  # type: ignore[no-untyped-def]
    org = small_org(db)
    with (
        other_program_writing(db.path, 4.0),
        pytest.raises(BusyError, match="try again"),
        db.waiting(0.3),
    ):
        people.add_person(db, name="Waited too long")
    assert "Waited too long" not in [p.name for p in people.list_people(db)]
    assert len(org.person_ids) == len(people.list_people(db))


def test_reads_do_not_wait_for_a_writer(db) -> None:  # type: ignore[no-untyped-def]
    org = small_org(db)
    with other_program_writing(db.path, 2.0), db.waiting(0):
        # ORM reads (not the stdlib fast path) while the other program holds the lock.
        db.direct_reads = False
        assert len(people.list_people(db)) == len(org.person_ids)
        assert ratings.list_ratings(db, org.cycle_id) == []
        assert people.list_teams(db)
