"""What an import produces: plain records, nothing written anywhere.

Ratings refer to people and competencies by their index in :attr:`ParsedImport.people` and
:attr:`ParsedImport.competencies`, so a 5,000 x 300 sheet does not repeat names 1.5 million
times. Every problem found is a one-line string ``"Sheet!F7: reason"``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from openpyxl.utils import get_column_letter

from skillmatrix.core.model import Seniority, Source

if TYPE_CHECKING:
    from skillmatrix.core.frameworks import Framework
    from skillmatrix.reports.importing.scalemap import ValueMapping

Layout = Literal["matrix", "wide", "transposed", "long", "framework", "form"]

#: At most this many problems are kept; the last line then says how many more there were.
MAX_PROBLEMS = 1_000


@dataclass(frozen=True, slots=True)
class ImportedPerson:
    """A person as written in the file (empty strings where a column is absent)."""

    name: str
    email: str = ""
    team: str = ""
    role: str = ""
    seniority: Seniority | None = None
    row: int = 0
    known: bool = True
    key: str = ""  # the file's id for the person, when it has one


@dataclass(frozen=True, slots=True)
class ImportedCompetency:
    """A competency as written in the file; targets only come from framework sheets."""

    name: str
    category: str = ""
    description: str = ""
    critical: bool | None = None
    targets: dict[Seniority, int] = field(default_factory=dict)
    min_people: int | None = None
    min_level: int | None = None
    known: bool = True


class ImportedRating(NamedTuple):
    """One cell: a level, an n/a mark, and (long sheets, forms) interest, note and date.

    ``level is None and not not_applicable`` means only interest or a note was given.
    ``interest`` and ``note`` are None when the file does not say (keep what is stored).
    A named tuple, not a frozen dataclass: a 5,000-person sheet makes ~500k of them and
    a tuple is made in half the time.
    """

    person: int
    competency: int
    level: int | None
    not_applicable: bool = False
    interest: int | None = None
    note: str | None = None
    rated_on: dt.date | None = None
    row: int = 0
    column: int = 0
    self_rating: bool = False  # long files whose assessment type says "self"

    @property
    def ref(self) -> str:
        """The cell, e.g. "F7"."""
        return f"{get_column_letter(max(1, self.column))}{self.row}"


@dataclass(frozen=True, slots=True)
class ImportedColumn:
    """How one column of the header row was read (for a column-mapping screen).

    Attributes:
        index: 0-based column.
        header: the header text.
        role: "name", "email", "team", "role", "seniority" (people), for long sheets also
            "competency", "category", "level", "interest", "note", "date"; for wide sheets
            "competency:<name>"; or "skip" (see :mod:`skillmatrix.reports.importing.mapping`).
        reason: a few words on why ("new competency", "formulas", "set by you", ...).
        samples: the first few values below the header, as text.
    """

    index: int
    header: str
    role: str
    reason: str = ""
    samples: tuple[str, ...] = ()

    @property
    def letter(self) -> str:
        """The column letter, e.g. "F"."""
        letter: str = get_column_letter(self.index + 1)
        return letter


@dataclass
class ParsedImport:
    """The result of :func:`skillmatrix.reports.importing.read_import`.

    Attributes:
        path: the file read.
        sheet: the sheet the records come from (the file name for CSV).
        layout: which layout was recognised.
        source: ``Source.SELF`` for returned self-assessment forms, else manager.
        cycle_name: the cycle a form or report was written for (None if the file is silent).
        role: for framework sheets, the role the targets belong to.
        skipped_columns: headers of columns that were recognised as not being skills.
        header_row: the 1-based header row (0 when the layout has none, e.g. forms).
        columns: how each header column was read (wide, matrix and long layouts).
        sheets: the visible sheets of the workbook (the file name for CSV).
        problems: every problem found, "Sheet!F7: reason"; the import must not be applied
            while this is not empty.
        decisions: what each stage decided and why (table, orientation, columns), in order.
        value_mapping: how the file's values were read as levels (None for frameworks).
        frameworks: role frameworks read by ``framework_file`` (descriptions per level,
            job-level rows, roles in columns, Markdown, YAML); installed as they are.
    """

    path: Path
    sheet: str
    layout: Layout
    source: Source = Source.MANAGER
    cycle_name: str | None = None
    role: str | None = None
    people: list[ImportedPerson] = field(default_factory=list)
    competencies: list[ImportedCompetency] = field(default_factory=list)
    ratings: list[ImportedRating] = field(default_factory=list)
    skipped_columns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dropped_problems: int = 0
    header_row: int = 0
    columns: list[ImportedColumn] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    value_mapping: ValueMapping | None = None
    frameworks: list[Framework] = field(default_factory=list)  # other framework shapes

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def new_people(self) -> list[ImportedPerson]:
        """People the app does not know yet (they would be created)."""
        return [p for p in self.people if not p.known]

    @property
    def new_competencies(self) -> list[ImportedCompetency]:
        """Competencies the app does not know yet (they would be created)."""
        return [c for c in self.competencies if not c.known]

    def problem(self, where: str, reason: str) -> None:
        """Record a problem at ``where`` (a cell like "F7", or "" for the whole sheet)."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped_problems += 1
            return
        self.problems.append(
            f"{self.sheet}!{where}: {reason}" if where else f"{self.sheet}: {reason}"
        )

    def all_problems(self) -> list[str]:
        """The problems, with a last line counting those not kept."""
        if not self.dropped_problems:
            return list(self.problems)
        return [*self.problems, f"… and {self.dropped_problems} more problems"]
