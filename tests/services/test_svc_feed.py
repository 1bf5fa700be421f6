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
