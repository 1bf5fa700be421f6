"""Rows every new database starts with.

The SkillMatrix marker (with its report secret) and the scale.
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from skillmatrix import __version__
from skillmatrix.core.scale import Scale
from skillmatrix.store.models import (
    Competency,
    Cycle,
    Meta,
    Person,
    Role,
    ScaleLevel,
    new_report_secret,
    utcnow,
)
from skillmatrix.store.revision import APP_ID


def seed_new_database(conn: Connection, scale: Scale) -> None:
    """Insert the marker row and ``scale``'s levels into a freshly created schema.

    The marker gets a new report secret.
    """
    conn.execute(
        insert(Meta),
        [
            {
                "id": 1,
                "app": APP_ID,
                "created_with": __version__,
                "created_at": utcnow(),
                "report_secret": new_report_secret(),
            }
        ],
    )
    conn.execute(
        insert(ScaleLevel),
        [
            {"value": lv.value, "label": lv.label, "description": lv.description}
            for lv in scale.levels
        ],
    )


def holds_data(s: Session) -> bool:
    """Whether anything refers to the scale yet: competencies, roles, people or cycles."""
    return any(
        s.scalar(select(func.count()).select_from(model))
        for model in (Competency, Role, Person, Cycle)
    )


def replace_scale(s: Session, scale: Scale) -> None:
    """Give a database that holds no data (see :func:`holds_data`) the levels of ``scale``."""
    s.execute(delete(ScaleLevel))
    s.execute(
        insert(ScaleLevel),
        [
            {"value": lv.value, "label": lv.label, "description": lv.description}
            for lv in scale.levels
        ],
    )
