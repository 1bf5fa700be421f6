"""Text is never cut off.

The context bar's labels, the Assess title, the Team table's last column, a progress
dialog's title.
"""

from __future__ import annotations

import threading

from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QToolBar

from skillmatrix.ui.palette import light_palette


def _ink_columns(label: QLabel) -> list[int]:
    """The x of every pixel column of ``label`` with dark (text) pixels on it."""
    img = label.grab().toImage()
    return [
        x
        for x in range(img.width())
        if any(QColor(img.pixel(x, y)).lightness() < 150 for y in range(img.height()))
    ]


def test_context_bar_labels_show_their_last_letter_whole(qtbot, window) -> None:
    QApplication.setPalette(light_palette())  # dark text on a light bar
    bar = window.findChild(QToolBar)
    labels = [lab for lab in bar.findChildren(QLabel) if lab.text()]
    assert {lab.text() for lab in labels} >= {"&Team", "C&ycle", "&Ratings"}
    for lab in labels:
        ink = _ink_columns(lab)
        rect = lab.contentsRect()
        # the text's ink ends before the edge of the room it is drawn in: nothing clipped
        # ("Team"'s m lost its last column: its ink reaches a pixel past its advance)
        assert ink and ink[-1] < rect.right(), (lab.text(), ink[-1], rect.right())


def test_the_assess_title_is_shown_whole_in_a_small_window(qtbot, window) -> None:
    window.resize(1000, 700)
    window.show_view("assess")
    view = window.page("assess").content
    title = view.toolbar.title
    qtbot.waitUntil(lambda: "ratings" in title.text(), timeout=5000)
    qtbot.wait(20)
    needed = title.fontMetrics().horizontalAdvance(title.text())
    assert title.contentsRect().width() >= needed, (title.text(), title.width(), needed)
    find = view.toolbar.find_edit
    assert find.width() >= find.fontMetrics().horizontalAdvance(find.placeholderText())


def test_the_team_table_gives_a_wide_window_to_emails_not_to_status(qtbot, window) -> None:
    from skillmatrix.services import people
    from skillmatrix.ui.team.model import EMAIL, STATUS

    for name in ("Ana Silva", "Ben Okafor"):
        people.add_person(window.ctx.db, name=name, email=f"{name.split()[0]}@example.com")
    window.resize(1600, 900)
    window.show_view("team")
    view = window.page("team").content
    view.reload()
    table = view.table
    qtbot.waitUntil(table.isVisible, timeout=5000)
    qtbot.wait(20)
    fm = table.fontMetrics()
    status = table.columnWidth(STATUS)
    assert fm.horizontalAdvance("Inactive") < status <= 140  # was about 400 px for "Active"
    assert table.horizontalHeader().sectionSizeHint(STATUS) <= status
    assert table.columnWidth(EMAIL) > 300
    total = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
    assert total <= table.viewport().width() + 1  # no sideways scrolling either


def test_a_progress_dialog_is_wide_enough_for_its_title(qtbot, window) -> None:
    from skillmatrix.ui.tasks import run_in_background

    release = threading.Event()

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        progress(0.5, "Writing the Matrix sheet…")
        release.wait(5)
        return 1

    title = "Exporting skillmatrix-report-2026-Q4-all-teams.xlsx"
    task = run_in_background(window, title, work, lambda _r: None)
    try:
        qtbot.waitUntil(lambda: task.dialog.labelText().startswith("Writing"), timeout=5000)
        bold = QFont(task.dialog.font())
        bold.setBold(True)
        # the window manager draws the title beside an icon and three buttons
        assert task.dialog.minimumWidth() >= QFontMetrics(bold).horizontalAdvance(title) + 100
    finally:
        release.set()
        qtbot.waitUntil(lambda: task.finished, timeout=5000)
