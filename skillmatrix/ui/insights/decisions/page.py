"""What every decision page shares.

A computation in a worker thread for the scope on screen, with only the latest request's
result shown, and a status line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from skillmatrix.ui.latest import LatestOnly, one_line

#: What a page shows while it computes.
WORKING = "Working it out…"


class DecisionPage(QWidget):
    """A tab of the Insights view computed for (database, cycle id, team).

    Subclasses build their widgets in ``__init__`` (cheap), and implement
    :meth:`work` (runs in the thread: no widgets there) and :meth:`show_result`.
    """

    title = ""

    def __init__(self, ctx: Any, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.ctx = ctx
        self.worker = LatestOnly(self)
        self.worker.ready.connect(self._on_ready)
        self.worker.failed.connect(self._on_failed)
        self.status = QLabel()
        self.status.setObjectName(f"{name}Status")
        self.status.setWordWrap(True)
        self.body = QVBoxLayout(self)
        self.shown: object = None  # the token of what is on screen
        self.scope: tuple[int | None, str | None] = (None, None)
        self.version = 0
        self.result: Any = None

    def refresh(self, cycle_id: int | None, team: str | None, version: int) -> None:
        """Compute for this scope unless it is already shown (or being computed)."""
        self.scope = (cycle_id, team)
        self.version = version
        token = (cycle_id, team, version, self.options())
        if token in (self.shown, self.worker.latest):
            return
        self.status.setText(WORKING)
        db = self.ctx.db
        options = self.options()
        self.worker.submit(lambda: self.work(db, cycle_id, team, options), token)

    def recompute(self) -> None:
        """The page's own options changed: compute again for the same scope."""
        self.refresh(*self.scope, self.version)

    def options(self) -> tuple[Any, ...]:
        """What the user chose on the page that changes the computation (a token part)."""
        return ()

    def work(
        self, db: Any, cycle_id: int | None, team: str | None, options: tuple[Any, ...]
    ) -> Any:
        """Compute the page's result off the UI thread (each page defines it)."""
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        """Show a computed result (each page defines it)."""
        raise NotImplementedError

    def _on_ready(self, result: Any, token: object) -> None:
        self.shown = token
        self.result = result
        self.status.setText("")
        self.show_result(result)

    def _on_failed(self, error: Exception, token: object) -> None:
        self.shown = token
        self.status.setText(f"Could not work this out: {one_line(error)}")
