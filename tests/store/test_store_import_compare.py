"""A wide import compared with what is stored, cell by cell, on both reads and back ends.

One pass over the cycle for most of the organisation, chunked for a few people.

Stored ratings carry interests, notes and n/a marks (``populate_org``); a wide sheet
gives only levels, so an unchanged level must stay unchanged and a changed one must keep
the interest and note it had. Expected counts are worked out here from the stored rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from store_helpers import populate_org

from skillmatrix.core.model import Rating, Source
from skillmatrix.services.excel import import_file
from skillmatrix.store import repo_people, repo_ratings
from skillmatrix.store.database import Database
from skillmatrix.store.repo_competencies import list_competencies


def cell_value(r: Rating | None, shift: bool) -> object:
    """What the sheet says for a stored rating.

    Its level (one up when ``shift``), n/a, or a level where nothing was stored.
    """
    if r is None:
        return 2
    if r.not_applicable and r.level is None:
        return 1 if shift else "n/a"
    if r.level is None:
        return None  # left empty: keeps what is stored
    return (r.level + 1) % 5 if shift else r.level


@pytest.mark.parametrize("people", [450, 60], ids=["one-pass", "chunked"])
def test_wide_import_compares_each_cell_with_its_stored_row(
    any_db: Database, tmp_path: Path, people: int
) -> None:
    cycle_id = populate_org(any_db, people=people, comps=5)
    with any_db.session() as s:
        staff = repo_people.list_people(s, include_inactive=True)
        comps = list_competencies(s)
        before = {
            (r.person_id, r.competency_id): r
            for r in repo_ratings.list_ratings(s, cycle_id, Source.MANAGER)
        }
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", *[c.name for c in comps]])
    expect = {"changed": 0, "unchanged": 0, "created": 0}
    for i, p in enumerate(staff):
        row: list[object] = [p.name]
        for j, c in enumerate(comps):
            stored = before.get((p.id, c.id))
            value = cell_value(stored, shift=(i + j) % 4 == 0)
            row.append(value)
            if value is None:
                continue
            if stored is None:
                expect["created"] += 1
            elif value == (
                "n/a" if stored.not_applicable and stored.level is None else stored.level
            ):
                expect["unchanged"] += 1
            else:
                expect["changed"] += 1
        ws.append(row)
    path = tmp_path / "wide.xlsx"
    wb.save(path)

    result = import_file(any_db, path, cycle="2026-Q1")

    assert result.applied, result.problems[:3]
    assert min(expect.values()) > 0
    assert (result.changed, result.unchanged, result.created) == (
        expect["changed"],
        expect["unchanged"],
        expect["created"],
    )
    with any_db.session() as s:
        after = {
            (r.person_id, r.competency_id): r
            for r in repo_ratings.list_ratings(s, cycle_id, Source.MANAGER)
        }
    kept = 0
    for cell, old in before.items():
        new = after[cell]
        assert (new.interest, new.note) == (old.interest, old.note), cell  # never lost
        kept += (new.level, new.not_applicable) == (old.level, old.not_applicable)
    assert kept == len(before) - expect["changed"]
