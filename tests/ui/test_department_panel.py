"""View › Department Coverage: every team's counts, no names, read-only.

On a SQLite file and as a manager of one team on the session's real PostgreSQL (row-level
security).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pg_server import PgServer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableWidget

from skillmatrix.core.frameworks import find_framework
from skillmatrix.services import cycles, people, ratings, reads
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.services.department import department_coverage
from skillmatrix.services.server import grant_login
from skillmatrix.ui.department import DepartmentPanel

MANAGER = "w27_ui_dept_red"
NAMES = ("Ann Red", "Bo Red", "Cy Blue", "Di Blue", "Ed Blue")


def _staff(db_or_url: object) -> None:
    with open_database(db_or_url) as db:  # type: ignore[arg-type]
        if not fw.list_competencies(db):
            fw.install_framework(db, find_framework("Backend Engineer"))
        cycle = reads.latest_cycle(db) or cycles.start_cycle(db, name="2026-Q1")
        comps = [c.id for c in fw.list_competencies(db)][:3]
        for n, name in enumerate(NAMES):
            pid = people.add_person(db, name=name, team=name.split()[1]).id
            ratings.rate_many(db, cycle_id=cycle.id, cells=[(pid, c) for c in comps], level=n % 5)


def _panel(qtbot, win) -> DepartmentPanel:  # type: ignore[no-untyped-def]
    win.acts.department.trigger()
    panel = win.findChild(DepartmentPanel, "departmentPanel")
    assert panel is not None and panel.isVisible()
    panel.wait()
    assert panel.shown is not None
    return panel


def _everything_shown(panel: DepartmentPanel) -> str:
    table: QTableWidget = panel.table
    parts = [panel.heading.text(), panel.note.text()]
    for c in range(table.columnCount()):
        header = table.horizontalHeaderItem(c)
        parts.append(header.text() if header else "")
    for r in range(table.rowCount()):
        header = table.verticalHeaderItem(r)
        parts.append(header.text() if header else "")
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is not None:
                parts += [item.text(), item.toolTip()]
    return "\n".join(parts)


def _cell(panel: DepartmentPanel, team: str, competency: str) -> str:
    table = panel.table
    col = next(
        c
        for c in range(table.columnCount())
        if table.horizontalHeaderItem(c).text().startswith(team)
    )  # type: ignore[union-attr]
    row = next(
        r for r in range(table.rowCount()) if table.verticalHeaderItem(r).text() == competency
    )  # type: ignore[union-attr]
    item = table.item(row, col)
    assert item is not None
    return item.text()


def test_the_panel_shows_each_teams_counts_and_follows_edits(qtbot, window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    _staff(db_path)
    window.ctx.refresh()
    panel = _panel(qtbot, window)
    result = department_coverage(window.ctx.db)
    assert result.teams == ["Blue", "Red"]
    table = panel.table
    assert table.columnCount() == 2 and table.rowCount() == len(result.rows) // 2 + 1
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    shown = _everything_shown(panel)
    assert "Blue\n3 people" in shown and "Red\n2 people" in shown
    for name in NAMES:
        assert name not in shown
    first = result.rows[0]
    assert _cell(panel, "Blue", first.competency) == f"{first.at_level} / {first.required}"
    # Raise every Red person in that competency: the open panel follows.
    assert window.ctx.cycle is not None
    reds = [p.id for p in people.list_people(window.ctx.db, team="Red")]
    comp = next(c for c in fw.list_competencies(window.ctx.db) if c.name == first.competency)
    changes = ratings.rate_many(
        window.ctx.db, cycle_id=window.ctx.cycle.id, cells=[(p, comp.id) for p in reds], level=4
    )
    window.ctx.ratingsChanged.emit(changes)
    panel.wait()
    assert _cell(panel, "Red", first.competency) == f"2 / {first.required}"
    # The same panel again from the menu, not a second one.
    window.acts.department.trigger()
    assert len(window.findChildren(DepartmentPanel)) == 1
    _screenshot(panel, "department_panel.png")
    panel.close()


class Org:
    def __init__(self, server: PgServer, url: str) -> None:
        self.server, self.url = server, url
        _staff(url)
        grant_login(url, MANAGER, teams=["Red"])  # no see_names: Blue's people are hidden


@pytest.fixture
def org(pg_server: PgServer, pg_url: str) -> Org:
    return Org(pg_server, pg_url)


def test_a_manager_sees_every_teams_counts_and_only_their_own_names(qtbot, org: Org) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.ui import open_main_window

    win = open_main_window(org.server.login_url(org.url, MANAGER))
    qtbot.addWidget(win)
    assert {p.name for p in people.list_people(win.ctx.db)} == {"Ann Red", "Bo Red"}
    panel = _panel(qtbot, win)
    with open_database(org.url) as admin:
        expected = department_coverage(admin)
    assert panel.shown == expected  # every team's counts, through the view
    shown = _everything_shown(panel)
    assert "Blue\n3 people" in shown and "Red\n2 people" in shown
    for name in NAMES:
        assert name not in shown
    assert "only for your own teams (Red)" in panel.note.text()
    _screenshot(panel, "department_panel_manager.png")
    panel.close()
    win.close()
    win.ctx.db.close()


def _screenshot(panel: DepartmentPanel, name: str) -> None:
    folder = os.environ.get("SKILLMATRIX_SCREENSHOTS")  # to look at it (reviews)
    if folder:
        QApplication.processEvents()  # the layout after the texts changed
        panel.grab().save(str(Path(folder) / name))
