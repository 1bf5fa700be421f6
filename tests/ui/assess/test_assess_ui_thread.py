"""No database wait on the UI thread (issue 15).

An edit, its undo, a grid tooltip and an open all run their database work off it, and the
window keeps processing events while another connection holds the lock they need.

The proof is by event order, not by the clock: the other connection's lock is released by
a timer *on the UI thread*. Had the call waited there, that timer could not fire before
the call's own lock timeout (5 s) and the call would fail with "locked"; it succeeds only
because the UI thread ran its event loop meanwhile. Every SQL statement is also watched
(SQLAlchemy's ``before_cursor_execute``): none of these actions runs one on the UI thread.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from assess_data import SmallOrg, small_org
from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from skillmatrix.services import cycles
from skillmatrix.services.ratings import get_rating, rate
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.context import AppContext

#: When the other connection lets go, in ms: well inside the 5 s lock timeout.
RELEASE_MS = 300


@contextmanager
def ui_thread_statements() -> Iterator[list[str]]:
    """The SQL statements run on the UI (main) thread within the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


class Ticks:
    """A 20 ms timer on the UI thread, counting how often it ran."""

    def __init__(self) -> None:
        self.count = 0
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        self.count += 1

    def stop(self) -> None:
        self._timer.stop()


class SqliteHolder:
    """Another connection to the file holding its write lock (``BEGIN IMMEDIATE``).

    Or every lock (``exclusive``: not even a read gets in, as on a file not yet set up).
    """

    def __init__(self, path: Path, *, exclusive: bool = False) -> None:
        self._con = sqlite3.connect(path, isolation_level=None)
        self._con.execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE")
        self.released = False

    def release_later(self) -> None:
        QTimer.singleShot(RELEASE_MS, self.release)  # runs only if the UI thread is free

    def release(self) -> None:
        if not self.released:
            self._con.execute("COMMIT")
            self.released = True
            self._con.close()


def _at(view: AssessView, row: int, col: int) -> None:
    view.grid.go_to(view.model.index(row, col))


def _hover(view: AssessView, row: int, col: int) -> str:
    """What the mouse resting on a cell shows at once."""
    index = view.model.index(row, col)
    pos = view.grid.visualRect(index).center()
    QApplication.sendEvent(
        view.grid.viewport(),
        QHelpEvent(QEvent.Type.ToolTip, pos, view.grid.viewport().mapToGlobal(pos)),
    )
    assert QToolTip.isVisible()
    return QToolTip.text()


def _stored(db: Any, cycle_id: int, pid: int, cid: int) -> int | None:
    rating = get_rating(db, cycle_id=cycle_id, person_id=pid, competency_id=cid)
    return None if rating is None else rating.level


def _edit_and_undo_while_locked(
    qtbot: Any,
    view: AssessView,
    ctx: AppContext,
    hold: Callable[[], Any],
) -> None:
    """Type a level and undo it, each while ``hold()`` holds the lock the write needs."""
    model = view.model
    pid, cid = model.cell_id(1, 2)
    cycle_id = ctx.cycle.id if ctx.cycle else model.snapshot.cycle.id  # type: ignore[union-attr]
    shown_while_waiting: list[str] = []
    ticks = Ticks()
    try:
        holder = hold()
        holder.release_later()
        # Looked at while the write still waits for the lock: the edit is on screen.
        QTimer.singleShot(
            RELEASE_MS // 2, lambda: shown_while_waiting.append(model.data(model.index(1, 2)))
        )
        _at(view, 1, 2)
        with ui_thread_statements() as seen:
            qtbot.keyClick(view.grid, "3")  # returns once stored
        assert holder.released  # the UI thread ran the release while the edit waited
        assert seen == []  # and none of the edit's statements
        assert shown_while_waiting == ["3"]
        assert model.data(model.index(1, 2)) == "3" and ctx.undo_stack.canUndo()
        assert ticks.count >= 3  # generous: some 15 ticks fit in the wait
        assert _stored(ctx.db, cycle_id, pid, cid) == 3

        holder = hold()
        holder.release_later()
        with ui_thread_statements() as seen:
            assert ctx.undo() is True
        assert holder.released and seen == []
        assert _stored(ctx.db, cycle_id, pid, cid) is None
        assert model.data(model.index(1, 2)) == "" and ctx.undo_stack.canRedo()
    finally:
        ticks.stop()


