"""Opening a spreadsheet safely: xlsx (read-only, streamed) or csv.

Everything that can go wrong with the file itself becomes an :class:`ImportProblem` whose
one-line message names the file: empty, not a spreadsheet, encrypted or old .xls, a broken
zip, a sheet too large to import (the zip's parts are checked by :mod:`.zipcheck` and each
sheet's size against :mod:`.limits` before any row is read, and again while streaming).
CSV encodings and separators are found by :mod:`.textfile`.

The cells are read by :mod:`.fastsheet` (openpyxl's values, without its element tree).

Formulas are read as formulas (``data_only=False``), not as their cached results: a file
written by a program that does not store results would otherwise show every formula cell
as blank, silently. Computed columns (a "Score" column) are then recognised and skipped,
and a formula where a level belongs is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from skillmatrix.core.errors import ImportProblem
from skillmatrix.reports.importing import fastsheet, textfile, zipcheck
from skillmatrix.reports.importing.limits import (
    DEFAULT_LIMITS,
    ImportLimits,
    bounded_rows,
    check_declared_size,
)
from skillmatrix.reports.meta import META_SHEET, read_meta

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
    _size: Callable[[], zipcheck.SheetSize | None] = lambda: None

    def rows(self) -> Iterator[Row]:
        """The sheet's rows as value tuples, read on demand."""
        return self._rows()

    def size(self) -> zipcheck.SheetSize | None:
        """The sheet's size before reading it (declared or pre-scanned), None if unknown."""
        return self._size()


@dataclass
class Book:
    """An opened workbook or CSV file: its sheets and document properties."""

    path: Path
    sheets: list[SheetSource]
    meta: dict[str, str] = field(default_factory=dict)
    _close: Callable[[], None] | None = None

    def close(self) -> None:
        """Close the underlying file, if it is open."""
        if self._close is not None:
            self._close()

    def sheet(self, name: str) -> SheetSource:
        """The sheet called ``name`` (any case); raises ImportProblem naming the sheets there."""
        for s in self.sheets:
            if s.name == name:
                return s
        folded = name.strip().casefold()
        for s in self.sheets:
            if s.name.strip().casefold() == folded:
                return s
        names = ", ".join(repr(s.name) for s in self.sheets if not s.hidden)
        raise ImportProblem(f"{self.path.name}: no sheet named {name!r} (sheets: {names})")


def open_book(path: Path, limits: ImportLimits = DEFAULT_LIMITS) -> Book:
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
        return _open_xlsx(path, limits)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return _open_csv(path, size, limits)
    raise ImportProblem(f"{name}: is not an Excel workbook (.xlsx) or a CSV file")


def _open_xlsx(path: Path, limits: ImportLimits) -> Book:
    from openpyxl import load_workbook

    name = path.name
    zf = zipcheck.open_zip(path)  # sizes, ratios and CRCs checked before any XML is parsed
    zipcheck.bound_openpyxl_dimension_lookup()
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged parts
        zf.close()
        damaged = zipcheck.damage(name, exc)
        if damaged is not None:
            raise damaged from None
        raise ImportProblem(f"{name}: cannot be opened as a workbook ({_why(exc)})") from None

    def close() -> None:
        wb.close()
        zf.close()

    sheets = []
    meta: dict[str, str] = {}
    for ws in wb.worksheets:
        size = cache(lambda ws=ws: zipcheck.sheet_size(zf, ws._worksheet_path))
        src = SheetSource(
            ws.title, ws.sheet_state != "visible", _xlsx_rows(name, ws, size, limits), _size=size
        )
        if ws.title == META_SHEET:
            try:
                meta = read_meta(list(bounded_rows(src.rows(), name, ws.title, limits, 200)))
            except ImportProblem:
                meta = {}
        sheets.append(src)
    return Book(path, sheets, meta, close)


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _xlsx_rows(
    file: str,
    ws: Any,
    size: Callable[[], zipcheck.SheetSize | None],
    limits: ImportLimits,
) -> Callable[[], Iterator[Row]]:
    where = f"sheet {ws.title!r}"

    def rows() -> Iterator[Row]:
        try:
            known = size()
            if known is not None:
                check_declared_size(file, where, known.rows, known.columns, limits)
            yield from bounded_rows(fastsheet.sheet_rows(ws), file, where, limits)
        except ImportProblem:
            raise
        except Exception as exc:
            damaged = zipcheck.damage(file, exc)
            if damaged is not None:
                raise damaged from None
            raise ImportProblem(
                f"{file}: sheet {ws.title!r} is damaged and cannot be read ({_why(exc)})"
            ) from None

    return rows


def _open_csv(path: Path, size: int, limits: ImportLimits) -> Book:
    name = path.name
    if size > MAX_CSV_BYTES:
        raise ImportProblem(f"{name}: is too large to import ({size // 2**20} MiB); split it")
    fmt = textfile.detect(path)

    def rows() -> Iterator[Row]:
        records = textfile.rows(path, fmt)
        yield from bounded_rows(
            (tuple(v if v.strip() else None for v in r) for r in records), name, "", limits
        )

    return Book(path, [SheetSource(name, False, rows)])
