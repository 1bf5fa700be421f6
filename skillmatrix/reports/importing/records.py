"""What an import produces: plain records, nothing written anywhere.

Ratings refer to people and competencies by their index in :attr:`ParsedImport.people` and
:attr:`ParsedImport.competencies`, so a 5,000 x 300 sheet does not repeat names 1.5 million
times. Every problem found is a one-line string ``"Sheet!F7: reason"``.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, overload

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


#: The flag bits of :class:`RatingList`.
_NA, _SELF = 1, 2
#: A level of None in :class:`RatingList` (levels are small integers).
_NO_LEVEL = -32768


class RatingList:
    """The parsed ratings in file order, stored as parallel arrays.

    About 17 bytes a cell instead of ~130 for a tuple each: a 20,000-person matrix holds ~2M
    cells, and the import keeps them until its last write. Reads like a list of
    :class:`ImportedRating` (index, iterate, ``len``, compare with a list); the columns are
    public for the import's compare loop, which reads them without building a tuple per
    cell.

    Interest, note and date (long sheets and forms only) sit in a side table by index.
    """

    __slots__ = ("column", "competency", "extras", "flags", "level", "person", "row")

    #: ``level`` of a cell without one; the ``flags`` bit of an n/a mark.
    NO_LEVEL, NA = _NO_LEVEL, _NA

    def __init__(self, ratings: Iterable[ImportedRating] = ()) -> None:
        self.person = array("i")
        self.competency = array("i")
        self.level = array("h")
        self.flags = array("B")
        self.row = array("i")
        self.column = array("i")
        self.extras: dict[int, tuple[int | None, str | None, dt.date | None]] = {}
        for r in ratings:
            self.append(r)

    def add(
        self, person: int, competency: int, level: int | None, na: bool, row: int, column: int
    ) -> None:
        """Append a cell that gives a level or n/a only (a wide or transposed sheet)."""
        self.person.append(person)
        self.competency.append(competency)
        self.level.append(_NO_LEVEL if level is None else level)
        self.flags.append(_NA if na else 0)
        self.row.append(row)
        self.column.append(column)

    def append(self, r: ImportedRating) -> None:
        """Append one parsed rating."""
        if r.interest is not None or r.note is not None or r.rated_on is not None:
            self.extras[len(self.person)] = (r.interest, r.note, r.rated_on)
        self.add(r.person, r.competency, r.level, r.not_applicable, r.row, r.column)
        if r.self_rating:
            self.flags[-1] |= _SELF

    def is_self(self, index: int) -> bool:
        """Whether cell ``index`` is a self-assessment."""
        return bool(self.flags[index] & _SELF)

    def any_self(self) -> bool:
        """Whether any cell is a self-assessment."""
        return any(f & _SELF for f in self.flags)

    def self_mask(self) -> list[bool]:
        """Per cell: a self-assessment row of a long file."""
        return [bool(f & _SELF) for f in self.flags]

    def values(self, index: int) -> tuple[int | None, bool, int | None, str | None, dt.date | None]:
        """(level, n/a, interest, note, date) of one cell, without building its tuple."""
        level = self.level[index]
        interest, note, rated_on = (
            self.extras.get(index, (None, None, None)) if self.extras else (None, None, None)
        )
        return (
            None if level == _NO_LEVEL else level,
            bool(self.flags[index] & _NA),
            interest,
            note,
            rated_on,
        )

    def __len__(self) -> int:
        return len(self.person)

    @overload
    def __getitem__(self, index: int) -> ImportedRating: ...
    @overload
    def __getitem__(self, index: slice) -> list[ImportedRating]: ...
    def __getitem__(self, index: int | slice) -> ImportedRating | list[ImportedRating]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("rating index out of range")
        level = self.level[index]
        flags = self.flags[index]
        interest, note, rated_on = self.extras.get(index, (None, None, None))
        return ImportedRating(
            self.person[index],
            self.competency[index],
            None if level == _NO_LEVEL else level,
            bool(flags & _NA),
            interest,
            note,
            rated_on,
            self.row[index],
            self.column[index],
            bool(flags & _SELF),
        )

    def __iter__(self) -> Iterator[ImportedRating]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RatingList | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RatingList({len(self)} ratings)"


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
    ratings: RatingList = field(default_factory=RatingList)
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
        """True when no problem was found."""
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
