"""Checks of an .xlsx as a zip archive, made before any XML of it is parsed.

An .xlsx is a zip of XML parts, and a few megabytes of zip can inflate to gigabytes of XML
(a zip bomb, or styles and shared strings padded out). Python's zipfile never inflates a
part beyond the size its directory entry declares (it stops there and reports a bad CRC),
so checking the declared sizes and compression ratios bounds all the work that follows:

- the number of parts, and each part's declared size (sheets, shared strings, the rest);
- each large part's compression ratio (real sheets compress 5-30 times, bombs 1000 times);
- each sheet's size: its ``<dimension>`` when it has one (read from the part's first
  kilobytes), else its rows counted in at most :data:`PRESCAN_BYTES` of inflated XML and
  extrapolated from there. This app writes its reports in write-only mode, without one.

Damage found here or later while inflating (a bad CRC, a broken deflate stream) is
reported by :func:`damage` as "is damaged", and XML that declares entities as refused.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from skillmatrix.core.errors import ImportProblem

#: Parts an .xlsx may have (a workbook with 300 sheets has about 700).
MAX_PARTS = 10_000
#: Declared (inflated) size of one worksheet's XML.
MAX_SHEET_XML = 600 * 2**20
#: Declared size of the shared strings (openpyxl holds them all in memory).
MAX_STRINGS_XML = 256 * 2**20
#: Declared size of any other part read while opening (styles, workbook, theme, rels ...).
MAX_OTHER_XML = 32 * 2**20
#: Parts larger than this must not inflate more than MAX_RATIO times their zipped size.
RATIO_FLOOR = 8 * 2**20
MAX_RATIO = 100
#: At most this much inflated XML of a sheet is scanned to count its rows.
PRESCAN_BYTES = 16 * 2**20
#: The CRC of every part is checked up front when the parts read add up to no more than this.
TEST_BYTES = 64 * 2**20
#: Where a sheet's <dimension> may be found (it precedes <sheetData>).
HEAD_BYTES = 64 * 1024

_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,4})\$?(\d+)(?::\$?([A-Z]{1,4})\$?(\d+))?\""
)
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
#: The parts openpyxl reads in read-only mode (charts, drawings and images are never read).
_READ = re.compile(
    r"(xl/worksheets/[^/]+\.xml|xl/[^/]+\.xml|xl/_rels/.*|_rels/.*|docProps/.*|"
    r"xl/theme/.*|\[Content_Types\]\.xml)$"
)
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError)


@dataclass(frozen=True, slots=True)
class SheetSize:
    """A sheet's size before it is read: ``how`` is "declared", "counted" or "estimated"."""

    rows: int
    columns: int
    how: str

    @property
    def cells(self) -> int:
        """Rows x columns."""
        return self.rows * self.columns


def open_zip(path: Path) -> zipfile.ZipFile:
    """The archive, its directory and parts' declared sizes checked; raises ImportProblem."""
    name = path.name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportProblem(f"{name}: is damaged (not a readable zip/xlsx file: {exc})") from None
    try:
        _check_parts(name, zf)
    except BaseException:
        zf.close()
        raise
    return zf


