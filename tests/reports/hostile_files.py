"""Builders of hostile and damaged import files (bombs, lies, odd encodings), all seeded.

Used by the hostile-input tests, the fuzz suite and ``tests/benchmarks/hostile_import.py``
(which measures what refusing each costs).
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def small_workbook(path: Path, rows: int = 3) -> Path:
    """A valid wide workbook: Name | Python | SQL and ``rows`` people."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Python", "SQL"])
    for i in range(rows):
        ws.append([f"Person {i}", i % 5, (i + 2) % 5])
    wb.save(path)
    return path


def replace_part(src: Path, dst: Path, part: str, write: Callable[[object], None]) -> Path:
    """A copy of ``src`` with ``part`` rewritten by ``write(stream)`` (streamed, deflated)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename == part:
                with zout.open(part, "w", force_zip64=True) as fh:
                    write(fh)
            else:
                zout.writestr(item, zin.read(item))
    return dst


def _repeat(fh: object, head: bytes, unit: bytes, size: int, tail: bytes) -> None:
    fh.write(head)  # type: ignore[attr-defined]
    block = unit * max(1, 2**20 // len(unit))
    written = 0
    while written < size:
        fh.write(block)  # type: ignore[attr-defined]
        written += len(block)
    fh.write(tail)  # type: ignore[attr-defined]


def sheet_bomb(tmp: Path, size: int, name: str = "sheet_bomb.xlsx") -> Path:
    """A sheet whose XML inflates to ``size`` bytes of identical rows (about 1000:1)."""
    base = small_workbook(tmp / f"base_{name}")
    head = f"<worksheet {NS}><sheetData>".encode()
    unit = b"<row><c><v>1</v></c><c><v>2</v></c></row>"
    return replace_part(
        base,
        tmp / name,
        SHEET,
        lambda fh: _repeat(fh, head, unit, size, b"</sheetData></worksheet>"),
    )


def strings_bomb(tmp: Path, size: int, name: str = "strings_bomb.xlsx") -> Path:
    """Shared strings that inflate to ``size`` bytes."""
    base = tmp / f"base_{name}"
    wb = Workbook()
    wb.active.append(["Name", "Python"])
    wb.save(base)
    # openpyxl writes inline strings; add a sharedStrings part the workbook would read
    head = f'<sst {NS} count="1" uniqueCount="1">'.encode()
    return _add_part(
        base,
        tmp / name,
        "xl/sharedStrings.xml",
        lambda fh: _repeat(fh, head, b"<si><t>padding</t></si>", size, b"</sst>"),
    )


def styles_bomb(tmp: Path, size: int, name: str = "styles_bomb.xlsx") -> Path:
    """A stylesheet padded with ``size`` bytes of whitespace inside its root element."""
    base = small_workbook(tmp / f"base_{name}")
    with zipfile.ZipFile(base) as z:
        styles = z.read("xl/styles.xml")
    cut = styles.index(b">", styles.index(b"<styleSheet")) + 1
    return replace_part(
        base,
        tmp / name,
        "xl/styles.xml",
        lambda fh: _repeat(fh, styles[:cut], b" " * 64, size, styles[cut:]),
    )


def _add_part(src: Path, dst: Path, part: str, write: Callable[[object], None]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            zout.writestr(item, data)
        with zout.open(part, "w", force_zip64=True) as fh:
            write(fh)
    return dst


def sheet_xml(tmp: Path, xml: str, name: str) -> Path:
    """A workbook whose first sheet is exactly ``xml``."""
    base = small_workbook(tmp / f"base_{name}")
    return replace_part(base, tmp / name, SHEET, lambda fh: fh.write(xml.encode()))  # type: ignore[attr-defined]


def entity_sheet(tmp: Path, name: str = "entity.xlsx") -> Path:
    """A sheet whose people are named by an internal XML entity."""
    return sheet_xml(
        tmp,
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY who "Ann Entity">]>'
        f"<worksheet {NS}><sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Python</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&who;</t></is></c><c r="B2"><v>3</v></c></row>'
        "</sheetData></worksheet>",
        name,
    )


def billion_laughs(tmp: Path, name: str = "laughs.xlsx") -> Path:
    """The classic entity bomb: ten levels of ten references, 10**9 "lol"s if expanded."""
    ents = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">' for k in range(1, 10)]
    return sheet_xml(
        tmp,
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{"".join(ents)}]>'
        f"<worksheet {NS}><sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
        "</sheetData></worksheet>",
        name,
    )


def external_entity(tmp: Path, target: Path, name: str = "external.xlsx") -> Path:
    """A sheet whose person is named by the contents of ``target`` (an external entity)."""
    return sheet_xml(
        tmp,
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "{target.as_uri()}">]>'
        f"<worksheet {NS}><sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Python</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c><c r="B2"><v>3</v></c></row>'
        "</sheetData></worksheet>",
        name,
    )


def wide_csv(path: Path, columns: int, rows: int = 2) -> Path:
    head = ",".join(["Name", *(f"Skill {k}" for k in range(columns - 1))])
    body = "\n".join(",".join([f"P{i}", *(["2"] * (columns - 1))]) for i in range(rows))
    path.write_text(head + "\n" + body + "\n", encoding="utf-8")
    return path


def long_csv(path: Path, rows: int) -> Path:
    """A wide CSV with ``rows`` people (one competency): the million-row file of the issue."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("Name,Python\n")
        block = 10_000
        for start in range(0, rows, block):
            fh.write("".join(f"Person {i},3\n" for i in range(start, min(rows, start + block))))
    return path


def flip_bytes(data: bytes, seed: int, flips: int = 1) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(flips):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)
