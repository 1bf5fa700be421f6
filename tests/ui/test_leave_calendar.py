"""The leave calendar in the Team view.

Entered with the keyboard and mouse, imported from CSV, each step undoable, and read by the
risk projection.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QToolButton

from skillmatrix.services import leaves, people
from skillmatrix.services.risk import departure_risk
from skillmatrix.ui.main_window import MainWindow
from skillmatrix.ui.team.leave_dialog import LeaveCalendarDialog
from skillmatrix.ui.team.view import TeamView


def _dialog(qtbot, window: MainWindow) -> LeaveCalendarDialog:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    for name in ("Ada Byron", "Bo Chen"):
        people.add_person(db, name=name, team="Core", role="Backend Engineer")
    window.ctx.peopleChanged.emit()
    window.show_view("team")
    view = window.page("team").content
    assert isinstance(view, TeamView)
    button = next(b for b in view.findChildren(QToolButton) if b.defaultAction() is view.act_leave)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.leave_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_a_leave_typed_in_is_stored_undone_and_redone(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, window)
    db = window.ctx.db
    bo = people.find_person(db, "Bo Chen")
    dialog.person.setCurrentIndex(dialog.person.findData(bo.id))
    dialog.start.setDate(QDate(2027, 3, 1))
    dialog.end.setFocus()
    dialog.end.setDate(QDate(2027, 3, 1))
    qtbot.keyClick(dialog.end, Qt.Key.Key_Up)  # the day part steps one up: the 2nd
    dialog.kind.setCurrentText("")
    qtbot.keyClicks(dialog.kind.lineEdit(), "notice period")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    stored = leaves.list_leaves(db)
    assert [(lv.person_id, lv.start, lv.reason) for lv in stored] == [
        (bo.id, dt.date(2027, 3, 1), "notice period")
    ]
    assert stored[0].end > stored[0].start
    assert dialog.rows() == [["Bo Chen", "2027-03-01", stored[0].end.isoformat(), "notice period"]]
    window.ctx.undo_stack.undo()
    assert leaves.list_leaves(db) == [] and dialog.rows() == []
    window.ctx.undo_stack.redo()
    assert len(leaves.list_leaves(db)) == 1 and len(dialog.rows()) == 1
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert leaves.list_leaves(db) == []
    window.ctx.undo_stack.undo()  # back, under the same id
    assert [lv.person_id for lv in leaves.list_leaves(db)] == [bo.id]


def test_csv_import_is_one_step_and_a_bad_file_stores_nothing(
    qtbot,
    window: MainWindow,
    messages,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    dialog = _dialog(qtbot, window)
    db = window.ctx.db
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "person,from,to\nAda Byron,2027-01-04,2027-01-08\nNobody,2027-01-04,2027-01-08\n"
    )
    assert not dialog.import_file(bad)
    assert messages.texts("warning") == ["bad.csv row 3: no person named 'Nobody'"]
    assert leaves.list_leaves(db) == []
    good = tmp_path / "leave.csv"
    good.write_text(
        "Name,Start,End,Type\nAda Byron,2027-01-04,2027-01-08,sabbatical\n"
        "bo chen,2027-01-06,2027-01-20,parental leave\n"
    )
    assert dialog.import_file(good)
    assert [r[0] for r in dialog.rows()] == ["Ada Byron", "Bo Chen"]
    # the risk projection reads the stored calendar
    _snap, data = departure_risk(db, today=dt.date(2027, 1, 4), weeks=2)
    assert data["calendar"][0]["away"] == ["Ada Byron", "Bo Chen"]
    window.ctx.undo_stack.undo()
    assert leaves.list_leaves(db) == []
