"""Input that costs too much or says too little: refused before the work, in one line.

Bounds (people, competencies, cells) are checked from what a file declares before its rows
are read; zip parts by their declared size and compression ratio before their XML is
parsed; XML entities are never expanded; damaged parts say the file is damaged.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import hostile_files as h
import openpyxl.xml
import pytest
from openpyxl import Workbook

from skillmatrix.core.errors import ImportProblem
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.reports import read_import
from skillmatrix.reports.importing import zipcheck
from skillmatrix.reports.importing.limits import ImportLimits, ImportTooLarge


def _read(path: Path, **kw):
    return read_import(path, scale=DEFAULT_SCALE, known_competencies=["Python", "SQL"], **kw)


def _refused(path: Path, *parts: str, **kw) -> ImportProblem:
    with pytest.raises(ImportProblem) as info:
        _read(path, **kw)
    message = str(info.value)
    assert message.startswith(path.name + ":") and "\n" not in message
    for part in parts:
        assert part in message
    return info.value


# -- bounds -----------------------------------------------------------------------------


def test_csv_with_more_people_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = h.long_csv(tmp_path / "people.csv", 30_000)
    exc = _refused(path, "more than the limit of 25,000 people", "--max-people")
    assert isinstance(exc, ImportTooLarge) and exc.limit == "people"


def test_the_people_limit_can_be_raised(tmp_path: Path) -> None:
    path = h.long_csv(tmp_path / "people.csv", 120)
    _refused(path, "limit of 100 people", limits=ImportLimits(max_people=100))
    parsed = _read(path, limits=ImportLimits(max_people=120))
    assert parsed.ok and len(parsed.people) == 120


def test_a_sheet_with_too_many_rows_of_people_is_refused_before_its_rows_are_read(
    tmp_path: Path,
) -> None:
    wb = Workbook(write_only=True)  # no <dimension>: the rows are counted in the pre-scan
    ws = wb.create_sheet("People")
    ws.append(["Name", "Python"])
    for i in range(1_500):
        ws.append([f"P{i}", 2])
    wb.save(tmp_path / "rows.xlsx")
    # the count comes from the pre-scan (the streaming check would not know the total)
    _refused(
        tmp_path / "rows.xlsx",
        "sheet 'People' has 1,500 rows of people, more than the limit of 100 people",
        limits=ImportLimits(max_people=100),
    )


def test_sixteen_thousand_columns_are_refused_naming_max_competencies(tmp_path: Path) -> None:
    path = h.wide_csv(tmp_path / "wide.csv", 16_384)
    exc = _refused(path, "16,384 columns", "limit of 500 competencies", "--max-competencies")
    assert isinstance(exc, ImportTooLarge) and exc.limit == "competencies"
    assert ImportLimits().allowing(exc).max_competencies >= 16_320


def test_raised_competency_limit_reads_a_wide_file(tmp_path: Path) -> None:
    path = h.wide_csv(tmp_path / "wide.csv", 700)
    parsed = _read(path, limits=ImportLimits(max_competencies=700))
    assert parsed.ok and len(parsed.competencies) == 699


def test_a_sheet_sized_for_20000_people_and_300_competencies_is_not_refused(
    tmp_path: Path,
) -> None:
    # Its <dimension> declares 20,004 rows x 312 columns (6.2 million cells); the old bound
    # of 2 million cells refused it, so a large organisation could not re-import its report.
    header = "".join(
        f'<c r="{_col(k)}1" t="inlineStr"><is><t>{"Name" if k == 1 else f"S{k}"}</t></is></c>'
        for k in range(1, 313)
    )
    xml = (
        f'<worksheet {h.NS}><dimension ref="A1:{_col(312)}20004"/><sheetData>'
        f'<row r="1">{header}</row><row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c>'
        '<c r="B2"><v>3</v></c></row></sheetData></worksheet>'
    )
    parsed = _read(h.sheet_xml(tmp_path, xml, "big.xlsx"))
    assert parsed.ok and [p.name for p in parsed.people] == ["Ann"]


def test_a_declared_size_beyond_the_cell_limit_is_refused_at_once(tmp_path: Path) -> None:
    xml = (
        f'<worksheet {h.NS}><dimension ref="A1:Z1048576"/><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>Name</t></is></c></row></sheetData></worksheet>'
    )
    _refused(h.sheet_xml(tmp_path, xml, "claims.xlsx"), "1,048,576 rows x 26 columns", "cells")


def test_more_than_16384_columns_says_the_file_is_damaged(tmp_path: Path) -> None:
    xml = (
        f'<worksheet {h.NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t>'
        '</is></c><c r="XFE1" t="inlineStr"><is><t>Python</t></is></c></row></sheetData>'
        "</worksheet>"
    )
    _refused(
        h.sheet_xml(tmp_path, xml, "xfe.xlsx"),
        "16,385 columns, more than any spreadsheet can have (16,384); the file is damaged",
    )


# -- zip bombs --------------------------------------------------------------------------


def test_sheet_inflating_a_thousand_times_is_refused_before_it_is_inflated(
    tmp_path: Path,
) -> None:
    _refused(
        h.sheet_bomb(tmp_path, 64 * 2**20), "part xl/worksheets/sheet1.xml inflates", "zip bomb"
    )


def test_shared_strings_and_styles_bombs_are_refused(tmp_path: Path) -> None:
    _refused(h.strings_bomb(tmp_path, 64 * 2**20), "xl/sharedStrings.xml", "zip bomb")
    _refused(h.styles_bomb(tmp_path, 40 * 2**20), "xl/styles.xml is too large", "limit is 32 MiB")


def test_declared_sheet_size_is_checked_before_any_inflating(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(zipcheck, "MAX_SHEET_XML", 10_000)
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", *(f"Skill {k}" for k in range(5))])
    for i in range(200):
        ws.append([f"P{i}", *([i % 5] * 5)])
    wb.save(tmp_path / "big.xlsx")
    _refused(tmp_path / "big.xlsx", "part xl/worksheets/sheet1.xml is too large", "split the file")


# -- XML entities -----------------------------------------------------------------------


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def test_an_internal_entity_is_never_expanded(tmp_path: Path) -> None:
    _refused(h.entity_sheet(tmp_path), "XML entity or DTD declarations")


def test_an_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    exc = _refused(h.external_entity(tmp_path, secret), "XML entity or DTD declarations")
    assert "TOPSECRET" not in str(exc)


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    _refused(h.billion_laughs(tmp_path), "XML entity or DTD declarations")


# -- damage -----------------------------------------------------------------------------


def _flip_in_part(src: Path, dst: Path, part: str) -> Path:
    """Flip a byte in the middle of ``part``'s deflate stream."""
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(part)
    data = bytearray(src.read_bytes())
    header = info.header_offset
    start = header + 30 + int.from_bytes(data[header + 26 : header + 28], "little")
    start += int.from_bytes(data[header + 28 : header + 30], "little")
    data[start + info.compress_size // 2] ^= 0x10
    dst.write_bytes(bytes(data))
    return dst


@pytest.mark.parametrize("checked_up_front", [True, False])
def test_a_damaged_deflate_stream_says_the_file_is_damaged(
    tmp_path: Path, monkeypatch, checked_up_front: bool
) -> None:
    if not checked_up_front:  # large files are not inflated twice: damage shows while reading
        monkeypatch.setattr(zipcheck, "TEST_BYTES", 0)
    good = tmp_path / "good.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", *(f"Skill {k}" for k in range(30))])
    for i in range(300):
        ws.append([f"Person {i}", *((i * k) % 5 for k in range(30))])
    wb.save(good)
    _refused(_flip_in_part(good, tmp_path / "bad.xlsx", h.SHEET), "is damaged")


