"""File › New database: the proficiency scale is chosen with the framework."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from skillmatrix.core.model import Seniority
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.core.scales import ONE_TO_FIVE
from skillmatrix.services import frameworks
from skillmatrix.ui import db_actions
from skillmatrix.ui.assess.legend import Legend
from skillmatrix.ui.dialogs.frameworks import ChooseFrameworkDialog
from skillmatrix.ui.main_window import MainWindow


@pytest.fixture
def empty_window(qtbot):  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_initial(None)
    yield window
    window.close()
    if window.ctx.db is not None:
        window.ctx.db.close()


def _accept_with_scale(monkeypatch: pytest.MonkeyPatch, index: int) -> list[str]:
    offered: list[str] = []

    def exec_(dialog: ChooseFrameworkDialog) -> int:
        combo = dialog.scale
        offered.extend(combo.itemText(i) for i in range(combo.count()))
        combo.setCurrentIndex(index)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ChooseFrameworkDialog, "exec", exec_)
    return offered


def test_a_new_database_on_the_one_to_five_scale(
    empty_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "five.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    offered = _accept_with_scale(monkeypatch, 1)
    assert db_actions.new_database(empty_window)
    assert offered == [
        "0-4 (None, Awareness, Working, Proficient, Expert)",
        "1-5 (Novice, Beginner, Competent, Proficient, Expert)",
        "From a file…",
    ]
    db = empty_window.ctx.db
    assert db.scale == ONE_TO_FIVE
    (role,) = frameworks.list_roles(db)
    assert max(role.targets[Seniority.PRINCIPAL].values()) == 5  # the framework, moved up
    empty_window.show_view("assess")
    legend = empty_window.findChild(Legend, "assessLegend")
    labels = [text for _cell, text in legend._items][:5]
    assert labels == ["1 Novice", "2 Beginner", "3 Competent", "4 Proficient", "5 Expert"]


def test_the_default_stays_zero_to_four(
    empty_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "four.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(
        ChooseFrameworkDialog, "exec", lambda self: QDialog.DialogCode.Accepted.value
    )
    assert db_actions.new_database(empty_window)
    assert empty_window.ctx.db.scale == DEFAULT_SCALE


def test_a_scale_file_from_the_dialog(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "three.toml"
    path.write_text(
        '[[level]]\nvalue = 1\nlabel = "Learning"\n[[level]]\nvalue = 2\nlabel = "Doing"\n'
        '[[level]]\nvalue = 3\nlabel = "Teaching"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    dialog = ChooseFrameworkDialog()
    qtbot.addWidget(dialog)
    combo = dialog.scale
    combo.activated.emit(combo.count() - 1)  # "From a file…"
    assert combo.currentText() == "1-3 (Learning, Doing, Teaching)"
    assert dialog.chosen_scale().max == 3
