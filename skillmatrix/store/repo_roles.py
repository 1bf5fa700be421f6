"""Frameworks, roles and their targets (role x seniority x competency -> level)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import NotFoundError
from skillmatrix.core.model import Role, Seniority
from skillmatrix.store import models, repo_changes, versions
from skillmatrix.store.bulk import driver_insert_sql
from skillmatrix.store.lookup import by_name, find
from skillmatrix.store.names import clean_name


def role_row(s: Session, key: int | str) -> models.Role:
    """A role by id or name (NotFoundError lists the names)."""
    return find(s, models.Role, key, "role")


def ensure_role(s: Session, name: str, framework_id: int | None = None) -> models.Role:
    """The role called ``name`` (any case), created if new; links it to a framework."""
    name = clean_name(name, "role")
    row = by_name(s, models.Role, name)
    if row is None:
        row = models.Role(name=name, framework_id=framework_id)
        s.add(row)
        s.flush()
    elif framework_id is not None:
        row.framework_id = framework_id
    return row


def list_roles(s: Session, *, with_targets_only: bool = False) -> list[Role]:
    """Every role (or only those with targets) with its targets, ordered by name."""
    targets: dict[int, dict[Seniority, dict[int, int]]] = defaultdict(dict)
    versions: dict[int, dict[Seniority, dict[int, int]]] = defaultdict(dict)
    for t in s.execute(
        select(
            models.Target.role_id,
            models.Target.seniority,
            models.Target.competency_id,
            models.Target.level,
            models.Target.version,
        )
    ):
        targets[t.role_id].setdefault(Seniority(t.seniority), {})[t.competency_id] = t.level
        versions[t.role_id].setdefault(Seniority(t.seniority), {})[t.competency_id] = t.version
    rows = s.execute(
        select(models.Role, models.Framework.name)
        .outerjoin(models.Framework, models.Role.framework_id == models.Framework.id)
        .order_by(models.Role.name)
    ).all()
    return [
        Role(
            id=role.id,
            name=role.name,
            framework=fw or "",
            targets=targets.get(role.id, {}),
            target_versions=versions.get(role.id, {}),
        )
        for role, fw in rows
        if targets.get(role.id) or not with_targets_only
    ]


def get_role(s: Session, key: int | str) -> Role:
    """One role with its targets."""
    row = role_row(s, key)
    s.flush()
    return next(r for r in list_roles(s) if r.id == row.id)


def target_level(s: Session, role_id: int, seniority: Seniority, competency_id: int) -> int | None:
    """The level one target expects, None when there is none."""
    return s.scalar(
        select(models.Target.level).where(
            models.Target.role_id == role_id,
            models.Target.seniority == seniority.value,
            models.Target.competency_id == competency_id,
        )
    )


def set_target(
    s: Session,
    role_id: int,
    seniority: Seniority,
    competency_id: int,
    level: int | None,
    *,
    checked: bool = False,
    expected_version: int | None = None,
    what: str = "the target",
) -> None:
    """Set one target; ``None`` removes it (the role then may not include the competency).

    ``checked``: compare-and-set on ``expected_version``, the version loaded (None: there
    was no target). A miss raises ``ChangedMeanwhileError`` naming ``what``.
    """
    row = s.scalar(
        select(models.Target).where(
            models.Target.role_id == role_id,
            models.Target.seniority == seniority.value,
            models.Target.competency_id == competency_id,
        )
    )
    if checked:
        if (row.version if row is not None else None) != expected_version:
            last = repo_changes.last_change_for(s, ("target", competency_id, role_id))
            raise versions.stale(what, last)
        if row is not None and level is not None:
            versions.claim(row, expected_version, what)  # even an unchanged level bumps it
    if level is None:
        if row is not None:
            s.delete(row)  # the ORM's DELETE compare-and-sets on the version
    elif row is None:
        s.add(
            models.Target(
                role_id=role_id,
                seniority=seniority.value,
                competency_id=competency_id,
                level=level,
            )
        )
    else:
        row.level = level


def replace_targets(s: Session, role_id: int, targets: dict[int, dict[Seniority, int]]) -> None:
    """Make a role's targets exactly ``targets`` (competency id -> seniority -> level)."""
    s.execute(delete(models.Target).where(models.Target.role_id == role_id))
    rows = [
        (role_id, sen.value, cid, level, 1)
        for cid, by_seniority in targets.items()
        for sen, level in by_seniority.items()
    ]
    if not rows:
        return
    # One executemany straight to the driver: as ORM objects a framework's 900 targets
    # took 0.2 s, and even Core's per-row parameter handling cost more than the inserts.
    table = cast(Table, models.Target.__table__)
    columns = ("role_id", "seniority", "competency_id", "level", "version")
    conn = s.connection()
    sql = driver_insert_sql(conn.dialect, table, columns)
    if sql is None:
        s.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
    else:
        conn.exec_driver_sql(sql, rows)


def upsert_framework(
    s: Session, *, name: str, description: str, source: str, version: int
) -> models.Framework:
    """The framework record called ``name``, created or refreshed (loaded_at = now)."""
    row = by_name(s, models.Framework, name)
    if row is None:
        row = models.Framework(name=clean_name(name, "framework"))
        s.add(row)
    row.description, row.source, row.version = description, source, version
    row.loaded_at = models.utcnow()
    s.flush()
    return row


def targets_of(s: Session, competency_id: int) -> list[tuple[int, Seniority, int]]:
    """Every target on a competency: (role id, seniority, level), by role and seniority."""
    T = models.Target
    rows = s.execute(
        select(T.role_id, T.seniority, T.level)
        .where(T.competency_id == competency_id)
        .order_by(T.role_id, T.seniority)
    )
    return [(r.role_id, Seniority(r.seniority), r.level) for r in rows]


def insert_targets(
    s: Session, competency_id: int, targets: Iterable[tuple[int, Seniority, int]]
) -> None:
    """Put a competency's targets back: (role id, seniority, level) each.

    Raises:
        NotFoundError: a role no longer exists.
    """
    targets = list(targets)
    wanted = {role_id for role_id, _, _ in targets}
    found = set(s.scalars(select(models.Role.id).where(models.Role.id.in_(wanted))))
    if wanted - found:
        raise NotFoundError(f"no role #{min(wanted - found)}")
    s.add_all(
        models.Target(role_id=role_id, seniority=sen.value, competency_id=competency_id, level=lv)
        for role_id, sen, lv in targets
    )
    s.flush()
