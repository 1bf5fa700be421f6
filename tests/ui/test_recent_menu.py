"""File › Open Recent reopens a database file.

The window then shows it (its title, its people in the Assess grid), and the entry moves to
the top of the list.
"""

from __future__ import annotations

from pathlib import Path

from ui_helpers import choose_recent

from skillmatrix.services import cycles, people
from skillmatrix.services.database import open_database
from skillmatrix.ui import settings
from skillmatrix.ui.assess import AssessView


def _assess_shows(qtbot, window, names: set[str]) -> None:  # type: ignore[no-untyped-def]
    """The Assess grid comes to show exactly ``names`` (it loads off the UI thread)."""
    window.show_view("assess")
    view = window.page("assess").ensure_built()
    assert isinstance(view, AssessView)

    def shown() -> set[str]:
        return {view.model.person(r).name for r in range(view.model.rowCount())}

    qtbot.waitUntil(lambda: shown() == names, timeout=10000)


def test_a_recent_file_reopens_from_the_menu(qtbot, window, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with open_database(db_path) as db:
        people.add_person(db, name="Ann First", team="Core")
    other = tmp_path / "other.db"
    with open_database(other) as db:
        people.add_person(db, name="Olga Other", team="Edge")
        cycles.start_cycle(db, name="2026-Q2", carry_forward=False)
    window.ctx.refresh()
    assert window.open_database(other)
    _assess_shows(qtbot, window, {"Olga Other"})
    assert settings.recent_databases()[:2] == [str(other), str(db_path)]

    choose_recent(qtbot, window, str(db_path))

    assert window.ctx.db.name == str(db_path)
    assert window.windowTitle().startswith("team.db")
    _assess_shows(qtbot, window, {"Ann First"})
    assert settings.recent_databases()[:2] == [str(db_path), str(other)]
