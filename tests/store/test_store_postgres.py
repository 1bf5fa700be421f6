"""The store on a real PostgreSQL server: the same rules, loaders and bulk paths as SQLite.

The server is the session's throwaway one (``tests/conftest.py``), on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import create_engine, func, inspect, select
from store_helpers import populate_org
from test_store_bulk_snapshot import _expected, _same

from skillmatrix.core.errors import DatabaseError, ValidationError
from skillmatrix.core.model import Source
from skillmatrix.store import models, repo_ratings
from skillmatrix.store.database import Database
from skillmatrix.store.repo_snapshot import load_snapshot
from skillmatrix.store.server_admin import init_server


@pytest.fixture
def pg(pg_url: str) -> Iterator[Database]:
    database = Database(pg_url)
    yield database
    database.close()


def test_a_client_never_creates_a_shared_schema(pg_empty_url: str) -> None:
    """A client never creates a shared schema.

    An empty server database is refused in one line naming the admin command, and left
    empty: the first open by whoever came first must not race the others.
    """
    for _ in range(2):
        with pytest.raises(DatabaseError) as refused:
            Database(pg_empty_url)
        message = str(refused.value)
        assert "skillmatrix server init" in message and "\n" not in message
    engine = create_engine(pg_empty_url)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_server_init_gives_the_schema_and_scale(pg_empty_url: str) -> None:
    report = init_server(pg_empty_url)
    assert report.created
    with Database(pg_empty_url) as db:
        assert not db.created and db.scale.min == 0 and db.scale.max == 4
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(models.ScaleLevel)) == 5
    assert not init_server(pg_empty_url).created  # again: the rules refreshed only


@pytest.mark.parametrize("source", list(Source))
@pytest.mark.parametrize("filters", [{}, {"team": "Blue"}, {"include_inactive": True}])
def test_loader_equals_core_builder(pg: Database, source: Source, filters: dict) -> None:  # type: ignore[type-arg]
    cycle_id = populate_org(pg, people=30, comps=11)
    expected = _expected(pg, cycle_id, source, **filters)
    with pg.session() as s:
        got = load_snapshot(
            s,
            cycle=s.get(models.Cycle, cycle_id),
            team=filters.get("team"),
            source=source,
            include_inactive=bool(filters.get("include_inactive", False)),
            scale=pg.scale,
        )
    _same(got, expected)
    assert got.not_applicable.any() and np.isnan(got.levels).any()


def _rating_row(**overrides: object) -> models.Rating:
    values: dict[str, object] = {"source": "manager", "level": 2}
    values.update(overrides)
    return models.Rating(**values)


@pytest.mark.parametrize(
    "overrides",
    [
        {"level": 5},
        {"level": -1},
        {"not_applicable": True},
        {"interest": 4},
        {"source": "peer"},
    ],
)
def test_the_database_refuses_bad_ratings(pg: Database, overrides: dict) -> None:  # type: ignore[type-arg]
    cycle_id = populate_org(pg, people=2, comps=2)
    with pg.session() as s:
        pid = s.scalar(select(models.Person.id).limit(1))
        cid = s.scalar(select(models.Competency.id).limit(1))
        other = s.scalar(select(models.Cycle.id).where(models.Cycle.id != cycle_id).limit(1))
    with pytest.raises(ValidationError), pg.session() as s:
        s.add(
            _rating_row(
                cycle_id=other or cycle_id,
                person_id=pid,
                competency_id=cid,
                source=overrides.pop("source", "self"),
                **overrides,
            )
        )
        s.flush()
        # A second row for the same cell and source is refused too (unique).
        s.add(_rating_row(cycle_id=other or cycle_id, person_id=pid, competency_id=cid))


def test_carry_forward_and_cascade_on_postgresql(pg: Database) -> None:
    cycle_id = populate_org(pg, people=8, comps=5)
    with pg.session() as s:
        new = models.Cycle(name="2031-Q1")
        s.add(new)
        s.flush()
        copied = repo_ratings.carry_forward(s, from_cycle=cycle_id, to_cycle=new.id)
        originals = repo_ratings.list_ratings(s, cycle_id)
        assert copied == len(originals) > 0
        copies = repo_ratings.list_ratings(s, new.id)
        assert all(c.carried_in(new.id) for c in copies)
        new_id = new.id
    with pg.session() as s:
        s.delete(s.get(models.Cycle, new_id))
    with pg.session() as s:
        left = s.scalar(
            select(func.count()).select_from(models.Rating).where(models.Rating.cycle_id == new_id)
        )
    assert left == 0
