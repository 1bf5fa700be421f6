"""The change feed between two handles on one database (two windows, two managers)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from skillmatrix.core.frameworks import Framework
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.services.feed import ChangeWatcher, changes_since, latest_change
from skillmatrix.store.database import Database


def _org(db: Database, engineer: Framework) -> tuple[int, int, int]:
    fw.install_framework(db, engineer)
    pid = people.add_person(db, name="Ann").id
    cid = fw.list_competencies(db)[0].id
    return cycles.start_cycle(db, name="2026-Q1").id, pid, cid


def _second(db: Database, tmp_path: Path) -> Database:
    return open_database(db.path if db.path is not None else db.url.render_as_string(False))


def test_changes_made_elsewhere_come_back_as_stored(
    db: Database, engineer: Framework, tmp_path: Path
) -> None:
    q, pid, cid = _org(db, engineer)
    other = _second(db, tmp_path)
    try:
        seen = latest_change(db)
        ratings.rate(other, cycle_id=q, person_id=pid, competency_id=cid, level=2)
        ratings.rate(other, cycle_id=q, person_id=pid, competency_id=cid, level=3, note="ok")
        seen, changes = changes_since(db, seen)
        assert changes is not None and len(changes) == 1  # one cell, its latest value
        after = changes[0].after
        assert after is not None and (after.level, after.note) == (3, "ok")
        ratings.rate(other, cycle_id=q, person_id=pid, competency_id=cid, level=None, note="")
        seen, changes = changes_since(db, seen)
        assert changes is not None and changes[0].after is None  # deleted: not rated
        assert changes_since(db, seen) == (seen, [])
    finally:
        other.close()


def test_the_watcher_wakes_on_another_connections_commit(
    db: Database, engineer: Framework, tmp_path: Path
) -> None:
    q, pid, cid = _org(db, engineer)
    watcher = ChangeWatcher(db)
    try:
        watcher.wait(0.05)  # baseline
        assert watcher.wait(0.05) is False  # quiet: nothing committed elsewhere
        other = _second(db, tmp_path)
        try:
            writer = threading.Timer(
                0.2,
                lambda: ratings.rate(other, cycle_id=q, person_id=pid, competency_id=cid, level=1),
            )
            writer.start()
            woke = any(watcher.wait(0.5) for _ in range(6))
            writer.join()
        finally:
            other.close()
        assert woke
    finally:
        watcher.close()


@pytest.mark.parametrize("n", [3])
def test_latest_change_counts_rows(db: Database, engineer: Framework, n: int) -> None:
    q, pid, cid = _org(db, engineer)
    start = latest_change(db)
    for level in range(n):
        ratings.rate(db, cycle_id=q, person_id=pid, competency_id=cid, level=level)
    assert latest_change(db) == start + n


def _history_sql(cycle: int, person: int, comp: int) -> str:
    return (
        "INSERT INTO rating_history (at, who, action, cycle_id, person_id, competency_id, "
        "source, old_na, old_note, new_na, new_note) VALUES "
        f"(now(), 'x', 'test', {cycle}, {person}, {comp}, 'manager', false, '', false, '')"
    )


def test_a_write_committed_after_a_newer_one_is_not_missed(
    pg_url: str, engineer: Framework
) -> None:
    """The feed reports a write committed after a newer one was read.

    PostgreSQL hands out history ids when rows are written, not when they commit: a long
    transaction's id 10 can commit after id 11 was read.
    """
    import psycopg

    from skillmatrix.services.feed import Feed

    db = open_database(pg_url)
    try:
        q, pid, cid = _org(db, engineer)
        cid2 = fw.list_competencies(db)[1].id
        feed = Feed(db)
        dsn = db.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn) as slow, psycopg.connect(dsn, autocommit=True) as quick:
            slow.execute(_history_sql(q, pid, cid))  # takes an id, does not commit yet
            quick.execute(_history_sql(q, pid, cid2))  # a newer id, committed at once
            first = feed.poll()
            assert first is not None and [c.competency_id for c in first] == [cid2]
            slow.commit()
        second = feed.poll()
        assert second is not None and [c.competency_id for c in second] == [cid]
        assert feed.poll() == []
    finally:
        db.close()


def test_an_id_that_never_commits_is_given_up_after_a_while(
    db: Database, engineer: Framework
) -> None:
    from skillmatrix.services import feed as feed_module

    _org(db, engineer)
    now = [0.0]
    feed = feed_module.Feed(db, clock=lambda: now[0])
    start = feed.low
    feed._seen.add(start + 2)  # as if id start+2 was read and start+1 is still missing
    feed._advance()
    assert feed.low == start
    now[0] = feed_module.GAP_SECONDS + 1
    feed._advance()
    assert feed.low == start + 2 and not feed._seen


def test_the_first_look_reports_the_recent_past_again(db: Database, engineer: Framework) -> None:
    """The first look reports the recent past again, so a change made meanwhile shows.

    A window starts its feed after its first screen: with ``lookback`` what changed in the
    last seconds is reported (again).
    """
    from skillmatrix.services.feed import Feed

    q, pid, cid = _org(db, engineer)
    ratings.rate(db, cycle_id=q, person_id=pid, competency_id=cid, level=3)
    assert Feed(db).poll() == []
    recent = Feed(db, lookback=60).poll()
    assert recent is not None and [(c.person_id, c.after.level) for c in recent] == [(pid, 3)]  # type: ignore[union-attr]


def test_the_watcher_names_what_else_changed(db: Database, engineer: Framework) -> None:
    """The watcher names by group what else changed besides rating cells.

    A renamed person, a closed cycle, a changed target and a review step (SQLite: by
    fingerprint; PostgreSQL: the NOTIFY triggers).
    """
    import time

    from skillmatrix.services import framework_edit, review

    q, pid, cid = _org(db, engineer)
    other = _second(db, Path())
    watcher = ChangeWatcher(db)
    try:
        time.sleep(0.3)  # PostgreSQL: LISTEN is in place before the writes below
        watcher.wait(0.05)
        watcher.changed_groups()
        steps = [
            (lambda: people.update_person(other, pid, name="Ann Lee"), {"people"}),
            (lambda: cycles.close_cycle(other, q), {"cycles"}),
            (
                lambda: framework_edit.set_target(
                    other, role="Engineer", seniority="senior", competency=cid, level=4
                ),
                {"framework"},
            ),
            (lambda: cycles.reopen_cycle(other, q), {"cycles"}),
            (
                lambda: review.record_step(
                    other, cycle_id=q, person_ids=[pid], step="form_sent_on"
                ),
                {"reviews"},
            ),
        ]
        for write, expected in steps:
            write()
            assert any(watcher.wait(0.3) for _ in range(10))
            assert watcher.changed_groups() == expected
    finally:
        watcher.close()
        other.close()
