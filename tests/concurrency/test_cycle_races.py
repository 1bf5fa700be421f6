"""Cycle races on a real PostgreSQL, two managers at the same moment.

Pressing Start together gives one cycle; a rating being written while the cycle is carried
forward and closed is carried (never left behind in the closed cycle); one arriving after is
refused.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from managers import lane, setup

from skillmatrix.core.errors import ChangedMeanwhileError, ReadOnlyError
from skillmatrix.core.model import Rating, Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.store import repo_cycles, repo_ratings
from skillmatrix.store.database import Database


@pytest.fixture
def org(pg_url: str) -> Iterator[str]:
    setup(pg_url, 1)
    yield pg_url


def test_two_managers_pressing_start_at_once_get_one_cycle(org: str) -> None:
    with Database(org) as db:
        first = cycles.latest_cycle(db)
    assert first is not None
    barrier = threading.Barrier(2)
    results: list[object] = []

    def press() -> None:
        with Database(org) as db:
            barrier.wait()
            try:
                results.append(cycles.start_cycle(db, after=first.id, close_previous=True))
            except ChangedMeanwhileError as exc:
                results.append(exc)

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    started = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ChangedMeanwhileError)]
    assert len(started) == 1 and len(refused) == 1
    assert "was started by postgres at " in str(refused[0])
    with Database(org) as db:
        assert len(cycles.list_cycles(db)) == 2


def test_a_rating_in_flight_while_the_cycle_closes_is_carried_and_a_later_one_refused(
    org: str,
) -> None:
    with Database(org) as db:
        cycle = cycles.latest_cycle(db)
        assert cycle is not None
        pid = next(p.id for p in people.list_people(db) if p.name == lane(0)[0])
        cid = fw.list_competencies(db)[0].id
    writing, started = threading.Event(), threading.Event()
    new_cycle: list[object] = []

    def start() -> None:
        with Database(org) as db:
            writing.wait(10)
            started.set()
            new_cycle.append(cycles.start_cycle(db, after=cycle.id, close_previous=True))

    starter = threading.Thread(target=start)
    starter.start()
    with Database(org) as db, db.session() as s:
        # An edit in its transaction: the cycle is checked open under its lock ...
        repo_cycles.writable_cycle_row(s, cycle.id)
        repo_ratings.write(
            s,
            cycle_id=cycle.id,
            source=Source.MANAGER,
            new=[((pid, cid), Rating(pid, cid, level=3, source=Source.MANAGER))],
            current={},
        )
        writing.set()
        started.wait(10)
        starter.join(timeout=1.0)
        assert starter.is_alive()  # ... so the start waits for it to commit
    starter.join(timeout=30)
    assert not starter.is_alive() and len(new_cycle) == 1
    new = new_cycle[0]
    with Database(org) as db:
        carried = ratings.get_rating(db, cycle_id=new.id, person_id=pid, competency_id=cid)  # type: ignore[attr-defined]
        assert carried is not None and carried.level == 3  # carried, not left behind
        with pytest.raises(ReadOnlyError):
            ratings.rate(db, cycle_id=cycle.id, person_id=pid, competency_id=cid, level=1)
