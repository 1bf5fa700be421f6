"""The streamed snapshot read (``store.direct_stream``).

Its head is exactly the first people of the grid's order, and once every batch is in, the
snapshot equals the whole read's (``direct.load_snapshot``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pytest
from test_store_direct import _org, _same

from skillmatrix.core.model import Source
from skillmatrix.store import direct, direct_stream, models
from skillmatrix.store.database import Database
from skillmatrix.ui.assess import rows as R


def _tricky(path: Path) -> Database:
    """``_org`` plus teams and people that only a faithful copy of the sort orders right.

    Teams equal but for case, names equal but for case and accents, the same name twice,
    people without a team or a role, every seniority.
    """
    db = _org(path)
    with db.session() as s:
        alpha = s.query(models.Team).filter_by(name="alpha").one()
        upper = models.Team(name="ALPHA")
        s.add(upper)
        s.flush()
        role = s.query(models.Role).filter_by(name="Engineer").one()
        names = ["bob", "Bob", "Bób", "bob", "Ärni", "zed", "Émile", "alice", "ALICE"]
        seniorities = ["Junior", "Mid", "Senior", "Staff", "Principal"]
        for k, name in enumerate(names * 2):
            s.add(
                models.Person(
                    name=name,
                    email=f"t{k}@example.com",
                    team_id=(alpha.id, upper.id, None)[k % 3],
                    role_id=role.id if k % 4 else None,
                    seniority=seniorities[k % 5],
                )
            )
    return db


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Database:
    return _tricky(tmp_path_factory.mktemp("stream") / "org.db")


@pytest.mark.parametrize("grouped", [True, False])
@pytest.mark.parametrize("role", [None, "Engineer", ""])
@pytest.mark.parametrize("team", [None, "alpha", "Red"])
@pytest.mark.parametrize("limit", [1, 5, 17, 1000])
def test_the_head_is_the_first_rows_of_the_grid_order(
    tricky: Database, grouped: bool, role: str | None, team: str | None, limit: int
) -> None:
    sort = R.SortOrder.GROUPED if grouped else R.SortOrder.NAME
    with tricky.direct() as conn:
        assert conn is not None
        team_id = direct._find(conn, "teams", team, "team")[0] if team else None
        everybody = direct.list_people(conn, team_id=team_id, include_inactive=False)
        want = [everybody[i] for i in R.order_rows(everybody, role=role, sort=sort)][:limit]
        head = direct_stream.Head(grouped=grouped, role=role)
        got = direct_stream.head_people(conn, team_id=team_id, head=head, limit=limit)
    assert got == want
    assert len(want) == min(limit, len(want))  # (a real check: the lists are not empty)
    if team is None and role is None and limit == 1000:
        assert len(got) > 40


@pytest.mark.parametrize("source", list(Source))
@pytest.mark.parametrize("team", [None, "Blue", "alpha"])
@pytest.mark.parametrize("first, size", [(1, 1), (5, 7), (120, 1000)])
def test_the_streamed_snapshot_ends_equal_to_the_whole_read(
    tricky: Database, source: Source, team: str | None, first: int, size: int
) -> None:
    with tricky.direct() as conn:
        assert conn is not None
        for cycle in direct.list_cycles(conn):
            args = dict(
                cycle=cycle, team=team, source=source, include_inactive=False, scale=tricky.scale
            )
            whole = direct.load_snapshot(conn, **args)  # type: ignore[arg-type]
            order = partial(R.order_rows, sort=R.SortOrder.GROUPED)
            steps = list(
                direct_stream.stream_snapshot(
                    conn,
                    **args,  # type: ignore[arg-type]
                    order=order,
                    head=direct_stream.Head(),
                    first=first,
                    size=size,
                )
            )
            body = [b for b in steps if not b.head]
            final = body[-1].snapshot
            assert all(b.snapshot is final for b in body)  # filled in place
            _same(final, whole)
            np.testing.assert_array_equal(final.confirmed_age, whole.confirmed_age)
            filled = [i for b in body for i in b.indices]
            assert sorted(filled) == list(range(len(whole.people)))  # each person once
            assert all(b.people == len(whole.people) for b in steps)
            heads = [b for b in steps if b.head]
            if len(whole.people) > first:  # the head: the first rows in display order
                (top,) = heads
                shown = [whole.people[i] for i in order(whole.people)][:first]
                assert list(top.snapshot.people) == shown
                rows = [whole.people.index(p) for p in shown]
                np.testing.assert_array_equal(top.snapshot.levels, whole.levels[rows])
                assert body[0].indices == R.order_rows(final.people)[:first]
            else:
                assert not heads


def test_batches_cover_every_index_once_in_order() -> None:
    got = list(direct_stream.batches([4, 2, 0], 6, first=2, size=3))
    assert got == [[4, 2], [0, 1, 3], [5]]
