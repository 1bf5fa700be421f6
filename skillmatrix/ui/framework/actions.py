"""The Framework view's edits: the toolbar actions, and applying stored changes in place.

The base class of :class:`~skillmatrix.ui.framework.view.FrameworkView`: it declares the
widgets and selection methods it uses, which the view makes and implements. Its
``apply_*`` methods are the ``commands.FrameworkUi`` protocol the undoable commands call
after each change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QInputDialog, QSplitter, QStackedWidget, QTreeView, QWidget

from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Competency, Role
from skillmatrix.services import framework_edit, frameworks
from skillmatrix.store.records import Category
from skillmatrix.ui.dialogs.confirm import confirm
from skillmatrix.ui.framework import commands, load

if TYPE_CHECKING:
    from skillmatrix.services.restore import DeletedCompetency
    from skillmatrix.ui.context import AppContext
    from skillmatrix.ui.empty import EmptyState
    from skillmatrix.ui.framework.detail import CompetencyDetail
    from skillmatrix.ui.framework.model import FrameworkModel


class FrameworkActions(QWidget):
    """Toolbar actions and in-place updates, for the Framework view."""

    ctx: AppContext
    model: FrameworkModel
    roles: list[Role]
    # The view's widgets (made in FrameworkView.__init__).
    proxy: QSortFilterProxyModel
    tree: QTreeView
    detail: CompetencyDetail
    splitter: QSplitter
    empty: EmptyState
    pages: QStackedWidget

    # -- what the view provides --------------------------------------------------------------
    def reload(self) -> None:
        """Read the framework again and show it."""
        raise NotImplementedError

    def current_record(self) -> Competency | Category | None:
        """The competency or category of the current tree row."""
        raise NotImplementedError

    def select_competency(self, competency_id: int) -> None:
        """Make ``competency_id`` the current row."""
        raise NotImplementedError

    def _current(self) -> tuple[str, int] | None:
        raise NotImplementedError

    def _select(self, item: QStandardItem | None) -> None:
        raise NotImplementedError

    def _show_current(self) -> None:
        raise NotImplementedError

    def _changed(self) -> None:
        raise NotImplementedError

    # -- the FrameworkUi protocol: apply stored changes ------------------------------------
    def apply_competency(self, comp: Competency) -> None:
        """Show an edited competency's new fields."""
        self.model.update_competency(comp)
        current = self.current_record()
        if isinstance(current, Competency) and current.id == comp.id:
            self._show_current()
        self._changed()

    def apply_moved(self, comp: Competency) -> None:
        """Show a competency at its new position and select it."""
        self.model.move_competency(comp.id, comp.position)
        self.model.update_competency(comp)
        self.select_competency(comp.id)
        self._changed()

    def apply_added(self, comp: Competency) -> None:
        """Show an added competency (reloading the tree when its category is new) and select it."""
        if self.model.add_competency(comp) is None:
            self.reload()  # its category is new to the tree
        self.pages.setCurrentWidget(self.splitter)
        self.tree.expandAll()
        self.select_competency(comp.id)
        self._changed()

    def apply_removed(self, competency_id: int, category_id: int | None = None) -> None:
        """Take a removed competency (and its category, when given) out of the tree."""
        self.model.remove_competency(competency_id)
        if category_id is not None:
            self.model.remove_category(category_id)
        self._show_current()
        self._changed()

    def apply_role(self, role: Role) -> None:
        """Show a role's changed targets."""
        self.roles = [role if r.id == role.id else r for r in self.roles]
        self.detail.set_role(role)
        self._changed()

    def apply_category(self, category: Category) -> None:
        """Show an added or changed category in its place."""
        if self.model.category_item(category.id) is None:
            item = self.model.add_category(category)
            # A category put back in the middle may have moved the others' positions.
            for stored in self.ctx.call(frameworks.list_categories, quiet=True) or []:
                self.model.update_category(stored)
            self._select(item)
            self.pages.setCurrentWidget(self.splitter)
        else:
            self.model.update_category(category)
        self._show_current()
        self._changed()

    def apply_category_removed(self, category_id: int) -> None:
        """Take a removed category out of the tree (the empty page when none is left)."""
        self.model.remove_category(category_id)
        if self.model.category_count() == 0:
            self.pages.setCurrentWidget(self.empty)
        self._show_current()
        self._changed()

    def apply_category_order(self, categories: list[Category]) -> None:
        """Put the categories in their new order, keeping the current item."""
        keep = self._current()
        self.model.order_categories([c.id for c in categories])
        for category in categories:
            self.model.update_category(category)
        if keep is not None and keep[0] == "category":
            self._select(self.model.category_item(keep[1]))
        self._changed()

    def apply_reload(self) -> None:
        """Read the whole framework again."""
        self.reload()
        self._changed()

    # -- toolbar actions -------------------------------------------------------------------
    def add_category(self) -> Category | None:
        """Ask for a name and add a category (undoable); None when cancelled."""
        name, ok = QInputDialog.getText(self, "Add category", "Category name:")
        return commands.add_category(self.ctx, self, name.strip()) if ok and name.strip() else None

    def add_competency(self) -> Competency | None:
        """Ask for a name and add a competency to the current category (undoable)."""
        record = self.current_record()
        category = (
            record.name
            if isinstance(record, Category)
            else record.category
            if isinstance(record, Competency)
            else ""
        )
        if not category:
            category, ok = QInputDialog.getText(self, "Add competency", "Category:")
            if not ok or not category.strip():
                return None
        name, ok = QInputDialog.getText(self, "Add competency", f"New competency in {category}:")
        if not ok or not name.strip():
            return None
        return commands.add_competency(self.ctx, self, name.strip(), category.strip())

    def move_current(self, step: int) -> None:
        """Move the current competency or category up (-1) or down (+1)."""
        index = self.tree.currentIndex().siblingAtColumn(0)
        record = self.current_record()
        if not index.isValid() or record is None:
            return
        source = self.proxy.mapToSource(index)
        row, rows = source.row(), self.model.rowCount(source.parent())
        if not 0 <= row + step < rows:
            return
        if isinstance(record, Competency):
            commands.move(self.ctx, self, record, row, row + step)
        else:
            commands.move_category(self.ctx, self, record, row, row + step)

    def remove_current(self) -> DeletedCompetency | Category | None:
        """Remove the current competency or empty category; both are undoable.

        A competency is removed after a confirmation naming its ratings count.
        """
        record = self.current_record()
        if isinstance(record, Category):
            return commands.remove_category(self.ctx, self, record)
        if not isinstance(record, Competency):
            return None
        count = self.ctx.call(framework_edit.count_competency_ratings, competency=record.id)
        if count is None:
            return None
        ratings = "no ratings" if count == 0 else f"{count} rating{'s' if count != 1 else ''}"
        if not confirm(
            self,
            "Remove competency",
            f"Remove {record.name} and {ratings}?",
            "Remove",
            detail="Its targets, coverage rule and level descriptions go too"
            + (f"; its {ratings} in every cycle, closed ones included, go with it" if count else "")
            + ". Edit › Undo puts everything back.",
            destructive=True,
        ):
            return None
        return commands.remove_competency(self.ctx, self, record)

    def install_framework(self, fw: Framework) -> bool:
        """Install ``fw`` after a confirmation when it would clear work; True when installed."""
        # Loading is not undoable and clears the undo history: ask unless nothing is lost.
        has_content = self.model.competency_count() > 0 or self.ctx.undo_stack.count() > 0
        if not load.install(self.ctx, self, fw, ask=has_content):
            return False
        self.apply_reload()
        return True
