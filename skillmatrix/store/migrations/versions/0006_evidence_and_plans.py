"""Evidence on ratings (links and short texts per cell) and growth plans (goals per person).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 00:00:03

Rows go with their person, competency or cycle. Written without imports from the models,
so it stays what version 0006 was.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rating_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(url) <= 2000", name=op.f("ck_rating_evidence_url_length")),
        sa.CheckConstraint("length(text) <= 500", name=op.f("ck_rating_evidence_text_length")),
        sa.CheckConstraint("url <> '' OR text <> ''", name=op.f("ck_rating_evidence_not_empty")),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competencies.id"],
            name=op.f("fk_rating_evidence_competency_id_competencies"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycles.id"], name=op.f("fk_rating_evidence_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_rating_evidence_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_evidence")),
    )
    op.create_index(
        op.f("ix_rating_evidence_cycle_id_person_id_competency_id"), "rating_evidence",
        ["cycle_id", "person_id", "competency_id"],
    )
    op.create_index(op.f("ix_rating_evidence_competency_id"), "rating_evidence", ["competency_id"])
    op.create_table(
        "growth_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=False),
        sa.Column("by_cycle_id", sa.Integer(), nullable=True),
        sa.Column("action_kind", sa.String(length=16), nullable=False),
        sa.Column("action_text", sa.String(length=500), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'in progress', 'done', 'dropped')",
            name=op.f("ck_growth_goals_status"),
        ),
        sa.CheckConstraint(
            "action_kind IN ('', 'mentor', 'course', 'project')",
            name=op.f("ck_growth_goals_action_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_growth_goals_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competencies.id"],
            name=op.f("fk_growth_goals_competency_id_competencies"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_level"], ["scale_levels.value"],
            name=op.f("fk_growth_goals_target_level_scale_levels"),
        ),
        sa.ForeignKeyConstraint(
            ["by_cycle_id"], ["cycles.id"], name=op.f("fk_growth_goals_by_cycle_id_cycles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["people.id"], name=op.f("fk_growth_goals_mentor_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_growth_goals")),
    )
    op.create_index(op.f("ix_growth_goals_person_id"), "growth_goals", ["person_id"])
    op.create_index(op.f("ix_growth_goals_competency_id"), "growth_goals", ["competency_id"])


def downgrade() -> None:
    op.drop_table("growth_goals")
    op.drop_table("rating_evidence")
