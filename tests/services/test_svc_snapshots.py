"""Snapshots: what the grid and analytics see (not rated vs n/a vs 0, targets, filters)."""

from __future__ import annotations

import numpy as np
import pytest

from skillmatrix.core.errors import NotFoundError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Seniority, Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.snapshots import load_snapshot, snapshot_size
from skillmatrix.store.database import Database


@pytest.fixture
def db(db_both_reads: Database) -> Database:
    """Every test here runs on the direct SQLite reads and on the ORM reads."""
    return db_both_reads


def test_contents(db: Database, engineer: Framework, backend: Framework) -> None:
    fw.install_framework(db, engineer)
    fw.install_framework(db, backend)
    ann = people.add_person(
        db, name="Ann", team="Core", role="Engineer", seniority=Seniority.SENIOR
    )
    bob = people.add_person(db, name="Bob", team="Web", role="Backend Engineer")
    cid = {c.name: c.id for c in fw.list_competencies(db)}
    q1 = cycles.start_cycle(db, name="2026-Q1")

    def rate(person: int, comp: str, **kw: object) -> None:
        ratings.rate(db, cycle_id=q1.id, person_id=person, competency_id=cid[comp], **kw)  # type: ignore[arg-type]

    rate(ann.id, "API design", level=0)  # a real zero
    rate(ann.id, "Testing", not_applicable=True)
    rate(ann.id, "Communication", interest=3, note="wants to lead demos")  # interest only
    rate(bob.id, "Databases", level=4, interest=1)
    rate(bob.id, "Databases", level=1, source=Source.SELF)

    snap = load_snapshot(db)
    assert snap.cycle is not None and snap.cycle.name == "2026-Q1" and snap.team is None
    assert [p.name for p in snap.people] == ["Ann", "Bob"]
    assert [c.name for c in snap.competencies] == [
        "API design",
        "Testing",
        "Databases",
        "Communication",
    ]
    a, b = snap.person_index(ann.id), snap.person_index(bob.id)
    col = {name: snap.competency_index(i) for name, i in cid.items()}
    # 0 is a level; n/a and "not rated" are both NaN, told apart by the n/a mask.
    assert snap.levels[a, col["API design"]] == 0.0
    assert np.isnan(snap.levels[a, col["Testing"]]) and snap.not_applicable[a, col["Testing"]]
    assert np.isnan(snap.levels[a, col["Databases"]])
    assert not snap.not_applicable[a, col["Databases"]]
    assert snap.interest[a, col["Communication"]] == 3
    assert np.isnan(snap.levels[a, col["Communication"]])
    assert snap.notes == {(a, col["Communication"]): "wants to lead demos"}
    assert snap.levels[b, col["Databases"]] == 4 and snap.interest[b, col["Databases"]] == 1
    assert int(snap.rated.sum()) == 2
    # Targets follow role and seniority; NaN where the role has none.
    assert snap.targets[a, col["API design"]] == 3  # Engineer, Senior: mid 2 + 1
    assert np.isnan(snap.targets[a, col["Databases"]])
    assert snap.targets[b, col["API design"]] == 3  # Backend Engineer, Mid
    assert {r.name for r in snap.roles} == {"Engineer", "Backend Engineer"}

    self_snap = load_snapshot(db, cycle="2026-q1", source="self")
    assert self_snap.levels[b, col["Databases"]] == 1 and int(self_snap.rated.sum()) == 1


def test_cycle_team_and_inactive_filters(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", team="Core")
    zed = people.add_person(db, name="Zed", team="Core")
    people.add_person(db, name="Web person", team="Web")
    comp = fw.list_competencies(db)[0].id
    q1 = cycles.start_cycle(db, name="2026-Q1")
    ratings.rate(db, cycle_id=q1.id, person_id=zed.id, competency_id=comp, level=2)
    q2 = cycles.start_cycle(db, name="2026-Q2")
    ratings.rate(db, cycle_id=q2.id, person_id=zed.id, competency_id=comp, level=4)
    people.set_active(db, zed.id, False)

    core = load_snapshot(db, team="core")
    assert core.team == "Core" and [p.id for p in core.people] == [ann.id]
    assert core.cycle is not None and core.cycle.id == q2.id and not core.rated.any()
    everyone = load_snapshot(db, team="Core", include_inactive=True)
    assert everyone.levels[everyone.person_index(zed.id), 0] == 4
    older = load_snapshot(db, cycle=q1.id, include_inactive=True)
    assert older.shape == (3, 3) and older.levels[older.person_index(zed.id), 0] == 2
    assert snapshot_size(db) == (2, 3) and snapshot_size(db, team=" CORE ") == (1, 3)
    assert snapshot_size(db, team="Nope") == (0, 3)
    with pytest.raises(NotFoundError, match="no team"):
        load_snapshot(db, team="Nope")
    with pytest.raises(NotFoundError, match="no cycle"):
        load_snapshot(db, cycle="1999-Q1")


def test_no_cycle_yet(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    people.add_person(db, name="Ann")
    snap = load_snapshot(db)
    assert snap.cycle is None and snap.shape == (1, 3) and not snap.rated.any()


def test_empty_database(db: Database) -> None:
    snap = load_snapshot(db)
    assert snap.shape == (0, 0) and snap.roles == ()


def test_a_cancelled_read_of_a_file_stops_with_a_one_line_error(
    db_both_reads: Database, backend: Framework
) -> None:
    from skillmatrix.core.errors import DatabaseError

    fw.install_framework(db_both_reads, backend)
    ids = [
        people.add_person(db_both_reads, name=f"P{n}", team="Core", role="Backend Engineer").id
        for n in range(60)
    ]
    q1 = cycles.start_cycle(db_both_reads, name="2026-Q1")
    cells = [(p, c.id) for p in ids for c in fw.list_competencies(db_both_reads)]
    ratings.rate_many(db_both_reads, cycle_id=q1.id, cells=cells, level=2)  # a read of some length
    assert load_snapshot(db_both_reads, cancelled=lambda: False).people  # not cancelled: read
    if not db_both_reads.direct_reads:
        return  # the ORM path reads at once; only the direct SQLite read is interruptible
    with pytest.raises(DatabaseError, match="interrupt"):
        load_snapshot(db_both_reads, cancelled=lambda: True)
