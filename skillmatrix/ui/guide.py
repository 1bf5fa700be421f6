"""The guided start of a database that is not set up yet: framework, people, first cycle.

A new or empty database opens on the view of its first missing step (not the view used
last on another database), and a strip above the views shows the three steps with the
button for the current one. Finishing the framework step moves on to the Team view;
starting the first cycle ends the guide on Assess, ready to rate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.waiting import not_reentered, server_read

#: (key, title, button text, the view it happens in), in the order they are done.
STEPS = (
    ("framework", "Role framework", "Load a framework…", "framework"),
    ("people", "People", "Add a person…", "team"),
    ("cycle", "First cycle", "Start the first cycle…", "assess"),
)


def done_steps(db: Any) -> set[str]:
    """The steps ``db`` has done: "framework", "people", "cycle".

    "framework": it has competencies, "people": someone active, "cycle": a cycle exists. Two
    COUNTs and the cycle list, without the ORM.
    """
    from skillmatrix.services.reads import list_cycles
    from skillmatrix.services.snapshots import snapshot_size

    try:
        people, competencies = snapshot_size(db)
        cycles = list_cycles(db)
    except SkillMatrixError:
        return {key for key, *_ in STEPS}  # unreadable: no guide; the views say what is wrong
    found = {"framework": competencies > 0, "people": people > 0, "cycle": bool(cycles)}
    return {key for key, ok in found.items() if ok}


def next_step(done: set[str]) -> str | None:
    """The first step not done yet, or None when the database is set up."""
    return next((key for key, *_ in STEPS if key not in done), None)


def step_view(step: str) -> str:
    """The view a guide step opens."""
    return next(view for key, _t, _b, view in STEPS if key == step)


class GuideBar(QFrame):
    """The three steps with the current one's button (objectName ``guideBar``).

    Hidden once the database is set up.

    Args:
        ctx: the application context; the bar follows its database and change signals.
        actions: what each step's button does, by step key.
        show_view: switches the window to a view (for moving on after a step).
    """

    def __init__(
        self,
        ctx: AppContext,
        actions: dict[str, Callable[[], object]],
        show_view: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("guideBar")
        self.setAccessibleName("Getting started")
        # A palette role, not a style sheet: it follows a switch to the dark theme.
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.ctx = ctx
        self._actions = actions
        self._show_view = show_view
        self.done: set[str] = {key for key, *_ in STEPS}
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        title = QLabel("<b>Getting started</b>", self)
        row.addWidget(title)
        self.labels: dict[str, QLabel] = {}
        for n, (key, text, _button, _view) in enumerate(STEPS, start=1):
            if n > 1:
                row.addWidget(QLabel("→", self))
            label = QLabel(f"{n}. {text}", self)
            label.setObjectName(f"guideStep_{key}")
            self.labels[key] = label
            row.addWidget(label)
        row.addStretch(1)
        self.button = QPushButton(self)
        self.button.setObjectName("guideButton")
        self.button.clicked.connect(self._clicked)
        row.addWidget(self.button)
        self.hide()
        for signal in (ctx.frameworkChanged, ctx.peopleChanged, ctx.cyclesChanged):
            signal.connect(self.refresh)
        ctx.databaseChanged.connect(self._database_changed)

    @property
    def step(self) -> str | None:
        """The current step, or None when there is none (set up, or no database)."""
        return next_step(self.done)

    @not_reentered
    def _database_changed(self) -> None:
        self.done = server_read(self.ctx.db, done_steps) if self.ctx.db is not None else set()
        self._show()

    @not_reentered
    def refresh(self) -> None:
        """Re-read what is done; after a step is finished, move to where the next happens."""
        if self.ctx.db is None or self.step is None:
            return  # set up already: nothing to guide (a deleted person does not restart it)
        before = self.step
        self.done = server_read(self.ctx.db, done_steps)
        self._show()
        if before == "framework" and self.step == "people":
            self._show_view("team")  # the framework is in: people are added in Team
        elif self.step is None:
            self._show_view("assess")  # set up: ready to rate

    def _show(self) -> None:
        step = self.step
        self.setVisible(self.ctx.db is not None and step is not None)
        if step is None:
            return
        for key, label in self.labels.items():
            text = label.text().lstrip("✓ ")
            if key in self.done:
                label.setText(f"✓ {text}")
                label.setEnabled(False)
            else:
                label.setText(text)
                label.setEnabled(True)
            font = label.font()
            font.setBold(key == step)
            label.setFont(font)
        self.button.setText(next(b for k, _t, b, _v in STEPS if k == step))

    def _clicked(self) -> None:
        step = self.step
        if step is not None:
            self._show_view(step_view(step))
            self._actions[step]()


def install(window: Any, column: QWidget) -> GuideBar:
    """Put the guide above ``column``'s views in ``window`` (a MainWindow)."""

    def load_framework() -> None:
        view = window.page("framework").content
        menu = getattr(view, "load_menu", None)
        if menu is not None:
            menu.exec(bar.button.mapToGlobal(bar.button.rect().bottomLeft()))

    def add_person() -> None:
        view = window.page("team").content
        if hasattr(view, "add_person"):
            view.add_person()

    bar = GuideBar(
        window.ctx,
        {
            "framework": load_framework,
            "people": add_person,
            "cycle": lambda: window.acts.start_cycle.trigger(),  # Cycle › Start First Cycle…
        },
        window.show_view,
        column,
    )
    return bar
