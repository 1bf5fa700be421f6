"""How much an import may read: bounds checked before the work, not after it.

A file asks for work in proportion to its size, so every import is bounded by the number
of people and competencies it may create (:class:`ImportLimits`; the defaults fit an
organisation of 20,000 people rated on 300 competencies). A sheet's size is checked from
what it declares (its ``<dimension>``, or a bounded pre-scan) before any row is read, and
again while its rows stream, so a file that lies about its size still stops at the bound.

A refusal is an :class:`ImportTooLarge`: one line naming the bound and how to lift it
(``--max-people`` / ``--max-competencies`` on the command line, a confirmation in the
wizard, which retries with :meth:`ImportLimits.allowing`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from skillmatrix.core.errors import ImportProblem

#: Excel's widest sheet (column XFD); anything wider was not written by a spreadsheet.
EXCEL_MAX_COLUMNS = 16_384
#: Columns a sheet may have besides its competencies (name, email, team, role, notes ...).
EXTRA_COLUMNS = 64
#: Rows a sheet may have besides one per person (titles, legends, totals, blank rows).
EXTRA_ROWS = 1_000
#: A bound the user lifted without knowing how far the file goes.
UNLIMITED = 10**9

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """The most one import may create; everything else is derived from these two."""

    max_people: int = 25_000
    max_competencies: int = 500

    @property
    def max_columns(self) -> int:
        """Columns a sheet may have: the competencies and the extra columns."""
        return self.max_competencies + EXTRA_COLUMNS

    @property
    def max_wide_rows(self) -> int:
        """Rows of a sheet with one person per row (wide layouts, the report's Matrix)."""
        return self.max_people + EXTRA_ROWS

    @property
    def max_cells(self) -> int:
        """Cells of any one sheet (a long layout has one row per rating, a few columns)."""
        return self.max_wide_rows * self.max_columns

    def allowing(self, exc: ImportTooLarge) -> ImportLimits:
        """These limits raised for what ``exc`` refused (the wizard's "import anyway").

        A refusal that knows the size the file needs raises the bound to it; one found
        while streaming (the file is bigger than the bound, by how much is unknown) lifts it.
        """
        if exc.limit == "cells":  # grow the people bound until the sheet fits
            people = UNLIMITED if exc.needed is None else -(-exc.needed // self.max_columns)
            return replace(self, max_people=max(self.max_people, people))
        needed = UNLIMITED if exc.needed is None else exc.needed
        if exc.limit == "people":
            return replace(self, max_people=max(self.max_people, needed))
        return replace(self, max_competencies=max(self.max_competencies, needed))


DEFAULT_LIMITS = ImportLimits()

_HOW = {
    "people": "--max-people",
    "competencies": "--max-competencies",
    "cells": "--max-people or --max-competencies",
}


class ImportTooLarge(ImportProblem):
    """An import asked for more than a limit allows.

    Attributes:
        limit: which bound: "people", "competencies" or "cells".
        needed: how much the file needs (what to raise the bound to), None when unknown.
        what: the message without the file name and the flag (for the wizard's question).
    """

    def __init__(self, file: str, what: str, *, limit: str, needed: int | None) -> None:
        super().__init__(f"{file}: {what} (raise it with {_HOW[limit]})")
        self.limit = limit
        self.needed = needed
        self.what = what


def too_wide(file: str, where: str, columns: int, limits: ImportLimits) -> ImportProblem | None:
    """The refusal for a sheet ``columns`` wide, or None when it is within the bounds."""
    if columns > EXCEL_MAX_COLUMNS:
        return ImportProblem(
            f"{file}: {_of(where)}has {columns:,} columns, more than any spreadsheet can have "
            f"({EXCEL_MAX_COLUMNS:,}); the file is damaged"
        )
    if columns > limits.max_columns:
        return ImportTooLarge(
            file,
            f"{_of(where)}has {columns:,} columns, more than the limit of "
            f"{limits.max_competencies:,} competencies and {EXTRA_COLUMNS} other columns",
            limit="competencies",
            needed=columns - EXTRA_COLUMNS,
        )
    return None


def check_declared_size(
    file: str, where: str, rows: int, columns: int, limits: ImportLimits
) -> None:
    """Refuse a sheet from the size it declares, before any of it is read."""
    wide = too_wide(file, where, columns, limits)
    if wide is not None:
        raise wide
    if rows * columns > limits.max_cells:
        raise ImportTooLarge(
            file,
            f"{_of(where)}is too large to import ({rows:,} rows x {columns:,} columns, more than "
            f"the limit of {limits.max_cells:,} cells)",
            limit="cells",
            needed=rows * columns,
        )


def check_people_rows(
    file: str, where: str, rows: int | None, header_row: int, limits: ImportLimits
) -> None:
    """Refuse a one-person-per-row sheet whose declared rows exceed the people limit."""
    if rows is None:
        return
    people = rows - header_row
    if people > limits.max_wide_rows:
        raise too_many("people", file, people, limits, where=where)


def too_many(
    kind: str, file: str, count: int | None, limits: ImportLimits, *, where: str = ""
) -> ImportTooLarge:
    """The refusal of a file with ``count`` people or competencies (None: more than allowed)."""
    bound = limits.max_people if kind == "people" else limits.max_competencies
    if count is None:
        what = f"has more than the limit of {bound:,} {kind}"
    else:
        what = f"{_of(where)}has {count:,} rows of people, more than the limit of {bound:,} {kind}"
    return ImportTooLarge(file, what, limit=kind, needed=count)


def bounded_rows(
    rows: Iterator[Row], file: str, where: str, limits: ImportLimits, max_rows: int | None = None
) -> Iterator[Row]:
    """Stream rows, stopping with a clear error once a row or the sheet exceeds the bounds.

    This is what holds when a sheet's declared size is missing or lies.
    """
    cells = 0
    for n, row in enumerate(rows, start=1):
        if max_rows is not None and n > max_rows:
            return
        wide = too_wide(file, where, len(row), limits)
        if wide is not None:
            raise wide
        cells += len(row)
        if cells > limits.max_cells:
            raise ImportTooLarge(
                file,
                f"{_of(where)}is too large to import (more than the limit of "
                f"{limits.max_cells:,} cells)",
                limit="cells",
                needed=None,
            )
        yield row


def _of(where: str) -> str:
    """The subject of a message: "sheet 'Matrix' " or nothing (a CSV file is its only table)."""
    return f"{where} " if where else ""
