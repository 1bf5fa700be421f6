"""A new, empty database opens on a guided start: framework, people, first cycle.

Not on the view used last with another database.
"""

from __future__ import annotations

from pathlib import Path

from skillmatrix.core.frameworks import find_framework
from skillmatrix.services import frameworks, people
from skillmatrix.ui import cycle_actions, settings
from skillmatrix.ui.main_window import MainWindow


def _open(qtbot, target: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(welcome=False)  # as ``ui.run`` starts
    qtbot.addWidget(window)
    window.show()
    window.open_initial(str(target))
    return window


def _steps(window: MainWindow) -> dict[str, str]:
    return {key: label.text() for key, label in window.guide.labels.items()}


def test_an_empty_database_guides_framework_people_then_first_cycle(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.set_last_view("insights")  # what the last database was left on
    window = _open(qtbot, tmp_path / "new.db")
    ctx = window.ctx
    assert ctx.db is not None
    assert window.current_view() == "framework"
    assert window.guide.isVisible() and window.guide.step == "framework"
    assert window.guide.button.text() == "Load a framework…"

    frameworks.install_framework(ctx.db, find_framework("Backend Engineer"))
    ctx.frameworkChanged.emit()  # as the Framework view's Load does
    assert window.guide.step == "people"
    assert window.current_view() == "team"  # on to where people are added
    assert _steps(window)["framework"].startswith("✓")
    assert window.guide.button.text() == "Add a person…"

    people.add_person(ctx.db, name="Ada", team="Core", role="Backend Engineer")
    ctx.peopleChanged.emit()
    assert window.guide.step == "cycle"
    assert window.current_view() == "team"  # adding more people is still one click away
    assert window.guide.button.text() == "Start the first cycle…"
    assert window.acts.start_cycle.text().replace("&", "") == "Start First Cycle…"

    dialog = cycle_actions.start_dialog(window)
    assert dialog is not None and dialog.windowTitle() == "Start the first cycle"
    task = cycle_actions.start_cycle(
        window, name=dialog.name.text(), carry_forward=False, close_previous=False
    )
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    assert window.guide.step is None and not window.guide.isVisible()
    assert window.current_view() == "assess"  # set up: ready to rate
    grid = window.page("assess").content.grid
    qtbot.waitUntil(lambda: grid.model().rowCount() == 1)
    window.close()
    ctx.db.close()


def test_a_database_that_is_set_up_opens_on_the_last_view(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.services.database import open_database

    with open_database(db_path) as db:
        people.add_person(db, name="Ada", team="Core", role="Backend Engineer")
    settings.set_last_view("insights")
    window = _open(qtbot, db_path)
    assert window.current_view() == "insights"
    assert window.guide.step is None and not window.guide.isVisible()
    window.close()
    window.ctx.db.close()


def test_the_next_cycle_dialog_keeps_its_title(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, db_path)
    dialog = cycle_actions.start_dialog(window)
    assert dialog is not None and dialog.windowTitle() == "Start next cycle"
    window.close()
    window.ctx.db.close()


def test_insights_on_an_empty_database_points_to_the_cycle_menu(tmp_path: Path) -> None:
    from skillmatrix.services.database import open_database
    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.ui.insights.charts import ChartInput, empty_message

    with open_database(tmp_path / "empty.db") as db:
        snap = load_snapshot(db)
    text = empty_message("heatmap", ChartInput(snap), {})
    assert "Cycle ›" in text and "in Assess" not in text
