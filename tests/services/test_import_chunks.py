"""An import written in many small chunks is the same import as in one.

Chunks as in ``services.importing_ratings``: the same counts, sample and stored ratings, one
transaction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from skillmatrix.core.errors import ChangedMeanwhileError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Source
from skillmatrix.services import cycles, importing_ratings, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.excel import import_file
from skillmatrix.store import repo_ratings
from skillmatrix.store.database import Database

PEOPLE = 9


def _org(db: Database, engineer: Framework) -> tuple[int, list[str], list[str]]:
    """Nine people rated 0-4 on every competency; the open cycle's id, names, comps."""
    fw.install_framework(db, engineer)
    names = [f"Person {n:02d}" for n in range(PEOPLE)]
    ids = [people.add_person(db, name=n, team="Core", seniority="Mid").id for n in names]
    comps = fw.list_competencies(db)
    cycle = cycles.start_cycle(db, name="2026-Q2", starts_on=dt.date(2026, 4, 1))
    for k, pid in enumerate(ids):
        for j, c in enumerate(comps):
            if (k + j) % 5:  # some cells never rated: the import creates them
                ratings.rate(db, cycle_id=cycle.id, person_id=pid, competency_id=c.id, level=k % 5)
    return cycle.id, names, [c.name for c in comps]


def _sheet(path: Path, names: list[str], comps: list[str]) -> Path:
    """A sheet with every third cell changed, one n/a and one empty cell.

    The empty cell keeps what is stored; two people in it are ones the database does not
    have.
    """
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", *comps])
    for k, name in enumerate([*names, "New One", "New Two"]):
        row: list[object] = [(k + j) % 5 if (k + j) % 3 else (k + 1) % 5 for j in range(len(comps))]
        if k == 2:
            row[0] = "n/a"
        if k == 3:
            row[1] = None
        ws.append([name, *row])
    wb.save(path)
    return path


def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing_ratings, "CHUNK_PEOPLE", 2)
    monkeypatch.setattr(importing_ratings, "CHUNK_CELLS", 5)
    monkeypatch.setattr(importing_ratings, "WRITE_CHUNK", 3)


def test_many_chunks_count_sample_and_write_as_one(
    db: Database, engineer: Framework, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cycle_id, names, comps = _org(db, engineer)
    path = _sheet(tmp_path / "wide.xlsx", names, comps)
    whole = import_file(db, path, dry_run=True)
    _small_chunks(monkeypatch)
    chunked = import_file(db, path, dry_run=True)
    assert whole.ok and whole.changed and whole.created and whole.unchanged
    counts = (chunked.changed, chunked.created, chunked.unchanged)
    assert counts == (whole.changed, whole.created, whole.unchanged)
    assert chunked.sample == whole.sample

    applied = import_file(db, path)
    assert applied.applied and applied.changed == whole.changed
    stored = {
        (r.person_id, r.competency_id): r
        for r in ratings.list_ratings(db, cycle_id, Source.MANAGER)
    }
    by_name = {p.name: p.id for p in people.list_people(db)}
    by_comp = {c.name: c.id for c in fw.list_competencies(db)}
    for change in whole.sample:  # every planned change is what is stored now
        got = stored[(by_name[change.person], by_comp[change.competency])]
        assert (got.level, got.not_applicable) == (change.after.level, change.after.not_applicable)
    again = import_file(db, path, dry_run=True)  # nothing left to change
    assert (again.changed, again.created) == (0, 0)
    assert again.unchanged == whole.changed + whole.created + whole.unchanged


def test_a_refusal_in_a_later_write_batch_undoes_the_earlier_ones(
    db: Database, engineer: Framework, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal in the third write batch rolls back the batches already written.

    Another writer changed a row of that batch; an import is one transaction.
    """
    cycle_id, names, comps = _org(db, engineer)
    path = _sheet(tmp_path / "wide.xlsx", names, comps)
    before = {
        (r.person_id, r.competency_id): (r.level, r.not_applicable)
        for r in ratings.list_ratings(db, cycle_id, Source.MANAGER)
    }
    _small_chunks(monkeypatch)
    batches: list[int] = []
    write_prepared = repo_ratings.write_prepared

    def meanwhile(s, prepared):  # type: ignore[no-untyped-def]
        batches.append(len(prepared.updates))
        if len(batches) == 3 and prepared.updates:
            first = prepared.updates[0]
            row_id = first[-2] if prepared.positional else first["row_id"]
            s.execute(text("UPDATE ratings SET version = version + 1 WHERE id = :i"), {"i": row_id})
        write_prepared(s, prepared)

    monkeypatch.setattr(importing_ratings.repo_ratings, "write_prepared", meanwhile)
    with pytest.raises(ChangedMeanwhileError):
        import_file(db, path)
    assert len(batches) == 3 and batches[0] > 0
    after = {
        (r.person_id, r.competency_id): (r.level, r.not_applicable)
        for r in ratings.list_ratings(db, cycle_id, Source.MANAGER)
    }
    assert after == before
    assert {p.name for p in people.list_people(db)} == set(names)  # nobody added either


def test_a_row_changed_before_its_batch_is_read_again_is_refused(
    db: Database, engineer: Framework, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row another writer changed after the compare is refused, not overwritten.

    The write reads its batch's rows again by id (PostgreSQL reads committed rows); the
    refusal is at the version the compare read, not the one read again.
    """
    cycle_id, names, comps = _org(db, engineer)
    path = _sheet(tmp_path / "wide.xlsx", names, comps)
    _small_chunks(monkeypatch)
    writing: list[int] = []
    rows_by_id = repo_ratings.rows_by_id
    write_source = importing_ratings.write_source

    def in_write(*args, **kwargs):  # type: ignore[no-untyped-def]
        writing.append(0)
        return write_source(*args, **kwargs)

    def meanwhile(s, ids):  # type: ignore[no-untyped-def]
        if writing and ids:
            writing.append(1)
            if len(writing) == 3:  # the second batch
                s.execute(
                    text("UPDATE ratings SET version = version + 1, note = 'theirs' WHERE id = :i"),
                    {"i": ids[0]},
                )
        return rows_by_id(s, ids)

    monkeypatch.setattr(importing_ratings, "write_source", in_write)
    monkeypatch.setattr(importing_ratings.repo_ratings, "rows_by_id", meanwhile)
    with pytest.raises(ChangedMeanwhileError):
        import_file(db, path)
    assert len(writing) == 3
    notes = {r.note for r in ratings.list_ratings(db, cycle_id, Source.MANAGER)}
    assert "theirs" not in notes  # rolled back with the import
