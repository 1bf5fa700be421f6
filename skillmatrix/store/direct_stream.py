"""A snapshot read a few people at a time, in the order they will be shown.

Why: the Assess grid shows some 40 rows of a 20,000-person organisation at first. Reading
every rating before painting made the first screen grow with the organisation (seconds at
20,000 people). This reader can first yield a *head*: a snapshot of only the first people
in display order (five plain columns a person are read for it, not a full listing), then the
whole organisation's frame with the first batch's ratings, and then fills the rest batch
by batch, in place, in the same read transaction. The final snapshot equals
``direct.load_snapshot``'s (``tests/store/test_direct_stream.py``).
"""

from __future__ import annotations

import heapq
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from skillmatrix.core.model import Cycle, Person, Seniority, Source
from skillmatrix.core.scale import Scale
from skillmatrix.core.snapshot import Snapshot, ages_before
from skillmatrix.store import direct
from skillmatrix.store.snapshot_build import Packing, fill, frame

#: People read in the first batch (more than any screen shows) and in each later one.
FIRST = 120
BATCH = 1_000

Order = Callable[[Sequence[Person]], Sequence[int]]


@dataclass(frozen=True, slots=True)
class Head:
    """The display order of the head.

    ``grouped`` (team, role, seniority from the most senior, name) or by name; ``role`` (""
    = none) filters it; None = everyone.
    """

    grouped: bool = True
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Batch:
    """One step: ``indices`` (people of ``snapshot``) now hold their ratings.

    ``people`` is how many the whole snapshot has. ``head``: ``snapshot`` holds only the
    first people in display order, and a new snapshot of everybody follows.
    """

    snapshot: Snapshot
    indices: list[int]
    people: int
    head: bool = False


def head_people(
    conn: sqlite3.Connection, *, team_id: int | None, head: Head, limit: int
) -> list[Person]:
    """The first ``limit`` active people in ``head``'s order.

    The same keys as ``ui.assess.rows.order_rows`` (casefolded team, role, the most
    senior first, then name; ties by id, as that stable sort over ``list_people`` leaves
    them). Grouped: the teams are read in that order through the team index until
    ``limit`` people are in hand, so the cost follows the first teams' size, not the
    organisation's; by name: two columns a person are read.
    """
    teams = {k: v or "" for k, v in conn.execute("SELECT id, name FROM teams")}
    roles = {k: v or "" for k, v in conn.execute("SELECT id, name FROM roles")}
    where = "p.active"
    if head.role is not None:
        ids = ",".join(str(int(k)) for k, v in roles.items() if v == head.role) or "NULL"
        alone = " OR p.role_id IS NULL" if head.role == "" else ""
        where += f" AND (p.role_id IN ({ids}){alone})"
    select = f"SELECT p.id, p.name, p.role_id, p.seniority FROM people p WHERE {where}"
    if not head.grouped:
        args = [] if team_id is None else [team_id]
        team = "" if team_id is None else " AND p.team_id = ?"
        rows = conn.execute(select + team, args)
        top = heapq.nsmallest(limit, rows, key=lambda r: (r[1].casefold(), r[1], r[0]))
        return _people(conn, [r[0] for r in top])
    # Teams that compare equal (same name but for case) are one group, as in the sort;
    # people without a team come with the teams named "", last.
    groups: dict[tuple[bool, str], list[int | None]] = defaultdict(list)
    for k, name in teams.items():
        if team_id is None or k == team_id:
            groups[(not name, name.casefold())].append(k)
    if team_id is None:
        groups[(True, "")].append(None)
    rank = {s.value: s.rank for s in Seniority}
    picked: list[tuple[object, ...]] = []
    for key in sorted(groups):
        team_ids = [k for k in groups[key] if k is not None]
        cond = [f"p.team_id IN ({','.join(str(int(k)) for k in team_ids)})"] if team_ids else []
        if None in groups[key]:
            cond.append("p.team_id IS NULL")
        for pid, name, role_id, seniority in conn.execute(f"{select} AND ({' OR '.join(cond)})"):
            role = roles.get(role_id, "").casefold()
            picked.append((key, role, -rank.get(seniority, -1), name.casefold(), name, pid))
        if len(picked) >= limit:
            break
    return _people(conn, [r[-1] for r in heapq.nsmallest(limit, picked)])  # type: ignore[misc]


def _people(conn: sqlite3.Connection, ids: list[int]) -> list[Person]:
    listed = direct.list_people(conn, team_id=None, include_inactive=False, ids=ids)
    found = {p.id: p for p in listed}
    return [found[i] for i in ids]


