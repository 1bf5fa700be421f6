"""``Database.reader()`` picks one reader per database, and both readers agree.

The direct reader (stdlib sqlite3) serves a SQLite file; the ORM reader serves every other
back end and a file opened with ``direct_reads=False``. The same file read both ways gives
the same records, the same snapshot and the same errors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from store_helpers import populate_org

from skillmatrix.core.errors import NotFoundError
from skillmatrix.core.model import Source
from skillmatrix.store.database import Database
from skillmatrix.store.reader import DirectReader
from skillmatrix.store.reader_orm import OrmReader


@pytest.fixture
def twins(tmp_path: Path) -> tuple[Database, Database]:
    path = tmp_path / "org.db"
    db = Database(path)
    populate_org(db, people=12, comps=7)
    return db, Database(path, direct_reads=False)


def test_a_file_is_read_direct_unless_turned_off(twins: tuple[Database, Database]) -> None:
    fast, orm = twins
    with fast.reader() as read:
        assert isinstance(read, DirectReader)
    with orm.reader() as read:
        assert isinstance(read, OrmReader)
    assert fast.reads_direct and not orm.reads_direct


def test_both_readers_return_the_same_records(twins: tuple[Database, Database]) -> None:
    fast, orm = twins
    with fast.reader() as a, orm.reader() as b:
        assert a.load_scale() == b.load_scale()
        assert a.list_teams() == b.list_teams() and a.list_teams()
        assert a.list_cycles() == b.list_cycles() and a.list_cycles()
        latest = a.latest_cycle()
        assert latest is not None and latest == b.latest_cycle()
        assert a.stored_reviews(latest.id) == b.stored_reviews(latest.id)
        for team in (None, "Red", " red "):
            assert a.snapshot_size(team) == b.snapshot_size(team)
        assert 0 < a.snapshot_size("Red")[0] < a.snapshot_size(None)[0] <= 12
        scale = fast.scale
        for cycle in (None, latest.id, latest.name):
            kwargs = {
                "cycle": cycle,
                "team": "Red",
                "source": Source.MANAGER,
                "include_inactive": False,
                "scale": scale,
            }
            got, want = a.load_snapshot(**kwargs), b.load_snapshot(**kwargs)  # type: ignore[arg-type]
            assert [p.id for p in got.people] == [p.id for p in want.people]
            assert np.array_equal(got.levels, want.levels, equal_nan=True)
            assert not np.isnan(got.levels).all()


def test_both_readers_refuse_an_unknown_cycle_alike(twins: tuple[Database, Database]) -> None:
    messages = []
    for db in twins:
        with pytest.raises(NotFoundError) as caught, db.reader() as read:
            read.load_snapshot(
                cycle="2031-Q9",
                team=None,
                source=Source.MANAGER,
                include_inactive=False,
                scale=db.scale,
            )
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "2031-Q9" in messages[0]
