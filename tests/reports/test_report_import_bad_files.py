"""Files that cannot be imported fail with one clear line naming the file, never a traceback."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from skillmatrix.core.errors import ImportProblem
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.reports import read_import
from skillmatrix.reports.importing import zipcheck
from skillmatrix.reports.importing.limits import ImportLimits


def _read(path: Path):
    return read_import(path, scale=DEFAULT_SCALE, known_competencies=["Python", "SQL"])


def _refused(path: Path, match: str) -> str:
    with pytest.raises(ImportProblem) as info:
        _read(path)
    message = str(info.value)
    assert message.startswith(path.name + ":") and "\n" not in message
    assert match in message
    return message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    _refused(path, "is empty")


def test_empty_workbook(tmp_path: Path) -> None:
    Workbook().save(tmp_path / "blank.xlsx")
    _refused(tmp_path / "blank.xlsx", "has no data")


def test_random_bytes_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "random.xlsx"
    path.write_bytes(os.urandom(4096))
    _refused(path, "is not an Excel workbook")


def test_encrypted_or_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + os.urandom(1000))
    _refused(path, "is encrypted or in the old .xls format")


def test_truncated_zip(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    wb = Workbook()
    wb.active.append(["Name", "Python"])
    wb.save(good)
    data = good.read_bytes()
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    _refused(bad, "is damaged")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    _refused(path, "not an Excel workbook")


def test_damaged_sheet_xml(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    wb = Workbook()
    wb.active.append(["Name", "Python"])
    wb.active.append(["Ann", 2])
    wb.save(good)
    bad = tmp_path / "garbled.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    _refused(bad, "garbled.xlsx")


def test_wrong_columns(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["Invoice", "Amount", "Due"])
    wb.active.append(["A-1", 120, "2024-01-01"])
    wb.save(tmp_path / "invoices.xlsx")
    _refused(tmp_path / "invoices.xlsx", "no header row found")


def test_csv_wrong_columns_and_binary(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n")
    _refused(path, "no header row found")
    binary = tmp_path / "y.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    _refused(binary, "is not a text (CSV) file")


def test_not_a_spreadsheet_extension(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx.pdf"
    path.write_bytes(b"%PDF-1.4 hello")
    _refused(path, "is not an Excel workbook (.xlsx) or a CSV file")


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "nope.xlsx", "file not found")


def test_huge_sheet_refused_early_from_its_dimension(tmp_path: Path, monkeypatch) -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Name"
    ws["B1"] = "Python"
    ws.cell(row=100_000, column=30, value=1)  # declares A1:AD100000: 99,999 rows of people
    path = tmp_path / "huge.xlsx"
    wb.save(path)
    from skillmatrix.reports.importing import fastsheet

    rows_read = [0]
    original = fastsheet.sheet_rows

    def counted(ws):  # type: ignore[no-untyped-def]
        for row in original(ws):
            rows_read[0] += 1
            yield row

    monkeypatch.setattr(fastsheet, "sheet_rows", counted)
    _refused(path, "99,999 rows of people, more than the limit of 25,000 people")


def test_huge_sheet_without_dimension_stops_while_streaming(tmp_path: Path, monkeypatch) -> None:
    # A pre-scan that sees only the first rows underestimates the sheet: streaming still stops.
    monkeypatch.setattr(zipcheck, "PRESCAN_BYTES", 2_000)
    wb = Workbook(write_only=True)  # write-only files carry no <dimension>
    ws = wb.create_sheet("Big")
    ws.append(["Name", "Team", *(f"Skill {k}" for k in range(48))])
    for i in range(200):
        ws.append([f"P{i}", "T", *([1] * 48)])
    ws.append(["Total", *([1] * 300)])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    limits = ImportLimits(max_people=100, max_competencies=50)
    with pytest.raises(ImportProblem, match="more than the limit of 100 people"):
        read_import(path, scale=DEFAULT_SCALE, limits=limits)


def test_anonymised_report_refused(tmp_path: Path) -> None:
    from report_factories import PSEUDONYM_KEY, make_snapshot

    from skillmatrix.reports import write_report

    path = write_report(
        tmp_path / "anon.xlsx", make_snapshot(3, 3), anonymize=True, pseudonym_key=PSEUDONYM_KEY
    )
    _refused(path, "is an anonymised report")


def test_formula_cells_and_text_levels_are_problems(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Python", "SQL"])
    ws.append(["Ann", "=2+1", "Expert-ish"])
    ws.append(["Bob", "three", 2])
    ws["D1"], ws["D2"], ws["D3"] = "Desk", "North", "South"
    wb.save(tmp_path / "f.xlsx")
    parsed = _read(tmp_path / "f.xlsx")
    assert parsed.skipped_columns == ["Desk (text, not levels)"]
    assert len(parsed.problems) == 3
    assert parsed.problems[0].startswith("Sheet!B2: contains a formula")
    assert parsed.problems[1].startswith("Sheet!C2: 'Expert-ish' is not a level")
    assert parsed.problems[2].startswith("Sheet!B3: 'three' is not a level")


def test_problem_list_is_capped_with_a_count(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", *(f"S{k}" for k in range(20))])
    for i in range(100):
        ws.append([f"P{i}", *([9] * 20)])
    wb.save(tmp_path / "many.xlsx")
    parsed = _read(tmp_path / "many.xlsx")
    assert len(parsed.problems) == 1_000
    assert parsed.all_problems()[-1] == "… and 1000 more problems"
