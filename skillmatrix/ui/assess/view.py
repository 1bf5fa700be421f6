"""The Assess view: rate people against competencies from the keyboard.

Data flow: a reload (cycle, team, source, people or framework changed) loads one snapshot
and resets the model once; an edit is stored by :class:`RatingEditor` (one transaction, one
undo step) and comes back through ``ctx.ratingsChanged``, which patches only the changed
cells, whichever view made the change.
"""

from __future__ import annotations

import datetime as dt
import html
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from skillmatrix.core import analytics
from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.services.snapshots import Head
from skillmatrix.ui import snapshot_cache
from skillmatrix.ui.assess import loader as L
from skillmatrix.ui.assess import rows as R
from skillmatrix.ui.assess.banner import Banner
from skillmatrix.ui.assess.delegate import CellDelegate
from skillmatrix.ui.assess.editing import RatingEditor, read_only_reason
from skillmatrix.ui.assess.find import Kind, find_matches
from skillmatrix.ui.assess.grid import RatingGrid
from skillmatrix.ui.assess.keys import Action, KeyAction
from skillmatrix.ui.assess.legend import Legend
from skillmatrix.ui.assess.model import AssessModel
from skillmatrix.ui.assess.painter import CellPainter
from skillmatrix.ui.assess.toolbar import AssessToolbar
from skillmatrix.ui.assess.tooltip import tooltip_with
from skillmatrix.ui.assess.tooltip_details import TooltipDetails
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.tasks import BackgroundTask, run_in_background
from skillmatrix.ui.waiting import not_reentered

DIRECTION_KEY = "assess/advanceDown"
#: Cycles after which an unconfirmed rating is marked stale (View ▸ Mark Stale After…).
STALE_KEY = "assess/staleAfterCycles"


