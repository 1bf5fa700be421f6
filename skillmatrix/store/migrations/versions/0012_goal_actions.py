"""Growth goals get actions (plural): ``goal_actions``, each with its own text and status.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 00:00:02

A goal held one action in ``growth_goals.action_kind`` / ``action_text`` / ``mentor_id``.
Each goal's action moves into a row of ``goal_actions`` (kind mentor, course or project,
its text, its mentor, open or done), and the three columns are dropped. A goal that had
a mentor keeps them as a mentor action; text without a kind (the old form allowed it)
becomes a project action, the kind for "work to do", so no text is lost; an action of a
goal marked done is done, the others open. ``person_id`` repeats the goal's person so
PostgreSQL's row security treats actions as goals (``store.pg_security``). The database
is backed up before this runs (``Database`` does so for every older file). Written
without imports from the models, so it stays what version 0012 was.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "goal_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.CheckConstraint(
            "kind IN ('mentor', 'course', 'project')", name=op.f("ck_goal_actions_kind")
        ),
        sa.CheckConstraint("status IN ('open', 'done')", name=op.f("ck_goal_actions_status")),
        sa.CheckConstraint(
            "mentor_id IS NULL OR kind = 'mentor'", name=op.f("ck_goal_actions_mentor_kind")
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["growth_goals.id"], name=op.f("fk_goal_actions_goal_id_growth_goals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_goal_actions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["people.id"], name=op.f("fk_goal_actions_mentor_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_actions")),
    )  # fmt: skip
    op.create_index(op.f("ix_goal_actions_goal_id"), "goal_actions", ["goal_id"])
    op.create_index(op.f("ix_goal_actions_person_id"), "goal_actions", ["person_id"])
    op.execute(
        """
        INSERT INTO goal_actions
            (goal_id, person_id, kind, text, mentor_id, status, created_at, version)
        SELECT id, person_id,
               CASE WHEN mentor_id IS NOT NULL THEN 'mentor'
                    WHEN action_kind = '' THEN 'project'
                    ELSE action_kind END,
               action_text, mentor_id,
               CASE WHEN status = 'done' THEN 'done' ELSE 'open' END,
               created_at, 1
          FROM growth_goals
         WHERE action_kind <> '' OR action_text <> '' OR mentor_id IS NOT NULL
         ORDER BY id
        """
    )
    # SQLite copies the table here (foreign keys are off while ``Database`` upgrades, so
    # dropping the old copy cascades to nothing); PostgreSQL drops the columns in place.
    with op.batch_alter_table("growth_goals") as batch:
        batch.drop_constraint(op.f("ck_growth_goals_action_kind"), type_="check")
        batch.drop_constraint(op.f("fk_growth_goals_mentor_id_people"), type_="foreignkey")
        batch.drop_column("action_kind")
        batch.drop_column("action_text")
        batch.drop_column("mentor_id")


def downgrade() -> None:
    # Going back keeps one action per goal: its first (a mentor action first); the rest
    # and every action's status are lost (the backup made before upgrading has them).
    with op.batch_alter_table("growth_goals") as batch:
        batch.add_column(
            sa.Column("action_kind", sa.String(length=16), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("action_text", sa.String(length=500), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("mentor_id", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_growth_goals_action_kind"),
            "action_kind IN ('', 'mentor', 'course', 'project')",
        )
        batch.create_foreign_key(
            op.f("fk_growth_goals_mentor_id_people"), "people", ["mentor_id"], ["id"],
            ondelete="SET NULL",
        )  # fmt: skip
    op.execute(
        """
        UPDATE growth_goals SET
            action_kind = (SELECT a.kind FROM goal_actions a WHERE a.goal_id = growth_goals.id
                           ORDER BY a.kind <> 'mentor', a.id LIMIT 1),
            action_text = (SELECT a.text FROM goal_actions a WHERE a.goal_id = growth_goals.id
                           ORDER BY a.kind <> 'mentor', a.id LIMIT 1),
            mentor_id = (SELECT a.mentor_id FROM goal_actions a
                          WHERE a.goal_id = growth_goals.id
                          ORDER BY a.kind <> 'mentor', a.id LIMIT 1)
        WHERE EXISTS (SELECT 1 FROM goal_actions a WHERE a.goal_id = growth_goals.id)
        """
    )
    op.drop_table("goal_actions")
