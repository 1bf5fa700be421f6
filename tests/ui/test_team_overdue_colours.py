"""The Team view's Review column fills an overdue person's cell with the "gap" tint.

The theme's tint (light and dark), text readable on it; on time, the cell keeps the view's
colours.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QTableView

from skillmatrix.core import palette as colors
from skillmatrix.core.model import Person
from skillmatrix.core.review import PersonReview, ReviewState
from skillmatrix.ui.palette import dark_palette, light_palette
from skillmatrix.ui.team.model import REVIEW, PeopleModel

ANN, BOB, CY = Person(1, "Ann"), Person(2, "Bob"), Person(3, "Cy")
BG, FG = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole


@pytest.fixture
def model(qapp: QApplication) -> Iterator[PeopleModel]:
    before = QApplication.palette()
    m = PeopleModel()
    m.reset([ANN, BOB, CY])
    m.set_reviews([
        PersonReview(ANN, ReviewState.REVIEWED, overdue=False),
        PersonReview(BOB, ReviewState.SENT, overdue=True),
        PersonReview(CY, ReviewState.NOT_STARTED, overdue=True),
    ])  # fmt: skip
    yield m
    QApplication.setPalette(before)


def _cell(m: PeopleModel, row: int, role: Qt.ItemDataRole) -> str | None:
    value = m.index(row, REVIEW).data(role)
    return None if value is None else value.name()


@pytest.mark.parametrize(
    ("make", "fill", "text"),
    [
        (light_palette, colors.STATUS_TINTS["gap"], colors.STATUS_TINT_TEXT["gap"]),
        (dark_palette, colors.DARK_STATUS_TINTS["gap"], colors.DARK_STATUS_TINT_TEXT["gap"]),
    ],
    ids=["light", "dark"],
)
def test_overdue_review_cells_use_the_themes_gap_tint(
    model: PeopleModel, make: Callable[[], QPalette], fill: str, text: str
) -> None:
    QApplication.setPalette(make())
    assert [_cell(model, r, BG) for r in range(3)] == [None, fill.lower(), fill.lower()]
    assert [_cell(model, r, FG) for r in range(3)] == [None, text.lower(), text.lower()]
    assert colors.contrast(fill, text) >= 4.5  # readable in that theme
    assert model.index(1, REVIEW).data() == "Sent · overdue"  # not said by colour alone
    if shots := os.environ.get("SKILLMATRIX_SHOTS"):  # look at it: SKILLMATRIX_SHOTS=/tmp/x
        view = QTableView()
        view.setModel(model)
        view.resize(720, 140)
        view.setPalette(QApplication.palette())
        view.grab().save(os.path.join(shots, f"team_overdue_{make.__name__}.png"))
