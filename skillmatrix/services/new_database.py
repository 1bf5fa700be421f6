"""Create a database from nothing: its proficiency scale and its first role frameworks.

The scale is chosen here, once: every later reader (grid, charts, report, forms, imports)
takes it from the database's ``scale_levels`` table.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.scale import DEFAULT_SCALE, Scale
from skillmatrix.core.scales import describe
from skillmatrix.services.database import discarded_on_failure, open_database
from skillmatrix.store import seed
from skillmatrix.store.database import Database
from skillmatrix.store.install import check_levels, install


@dataclass(frozen=True, slots=True)
class Created:
    """What :func:`create_database` did: ``db`` is open (the caller closes it)."""

    db: Database
    new_file: bool
    frameworks: tuple[str, ...]


def create_database(
    target: str | os.PathLike[str] | None,
    *,
    scale: Scale = DEFAULT_SCALE,
    frameworks: Sequence[Framework] = (),
) -> Created:
    """Create the database ``target`` on ``scale`` with ``frameworks`` installed.

    A database that exists but holds nothing yet (no competencies, roles, people or
    cycles) is set up the same way. Every framework is checked against the scale before
    anything is written; the frameworks go in one transaction, and when they fail a file
    this call created is removed again.

    Raises:
        ValidationError: the database already holds data, or a framework does not fit.
        FrameworkError: a framework is written for a scale of another size.
        DatabaseError: it cannot be created or opened.
    """
    for fw in frameworks:
        check_levels(fw, scale)
    with discarded_on_failure(target) as fresh:
        db = open_database(target) if fresh is None else _open_new(target, scale)
        try:
            if not db.created:
                db = _reuse_empty(db, scale)
            with db.session() as s:
                for fw in frameworks:
                    install(s, fw, scale)
        except BaseException:
            db.close()
            raise
    return Created(db, fresh is not None, tuple(fw.name for fw in frameworks))


def _open_new(target: str | os.PathLike[str] | None, scale: Scale) -> Database:
    from skillmatrix.services.database import resolve_target

    resolved = resolve_target(target)
    resolved.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
    return Database(resolved, scale=scale)


def _reuse_empty(db: Database, scale: Scale) -> Database:
    """``db`` (existing) on ``scale``, or ValidationError when it already holds data."""
    with db.session() as s:
        if seed.holds_data(s):
            raise ValidationError(
                f"{db.name} already exists and holds data (scale {describe(db.scale)}); "
                "use 'skillmatrix frameworks load' to add a role framework to it"
            )
        if db.scale == scale:
            return db
        seed.replace_scale(s, scale)
    db.close()  # its scale was read before the change: open it afresh
    return Database(db.path if db.path is not None else db.url.render_as_string(False))
