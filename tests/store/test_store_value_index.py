"""``repo_ratings.value_index`` and ``rows_by_id``: what an import compares its cells with.

Each stored cell's packed entry must decode to its row id and the code of its level
(a level, empty, n/a), on the one-pass and the chunked read, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from store_helpers import populate_org

from skillmatrix.core.model import Rating, Source
from skillmatrix.store import repo_ratings
from skillmatrix.store.database import Database


def expected_code(r: Rating) -> int:
    if r.level is None:
        return repo_ratings.NOT_APPLICABLE if r.not_applicable else repo_ratings.EMPTY
    return repo_ratings.WHOLE_ROW if r.not_applicable else r.level


def test_every_cell_decodes_to_its_row_and_value(any_db: Database) -> None:
    cycle_id = populate_org(any_db, people=900, comps=4)
    with any_db.session() as s:
        stored = repo_ratings.list_ratings(s, cycle_id, Source.MANAGER)
        cells = [(r.person_id, r.competency_id) for r in stored]
        rows = repo_ratings.existing(s, cycle_id=cycle_id, source=Source.MANAGER, cells=cells)
        whole = repo_ratings.value_index(
            s, cycle_id=cycle_id, source=Source.MANAGER, cells=cells
        )  # 900 people: the one-pass read
        few = [c for c in cells if c[0] % 7 == 0]  # a minority: the chunked read
        part = repo_ratings.value_index(s, cycle_id=cycle_id, source=Source.MANAGER, cells=few)
    codes = {expected_code(r) for r in stored}
    assert {repo_ratings.EMPTY, repo_ratings.NOT_APPLICABLE, 0, 4} <= codes
    for r in stored:
        cell = (r.person_id, r.competency_id)
        packed = whole[repo_ratings.cell_key(cell)]
        assert repo_ratings.unpack(packed) == (rows[cell][0], expected_code(r)), cell
    assert {k: whole[k] for k in part} == part
    assert {repo_ratings.cell_key(c) for c in few} == set(part)


def test_rows_by_id_are_the_stored_rows(any_db: Database) -> None:
    cycle_id = populate_org(any_db, people=60, comps=3)
    with any_db.session() as s:
        stored = repo_ratings.list_ratings(s, cycle_id, Source.MANAGER)
        cells = [(r.person_id, r.competency_id) for r in stored]
        rows = repo_ratings.existing_rows(s, cycle_id=cycle_id, source=Source.MANAGER, cells=cells)
        wanted = {rows[c][3]: c for c in cells[::3]}
        got = repo_ratings.rows_by_id(s, [*wanted, 10**9])  # one id that does not exist
    assert set(got) == set(wanted)
    for row_id, cell in wanted.items():  # the same values (raw rows hold dates as text)
        ours = repo_ratings.stored_of(cell, got[row_id], Source.MANAGER)
        assert ours == repo_ratings.stored_of(cell, rows[cell], Source.MANAGER)


def test_people_value_index_is_the_index_of_those_people(any_db: Database) -> None:
    """One import chunk's read: the whole index's entries for its people only.

    And its competencies, when it names only a few.
    """
    cycle_id = populate_org(any_db, people=120, comps=4)
    with any_db.session() as s:
        stored = repo_ratings.list_ratings(s, cycle_id, Source.MANAGER)
        cells = [(r.person_id, r.competency_id) for r in stored]
        whole = repo_ratings.value_index(s, cycle_id=cycle_id, source=Source.MANAGER, cells=cells)
        rows = repo_ratings.existing(s, cycle_id=cycle_id, source=Source.MANAGER, cells=cells)
        people = sorted({p for p, _ in cells})[::3]
        comps = sorted({c for _, c in cells})
        chunk = repo_ratings.people_value_index(
            s, cycle_id=cycle_id, source=Source.MANAGER, people=people
        )
        narrow = repo_ratings.people_value_index(
            s, cycle_id=cycle_id, source=Source.MANAGER, people=people, competencies=comps[:1]
        )
    expected = {
        repo_ratings.cell_key(c): whole[repo_ratings.cell_key(c)] for c in cells if c[0] in people
    }
    assert expected and {k: packed for k, (packed, _) in chunk.items()} == expected
    assert {k: packed for k, (packed, _) in narrow.items()} == {
        k: v for k, v in expected.items() if k % 2**32 == comps[0]
    }
    versions = {repo_ratings.cell_key(c): row[2] for c, row in rows.items()}
    assert all(version == versions[k] for k, (_, version) in chunk.items())
