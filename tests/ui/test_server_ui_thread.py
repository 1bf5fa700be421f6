"""No SQL on the UI thread on a server database (issue 15).

Opening a PostgreSQL database, every view, the team and cycle selectors, an edit and its
undo, and a dialog all run their statements in worker threads, so a slow server never
freezes the window.

Every statement is recorded where it runs: SQLAlchemy's ``before_cursor_execute`` for the
app's engine, and psycopg's own ``Cursor.execute`` / ``Connection.connect`` for anything
reaching the driver directly (the live-update listener, a pool's ping, a new connection).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from skillmatrix.core.frameworks import find_framework
from skillmatrix.services import cycles, people
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.services.ratings import rate_many

WAIT_MS = 10000


@contextmanager
def main_thread_sql(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The statements (and connects) made on the main thread within the block."""
    import psycopg

    seen: list[str] = []

    def note(what: str) -> None:
        if threading.current_thread() is threading.main_thread():
            seen.append(what)

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        note(statement)

    execute, connect = psycopg.Cursor.execute, psycopg.Connection.connect.__func__  # type: ignore[attr-defined]

    def watched_execute(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        note(f"psycopg: {query}")
        return execute(self, query, *args, **kwargs)

    def watched_connect(cls: Any, *args: Any, **kwargs: Any) -> Any:
        note("psycopg: connect")
        return connect(cls, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", watched_execute)
    monkeypatch.setattr(psycopg.Connection, "connect", classmethod(watched_connect))
    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture
def pg_org(pg_url: str) -> tuple[str, list[int], list[int]]:
    """Two teams of two, two cycles (the newest open, rated), a framework."""
    with open_database(pg_url) as db:
        fw.install_framework(db, find_framework("Backend Engineer"))
        who = [
            people.add_person(db, name=f"{team} {i}", team=team).id
            for team in ("Red", "Blue")
            for i in range(2)
        ]
        cycles.start_cycle(db, name="2026-Q1", carry_forward=False)
        cycle = cycles.start_cycle(db, name="2026-Q2", carry_forward=False).id
        comps = [c.id for c in fw.list_competencies(db)][:4]
        rate_many(db, cycle_id=cycle, cells=[(p, c) for p in who for c in comps[:2]], level=1)
    return pg_url, who, comps


def test_no_statement_runs_on_the_ui_thread_on_postgresql(  # type: ignore[no-untyped-def]
    qtbot, pg_org, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillmatrix.ui.assess import AssessView
    from skillmatrix.ui.main_window import MainWindow

    url, who, comps = pg_org
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        with main_thread_sql(monkeypatch) as seen:
            assert win.open_database(url) is True
            win.show_view("assess")
            view = win.page("assess").ensure_built()
            assert isinstance(view, AssessView)
            qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=WAIT_MS)
            for key in ("team", "framework", "insights", "reports", "assess"):
                win.show_view(key)
                win.page(key).ensure_built()
                qtbot.wait(200)

            bar = win.context_bar
            bar.team.setCurrentIndex(bar.team.findData("Red"))
            bar.team.activated.emit(bar.team.currentIndex())
            qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)
            bar.team.setCurrentIndex(0)
            bar.team.activated.emit(0)
            qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=WAIT_MS)
            older = bar.cycle.findText("2026-Q1")
            bar.cycle.setCurrentIndex(older)
            bar.cycle.activated.emit(older)
            qtbot.waitUntil(lambda: win.ctx.cycle.name == "2026-Q1", timeout=WAIT_MS)
            newer = bar.cycle.findText("2026-Q2")
            bar.cycle.setCurrentIndex(newer)
            bar.cycle.activated.emit(newer)
            qtbot.waitUntil(lambda: win.ctx.cycle.name == "2026-Q2", timeout=WAIT_MS)
            qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=WAIT_MS)
            for key in ("team", "framework", "insights", "reports", "assess"):
                win.show_view(key)
                qtbot.wait(100)

            view.grid.setFocus()
            view.grid.go_to(view.model.index_of(who[0], comps[3]))
            qtbot.keyClick(view.grid, "3")
            assert win.ctx.undo_stack.canUndo()
            assert win.ctx.undo() is True
            qtbot.wait(300)

            # Dialogs: the expert finder (a search), the leave calendar.
            name = next(c.name for c in win.ctx.call(fw.list_competencies) or [])
            finder = bar.open_finder()
            assert finder is not None
            finder.competency.setEditText(name)
            finder.search()
            assert finder.results.topLevelItemCount() >= 0 and finder.status.text()
            finder.close()
            win.show_view("team")
            team = win.page("team").ensure_built()
            team.open_leave_calendar().close()
            qtbot.wait(500)  # what the views asked for meanwhile (a review timer) lands
        assert seen == []
    finally:
        win.close()
        if win.ctx.db is not None:
            win.ctx.db.close()
