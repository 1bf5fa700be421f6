"""Saving the chart on screen as PNG, SVG or PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from insights_data import open_view
from PySide6.QtWidgets import QFileDialog, QMessageBox

MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-"}


def answer(monkeypatch: pytest.MonkeyPatch, path: Path | str, selected: str = "") -> list:
    offered: list = []

    def fake(parent, caption, directory, filters, selected_filter):
        offered.append((directory, filters))
        return str(path), selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return offered


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_writes_the_chosen_format(qtbot, small, tmp_path, monkeypatch, suffix) -> None:
    _, view = open_view(qtbot, small)
    target = tmp_path / f"chart{suffix}"
    offered = answer(monkeypatch, target)
    assert view.save_button.isEnabled()
    view.save_button.click()
    data = target.read_bytes()
    if suffix == ".svg":
        assert data.lstrip().startswith(b"<?xml") and b"<svg" in data[:2000]
    else:
        assert data.startswith(MAGIC[suffix])
    assert view.last_saved == target
    name, filters = offered[0]
    assert name.endswith("heatmap-all-teams-2026-Q3.png")
    assert "*.svg" in filters and "*.pdf" in filters


def test_save_adds_the_suffix_of_the_chosen_type(qtbot, small, tmp_path, monkeypatch) -> None:
    _, view = open_view(qtbot, small)
    view.set_chart("coverage")
    answer(monkeypatch, tmp_path / "coverage", "PDF document (*.pdf)")
    saved = view.save_current()
    assert saved == tmp_path / "coverage.pdf"
    assert saved.read_bytes().startswith(b"%PDF-")


def test_save_refuses_an_unknown_suffix(qtbot, small, tmp_path, monkeypatch) -> None:
    _, view = open_view(qtbot, small)
    answer(monkeypatch, tmp_path / "chart.jpg")
    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a: warnings.append(text))
    )
    assert view.save_current() is None
    assert len(warnings) == 1 and "'.jpg'" in warnings[0]
    assert not (tmp_path / "chart.jpg").exists()


def test_cancelling_the_dialog_saves_nothing(qtbot, small, monkeypatch) -> None:
    _, view = open_view(qtbot, small)
    answer(monkeypatch, "")
    assert view.save_current() is None
