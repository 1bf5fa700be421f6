"""Lookup files beside a normalised long file: who an employee id is, what a skill id is.

``ratings.csv`` with ``employee_id, skill_id, level`` is usually exported with
``people.csv`` (id, name, ...) and ``skills.csv`` (id, name, category) in the same folder.
They are read when they exist; ids they do not list stay as they are (and are named so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from skillmatrix.core.errors import ImportProblem
from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.headers import field_of, norm

PEOPLE_FILES = ("people", "persons", "employees", "staff", "users", "members", "team")
SKILL_FILES = ("skills", "competencies", "competences", "skill", "capabilities")
SUFFIXES = (".csv", ".xlsx", ".tsv")
MAX_ROWS = 200_000


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person named by an id lookup file."""

    name: str
    email: str = ""
    team: str = ""


@dataclass(frozen=True, slots=True)
class SkillRef:
    """A competency named by an id lookup file."""

    name: str
    category: str = ""


@dataclass
class Lookups:
    """The id lookup files found beside an import, and what they name."""

    people: dict[str, PersonRef] = field(default_factory=dict)
    skills: dict[str, SkillRef] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def described(self) -> list[str]:
        """One line per lookup file used, for the dry run."""
        return [f"ids resolved with {name}" for name in self.files]


def _find(folder: Path, stems: tuple[str, ...], not_this: Path) -> Path | None:
    for stem in stems:
        for suffix in SUFFIXES:
            candidate = folder / f"{stem}{suffix}"
            if candidate.is_file() and candidate.resolve() != not_this.resolve():
                return candidate
    return None


def _table(path: Path) -> list[tuple[object, ...]]:
    from skillmatrix.reports.importing.source import open_book

    book = open_book(path)
    try:
        return list(islice(book.sheets[0].rows(), MAX_ROWS)) if book.sheets else []
    finally:
        book.close()


def _columns(
    header: tuple[object, ...], id_fields: tuple[str, ...], name_fields: tuple[str, ...]
) -> dict[str, int]:
    cols: dict[str, int] = {}
    for col, cell in enumerate(header):
        f = field_of(cell)
        text = norm(cell)
        if f in id_fields or text in ("id", "key", "code"):
            cols.setdefault("id", col)
        elif f in name_fields or text in ("name", "title", "label", "full name"):
            cols.setdefault("name", col)
        elif f is not None:
            cols.setdefault(f, col)
    return cols


def find_lookups(path: Path) -> Lookups:
    """The lookup files beside ``path`` (an unreadable one is an ImportProblem)."""
    out = Lookups()
    folder = path.parent
    people = _find(folder, PEOPLE_FILES, path)
    if people is not None:
        rows = _table(people)
        cols = _columns(rows[0], ("id",), ("name",)) if rows else {}
        if "id" not in cols or not ({"name", "email"} & cols.keys()):
            raise ImportProblem(
                f"{people.name}: needs an id column and a name column to look people up"
            )
        for row in rows[1:]:

            def get(f: str, row: tuple[object, ...] = row) -> str:
                c = cols.get(f)
                return v.text(row[c]) if c is not None and c < len(row) else ""

            if get("id"):
                out.people[get("id")] = PersonRef(
                    get("name") or get("email"), get("email"), get("team")
                )
        out.files.append(people.name)
    skills = _find(folder, SKILL_FILES, path)
    if skills is not None:
        rows = _table(skills)
        cols = _columns(rows[0], ("id", "competency_id"), ("competency",)) if rows else {}
        if "id" not in cols or "name" not in cols:
            raise ImportProblem(
                f"{skills.name}: needs an id column and a name column to look skills up"
            )
        for row in rows[1:]:

            def get2(f: str, row: tuple[object, ...] = row) -> str:
                c = cols.get(f)
                return v.text(row[c]) if c is not None and c < len(row) else ""

            if get2("id"):
                out.skills[get2("id")] = SkillRef(get2("name"), get2("category"))
        out.files.append(skills.name)
    return out
