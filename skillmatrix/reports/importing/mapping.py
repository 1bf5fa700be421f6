"""Column mapping: the user's corrections to how columns were recognised.

A mapping is ``{column index (0-based, in the header row): role}``. Columns it leaves out
are recognised as usual, so an empty mapping changes nothing. Roles:

* ``"skip"``: not imported;
* a person field: ``"name"``, ``"email"``, ``"id"``, ``"team"``, ``"role"``, ``"seniority"``;
* wide sheets: ``"competency:<name>"`` (an existing competency's name, or a new one);
* long sheets: ``"competency"``, ``"category"``, ``"level"``, ``"interest"``, ``"note"``,
  ``"date"``.

A field claimed by a mapped column is taken from the column that had it by default (that
column is then skipped); two mapped columns claiming one field is a problem.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.utils import get_column_letter

SKIP = "skip"
COMPETENCY = "competency:"
PERSON_ROLES: tuple[str, ...] = ("name", "email", "id", "team", "role", "seniority")
LONG_ROLES: tuple[str, ...] = (
    *PERSON_ROLES,
    "competency",
    "competency_id",
    "category",
    "level",
    "interest",
    "note",
    "date",
    "source",
)
LABELS: dict[str, str] = {
    SKIP: "skip",
    "name": "person name",
    "email": "email",
    "id": "person id",
    "competency_id": "competency id",
    "source": "assessment type (self/manager)",
    "team": "team",
    "role": "role",
    "seniority": "seniority",
    "competency": "competency",
    "category": "category",
    "level": "level",
    "interest": "interest",
    "note": "note",
    "date": "date",
}

ColumnMapping = Mapping[int, str]


def competency_role(name: str) -> str:
    """The wide-sheet role "this column holds levels of competency ``name``"."""
    return COMPETENCY + " ".join(name.split())


def competency_of(role: str | None) -> str | None:
    """The competency name of a ``"competency:<name>"`` role, else None."""
    if role and role.startswith(COMPETENCY) and role[len(COMPETENCY) :].strip():
        return role[len(COMPETENCY) :].strip()
    return None


def label(role: str) -> str:
    """A role in words: "person name", "competency “Testing”", "skip"."""
    name = competency_of(role)
    return f"competency “{name}”" if name else LABELS.get(role, role)


def assign_fields(
    defaults: Mapping[str, int], mapping: ColumnMapping, allowed: tuple[str, ...]
) -> tuple[dict[str, int], dict[int, int], list[tuple[int, str]]]:
    """The column of each field once ``mapping`` is applied over the recognised ``defaults``.

    Args:
        defaults: field -> column as recognised from the headers.
        mapping: the user's corrections.
        allowed: the fields this layout reads (others in ``defaults`` are dropped).

    Returns:
        (field -> column, {column that lost its field: the mapped column that took it},
        [(column, problem)] for fields mapped to two columns).
    """
    fields = {f: c for f, c in defaults.items() if f in allowed and c not in mapping}
    displaced: dict[int, int] = {}
    claimed: dict[str, int] = {}
    problems: list[tuple[int, str]] = []
    for col in sorted(mapping):
        role = mapping[col]
        if role not in allowed:
            continue
        if role in claimed:
            other = get_column_letter(claimed[role] + 1)
            problems.append((col, f"column {other} is also mapped to {label(role)}; map one"))
            continue
        old = fields.get(role)
        if old is not None and old != col:
            displaced[old] = col
        fields[role] = claimed[role] = col
    return fields, displaced, problems
