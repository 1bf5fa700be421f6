"""ORM table definitions (SQLAlchemy 2 typed mappings).

Every rule the data must obey is a database constraint (foreign keys, CHECKs, UNIQUEs), so
a bug in a service or a hand-edited file cannot store a level outside the scale or a
duplicate rating. Types are portable (no SQLite-only types) so PostgreSQL can follow.

These classes never leave ``skillmatrix.store``: repositories turn rows into the plain
dataclasses of ``skillmatrix.core.model``.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from skillmatrix.core.model import Seniority, Source
from skillmatrix.core.scale import INTEREST_MAX
from skillmatrix.store.revision import META_TABLE

#: Fixed constraint names: Alembic batch mode on SQLite and ``compare_metadata`` need
#: every constraint to have the same name in the models and in the migrations.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Random bytes in ``skillmatrix_meta.report_secret`` (stored as hex).
REPORT_SECRET_BYTES = 32

SENIORITY_CHECK = "seniority IN ({})".format(", ".join(f"'{s.value}'" for s in Seniority))
SOURCE_CHECK = "source IN ({})".format(", ".join(f"'{s.value}'" for s in Source))


def new_report_secret() -> str:
    """A fresh per-database secret for report pseudonyms: 32 random bytes, as hex."""
    return secrets.token_hex(REPORT_SECRET_BYTES)


def utcnow() -> dt.datetime:
    """Naive UTC timestamp (portable: SQLite has no time zone type)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base whose metadata names constraints by ``NAMING_CONVENTION``."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Meta(Base):
    """The single row that marks a file as a SkillMatrix database.

    ``report_secret`` keys the pseudonyms of anonymised reports (see
    ``skillmatrix.reports.anonymize``); it never leaves the database. Nullable in the
    schema (a portable ``ADD COLUMN``), but every row has one: seeded with a new database,
    filled by migration 0002 for older ones.
    """

    __tablename__ = META_TABLE
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    app: Mapped[str] = mapped_column(String(40))
    created_with: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    report_secret: Mapped[str | None] = mapped_column(String(64), default=new_report_secret)


class ScaleLevel(Base):
    """One level of this database's proficiency scale (ratings reference it)."""

    __tablename__ = "scale_levels"

    value: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")


class Team(Base):
    """A team people belong to."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Framework(Base):
    """Where a role's competencies and targets came from (an installed framework file)."""

    __tablename__ = "frameworks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Role(Base):
    """A role; its competencies are those it has targets for."""

    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    framework_id: Mapped[int | None] = mapped_column(
        ForeignKey("frameworks.id", ondelete="SET NULL")
    )