def _check_parts(name: str, zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise ImportProblem(f"{name}: has {len(infos):,} parts, more than a workbook has")
    if not any(i.filename == "xl/workbook.xml" for i in infos):
        raise ImportProblem(f"{name}: is a zip file but not an Excel workbook")
    read = [i for i in infos if _READ.match(i.filename)]
    for info in read:
        bound = (
            MAX_SHEET_XML
            if info.filename.startswith("xl/worksheets/")
            else MAX_STRINGS_XML
            if info.filename == "xl/sharedStrings.xml"
            else MAX_OTHER_XML
        )
        if info.file_size > bound:
            split = "; split the file" if bound == MAX_SHEET_XML else ""
            raise ImportProblem(
                f"{name}: part {info.filename} is too large to import ({_mib(info.file_size)} "
                f"of XML, the limit is {_mib(bound)}){split}"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ImportProblem(
                f"{name}: part {info.filename} inflates {ratio:,.0f} times "
                f"({_mib(info.compress_size)} to {_mib(info.file_size)}); refused as a zip bomb"
            )
    if sum(i.file_size for i in read) <= TEST_BYTES:
        for info in read:
            try:
                with zf.open(info) as fh:
                    while fh.read(2**20):
                        pass
            except _DAMAGE:
                raise ImportProblem(f"{name}: is damaged (corrupt part {info.filename})") from None


def sheet_size(zf: zipfile.ZipFile, part: str) -> SheetSize | None:
    """The size of the sheet stored in ``part``, read from at most PRESCAN_BYTES of it."""
    try:
        info = zf.getinfo(part.lstrip("/"))
    except KeyError:
        return None
    with zf.open(info) as fh:
        head = fh.read(HEAD_BYTES)
        data = _SHEET_DATA.search(head)
        found = _DIMENSION.search(head, 0, data.start() if data else len(head))
        if found is not None:
            first_col, first_row, last_col, last_row = found.groups()
            rows = int(last_row or first_row) - int(first_row) + 1
            columns = _column(last_col or first_col) - _column(first_col) + 1
            if rows > 1 or columns > 1:  # "A1" is what an empty or lazily written sheet says
                return SheetSize(max(rows, 1), max(columns, 1), "declared")
        chunk = head + fh.read(max(PRESCAN_BYTES - len(head), 0))
        complete = not fh.read(1)
    start = _SHEET_DATA.search(chunk)
    body = chunk[start.end() :] if start else chunk
    row_parts = _ROW.split(body)[1:]
    if not row_parts:
        return None
    columns = max(len(_CELL.findall(r)) for r in row_parts)
    if complete:
        return SheetSize(len(row_parts), columns, "counted")
    # Extrapolate from the share of the part scanned, keeping a third in hand for sheets
    # whose first rows are denser than the rest.
    estimate = len(row_parts) * info.file_size // max(len(chunk), 1) * 2 // 3
    return SheetSize(max(estimate, len(row_parts)), columns, "estimated")


def damage(name: str, exc: BaseException) -> ImportProblem | None:
    """The one-line refusal for a damaged part or a forbidden XML construct, else None.

    openpyxl re-raises what went wrong as a ValueError of its own, so the causes are
    looked through too.
    """
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, _DAMAGE):
            why = _first(seen)
            return ImportProblem(f"{name}: is damaged (a part cannot be decompressed: {why})")
        if isinstance(seen, ParseError):
            return ImportProblem(f"{name}: is damaged (its XML is broken: {_first(seen)})")
        if type(seen).__module__.startswith("defusedxml"):
            return ImportProblem(
                f"{name}: contains XML entity or DTD declarations, which are refused (they "
                "can expand a small file into gigabytes or read other files)"
            )
        seen = seen.__cause__ or seen.__context__
    return None


def _first(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB" if size >= 2**20 else f"{size / 1024:,.0f} KiB"


def bound_openpyxl_dimension_lookup() -> None:
    """Make openpyxl's read-only sheets look for ``<dimension>`` in the sheet's head only.

    openpyxl 3.1 looks for it on "end" events, and ``<sheetData>`` ends at the end of the
    sheet: a sheet without one (this app's own reports) is parsed in full while the
    workbook opens, 8-30 s for a large report before a single row is read. On "start"
    events the search stops where the cells begin, with the same result.
    """
    from openpyxl.worksheet import _read_only
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    if getattr(_read_only.ReadOnlyWorksheet._get_size, "bounded", False):
        return

    def _get_size(self: Any) -> None:
        with self._get_source() as src:
            for _event, element in iterparse(src, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    bounds = SheetDimension.from_tree(element).boundaries
                    if bounds is not None:
                        self._min_column, self._min_row, self._max_column, self._max_row = bounds
                    return
                if element.tag == DATA_TAG:
                    return

    _get_size.bounded = True  # type: ignore[attr-defined]
    _read_only.ReadOnlyWorksheet._get_size = _get_size
