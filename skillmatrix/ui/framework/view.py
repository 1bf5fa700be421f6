"""The Framework view: the category / competency tree and the detail panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.model import Competency, Role
from skillmatrix.services import frameworks as framework_service
from skillmatrix.store.records import Category
from skillmatrix.ui import icons
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.empty import EmptyState
from skillmatrix.ui.framework import commands
from skillmatrix.ui.framework.actions import FrameworkActions
from skillmatrix.ui.framework.category import CategoryPanel
from skillmatrix.ui.framework.detail import CompetencyDetail
from skillmatrix.ui.framework.model import FrameworkModel, IdRole, KindRole, RecordRole
from skillmatrix.ui.framework.toolbar import FrameworkToolbar
from skillmatrix.ui.waiting import not_reentered

if TYPE_CHECKING:
    from skillmatrix.store.database import Database


def _read_framework(db: Database) -> tuple[list[Category], list[Competency], list[Role]]:
    """Categories, competencies and roles: what the view shows, in one call."""
    return (
        framework_service.list_categories(db),
        framework_service.list_competencies(db),
        framework_service.list_roles(db),
    )


class FrameworkView(FrameworkActions):
    """Edit the competency framework; objectName of the tree: ``frameworkTree``."""

    tools: FrameworkToolbar  # the action row, made in _build

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.roles: list[Role] = []
        self._own_change = False
        self.model = FrameworkModel(self)
        self.model.renameRequested.connect(self._rename_requested)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self._build()
        ctx.databaseChanged.connect(self.reload)
        ctx.frameworkChanged.connect(self._framework_changed)
        self.reload()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.tree = QTreeView(self)
        self.tree.setObjectName("frameworkTree")
        self.tree.setAccessibleName("Categories and competencies")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.EditKeyPressed)  # F2 renames
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 260)
        self.tree.setColumnWidth(1, 70)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        self.search = QLineEdit(self)
        self.search.setObjectName("frameworkSearch")
        self.search.setPlaceholderText("Filter competencies  (Ctrl+F)")
        self.search.setAccessibleName("Filter competencies")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self._filter)

        self.detail = CompetencyDetail(framework_service.get_scale(self.ctx.db), self)
        self.detail.renameRequested.connect(lambda t: self._on_comp(commands.rename, t))
        self.detail.descriptionRequested.connect(lambda t: self._on_comp(commands.describe, t))
        self.detail.criticalRequested.connect(lambda c: self._on_comp(commands.set_critical, c))
        self.detail.ruleRequested.connect(lambda p, lv: self._on_comp(commands.set_rule, p, lv))
        self.detail.levelDescriptionRequested.connect(
            lambda lv, t: self._on_comp(commands.describe_level, lv, t)
        )
        self.detail.targetRequested.connect(self._target_requested)
        self.category_panel = CategoryPanel(self)
        self.category_panel.renameRequested.connect(self._rename_category)
        self.nothing = EmptyState(
            "Select a competency",
            "Its description, level descriptions, targets and coverage "
            "rule appear here, ready to edit.",
            icon="framework",
        )
        self.details = QStackedWidget(self)
        for page in (self.nothing, self.detail, self.category_panel):
            self.details.addWidget(page)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.tree, 1)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setSizes([480, 600])

        self.empty = EmptyState(
            "No competencies yet",
            "Start from a built-in role framework or a framework file, or add your own "
            "categories and competencies.",
            action="Load framework…",
            icon="framework",
        )
        assert self.empty.button is not None
        self.empty.button.clicked.connect(
            lambda: self.tools.load_menu.exec(
                self.empty.button.mapToGlobal(self.empty.button.rect().bottomLeft())
            )
        )
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.empty)

        self.setFocusProxy(self.tree)
        self.tools = FrameworkToolbar(
            self,
            self.tree,
            add_category=self.add_category,
            add_competency=self.add_competency,
            move=self.move_current,
            remove=self.remove_current,
            install=self.install_framework,
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self.tools.bar)
        layout.addWidget(self.pages, 1)

    # -- loading ---------------------------------------------------------------------------
    @not_reentered
    def reload(self) -> None:
        """Read the whole framework again, keeping the selection where possible.

        One call, off the UI thread on a server.
        """
        if self.ctx.db is None:
            return
        read = self.ctx.call(_read_framework, quiet=True)
        cats, comps, self.roles = read if read is not None else ([], [], [])
        keep = self._current()
        self.detail.scale = framework_service.get_scale(self.ctx.db)
        self.model.load(cats, comps)
        self.tree.expandAll()
        self.pages.setCurrentWidget(self.empty if not cats else self.splitter)
        if keep is not None:
            self._select(
                self.model.competency_item(keep[1])
                if keep[0] == "competency"
                else self.model.category_item(keep[1])
            )
        self._show_current()

    def _framework_changed(self) -> None:
        if not self._own_change:
            self.reload()  # an import or another view changed it

    def _changed(self) -> None:
        self._own_change = True
        try:
            self.ctx.frameworkChanged.emit()
        finally:
            self._own_change = False
        self.update_actions()

    def focus_find(self) -> None:
        """Move the focus to the search field, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    # -- selection -------------------------------------------------------------------------
    def _current(self) -> tuple[str, int] | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        index = index.siblingAtColumn(0)
        return index.data(KindRole), int(index.data(IdRole))

    def current_record(self) -> Competency | Category | None:
        """The competency or category of the current tree item, or None."""
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(RecordRole) if index.isValid() else None

    def _select(self, item: QStandardItem | None) -> None:
        if item is None:
            return
        index = self.proxy.mapFromSource(item.index())
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)

    def select_competency(self, competency_id: int) -> None:
        """Make a competency the current item."""
        self._select(self.model.competency_item(competency_id))

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        record = self.current_record()
        if isinstance(record, Competency):
            self.detail.show_competency(record, self.roles, self.detail.scale)
            self.details.setCurrentWidget(self.detail)
        elif isinstance(record, Category):
            item = self.model.category_item(record.id)
            self.category_panel.show_category(record, item.rowCount() if item else 0)
            self.details.setCurrentWidget(self.category_panel)
        else:
            self.details.setCurrentWidget(self.nothing)
        self.update_actions()

    def update_actions(self) -> None:
        """Enable what applies to the current tree item."""
        record = self.current_record()
        index = self.tree.currentIndex().siblingAtColumn(0)
        row = index.row() if index.isValid() else -1
        rows = self.proxy.rowCount(index.parent()) if index.isValid() else 0
        movable = isinstance(record, Competency | Category) and not self.search.text().strip()
        empty_category = (
            isinstance(record, Category)
            and (item := self.model.category_item(record.id)) is not None
            and item.rowCount() == 0
        )
        # On a shared database only an admin may change the framework (the database says
        # so too): the edits are disabled, with the reason where the user looks.
        reason = self.ctx.access.admin_reason("change the framework") if self.ctx.db else None
        self.tools.update(
            up=movable and row > 0,
            down=movable and 0 <= row < rows - 1,
            removable=isinstance(record, Competency) or empty_category,
            empty_category=empty_category,
            refused=reason,
        )
        if reason is not None:
            self.details.setEnabled(False)
            self.details.setToolTip(reason)

    # -- requests from the panels ----------------------------------------------------------
    def _on_comp(self, command: object, *args: object) -> None:
        record = self.current_record()
        if isinstance(record, Competency):
            command(self.ctx, self, record, *args)  # type: ignore[operator]
            self._show_current()  # a refused change: show the stored values again

    def _target_requested(self, role_id: int, seniority: str, level: object) -> None:
        record, role = self.current_record(), next((r for r in self.roles if r.id == role_id), None)
        if isinstance(record, Competency) and role is not None:
            commands.set_target(self.ctx, self, record, role, seniority, level)  # type: ignore[arg-type]

    def _rename_requested(self, kind: str, item_id: int, name: str) -> None:
        if kind == "competency":
            item = self.model.competency_item(item_id)
            if item is not None:
                commands.rename(self.ctx, self, item.data(RecordRole), name)
        else:
            item = self.model.category_item(item_id)
            if item is not None:
                commands.rename_category(self.ctx, self, item.data(RecordRole), name)

    def _rename_category(self, name: str) -> None:
        record = self.current_record()
        if isinstance(record, Category):
            commands.rename_category(self.ctx, self, record, name)
            self._show_current()
