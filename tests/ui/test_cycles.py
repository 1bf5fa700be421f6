"""The Cycle menu: start the next cycle with carry-forward, close and reopen (undoable)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from skillmatrix.services import cycles, frameworks, people, ratings
from skillmatrix.ui import cycle_actions
from skillmatrix.ui.main_window import MainWindow


def test_start_dialog_offers_carry_forward_checked(window: MainWindow) -> None:
    dialog = cycle_actions.start_dialog(window)
    assert dialog is not None
    assert dialog.carry.isChecked()
    assert dialog.name.text() == cycles.next_cycle_name("2026-Q1")
    assert "2026-Q1" in dialog.close_previous.text() and dialog.close_previous.isChecked()
    dialog.reject()


def test_start_next_cycle_carries_ratings_forward(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    ada = people.add_person(db, name="Ada", role="Backend Engineer")
    comp = frameworks.list_competencies(db)[0]
    first = window.ctx.cycle
    ratings.rate(db, cycle_id=first.id, person_id=ada.id, competency_id=comp.id, level=3)
    task = cycle_actions.start_cycle(
        window, name="2026-Q2", carry_forward=True, close_previous=True
    )
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    assert window.ctx.cycle.name == "2026-Q2"
    rating = ratings.get_rating(
        db, cycle_id=window.ctx.cycle.id, person_id=ada.id, competency_id=comp.id
    )
    assert rating is not None and rating.level == 3
    assert cycles.get_cycle(db, "2026-Q1").closed
    selector = window.findChild(QComboBox, "cycleSelector")
    assert selector.itemText(0) == "2026-Q2" and "closed" in selector.itemText(1)


def test_close_and_reopen_are_undoable(window: MainWindow, messages) -> None:  # type: ignore[no-untyped-def]
    assert window.acts.close_cycle.isEnabled() and not window.acts.reopen_cycle.isEnabled()
    window.acts.close_cycle.trigger()
    assert "Close 2026-Q1?" in messages.confirmations[0]
    assert cycles.get_cycle(window.ctx.db, "2026-Q1").closed
    assert window.ctx.read_only
    assert window.acts.reopen_cycle.isEnabled()
    assert "read-only" in window.context_bar.cycle.toolTip()
    assert "closed" in window.context_bar.cycle.currentText()
    window.ctx.undo_stack.undo()
    assert not cycles.get_cycle(window.ctx.db, "2026-Q1").closed
    assert not window.ctx.read_only
    window.ctx.undo_stack.redo()
    window.acts.reopen_cycle.trigger()
    assert not cycles.get_cycle(window.ctx.db, "2026-Q1").closed


def test_start_next_cycle_dialog_closes_previous_when_ticked(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch
) -> None:
    """The checkbox is read after the dialog has closed (and so is hidden): still honoured."""
    from PySide6.QtWidgets import QDialog

    from skillmatrix.ui.dialogs.start_cycle import StartCycleDialog

    def exec_and_accept(dialog: StartCycleDialog) -> int:
        dialog.show()
        assert dialog.close_previous.isChecked()
        dialog.accept()  # what clicking "Start cycle" does: the dialog hides
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StartCycleDialog, "exec", exec_and_accept)
    task = cycle_actions.start_next_cycle(window)
    assert task is not None
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    assert window.ctx.cycle.name == cycles.next_cycle_name("2026-Q1")
    assert cycles.get_cycle(window.ctx.db, "2026-Q1").closed


def test_a_stale_close_is_refused_and_the_stored_cycle_shown(  # type: ignore[no-untyped-def]
    window: MainWindow, db_path, messages
) -> None:
    """A stale Close is refused and the stored cycle shown.

    Another manager closed and reopened the cycle after this window loaded it (issue 15):
    Close is refused with the reason, nothing is stored or stacked; then it works.
    """
    from skillmatrix.store.database import Database

    other = Database(db_path)
    try:
        cycles.close_cycle(other, "2026-Q1")
        cycles.reopen_cycle(other, "2026-Q1")
    finally:
        other.close()
    window.acts.close_cycle.trigger()
    said = " ".join(text for _, text in messages.shown)
    assert "2026-Q1" in said and "since you loaded it" in said
    assert not cycles.get_cycle(window.ctx.db, "2026-Q1").closed
    assert window.ctx.undo_stack.count() == 0
    window.acts.close_cycle.trigger()  # loaded again: this time it closes
    assert cycles.get_cycle(window.ctx.db, "2026-Q1").closed
