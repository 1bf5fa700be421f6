"""The assessment grid's table model: an adapter over a plain ``Snapshot``.

``data()`` is an array lookup; nothing here reads the database. Edits stored elsewhere
arrive as ``RatingChange`` records through :meth:`AssessModel.apply_changes`, which has them
written into the snapshot (by the window's ``ui.snapshot_cache`` when it keeps it, else
``Snapshot.apply``) and emits ``dataChanged`` for exactly the cells that changed.

A big snapshot streams in (``set_snapshot(..., loaded=...)`` then :meth:`mark_loaded`):
the rows not read yet are ``CellState.LOADING`` and nothing is editable until every row
has arrived.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from skillmatrix.core.access import Access
from skillmatrix.core.model import Competency, Person, Source
from skillmatrix.core.review import Progress, StoredReview, progress, reviewed
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.core.trust import STALE_AFTER
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.ui.assess import patch as P
from skillmatrix.ui.assess import rows as R
from skillmatrix.ui.assess.labels import competency_header, person_header
from skillmatrix.ui.assess.roles import CellState, Role

Index = QModelIndex | QPersistentModelIndex
#: A row whose ratings are not read yet.
_LOADING_CELL = (3, -1, -1, False, False, False, False, False, False)  # CellState.LOADING
#: One cell for painting: (state, level or -1, interest or -1, has note, below target,
#: differs from self, outside the person's role, carried forward and not yet confirmed,
#: stale: not confirmed within ``stale_after`` cycles).
Cell = tuple[int, int, int, bool, bool, bool, bool, bool, bool]
_DR = Qt.ItemDataRole


class AssessModel(QAbstractTableModel):
    """People (rows) x competencies (columns) of one cycle and source.

    Attributes:
        edit_handler: called as ``edit_handler(index, note)`` by ``setData`` with
            ``Role.NOTE`` (the note editor); it stores the change and returns success.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._snap: Snapshot | None = None
        self._source = Source.MANAGER
        self._self_levels: np.ndarray | None = None
        self._self_na: np.ndarray | None = None
        self._rows: list[int] = []
        self._cols: list[int] = []
        self._row_of: dict[int, int] = {}
        self._col_of: dict[int, int] = {}
        self._groups: dict[int, str] = {}
        self._cat_starts: set[int] = set()
        self._has_role: list[bool] = []
        self._reviewed: np.ndarray | None = None  # per snapshot person, made on first use
        # The recorded review steps, and the cycle they are of (another cycle's never count).
        self._stored: tuple[int | None, Mapping[int, StoredReview]] = (None, {})
        #: Ratings not confirmed within this many cycles are marked stale (a setting).
        self.stale_after = STALE_AFTER
        self._writable = False
        self._pending: np.ndarray | None = None  # per snapshot person: not read yet
        self.edit_handler: Callable[[Index, str], bool] | None = None
        # Writes changes into a snapshot, returning the cells written: the window's
        # snapshot cache (``SnapshotCache.cells``) when set, else the snapshot itself.
        self.writer: Callable[[Snapshot, Sequence[RatingChange], str], list[tuple[int, int]]] = (
            lambda snap, changes, source: snap.apply(changes, source)
        )
        #: the login's rights on a shared database (None: no limits); rows of people
        #: outside its teams are read-only
        self.access: Access | None = None

    # -- loading ---------------------------------------------------------------------------
    def set_snapshot(
        self,
        snapshot: Snapshot | None,
        *,
        source: Source = Source.MANAGER,
        self_snapshot: Snapshot | None = None,
        rows: Sequence[int] = (),
        cols: Sequence[int] = (),
        sort: R.SortOrder = R.SortOrder.GROUPED,
        writable: bool = False,
        loaded: Sequence[int] | None = None,
    ) -> None:
        """Show a new snapshot (one model reset).

        Args:
            snapshot: the ratings shown (None: an empty grid).
            source: the source ``snapshot`` holds; changes of that source patch it.
            self_snapshot: "both" mode: the self ratings compared with ``snapshot``.
            rows: snapshot people indices to show, in order (see ``rows.order_rows``).
            cols: snapshot competency indices to show, in order.
            sort: the row order, for the team group separators.
            writable: whether cells can be edited (the cycle is open); always False while
                rows are still loading.
            loaded: the snapshot people indices whose ratings are read (the rest are
                still streaming in, see :meth:`mark_loaded`); None: all of them.
        """
        self.beginResetModel()
        self._snap, self._source, self._writable = snapshot, source, writable
        self._pending = None
        if snapshot is not None and loaded is not None:
            self._pending = np.ones(len(snapshot.people), dtype=bool)
            self._pending[list(loaded)] = False
            self._writable = False  # until the load ends (mark_loaded, set_writable)
        self._self_levels = self._self_na = None
        self._reviewed = None
        if snapshot is not None and self_snapshot is not None:
            self._self_levels, self._self_na = P.aligned(snapshot, self_snapshot)
        self._has_role = [bool(p.role) for p in snapshot.people] if snapshot else []
        self._set_layout(rows, cols, sort)
        self.endResetModel()

    def set_layout(self, rows: Sequence[int], cols: Sequence[int], sort: R.SortOrder) -> None:
        """Change which people and competencies show, and their order (one reset)."""
        self.beginResetModel()
        self._set_layout(rows, cols, sort)
        self.endResetModel()

    def _set_layout(self, rows: Sequence[int], cols: Sequence[int], sort: R.SortOrder) -> None:
        snap = self._snap
        self._rows = list(rows) if snap else []
        self._cols = list(cols) if snap else []
        self._row_of = {i: r for r, i in enumerate(self._rows)}
        self._col_of = {j: c for c, j in enumerate(self._cols)}
        self._groups = R.group_starts(snap.people, self._rows, sort) if snap else {}
        self._cat_starts = R.category_starts(snap, self._cols) if snap else set()

    # -- reading ---------------------------------------------------------------------------
    @property
    def snapshot(self) -> Snapshot | None:
        """The snapshot shown, or None."""
        return self._snap

    @property
    def source(self) -> Source:
        """The rating source shown."""
        return self._source

    @property
    def comparing(self) -> bool:
        """True in "both" mode (self ratings are compared with the manager's)."""
        return self._self_levels is not None

    @property
    def writable(self) -> bool:
        """True when cells can be edited."""
        return self._writable

    def set_writable(self, writable: bool) -> None:
        """Allow or forbid edits; never while an edit is pending."""
        self._writable = writable and self._pending is None

    @property
    def loading(self) -> bool:
        """True while some rows' ratings are still streaming in (nothing is editable)."""
        return self._pending is not None

    def loaded_count(self) -> int:
        """How many of the snapshot's people have their ratings read."""
        snap = self._snap
        if snap is None:
            return 0
        return len(snap.people) - (int(self._pending.sum()) if self._pending is not None else 0)

    def mark_loaded(self, indices: Sequence[int]) -> bool:
        """The ratings of these snapshot people are now in the snapshot: repaint their rows.

        True once every row has arrived (the caller then sets ``writable``).
        """
        pending = self._pending
        if pending is None or self._snap is None:
            return True
        pending[list(indices)] = False
        rows = [r for r in map(self._row_of.get, indices) if r is not None]
        last_col = len(self._cols) - 1
        if last_col >= 0:
            for first, last in P.runs(rows):
                self.dataChanged.emit(self.index(first, 0), self.index(last, last_col))
        if pending.any():
            return False
        self._pending = None
        return True

    def locked(self, row: int) -> str | None:
        """Why the row's person may not be rated by this login, or None when they may."""
        access = self.access
        if access is None or access.admin or not 0 <= row < len(self._rows):
            return None
        person = self.person(row)
        return access.team_reason(person.name, person.team)

    def person(self, row: int) -> Person:
        """The person of display row ``row``."""
        assert self._snap is not None
        return self._snap.people[self._rows[row]]

    def competency(self, col: int) -> Competency:
        """The competency of display column ``col``."""
        assert self._snap is not None
        return self._snap.competencies[self._cols[col]]

    def rows(self) -> list[int]:
        """The snapshot people indices of the display rows, in display order."""
        return list(self._rows)

    def cols(self) -> list[int]:
        """The snapshot competency indices of the display columns, in display order."""
        return list(self._cols)

    def index_of(self, person_id: int, competency_id: int) -> QModelIndex:
        """The index of a cell, invalid when that person or competency is not shown."""
        snap = self._snap
        if snap is None:
            return QModelIndex()
        r = self._row_of.get(snap._person_index.get(person_id, -1))
        c = self._col_of.get(snap._competency_index.get(competency_id, -1))
        return QModelIndex() if r is None or c is None else self.index(r, c)

    def group_at(self, row: int) -> str | None:
        """The team group that starts at display row ``row``, or None."""
        return self._groups.get(row)

    def category_start(self, col: int) -> bool:
        """True when display column ``col`` starts a category."""
        return col in self._cat_starts

    def cell(self, row: int, col: int) -> Cell:
        """Everything the delegate paints for one cell (no Qt types, no allocation)."""
        snap = self._snap
        assert snap is not None
        i, j = self._rows[row], self._cols[col]
        if self._pending is not None and self._pending[i]:
            return _LOADING_CELL
        lv = snap.levels.item(i, j)
        interest = snap.interest.item(i, j)
        target = snap.targets.item(i, j)
        note = (i, j) in snap.notes
        inter = -1 if interest != interest else int(interest)
        age = snap.confirmed_age
        carried = age is not None and age.item(i, j) > 0
        stale = carried and age.item(i, j) >= self.stale_after  # type: ignore[union-attr]
        if lv == lv:
            differs = False
            if self._self_levels is not None:
                other = self._self_levels.item(i, j)
                differs = other == other and abs(other - lv) >= 2
            below = lv < target
            return (CellState.RATED, int(lv), inter, note, below, differs, False, carried, stale)
        if snap.not_applicable.item(i, j):
            return (CellState.NOT_APPLICABLE, -1, inter, note, False, False, False, carried, stale)
        outside = target != target and self._has_role[i]
        return (CellState.NOT_RATED, -1, inter, note, False, False, outside, False, False)

    def set_stale_after(self, cycles: int) -> None:
        """Mark ratings not confirmed within ``cycles`` cycles (repaints every cell)."""
        cycles = max(1, int(cycles))
        if cycles != self.stale_after:
            self.stale_after = cycles
            if self.rowCount() and self.columnCount():
                last = self.index(self.rowCount() - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)

    def cell_id(self, row: int, col: int) -> tuple[int, int]:
        """(person id, competency id) of a display cell."""
        return self.person(row).id, self.competency(col).id

    def self_state(self, row: int, col: int) -> tuple[int, int | None]:
        """In "both" mode: the self rating's (CellState, level) of a cell."""
        i, j = self._rows[row], self._cols[col]
        if self._self_levels is None or self._self_na is None:
            return CellState.NOT_RATED, None
        lv = self._self_levels.item(i, j)
        if lv == lv:
            return CellState.RATED, int(lv)
        if self._self_na.item(i, j):
            return CellState.NOT_APPLICABLE, None
        return CellState.NOT_RATED, None

    def set_stored_reviews(self, cycle_id: int, stored: Mapping[int, StoredReview]) -> None:
        """The review steps recorded in ``cycle_id`` (a finished review counts as done)."""
        self._stored = (cycle_id, dict(stored))
        self._reviewed = None

    def _stored_reviews(self) -> Mapping[int, StoredReview]:
        snap = self._snap
        cycle_id, stored = self._stored
        return (
            stored
            if snap is not None and snap.cycle is not None and snap.cycle.id == cycle_id
            else {}
        )

    def review_progress(self, *, due: dt.date | None, today: dt.date) -> Progress | None:
        """The "Reviewed X of Y" count among the people shown, over the manager ratings.

        Counted by ``core.review.reviewed`` (the rule of the Team view and ``cycle
        status``). None while rows are loading (a partial count would mislead) or when self
        ratings are shown (a review is the manager's part).
        """
        snap = self._snap
        if snap is None or not self._rows or self._pending is not None:
            return None
        if self._source != Source.MANAGER:
            return None
        if self._reviewed is None:
            self._reviewed = reviewed(snap, self._stored_reviews())
        return progress(self._reviewed[self._rows], due=due, today=today)

    def note(self, row: int, col: int) -> str:
        """The note of a display cell ("" when none)."""
        assert self._snap is not None
        return self._snap.notes.get((self._rows[row], self._cols[col]), "")

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of display rows (people)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of display columns (competencies)."""
        return 0 if parent.isValid() else len(self._cols)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Enabled and selectable; editable only when the model is writable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._writable:
            return f
        access = self.access
        if access is not None and not access.may_change_team(self.person(index.row()).team):
            return f
        return f | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = _DR.DisplayRole) -> Any:
        """A cell's level text, state, colours, note and tooltip data for ``role``."""
        if not index.isValid() or self._snap is None:
            return None
        row, col = index.row(), index.column()
        if role == _DR.DisplayRole or role == _DR.AccessibleTextRole:
            state, level, *_ = self.cell(row, col)
            if state == CellState.LOADING:
                return "" if role == _DR.DisplayRole else f"{self.person(row).name}: loading"
            text = (
                str(level)
                if state == CellState.RATED
                else "n/a"
                if state == CellState.NOT_APPLICABLE
                else ""
            )
            if role == _DR.AccessibleTextRole:
                text = (
                    f"{self.person(row).name}, {self.competency(col).name}: {text or 'not rated'}"
                )
                cell = self.cell(row, col)
                if cell[8]:
                    text += f", not confirmed in {self.stale_after} cycles or more"
                elif cell[7]:
                    text += ", carried forward, not yet confirmed"
            return text
        if role == _DR.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == _DR.EditRole:
            return self.note(row, col)
        return self._custom(row, col, role)

    def _custom(self, row: int, col: int, role: int) -> Any:
        if role < Role.STATE or role > Role.CARRIED or role in (Role.CATEGORY, Role.GROUP):
            return None
        state, level, interest, _note, below, differs, _, carried, _stale = self.cell(row, col)
        snap = self._snap
        assert snap is not None
        if role == Role.STATE:
            return int(state)
        if role == Role.LEVEL:
            return level if state == CellState.RATED else None
        if role == Role.INTEREST:
            return None if interest < 0 else interest
        if role == Role.NOTE:
            return self.note(row, col)
        if role == Role.TARGET:
            t = snap.targets.item(self._rows[row], self._cols[col])
            return None if math.isnan(t) else int(t)
        if role == Role.BELOW_TARGET:
            return below
        if role == Role.SELF_LEVEL:
            return self.self_state(row, col)[1]
        if role == Role.DIFFERS:
            return differs
        if role == Role.PERSON_ID:
            return self.person(row).id
        if role == Role.CARRIED:
            return carried
        return self.competency(col).id

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Competency names across, people's names down."""
        if self._snap is None or section < 0:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return (
                competency_header(self.competency(section), role)
                if section < len(self._cols)
                else None
            )
        if section >= len(self._rows):
            return None
        return person_header(self.person(section), role, self._groups.get(section))

    def setData(self, index: Index, value: Any, role: int = _DR.EditRole) -> bool:
        """Edit a cell through the edit handler; False when it may not be changed."""
        if not index.isValid() or role not in (_DR.EditRole, Role.NOTE):
            return False
        if not self._writable or self.edit_handler is None:
            return False
        return self.edit_handler(index, str(value or ""))

    # -- patching --------------------------------------------------------------------------
    def apply_changes(self, changes: Iterable[RatingChange]) -> int:
        """Patch stored changes into the snapshot; ``dataChanged`` for those cells only.

        Changes of another cycle, or of a source not shown, are ignored.

        Returns:
            How many shown cells changed.
        """
        snap = self._snap
        if snap is None or snap.cycle is None:
            return 0
        changes = changes if isinstance(changes, list) else list(changes)
        written = list(self.writer(snap, changes, str(self._source)))
        if written and self._reviewed is not None:
            stored = self._stored_reviews()
            for row in {i for i, _j in written}:
                self._reviewed[row] = reviewed(snap, stored, rows=slice(row, row + 1))[0]
        if self._self_levels is not None and self._self_na is not None:
            for ch in changes:  # the aligned self-ratings beside a manager's snapshot
                if ch.cycle_id != snap.cycle.id or ch.source != Source.SELF:
                    continue
                if ch.source == self._source:
                    continue
                pi = snap._person_index.get(ch.person_id)
                cj = snap._competency_index.get(ch.competency_id)
                if pi is not None and cj is not None:
                    P.write_level(self._self_levels, self._self_na, pi, cj, ch.after)
                    written.append((pi, cj))
        touched: dict[int, list[int]] = {}
        for i, j in written:
            r, c = self._row_of.get(i), self._col_of.get(j)
            if r is not None and c is not None:
                touched.setdefault(r, []).append(c)
        count = 0
        for r, cols in touched.items():
            for first, last in P.runs(cols):
                self.dataChanged.emit(self.index(r, first), self.index(r, last))
                count += last - first + 1
        return count
