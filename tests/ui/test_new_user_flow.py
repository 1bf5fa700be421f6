"""The issue's "done when", as a new user would do it, through the real widgets.

No database → welcome page → Backend Engineer framework → a team of 8 → rate everyone by
keyboard → start the next quarter → close the app → reopen: everything is there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from skillmatrix.services import cycles, people, ratings
from skillmatrix.services.database import open_database
from skillmatrix.ui import cycle_actions
from skillmatrix.ui.main_window import MainWindow

TEAM = [f"Engineer {n}" for n in range(1, 9)]
LEVELS = "01234"


def test_new_user_builds_rates_and_finds_everything_after_reopening(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "backend-team.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_initial(None)  # no database: the welcome page

    page = window.welcome
    row = next(
        i
        for i in range(page.frameworks.count())
        if page.frameworks.item(i).text().startswith("Backend Engineer")
    )
    page.frameworks.setCurrentRow(row)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert window.ctx.db is not None and window.ctx.cycle is not None
    first_cycle = window.ctx.cycle

    window.show_view("team")
    team_view = window.page("team").content
    for n, name in enumerate(TEAM):
        dialog = team_view.add_person()
        qtbot.keyClicks(dialog.name, name)
        dialog.email.setText(f"engineer{n + 1}@example.com")
        dialog.team.setEditText("Core API")
        dialog.role.setCurrentText("Backend Engineer")
        dialog.seniority.setCurrentText(("Junior", "Mid", "Senior", "Staff")[n % 4])
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert sorted(p.name for p in people.list_people(window.ctx.db)) == sorted(TEAM)

    window.show_view("assess")
    assess = window.page("assess").content
    grid = assess.grid
    qtbot.waitUntil(lambda: assess.model.rowCount() == len(TEAM), timeout=10_000)
    columns = assess.model.columnCount()
    assert columns > 20
    typed = 6  # the first six competencies of every person, typed row by row
    for row in range(len(TEAM)):
        grid.setCurrentIndex(assess.model.index(row, 0))
        grid.setFocus()
        for col in range(typed):
            qtbot.keyClick(grid, LEVELS[(row + col) % 5])
    db = window.ctx.db
    ids = {p.name: p.id for p in people.list_people(db)}
    stored = ratings.list_ratings(db, first_cycle.id)
    assert len(stored) == len(TEAM) * typed
    typed_levels = sorted((row + col) % 5 for row in range(len(TEAM)) for col in range(typed))
    assert sorted(r.level for r in stored) == typed_levels
    # Every person got exactly one rating in each of the first six competencies.
    assert {sum(r.person_id == pid for r in stored) for pid in ids.values()} == {typed}

    task = cycle_actions.start_cycle(
        window,
        name=cycles.next_cycle_name(first_cycle.name),
        carry_forward=True,
        close_previous=True,
    )
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    second = window.ctx.cycle
    assert second.id != first_cycle.id and cycles.get_cycle(db, first_cycle.name).closed
    window.close()
    db.close()

    reopened = open_database(target)
    try:
        assert sorted(ids) == sorted(p.name for p in people.list_people(reopened))
        carried = ratings.list_ratings(reopened, second.id)
        assert {(r.person_id, r.competency_id, r.level) for r in carried} == {
            (r.person_id, r.competency_id, r.level) for r in stored
        }
        assert cycles.get_cycle(reopened, first_cycle.name).closed
    finally:
        reopened.close()
