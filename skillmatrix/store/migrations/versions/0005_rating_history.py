"""An append-only history of rating changes: who, when, old and new value, which action.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 00:00:02

One row per changed cell, written in the same transaction as the change. Rows go when
their person, competency or cycle is deleted (a person's history leaves with them).
Written without imports from the models, so it stays what version 0005 was.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rating_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=200), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("old_level", sa.Integer(), nullable=True),
        sa.Column("old_na", sa.Boolean(), nullable=False),
        sa.Column("old_interest", sa.Integer(), nullable=True),
        sa.Column("old_note", sa.Text(), nullable=False),
        sa.Column("new_level", sa.Integer(), nullable=True),
        sa.Column("new_na", sa.Boolean(), nullable=False),
        sa.Column("new_interest", sa.Integer(), nullable=True),
        sa.Column("new_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competencies.id"],
            name=op.f("fk_rating_history_competency_id_competencies"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycles.id"], name=op.f("fk_rating_history_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_rating_history_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_history")),
    )
    op.create_index(op.f("ix_rating_history_person_id"), "rating_history", ["person_id"])
    op.create_index(op.f("ix_rating_history_competency_id"), "rating_history", ["competency_id"])
    op.create_index(op.f("ix_rating_history_cycle_id"), "rating_history", ["cycle_id"])


def downgrade() -> None:
    op.drop_table("rating_history")
