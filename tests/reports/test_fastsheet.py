"""The expat sheet reader gives exactly openpyxl's read-only values, or hands over to it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from import_corpus import app_form, app_report, cases
from openpyxl import Workbook, load_workbook

from skillmatrix.reports.importing import fastsheet, zipcheck

zipcheck.bound_openpyxl_dimension_lookup()  # as the app opens workbooks

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def both(path: Path) -> list[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """(fast rows, openpyxl rows) of every sheet of ``path``."""
    wb = load_workbook(path, read_only=True, data_only=False)
    try:
        return [
            (
                [tuple(r) for r in fastsheet.sheet_rows(ws)],
                [tuple(r) for r in ws.iter_rows(values_only=True)],
            )
            for ws in wb.worksheets
        ]
    finally:
        wb.close()


def fast_only(path: Path) -> list[tuple[Any, ...]]:
    """The first sheet read by the expat reader alone (raises instead of handing over)."""
    wb = load_workbook(path, read_only=True, data_only=False)
    try:
        return list(fastsheet._Reader(wb.worksheets[0]).rows())
    finally:
        wb.close()


@pytest.mark.parametrize("case", [c for c in cases()], ids=lambda c: c.id)
def test_every_corpus_workbook_reads_the_same(case, tmp_path: Path) -> None:
    path = case.write(tmp_path)
    if path.suffix != ".xlsx":
        pytest.skip("csv")
    for fast, reference in both(path):
        assert fast == reference


@pytest.mark.parametrize("make", [app_report, app_form], ids=["report", "form"])
def test_the_apps_own_workbooks_read_the_same(make, tmp_path: Path) -> None:
    sheets = both(make(tmp_path))
    assert sum(len(ref) for _, ref in sheets) > 20
    for fast, reference in sheets:
        assert fast == reference


def test_value_kinds_read_the_same_without_handing_over(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Date", "Flag", "Formula", "Ratio", "Big", "Time"])
    ws.append(["Ann", dt.datetime(2026, 3, 1), True, "=SUM(1,2)", 2.5, 10**12, dt.time(9, 30)])
    ws.append([None, None, False, None, 1e-9, -3, None])
    ws["J7"] = "far away"  # a gap of rows and a wider last row
    path = tmp_path / "kinds.xlsx"
    wb.save(path)
    rows = fast_only(path)
    [(fast, reference)] = both(path)
    assert rows == reference == fast
    assert rows[1][:5] == ("Ann", dt.datetime(2026, 3, 1), True, "=SUM(1,2)", 2.5)
    assert rows[6][9] == "far away" and rows[3] == (None,) * 10


def rewrite_sheet(tmp_path: Path, sheet_xml: str, name: str = "hand.xlsx") -> Path:
    """A workbook whose first sheet's XML is ``sheet_xml`` (what other programs write)."""
    wb = Workbook()
    wb.active.append(["placeholder"])
    wb.active["A2"] = "shared"  # a shared strings part exists
    base = tmp_path / "base.xlsx"
    wb.save(base)
    path = tmp_path / name
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            dst.writestr(item, data)
    return path


