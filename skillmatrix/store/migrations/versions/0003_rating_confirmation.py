"""When each rating was last confirmed, so carried-forward ratings can be told apart.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 00:00:00

Adds ``ratings.confirmed_cycle_id`` (the cycle in which the rating's values were last set
or confirmed unchanged) and ``ratings.confirmed_on``. Carrying a cycle forward copies
both, so a rating nobody looked at this quarter still names the quarter it was confirmed
in. NULL means "confirmed in its own cycle" (rows written before this revision, or by a
writer that does not know the columns), so nothing is flagged as stale by mistake.

Backfill: a row that is an exact copy of the same cell's row in the previous cycle (level,
n/a, interest, note, rated by, rated on) was carried forward and never touched; it inherits
that row's confirmation. Cycles are walked oldest first so chains of carries resolve.
Written without imports from the models, so it stays what version 0003 was; plain nullable
ADD COLUMNs (no table rebuild) on every back end.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("ratings", sa.Column("confirmed_cycle_id", sa.Integer(), nullable=True))
    op.add_column("ratings", sa.Column("confirmed_on", sa.Date(), nullable=True))
    bind = op.get_bind()
    cycles = [
        row[0]
        for row in bind.execute(
            sa.text("SELECT id FROM cycles ORDER BY starts_on IS NULL, starts_on, id")
        )
    ]
    same = " AND ".join(
        f"((p.{c} = ratings.{c}) OR (p.{c} IS NULL AND ratings.{c} IS NULL))"
        for c in ("level", "not_applicable", "interest", "note", "rated_by", "rated_on")
    )
    for previous, current in zip(cycles, cycles[1:], strict=False):
        bind.execute(
            sa.text(
                "UPDATE ratings SET "
                "confirmed_cycle_id = (SELECT COALESCE(p.confirmed_cycle_id, p.cycle_id) "
                f"FROM ratings p WHERE p.cycle_id = :prev AND p.source = ratings.source "
                "AND p.person_id = ratings.person_id "
                f"AND p.competency_id = ratings.competency_id AND {same}), "
                "confirmed_on = rated_on "
                "WHERE cycle_id = :cur AND EXISTS (SELECT 1 FROM ratings p "
                "WHERE p.cycle_id = :prev AND p.source = ratings.source "
                "AND p.person_id = ratings.person_id "
                f"AND p.competency_id = ratings.competency_id AND {same})"
            ),
            {"prev": previous, "cur": current},
        )


def downgrade() -> None:
    with op.batch_alter_table("ratings") as batch:
        batch.drop_column("confirmed_on")
        batch.drop_column("confirmed_cycle_id")
