"""The direct SQLite reads (``store.direct``) return exactly what the ORM returns.

The same records as the ORM repositories, on the same files; they never write, never create
a file, and need no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select
from store_helpers import populate_org

from skillmatrix.core.errors import DatabaseError, NotFoundError
from skillmatrix.core.model import Source
from skillmatrix.core.scale import Level, Scale
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.store import direct, models, repo_competencies, repo_cycles, repo_people
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import find
from skillmatrix.store.repo_roles import list_roles
from skillmatrix.store.repo_snapshot import load_snapshot as orm_snapshot

FIVE = Scale(tuple(Level(v, f"L{v}", f"level {v}") for v in range(1, 6)))


def _org(path: Path, scale: Scale | None = None) -> Database:
    """``populate_org`` plus what it lacks.

    Dated and closed cycles, an undated one, a Unicode team, someone with no team, level
    descriptions, a coverage rule, a framework.
    """
    db = Database(path, scale=scale)
    populate_org(db, people=30, comps=13)
    with db.session() as s:
        s.add_all(
            [
                models.Cycle(name="2025-Q4", starts_on=dt.date(2025, 10, 1), closed=True),
                models.Cycle(
                    name="2026-Q2", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 6, 30)
                ),
                models.Team(name="Ärger"),
                models.Team(name="alpha"),
                models.Person(name="Zoë Nobody", email="z@example.com"),
                models.Person(name="émile", seniority="Senior"),
            ]
        )
        fw = models.Framework(name="Backend Engineer")
        s.add(fw)
        s.flush()
        role = s.query(models.Role).one()
        role.framework_id = fw.id
        s.add(models.Role(name="Empty role"))
        comp = s.query(models.Competency).order_by(models.Competency.id).first()
        assert comp is not None
        s.add(models.CoverageRule(competency_id=comp.id, min_people=3, min_level=db.scale.max))
        s.add_all(
            models.LevelDescription(competency_id=comp.id, level=lv.value, text=f"at {lv.label}")
            for lv in db.scale.levels
        )
    return db


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Database:
    return _org(tmp_path_factory.mktemp("direct") / "org.db")


def _same(a: Snapshot, b: Snapshot) -> None:
    assert a.people == b.people and a.competencies == b.competencies and a.roles == b.roles
    for name in ("levels", "interest", "targets", "not_applicable"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.notes == b.notes
    assert (a.cycle, a.team, a.scale) == (b.cycle, b.team, b.scale)


@pytest.mark.parametrize("scale", [None, FIVE], ids=["0-4", "1-5"])
@pytest.mark.parametrize("source", list(Source))
@pytest.mark.parametrize(
    "team, include_inactive",
    [(None, False), (None, True), (" blue ", False), ("RED", True), (1, False), ("Ärger", False)],
)
def test_snapshot_equals_the_orm_loader(
    tmp_path: Path,
    scale: Scale | None,
    source: Source,
    team: str | int | None,
    include_inactive: bool,
) -> None:
    with _org(tmp_path / "org.db", scale) as db, db.session() as s:
        for row in s.scalars(select(models.Cycle)).all():
            want = orm_snapshot(
                s,
                cycle=row,
                team=team,
                source=source,
                include_inactive=include_inactive,
                scale=db.scale,
            )
            with db.direct() as conn:
                assert conn is not None
                got = direct.load_snapshot(
                    conn,
                    cycle=direct.get_cycle(conn, row.id),
                    team=team,
                    source=source,
                    include_inactive=include_inactive,
                    scale=db.scale,
                )
            _same(got, want)
            if row.name == "2026-Q1" and team is None:  # the rated cycle: a real check
                assert got.notes and got.not_applicable.any() and not np.isnan(got.levels).all()


def test_snapshot_without_a_cycle_is_all_nan(org: Database) -> None:
    with org.direct() as conn:
        assert conn is not None
        snap = direct.load_snapshot(
            conn,
            cycle=None,
            team=None,
            source=Source.MANAGER,
            include_inactive=False,
            scale=org.scale,
        )
    assert snap.cycle is None and snap.shape[0] > 0 and np.isnan(snap.levels).all()


def test_lists_equal_the_orm_repositories(org: Database) -> None:
    with org.session() as s, org.direct() as conn:
        assert conn is not None
        assert direct.list_teams(conn) == repo_people.list_teams(s)
        assert [t.name for t in direct.list_teams(conn)] == ["alpha", "Blue", "Red", "Ärger"]
        assert direct.list_cycles(conn) == repo_cycles.list_cycles(s)
        assert [c.name for c in direct.list_cycles(conn)] == ["2026-Q1", "2025-Q4", "2026-Q2"]
        latest = repo_cycles.latest_cycle_row(s)
        assert latest is not None and direct.latest_cycle(conn) == repo_cycles.to_cycle(latest)
        for key in ("2025-q4", " 2026-Q2 ", 1):
            assert direct.get_cycle(conn, key) == repo_cycles.to_cycle(
                repo_cycles.cycle_row(s, key)
            )
        assert direct.load_scale(conn) == repo_competencies.load_scale(s)
        assert direct.list_competencies(conn) == repo_competencies.list_competencies(s)
        assert any(c.level_descriptions for c in direct.list_competencies(conn))
        for only in (True, False):
            assert direct.list_roles(conn, with_targets_only=only) == list_roles(
                s, with_targets_only=only
            )
        for team_id in (None, 1):
            for inactive in (True, False):
                assert direct.list_people(
                    conn, team_id=team_id, include_inactive=inactive
                ) == repo_people.list_people(s, team=team_id, include_inactive=inactive)


def test_stored_reviews_equal_the_orm_repository(tmp_path: Path) -> None:
    from skillmatrix.store import repo_reviews

    db = _org(tmp_path / "reviews.db")
    try:
        with db.session() as s:
            cycle = s.query(models.Cycle).order_by(models.Cycle.id).first()
            assert cycle is not None
            first, second = s.query(models.Person.id).order_by(models.Person.id).limit(2)
            repo_reviews.record_step(
                s, cycle.id, [first[0], second[0]], "form_sent_on", dt.date(2026, 1, 5)
            )
            repo_reviews.record_step(s, cycle.id, [first[0]], "agreed_on", dt.date(2026, 2, 9))
            cycle_id = cycle.id
        with db.session() as s, db.direct() as conn:
            assert conn is not None
            stored = direct.stored_reviews(conn, cycle_id)
            assert stored == repo_reviews.stored_reviews(s, cycle_id)
            assert stored[first[0]].agreed_on == dt.date(2026, 2, 9)
            assert stored[second[0]].form_sent_on == dt.date(2026, 1, 5)
            assert direct.stored_reviews(conn, 999) == {}
    finally:
        db.close()


def test_not_found_says_the_same_as_the_orm(org: Database) -> None:
    for table, model, what, key in (
        ("teams", models.Team, "team", "Nope"),
        ("cycles", models.Cycle, "cycle", 999),
    ):
        with pytest.raises(NotFoundError) as orm_error, org.session() as s:
            find(s, model, key, what)
        with pytest.raises(NotFoundError) as direct_error, org.direct() as conn:
            direct._find(conn, table, key, what)  # type: ignore[arg-type]
        assert str(direct_error.value) == str(orm_error.value)
        assert "existing:" in str(direct_error.value)


def test_reads_see_committed_writes_and_never_write(tmp_path: Path) -> None:
    with _org(tmp_path / "org.db") as db:
        with db.session() as s:
            s.add(models.Team(name="New"))
        with db.direct() as conn:
            assert conn is not None
            assert "New" in [t.name for t in direct.list_teams(conn)]
        with pytest.raises(DatabaseError, match=r"org\.db"), db.direct() as conn:
            assert conn is not None
            conn.execute("DELETE FROM teams")
        with db.direct() as conn:
            assert conn is not None and len(direct.list_teams(conn)) == 5


def test_a_missing_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "gone.db"
    db = Database(path)
    db.close()
    path.unlink()
    with pytest.raises(DatabaseError, match=r"gone\.db"), db.direct():
        pass
    assert not path.exists()


def test_direct_reads_can_be_switched_off_and_other_back_ends_have_none(tmp_path: Path) -> None:
    with Database(tmp_path / "a.db", direct_reads=False) as db, db.direct() as conn:
        assert conn is None
    with Database("sqlite://") as memory, memory.direct() as conn:
        assert conn is None and memory.scale.levels


def test_a_current_file_is_opened_and_read_without_sqlalchemy(tmp_path: Path) -> None:
    _org(tmp_path / "org.db").close()
    code = (
        "import sys\n"
        "from skillmatrix.store.database import Database\n"
        "from skillmatrix.services import reads, snapshots\n"
        f"db = Database({str(tmp_path / 'org.db')!r})\n"
        "snap = snapshots.load_snapshot(db, team='Red')\n"
        "print(len(reads.list_teams(db)), len(reads.list_cycles(db)), snap.shape,\n"
        "      snapshots.snapshot_size(db, team='Red'), 'sqlalchemy' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLMATRIX")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["4", "3", "(12,", "13)", "(12,", "13)", "False"]


def test_sqlite_errors_become_one_line(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    Database(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")  # a writer's lock blocks readers then
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with (
            pytest.raises(DatabaseError, match="locked by another program"),
            direct.reading(path, "locked.db", busy_timeout=0.05) as conn,
        ):
            direct.list_teams(conn)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
