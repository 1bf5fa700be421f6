"""Row versions: ratings, people, competencies, targets and cycles carry a ``version``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 00:00:05

Every update is a compare-and-set on ``version`` (``WHERE version = :loaded``) and checks
the row count, so two managers on one shared database can never overwrite each other's
change unnoticed. Existing rows start at 1. ``cycles.created_by`` names who started a
cycle (a second manager pressing Start is told who was first). Written without imports
from the models, so it stays what version 0009 was.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("ratings", "people", "competencies", "targets", "cycles")


def upgrade() -> None:
    # A plain ADD COLUMN with a default on both back ends (no table copy on SQLite).
    for table in VERSIONED:
        op.add_column(
            table, sa.Column("version", sa.Integer(), nullable=False, server_default="1")
        )
    op.add_column(
        "cycles",
        sa.Column("created_by", sa.String(length=200), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("cycles") as batch:
        batch.drop_column("created_by")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
