"""Shared bookkeeping of the layout parsers: people and competencies seen, known or new."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from skillmatrix.core.model import Seniority
from skillmatrix.core.scale import Scale
from skillmatrix.reports.importing.headers import norm
from skillmatrix.reports.importing.limits import DEFAULT_LIMITS, ImportLimits, too_many
from skillmatrix.reports.importing.records import (
    ImportedColumn,
    ImportedCompetency,
    ImportedPerson,
    ImportedRating,
    ParsedImport,
)
from skillmatrix.reports.importing.scalemap import Override, ValueMapping, identity, infer

#: Names in the person column of rows that summarise the sheet rather than describe a person.
SUMMARY_ROWS = frozenset(
    {
        "total",
        "totals",
        "average",
        "averages",
        "avg",
        "mean",
        "sum",
        "count",
        "min",
        "max",
        "median",
        "team average",
        "overall",
    }
)


class Collector:
    """Collects people, competencies and ratings into a :class:`ParsedImport`.

    Args:
        parsed: the result being filled.
        scale: the proficiency scale.
        known_people: names and e-mails of people the app knows.
        known_competencies: names of competencies the app knows.
        strict: unknown people or competencies are problems instead of "to create".
        limits: the most people and competencies it takes (ImportTooLarge beyond them).
    """

    def __init__(
        self,
        parsed: ParsedImport,
        scale: Scale,
        known_people: Iterable[str],
        known_competencies: Iterable[str],
        strict: bool,
        *,
        limits: ImportLimits = DEFAULT_LIMITS,
        override: Override | None = None,
    ) -> None:
        self.parsed = parsed
        self.limits = limits
        self.scale = scale
        self.override = override
        self.values: ValueMapping = identity(scale)
        self.strict = strict
        self.known_people = {norm(p) for p in known_people if p}
        self.known_competencies = {norm(c) for c in known_competencies if c}
        self._people: dict[str, int] = {}
        self._comps: dict[str, int] = {}
        self._first_row: dict[int, int] = {}  # (person, competency, self?) -> row

    def problem(self, where: str, reason: str) -> None:
        """Record a problem at ``where`` (a sheet cell or row)."""
        self.parsed.problem(where, reason)

    def decide(self, text: str) -> None:
        """Note what a stage decided and why (printed by the dry run)."""
        self.parsed.decisions.append(text)

    def use_values(self, values: Mapping[object, int], legend: Iterable[str] = ()) -> ValueMapping:
        """Infer the file's one value mapping from all its rating cells (and the legend)."""
        self.values = infer(values, self.scale, legend=legend, override=self.override)
        self.parsed.value_mapping = self.values
        return self.values

    def column(self, index: int, header: str, role: str, reason: str = "") -> None:
        """Record how the header column ``index`` was read (see ImportedColumn)."""
        self.parsed.columns.append(ImportedColumn(index, header, role, reason))

    def person_key(self, name: str, email: str, key: str = "") -> str:
        """The key a person is found by: their id column, else their email, else their name."""
        return ("id:" + norm(key) if key else "") or norm(email) or norm(name)

    def find_person(self, name: str, email: str, key: str = "") -> int | None:
        """Index of the person already read with this key, or None."""
        return self._people.get(self.person_key(name, email, key))

    def add_person(
        self,
        where: str,
        name: str,
        email: str = "",
        team: str = "",
        role: str = "",
        seniority: Seniority | None = None,
        row: int = 0,
        key: str = "",
    ) -> int:
        """Index of the person, adding them on first sight (``key``: the file's id)."""
        file_id = key
        key = self.person_key(name, email, file_id)
        index = self._people.get(key)
        if index is not None:
            return index
        known = norm(name) in self.known_people or bool(email and norm(email) in self.known_people)
        if not known and self.strict:
            self.problem(where, f"unknown person {name or email!r} (strict mode adds nobody)")
        if len(self.parsed.people) >= self.limits.max_people:
            raise too_many("people", self.parsed.path.name, None, self.limits)
        self.parsed.people.append(
            ImportedPerson(
                name.strip() or email.strip(),
                email.strip(),
                team.strip(),
                role.strip(),
                seniority,
                row,
                known,
                file_id.strip(),
            )
        )
        self._people[key] = len(self.parsed.people) - 1
        return self._people[key]

    def is_known_competency(self, name: str) -> bool:
        """Whether the database knows a competency of that name."""
        return norm(name) in self.known_competencies

    def find_competency(self, name: str) -> int | None:
        """Index of the competency already read with that name, or None."""
        return self._comps.get(norm(name))

    def add_competency(self, where: str, name: str, **attrs: object) -> int:
        """Index of the competency, adding it on first sight."""
        key = norm(name)
        index = self._comps.get(key)
        if index is not None:
            return index
        known = key in self.known_competencies
        if not known and self.strict:
            self.problem(where, f"unknown competency {name.strip()!r} (strict mode adds none)")
        if len(self.parsed.competencies) >= self.limits.max_competencies:
            raise too_many("competencies", self.parsed.path.name, None, self.limits)
        self.parsed.competencies.append(ImportedCompetency(name=name.strip(), known=known, **attrs))  # type: ignore[arg-type]
        self._comps[key] = len(self.parsed.competencies) - 1
        return self._comps[key]

    def add_rating(
        self, where: str, rating: ImportedRating, *, check: bool = True, source: str = ""
    ) -> None:
        """Keep the rating unless the same person and competency were already given.

        Args:
            where: the cell, for the problem message.
            rating: the rating.
            check: look for an earlier rating of the same cell (wide sheets check whole
                rows and columns instead, which costs no memory per cell).
            source: "self" for a self-assessment row (a cell may be given once per source).
        """
        if check:
            key = (rating.person << 21) + (rating.competency << 1) + (source == "self")
            first = self._first_row.get(key)
            if first is not None:
                p = self.parsed.people[rating.person]
                c = self.parsed.competencies[rating.competency]
                self.problem(where, f"{p.name} / {c.name} is given twice (also row {first})")
                return
            self._first_row[key] = rating.row
        self.parsed.ratings.append(rating)
