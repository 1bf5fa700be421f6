"""Pages of the main window whose content is imported and built the first time they show.

Insights pulls in matplotlib and Reports openpyxl; importing them only when the page opens
keeps start-up fast. A view whose module is not part of this build yet (or fails to build)
gets a friendly placeholder instead of taking the window down.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from skillmatrix.ui.context import AppContext
from skillmatrix.ui.empty import EmptyState

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """One main-window view.

    Attributes:
        key: stable id ("team"), used in settings and ``AppContext.showView``.
        title: sidebar and menu text.
        icon: icon name in ``resources/icons``.
        module: package that exports ``cls`` (or has it in ``<module>.view``).
        cls: the view class, built as ``cls(ctx, parent)``.
        description: one line for tooltips and accessibility.
    """

    key: str
    title: str
    icon: str
    module: str
    cls: str
    description: str


def _import_view(spec: ViewSpec) -> type[QWidget] | None:
    """The view class, or None when its package is not in this build yet."""
    for name in (spec.module, f"{spec.module}.view"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # Only "this view is not written yet" is quiet; a missing dependency is a bug.
            if exc.name is not None and spec.module.startswith(exc.name):
                return None
            if exc.name == name:
                continue
            raise
        view = getattr(module, spec.cls, None)
        if view is not None:
            return view
    return None


class LazyPage(QWidget):
    """A stack page that builds its view on first show.

    Signals:
        built(QWidget): the content was created (the view or a placeholder).
    """

    built = Signal(QWidget)

    def __init__(self, ctx: AppContext, spec: ViewSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.content: QWidget | None = None
        self.setObjectName(f"{spec.key}View")
        self.setAccessibleName(f"{spec.title} view")
        self.setAccessibleDescription(spec.description)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self.content is not None

    def ensure_built(self) -> QWidget:
        """Build the content now if it is not built yet; returns it."""
        if self.content is None:
            self.content = self._create()
            self.layout().addWidget(self.content)
            self.content.show()  # the layout would only show it on the next event loop turn
            self.setFocusProxy(self.content)
            self.built.emit(self.content)
        return self.content

    def _create(self) -> QWidget:
        try:
            view = _import_view(self.spec)
            if view is None:
                return EmptyState(
                    f"The {self.spec.title} view is on its way",
                    f"{self.spec.description}\nThis view is not part of this build yet.",
                    parent=self,
                )
            return view(self.ctx, self)
        except Exception as exc:  # one broken view must not take the window down
            log.error("could not build the %s view:\n%s", self.spec.key, traceback.format_exc())
            return EmptyState(
                f"{self.spec.title} could not be opened",
                f"{type(exc).__name__}: {exc}",
                parent=self,
            )

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)

    def focus_find(self) -> bool:
        """Ask the view to focus its search box; False when it has none."""
        finder = getattr(self.content, "focus_find", None)
        if callable(finder):
            finder()
            return True
        return False

    def focus_content(self) -> None:
        if self.content is not None:
            self.content.setFocus(Qt.FocusReason.ShortcutFocusReason)
