"""Per-database secret for the pseudonyms of anonymised reports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-01 00:00:00

Adds ``skillmatrix_meta.report_secret`` and fills the (single) marker row with 32 fresh
random bytes as hex. Until now pseudonyms were an unsalted hash of id and name, which
anyone who knows the staff list can reverse. Written without imports from the models, so
it stays what version 0002 was. The column is nullable so that ``ADD COLUMN`` works on
every back end; the app always fills it.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("skillmatrix_meta") as batch:
        batch.add_column(sa.Column("report_secret", sa.String(length=64), nullable=True))
    meta = sa.table(
        "skillmatrix_meta",
        sa.column("id", sa.Integer()),
        sa.column("report_secret", sa.String(length=64)),
    )
    op.execute(
        meta.update()
        .where(meta.c.report_secret.is_(None))
        .values(report_secret=secrets.token_hex(32))
    )


def downgrade() -> None:
    with op.batch_alter_table("skillmatrix_meta") as batch:
        batch.drop_column("report_secret")
