"""Stale framework edits never overwrite another manager's later change (issue 15).

A competency or a role target changed after the view loaded it: refused, said, and shown as
stored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from skillmatrix.services import framework_edit, frameworks
from skillmatrix.store.database import Database
from skillmatrix.ui.framework.view import FrameworkView
from skillmatrix.ui.main_window import MainWindow


def _view(window: MainWindow) -> FrameworkView:
    window.show_view("framework")
    view = window.page("framework").content
    assert isinstance(view, FrameworkView)
    return view


def _other_manager(db_path: Path) -> Database:
    return Database(db_path)  # their own connection: no signal reaches this window


def test_stale_rename_is_refused_and_the_stored_competency_shown(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, db_path: Path, messages
) -> None:
    view = _view(window)
    comp = frameworks.get_competency(window.ctx.db, "API design")
    view.select_competency(comp.id)
    other = _other_manager(db_path)
    try:
        framework_edit.set_description(other, competency=comp.id, description="Theirs")
    finally:
        other.close()

    view.detail.name.setFocus()
    view.detail.name.selectAll()
    qtbot.keyClicks(view.detail.name, "API craft")
    qtbot.keyClick(view.detail.name, Qt.Key.Key_Return)

    said = " ".join(text for _, text in messages.shown)
    assert "API design" in said and "since you loaded it" in said
    stored = frameworks.get_competency(window.ctx.db, comp.id)
    assert (stored.name, stored.description) == ("API design", "Theirs")
    assert view.model.competency_item(comp.id).text() == "API design"
    assert window.ctx.undo_stack.count() == 0  # nothing to undo: nothing was stored

    # Now loaded at the stored version, the same rename goes through.
    view.detail.name.setFocus()
    view.detail.name.selectAll()
    qtbot.keyClicks(view.detail.name, "API craft")
    qtbot.keyClick(view.detail.name, Qt.Key.Key_Return)
    stored = frameworks.get_competency(window.ctx.db, comp.id)
    assert (stored.name, stored.description) == ("API craft", "Theirs")
