"""A cycle's due date from the app.

Start Next Cycle takes one, Cycle ▸ Set Due Date… sets or clears the current cycle's
(undoable, compare-and-set), and the Assess toolbar and the Team view show who is overdue at
once.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from skillmatrix.services import cycles, people, review
from skillmatrix.ui import cycle_actions
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.dialogs.due_date import DueDateDialog
from skillmatrix.ui.dialogs.start_cycle import StartCycleDialog
from skillmatrix.ui.main_window import MainWindow
from skillmatrix.ui.team.model import REVIEW
from skillmatrix.ui.team.view import TeamView

PAST = dt.date.today() - dt.timedelta(days=1)


def _accept_with(monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], fill) -> None:  # type: ignore[no-untyped-def]
    """``cls.exec`` shows the dialog, lets ``fill`` type into it and clicks OK."""

    def exec_and_accept(dialog: QDialog) -> int:
        dialog.show()
        fill(dialog)
        box = dialog.findChild(QDialogButtonBox)
        box.button(QDialogButtonBox.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", exec_and_accept)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_start_dialog_due_date_is_off_by_default_and_starts_at_the_quarter_end(
    window: MainWindow,
) -> None:
    dialog = cycle_actions.start_dialog(window)
    assert dialog is not None
    assert not dialog.set_due.isChecked() and not dialog.due.isEnabled()
    assert dialog.due_date() is None
    year, quarter = cycles.parse_quarter(dialog.name.text()) or (0, 0)
    assert dialog.due.date().toPython() == cycles.quarter_dates(year, quarter)[1]
    dialog.set_due.click()
    assert dialog.due.isEnabled() and dialog.due_date() == cycles.quarter_dates(year, quarter)[1]
    dialog.reject()


def test_start_next_cycle_with_a_due_date(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch
) -> None:
    name = cycles.next_cycle_name("2026-Q1")
    year, quarter = cycles.parse_quarter(name) or (0, 0)
    due = cycles.quarter_dates(year, quarter)[0] + dt.timedelta(days=40)

    def fill(dialog: StartCycleDialog) -> None:
        dialog.set_due.click()
        dialog.due.setDate(_qdate(due))

    _accept_with(monkeypatch, StartCycleDialog, fill)
    task = cycle_actions.start_next_cycle(window)
    assert task is not None
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    assert window.ctx.cycle is not None and window.ctx.cycle.name == name
    assert window.ctx.cycle.due_on == due
    assert cycles.get_cycle(window.ctx.db, name).due_on == due


def test_set_due_date_is_shown_at_once_and_undoable(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch
) -> None:
    db = window.ctx.db
    for name in ("Ann", "Bob"):
        people.add_person(db, name=name, team="Core", role="Backend Engineer")
    window.ctx.peopleChanged.emit()
    # 2026-Q1's last day is its due date until one is set: make that the future first.
    cycle = window.ctx.cycle
    assert cycle is not None and window.acts.set_due.isEnabled()
    window.ctx.set_cycle(review.set_due(db, cycle.id, dt.date(2099, 1, 1)))
    window.show_view("assess")
    assess = window.page("assess").content
    assert isinstance(assess, AssessView)
    qtbot.waitUntil(
        lambda: assess.toolbar.review.text() == "Reviewed 0 of 2 · due 01 Jan 2099", timeout=5000
    )

    def fill(dialog: DueDateDialog) -> None:
        assert dialog.has_due.isChecked() and dialog.due.date() == _qdate(dt.date(2099, 1, 1))
        dialog.due.setDate(_qdate(PAST))

    _accept_with(monkeypatch, DueDateDialog, fill)
    window.acts.set_due.trigger()
    assert cycles.get_cycle(db, cycle.id).due_on == PAST
    assert window.ctx.cycle is not None and window.ctx.cycle.due_on == PAST
    qtbot.waitUntil(lambda: assess.toolbar.review.text().endswith("· 2 overdue"), timeout=5000)
    assert "color" in assess.toolbar.review.styleSheet()

    window.show_view("team")
    team = window.page("team").content
    assert isinstance(team, TeamView)

    def column() -> list[str]:
        m = team.model
        return [m.index(r, REVIEW).data() for r in range(m.rowCount())]

    qtbot.waitUntil(lambda: column() == ["Not started · overdue"] * 2, timeout=5000)

    window.ctx.undo()  # back to 2099: nobody is overdue
    assert cycles.get_cycle(db, cycle.id).due_on == dt.date(2099, 1, 1)
    qtbot.waitUntil(lambda: column() == ["Not started"] * 2, timeout=5000)
    window.ctx.redo()
    assert cycles.get_cycle(db, cycle.id).due_on == PAST
    qtbot.waitUntil(lambda: column() == ["Not started · overdue"] * 2, timeout=5000)


def test_unticking_clears_the_due_date(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    cycle = window.ctx.cycle
    assert cycle is not None
    window.ctx.set_cycle(review.set_due(db, cycle.id, dt.date(2026, 3, 20)))
    _accept_with(monkeypatch, DueDateDialog, lambda dialog: dialog.has_due.click())
    window.acts.set_due.trigger()
    stored = cycles.get_cycle(db, cycle.id)
    assert stored.due_on is None and stored.due == dt.date(2026, 3, 31)  # by its last day
    assert window.ctx.undo_stack.undoText() == "Clear 2026-Q1's due date"
    window.ctx.undo()
    assert cycles.get_cycle(db, cycle.id).due_on == dt.date(2026, 3, 20)


def test_the_due_date_cannot_precede_the_cycle(window: MainWindow) -> None:
    dialog = cycle_actions.due_dialog(window)
    assert dialog is not None
    dialog.due.setDate(QDate(2025, 12, 1))
    assert dialog.due.date() == QDate(2026, 1, 1)  # clamped to the first day
    dialog.reject()


def test_a_stale_due_date_is_refused_and_the_stored_one_shown(  # type: ignore[no-untyped-def]
    window: MainWindow, db_path, messages
) -> None:
    """A stale due date is refused with the reason and the stored one shown.

    Another manager set the due date after this window loaded the cycle: nothing is stacked;
    then it works.
    """
    from skillmatrix.store.database import Database

    other = Database(db_path)
    try:
        review.set_due(other, "2026-Q1", dt.date(2026, 3, 15))
    finally:
        other.close()
    cycle = window.ctx.cycle
    assert cycle is not None and cycle.due_on is None
    assert cycle_actions.set_due(window, cycle, dt.date(2026, 3, 25)) is None
    said = " ".join(text for _, text in messages.shown)
    assert "2026-Q1" in said and "since you loaded it" in said
    assert cycles.get_cycle(window.ctx.db, cycle.id).due_on == dt.date(2026, 3, 15)
    assert window.ctx.cycle is not None and window.ctx.cycle.due_on == dt.date(2026, 3, 15)
    assert window.ctx.undo_stack.count() == 0
    stored = window.ctx.cycle
    assert cycle_actions.set_due(window, stored, dt.date(2026, 3, 25)) is not None
    assert cycles.get_cycle(window.ctx.db, cycle.id).due_on == dt.date(2026, 3, 25)


def test_set_due_date_is_off_for_a_closed_cycle(window: MainWindow, messages) -> None:  # type: ignore[no-untyped-def]
    window.acts.close_cycle.trigger()
    assert not window.acts.set_due.isEnabled()
    assert cycle_actions.due_dialog(window) is None


def test_two_due_date_edits_undo_and_redo_in_turn(window: MainWindow, messages) -> None:  # type: ignore[no-untyped-def]
    """Two due-date edits undo and redo in turn without a conflict.

    Each step expects the version the previous one left on the cycle (the window's row
    chain), so undoing the second edit, then the first, is not refused.
    """
    db = window.ctx.db
    first, second = dt.date(2026, 3, 20), dt.date(2026, 3, 27)
    loaded = window.ctx.cycle
    assert loaded is not None and loaded.due_on is None
    assert cycle_actions.set_due(window, loaded, first) is not None
    current = window.ctx.cycle
    assert current is not None and current.due_on == first
    assert cycle_actions.set_due(window, current, second) is not None
    assert cycles.get_cycle(db, loaded.id).due_on == second
    assert window.ctx.undo()  # back to the first date
    assert cycles.get_cycle(db, loaded.id).due_on == first
    assert window.ctx.undo()  # back to none: compares with what the last undo wrote
    assert cycles.get_cycle(db, loaded.id).due_on is None
    assert window.ctx.cycle is not None and window.ctx.cycle.due_on is None
    assert window.ctx.redo() and window.ctx.redo()
    assert cycles.get_cycle(db, loaded.id).due_on == second
    # Closing shares the cycle's chain: undo it, then the due date, in turn.
    window.acts.close_cycle.trigger()  # confirmed (``messages`` answers Yes)
    assert cycles.get_cycle(db, loaded.id).closed
    assert window.ctx.undo() and not cycles.get_cycle(db, loaded.id).closed
    assert window.ctx.undo() and cycles.get_cycle(db, loaded.id).due_on == first
    assert not [text for _, text in messages.shown if "since you loaded it" in text]
