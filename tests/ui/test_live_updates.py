"""Seeing the others: another process's commits show in an open window by itself.

What another process, connection or manager commits (the grid, the Insights charts and risk
panel), and View ▸ Refresh (F5).

Waits are bounded (``qtbot.waitUntil``), never wall-clock asserts: the worker polls SQLite
every 0.25 s and is woken by PostgreSQL's NOTIFY, so 5 s is generous on a busy machine.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence

from skillmatrix.core.frameworks import find_framework
from skillmatrix.services import cycles, people
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.services.ratings import get_rating, rate, rate_many
from skillmatrix.ui.assess import AssessView

WAIT_MS = 5000


def _org(target: str | Path) -> tuple[int, list[int], list[int]]:
    """Four people in two teams, a cycle, some ratings; (cycle id, people, competencies)."""
    with open_database(target) as db:
        if not fw.list_competencies(db):
            fw.install_framework(db, find_framework("Backend Engineer"))
        who = [
            people.add_person(db, name=f"{team} {i}", team=team).id
            for team in ("Red", "Blue")
            for i in range(2)
        ]
        current = cycles.list_cycles(db)
        cycle = current[-1].id if current else cycles.start_cycle(db, name="2026-Q1").id
        comps = [c.id for c in fw.list_competencies(db)][:6]
        rate_many(db, cycle_id=cycle, cells=[(p, c) for p in who for c in comps[:3]], level=1)
    return cycle, who, comps


def _assess(qtbot: Any, win: Any, rows: int) -> AssessView:
    win.show_view("assess")
    view = win.page("assess").ensure_built()
    assert isinstance(view, AssessView)
    qtbot.waitUntil(lambda: view.model.rowCount() == rows, timeout=WAIT_MS)
    return view


def _watching(qtbot: Any, win: Any) -> None:
    """Wait until the window's worker has looked once and what it found is applied."""
    qtbot.waitUntil(lambda: win.live.polls >= 1, timeout=WAIT_MS)
    qtbot.wait(50)


def _shown_level(view: AssessView, pid: int, cid: int) -> float | None:
    snap = view.model.snapshot
    assert snap is not None
    level = snap.levels[snap.person_index(pid), snap.competency_index(cid)]
    return None if level != level else float(level)  # NaN: not rated