# -- CSV encodings ----------------------------------------------------------------------

ROWS = [["Name", "Python", "SQL"], ["José Núñez", "3", "2"], ["Zoë", "1", "4"]]


def _text(delimiter: str) -> str:
    return "\r\n".join(delimiter.join(r) for r in ROWS) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        ("utf-16-le", "\t", codecs.BOM_UTF16_LE),  # Excel's "Unicode Text"
        ("utf-16-be", "\t", codecs.BOM_UTF16_BE),
        ("utf-16-le", ",", b""),
        ("utf-8", ",", codecs.BOM_UTF8),  # Excel's "CSV UTF-8"
        ("cp1252", ";", b""),  # Excel's "CSV" where the comma is the decimal mark
        ("latin-1", "\t", b""),
        ("utf-8", "|", b""),
    ],
)
def test_csv_encodings_and_separators(
    tmp_path: Path, encoding: str, delimiter: str, bom: bytes
) -> None:
    path = tmp_path / "ratings.txt"
    path.write_bytes(bom + _text(delimiter).encode(encoding))
    parsed = _read(path)
    assert parsed.ok, parsed.problems
    assert [p.name for p in parsed.people] == ["José Núñez", "Zoë"]
    assert sorted((r.person, r.competency, r.level) for r in parsed.ratings) == [
        (0, 0, 3),
        (0, 1, 2),
        (1, 0, 1),
        (1, 1, 4),
    ]


def test_latin1_found_even_when_the_first_accent_is_far_down(tmp_path: Path) -> None:
    lines = ["Name,Python"] + [f"Person {i},2" for i in range(10_000)] + ["José,3"]
    path = tmp_path / "late.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    parsed = _read(path)
    assert parsed.ok and parsed.people[-1].name == "José"


def test_a_line_of_unbounded_length_is_refused(tmp_path: Path, monkeypatch) -> None:
    from skillmatrix.reports.importing import textfile

    monkeypatch.setattr(textfile, "MAX_LINE_CHARS", 1_000)
    path = tmp_path / "long.csv"
    path.write_text("Name,Python\nAnn," + "2" * 5_000 + "\n")
    _refused(path, "line 2 is longer than")


def _col(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def test_a_sheet_without_dimension_is_refused_without_inflating_all_of_it(
    tmp_path: Path, monkeypatch
) -> None:
    # openpyxl alone parses a sheet without <dimension> to its end while opening the
    # workbook (this app's reports have none): 8-30 s for a large one before any check.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("People")
    ws.append(["Name", "Python", "SQL"])
    for i in range(3_000):
        ws.append([f"Person {i}", i % 5, 2])
    path = tmp_path / "people.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        part = next(i for i in zf.infolist() if i.filename.startswith("xl/worksheets/"))
    monkeypatch.setattr(zipcheck, "PRESCAN_BYTES", 20_000)
    monkeypatch.setattr(zipcheck, "TEST_BYTES", 0)
    inflated: dict[str, int] = {}
    read = zipfile.ZipExtFile.read

    def counting(self, n=-1):  # type: ignore[no-untyped-def]
        data = read(self, n)
        inflated[self.name] = inflated.get(self.name, 0) + len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    _refused(path, "rows of people, more than the limit of 100 people", limits=ImportLimits(100))
    assert inflated[part.filename] < part.file_size / 2
