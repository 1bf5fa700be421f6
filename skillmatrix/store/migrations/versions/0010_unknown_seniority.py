"""People may have an unknown seniority: ``people.seniority`` becomes nullable.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 00:00:00

An import whose file names no seniority used to store "Mid" silently; NULL now says
"unknown" honestly (the check constraint still allows only the known values, and NULL
passes a CHECK). ``batch_alter_table`` copies the table on SQLite (which cannot ALTER a
column) and is a plain ``ALTER COLUMN ... DROP NOT NULL`` on PostgreSQL. Written without
imports from the models, so it stays what version 0010 was.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.alter_column("seniority", existing_type=sa.String(length=16), nullable=True)


def downgrade() -> None:
    # Going back cannot keep "unknown": those people become Mid (the old default).
    op.execute("UPDATE people SET seniority = 'Mid' WHERE seniority IS NULL")
    with op.batch_alter_table("people") as batch:
        batch.alter_column("seniority", existing_type=sa.String(length=16), nullable=False)
