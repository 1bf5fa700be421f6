"""Export the report, edit a few levels in it as a user would, import it: only those change."""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import load_workbook
from report_factories import make_snapshot

from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.reports import read_import, write_report
from skillmatrix.reports.export.matrix import column_order
from skillmatrix.reports.meta import MATRIX_HEADER_ROW


def _as_dict(snap) -> dict[tuple[str, str], object]:
    out = {}
    for i, p in enumerate(snap.people):
        for j, c in enumerate(snap.competencies):
            if snap.not_applicable[i, j]:
                out[(p.email, c.name)] = "n/a"
            elif not math.isnan(snap.levels[i, j]):
                out[(p.email, c.name)] = int(snap.levels[i, j])
    return out


def _parsed_dict(parsed) -> dict[tuple[str, str], object]:
    return {
        (parsed.people[r.person].email, parsed.competencies[r.competency].name): "n/a"
        if r.not_applicable
        else r.level
        for r in parsed.ratings
    }


def test_round_trip_only_edited_cells_change(tmp_path: Path) -> None:
    snap = make_snapshot(15, 12)
    path = write_report(tmp_path / "r.xlsx", snap)
    order = column_order(snap)
    before = _as_dict(snap)

    wb = load_workbook(path)
    ws = wb["Matrix"]
    edits = {(0, 0): 4, (3, 5): 1, (7, 2): "n/a", (9, 9): None, (14, 11): "Expert"}
    expected = dict(before)
    for (i, k), value in edits.items():
        ws.cell(MATRIX_HEADER_ROW + 1 + i, 6 + k).value = value
        key = (snap.people[i].email, snap.competencies[order[k]].name)
        if value is None:
            expected.pop(key, None)  # a cleared cell is "not rated" in the file
        else:
            expected[key] = 4 if value == "Expert" else value
    wb.save(path)

    parsed = read_import(
        path,
        scale=DEFAULT_SCALE,
        known_people=[p.email for p in snap.people],
        known_competencies=[c.name for c in snap.competencies],
    )
    assert parsed.layout == "matrix" and parsed.ok
    assert parsed.cycle_name == "2024 Q3"
    assert parsed.new_people == [] and parsed.new_competencies == []
    got = _parsed_dict(parsed)
    assert got == expected
    changed = {k for k in set(got) | set(before) if got.get(k) != before.get(k)}
    assert len(changed) <= len(edits)


def test_round_trip_untouched_export_is_identical(tmp_path: Path) -> None:
    snap = make_snapshot(20, 15, team=None)
    path = write_report(tmp_path / "r.xlsx", snap)
    parsed = read_import(path, scale=DEFAULT_SCALE)
    assert parsed.ok and _parsed_dict(parsed) == _as_dict(snap)
    people = {p.email: p for p in parsed.people}
    for p in snap.people:
        got = people[p.email]
        assert (got.name, got.team, got.role, got.seniority) == (
            p.name,
            p.team,
            p.role,
            p.seniority,
        )
    cats = {c.name: c.category for c in parsed.competencies}
    assert cats == {c.name: c.category for c in snap.competencies}
