"""Find a row by id or by name (case-insensitively), with helpful not-found messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.store import models

Row = TypeVar(
    "Row",
    models.Team,
    models.Role,
    models.Category,
    models.Competency,
    models.Cycle,
    models.Framework,
)


def fold(name: str) -> str:
    """The form names are compared in (SQLite's lower() only folds ASCII, so Python does)."""
    return " ".join(name.split()).casefold()


def clean_name(name: str, what: str) -> str:
    """``name`` with surrounding and repeated spaces removed; refuses an empty name."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ValidationError(f"a {what} needs a name")
    return cleaned


def hint(names: Iterable[str], limit: int = 12) -> str:
    """A short "(existing: a, b, c ...)" list for a not-found message."""
    names = sorted(names, key=str.casefold)
    if not names:
        return "(there are none yet)"
    shown = ", ".join(names[:limit])
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return f"(existing: {shown}{more})"


def by_name(s: Session, model: type[Row], name: str) -> Row | None:
    """The row of ``model`` whose name equals ``name`` ignoring case and spacing."""
    wanted = fold(name)
    for row in s.scalars(select(model)):
        if fold(row.name) == wanted:
            return row
    return None


def find(s: Session, model: type[Row], key: int | str, what: str) -> Row:
    """The row of ``model`` with id ``key`` (int) or name ``key`` (str).

    Raises:
        NotFoundError: no such row; the message lists existing names.
    """
    row = s.get(model, key) if isinstance(key, int) else by_name(s, model, key)
    if row is None:
        names = s.scalars(select(model.name)).all()
        shown = f"#{key}" if isinstance(key, int) else repr(key)
        raise NotFoundError(f"no {what} {shown} {hint(names)}")
    return row
