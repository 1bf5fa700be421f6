"""Self-assessment forms: content, dropdowns, protection, metadata and the way back in."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_factories import make_snapshot

from skillmatrix.core.model import Source
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.reports import ReportError, read_import, write_forms
from skillmatrix.reports.forms import HEADER_ROW, safe_filename
from skillmatrix.reports.meta import KIND_FORM


@pytest.fixture
def forms(tmp_path: Path):
    snap = make_snapshot(4, 8)
    return snap, write_forms(tmp_path, snap, cycle_name="2024 Q4", scale=DEFAULT_SCALE)


def test_one_form_per_person_with_role_competencies(forms) -> None:
    snap, paths = forms
    assert [p.name for p in paths] == [f"Self-assessment - {p.name}.xlsx" for p in snap.people]
    for i, path in enumerate(paths):
        ws = load_workbook(path)["Self-assessment"]
        listed = [ws.cell(r, 2).value for r in range(HEADER_ROW + 1, ws.max_row + 1)]
        expected = [
            c.name for j, c in enumerate(snap.competencies) if not math.isnan(snap.targets[i, j])
        ]
        assert listed == expected
        assert ws.cell(HEADER_ROW, 7).value == "Your level"
        assert "choose your level" in ws["A4"].value


def test_form_columns_and_manager_level(forms) -> None:
    snap, paths = forms
    ws = load_workbook(paths[0])["Self-assessment"]
    j = next(j for j in range(len(snap.competencies)) if not math.isnan(snap.targets[0, j]))
    row = HEADER_ROW + 1
    assert ws.cell(row, 1).value == snap.competencies[j].category
    assert ws.cell(row, 3).value == snap.competencies[j].description
    assert "3 Proficient: Does it alone" in ws.cell(row, 4).value
    assert ws.cell(row, 5).value == f"{int(snap.targets[0, j])} - " + DEFAULT_SCALE.label(
        int(snap.targets[0, j])
    )
    level = snap.levels[0, j]
    if snap.not_applicable[0, j]:
        assert ws.cell(row, 6).value == "n/a"
    elif not math.isnan(level):
        assert ws.cell(row, 6).value.startswith(str(int(level)))


def test_dropdowns_protection_and_metadata(forms) -> None:
    snap, paths = forms
    wb = load_workbook(paths[1])
    ws = wb["Self-assessment"]
    dvs = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert dvs[f"G{HEADER_ROW + 1}"].type == "list"
    assert dvs[f"G{HEADER_ROW + 1}"].formula1 == "=Lists!$A$1:$A$6"
    assert dvs[f"H{HEADER_ROW + 1}"].formula1 == "=Lists!$B$1:$B$4"
    assert [wb["Lists"].cell(r, 1).value for r in range(1, 7)] == [
        "0 - None",
        "1 - Awareness",
        "2 - Working",
        "3 - Proficient",
        "4 - Expert",
        "n/a",
    ]
    assert ws.protection.sheet is True
    assert wb.security.lockStructure is True
    assert ws.cell(HEADER_ROW + 1, 7).protection.locked is False
    assert ws.cell(HEADER_ROW + 1, 2).protection.locked is True
    meta = {r[0]: r[1] for r in wb["SkillMatrix"].iter_rows(values_only=True)}
    assert wb["SkillMatrix"].sheet_state == "hidden" and wb["Lists"].sheet_state == "hidden"
    assert meta["kind"] == KIND_FORM and meta["version"] == "1"
    assert meta["person email"] == snap.people[1].email and meta["cycle"] == "2024 Q4"
    assert wb.properties.creator == "SkillMatrix"


def test_returned_form_round_trip(forms) -> None:
    snap, paths = forms
    wb = load_workbook(paths[0])
    ws = wb["Self-assessment"]
    ws.cell(HEADER_ROW + 1, 7).value = "3 - Proficient"
    ws.cell(HEADER_ROW + 1, 8).value = "2 - Interested"
    ws.cell(HEADER_ROW + 1, 9).value = "I run our deployments"
    ws.cell(HEADER_ROW + 2, 7).value = "n/a"
    ws.cell(HEADER_ROW + 3, 7).value = 4  # typed, not picked: still fine
    ws.cell(HEADER_ROW + 4, 8).value = "3 - Keen to grow"  # interest only
    wb.save(paths[0])
    parsed = read_import(
        paths[0],
        scale=DEFAULT_SCALE,
        known_people=[snap.people[0].email],
        known_competencies=[c.name for c in snap.competencies],
    )
    assert parsed.layout == "form" and parsed.source is Source.SELF and parsed.ok
    assert parsed.cycle_name == "2024 Q4"
    assert [p.email for p in parsed.people] == [snap.people[0].email]
    assert parsed.new_people == [] and parsed.new_competencies == []
    got = [
        (parsed.competencies[r.competency].name, r.level, r.not_applicable, r.interest, r.note)
        for r in parsed.ratings
    ]
    names = [ws.cell(HEADER_ROW + k, 2).value for k in range(1, 5)]
    assert got == [
        (names[0], 3, False, 2, "I run our deployments"),
        (names[1], None, True, None, None),
        (names[2], 4, False, None, None),
        (names[3], None, False, 3, None),
    ]


def test_returned_form_with_bad_answer(forms) -> None:
    _, paths = forms
    wb = load_workbook(paths[2])
    wb["Self-assessment"].cell(HEADER_ROW + 1, 7).value = "Wizard"
    wb.save(paths[2])
    parsed = read_import(paths[2], scale=DEFAULT_SCALE)
    assert parsed.problems[0].startswith(
        f"Self-assessment!G{HEADER_ROW + 1}: 'Wizard' is not a level"
    )


def test_safe_filenames(tmp_path: Path) -> None:
    assert safe_filename('Ann / "Lee": <CEO>?') == "Ann Lee CEO"
    assert safe_filename("../../etc/passwd") == "etc passwd"
    assert safe_filename("CON") == "person CON"
    assert safe_filename("   ") == "person"
    assert len(safe_filename("x" * 300)) == 80
    snap = make_snapshot(2, 3, names=["Ann Lee", "ann lee"])
    paths = write_forms(tmp_path, snap, cycle_name="Q", scale=DEFAULT_SCALE)
    assert len({p.name.casefold() for p in paths}) == 2
    assert all(p.parent == tmp_path for p in paths)


def test_forms_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="does not exist"):
        write_forms(tmp_path / "nope", make_snapshot(1, 1), cycle_name="Q", scale=DEFAULT_SCALE)