@pytest.fixture
def org_window(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    """(window, cycle id, people, competencies): the window opened on a filled file."""
    from skillmatrix.ui import open_main_window

    cycle, who, comps = _org(db_path)
    win = open_main_window(db_path)
    qtbot.addWidget(win)
    yield win, cycle, who, comps
    win.close()
    win.ctx.db.close()


def _announced(win: Any) -> list[list[Any]]:
    seen: list[list[Any]] = []
    win.ctx.ratingsChanged.connect(lambda changes: seen.append(list(changes)))
    return seen


def test_another_process_edit_shows_in_the_open_grid(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A second program's edit of the same SQLite file shows in the open grid.

    Seen by PRAGMA data_version: the cell is patched in place, the grid is not reloaded, the
    status bar says who changed it.
    """
    from skillmatrix.ui import open_main_window

    cycle, who, comps = _org(db_path)
    win = open_main_window(db_path)
    qtbot.addWidget(win)
    view = _assess(qtbot, win, 4)
    _watching(qtbot, win)
    snap = view.model.snapshot
    assert _shown_level(view, who[0], comps[0]) == 1
    script = textwrap.dedent(
        f"""
        from skillmatrix.services.database import open_database
        from skillmatrix.services.ratings import rate
        with open_database({str(db_path)!r}) as db:
            rate(db, cycle_id={cycle}, person_id={who[0]}, competency_id={comps[0]}, level=4,
                 rated_by="other-process")
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    qtbot.waitUntil(lambda: _shown_level(view, who[0], comps[0]) == 4, timeout=WAIT_MS)
    assert view.model.snapshot is snap  # patched, not reloaded
    qtbot.waitUntil(lambda: "other-process" in win.status.state.text(), timeout=WAIT_MS)
    win.close()
    win.ctx.db.close()


def test_a_change_made_while_the_window_opens_is_not_missed(qtbot, org_window, db_path) -> None:  # type: ignore[no-untyped-def]
    """A change made while the window opens is not missed.

    The worker starts after the first screen (it imports SQLAlchemy); it first reports the
    last minute's changes again, so one committed meanwhile still shows.
    """
    window, cycle, who, comps = org_window
    view = _assess(qtbot, window, 4)
    assert not window.live.running
    with open_database(db_path) as other:
        rate(other, cycle_id=cycle, person_id=who[3], competency_id=comps[5], level=2)
    qtbot.waitUntil(lambda: _shown_level(view, who[3], comps[5]) == 2, timeout=WAIT_MS)


def test_a_cycle_closed_elsewhere_makes_the_open_grid_read_only(qtbot, org_window, db_path) -> None:  # type: ignore[no-untyped-def]
    window, cycle, _who, _comps = org_window
    view = _assess(qtbot, window, 4)
    _watching(qtbot, window)
    assert view.model.writable
    with open_database(db_path) as other:
        cycles.close_cycle(other, cycle)
    qtbot.waitUntil(lambda: window.ctx.cycle.closed and not view.model.writable, timeout=WAIT_MS)


def test_many_changes_at_once_reload_the_views(qtbot, org_window, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Many changes at once reload the views, and say so.

    More changed cells than it is worth patching one by one (an import elsewhere).
    """
    from skillmatrix.services import feed

    monkeypatch.setattr(feed, "MAX_PATCH", 3)
    window, cycle, who, comps = org_window
    view = _assess(qtbot, window, 4)
    _watching(qtbot, window)
    before = view.model.snapshot
    with open_database(db_path) as other:
        rate_many(other, cycle_id=cycle, cells=[(p, comps[5]) for p in who], level=4)
    qtbot.waitUntil(lambda: view.model.snapshot is not before, timeout=WAIT_MS)
    assert all(_shown_level(view, p, comps[5]) == 4 for p in who)
    assert "Reloaded" in window.status.state.text()


def test_own_edits_are_not_announced_again(qtbot, org_window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """This window's own edits are not announced again.

    The watcher also sees this window's own commits (another connection): they were
    announced already and are not sent through the views a second time.
    """
    window, cycle, who, comps = org_window
    view = _assess(qtbot, window, 4)
    _watching(qtbot, window)
    announced = _announced(window)
    view.grid.go_to(view.model.index_of(who[1], comps[0]))
    qtbot.keyClick(view.grid, "3")
    assert _shown_level(view, who[1], comps[0]) == 3 and len(announced) == 1
    # Then another connection edits a different cell: only that one comes through.
    with open_database(db_path) as other:
        rate(other, cycle_id=cycle, person_id=who[2], competency_id=comps[1], level=2)
    qtbot.waitUntil(lambda: len(announced) >= 2, timeout=WAIT_MS)
    qtbot.wait(600)  # more polls: nothing else arrives
    assert len(announced) == 2
    assert [(c.person_id, c.competency_id) for c in announced[1]] == [(who[2], comps[1])]
    assert _shown_level(view, who[2], comps[1]) == 2


def test_a_person_added_elsewhere_appears_and_f5_reloads(qtbot, org_window, db_path) -> None:  # type: ignore[no-untyped-def]
    window, cycle, who, comps = org_window
    view = _assess(qtbot, window, 4)
    with open_database(db_path) as other:
        people.add_person(other, name="Newcomer", team="Red")
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=WAIT_MS)
    assert "Newcomer" in {view.model.person(r).name for r in range(view.model.rowCount())}

    refresh = window.acts.refresh
    assert refresh.shortcut() == QKeySequence("F5") and refresh.objectName() == "actRefresh"
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert refresh in view_menu.actions()
    window.live.stop()  # nothing else reloads the grid now: only F5 can
    with open_database(db_path) as other:
        rate(other, cycle_id=cycle, person_id=who[3], competency_id=comps[4], level=3)
    qtbot.wait(600)
    assert _shown_level(view, who[3], comps[4]) is None
    before = view.model.snapshot
    refresh.trigger()
    qtbot.waitUntil(lambda: view.model.snapshot is not before, timeout=WAIT_MS)
    assert _shown_level(view, who[3], comps[4]) == 3


# -- a shared PostgreSQL database ------------------------------------------------------------


@pytest.fixture
def pg_org(pg_url: str) -> tuple[str, int, list[int], list[int]]:
    return (pg_url, *_org(pg_url))


def test_another_managers_edit_shows_on_postgresql(qtbot, pg_org) -> None:  # type: ignore[no-untyped-def]
    """Another manager's edit shows on PostgreSQL via LISTEN/NOTIFY.

    The listener thread wakes on the other's commit; the grid patches the cell; a new person
    appears; the UI thread never waited for the database.
    """
    from skillmatrix.ui import open_main_window

    url, cycle, who, comps = pg_org
    win = open_main_window(url)
    qtbot.addWidget(win)
    view = _assess(qtbot, win, 4)
    qtbot.waitUntil(lambda: win.live.running, timeout=WAIT_MS)
    qtbot.wait(300)  # the listener has subscribed
    with open_database(url) as other:
        rate(other, cycle_id=cycle, person_id=who[2], competency_id=comps[2], level=3, note="x")
        people.add_person(other, name="Blue new", team="Blue")
    qtbot.waitUntil(lambda: _shown_level(view, who[2], comps[2]) == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=WAIT_MS)
    stored = get_rating(win.ctx.db, cycle_id=cycle, person_id=who[2], competency_id=comps[2])
    assert stored is not None and stored.note == "x"
    win.close()
    win.ctx.db.close()


RED, BLUE = "h15b_live_red", "h15b_live_blue"


def _manager_window(qtbot: Any, url: str, rows: int) -> tuple[Any, AssessView]:
    from skillmatrix.ui import open_main_window

    win = open_main_window(url)
    qtbot.addWidget(win)
    view = _assess(qtbot, win, rows)
    qtbot.waitUntil(lambda: win.live.running, timeout=WAIT_MS)
    return win, view


def test_two_managers_see_each_others_edits_and_not_touch_them(  # type: ignore[no-untyped-def]
    qtbot, pg_server, pg_org
) -> None:
    """Two managers see each other's edits and cannot touch each other's team.

    Two windows on one PostgreSQL, as the managers of Red and of Blue: each sees the other's
    edit by itself; a change to the other's team is refused, nothing stored.
    """
    from skillmatrix.services.server import grant_login

    url, cycle, who, comps = pg_org
    red_people, blue_people = who[:2], who[2:]
    grant_login(url, RED, teams=["Red"], see_names=True)
    grant_login(url, BLUE, teams=["Blue"], see_names=True)
    red_win, red = _manager_window(qtbot, pg_server.login_url(url, RED), 4)
    blue_win, blue = _manager_window(qtbot, pg_server.login_url(url, BLUE), 4)
    qtbot.wait(300)  # both listeners have subscribed

    red.grid.go_to(red.model.index_of(red_people[0], comps[4]))
    qtbot.keyClick(red.grid, "3")
    qtbot.waitUntil(lambda: _shown_level(blue, red_people[0], comps[4]) == 3, timeout=WAIT_MS)
    blue.grid.go_to(blue.model.index_of(blue_people[1], comps[5]))
    qtbot.keyClick(blue.grid, "2")
    qtbot.waitUntil(lambda: _shown_level(red, blue_people[1], comps[5]) == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: BLUE in red_win.status.state.text(), timeout=WAIT_MS)

    failures: list[str] = []
    blue_win.ctx.failed.connect(failures.append)
    blue.grid.go_to(blue.model.index_of(red_people[0], comps[4]))
    qtbot.keyClick(blue.grid, "1")
    assert failures and "not one of your teams" in failures[-1]
    qtbot.wait(600)
    assert _shown_level(red, red_people[0], comps[4]) == 3  # nothing came: nothing stored
    stored = get_rating(
        red_win.ctx.db, cycle_id=cycle, person_id=red_people[0], competency_id=comps[4]
    )
    assert stored is not None and stored.level == 3 and stored.rated_by == RED
    for win in (red_win, blue_win):
        win.close()
        win.ctx.db.close()


def test_window_b_shows_window_as_edit_within_a_second(qtbot, pg_server, pg_org) -> None:  # type: ignore[no-untyped-def]
    """Window B shows window A's edit within a second (issue 15), via LISTEN/NOTIFY.

    On PostgreSQL the worker reads only when a notification wakes it: no poll fallback. The
    one timed wait of this file, on purpose: NOTIFY delivers in ~35 ms and the other window
    showed an edit 92-187 ms after the key press (BENCHMARKS.md). The bound here is 3 s, not
    the issue's second, so that a CI machine busy with other tests does not fail it; the
    second is checked by the benchmark, where timing belongs.
    """
    from skillmatrix.services.server import grant_login

    url, _cycle, who, comps = pg_org
    grant_login(url, RED, teams=["Red"], see_names=True)
    grant_login(url, BLUE, teams=["Blue"], see_names=True)
    red_win, red = _manager_window(qtbot, pg_server.login_url(url, RED), 4)
    blue_win, blue = _manager_window(qtbot, pg_server.login_url(url, BLUE), 4)
    qtbot.waitUntil(lambda: red_win.live.polls >= 1 and blue_win.live.polls >= 1, timeout=WAIT_MS)
    qtbot.wait(300)  # both listeners have subscribed
    for level, (pid, cid) in enumerate([(who[0], comps[5]), (who[1], comps[4])], start=2):
        red.grid.go_to(red.model.index_of(pid, cid))
        qtbot.keyClick(red.grid, str(level))  # returns once A's write is committed
        assert "Saved" in red_win.status.state.text()
        qtbot.waitUntil(
            lambda pid=pid, cid=cid, level=level: _shown_level(blue, pid, cid) == level,
            timeout=3000,
        )
    for win in (red_win, blue_win):
        win.close()
        win.ctx.db.close()


def test_a_conflicting_edit_is_reported_once_and_loses_nothing(qtbot, pg_server, pg_org) -> None:  # type: ignore[no-untyped-def]
    """A conflicting edit is reported once and loses nothing.

    The department's admin changes a Red cell while Red's window still shows the old value:
    Red's edit of it is refused naming who and when (said once, not "Not saved: Not
    saved:"), the cell shows the stored value, and Red can then apply theirs.
    """
    from skillmatrix.services.server import grant_login

    url, cycle, who, comps = pg_org
    grant_login(url, RED, teams=["Red"], see_names=True)
    win, view = _manager_window(qtbot, pg_server.login_url(url, RED), 4)
    _watching(qtbot, win)
    pid, cid = who[1], comps[2]
    view.grid.go_to(view.model.index_of(pid, cid))
    assert _shown_level(view, pid, cid) == 1
    with open_database(url) as admin:  # the tables' owner: an admin
        rate(admin, cycle_id=cycle, person_id=pid, competency_id=cid, level=4, note="calibrated")
    qtbot.keyClick(view.grid, "2")  # before the window heard of it: it sends version 1
    said = win.status.state.text()
    assert said.startswith("Not saved: ") and said.count("Not saved") == 1, said
    assert "was changed by postgres" in said and "since you loaded it" in said
    assert win.status.state.toolTip() == said  # the whole line, when the bar clips it
    qtbot.waitUntil(lambda: _shown_level(view, pid, cid) == 4, timeout=WAIT_MS)
    stored = get_rating(win.ctx.db, cycle_id=cycle, person_id=pid, competency_id=cid)
    assert stored is not None and (stored.level, stored.note) == (4, "calibrated")
    view.grid.go_to(view.model.index_of(pid, cid))
    assert view.banner.text().startswith("Not saved")
    qtbot.keyClick(view.grid, "2")  # applied again, knowingly: now saved
    stored = get_rating(win.ctx.db, cycle_id=cycle, person_id=pid, competency_id=cid)
    assert stored is not None and stored.level == 2 and stored.rated_by == RED
    assert win.status.state.text().startswith("✓ Saved")
    # The refusal does not stay beside "Saved": the banner is back to its standing line.
    assert view.banner.text() == view.banner.state_text and "Signed in" in view.banner.text()
    win.close()
    win.ctx.db.close()


def test_the_listener_comes_back_after_a_server_restart(qtbot, pg_server, pg_org) -> None:  # type: ignore[no-untyped-def]
    """The listener comes back by itself after a server restart.

    Every connection drops: the worker reconnects, reloads what it may have missed, and
    later edits show again.
    """
    from skillmatrix.ui import live

    url, cycle, who, comps = pg_org
    win, view = _manager_window(qtbot, url, 4)
    pg_server.restart()
    qtbot.waitUntil(lambda: win.live.polls >= 2, timeout=WAIT_MS)  # looked after reconnecting
    with open_database(url) as other:
        rate(other, cycle_id=cycle, person_id=who[1], competency_id=comps[3], level=4)
    timeout = int((live.RETRY_SECONDS + 1) * 1000) + WAIT_MS
    qtbot.waitUntil(lambda: _shown_level(view, who[1], comps[3]) == 4, timeout=timeout)
    win.close()
    win.ctx.db.close()


def test_closing_the_window_waits_for_the_watcher(qtbot, org_window) -> None:  # type: ignore[no-untyped-def]
    """Closing the window joins the watcher thread.

    A watcher thread left running into interpreter shutdown (emitting into Qt, or still
    importing) can abort the process at quit.
    """
    win, _cycle, _who, _comps = org_window
    _watching(qtbot, win)
    thread = win.live._thread
    assert thread is not None and thread.is_alive()
    win.close()
    assert not thread.is_alive()