def test_an_edit_and_its_undo_wait_for_a_sqlite_lock_off_the_ui_thread(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:  # type: ignore[no-untyped-def]
    assert org.db.path is not None
    _edit_and_undo_while_locked(qtbot, view, ctx, lambda: SqliteHolder(org.db.path))


def test_a_refused_edit_is_taken_back_on_screen(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:  # type: ignore[no-untyped-def]
    """A refused edit is taken back on screen.

    Shown at once, then refused (another program closed the cycle): the cell shows what it
    held again, and the refusal reads as it always did.
    """
    failed: list[str] = []
    ctx.failed.connect(failed.append)
    cycles.close_cycle(org.db, org.cycle.id)
    _at(view, 0, 0)
    qtbot.keyClick(view.grid, "4")
    assert view.model.data(view.model.index(0, 0)) == ""
    assert failed == [f"{org.cycle.name} is closed — read-only"]
    assert not ctx.undo_stack.canUndo()


def test_a_grid_tooltip_shows_at_once_and_fills_in_from_the_background(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:  # type: ignore[no-untyped-def]
    pid, cid = view.model.cell_id(0, 1)
    for level in (1, 2):
        rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=level,
             rated_by="maria")  # fmt: skip
    view.reload()
    assert org.db.path is not None
    holder = SqliteHolder(org.db.path)  # a writer at work: a tooltip never waits for it
    try:
        with ui_thread_statements() as seen:
            first = _hover(view, 0, 1)
        assert seen == []
        assert "2 · " in first  # what the grid holds, at once
        qtbot.waitUntil(lambda: "Rated by maria" in QToolTip.text(), timeout=5000)
        assert "maria: 1 → 2 (rate)" in QToolTip.text()  # the open tooltip was rebuilt
        assert not holder.released  # it did not wait for the writer
    finally:
        holder.release()
        QToolTip.hideText()


def test_opening_a_database_another_program_locks_keeps_the_window_running(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Opening a database another program locks keeps the window running.

    A new (empty) file must be set up, and another connection holds every lock on it: the
    open waits for it off the UI thread, the window's timers keep running.
    """
    target = tmp_path / "new.db"
    target.touch()
    holder = SqliteHolder(target, exclusive=True)
    holder.release_later()
    ticks = Ticks()
    adopt, before_adopting = window.adopt_database, []  # then the views read what it holds
    monkeypatch.setattr(
        window,
        "adopt_database",
        lambda db, **kw: (before_adopting.append(list(seen)), adopt(db, **kw)),
    )
    try:
        with ui_thread_statements() as seen:
            assert window.open_database(target) is True
        assert holder.released and before_adopting == [[]]
        assert ticks.count >= 3
        assert window.ctx.db.name == str(target)
    finally:
        ticks.stop()
        holder.release()


# -- PostgreSQL -----------------------------------------------------------------------------


class PgHolder:
    """Another session holding the ratings table.

    ``LOCK TABLE ... IN EXCLUSIVE MODE``: reads go on, every write waits.
    """

    def __init__(self, url: str) -> None:
        import psycopg

        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._con = psycopg.connect(plain)
        self._con.execute("LOCK TABLE ratings IN EXCLUSIVE MODE")
        self.released = False

    def release_later(self) -> None:
        QTimer.singleShot(RELEASE_MS, self.release)

    def release(self) -> None:
        if not self.released:
            self._con.commit()
            self._con.close()
            self.released = True


@pytest.fixture
def pg_view(qtbot, pg_url: str, tmp_path: Path) -> Iterator[tuple[AssessView, AppContext]]:  # type: ignore[no-untyped-def]
    org = small_org(pg_url)  # type: ignore[arg-type]
    ctx = AppContext(org.db)
    ctx.cycle = org.cycle
    view = AssessView(ctx, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=10000)
    view.grid.setFocus()
    yield view, ctx
    org.db.close()


def test_an_edit_and_its_undo_wait_for_a_postgres_lock_off_the_ui_thread(
    qtbot, pg_view: tuple[AssessView, AppContext], pg_url: str
) -> None:  # type: ignore[no-untyped-def]
    view, ctx = pg_view
    _edit_and_undo_while_locked(qtbot, view, ctx, lambda: PgHolder(pg_url))
