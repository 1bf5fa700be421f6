"""Find a row by id or by name (case-insensitively), with helpful not-found messages."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError
from skillmatrix.store import models
from skillmatrix.store.names import fold, not_found

Row = TypeVar(
    "Row",
    models.Team,
    models.Role,
    models.Category,
    models.Competency,
    models.Cycle,
    models.Framework,
)


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
        raise NotFoundError(not_found(what, key, s.scalars(select(model.name)).all()))
    return row