class Category(Base):
    """A group of competencies; ``position`` orders categories."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Competency(Base):
    """A competency, shared by every role that targets it (unique by name)."""

    __tablename__ = "competencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    critical: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Compare-and-set: every update says ``WHERE version = <loaded>`` and bumps it.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # the ORM's UPDATEs compare-and-set


class LevelDescription(Base):
    """What one level means for one competency."""

    __tablename__ = "competency_level_descriptions"
    __table_args__ = (UniqueConstraint("competency_id", "level"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(ForeignKey("scale_levels.value"))
    text: Mapped[str] = mapped_column(Text)


class CoverageRule(Base):
    """Covered when ``min_people`` are at ``min_level`` or above (default when absent)."""

    __tablename__ = "coverage_rules"
    __table_args__ = (CheckConstraint("min_people >= 1", name="min_people_positive"),)

    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True
    )
    min_people: Mapped[int] = mapped_column(Integer)
    min_level: Mapped[int] = mapped_column(ForeignKey("scale_levels.value"))


class Target(Base):
    """The level a role expects at a seniority in a competency."""

    __tablename__ = "targets"
    __table_args__ = (
        UniqueConstraint("role_id", "seniority", "competency_id"),
        CheckConstraint(SENIORITY_CHECK, name="seniority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"))
    seniority: Mapped[str] = mapped_column(String(16))
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int] = mapped_column(ForeignKey("scale_levels.value"))
    # Compare-and-set: every update says ``WHERE version = <loaded>`` and bumps it.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # the ORM's UPDATEs compare-and-set


class Person(Base):
    """Someone being rated; inactive people (who left) keep their history."""

    __tablename__ = "people"
    __table_args__ = (CheckConstraint(SENIORITY_CHECK, name="seniority"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    role_id: Mapped[int | None] = mapped_column(ForeignKey("roles.id", ondelete="SET NULL"))
    # NULL: unknown (an import whose file gave none); never guessed as Mid.
    seniority: Mapped[str | None] = mapped_column(String(16), default=Seniority.MID.value)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Compare-and-set: every update says ``WHERE version = <loaded>`` and bumps it.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # the ORM's UPDATEs compare-and-set


class Cycle(Base):
    """An assessment cycle (usually a quarter); a closed cycle is read-only."""

    __tablename__ = "cycles"
    __table_args__ = (
        CheckConstraint(
            "starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on", name="dates"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    due_on: Mapped[dt.date | None] = mapped_column(Date)  # NULL: reviews are due by ends_on
    # Compare-and-set: every update says ``WHERE version = <loaded>`` and bumps it.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Who started it: a second manager pressing Start at the same time is told who won.
    created_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    __mapper_args__ = {"version_id_col": version}  # the ORM's UPDATEs compare-and-set


class Rating(Base):
    """One person's rating in one competency, cycle and source."""

    __tablename__ = "ratings"
    __table_args__ = (
        # Column order (cycle, source, person, competency) makes this unique index also
        # the index that loads one cycle and source, or one person's row, quickly.
        UniqueConstraint("cycle_id", "source", "person_id", "competency_id"),
        CheckConstraint(SOURCE_CHECK, name="source"),
        CheckConstraint("NOT (not_applicable AND level IS NOT NULL)", name="na_without_level"),
        CheckConstraint(
            f"interest IS NULL OR (interest >= 0 AND interest <= {INTEREST_MAX})",
            name="interest_range",
        ),
        # ON DELETE CASCADE from people and competencies must not scan 1.5M rows.
        Index(None, "person_id"),
        Index(None, "competency_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16), default=Source.MANAGER.value)
    # A foreign key to the scale: the database itself refuses a level outside the scale.
    level: Mapped[int | None] = mapped_column(ForeignKey("scale_levels.value"))
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    interest: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    rated_by: Mapped[str] = mapped_column(String(200), default="")
    rated_on: Mapped[dt.date | None] = mapped_column(Date)
    # The cycle whose review last set or confirmed these values (NULL: its own cycle). Not
    # a foreign key: a deleted cycle simply leaves the rating "confirmed long ago".
    confirmed_cycle_id: Mapped[int | None] = mapped_column(Integer)
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    # Compare-and-set: every update says ``WHERE version = <loaded>`` and bumps it.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class ReviewState(Base):
    """Where one person's review stands in one cycle (a row once anything happened)."""

    __tablename__ = "review_states"

    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    form_sent_on: Mapped[dt.date | None] = mapped_column(Date)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    agreed_on: Mapped[dt.date | None] = mapped_column(Date)


class RatingHistory(Base):
    """One change of one rating cell: append-only, written with the change itself."""

    __tablename__ = "rating_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    who: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(200), default="")
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(16))
    old_level: Mapped[int | None] = mapped_column(Integer)
    old_na: Mapped[bool] = mapped_column(Boolean, default=False)
    old_interest: Mapped[int | None] = mapped_column(Integer)
    old_note: Mapped[str] = mapped_column(Text, default="")
    new_level: Mapped[int | None] = mapped_column(Integer)
    new_na: Mapped[bool] = mapped_column(Boolean, default=False)
    new_interest: Mapped[int | None] = mapped_column(Integer)
    new_note: Mapped[str] = mapped_column(Text, default="")


class ChangeHistory(Base):
    """One change of a person, competency, target or cycle.

    Append-only, written in the transaction of the change itself (ratings have their own
    ``rating_history``).

    No foreign keys: a person's deletion stays on record after the person has gone, so
    ``entity_name`` keeps the name they had at the time.
    """

    __tablename__ = "change_history"
    __table_args__ = (Index("ix_change_history_entity", "entity_kind", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    who: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(60))  # "person.edit", "cycle.close", ...
    entity_kind: Mapped[str] = mapped_column(String(20))  # person, competency, target, cycle
    entity_id: Mapped[int] = mapped_column(Integer)
    entity_name: Mapped[str] = mapped_column(String(200), default="")
    old_value: Mapped[str] = mapped_column(Text, default="")  # short text or JSON
    new_value: Mapped[str] = mapped_column(Text, default="")
    cycle_id: Mapped[int | None] = mapped_column(Integer)


class LeaveEntry(Base):
    """One planned absence (parental leave, notice period, sabbatical) for the risk projection.

    Both days included. Goes with its person.
    """

    __tablename__ = "leaves"
    __table_args__ = (CheckConstraint("ends >= starts", name="order"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    starts: Mapped[dt.date] = mapped_column(Date)
    ends: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40), default="")


class RatingEvidence(Base):
    """One piece of evidence behind a rating cell: a link and/or a short text.

    Kept per cell (cycle, person, competency), not per rating row, so evidence survives a
    rating being cleared and re-entered. Bounds match ``core.evidence``.
    """

    __tablename__ = "rating_evidence"
    __table_args__ = (
        CheckConstraint("length(url) <= 2000", name="url_length"),
        CheckConstraint("length(text) <= 500", name="text_length"),
        CheckConstraint("url <> '' OR text <> ''", name="not_empty"),
        Index(None, "cycle_id", "person_id", "competency_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(200), default="")
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


GOAL_STATUS_CHECK = "status IN ('planned', 'in progress', 'done', 'dropped')"


class GrowthGoal(Base):
    """One goal of a person's growth plan: reach a level in a competency by a cycle."""

    __tablename__ = "growth_goals"
    __table_args__ = (
        CheckConstraint(GOAL_STATUS_CHECK, name="status"),
        Index(None, "person_id"),
        Index(None, "competency_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"))
    target_level: Mapped[int] = mapped_column(ForeignKey("scale_levels.value"))
    # NULL: no deadline (or the cycle was deleted).
    by_cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="planned")
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class GoalAction(Base):
    """One action of a growth goal (migration 0012): a mentor, a course or a project.

    A mentor is a person; each has its own text and status (open or done).
    """

    __tablename__ = "goal_actions"
    __table_args__ = (
        CheckConstraint("kind IN ('mentor', 'course', 'project')", name="kind"),
        CheckConstraint("status IN ('open', 'done')", name="status"),
        CheckConstraint("mentor_id IS NULL OR kind = 'mentor'", name="mentor_kind"),
        Index(None, "goal_id"),
        Index(None, "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("growth_goals.id", ondelete="CASCADE"))
    # The goal's person, kept on the row so PostgreSQL's row security (``pg_security``)
    # treats actions as it treats goals; written from the goal, never chosen by a caller.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500), default="")
    # NULL for a course or a project (or a mentor since deleted: the text may name them).
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Compare-and-set: every update says ``WHERE version = <loaded>`` and bumps it.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # the ORM's UPDATEs compare-and-set
