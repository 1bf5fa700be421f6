"""A sheet's rows straight from its XML, about twice as fast as openpyxl.

The same tuples as openpyxl's read-only ``iter_rows(values_only=True)``.

openpyxl builds an ElementTree element per row, cell and value and then reads them back;
two thirds of a large import's reading went there. Here expat calls small handlers that
keep only the values. openpyxl still opens the workbook (shared strings, date styles,
the sheet's declared size); only the cell loop is ours.

Anything this reader does not handle exactly as openpyxl does (shared, array or table
formulas, a DTD, broken XML, an openpyxl without the attributes used) hands the sheet to
openpyxl from the row it reached, so the result, and every refusal message, is
openpyxl's. ``tests/reports/test_fastsheet.py`` compares both readers cell by cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import islice
from typing import Any
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

Row = tuple[Any, ...]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL, _VALUE, _FORMULA = (f"{_MAIN} {t}" for t in ("row", "c", "v", "f"))
_INLINE, _TEXT, _PHONETIC = (f"{_MAIN} {t}" for t in ("is", "t", "rPh"))
_CHUNK = 1 << 16
_DIGITS = "0123456789"
#: Distinct number texts remembered ("3", "4.5"): a matrix repeats a handful of them.
_NUMBER_CACHE = 4096


class _HandOver(Exception):
    """Something openpyxl reads differently: let it read the rest."""


def sheet_rows(ws: Any) -> Iterator[Row]:
    """The rows of openpyxl read-only sheet ``ws``, row 1 first, values only."""
    done = 0
    try:
        for row in _Reader(ws).rows():
            yield row
            done += 1
    except Exception:  # whatever it was, openpyxl reads it (or says why not)
        yield from islice(ws.iter_rows(values_only=True), done, None)


def _cast_number(text: str) -> int | float:
    """A number as openpyxl reads it: an int unless the text has a point or exponent."""
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


class _Reader:
    """One pass over one sheet; handlers fill ``_out`` with finished rows."""

    def __init__(self, ws: Any) -> None:
        try:
            book = ws.parent
            self._open = ws._get_source
            self._strings = ws._shared_strings
            self._dates: set[int] = set(book._date_formats)
            self._durations: set[int] = set(book._timedelta_formats)
            self._epoch: dt.datetime = book.epoch
            formulas_as_text = not book.data_only
            self._max_col: int | None = ws.max_column
            self._max_row: int | None = ws.max_row
        except AttributeError:  # another openpyxl: its own reader it is
            raise _HandOver from None
        self._formulas = formulas_as_text
        self._out: list[Row] = []
        self._empty: Row = () if self._max_col is None else (None,) * self._max_col
        self._next_row = 1  # the next row number to yield (openpyxl's "counter")
        self._row_number = 0
        self._col = 0
        self._cells: list[tuple[int, Any]] = []
        self._in_row = False
        self._columns: dict[str, int] = {}
        self._numbers: dict[str, int | float] = {}
        self._reset_cell()
        self._text: list[str] | None = None  # collecting character data when not None
        self._past_max = False

    def _reset_cell(self) -> None:
        self._kind = "n"
        self._style = 0
        self._value: str | None = None
        self._formula: str | None = None
        self._inline: list[str] | None = None
        self._phonetic = False

    def rows(self) -> Iterator[Row]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        parser.StartDoctypeDeclHandler = self._refuse
        parser.EntityDeclHandler = self._refuse
        out = self._out
        with self._open() as src:
            while not self._past_max:
                chunk = src.read(_CHUNK)
                parser.Parse(chunk, not chunk)
                if out:
                    yield from out
                    out.clear()
                if not chunk:
                    break
        if self._past_max and self._max_row is not None:  # openpyxl pads only when cut off
            for _ in range(self._next_row, self._max_row + 1):
                yield self._empty

    def _refuse(self, *_: Any) -> None:
        raise _HandOver  # openpyxl (defusedxml) refuses it with its own message

    def _chars(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _CELL and self._in_row:
            self._kind = attrs.get("t", "n")
            style = attrs.get("s")
            self._style = int(style) if style else 0
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip(_DIGITS)
                col = self._columns.get(letters)
                if col is None:
                    col = self._columns[letters] = column_index_from_string(letters)
                self._col = col
            else:
                self._col += 1
        elif name in (_VALUE, _FORMULA):
            if name == _FORMULA and attrs.get("t") in ("shared", "array", "dataTable"):
                raise _HandOver
            self._text = []
        elif name == _ROW:
            self._start_row(attrs.get("r"))
        elif name == _INLINE:
            self._inline = []
        elif name == _TEXT and self._inline is not None and not self._phonetic:
            self._text = []
        elif name == _PHONETIC:
            self._phonetic = True

    def _end(self, name: str) -> None:
        if name == _CELL and self._in_row:
            self._cells.append((self._col, self._cell_value()))
            self._reset_cell()
        elif name == _VALUE:
            self._value = "".join(self._text or ())
            self._text = None
        elif name == _FORMULA:
            self._formula = "=" + "".join(self._text or ())
            self._text = None
        elif name == _TEXT and self._text is not None and self._inline is not None:
            self._inline.append("".join(self._text))
            self._text = None
        elif name == _ROW:
            self._end_row()
        elif name == _PHONETIC:
            self._phonetic = False

    def _start_row(self, ref: str | None) -> None:
        if ref is None:
            self._row_number += 1
        else:
            try:
                self._row_number = int(ref)
            except ValueError:
                raise _HandOver from None  # "3.0" or worse: openpyxl decides
        self._col = 0
        self._cells = []
        self._in_row = True

    def _end_row(self) -> None:
        self._in_row = False
        number = self._row_number
        if self._past_max:
            return
        if self._max_row is not None and number > self._max_row:
            self._past_max = True
            return
        while self._next_row < number:  # rows the sheet leaves out
            self._out.append(self._empty)
            self._next_row += 1
        if self._next_row > number:  # a row number again or going back: openpyxl skips it
            return
        self._next_row += 1
        self._out.append(self._row_tuple())

    def _row_tuple(self) -> Row:
        cells = self._cells
        width = self._max_col
        if not cells and not width:
            return ()
        width = width or cells[-1][0]
        values: list[Any] = [None] * width
        for col, value in cells:
            if 1 <= col <= width:
                values[col - 1] = value
        return tuple(values)

    def _cell_value(self) -> Any:
        kind = self._kind
        text = None if kind == "inlineStr" else (self._value or None)
        if self._formulas and self._formula is not None:
            return self._formula
        if text is None:
            if kind == "inlineStr" and self._inline is not None:
                return "".join(self._inline)
            return None
        if kind == "n":
            if self._style in self._dates:
                return self._date(text)
            number = self._numbers.get(text)
            if number is None:
                number = _cast_number(text)
                if len(self._numbers) < _NUMBER_CACHE:
                    self._numbers[text] = number
            return number
        if kind == "s":
            return self._strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's cached text), "e" (an error such as #N/A)

    def _date(self, text: str) -> Any:
        try:
            return from_excel(
                _cast_number(text), self._epoch, timedelta=self._style in self._durations
            )
        except (OverflowError, ValueError):
            raise _HandOver from None  # openpyxl warns and reads "#VALUE!"