def sheet(body: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    head = f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{dim}'
    return f"{head}<sheetData>{body}</sheetData></worksheet>"


HAND_WRITTEN = {
    # no r attributes at all: cells and rows counted
    "no_refs": sheet(
        "<row><c t='inlineStr'><is><t>Ann</t></is></c><c><v>3</v></c></row>"
        "<row><c/><c><v>4.50</v></c></row>"
    ),
    # inline rich text with a phonetic run (left out), an empty value, an error, a str
    "inline_rich": sheet(
        "<row r='1'><c r='A1' t='inlineStr'><is><r><t>An</t></r><r><t xml:space='preserve'>n </t>"
        "</r><rPh sb='0' eb='1'><t>ignored</t></rPh></is></c><c r='B1'><v></v></c>"
        "<c r='C1' t='e'><v>#N/A</v></c><c r='D1' t='str'><v>text</v></c>"
        "<c r='E1' t='b'><v>1</v></c></row>"
    ),
    # rows out of order and repeated (openpyxl skips the second), entities decoded
    "out_of_order": sheet(
        "<row r='2'><c r='B2'><v>1</v></c></row><row r='2'><c r='A2'><v>9</v>"
        "</c></row><row r='1'><c r='A1' t='inlineStr'><is><t>&lt;x&amp;y&gt;</t>"
        "</is></c></row><row r='5'><c r='C5'><v>2E3</v></c></row>"
    ),
    # a declared size smaller than the data: rows and columns past it are not read
    "dimension_small": sheet(
        "<row r='1'><c r='A1'><v>1</v></c><c r='D1'><v>2</v></c></row>"
        "<row r='3'><c r='B3'><v>3</v></c></row>",
        "A1:B2",
    ),
    # a declared size larger than the data: padded to its width (not its height)
    "dimension_large": sheet("<row r='2'><c r='B2'><v>7</v></c></row>", "A1:E6"),
    # a plain formula with no cached value, and one with a cached value
    "formulas": sheet(
        "<row r='1'><c r='A1'><f>A2*2</f></c><c r='B1'><f>1+1</f><v>2</v></c>"
        "<c r='C1' t='str'><f>\"a\"&amp;\"b\"</f><v>ab</v></c></row>"
    ),
    # a shared formula: openpyxl translates it, so it reads this sheet
    "shared_formula": sheet(
        "<row r='1'><c r='A1'><v>1</v></c></row><row r='2'><c r='A2'>"
        "<f t='shared' ref='A2:A3' si='0'>A1+1</f><v>2</v></c></row>"
        "<row r='3'><c r='A3'><f t='shared' si='0'/><v>3</v></c></row>"
    ),
    # an odd row number
    "row_number_float": sheet(
        "<row r='1'><c r='A1'><v>1</v></c></row><row r='2.0'><c r='A2'><v>2</v></c></row>"
    ),
}


@pytest.mark.parametrize("key", sorted(HAND_WRITTEN))
def test_hand_written_sheets_read_as_openpyxl_reads_them(key: str, tmp_path: Path) -> None:
    path = rewrite_sheet(tmp_path, HAND_WRITTEN[key])
    [(fast, reference), *_] = both(path)
    assert fast == reference
    assert reference, "the case has rows"


def test_the_common_cases_do_not_hand_over(tmp_path: Path) -> None:
    for key in ("no_refs", "inline_rich", "out_of_order", "dimension_small", "formulas"):
        path = rewrite_sheet(tmp_path, HAND_WRITTEN[key], f"{key}.xlsx")
        assert fast_only(path) == both(path)[0][1], key
    with pytest.raises(fastsheet._HandOver):
        fast_only(rewrite_sheet(tmp_path, HAND_WRITTEN["shared_formula"], "shared.xlsx"))


def test_hand_written_values(tmp_path: Path) -> None:
    """What the hand-written cases hold, independent of openpyxl's reading."""
    rich = fast_only(rewrite_sheet(tmp_path, HAND_WRITTEN["inline_rich"], "a.xlsx"))
    assert rich == [("Ann ", None, "#N/A", "text", True)]
    rows = fast_only(rewrite_sheet(tmp_path, HAND_WRITTEN["out_of_order"], "b.xlsx"))
    assert rows[1][:2] == (None, 1) and rows[4][2] == 2000.0
    small = fast_only(rewrite_sheet(tmp_path, HAND_WRITTEN["dimension_small"], "c.xlsx"))
    assert small == [(1, None), (None, None)]
    large = fast_only(rewrite_sheet(tmp_path, HAND_WRITTEN["dimension_large"], "d.xlsx"))
    assert large == [(None,) * 5, (None, 7, None, None, None)]


def test_broken_xml_fails_as_openpyxl_fails(tmp_path: Path) -> None:
    path = rewrite_sheet(tmp_path, sheet("<row r='1'><c r='A1'><v>1</v></c></row><row r='2'>"))
    wb = load_workbook(path, read_only=True)
    with pytest.raises(Exception) as ours:
        list(fastsheet.sheet_rows(wb.worksheets[0]))
    with pytest.raises(Exception) as theirs:
        list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    assert type(ours.value) is type(theirs.value)


def test_a_dtd_is_refused_as_openpyxl_refuses_it(tmp_path: Path) -> None:
    """The openpyxl reader refuses a DTD on opening; a sheet part read later is refused too."""
    xml = sheet("<row r='1'><c r='A1' t='inlineStr'><is><t>&x;</t></is></c></row>")
    xml = xml.replace("<worksheet", '<!DOCTYPE w [<!ENTITY x "boom">]><worksheet', 1)
    wb = load_workbook(rewrite_sheet(tmp_path, sheet("<row r='1'/>")), read_only=True)
    ws = wb.worksheets[0]
    ws._get_source = lambda: io.BytesIO(xml.encode())
    with pytest.raises(fastsheet._HandOver):
        list(fastsheet._Reader(ws).rows())
    with pytest.raises(Exception) as ours:
        list(fastsheet.sheet_rows(ws))
    wb.close()
    assert type(ours.value).__module__.startswith("defusedxml")
