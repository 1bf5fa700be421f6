"""Screenshots for issue 15's "Done when": two app windows on one PostgreSQL database.

The windows belong to the managers of two teams and run in one process on the offscreen
platform.

1. ``1_edit_arrives.png``: Red's manager rates a cell in window A; window B (Blue's
   manager) shows it by itself (LISTEN/NOTIFY), and the script prints how long it took.
2. ``2_other_team_refused.png``: Blue's manager types a level into a Red cell: the cell is
   read-only (hatched), the refusal names the reason, nothing is stored.
3. ``3_conflict_reported.png``: the department head (an admin) changes a Red cell while
   Red's window still shows the old value; Red's edit of it is refused with who changed it
   and when, the cell shows the stored value (nothing lost).
4. ``4_applied_again.png``: Red applies theirs again, knowingly: saved, and B shows it.

The PostgreSQL server is a throwaway one started the way the tests start theirs
(``tests/pg_server.py``: 127.0.0.1, a free port, a temporary folder), set up by
``server init``, with logins granted by ``server grant``; it is stopped at the end. Run::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/two_managers_screenshots.py [FOLDER]

FOLDER defaults to ``shots/``. Exits non-zero when a step does not behave as described.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pg_server import PgServer, start_server  # the tests' helper

RED, BLUE, HEAD = "red_manager", "blue_manager", "department_head"
CYCLE = "2026-Q4"


def _organisation(server: PgServer) -> str:
    """A database set up by ``server init``: two teams of three, some ratings, three logins."""
    from skillmatrix.core.frameworks import find_framework
    from skillmatrix.services import cycles, people
    from skillmatrix.services import frameworks as fw
    from skillmatrix.services.database import open_database
    from skillmatrix.services.ratings import rate_many
    from skillmatrix.services.server import grant_login, init_server

    url = server.new_database()
    init_server(url)
    with open_database(url) as db:
        fw.install_framework(db, find_framework("Backend Engineer"))
        names = {
            "Red": ["Ada Red", "Ben Red", "Cleo Red"],
            "Blue": ["Dev Blue", "Eva Blue", "Finn Blue"],
        }
        ids = [people.add_person(db, name=n, team=t).id for t, ns in names.items() for n in ns]
        cycle = cycles.start_cycle(db, name=CYCLE, carry_forward=False)
        comps = [c.id for c in fw.list_competencies(db)][:10]
        for n, pid in enumerate(ids):
            cells = [(pid, c) for c in comps[n % 3 :: 2]]
            rate_many(db, cycle_id=cycle.id, cells=cells, level=1 + n % 4)
    grant_login(url, RED, teams=["Red"], see_names=True)
    grant_login(url, BLUE, teams=["Blue"], see_names=True)
    grant_login(url, HEAD, admin=True)
    return url


def _wait(app: object, done: Callable[[], bool], what: str, timeout: float = 10.0) -> float:
    """Process events until ``done()``; seconds it took. Raises SystemExit on a timeout."""
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.002)
    return time.perf_counter() - start


def _window(app: object, url: str, title: str) -> tuple[object, object]:
    from skillmatrix.ui import open_main_window

    win = open_main_window(url)
    win.resize(1180, 560)
    win.setWindowTitle(title)
    win.show_view("assess")
    view = win.page("assess").ensure_built()
    _wait(app, lambda: view.model.rowCount() == 6 and not view.model.loading, f"{title}'s grid")
    _wait(app, lambda: win.live.running and win.live.polls >= 1, f"{title}'s listener")
    view.grid.clearSelection()
    return win, view


def _shown(view: object, pid: int, cid: int) -> float | None:
    snap = view.model.snapshot  # type: ignore[attr-defined]
    value = snap.levels[snap.person_index(pid), snap.competency_index(cid)]
    return None if value != value else float(value)


def _row(view: object, name: str) -> int:
    m = view.model  # type: ignore[attr-defined]
    return next(r for r in range(m.rowCount()) if m.person(r).name == name)


def _side_by_side(path: Path, *windows: object) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter, QPixmap

    shots = [w.grab() for w in windows]  # type: ignore[attr-defined]
    gap = 12
    canvas = QPixmap(
        sum(s.width() for s in shots) + gap * (len(shots) - 1), max(s.height() for s in shots)
    )
    canvas.fill(Qt.GlobalColor.darkGray)
    painter = QPainter(canvas)
    x = 0
    for shot in shots:
        painter.drawPixmap(x, 0, shot)
        x += shot.width() + gap
    painter.end()
    if not canvas.save(str(path)):
        raise SystemExit(f"could not save {path}")
    print(f"saved {path}")


def main(folder: Path) -> int:
    """Take the screenshots into ``folder``; returns the exit code."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from skillmatrix.services import cycles
    from skillmatrix.services.database import open_database
    from skillmatrix.services.ratings import get_rating, rate
    from skillmatrix.ui.app import ensure_application

    folder.mkdir(parents=True, exist_ok=True)
    server = start_server()
    try:
        url = _organisation(server)
        app = ensure_application()
        red_win, red = _window(app, server.login_url(url, RED), f"A: {RED}")
        blue_win, blue = _window(app, server.login_url(url, BLUE), f"B: {BLUE}")
        snap = red.model.snapshot
        comps = snap.competencies
        ada = red.model.person(_row(red, "Ada Red"))

        # 1. A rates Ada's 5th competency 3; B shows it by itself.
        cid = comps[4].id
        red.grid.go_to(red.model.index_of(ada.id, cid))
        blue.grid.go_to(blue.model.index_of(ada.id, cid))  # B's cursor on the cell, to see it
        start = time.perf_counter()
        QTest.keyClick(red.grid, Qt.Key.Key_3)
        if "Saved" not in red_win.status.state.text():
            raise SystemExit(f"A's edit was not saved: {red_win.status.state.text()}")
        _wait(app, lambda: _shown(blue, ada.id, cid) == 3, "B to show A's edit")
        seen = time.perf_counter() - start
        _wait(app, lambda: RED in blue_win.status.state.text(), "B's status line", timeout=3)
        app.processEvents()
        print(f"B showed A's edit {seen * 1000:.0f} ms after the key press")
        _side_by_side(folder / "1_edit_arrives.png", red_win, blue_win)

        # 2. B types a level into one of A's team's cells: refused, read-only, nothing stored.
        before = get_rating(
            blue_win.ctx.db, cycle_id=snap.cycle.id, person_id=ada.id, competency_id=comps[1].id
        )
        blue.grid.go_to(blue.model.index_of(ada.id, comps[1].id))
        QTest.keyClick(blue.grid, Qt.Key.Key_4)
        app.processEvents()
        said = blue_win.status.state.text()
        print(f"B's status line: {said}")
        if "not one of your teams" not in said:
            raise SystemExit("B's edit of a Red cell was not refused with the reason")
        after = get_rating(
            red_win.ctx.db, cycle_id=snap.cycle.id, person_id=ada.id, competency_id=comps[1].id
        )
        if after != before:
            raise SystemExit("B's refused edit was stored")
        _side_by_side(folder / "2_other_team_refused.png", blue_win)

        # 3. The head changes Ben's 2nd competency (rated 2); A edits it before hearing of that.
        ben = red.model.person(_row(red, "Ben Red"))
        cid = comps[1].id
        red.grid.go_to(red.model.index_of(ben.id, cid))
        app.processEvents()
        cycle = cycles.latest_cycle(red_win.ctx.db)
        assert cycle is not None
        with open_database(server.login_url(url, HEAD)) as head:
            rate(
                head,
                cycle_id=cycle.id,
                person_id=ben.id,
                competency_id=cid,
                level=4,
                note="from the calibration",
            )
        QTest.keyClick(red.grid, Qt.Key.Key_1)  # no events processed: A still shows the old value
        app.processEvents()
        said = red_win.status.state.text()
        print(f"A's status line: {said}")
        if HEAD not in said or "since you loaded it" not in said:
            raise SystemExit("the conflicting edit was not reported with who changed the cell")
        _wait(app, lambda: _shown(red, ben.id, cid) == 4, "A to show the stored value")
        stored = get_rating(red_win.ctx.db, cycle_id=cycle.id, person_id=ben.id, competency_id=cid)
        if stored is None or stored.level != 4 or stored.rated_by != HEAD:
            raise SystemExit(f"the head's value was lost: {stored}")
        app.processEvents()
        _side_by_side(folder / "3_conflict_reported.png", red_win)

        # 4. Having seen the head's value, A applies theirs again, knowingly: saved.
        red.grid.go_to(red.model.index_of(ben.id, cid))
        QTest.keyClick(red.grid, Qt.Key.Key_1)
        stored = get_rating(red_win.ctx.db, cycle_id=cycle.id, person_id=ben.id, competency_id=cid)
        if stored is None or stored.level != 1 or stored.rated_by != RED:
            raise SystemExit(f"A's second try was not stored: {stored}")
        _wait(app, lambda: _shown(blue, ben.id, cid) == 1, "B to show A's second try")
        app.processEvents()
        _side_by_side(folder / "4_applied_again.png", red_win, blue_win)

        for win in (red_win, blue_win):
            win.close()
            win.ctx.db.close()
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("shots")))
