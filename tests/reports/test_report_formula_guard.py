"""Text people typed is never written as a formula, in the report or in the forms."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from report_factories import PSEUDONYM_KEY, make_snapshot

from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.reports import read_import, write_forms, write_report
from skillmatrix.reports.safe import clean_text, looks_like_formula, set_text

EVIL = [
    "=1+2",
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(1)",
    "\tTabbed",
    '=HYPERLINK("http://x","y")',
    "#N/A",
    "=cmd|' /C calc'!A0",
]


def _evil_snapshot():
    names = [*EVIL, "Ann Lee", "Bob Stone"]
    comps = [f"{e} skill" if not e.startswith(("=", "+", "-", "@")) else e for e in EVIL[:6]]
    return make_snapshot(
        len(names),
        len(comps),
        names=names,
        comp_names=comps,
        team='=HYPERLINK("http://evil")',
        cycle="=1+1",
    )


def _no_formulas(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(r"<(\w+:)?f[ >]", zf.read(name).decode()), name


def test_report_writes_user_text_as_text(tmp_path: Path) -> None:
    snap = _evil_snapshot()
    path = write_report(tmp_path / "r.xlsx", snap, previous=snap)
    _no_formulas(path)
    wb = load_workbook(path)
    typed = {p.name for p in snap.people} | {c.name for c in snap.competencies} | {snap.team}
    found = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in typed:
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    found.add(cell.value)
    assert found == typed  # every typed text is in the report, unchanged
    matrix = wb["Matrix"]
    assert [matrix.cell(5 + i, 1).value for i in range(len(EVIL))] == EVIL


def test_anonymised_report_has_no_formulas_either(tmp_path: Path) -> None:
    path = write_report(
        tmp_path / "a.xlsx", _evil_snapshot(), anonymize=True, pseudonym_key=PSEUDONYM_KEY
    )
    _no_formulas(path)


def test_forms_write_user_text_as_text(tmp_path: Path) -> None:
    snap = _evil_snapshot()
    paths = write_forms(tmp_path, snap, cycle_name="=1+1", scale=DEFAULT_SCALE)
    for path in paths:
        _no_formulas(path)
    values = {}
    for path in paths:
        ws = load_workbook(path)["Self-assessment"]
        values.update({c.value: c.data_type for row in ws.iter_rows() for c in row if c.value})
    for name in (c.name for c in snap.competencies):
        assert values.get(name) == "s"
    assert values["Self-assessment · =1+1"] == "s"


def test_import_keeps_formula_looking_text_as_text(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Competency", "Level", "Note"])
    set_text(ws.cell(row=2, column=1), "=Ann")
    ws.cell(row=2, column=2, value="Python")
    ws.cell(row=2, column=3, value=2)
    set_text(ws.cell(row=2, column=4), "+1 well done")
    wb.save(tmp_path / "t.xlsx")
    parsed = read_import(tmp_path / "t.xlsx", scale=DEFAULT_SCALE)
    assert parsed.people[0].name == "=Ann" and parsed.ratings[0].note == "+1 well done"


@pytest.mark.parametrize("text", EVIL)
def test_guard_helpers(text: str) -> None:
    assert looks_like_formula(text) or text == "#N/A"
    cell = set_text(Workbook().active["A1"], text)
    assert cell.data_type == "s" and cell.value == text


def test_clean_text_drops_illegal_characters_and_caps_length() -> None:
    assert clean_text("a\x00b\x07c") == "abc"
    assert clean_text("line\r\nbreak\rx") == "line\nbreak\nx"
    assert len(clean_text("x" * 40_000)) == 32_767
