"""Initial schema: scale, teams, frameworks, roles, competencies, targets, people,
cycles and ratings.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 00:00:00

Written out in full (no imports from the models) so it stays true to what version 0001
was, whatever the models become. Seeds the SkillMatrix marker row and the default
0-4 scale, so a database built by ``upgrade head`` equals one built by ``create_all``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SENIORITY = "seniority IN ('Junior', 'Mid', 'Senior', 'Staff', 'Principal')"


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    meta = op.create_table(
        "skillmatrix_meta",
        _id(),
        sa.Column("app", sa.String(length=40), nullable=False),
        sa.Column("created_with", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_skillmatrix_meta_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skillmatrix_meta")),
    )
    scale = op.create_table(
        "scale_levels",
        sa.Column("value", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("value", name=op.f("pk_scale_levels")),
    )
    op.create_table(
        "teams",
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "frameworks",
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frameworks")),
        sa.UniqueConstraint("name", name=op.f("uq_frameworks_name")),
    )
    op.create_table(
        "roles",
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["framework_id"], ["frameworks.id"],
            name=op.f("fk_roles_framework_id_frameworks"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("name", name=op.f("uq_roles_name")),
    )
    op.create_table(
        "categories",
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("name", name=op.f("uq_categories_name")),
    )
    op.create_table(
        "competencies",
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name=op.f("fk_competencies_category_id_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competencies")),
        sa.UniqueConstraint("name", name=op.f("uq_competencies_name")),
    )
    op.create_index(op.f("ix_competencies_category_id"), "competencies", ["category_id"])
    op.create_table(
        "competency_level_descriptions",
        _id(),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competencies.id"],
            name=op.f("fk_competency_level_descriptions_competency_id_competencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["level"], ["scale_levels.value"],
            name=op.f("fk_competency_level_descriptions_level_scale_levels"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency_level_descriptions")),
        sa.UniqueConstraint(
            "competency_id", "level",
            name=op.f("uq_competency_level_descriptions_competency_id_level"),
        ),
    )
    op.create_table(
        "coverage_rules",
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("min_people", sa.Integer(), nullable=False),
        sa.Column("min_level", sa.Integer(), nullable=False),
        sa.CheckConstraint("min_people >= 1", name=op.f("ck_coverage_rules_min_people_positive")),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competencies.id"],
            name=op.f("fk_coverage_rules_competency_id_competencies"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["min_level"], ["scale_levels.value"],
            name=op.f("fk_coverage_rules_min_level_scale_levels"),
        ),
        sa.PrimaryKeyConstraint("competency_id", name=op.f("pk_coverage_rules")),
    )
    op.create_table(
        "targets",
        _id(),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("seniority", sa.String(length=16), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.CheckConstraint(SENIORITY, name=op.f("ck_targets_seniority")),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competencies.id"],
            name=op.f("fk_targets_competency_id_competencies"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["level"], ["scale_levels.value"], name=op.f("fk_targets_level_scale_levels")
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_targets_role_id_roles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint(
            "role_id", "seniority", "competency_id",
            name=op.f("uq_targets_role_id_seniority_competency_id"),
        ),
    )
    op.create_index(op.f("ix_targets_competency_id"), "targets", ["competency_id"])
    op.create_table(
        "people",
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("role_id", sa.Integer(), nullable=True),
        sa.Column("seniority", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(SENIORITY, name=op.f("ck_people_seniority")),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_people_role_id_roles"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_people_team_id_teams"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    op.create_index(op.f("ix_people_team_id"), "people", ["team_id"])
    op.create_table(
        "cycles",
        _id(),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_cycles_dates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycles")),
        sa.UniqueConstraint("name", name=op.f("uq_cycles_name")),
    )
    op.create_table(
        "ratings",
        _id(),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("not_applicable", sa.Boolean(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("rated_by", sa.String(length=200), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=True),
        sa.CheckConstraint("source IN ('manager', 'self')", name=op.f("ck_ratings_source")),
        sa.CheckConstraint(
            "NOT (not_applicable AND level IS NOT NULL)", name=op.f("ck_ratings_na_without_level")
        ),
        sa.CheckConstraint(
            "interest IS NULL OR (interest >= 0 AND interest <= 3)",
            name=op.f("ck_ratings_interest_range"),
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competencies.id"],
            name=op.f("fk_ratings_competency_id_competencies"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycles.id"], name=op.f("fk_ratings_cycle_id_cycles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["level"], ["scale_levels.value"], name=op.f("fk_ratings_level_scale_levels")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_ratings_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint(
            "cycle_id", "source", "person_id", "competency_id",
            name=op.f("uq_ratings_cycle_id_source_person_id_competency_id"),
        ),
    )
    op.create_index(op.f("ix_ratings_person_id"), "ratings", ["person_id"])
    op.create_index(op.f("ix_ratings_competency_id"), "ratings", ["competency_id"])

    op.bulk_insert(
        meta,
        [{"id": 1, "app": "skillmatrix", "created_with": "migration 0001",
          "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None)}],
    )
    op.bulk_insert(
        scale,
        [
            {"value": 0, "label": "None", "description": "No knowledge or experience yet."},
            {"value": 1, "label": "Awareness",
             "description": "Knows the concepts; needs guidance to apply them."},
            {"value": 2, "label": "Working",
             "description": "Applies it to routine work with occasional help."},
            {"value": 3, "label": "Proficient",
             "description": "Works independently, including on non-routine problems."},
            {"value": 4, "label": "Expert",
             "description": "Recognised authority; can teach others and set direction."},
        ],
    )


def downgrade() -> None:
    for table in (
        "ratings", "cycles", "people", "targets", "coverage_rules",
        "competency_level_descriptions", "competencies", "categories", "roles",
        "frameworks", "teams", "scale_levels", "skillmatrix_meta",
    ):
        op.drop_table(table)
