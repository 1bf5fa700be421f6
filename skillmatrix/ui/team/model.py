"""Table model of people and the filter the Team view puts in front of it.

The model is an adapter over a plain list of ``Person`` records.

``data()`` is a lookup in that list; single edits update one row in place
(``dataChanged`` / ``beginInsertRows`` / ``beginRemoveRows``); only a new database resets.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from skillmatrix.core.model import Person, seniority_rank, seniority_text
from skillmatrix.core.review import PersonReview, ReviewState
from skillmatrix.ui.palette import status_tint

COLUMNS = ("Name", "Email", "Team", "Role", "Seniority", "Status", "Review")
NAME, EMAIL, TEAM, ROLE, SENIORITY, STATUS, REVIEW = range(len(COLUMNS))
#: Review states in the order they sort (furthest along last).
_REVIEW_ORDER = {s: k for k, s in enumerate(ReviewState)}
#: The person record of a row.
PersonRole = Qt.ItemDataRole.UserRole + 1
#: A value that sorts naturally (seniority by rank, not alphabetically).
SortRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class PeopleModel(QAbstractTableModel):
    """People as rows; columns ``COLUMNS``. Read-only: edits go through commands."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._people: list[Person] = []
        self._rows: dict[int, int] = {}  # person id -> row
        self._reviews: dict[int, PersonReview] = {}  # person id -> the current cycle's

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """One row per person."""
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column per field."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column titles."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A person's field text, tooltip, colours or record for ``role``."""
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        person, column = self._people[index.row()], index.column()
        if column == REVIEW:
            return self._review_data(person, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(person, column)
        if role == SortRole:
            if column == SENIORITY:
                return seniority_rank(person.seniority)
            if column == STATUS:
                return 0 if person.active else 1
            return self._text(person, column).casefold()
        if role == PersonRole:
            return person
        if role == Qt.ItemDataRole.ToolTipRole and column == SENIORITY and not person.seniority:
            # An import gave none: say what that means and how to fix it.
            return "Seniority unknown: no target applies until it is set (Edit person)"
        if role == Qt.ItemDataRole.ToolTipRole and not person.active:
            return f"{person.name} is inactive: kept with their rating history"
        if role == Qt.ItemDataRole.ForegroundRole and not person.active:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.FontRole and not person.active:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _review_data(self, person: Person, role: int) -> Any:
        review = self._reviews.get(person.id)
        if review is None:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        state = review.state.value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{state[0].upper()}{state[1:]}" + (" · overdue" if review.overdue else "")
        if role == SortRole:
            return (_REVIEW_ORDER[review.state], not review.overdue)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            if not review.overdue:
                return None
            # The "gap" tint of the theme in use: a filled cell is seen down a long list.
            fill, text = status_tint("gap")
            return fill if role == Qt.ItemDataRole.BackgroundRole else text
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = {
                ReviewState.NOT_STARTED: "No form sent and nothing rated this cycle yet",
                ReviewState.SENT: "Self-assessment form sent, not returned yet",
                ReviewState.RETURNED: "Self-assessment returned: waiting for the manager",
                ReviewState.REVIEWED: "Every manager rating set or confirmed this cycle",
                ReviewState.AGREED: "Manager and person agreed the ratings",
            }
            late = " — past the cycle's due date" if review.overdue else ""
            return tips[review.state] + late
        return None

    def set_reviews(self, reviews: Iterable[PersonReview]) -> None:
        """Show each person's review state in the current cycle (one column repaint)."""
        self._reviews = {r.person.id: r for r in reviews}
        if self._people:
            self.dataChanged.emit(self.index(0, REVIEW), self.index(len(self._people) - 1, REVIEW))

    def review_of(self, person_id: int) -> PersonReview | None:
        """The review state of ``person_id``, or None."""
        return self._reviews.get(person_id)

    @staticmethod
    def _text(person: Person, column: int) -> str:
        if column == NAME:
            return person.name
        if column == EMAIL:
            return person.email
        if column == TEAM:
            return person.team or "—"
        if column == ROLE:
            return person.role or "—"
        if column == SENIORITY:
            return seniority_text(person.seniority)
        if column == STATUS:
            return "Active" if person.active else "Inactive"
        return ""

    # -- snapshot updates ------------------------------------------------------------------
    def people(self) -> list[Person]:
        """The people listed."""
        return list(self._people)

    def person(self, person_id: int) -> Person | None:
        """The person with ``person_id``, or None."""
        row = self._rows.get(person_id)
        return None if row is None else self._people[row]

    def row_of(self, person_id: int) -> int | None:
        """The row of ``person_id``, or None."""
        return self._rows.get(person_id)

    def reset(self, people: Iterable[Person]) -> None:
        """Replace everything (a new database)."""
        self.beginResetModel()
        self._people = list(people)
        self._reindex()
        self.endResetModel()

    def upsert(self, person: Person) -> None:
        """Update a person's row in place, or append a row for a new person."""
        row = self._rows.get(person.id)
        if row is None:
            row = len(self._people)
            self.beginInsertRows(QModelIndex(), row, row)
            self._people.append(person)
            self._rows[person.id] = row
            self.endInsertRows()
        elif self._people[row] != person:
            self._people[row] = person
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def remove(self, person_id: int) -> None:
        """Take the person with ``person_id`` out of the list."""
        row = self._rows.get(person_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._people[row]
        self._reindex()
        self.endRemoveRows()

    def merge(self, people: Iterable[Person]) -> None:
        """Bring the rows in line with ``people`` with per-row signals (no reset)."""
        fresh = {p.id: p for p in people}
        for person_id in [p.id for p in self._people if p.id not in fresh]:
            self.remove(person_id)
        for person in fresh.values():
            self.upsert(person)

    def _reindex(self) -> None:
        self._rows = {p.id: n for n, p in enumerate(self._people)}


class PeopleFilter(QSortFilterProxyModel):
    """Search text (name, email, team, role), one team or all, and active or everyone."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._team: str | None = None
        self._show_inactive = False
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        """Show only people whose name, email, team or role holds every word of ``text``."""
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_team(self, team: str | None) -> None:
        """Show only ``team``'s people (None: everyone)."""
        self.beginFilterChange()
        self._team = team
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_inactive(self, show: bool) -> None:
        """Show inactive people too, or not."""
        self.beginFilterChange()
        self._show_inactive = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def searching(self) -> bool:
        """True while search words are set."""
        return bool(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether a person passes the search, team and active filters."""
        model = self.sourceModel()
        person = model.data(model.index(source_row, 0, source_parent), PersonRole)
        if person is None:
            return False
        if not person.active and not self._show_inactive:
            return False
        if self._team is not None and person.team.casefold() != self._team.casefold():
            return False
        if not self._words:
            return True
        haystack = " ".join((person.name, person.email, person.team, person.role)).casefold()
        return all(word in haystack for word in self._words)
