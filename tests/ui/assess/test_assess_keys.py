"""Rating from the keyboard: levels, clear, n/a, interest, notes, direction, many cells."""

from __future__ import annotations

from assess_data import SmallOrg
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit

from skillmatrix.core.model import Rating
from skillmatrix.services.ratings import get_rating
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.assess.roles import CellState, Role
from skillmatrix.ui.context import AppContext


def stored(org: SmallOrg, view: AssessView, row: int, col: int, source: str = "manager"):  # type: ignore[no-untyped-def]
    pid, cid = view.model.cell_id(row, col)
    return get_rating(
        org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, source=source
    )


def at(view: AssessView, row: int, col: int) -> None:
    view.grid.go_to(view.model.index(row, col))


def note_editor(view: AssessView) -> QLineEdit | None:
    """The open note editor (a closed one may linger until deleted later)."""
    shown = [e for e in view.grid.findChildren(QLineEdit, "noteEditor") if e.isVisible()]
    return shown[0] if shown else None


def current(view: AssessView) -> tuple[int, int]:
    idx = view.grid.currentIndex()
    return idx.row(), idx.column()


def test_digit_stores_the_level_and_moves_right(qtbot, view: AssessView, org: SmallOrg) -> None:
    at(view, 0, 0)
    qtbot.keyClick(view.grid, "3")
    r = stored(org, view, 0, 0)
    assert r is not None and r.level == 3 and not r.not_applicable
    assert current(view) == (0, 1)
    qtbot.keyClick(view.grid, "1")
    assert stored(org, view, 0, 1).level == 1
    assert current(view) == (0, 2)
    assert view.model.data(view.model.index(0, 0)) == "3"


def test_direction_down_is_a_toggle_and_is_remembered(
    qtbot, view: AssessView, ctx: AppContext, settings: QSettings
) -> None:
    view.toolbar.down.click()
    assert view.advance_down
    at(view, 0, 2)
    qtbot.keyClick(view.grid, "2")
    assert current(view) == (1, 2)
    again = AssessView(ctx, settings=settings)
    qtbot.addWidget(again)
    assert again.advance_down and again.toolbar.down.isChecked()


def test_delete_clears_and_backspace_too(qtbot, view: AssessView, org: SmallOrg) -> None:
    at(view, 1, 1)
    qtbot.keyClick(view.grid, "4")
    at(view, 1, 1)
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)
    assert stored(org, view, 1, 1) is None
    assert view.model.data(view.model.index(1, 1), Role.STATE) == CellState.NOT_RATED
    assert current(view) == (1, 1)  # clearing does not move on
    qtbot.keyClick(view.grid, "2")
    at(view, 1, 1)
    qtbot.keyClick(view.grid, Qt.Key.Key_Backspace)
    assert stored(org, view, 1, 1) is None


def test_n_marks_not_applicable_distinct_from_zero(qtbot, view: AssessView, org: SmallOrg) -> None:
    at(view, 2, 0)
    qtbot.keyClick(view.grid, "0")
    qtbot.keyClick(view.grid, "n")
    zero, na = stored(org, view, 2, 0), stored(org, view, 2, 1)
    assert zero.level == 0 and not zero.not_applicable
    assert na.level is None and na.not_applicable
    m = view.model
    assert m.data(m.index(2, 0)) == "0"
    assert m.data(m.index(2, 1)) == "n/a"
    assert m.data(m.index(2, 2)) == ""
    assert m.data(m.index(2, 0), Role.STATE) == CellState.RATED
    assert m.data(m.index(2, 1), Role.STATE) == CellState.NOT_APPLICABLE
    assert m.data(m.index(2, 1), Role.LEVEL) is None
    assert m.cell(2, 0)[:2] != m.cell(2, 1)[:2]


def test_a_digit_off_the_scale_is_refused(qtbot, view: AssessView, org: SmallOrg) -> None:
    at(view, 0, 0)
    qtbot.keyClick(view.grid, "7")
    assert stored(org, view, 0, 0) is None
    assert "not a level" in view.banner.text() and view.banner.isVisible()
    assert current(view) == (0, 0)


def test_i_cycles_interest(qtbot, view: AssessView, org: SmallOrg) -> None:
    seen = []
    for _ in range(5):
        at(view, 3, 4)
        qtbot.keyClick(view.grid, "i")
        r = stored(org, view, 3, 4)
        seen.append(None if r is None else r.interest)
    assert seen == [0, 1, 2, 3, None]
    assert current(view) == (3, 4)


def test_enter_edits_the_note(qtbot, view: AssessView, org: SmallOrg) -> None:
    at(view, 1, 3)
    qtbot.keyClick(view.grid, "2")
    at(view, 1, 3)
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    editor = note_editor(view)
    assert editor is not None
    qtbot.keyClicks(editor, "Led the Kafka migration")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: stored(org, view, 1, 3).note != "")
    r = stored(org, view, 1, 3)
    assert r.note == "Led the Kafka migration" and r.level == 2
    assert view.model.data(view.model.index(1, 3), Role.NOTE) == "Led the Kafka migration"
    assert view.model.cell(1, 3)[3]  # the note mark
    qtbot.keyClick(view.grid, Qt.Key.Key_F2)
    editor = note_editor(view)
    assert editor is not None and editor.text() == "Led the Kafka migration"
    editor.clear()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(org, view, 1, 3).note == "")
    assert not view.model.cell(1, 3)[3]


def test_shift_selection_then_digit_sets_all_in_one_undo_step(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    at(view, 0, 0)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down):
        qtbot.keyClick(view.grid, key, Qt.KeyboardModifier.ShiftModifier)
    assert len(view.grid.selected_cells()) == 6
    qtbot.keyClick(view.grid, "4")
    cells = [(r, c) for r in range(2) for c in range(3)]
    assert all(stored(org, view, r, c).level == 4 for r, c in cells)
    assert ctx.undo_stack.count() == 1
    assert current(view) == (1, 2)  # a selection is kept, not moved
    qtbot.keyClick(view.grid, "n")
    assert all(stored(org, view, r, c).not_applicable for r, c in cells)
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)
    assert all(stored(org, view, r, c) is None for r, c in cells)
    assert ctx.undo_stack.count() == 3
    ctx.undo_stack.undo()
    assert all(stored(org, view, r, c).not_applicable for r, c in cells)


def test_keys_keep_other_rating_fields(qtbot, view: AssessView, org: SmallOrg) -> None:
    at(view, 0, 5)
    qtbot.keyClick(view.grid, "i")
    qtbot.keyClick(view.grid, "3")
    r: Rating = stored(org, view, 0, 5)
    assert (r.level, r.interest) == (3, 0)
    assert r.rated_on is not None
