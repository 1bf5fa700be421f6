"""Helpers shared by the main-window, team and framework tests (a uniquely named module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox


@dataclass
class Messages:
    """Message boxes shown during a test, answered without a human."""

    shown: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    confirmations: list[str] = field(default_factory=list)  # text + informative text
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes

    def texts(self, kind: str | None = None) -> list[str]:
        return [t for k, t in self.shown if kind is None or k == kind]


def patch_messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    """Record every QMessageBox; confirmations (exec) get ``Messages.answer``."""
    record = Messages()

    def static(kind: str) -> Any:
        def show(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            record.shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "information", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(static(kind)))

    def exec_(box: QMessageBox) -> int:
        record.confirmations.append(f"{box.text()}\n{box.informativeText()}")
        return int(record.answer.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return record


def choose_recent(qtbot: Any, window: Any, target: str) -> None:
    """Open File › Open Recent as a user does and choose the entry of ``target``.

    The menu fills itself as it shows.
    """
    from PySide6.QtCore import QPoint

    menu = window.recent_menu
    menu.popup(window.mapToGlobal(QPoint(20, 20)))
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    entries = [a for a in menu.actions() if a.text().endswith(f"—  {target}")]
    assert len(entries) == 1, [a.text() for a in menu.actions()]
    assert entries[0].isEnabled(), entries[0].text()
    menu.hide()  # as a click does, before the action runs
    entries[0].trigger()
