"""The Insights view: a chart chooser with options, the chart, and the risk panel.

It follows the context's cycle, team and source, and rating edits: the heatmap changes
the edited cells in place at once (blit), other charts and the risk panel are rebuilt
once after a burst of edits (debounced). Only the chart on screen is built; the others
are built when chosen. The risk panel's analytics of a big snapshot run in a worker
thread (:mod:`~skillmatrix.ui.insights.risk_worker`).

Opening the view imports no matplotlib: the chart code is imported in a worker thread the
first time a chart is asked for (:mod:`~skillmatrix.ui.insights.chart_modules`), with a
progress state on the page meanwhile. Charts follow the window's light or dark palette.

"Confirmed ratings only" (remembered in settings) draws every chart and computes the risk
panel without the ratings nobody confirmed within the stale setting's cycles: trusted
coverage (``core.trust.without_stale``).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.core.trust import without_stale
from skillmatrix.services.rating_changes import RatingChange
from skillmatrix.ui import settings, snapshot_cache
from skillmatrix.ui.insights import charts
from skillmatrix.ui.insights.chart_modules import ChartModules
from skillmatrix.ui.insights.charts import ChartInput
from skillmatrix.ui.insights.data import InsightsData, Key
from skillmatrix.ui.insights.decision_tabs import DecisionTabs
from skillmatrix.ui.insights.loading import Loader, chart_input
from skillmatrix.ui.insights.options import ChartOptions
from skillmatrix.ui.insights.risk_facts import RiskFacts
from skillmatrix.ui.insights.risk_panel import RiskPanel
from skillmatrix.ui.insights.risk_worker import RiskWorker
from skillmatrix.ui.insights.team_switch import TeamSwitchBar

if TYPE_CHECKING:  # these import matplotlib: the view imports them once chart_modules has
    from skillmatrix.ui.insights.heatmap_chart import HeatmapChart
    from skillmatrix.ui.insights.static_chart import StaticChart

#: Charts other than the heatmap and the risk panel are rebuilt this long after an edit.
REFRESH_MS = 150
HEATMAP_HINT = "Hover a cell for person, competency, level and target; click it to open in Assess."
#: The risk panel's width: a readable column that leaves the chart most of the room.
PANEL_MIN, PANEL_MAX = 360, 430  # at 360 every risk table header fits
TRUSTED_TEXT = "Confirmed ratings only"
TRUSTED_TIP = (
    "Trusted coverage: charts and risks leave out ratings not confirmed in the last {n} "
    "cycles (View › Mark Ratings Stale After…)"
)
LOADING_CHARTS = "Loading charts…"
DRAWING_CHART = "Drawing the chart…"


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def panel_width(total: int) -> int:
    """Pixels for the risk panel when the splitter is ``total`` pixels wide."""
    return min(max(total * 3 // 10, PANEL_MIN), PANEL_MAX)


class InsightsView(QWidget):
    """Charts and risks of the current cycle and team (see the module docstring).

    Args:
        ctx: the window's AppContext (database, cycle, team, source and change signals).
        parent: the owner widget.
    """

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data = InsightsData(ctx.db, snapshot_cache.cache_of(ctx))
        self.loader = Loader(self.data, self)
        self.loader.loaded.connect(self._on_loaded)
        self.charts: dict[str, HeatmapChart | StaticChart] = {}
        self._shown: dict[str, int] = {}  # data version each chart shows
        self._version = 0
        self._risk_version = -1
        self._leaves: list[Any] | None = None  # the stored leave calendar, once read
        self._profile_people: object = None  # the people the profile's person combo lists
        self._person: int | None = None
        self.last_saved: Path | None = None
        self._dark = _is_dark(self.palette())  # the theme the charts were built in
        self.chart_modules = ChartModules(self)
        self.chart_modules.ready.connect(self._on_modules_ready)
        self.chart_modules.failed.connect(self._on_modules_failed)
        self._build_ui()
        self.risk_worker = RiskWorker(self)
        self.risk_worker.ready.connect(self._on_risk_ready)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.update_visible)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)  # merges scope signals
        self._soon.timeout.connect(self.update_visible)
        ctx.ratingsChanged.connect(self._on_ratings_changed)
        for signal in (ctx.cycleChanged, ctx.teamChanged, ctx.sourceChanged):
            signal.connect(self._on_scope_changed)
        for signal in (ctx.cyclesChanged, ctx.peopleChanged, ctx.frameworkChanged):
            signal.connect(self._on_structure_changed)
        ctx.databaseChanged.connect(self._on_structure_changed)
        self._soon.start()

    # -- widgets --------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.chart_combo = QComboBox()
        self.chart_combo.setObjectName("chartCombo")
        for kind in charts.CHARTS:
            self.chart_combo.addItem(kind.label, kind.key)
        self.options: dict[str, ChartOptions] = {}
        self.options_stack = QStackedWidget()
        self.options_stack.setObjectName("chartOptions")
        for kind in charts.CHARTS:
            opts = ChartOptions(kind)
            opts.changed.connect(lambda k=kind.key: self._on_options_changed(k))
            opts.personChosen.connect(self._choose_person)
            self.options[kind.key] = opts
            self.options_stack.addWidget(opts)
        self.save_button = QPushButton("Save chart…")
        self.save_button.setObjectName("saveChartButton")
        self.save_button.setToolTip("Save this chart as PNG, SVG or PDF")
        self.save_button.clicked.connect(self.save_current)
        self.trusted_toggle = QCheckBox(TRUSTED_TEXT)
        self.trusted_toggle.setObjectName("trustedToggle")
        self.trusted_toggle.setChecked(settings.trusted_only())
        self.trusted_toggle.setToolTip(TRUSTED_TIP.format(n=settings.stale_after()))
        self.trusted_toggle.toggled.connect(self.set_trusted_only)
        top = QHBoxLayout()
        top.addWidget(QLabel("Chart"))
        top.addWidget(self.chart_combo)
        top.addWidget(self.options_stack, 1)
        top.addWidget(self.trusted_toggle)
        top.addWidget(self.save_button)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("scopeLabel")
        self.scope_label.setTextFormat(Qt.TextFormat.RichText)
        self.chart_stack = QStackedWidget()
        self.chart_stack.setObjectName("chartStack")
        self.loading_page = QWidget()  # what the chart area shows until a chart is drawn
        self.loading_page.setObjectName("chartLoading")
        self.placeholder = QLabel("Loading ratings…")
        self.placeholder.setObjectName("chartLoadingText")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar()
        self.progress.setObjectName("chartProgress")
        self.progress.setRange(0, 0)  # busy: how long an import takes is not known
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(260)
        loading = QVBoxLayout(self.loading_page)
        loading.addStretch(1)
        loading.addWidget(self.placeholder)
        loading.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignHCenter)
        loading.addStretch(1)
        self.chart_stack.addWidget(self.loading_page)
        self.status = QLabel()
        self.status.setObjectName("chartStatus")
        self.status.setMinimumHeight(self.status.sizeHint().height())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.chart_stack, 1)
        left_layout.addWidget(self.status)
        self.risk = RiskPanel()
        self.risk.setMinimumWidth(PANEL_MIN)
        self.risk.jumpRequested.connect(self._jump)
        self.risk.personChosen.connect(self._choose_person)
        self.risk.teamRequested.connect(self._show_team)
        from skillmatrix.ui.growth.insights_menus import attach_mentor_menu

        attach_mentor_menu(self.ctx, self.risk)  # right-click a pair: a growth goal
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("insightsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.risk)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        self._user_split = False  # the user dragged the splitter: keep their sizes
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope_label)
        self.team_switch = TeamSwitchBar()
        self.team_switch.backRequested.connect(self._team_back)
        self._switched: tuple[str | None, str] | None = None  # (team before, team chosen)
        layout.addWidget(self.team_switch)
        charts_page = QWidget()
        charts_page.setObjectName("chartsPage")
        charts_layout = QVBoxLayout(charts_page)
        charts_layout.setContentsMargins(0, 4, 0, 0)
        charts_layout.addLayout(top)
        charts_layout.addWidget(self.splitter, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("insightsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(charts_page, "Charts and risks")
        self.decisions = DecisionTabs(self.ctx, self.tabs)
        self.tabs.currentChanged.connect(self._on_tab_chosen)
        layout.addWidget(self.tabs, 1)
        self.chart_combo.currentIndexChanged.connect(self._on_chart_chosen)

    @property
    def current_kind(self) -> str:
        """The key of the chart chosen."""
        return str(self.chart_combo.currentData())

    def set_chart(self, kind: str) -> None:
        """Show chart ``kind`` (a key of :data:`charts.BY_KEY`)."""
        self.chart_combo.setCurrentIndex(self.chart_combo.findData(kind))

    def chart(self, kind: str) -> HeatmapChart | StaticChart:
        """The controller of chart ``kind``, created (with its page) on first use."""
        if kind not in self.charts:
            from skillmatrix.ui.insights.heatmap_chart import HeatmapChart
            from skillmatrix.ui.insights.static_chart import StaticChart

            ctrl: HeatmapChart | StaticChart
            if kind == "heatmap":
                ctrl = HeatmapChart(self.chart_stack)
                ctrl.hovered.connect(self._on_hovered)
                ctrl.clicked.connect(self._jump)
            else:
                ctrl = StaticChart(kind, self.chart_stack)
            self.charts[kind] = ctrl
            self.chart_stack.addWidget(ctrl.page)
        return self.charts[kind]

    # -- data -----------------------------------------------------------------------------
    def scope_key(self) -> Key:
        """The (cycle, team, source) the view shows now."""
        source = "self" if self.ctx.source == "self" else "manager"
        return Key(self.data.cycle_id(self.ctx.cycle), self.ctx.team, source)

    def snapshot(self) -> Snapshot | None:
        """The snapshot of the current scope, when loaded."""
        return self.data.get(self.scope_key())

    @property
    def trusted_only(self) -> bool:
        """Charts and risks count confirmed ratings only (trusted coverage)."""
        return self.trusted_toggle.isChecked()

    def set_trusted_only(self, on: bool) -> None:
        """Count confirmed ratings only, or every rating (remembered); redraws."""
        if self.trusted_toggle.isChecked() != on:
            self.trusted_toggle.setChecked(on)  # comes back here through toggled
            return
        settings.set_trusted_only(on)
        self._redraw_all()

    def apply_stale_setting(self) -> None:
        """The stale setting changed: the risk panel's share (and trusted charts) follow."""
        self.trusted_toggle.setToolTip(TRUSTED_TIP.format(n=settings.stale_after()))
        self._redraw_all()

    def _redraw_all(self) -> None:
        self._version += 1
        self._shown.clear()
        self._soon.start()

    def _trusted(self, data: ChartInput) -> ChartInput:
        """``data`` without stale ratings (every snapshot of it)."""
        n = settings.stale_after()

        def strip(snap: Snapshot | None) -> Snapshot | None:
            return None if snap is None else without_stale(snap, n)

        snapshot = strip(data.snapshot)
        assert snapshot is not None
        return ChartInput(
            snapshot=snapshot,
            trend=[without_stale(t, n) for t in data.trend],
            everyone=strip(data.everyone),
            self_ratings=strip(data.self_ratings),
            manager=strip(data.manager),
        )

    # -- showing --------------------------------------------------------------------------
    def update_visible(self) -> None:
        """Bring the chart on screen and the risk panel up to date (loads what is missing)."""
        if not self.isVisible():
            return
        if self.decisions.current() is not None:  # a decision tab: the charts wait
            cycle_id = self.data.cycle_id(self.ctx.cycle)
            cycle = next((c for c in self.data.cycles() if c.id == cycle_id), None)
            self.scope_label.setText(
                f"<b>{html.escape(self.ctx.team or 'All teams')}</b> · "
                f"{html.escape(cycle.name) if cycle else 'no cycle yet'} · manager ratings"
            )
            self.decisions.refresh(cycle_id, self.ctx.team, self._version)
            return
        kind = self.current_kind
        modules = self.chart_modules.ensure()  # imports in the background meanwhile
        data, missing = chart_input(self.data, kind, self.scope_key())
        if data is None:
            if not self.loader.load(missing):
                self._show_loading("Loading ratings…")
                return
            data, _ = chart_input(self.data, kind, self.scope_key())
            assert data is not None
        snap = data.snapshot
        self._show_scope(snap)
        if self._risk_version != self._version:
            self._update_risk(snap)
        if not modules:
            self._show_loading(LOADING_CHARTS)
            return
        if kind not in self.charts:  # the first build takes a moment: say so first
            self._show_loading(DRAWING_CHART)
            self.loading_page.repaint()
        ctrl = self.chart(kind)
        self.chart_stack.setCurrentWidget(ctrl.page)
        if self._shown.get(kind) != self._version:
            self._show_chart(kind, ctrl, self._trusted(data) if self.trusted_only else data)
            self._shown[kind] = self._version
        self.save_button.setEnabled(ctrl.figure is not None)
        self.status.setText(HEATMAP_HINT if kind == "heatmap" and ctrl.figure else "")

    def _heatmap_chart(self) -> HeatmapChart | None:
        """The heatmap's controller, once built (``charts["heatmap"]`` is always one)."""
        return cast("HeatmapChart | None", self.charts.get("heatmap"))

    def _show_loading(self, text: str) -> None:
        self.placeholder.setText(text)
        self.progress.show()
        self.chart_stack.setCurrentWidget(self.loading_page)

    def _on_modules_ready(self) -> None:
        self.update_visible()

    def _on_modules_failed(self, error: str) -> None:
        self.placeholder.setText(f"Charts could not be loaded ({error}).")
        self.progress.hide()
        self.chart_stack.setCurrentWidget(self.loading_page)

    def changeEvent(self, event: QEvent) -> None:
        """Rebuild the charts in the new theme when the palette turns dark or light."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and _is_dark(self.palette()) != self._dark:
            self._dark = not self._dark  # the theme changed: every chart is drawn again
            self._shown.clear()
            heatmap = self._heatmap_chart()
            if heatmap is not None:
                heatmap.rebuild()
            self._soon.start()

    def _update_risk(self, snap: Snapshot) -> None:
        """Bring the risk panel up to ``snap``: at once when small, else in the worker.

        The panel keeps the previous facts until the new ones arrive.
        """
        leaves = self._stored_leaves()
        trusted = self.trusted_only
        if snap.levels.size < snapshot_cache.BACKGROUND_CELLS:
            self.risk_worker.cancel()
            self.risk.set_snapshot(snap, leaves, trusted)
            self._risk_shown(snap)
        elif self.risk_worker.pending != self._version:
            self.risk_worker.request(snap, self._version, leaves, trusted)

    def _stored_leaves(self) -> list[Any] | None:
        """The stored leave calendar (read again after any people change), None if empty."""
        if self._leaves is None:
            import datetime as dt

            from skillmatrix.services.leaves import list_leaves

            found = self.ctx.call(list_leaves, ending_after=dt.date.today(), quiet=True)
            self._leaves = found or []
        return self._leaves or None

    def _on_risk_ready(self, facts: RiskFacts, version: object) -> None:
        if version != self._version:
            return  # ratings or scope changed while it ran: the next refresh asks again
        self.risk.show_facts(facts)
        self._risk_shown(facts.snapshot)

    def _risk_shown(self, snap: Snapshot) -> None:
        if self._person is not None:
            self.risk.set_person(self._person)
        if snap.people is not self._profile_people:  # an edit keeps the same people
            self._profile_people = snap.people
            self.options["profile"].set_people(snap.people, self.risk.person.currentData())
        self._risk_version = self._version

    def _show_chart(self, kind: str, ctrl: HeatmapChart | StaticChart, data: ChartInput) -> None:
        from skillmatrix.ui.insights.static_chart import StaticChart  # loaded by now

        values = self.options[kind].values()
        if isinstance(ctrl, StaticChart):
            ctrl.show_data(data, values)
            return
        message = charts.empty_message(kind, data, values)
        if message:
            ctrl.heatmap = None
            ctrl.page.show_message(message)
        else:
            ctrl.show_snapshot(
                data.snapshot, order=values["order"], competency_order=values["competency_order"]
            )

    def _show_scope(self, snap: Snapshot) -> None:
        cycle = snap.cycle
        when = (
            "no cycle yet" if cycle is None else cycle.name + (" (closed)" if cycle.closed else "")
        )
        source = "self-assessments" if self.scope_key().source == "self" else "manager ratings"
        pooled = snap.team is None and len({p.team for p in snap.people if p.team}) > 1
        scope = (
            "All teams</b> (coverage judged within each team)"
            if pooled
            else f"{snap.team or 'All teams'}</b>"
        )
        trusted = " · <b>confirmed ratings only</b>" if self.trusted_only else ""
        self.scope_label.setText(
            f"<b>{scope} · {when} · {source} · {len(snap.people)} people{trusted}"
        )

    # -- events ---------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Size the splitter and load the charts soon after showing."""
        super().showEvent(event)
        self._size_splitter()
        self._soon.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the chart and panel proportions on resize."""
        super().resizeEvent(event)
        self._size_splitter()

    def _size_splitter(self) -> None:
        """The chart gets the room, the panel a readable column (until the user drags)."""
        if self._user_split:
            return
        total = self.splitter.width() - self.splitter.handleWidth()
        panel = panel_width(total)
        self.splitter.setSizes([max(total - panel, 400), panel])

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._user_split = True

    def _on_tab_chosen(self, _index: int) -> None:
        self.decisions.ensure_built()
        self.update_visible()

    def _on_chart_chosen(self, _index: int) -> None:
        self.options_stack.setCurrentWidget(self.options[self.current_kind])
        self.status.clear()
        self.update_visible()

    def _on_options_changed(self, kind: str) -> None:
        self._shown.pop(kind, None)
        if kind == self.current_kind:
            self.update_visible()

    def _choose_person(self, person_id: int) -> None:
        self._person = person_id
        self.options["profile"].select_person(person_id)
        if self.risk.person.currentData() != person_id:
            self.risk.set_person(person_id)
        self._shown.pop("profile", None)
        if self.current_kind == "profile":
            self.update_visible()

    def _forget_switch_if_moved(self) -> None:
        if self._switched is not None and self.ctx.team != self._switched[1]:
            self._switched = None  # the team was changed some other way: Back is moot
            self.team_switch.hide()

    def _on_scope_changed(self, *_args: Any) -> None:
        self._forget_switch_if_moved()
        self._version += 1
        self._soon.start()

    def _on_loaded(self) -> None:
        if self.loader.cancelled:
            self.placeholder.setText("Loading was cancelled: choose a chart to try again.")
            self.progress.hide()
            return
        self._version += 1
        self.update_visible()

    def _on_structure_changed(self, *_args: Any) -> None:
        self._forget_switch_if_moved()
        self._leaves = None  # the Team view's leave calendar emits peopleChanged
        self.loader.invalidate()
        self.data.clear(self.ctx.db)
        self._version += 1
        self._soon.start()

    def _on_ratings_changed(self, changes: list[RatingChange]) -> None:
        self.loader.note(changes)
        updated = self.data.apply(changes)
        if not updated:
            if self.decisions.current() is not None:  # it reads the database itself
                self._version += 1
                self._refresh.start()
            return
        self._version += 1
        scope = self.scope_key()
        heatmap = self._heatmap_chart()
        if (
            scope in updated
            and heatmap is not None
            and heatmap.heatmap is not None
            and self.isVisible()
            and self.current_kind == "heatmap"
            and not self.trusted_only  # it shows a copy without stale ratings: redrawn
            and self._shown.get("heatmap") == self._version - 1
        ):
            snap = self.data.get(scope)
            assert snap is not None
            heatmap.apply(snap, updated[scope])
            self._shown["heatmap"] = self._version
        self._refresh.start()

    def _on_hovered(self, text: str) -> None:
        self.status.setText(text or HEATMAP_HINT)

    def _show_team(self, team: str) -> None:
        """Scope every view to ``team``, saying so in a bar with Back.

        The toolbar's team selector follows teamChanged; the next export follows the filter
        too.
        """
        before = self.ctx.team
        if team == before:
            return
        self._switched = (before, team)
        self.ctx.set_team(team)
        self.team_switch.announce(team, before)

    def _team_back(self) -> None:
        """Undo the risk panel's team switch (unless the filter has moved on since)."""
        switched, self._switched = self._switched, None
        self.team_switch.hide()
        if switched is not None and self.ctx.team == switched[1]:
            self.ctx.set_team(switched[0])

    def _jump(self, person_id: int, competency_id: int) -> None:
        self.ctx.showRating.emit(person_id, competency_id)
        self.ctx.showView.emit("assess")

    def save_current(self) -> Path | None:
        """Ask for a file name and save the chart on screen (PNG, SVG or PDF)."""
        ctrl = self.charts.get(self.current_kind)
        snap = self.snapshot()
        if ctrl is None or ctrl.figure is None or snap is None:
            return None
        from skillmatrix.ui.insights.save import save_chart

        folder = self.last_saved.parent if self.last_saved else Path.home()
        name = charts.file_stem(self.current_kind, snap) + ".png"
        saved = save_chart(self, ctrl.figure, folder / name)
        if saved is not None:
            self.last_saved = saved
            self.ctx.saved.emit(f"Chart saved to {saved}")
        return saved
