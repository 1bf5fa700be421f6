"""Pages of the main window whose view is built the first time they show.

Each view's factory (``views.VIEWS``) imports its module only when called, so Insights
(matplotlib) and Reports (openpyxl) cost nothing at start-up. A view that fails to build
is reported like any other error: a one-line message on ``ctx.failed`` (the status bar)
and the traceback in the log; the page stays empty and tries again when next shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from skillmatrix.ui.context import AppContext

log = logging.getLogger(__name__)

#: Builds a view as ``factory(ctx, parent)``.
ViewFactory = Callable[[AppContext, QWidget], QWidget]


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """One main-window view.

    Attributes:
        key: stable id ("team"), used in settings and ``AppContext.showView``.
        title: sidebar and menu text.
        icon: icon name in ``resources/icons``.
        factory: builds the view; imports its module only when called.
        description: one line for tooltips and accessibility.
    """

    key: str
    title: str
    icon: str
    factory: ViewFactory
    description: str


class LazyPage(QWidget):
    """A stack page that builds its view on first show.

    Signals:
        built(QWidget): the view was created.
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
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        """True once the view is built."""
        return self.content is not None

    def ensure_built(self) -> QWidget:
        """Build the view now if it is not built yet; returns it.

        Raises whatever the view's factory raises (nothing is kept then).
        """
        if self.content is None:
            content = self.spec.factory(self.ctx, self)
            self.content = content
            self._layout.addWidget(content)
            content.show()  # the layout would only show it on the next event loop turn
            self.setFocusProxy(content)
            self.built.emit(content)
        return self.content

    def showEvent(self, event: QShowEvent) -> None:
        """Build the view when first shown; a failing build shows an error page."""
        try:
            self.ensure_built()
        except Exception as exc:  # shown as an error, never a traceback out of the event
            log.exception("could not build the %s view", self.spec.key)
            detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self.ctx.failed.emit(f"Could not open the {self.spec.title} view: {detail}")
        super().showEvent(event)

    def focus_find(self) -> bool:
        """Ask the view to focus its search box; False when it has none."""
        finder = getattr(self.content, "focus_find", None)
        if callable(finder):
            finder()
            return True
        return False

    def focus_content(self) -> None:
        """Give the view the keyboard focus."""
        if self.content is not None:
            self.content.setFocus(Qt.FocusReason.ShortcutFocusReason)