def batches(order: Sequence[int], count: int, first: int, size: int) -> Iterator[list[int]]:
    """``order`` then any index of ``range(count)`` it leaves out, cut into batches.

    ``order`` holds snapshot indices, first shown first; the first batch has ``first``, the
    others ``size``.
    """
    seen = set(order)
    todo = list(order) + [i for i in range(count) if i not in seen]
    start, step = 0, max(1, first)
    while start < len(todo):
        yield todo[start : start + step]
        start, step = start + step, max(1, size)


class _Reader:
    """Fills snapshots of one cycle and source from ``conn``."""

    def __init__(self, conn: sqlite3.Connection, cycle: Cycle | None, source: Source, scale: Scale):
        self.conn, self.cycle, self.source, self.scale = conn, cycle, source, scale
        self.competencies = direct.list_competencies(conn)
        self.roles = direct.list_roles(conn, with_targets_only=True)
        ages = ages_before(direct.list_cycles(conn), cycle) if cycle is not None else {}
        self.packing = Packing.for_snapshot(scale, self.competencies, ages)

    def frame(self, people: Sequence[Person], team: str | None) -> Snapshot:
        return frame(
            people=people,
            competencies=self.competencies,
            roles=self.roles,
            cycle=self.cycle,
            team=team,
            scale=self.scale,
            packing=self.packing,
        )

    def fill(self, snap: Snapshot, indices: Sequence[int]) -> None:
        if self.cycle is None or not indices or not snap.competencies:
            return
        ids = [snap.people[i].id for i in indices]
        within = (
            f"cycle_id = {int(self.cycle.id)} AND source = ? "
            f"AND person_id IN ({','.join('?' * len(ids))})"
        )
        args = [self.source.value, *ids]
        notes = self.conn.execute(
            f"SELECT person_id, competency_id, note FROM ratings WHERE {within} AND note != ''",
            args,
        ).fetchall()
        packed = self.conn.execute(f"SELECT {self.packing.sql()} FROM ratings WHERE {within}", args)
        fill(snap, self.packing, packed, notes)


def stream_snapshot(
    conn: sqlite3.Connection,
    *,
    cycle: Cycle | None,
    team: str | int | None,
    source: Source,
    include_inactive: bool,
    scale: Scale,
    order: Order | None = None,
    head: Head | None = None,
    first: int | None = None,
    size: int | None = None,
) -> Iterator[Batch]:
    """Yield one :class:`Batch` per step.

    After the head (if any) every batch carries the same snapshot object, filled a few more
    people each time.

    Args:
        conn: a read-only connection to the SQLite file.
        cycle: the cycle read (None: no cycle, no ratings).
        team: the team's name or id (None: everyone).
        source: the rating source read.
        include_inactive: include people who are no longer active.
        scale: the database's scale.
        order: the people's indices in the order to read them (the display order);
            people it leaves out come last. None: the snapshot's order.
        head: first yield a snapshot of only the first ``first`` people in this order
            (which must be ``order``'s), when there are
            more people than that. Only for active people.
        first: people in the first batch (default :data:`FIRST`).
        size: people in each later batch (default :data:`BATCH`).

    Raises:
        NotFoundError: ``team`` does not exist.
    """
    first = FIRST if first is None else first
    size = BATCH if size is None else size
    team_id, team_name = (
        direct._find(conn, "teams", team, "team") if team is not None else (None, None)
    )
    reader = _Reader(conn, cycle, source, scale)
    if head is not None and not include_inactive:
        count = "SELECT count(*) FROM people WHERE active"
        if team_id is not None:
            count += f" AND team_id = {int(team_id)}"
        total = conn.execute(count).fetchone()[0]
        if total > first:
            top = head_people(conn, team_id=team_id, head=head, limit=first)
            snap = reader.frame(top, team_name)
            reader.fill(snap, range(len(top)))
            yield Batch(snap, list(range(len(top))), total, head=True)
    people = direct.list_people(conn, team_id=team_id, include_inactive=include_inactive)
    snap = reader.frame(people, team_name)
    if cycle is None or not people or not snap.competencies:
        yield Batch(snap, list(range(len(people))), len(people))
        return
    shown = order(people) if order is not None else range(len(people))
    for batch in batches(list(shown), len(people), first, size):
        reader.fill(snap, batch)
        yield Batch(snap, batch, len(people))
