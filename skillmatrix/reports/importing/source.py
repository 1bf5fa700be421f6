"""Opening a spreadsheet safely: xlsx (read-only, streamed) or csv.

Everything that can go wrong with the file itself becomes an :class:`ImportProblem` whose
one-line message names the file: empty, not a spreadsheet, encrypted or old .xls, a broken
zip, a sheet too large to import (checked from the sheet's declared size and the zip
directory before any row is read, and again while streaming).

Formulas are read as formulas (``data_only=False``), not as their cached results: a file
written by a program that does not store results would otherwise show every formula cell
as blank, silently. Computed columns (a "Score" column) are then recognised and skipped,
and a formula where a level belongs is reported.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillmatrix.core.errors import ImportProblem
from skillmatrix.reports.meta import META_SHEET, read_meta

#: Refuse sheets with more cells than this (5,000 people x 300 competencies is 1.5 million).
MAX_CELLS = 2_000_000
#: Refuse a sheet whose XML inflates beyond this (a zip bomb, or far too much data).
MAX_SHEET_XML = 600 * 1024 * 1024
MAX_CSV_BYTES = 200 * 1024 * 1024
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"

Row = tuple[Any, ...]


@dataclass
class SheetSource:
    """One sheet: its name and a way to stream its rows (row 1 first, values only)."""

    name: str
    hidden: bool
    _rows: Callable[[], Iterator[Row]]
    label: str = ""

    def rows(self) -> Iterator[Row]:
        return self._rows()


@dataclass
class Book:
    path: Path
    sheets: list[SheetSource]
    meta: dict[str, str] = field(default_factory=dict)
    _close: Callable[[], None] | None = None

    def close(self) -> None:
        if self._close is not None:
            self._close()

    def sheet(self, name: str) -> SheetSource:
        for s in self.sheets:
            if s.name == name:
                return s
        folded = name.strip().casefold()
        for s in self.sheets:
            if s.name.strip().casefold() == folded:
                return s
        names = ", ".join(repr(s.name) for s in self.sheets if not s.hidden)
        raise ImportProblem(f"{self.path.name}: no sheet named {name!r} (sheets: {names})")


def open_book(path: Path) -> Book:
    """Open ``path`` (.xlsx/.xlsm or .csv/.txt) for reading; raises ImportProblem if unusable."""
    name = path.name
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportProblem(f"{name}: file not found") from None
    except IsADirectoryError:
        raise ImportProblem(f"{name}: is a folder, not a spreadsheet") from None
    except OSError as exc:
        raise ImportProblem(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise ImportProblem(f"{name}: the file is empty")
    if head.startswith(OLE_MAGIC):
        raise ImportProblem(
            f"{name}: is encrypted or in the old .xls format; remove the password or save it "
            "as .xlsx (Excel Workbook) and try again"
        )
    if head.startswith(ZIP_MAGIC):
        return _open_xlsx(path)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return _open_csv(path, size)
    raise ImportProblem(f"{name}: is not an Excel workbook (.xlsx) or a CSV file")


def _open_xlsx(path: Path) -> Book:
    from openpyxl import load_workbook

    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip() if path.stat().st_size < 5_000_000 else None
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportProblem(f"{name}: is damaged (not a readable zip/xlsx file: {exc})") from None
    if bad is not None:
        raise ImportProblem(f"{name}: is damaged (corrupt part {bad})")
    if not any(i.filename == "xl/workbook.xml" for i in infos):
        raise ImportProblem(f"{name}: is a zip file but not an Excel workbook")
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.file_size > MAX_SHEET_XML:
            raise ImportProblem(
                f"{name}: a sheet is too large to import ({info.file_size // 2**20} MiB of "
                "cell data); split the file"
            )
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged parts
        raise ImportProblem(f"{name}: cannot be opened as a workbook ({_why(exc)})") from None
    sheets = []
    meta: dict[str, str] = {}
    for ws in wb.worksheets:
        src = SheetSource(ws.title, ws.sheet_state != "visible", _xlsx_rows(name, ws))
        if ws.title == META_SHEET:
            try:
                meta = read_meta(list(_limited(src.rows(), name, ws.title, 200)))
            except ImportProblem:
                meta = {}
        sheets.append(src)
    return Book(path, sheets, meta, wb.close)


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _xlsx_rows(file: str, ws: Any) -> Callable[[], Iterator[Row]]:
    def rows() -> Iterator[Row]:
        try:
            rows_, cols = ws.max_row, ws.max_column
        except Exception:
            rows_, cols = None, None
        if rows_ and cols and rows_ * cols > MAX_CELLS:
            raise ImportProblem(
                f"{file}: sheet {ws.title!r} is too large to import ({rows_:,} rows x "
                f"{cols:,} columns, more than {MAX_CELLS:,} cells); remove unused rows and "
                "columns or split it"
            )
        try:
            yield from _limited(ws.iter_rows(values_only=True), file, ws.title)
        except ImportProblem:
            raise
        except Exception as exc:
            raise ImportProblem(
                f"{file}: sheet {ws.title!r} is damaged and cannot be read ({_why(exc)})"
            ) from None

    return rows


def _limited(
    rows: Iterator[Row], file: str, sheet: str, max_rows: int | None = None
) -> Iterator[Row]:
    """Stream rows, stopping with a clear error once the sheet exceeds :data:`MAX_CELLS`."""
    cells = 0
    for n, row in enumerate(rows, start=1):
        if max_rows is not None and n > max_rows:
            return
        cells += len(row)
        if cells > MAX_CELLS:
            raise ImportProblem(
                f"{file}: sheet {sheet!r} is too large to import (more than {MAX_CELLS:,} "
                "cells); split it"
            )
        yield row


def _open_csv(path: Path, size: int) -> Book:
    name = path.name
    if size > MAX_CSV_BYTES:
        raise ImportProblem(f"{name}: is too large to import ({size // 2**20} MiB); split it")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ImportProblem(f"{name}: is not a text (CSV) file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sample = text[:65536]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel

    def rows() -> Iterator[Row]:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        try:
            yield from _limited(
                (tuple(v if v.strip() else None for v in r) for r in reader), name, name
            )
        except csv.Error as exc:
            raise ImportProblem(f"{name}: is not a valid CSV file ({exc})") from None

    return Book(path, [SheetSource(name, False, rows)])
