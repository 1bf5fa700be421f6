"""Views are built by their factory when first shown.

A failing build is an error, not a placeholder page.
"""

from __future__ import annotations

import dataclasses
import logging

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from skillmatrix.ui.context import AppContext
from skillmatrix.ui.main_window import MainWindow


def test_a_view_is_built_by_its_factory_on_first_show(window: MainWindow) -> None:
    page = window.page("reports")
    calls: list[QWidget] = []
    real = page.spec.factory

    def counting(ctx: AppContext, parent: QWidget) -> QWidget:
        calls.append(parent)
        return real(ctx, parent)

    page.spec = dataclasses.replace(page.spec, factory=counting)
    assert not page.is_built
    window.show_view("reports")
    window.show_view("team")
    window.show_view("reports")
    assert calls == [page]  # once, on the first show, with the page as parent
    assert page.content is not None and page.content.parent() is page


def test_a_view_that_fails_to_build_reports_one_line(
    window: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    page = window.page("reports")
    real = page.spec.factory

    def broken(ctx: AppContext, parent: QWidget) -> QWidget:
        raise RuntimeError("no template\nsecond line")

    failed: list[str] = []
    window.ctx.failed.connect(failed.append)
    page.spec = dataclasses.replace(page.spec, factory=broken)
    with caplog.at_level(logging.ERROR, logger="skillmatrix.ui.lazy"):
        window.show_view("reports")
    assert failed == ["Could not open the Reports view: no template"]
    assert not page.is_built
    assert page.findChildren(QLabel) == []  # no friendly placeholder hides the error
    assert "RuntimeError" in caplog.text  # the traceback goes to the log
    save_state = window.findChild(QLabel, "saveState")
    assert save_state is not None and "no template" in save_state.text()

    # Nothing half-built is kept: the next show tries again.
    page.spec = dataclasses.replace(page.spec, factory=real)
    window.show_view("team")
    window.show_view("reports")
    assert page.is_built
