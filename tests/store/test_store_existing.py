"""``repo_ratings.existing``: the one-pass read equals the chunked per-person read.

The one-pass read of a whole department (raw sqlite3 on SQLite, SQLAlchemy elsewhere)
returns exactly what the chunked read returns.
"""

from __future__ import annotations

from store_helpers import populate_org

from skillmatrix.core.model import Source
from skillmatrix.store import repo_ratings
from skillmatrix.store.database import Database


def test_whole_department_read_equals_the_stored_rows(any_db: Database) -> None:
    cycle_id = populate_org(any_db, people=900, comps=4)
    with any_db.session() as s:
        stored = repo_ratings.list_ratings(s, cycle_id, Source.MANAGER)
        cells = [(r.person_id, r.competency_id) for r in stored]
        assert len({p for p, _ in cells}) > 400  # more people than one chunk: one pass
        whole = repo_ratings.existing(s, cycle_id=cycle_id, source=Source.MANAGER, cells=cells)
        # A few hundred people, a minority: the chunked path, the same rows.
        few = [c for c in cells if c[0] % 7 == 0]
        part = repo_ratings.existing(s, cycle_id=cycle_id, source=Source.MANAGER, cells=few)
    assert {cell: rating for cell, (_, rating, _) in whole.items()} == {
        (r.person_id, r.competency_id): r for r in stored
    }
    assert part == {c: whole[c] for c in few}
    assert any(r.rated_on is not None for _, r, _ in whole.values())  # dates parsed, not text
    assert all(version >= 1 for _, _, version in whole.values())


def test_cells_outside_the_request_are_left_out(any_db: Database) -> None:
    cycle_id = populate_org(any_db, people=900, comps=4)
    with any_db.session() as s:
        stored = repo_ratings.list_ratings(s, cycle_id, Source.MANAGER)
        cells = [(r.person_id, r.competency_id) for r in stored if r.competency_id % 2]
        got = repo_ratings.existing(s, cycle_id=cycle_id, source=Source.MANAGER, cells=cells)
    assert set(got) == set(cells)
