"""Bulk inserts and the fast snapshot loader (checked against core.build_snapshot)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select
from store_helpers import populate_org

from skillmatrix.core.model import Source
from skillmatrix.core.scale import Level, Scale
from skillmatrix.core.snapshot import Snapshot, build_snapshot
from skillmatrix.store import models, repo_people, repo_ratings
from skillmatrix.store.bulk import (
    bulk_insert_people,
    bulk_insert_ratings,
    bulk_insert_teams,
)
from skillmatrix.store.database import Database
from skillmatrix.store.repo_competencies import list_competencies
from skillmatrix.store.repo_roles import list_roles
from skillmatrix.store.repo_snapshot import load_snapshot

FIVE = Scale(tuple(Level(v, f"L{v}", "") for v in range(1, 6)))


def _expected(db: Database, cycle_id: int, source: Source, **kw: object) -> Snapshot:
    with db.session() as s:
        people = repo_people.list_people(s, **kw)  # type: ignore[arg-type]
        return build_snapshot(
            people,
            list_competencies(s),
            repo_ratings.list_ratings(s, cycle_id, source),
            list_roles(s, with_targets_only=True),
            scale=db.scale,
        )


def _same(a: Snapshot, b: Snapshot) -> None:
    assert a.people == b.people and a.competencies == b.competencies
    np.testing.assert_array_equal(a.levels, b.levels)
    np.testing.assert_array_equal(a.interest, b.interest)
    np.testing.assert_array_equal(a.targets, b.targets)
    assert (a.not_applicable == b.not_applicable).all()
    assert a.notes == b.notes
    assert a.roles == b.roles


@pytest.mark.parametrize("scale", [None, FIVE], ids=["0-4", "1-5"])
@pytest.mark.parametrize("source", list(Source))
@pytest.mark.parametrize(
    "filters",
    [{}, {"include_inactive": True}, {"team": "Blue"}, {"team": "Red", "include_inactive": True}],
)
def test_fast_loader_equals_core_builder(
    tmp_path: Path, scale: Scale | None, source: Source, filters: dict[str, object]
) -> None:
    with Database(tmp_path / "s.db", scale=scale) as db:
        cycle_id = populate_org(db, people=40, comps=17)
        expected = _expected(db, cycle_id, source, **filters)
        with db.session() as s:
            got = load_snapshot(
                s,
                cycle=s.get(models.Cycle, cycle_id),
                team=filters.get("team"),  # type: ignore[arg-type]
                source=source,
                include_inactive=bool(filters.get("include_inactive", False)),
                scale=db.scale,
            )
        _same(got, expected)
        assert got.cycle is not None and got.cycle.id == cycle_id
        assert got.team == filters.get("team") and got.scale == db.scale
        assert got.not_applicable.any() and np.isnan(got.levels).any()
        assert np.nanmin(got.levels) == db.scale.min


def test_loader_without_cycle_is_all_nan(db: Database) -> None:
    populate_org(db, people=5, comps=4)
    with db.session() as s:
        snap = load_snapshot(
            s, cycle=None, team=None, source=Source.MANAGER, include_inactive=True, scale=db.scale
        )
    assert snap.shape == (5, 4) and snap.cycle is None
    assert np.isnan(snap.levels).all() and not snap.not_applicable.any() and not snap.notes


def test_bulk_inserts(db: Database) -> None:
    with db.session() as s:
        teams = bulk_insert_teams(s, ["A", "B", "C"])
        assert bulk_insert_teams(s, []) == []
        ids = bulk_insert_people(s, [{"name": "X", "team_id": teams[2]}, {"name": "Y"}])
        assert [s.get(models.Person, i).name for i in ids] == ["X", "Y"]  # type: ignore[union-attr]
        cat = models.Category(name="K")
        s.add(cat)
        s.flush()
        comp = models.Competency(name="Go", category_id=cat.id)
        cycle = models.Cycle(name="c")
        s.add_all([comp, cycle])
        s.flush()
        n = bulk_insert_ratings(
            s, cycle.id, [(ids[0], comp.id), (ids[1], comp.id, 2, False, 1, "hi", Source.SELF)]
        )
        assert n == 2
        rows = repo_ratings.list_ratings(s, cycle.id)
    assert [(r.person_id, r.level, r.interest, r.note, r.source) for r in rows] == [
        (ids[0], None, None, "", Source.MANAGER),
        (ids[1], 2, 1, "hi", Source.SELF),
    ]


def test_carry_forward_copies_every_column(db: Database) -> None:
    cycle_id = populate_org(db, people=6, comps=5)
    with db.session() as s:
        new = models.Cycle(name="2026-Q2")
        s.add(new)
        s.flush()
        copied = repo_ratings.carry_forward(s, from_cycle=cycle_id, to_cycle=new.id)
        assert copied == s.scalar(
            select(func.count())
            .select_from(models.Rating)
            .where(models.Rating.cycle_id == cycle_id)
        )
        originals = repo_ratings.list_ratings(s, cycle_id)
        copies = repo_ratings.list_ratings(s, new.id)
        # Every value is copied; the copy remembers the cycle it was confirmed in.
        assert copies == [replace(r, confirmed_cycle_id=cycle_id) for r in originals]
        assert all(
            c.carried_in(new.id) and not o.carried_in(cycle_id)
            for c, o in zip(copies, originals, strict=True)
        )
