"""Review progress: a cycle's due date and where each person's review stands.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 00:00:01

Adds ``cycles.due_on`` (NULL: the cycle's last day) and the ``review_states`` table, one
row per person and cycle once anything happened: the self-assessment form went out, it
came back, the manager finished the review, manager and person agreed. Written without
imports from the models, so it stays what version 0004 was.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cycles", sa.Column("due_on", sa.Date(), nullable=True))
    op.create_table(
        "review_states",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("form_sent_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycles.id"], name=op.f("fk_review_states_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_review_states_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cycle_id", "person_id", name=op.f("pk_review_states")),
    )
    op.create_index(
        op.f("ix_review_states_person_id"), "review_states", ["person_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_review_states_person_id"), table_name="review_states")
    op.drop_table("review_states")
    with op.batch_alter_table("cycles") as batch:
        batch.drop_column("due_on")
