"""Rows every new database starts with: the SkillMatrix marker (with its report secret)
and the scale."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from skillmatrix import __version__
from skillmatrix.core.scale import Scale
from skillmatrix.store.models import Meta, ScaleLevel, new_report_secret, utcnow
from skillmatrix.store.revision import APP_ID


def seed_new_database(conn: Connection, scale: Scale) -> None:
    """Insert the marker row (with a new report secret) and ``scale``'s levels into a
    freshly created schema."""
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
