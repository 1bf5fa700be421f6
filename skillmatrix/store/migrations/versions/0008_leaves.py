"""A leave calendar: planned absences per person for the week-by-week risk projection.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03 00:00:04

Rows go with their person. Written without imports from the models, so it stays what
version 0008 was.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "leaves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.CheckConstraint("ends >= starts", name=op.f("ck_leaves_order")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_leaves_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leaves")),
    )
    op.create_index(op.f("ix_leaves_person_id"), "leaves", ["person_id"])


def downgrade() -> None:
    op.drop_table("leaves")
