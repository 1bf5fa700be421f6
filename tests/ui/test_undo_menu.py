"""Edit › Undo and Redo: named after the step, run through the context.

The stack moves only when the step worked; listed in the shortcuts dialog by name with every
key.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from skillmatrix.services import people
from skillmatrix.ui.main_window import MainWindow
from skillmatrix.ui.undo import run_edit


def _add_person(window: MainWindow, name: str) -> None:
    ctx = window.ctx
    added: list[int] = []

    def forward(db):  # type: ignore[no-untyped-def]
        person = people.add_person(db, name=name)
        added.append(person.id)
        return person

    run_edit(ctx, f"Add {name}", forward, lambda db: people.delete_person(db, added[-1]))


def test_the_shortcuts_dialog_names_undo_and_redo_and_lists_ctrl_y(window: MainWindow) -> None:
    _add_person(window, "Ada")  # the Edit menu now says "Undo Add Ada"
    assert window.acts.undo.text() == "&Undo Add Ada"
    window.ctx.undo_stack.undo()
    assert window.acts.redo.text() == "&Redo Add Ada"
    dialog = window.show_shortcuts()
    rows = dialog.rows()
    names = [what for _keys, what in rows]
    assert "Undo" in names and "Redo" in names
    assert not [n for n in names if "Ada" in n]  # no step's text as an action name
    redo_keys = next(keys for keys, what in rows if what == "Redo")
    native = QKeySequence.SequenceFormat.NativeText
    assert QKeySequence("Ctrl+Y").toString(native) in redo_keys.split(", ")
    assert QKeySequence(QKeySequence.StandardKey.Redo).toString(native) in redo_keys
    dialog.close()


def test_the_menu_actions_undo_and_redo_through_the_context(window: MainWindow) -> None:
    _add_person(window, "Grace")
    db = window.ctx.db
    assert [p.name for p in people.list_people(db)] == ["Grace"]
    window.acts.undo.trigger()
    assert people.list_people(db) == [] and window.ctx.undo_stack.index() == 0
    window.acts.redo.trigger()
    assert [p.name for p in people.list_people(db)] == ["Grace"]
    assert window.ctx.undo_stack.index() == 1
