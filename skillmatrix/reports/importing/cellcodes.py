"""A wide sheet's rows kept as small codes until its value mapping is known.

A wide sheet is read twice: once to count each column's values (what decides which
columns are skills and how values read as levels), then to read the levels. Keeping every
row's tuple between the two was 8 bytes a cell plus the tuple (~50 MB at 20,000 people x
300 competencies); here each cell of the columns that matter is a 2-byte code (4 once a
sheet has more than 65,535 distinct values) into a table of the distinct values. Values
are told apart by type too (1, 1.0 and True stay three values), so every cell reads back
exactly as written.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

#: The code of an empty cell (None, or past the row's end).
EMPTY = 0
_WIDE_CODES = 1 << 16


class CodedRows:
    """Rows of a sheet, each reduced to the cells of ``columns`` as codes.

    Each row has a tag (a person index, or -1 for a row without a person).
    """

    def __init__(self, columns: Sequence[int]) -> None:
        self.columns = list(columns)
        self.position = {col: j for j, col in enumerate(self.columns)}
        self.values: list[Any] = [None]  # code -> value
        self._codes: dict[tuple[type, Any], int] = {}
        self._cells = array("H")
        self.tags = array("i")
        self.numbers = array("i")  # the row number in the sheet

    def __len__(self) -> int:
        return len(self.tags)

    def add(self, tag: int, number: int, row: tuple[Any, ...]) -> None:
        """Keep ``row``'s cells of the columns (its sheet row ``number``)."""
        width = len(row)
        codes = self._codes
        values = self.values
        out: list[int] = []
        for col in self.columns:
            value = row[col] if col < width else None
            if value is None:
                out.append(EMPTY)
                continue
            key = (value.__class__, value)
            code = codes.get(key)
            if code is None:
                code = codes[key] = len(values)
                values.append(value)
                if code == _WIDE_CODES:  # more distinct values than 2 bytes tell apart
                    self._cells = array("I", self._cells)
            out.append(code)
        self._cells.extend(out)
        self.tags.append(tag)
        self.numbers.append(number)

    def row(self, index: int) -> array[int]:
        """The codes of row ``index``, one per column in ``columns`` order."""
        width = len(self.columns)
        return self._cells[index * width : (index + 1) * width]

    def __iter__(self) -> Iterator[tuple[int, int, array[int]]]:
        """(tag, number, codes) per row, in sheet order."""
        for index in range(len(self.tags)):
            yield self.tags[index], self.numbers[index], self.row(index)

    def counts(self) -> dict[int, Counter[object]]:
        """Column -> how often each value occurs in rows with a person (tag >= 0).

        Values are counted in order of first appearance, as a Counter fed cell by cell
        would.
        """
        width = len(self.columns)
        out: dict[int, Counter[object]] = {col: Counter() for col in self.columns}
        if not len(self.tags) or not width:
            return out
        kind = np.uint16 if self._cells.typecode == "H" else np.uint32
        grid = np.frombuffer(self._cells, dtype=kind).reshape(len(self.tags), width)
        grid = grid[np.frombuffer(self.tags, dtype=np.int32) >= 0]
        for j, col in enumerate(self.columns):
            found, first, many = np.unique(grid[:, j], return_index=True, return_counts=True)
            counter = out[col]
            for k in np.argsort(first, kind="stable").tolist():
                code = int(found[k])
                if code != EMPTY:
                    counter[self.values[code]] += int(many[k])
        return out
