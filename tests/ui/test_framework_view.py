"""The Framework view: edits through the detail panel and tree, stored and undoable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from skillmatrix.core.model import Competency
from skillmatrix.services import frameworks, people, ratings
from skillmatrix.ui.framework.view import FrameworkView
from skillmatrix.ui.main_window import MainWindow


def _view(window: MainWindow) -> FrameworkView:
    window.show_view("framework")
    view = window.page("framework").content
    assert isinstance(view, FrameworkView)
    return view


def _stored(window: MainWindow, name: str) -> Competency:
    return frameworks.get_competency(window.ctx.db, name)


def test_tree_lists_categories_and_competencies(window: MainWindow) -> None:
    view = _view(window)
    total = len(frameworks.list_competencies(window.ctx.db))
    assert view.model.competency_count() == total
    assert view.model.category_count() == len(frameworks.list_categories(window.ctx.db))
    # Focus lands in the tree, whose first category becomes current, ready for the keyboard.
    assert view.details.currentWidget() in (view.nothing, view.category_panel)


def test_rename_in_the_detail_panel_is_stored_and_undoable(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    view.select_competency(_stored(window, "API design").id)
    assert view.details.currentWidget() is view.detail
    view.detail.name.setFocus()
    view.detail.name.selectAll()
    qtbot.keyClicks(view.detail.name, "API craft")
    qtbot.keyClick(view.detail.name, Qt.Key.Key_Return)
    comp = _stored(window, "API craft")
    assert view.model.competency_item(comp.id).text() == "API craft"
    window.ctx.undo_stack.undo()
    assert _stored(window, "API design").id == comp.id
    assert view.model.competency_item(comp.id).text() == "API design"
    window.ctx.undo_stack.redo()
    assert _stored(window, "API craft").id == comp.id


def test_rename_in_the_tree_with_f2(window: MainWindow) -> None:
    view = _view(window)
    comp = _stored(window, "System design")
    view.select_competency(comp.id)
    index = view.tree.currentIndex().siblingAtColumn(0)
    assert view.proxy.setData(index, "Systems design", Qt.ItemDataRole.EditRole) is False
    assert frameworks.get_competency(window.ctx.db, comp.id).name == "Systems design"
    assert view.tree.currentIndex().siblingAtColumn(0).data() == "Systems design"


def test_critical_and_rule_are_stored_and_undoable(window: MainWindow) -> None:
    view = _view(window)
    comp = _stored(window, "Observability")
    view.select_competency(comp.id)
    view.detail.critical.click()
    assert _stored(window, "Observability").critical is (not comp.critical)
    view.detail.min_people.setValue(4)
    view.detail.min_level.setCurrentIndex(view.detail.min_level.findData(2))
    view.detail.min_level.activated.emit(view.detail.min_level.currentIndex())
    rule = _stored(window, "Observability").rule
    assert (rule.min_people, rule.min_level) == (4, 2)

    window.ctx.undo_stack.undo()
    assert _stored(window, "Observability").rule.min_level == 3
    window.ctx.undo_stack.undo()
    assert _stored(window, "Observability").rule == comp.rule
    window.ctx.undo_stack.undo()
    assert _stored(window, "Observability").critical is comp.critical
    assert view.detail.critical.isChecked() is comp.critical


def test_description_and_level_descriptions(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    comp = _stored(window, "Code review")
    view.select_competency(comp.id)
    view.detail.description.setPlainText("Reviews others' changes kindly and well.")
    view.detail.description.editingFinished.emit()
    edit = view.detail.level_edits[4]
    edit.setText("Sets the team's review culture")
    edit.editingFinished.emit()
    stored = _stored(window, "Code review")
    assert stored.description == "Reviews others' changes kindly and well."
    assert stored.level_descriptions[4] == "Sets the team's review culture"
    window.ctx.undo_stack.undo()
    assert _stored(window, "Code review").level_descriptions.get(
        4, ""
    ) == comp.level_descriptions.get(4, "")


def test_set_target_by_typing_a_digit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    comp = _stored(window, "Mentoring")
    view.select_competency(comp.id)
    table, model = view.detail.targets, view.detail.targets_model
    role = frameworks.get_role(window.ctx.db, "Backend Engineer")
    row = next(i for i, r in enumerate(model.roles) if r.id == role.id)
    old = role.target(role.targets and next(iter(role.targets)), comp.id)  # Junior
    table.setFocus()
    table.setCurrentIndex(model.index(row, 0))
    new = 4 if old != 4 else 1
    qtbot.keyClick(table, Qt.Key(Qt.Key.Key_0.value + new))
    assert (
        frameworks.get_role(window.ctx.db, role.id).targets[next(iter(role.targets))][comp.id]
        == new
    )
    assert model.index(row, 0).data(Qt.ItemDataRole.EditRole) == new
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert (
        frameworks.get_role(window.ctx.db, role.id).target(next(iter(role.targets)), comp.id)
        is None
    )
    window.ctx.undo_stack.undo()
    window.ctx.undo_stack.undo()
    assert (
        frameworks.get_role(window.ctx.db, role.id).target(next(iter(role.targets)), comp.id) == old
    )
    assert model.index(row, 0).data(Qt.ItemDataRole.EditRole) == old


def test_move_with_alt_arrows_and_undo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    category = _stored(window, "System design").category
    order = [c.name for c in frameworks.list_competencies(window.ctx.db) if c.category == category]
    view.select_competency(_stored(window, order[1]).id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    moved = [c.name for c in frameworks.list_competencies(window.ctx.db) if c.category == category]
    assert moved[:2] == [order[1], order[0]]
    parent = view.model.competency_item(_stored(window, order[1]).id).parent()
    assert parent.child(0).text() == order[1]
    window.ctx.undo_stack.undo()
    again = [c.name for c in frameworks.list_competencies(window.ctx.db) if c.category == category]
    assert again == order


def test_add_and_remove_competency(window: MainWindow, messages, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    view = _view(window)
    view.select_competency(_stored(window, "Mentoring").id)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Coaching", True))
    added = view.add_competency()
    assert added is not None and added.category == _stored(window, "Mentoring").category
    assert view.current_record().name == "Coaching"
    window.ctx.undo_stack.undo()
    assert "Coaching" not in [c.name for c in frameworks.list_competencies(window.ctx.db)]
    window.ctx.undo_stack.redo()
    coaching = _stored(window, "Coaching")

    ada = people.add_person(window.ctx.db, name="Ada")
    ratings.rate(
        window.ctx.db,
        cycle_id=window.ctx.cycle.id,
        person_id=ada.id,
        competency_id=coaching.id,
        level=3,
    )
    view.select_competency(coaching.id)
    view.remove_current()
    assert "1 rating" in messages.confirmations[-1]
    assert "Coaching" not in [c.name for c in frameworks.list_competencies(window.ctx.db)]
    assert view.model.competency_item(coaching.id) is None


def test_rename_and_move_a_category(window: MainWindow) -> None:
    view = _view(window)
    cats = frameworks.list_categories(window.ctx.db)
    view._select(view.model.category_item(cats[1].id))
    assert view.details.currentWidget() is view.category_panel
    view.category_panel.name.setText("Tools")
    view.category_panel.name.editingFinished.emit()
    assert frameworks.list_categories(window.ctx.db)[1].name == "Tools"
    view.move_current(-1)
    assert [c.name for c in frameworks.list_categories(window.ctx.db)][:2] == [
        "Tools",
        cats[0].name,
    ]
    window.ctx.undo_stack.undo()
    window.ctx.undo_stack.undo()
    assert [c.name for c in frameworks.list_categories(window.ctx.db)] == [c.name for c in cats]


def test_load_a_builtin_framework_adds_its_role(window: MainWindow, messages) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.core.frameworks import find_framework

    view = _view(window)
    assert view.install_framework(find_framework("Engineer"))
    assert "Engineer" in [r.name for r in frameworks.list_roles(window.ctx.db)]
    assert view.model.competency_count() == len(frameworks.list_competencies(window.ctx.db))


def test_bad_framework_file_shows_the_loader_message(
    window: MainWindow, tmp_path: Path, messages, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from skillmatrix.ui.framework.load import framework_from_file

    bad = tmp_path / "bad.toml"
    bad.write_text("[framework]\nname = 3\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    assert framework_from_file(window) is None
    assert messages.texts("warning") == ["bad.toml: framework.name: must be a non-empty string"]


def test_empty_database_offers_to_load_a_framework(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.ui import open_main_window

    window = open_main_window(tmp_path / "empty.db")
    qtbot.addWidget(window)
    view = _view(window)
    assert view.pages.currentWidget() is view.empty
    assert "Load framework" in view.empty.button.text()
    window.close()
    window.ctx.db.close()


def test_target_combo_editor_stores_the_choice(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox

    view = _view(window)
    comp = _stored(window, "Code review")
    view.select_competency(comp.id)
    table, model = view.detail.targets, view.detail.targets_model
    index = model.index(0, 4)  # first role, Principal
    table.setCurrentIndex(index)
    table.edit(index)
    combo = table.findChild(QComboBox)
    assert combo is not None and combo.itemText(0).endswith("no target")
    combo.setCurrentIndex(combo.findData(1))
    combo.activated.emit(combo.currentIndex())
    role = frameworks.get_role(window.ctx.db, model.roles[0].id)
    assert role.target(next(s for s in role.targets if s.value == "Principal"), comp.id) == 1
