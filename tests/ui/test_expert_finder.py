"""The expert finder from the toolbar's search, driven by the keyboard in the main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from skillmatrix.services import people, ratings, reads
from skillmatrix.services.database import open_database
from skillmatrix.services.frameworks import list_competencies
from skillmatrix.ui.finder import ExpertFinder


@pytest.fixture
def staffed(db_path: Path) -> Path:
    """Two teams rated in API design: Bob (Web) 4, Cy (Web) 3 keen, Ann (Core) 3, Dee 1."""
    db = open_database(db_path)
    try:
        cycle = reads.latest_cycle(db)
        assert cycle is not None
        api = next(c for c in list_competencies(db) if c.name == "API design")
        for name, team, level, interest in (
            ("Ann", "Core", 3, None),
            ("Bob", "Web", 4, 1),
            ("Cy", "Web", 3, 3),
            ("Dee", "Core", 1, 3),
        ):
            pid = people.add_person(db, name=name, team=team).id
            ratings.rate(
                db, cycle_id=cycle.id, person_id=pid, competency_id=api.id, level=level,
                interest=interest,
            )  # fmt: skip
    finally:
        db.close()
    return db_path


@pytest.fixture
def win(qtbot, staffed: Path):  # type: ignore[no-untyped-def]
    from skillmatrix.ui import open_main_window

    w = open_main_window(staffed)
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    yield w
    for finder in w.findChildren(ExpertFinder):
        finder.close()
    w.close()
    if w.ctx.db is not None:
        w.ctx.db.close()


def _finder(w) -> ExpertFinder:  # type: ignore[no-untyped-def]
    found = [f for f in w.findChildren(ExpertFinder) if f.isVisible()]
    assert len(found) == 1
    return found[0]


def _rows(finder: ExpertFinder) -> list[tuple[str, str, str]]:
    tree = finder.results
    return [
        (tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2))
        for i in range(tree.topLevelItemCount())
    ]


def test_toolbar_search_finds_experts_across_teams_and_opens_the_cell(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.ctx.set_team("Core")  # the finder looks across teams all the same
    win.show_view("team")
    qtbot.keyClick(
        win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    box = win.findChild(QLineEdit, "expertSearch")
    assert QApplication.focusWidget() is box
    qtbot.keyClicks(box, "api des")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    finder = _finder(win)
    assert finder.competency.currentText() == "API design"
    # Default floor: the scale's second-highest level (3); highest first, then freshest.
    rows = _rows(finder)
    assert [r[0] for r in rows] == ["Bob", "Ann", "Cy"]
    assert {r[1] for r in rows} == {"Web", "Core"}
    assert rows[0][2].startswith("4 ")
    assert "3 people" in finder.status.text()

    qtbot.waitUntil(finder.isActiveWindow)  # mnemonics work in the active window
    assert finder.focusWidget() is finder.competency

    def key(k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(QApplication.focusWidget(), k, mod)

    # Tab to "Wants to grow", Space: only Bob (somewhat) and Cy (keen) remain.
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is finder.grow
    key(Qt.Key.Key_Space)
    assert [r[0] for r in _rows(finder)] == ["Bob", "Cy"]
    # Can teach: only the top of the scale.
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Space)
    assert [r[0] for r in _rows(finder)] == ["Bob"]
    key(Qt.Key.Key_Space)
    key(Qt.Key.Key_Backtab)
    key(Qt.Key.Key_Space)
    assert len(_rows(finder)) == 3

    # Same level and day: by name. Down twice to Cy (Web, outside the Core filter), Enter.
    assert [r[0] for r in _rows(finder)] == ["Bob", "Ann", "Cy"]
    finder.results.setFocus()
    qtbot.keyClick(finder.results, Qt.Key.Key_Down)
    qtbot.keyClick(finder.results, Qt.Key.Key_Down)
    target = finder.results.currentItem().text(0)
    assert target == "Cy"
    qtbot.keyClick(finder.results, Qt.Key.Key_Return)
    assert not finder.isVisible()
    qtbot.waitUntil(lambda: win.current_view() == "assess")
    view = win.pages["assess"].content

    def on_cell() -> bool:
        idx = view.grid.currentIndex()
        return (
            idx.isValid()
            and view.model.person(idx.row()).name == target
            and view.model.competency(idx.column()).name == "API design"
        )

    qtbot.waitUntil(on_cell)
    assert win.ctx.team is None  # the person's team was filtered out: the filter cleared


def test_unknown_competency_says_so_in_the_panel(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    box = win.findChild(QLineEdit, "expertSearch")
    box.setFocus()
    qtbot.keyClicks(box, "Underwater basket weaving")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    finder = _finder(win)
    assert finder.results.topLevelItemCount() == 0
    assert "Underwater basket weaving" in finder.status.text()