class AssessView(QWidget):
    """People x competencies grid of the current cycle, team and rating source.

    Args:
        ctx: the application context (database, cycle, team, source, undo stack, signals).
        parent: the parent widget.
        settings: where the typing direction is remembered (default ``QSettings()``).

    Attributes:
        grid: the table view (objectName ``ratingGrid``).
        model: its ``AssessModel``.
    """

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, settings: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assessView")
        self._ctx = ctx
        self._settings = settings if settings is not None else QSettings()
        self._role: str | None = None
        self._sort = R.SortOrder.GROUPED
        self._find = ("", -1)
        self._dirty = True
        self._task: BackgroundTask | None = None
        self._complete = False  # the running task's stream has delivered every row
        self._since = 0  # the data generation the running load read (ctx.snapshots)
        #: (cycle id, review steps) a server load read with its snapshot (see ``_with_extras``).
        self._prefetched: tuple[int, dict[Any, Any]] | None = None
        self.model = AssessModel(self)
        self.model.edit_handler = self._store_note
        cache = snapshot_cache.cache_of(ctx)
        if cache is not None:  # one writer of the snapshots shared with Insights
            self.model.writer = cache.cells
        self.editor = RatingEditor(ctx, self.model, self)
        self.toolbar = AssessToolbar(self)
        self.banner = Banner(self)
        self.grid = RatingGrid(self)
        self.grid.setModel(self.model)
        self._painter = CellPainter(
            self.grid.palette(), ctx.db.scale if ctx.db else DEFAULT_SCALE, self.grid.font()
        )
        self.delegate = CellDelegate(self.model, self._painter, self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.grid.tooltip_provider = self._tooltip
        self.editor.repaint_cells = self.grid.repaint_cells
        #: What tooltips list from the database, read in the background.
        self.tooltip_details = TooltipDetails(lambda: ctx.db, self)
        self.tooltip_details.ready.connect(self.grid.refresh_tooltip)
        self.legend = Legend(self)
        self.legend.set_painter(self._painter)
        self.empty = QLabel(self)
        self.empty.setObjectName("assessEmpty")
        self.empty.setWordWrap(True)
        self.empty.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        for w in (self.toolbar, self.banner, self.grid, self.empty, self.legend):
            lay.addWidget(w, 1 if w is self.grid else 0)
        # Focus given to the view (start-up, Ctrl+3, a dialog closing) lands on the grid,
        # so a typed level rates at once instead of going to the container.
        self.setFocusProxy(self.grid)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self._flush)
        self._wire()
        self.set_advance_down(bool(self._settings.value(DIRECTION_KEY, False, type=bool)))
        self.apply_stale_setting()

    def _wire(self) -> None:
        ctx = self._ctx
        for sig in (
            ctx.databaseChanged,
            ctx.cyclesChanged,
            ctx.peopleChanged,
            ctx.frameworkChanged,
        ):
            sig.connect(self.schedule_reload)
            sig.connect(self.tooltip_details.forget)
        # Connected before the views' own handlers: a tooltip rebuilt by them reads again.
        ctx.ratingsChanged.connect(self.tooltip_details.forget)
        ctx.evidenceChanged.connect(self.tooltip_details.forget)
        ctx.plansChanged.connect(self.tooltip_details.forget)
        ctx.cycleChanged.connect(self._on_choice_changed)
        ctx.teamChanged.connect(self._on_choice_changed)
        ctx.sourceChanged.connect(self._on_choice_changed)
        ctx.ratingsChanged.connect(self._on_ratings_changed)
        ctx.reviewsChanged.connect(self._on_reviews_changed)
        ctx.evidenceChanged.connect(self._details_changed)
        ctx.plansChanged.connect(self._details_changed)
        ctx.showRating.connect(self.show_rating)
        self.grid.actionRequested.connect(self._on_action)
        self.grid.paletteChanged.connect(self._rebuild_painter)
        self.editor.refused.connect(self.banner.flash)
        ctx.saved.connect(self.banner.end_flash)
        tb = self.toolbar
        tb.roleChanged.connect(self.set_role_filter)
        tb.sortChanged.connect(self.set_sort)
        tb.directionChanged.connect(self.set_advance_down)
        tb.find_edit.returnPressed.connect(lambda: self.find_next(tb.find_edit.text()))
        tb.find_edit.textChanged.connect(lambda _t: tb.find_result.clear())
        tb.find_edit.escaped.connect(self.grid.setFocus)
        tb.reviewRequested.connect(self.review_person)
        self.act_review = QAction("Review the selected person…", self)
        self.act_review.setObjectName("actReviewPerson")
        self.act_review.setShortcut(QKeySequence("Ctrl+R"))
        self.act_review.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_review.triggered.connect(self.review_person)
        self.addAction(self.act_review)
        # Right-click on a cell: evidence, a growth goal in one click, plan, profile.
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._cell_menu)
        self.cell_menu: QWidget | None = None
        self.act_cell_menu = QAction("Cell actions (evidence, growth plan)…", self)
        self.act_cell_menu.setObjectName("actCellMenu")
        self.act_cell_menu.setShortcuts([QKeySequence("Shift+F10"), QKeySequence(Qt.Key.Key_Menu)])
        self.act_cell_menu.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_cell_menu.triggered.connect(self.show_cell_menu)
        self.addAction(self.act_cell_menu)

    @property
    def context(self) -> AppContext:
        """The window's shared state."""
        return self._ctx

    def show_cell_menu(self) -> None:
        """The right-click menu of the current cell, from the keyboard (Shift+F10, Menu)."""
        cur = self.grid.currentIndex()
        if cur.isValid():
            self._cell_menu(self.grid.visualRect(cur).center())

    def _cell_menu(self, pos: Any) -> None:
        index = self.grid.indexAt(pos)
        if not index.isValid():
            return
        self.grid.go_to(index)
        from skillmatrix.ui.growth.cell_menu import cell_menu  # SQLAlchemy: on demand

        menu = cell_menu(self, index)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one menu per click
            self.cell_menu = menu
            menu.popup(self.grid.viewport().mapToGlobal(pos))

    def open_evidence(self, cell: Any) -> QWidget:
        """The evidence dialog of ``cell`` (an ``ui.evidence.Cell``).

        Read-only when the cycle is closed or the person is another team's.
        """
        from skillmatrix.ui.evidence import EvidenceDialog

        cur = self.grid.currentIndex()
        locked = read_only_reason(self.model.snapshot) or (
            self.model.locked(cur.row()) if cur.isValid() else None
        )
        dialog = EvidenceDialog(self._ctx, cell, self, read_only=locked)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.evidence_dialog = dialog
        return dialog

    # -- loading ---------------------------------------------------------------------------
    def schedule_reload(self) -> None:
        """Reload soon (several signals in a row cause one reload); later when hidden."""
        self._dirty = True
        if self.isVisible():
            self._reload_timer.start()

    def _on_choice_changed(self, _value: object) -> None:
        # A bound method, not a lambda: Qt drops the connection when this view is deleted.
        self.schedule_reload()
        self._show_review_progress()  # the same cycle with a new due date shows it at once

    def _flush(self) -> None:
        if self._dirty:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Apply the changes that arrived while hidden."""
        super().showEvent(event)
        self._flush()

    def _on_ratings_changed(self, changes: list[Any]) -> None:
        if self._task is not None and not self._complete:  # it may have read before this
            self._dirty = True
        self.model.apply_changes(changes)
        self._show_review_progress()

    def _details_changed(self, _what: object) -> None:
        # Evidence or a goal changed: a tooltip open on the grid lists them; rebuild it.
        self.grid.refresh_tooltip()

    def _on_reviews_changed(self, cycle_id: int) -> None:
        snap = self.model.snapshot
        if snap is not None and snap.cycle is not None and snap.cycle.id == cycle_id:
            self._load_stored_reviews()
            self._show_review_progress()

    @not_reentered
    def _load_stored_reviews(self) -> None:
        """Read the shown cycle's recorded review steps (one small read)."""
        snap = self.model.snapshot
        if self._ctx.db is None or snap is None or snap.cycle is None:
            return
        from skillmatrix.services.reads import stored_reviews  # no SQLAlchemy: first screen

        pre, self._prefetched = self._prefetched, None
        if pre is not None and pre[0] == snap.cycle.id:
            stored: dict[Any, Any] | None = pre[1]
        else:
            stored = self._ctx.call(stored_reviews, snap.cycle.id, quiet=True)
        self.model.set_stored_reviews(snap.cycle.id, stored or {})

    def _show_review_progress(self) -> None:
        cycle = self._ctx.cycle
        snap = self.model.snapshot
        if cycle is None or (
            snap is not None and snap.cycle is not None and snap.cycle.id != cycle.id
        ):
            cycle = snap.cycle if snap is not None else None  # the latest, shown by default
        due = cycle.due if cycle is not None else None
        self.toolbar.set_review_progress(self.model.review_progress(due=due, today=dt.date.today()))

    def reload(self) -> None:
        """Load the snapshot of the current cycle, team and source (one model reset).

        A big one (over ``snapshot_cache.BACKGROUND_CELLS``), or any on a server, loads in a
        thread so the window stays responsive; a small one from a file loads at once.
        """
        self._dirty = False
        self._reload_timer.stop()
        if self._task is not None:
            self._dirty = True  # reload again once the running load lands
            self._task.cancel()  # what it reads is no longer wanted
            return
        keep = self.current_cell()
        # On a server every read is a round trip (even counting the cells): always a task.
        if self._ctx.db is not None and (
            getattr(self._ctx.db, "shared", False)
            or L.cells_to_load(self._ctx) > snapshot_cache.BACKGROUND_CELLS
        ):
            ctx = self._ctx
            # The rows in the order they will show, the screen's first: painted as soon
            # as they are read, the rest streams in behind them (read-only meanwhile).
            sort = R.SortOrder.GROUPED if self._sort is R.SortOrder.GAP else self._sort
            order = partial(R.order_rows, role=self._role, sort=sort)
            head = Head(grouped=sort is R.SortOrder.GROUPED, role=self._role)
            self._task = run_in_background(
                self,
                "Loading ratings…",
                lambda progress, cancelled: self._with_extras(
                    L.stream(ctx, order, head, progress.send, cancelled)  # type: ignore[attr-defined]
                ),
                dialog=False,
            )
            chosen = (self._role, self._sort)
            self._complete = False
            self._since = self._generation()
            # A load can land after its window closed (on a server every load is a task):
            # a deleted view takes nothing.
            alive = partial(shiboken6.isValid, self)

            def on_part(part: Any) -> None:
                if alive():
                    self._streamed(part, keep, chosen)

            def on_done(result: Any) -> None:
                if alive():
                    self._loaded(result, keep)

            def on_error(_message: str) -> None:
                if alive():
                    self._loaded(None, keep)

            self._task.partial.connect(on_part)
            self._task.done.connect(on_done)
            self._task.error.connect(on_error)
            return
        since = self._generation()
        loaded = L.load(self._ctx)
        self._apply(loaded, keep)
        if loaded.snapshot is not None:
            self._share(loaded.snapshot, loaded, since)

    def _with_extras(self, loaded: L.Loaded | None) -> L.Loaded | None:
        """In the load's worker, on a server: also read what showing the load asks for.

        That is the login's rights and the cycle's review steps, so showing it runs no
        read (a local event loop in the middle of ``_apply`` could deliver anything, even
        the window's deletion).
        """
        db = self._ctx.db
        snap = loaded.snapshot if loaded is not None else None
        if getattr(db, "shared", False) and snap is not None and snap.cycle is not None:
            from skillmatrix.services.reads import stored_reviews

            self._ctx.access  # noqa: B018  (read once and kept by the context)
            try:
                self._prefetched = (snap.cycle.id, stored_reviews(db, snap.cycle.id))
            except SkillMatrixError:
                self._prefetched = None  # read again when shown, which says why
        return loaded

    def _generation(self) -> int:
        cache = snapshot_cache.cache_of(self._ctx)
        return cache.generation() if cache is not None else 0

    def _key(self, snap: Snapshot, loaded: L.Loaded) -> snapshot_cache.Key | None:
        cycle = snap.cycle
        return (
            None
            if cycle is None
            else snapshot_cache.Key(cycle.id, self._ctx.team, loaded.source.value)
        )

    def _keep(self, snap: Snapshot | None, loaded: L.Loaded) -> None:
        """Have the window's cache write every later change into the snapshot shown."""
        cache = snapshot_cache.cache_of(self._ctx)
        key = self._key(snap, loaded) if snap is not None else None
        if cache is not None and snap is not None and key is not None:
            cache.keep(key, snap)

    def _share(self, snap: Snapshot, loaded: L.Loaded, since: int | None = None) -> None:
        """Offer a whole snapshot to the other views (Insights) of the same scope."""
        cache = snapshot_cache.cache_of(self._ctx)
        key = self._key(snap, loaded)
        if cache is None or key is None:
            return
        if loaded.compare is None and self._ctx.source in ("manager", "self"):
            cache.offer(key, snap, since=self._since if since is None else since)

    def _streamed(self, part: L.Streamed, keep: Any, chosen: tuple[Any, Any]) -> None:
        """A batch of a streamed load: the first shows the grid, the others fill rows.

        ``chosen``: the role filter and sort the load's order was made for.
        """
        if self.model.snapshot is not part.snapshot:
            same = chosen == (self._role, self._sort)
            order = list(range(len(part.indices))) if part.head else part.order
            if self.model.snapshot is not None and self.model.loading:
                keep = self.current_cell() or keep  # the head is shown: keep where one is
            loaded = L.Loaded(part.snapshot, None, part.source)
            self._apply(loaded, keep, loaded_rows=part.indices, order=order if same else None)
        else:
            self.model.mark_loaded(part.indices)
        if not part.head and self.model.loaded_count() == len(part.snapshot.people):
            self._finish_stream(L.Loaded(part.snapshot, None, part.source))
        elif self.model.loading:
            done = 0 if part.head else self.model.loaded_count()
            self.banner.show_state(L.loading_message(done, part.people))

    def _loaded(self, loaded: L.Loaded | None, keep: Any) -> None:
        self._task = None
        if loaded is None and self.model.loading:
            self._dirty = True  # cancelled half-way: never leave a half-read grid
        elif loaded is not None and loaded.snapshot is self.model.snapshot is not None:
            if self.model.loading:  # (the last batch finishes a stream already)
                self._finish_stream(loaded)
        elif loaded is not None:  # None: cancelled or failed; keep what is shown
            self._apply(loaded, keep)
        if self._dirty:
            self.schedule_reload()

    def _finish_stream(self, loaded: L.Loaded) -> None:
        """Every row of a streamed load has arrived: editable, counted, sorted."""
        snap = loaded.snapshot
        assert snap is not None
        self._complete = True
        self.model.mark_loaded(range(len(snap.people)))
        self._share(snap, loaded)
        self.model.set_writable(read_only_reason(snap) is None)
        text, error = L.standing_message(loaded)
        self.banner.show_state(text, error=error)
        if self._sort is R.SortOrder.GAP:  # the gaps needed every rating
            self._relayout()
        self._show_review_progress()

    def _apply(
        self,
        loaded: L.Loaded,
        keep: Any,
        loaded_rows: list[int] | None = None,
        order: list[int] | None = None,
    ) -> None:
        """Show ``loaded`` (one model reset).

        ``loaded_rows``: only these people's ratings are read so far; ``order``: the rows in
        display order, if already sorted.
        """
        snap = loaded.snapshot
        if snap is not None and snap.scale != self._painter.scale:
            self._rebuild_painter(snap)
        roles = R.roles_present(snap.people if snap is not None else ())
        if self._role is not None and self._role not in roles:
            self._role = None
            order = None  # sorted for the role filter just dropped
        self.toolbar.set_roles(roles, self._role)
        self.model.access = self._ctx.access if self._ctx.db is not None else None
        self._keep(snap, loaded)
        self.model.set_snapshot(
            snap,
            source=loaded.source,
            self_snapshot=loaded.compare,
            rows=order if order is not None else self._order(snap),
            cols=R.visible_columns(snap, self._role) if snap is not None else [],
            sort=self._sort,
            writable=snap is not None and read_only_reason(snap) is None,
            loaded=loaded_rows,
        )
        self._load_stored_reviews()
        self.legend.set_painter(self._painter, comparing=loaded.compare is not None)
        self.toolbar.title.setText(L.title(self._ctx, snap))
        self._show_review_progress()
        text, error = L.standing_message(loaded)
        access = self.model.access
        if not text and access is not None and not access.admin and snap is not None:
            yours = ", ".join(sorted(access.team_names)) or "no team"
            text = (
                f"Signed in as {access.login}: you rate {yours}; other teams' people are "
                "read-only (dotted cells)"
            )
        self.banner.show_state(text, error=error)
        self.empty.setText(L.empty_message(snap))
        self.empty.setVisible(bool(self.empty.text()))
        self.grid.set_hints(L.key_hints(self._painter.scale))
        target = self.model.index_of(*keep) if keep is not None else QModelIndex()
        self.grid.go_to(target if target.isValid() else self.model.index(0, 0))

    def _order(self, snap: Snapshot | None) -> list[int]:
        if snap is None:
            return []
        gaps = None
        if self._sort is R.SortOrder.GAP and self.model.loading:  # gaps need every rating
            return R.order_rows(snap.people, role=self._role, sort=R.SortOrder.GROUPED)
        if self._sort is R.SortOrder.GAP:
            gaps = {g.person.id: g.total_gap for g in analytics.person_gaps(snap)}
        return R.order_rows(snap.people, role=self._role, sort=self._sort, gaps=gaps)

    def _relayout(self) -> None:
        keep = self.current_cell()
        snap = self.model.snapshot
        cols = R.visible_columns(snap, self._role) if snap is not None else []
        self.model.set_layout(self._order(snap), cols, self._sort)
        self._show_review_progress()
        if keep is not None:
            self.grid.go_to(self.model.index_of(*keep), center=True)

    def _rebuild_painter(self, snap: Snapshot | None = None) -> None:
        scale = snap.scale if isinstance(snap, Snapshot) else self._painter.scale
        self._painter = CellPainter(self.grid.palette(), scale, self.grid.font())
        self.delegate.cell_painter = self._painter
        self.legend.set_painter(self._painter, comparing=self.model.comparing)
        self.grid.viewport().update()

    def apply_stale_setting(self) -> int:
        """Read the stale-after setting (cycles, default 2) into the marks and the legend."""
        from skillmatrix.core.trust import STALE_AFTER

        try:
            cycles = max(1, int(str(self._settings.value(STALE_KEY, STALE_AFTER))))
        except (TypeError, ValueError):
            cycles = STALE_AFTER
        self.model.set_stale_after(cycles)
        self.legend.set_painter(self._painter, comparing=self.model.comparing, stale_after=cycles)
        self.grid.viewport().update()
        return cycles

    # -- filters, sort, direction ----------------------------------------------------------
    def set_role_filter(self, role: str | None) -> None:
        """Show only people with ``role`` ("" = without a role; None = everyone)."""
        if role != self._role:
            self._role = role
            self.toolbar.set_roles(R.roles_present(self._people()), role)
            self._relayout()

    def set_sort(self, order: R.SortOrder) -> None:
        """Order people by team/role, by name, or by total gap to target."""
        order = R.SortOrder(order)
        if order is not self._sort:
            self._sort = order
            k = self.toolbar.sort.findText(order.value)
            if k >= 0 and k != self.toolbar.sort.currentIndex():
                self.toolbar.sort.setCurrentIndex(k)
            self._relayout()

    @property
    def advance_down(self) -> bool:
        """True: typing a level moves down; False: right."""
        return self._down

    def set_advance_down(self, down: bool) -> None:
        """Move down (else right) after a rating key; remembered in the settings."""
        self._down = bool(down)
        self.toolbar.set_direction(self._down)
        self._settings.setValue(DIRECTION_KEY, self._down)

    def _people(self) -> tuple[Any, ...]:
        snap = self.model.snapshot
        return snap.people if snap is not None else ()

    # -- navigation --------------------------------------------------------------------------
    def current_cell(self) -> tuple[int, int] | None:
        """(person id, competency id) of the current cell, if any."""
        idx = self.grid.currentIndex()
        return self.model.cell_id(idx.row(), idx.column()) if idx.isValid() else None

    def show_rating(self, person_id: int, competency_id: int) -> bool:
        """Select and scroll to a cell, clearing the role (then team) filter if it hides it."""
        self._flush()
        idx = self.model.index_of(person_id, competency_id)
        if not idx.isValid() and self._role is not None:
            self.set_role_filter(None)
            idx = self.model.index_of(person_id, competency_id)
        if not idx.isValid() and self._ctx.team is not None:
            self._ctx.set_team(None)
            self.reload()
            idx = self.model.index_of(person_id, competency_id)
        if not idx.isValid():
            self.banner.flash("That rating is not in this grid (the person may have left)")
            return False
        self.grid.go_to(idx, center=True)
        self.grid.setFocus()
        return True

    def focus_find(self) -> bool:
        """Put the keyboard focus in the find box (Edit ▸ Find); True (there is one)."""
        self.toolbar.find_edit.setFocus()
        self.toolbar.find_edit.selectAll()
        return True

    def find_next(self, text: str) -> bool:
        """Jump to the next person or competency whose name contains ``text``."""
        m = self.model
        people = [m.person(r).name for r in range(m.rowCount())]
        comps = [m.competency(c).name for c in range(m.columnCount())]
        matches = find_matches(people, comps, text)
        label = self.toolbar.find_result
        if not matches:
            label.setText("No match")
            return False
        query, pos = self._find
        pos = (pos + 1) % len(matches) if query == text else 0
        self._find = (text, pos)
        kind, k = matches[pos]
        cur = self.grid.currentIndex()
        r, c = (cur.row(), cur.column()) if cur.isValid() else (0, 0)
        self.grid.go_to(m.index(k, c) if kind is Kind.PERSON else m.index(r, k), center=True)
        label.setText(f"{pos + 1} of {len(matches)}")
        return True

    # -- review mode -------------------------------------------------------------------------
    def review_person(self) -> QWidget | None:
        """Open the review mode for the current cell's person (Ctrl+R); the dialog or None."""
        self._flush()
        snap = self.model.snapshot
        cur = self.grid.currentIndex()
        if self._ctx.db is None or snap is None or snap.cycle is None or not cur.isValid():
            self.banner.flash("Select a person to review")
            return None
        reason = read_only_reason(snap)
        if reason:
            self.banner.flash(reason)
            return None
        from skillmatrix.ui.review_mode import open_review  # brings SQLAlchemy: on demand

        person = self.model.person(cur.row())
        return open_review(
            self._ctx, cycle_id=snap.cycle.id, person_id=person.id, person_name=person.name,
            parent=self,
        )  # fmt: skip

    # -- editing -----------------------------------------------------------------------------
    def _on_action(self, action: KeyAction) -> None:
        self._flush()
        cur = self.grid.currentIndex()
        if not cur.isValid():
            return
        if self.model.loading:
            self.editor.refused.emit(
                "Still loading the ratings — editing starts when all have arrived"
            )
            return
        if action.action is Action.EDIT_NOTE:
            reason = read_only_reason(self.model.snapshot)
            if reason:
                self.editor.refused.emit(reason)
                self._ctx.failed.emit(reason)
            else:
                self.grid.edit_note(cur)
            return
        cells = self.grid.selected_cells()
        stored = self.editor.perform(action, cells, (cur.row(), cur.column()))
        moves = action.action in (Action.SET_LEVEL, Action.NOT_APPLICABLE)
        if stored and moves and len(cells) == 1:
            self.grid.advance(down=self._down)

    def _store_note(self, index: QModelIndex | QPersistentModelIndex, note: str) -> bool:
        return self.editor.set_note(index.row(), index.column(), note)

    def _tooltip(self, index: QModelIndex) -> str:
        row, col = index.row(), index.column()  # the database part is read in the background
        tip = tooltip_with(self.model, row, col, self.tooltip_details.get(self.model, row, col))
        locked = self.model.locked(index.row())
        if locked is None:
            return tip
        return f"<p><b>Read-only:</b> {html.escape(locked)}</p>{tip}"
