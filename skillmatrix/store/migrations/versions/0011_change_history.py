"""An append-only history of changes to people, competencies, targets and cycles.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 00:00:01

One row per change (who, when, which action, the entity's kind, id and name at the time,
the old and new value as short text or JSON, the cycle it concerns), written in the same
transaction as the change. No foreign keys: the record of a deletion outlives the row.
On PostgreSQL, ``store.pg_security`` makes it append-only (run by ``server upgrade``).
Written without imports from the models, so it stays what version 0011 was.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity_kind", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("entity_name", sa.String(length=200), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_history")),
    )
    op.create_index(op.f("ix_change_history_at"), "change_history", ["at"])
    op.create_index("ix_change_history_entity", "change_history", ["entity_kind", "entity_id"])


def downgrade() -> None:
    op.drop_table("change_history")
