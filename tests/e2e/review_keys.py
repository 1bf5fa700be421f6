"""Reconciling one person by keyboard in the Assess review mode (the end-to-end tests)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from skillmatrix.ui.review_mode import ReviewDialog


def review_by_keyboard(qtbot, view, person_id: int) -> int:  # type: ignore[no-untyped-def]
    """Review the person by keyboard; returns the keys pressed.

    Open the review mode on the person's row with Ctrl+R and decide every row with one key:
    far apart, type the level in between; else Enter accepts the self rating. Finish with
    Enter.
    """
    first = view.model.snapshot.competencies[0].id
    view.grid.setCurrentIndex(view.model.index_of(person_id, first))
    view.grid.setFocus()
    view.window().activateWindow()  # (offscreen does not hand it back after a dialog)
    qtbot.waitUntil(view.window().isActiveWindow)
    qtbot.keyClick(view.grid, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ReviewDialog) and w.isVisible()
    ]
    assert len(dialogs) == 1
    dlg = dialogs[0]
    qtbot.waitUntil(dlg.isActiveWindow)
    far = [it.far_apart for it in dlg.items]
    assert far == sorted(far, reverse=True)  # differences of 2 or more first
    keys = 0
    for it in dlg.items:
        assert dlg.focusWidget() is dlg.table  # typing works at once: no click first
        if it.far_apart:
            middle = (it.self_level + it.manager_level) // 2  # type: ignore[operator]
            qtbot.keyClick(dlg.table, Qt.Key(Qt.Key.Key_0 + middle))
        else:
            qtbot.keyClick(dlg.table, Qt.Key.Key_Return)
        keys += 1
    assert dlg.focusWidget() is dlg.finish_button
    qtbot.keyClick(dlg.finish_button, Qt.Key.Key_Return)
    assert dlg.finished_review and not dlg.isVisible()
    return keys + 2  # Ctrl+R and the final Enter
