"""One database-target resolver (skillmatrix.paths) for the command line, services and app.

``--db``, else ``$SKILLMATRIX_DB``, else the default; surrounding whitespace is never part
of a name and a blank value names nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from skillmatrix import paths
from skillmatrix.core.errors import ValidationError

ENV = paths.DB_ENV_VAR


@pytest.fixture
def default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default database file, in the test's folder (never the user's data folder)."""
    path = tmp_path / "data" / "skillmatrix.db"
    monkeypatch.setattr(paths, "default_database_path", lambda: path)
    monkeypatch.delenv(ENV, raising=False)
    return path


def test_db_beats_the_variable_which_beats_the_default(
    default: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert paths.database_target(None) == str(default)
    assert paths.chosen_database(None) is None
    monkeypatch.setenv(ENV, "/srv/env.db")
    assert paths.database_target(None) == "/srv/env.db"
    assert paths.database_target("/srv/flag.db") == "/srv/flag.db"
    assert paths.database_target(Path("/srv/path.db")) == "/srv/path.db"


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        (None, "  /srv/env.db \n", "/srv/env.db"),
        (None, " \t\n", "DEFAULT"),
        ("", "/srv/env.db", "/srv/env.db"),
        ("   ", "/srv/env.db", "/srv/env.db"),
        ("  /srv/flag.db ", " /srv/env.db ", "/srv/flag.db"),
        ("   ", "   ", "DEFAULT"),
        (" postgresql://db.example/skills ", None, "postgresql://db.example/skills"),
    ],
)
def test_whitespace_is_never_part_of_the_name(
    default: Path,
    monkeypatch: pytest.MonkeyPatch,
    flag: str | None,
    env: str | None,
    expected: str,
) -> None:
    if env is not None:
        monkeypatch.setenv(ENV, env)
    want = str(default) if expected == "DEFAULT" else expected
    assert paths.database_target(flag) == want
    assert paths.chosen_database(flag) == (None if expected == "DEFAULT" else expected)


def test_services_open_the_variable_s_file_without_its_whitespace(
    default: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillmatrix.services.database import open_database, resolve_target

    target = tmp_path / "env" / "team.db"
    monkeypatch.setenv(ENV, f"  {target}\n")
    assert resolve_target(None) == target
    with open_database(None) as db:
        assert db.path == target and target.exists()
    monkeypatch.setenv(ENV, "   ")
    assert resolve_target("") == default
    assert resolve_target(" ~/x.db ") == Path.home() / "x.db"


def test_server_grant_with_a_blank_variable_asks_for_the_database(
    default: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillmatrix.commands.server import run_server

    monkeypatch.setenv(ENV, "  ")
    args = argparse.Namespace(
        server_action="grant", db=None, login="ann", teams=[], admin=False, see_names=False
    )
    with pytest.raises(ValidationError, match="give the database with --db"):
        run_server(args)


def test_the_app_opens_what_the_command_line_would(
    qapp: object, default: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``skillmatrix --db " "`` (blank) falls back to the variable, stripped, as commands do."""
    from PySide6.QtCore import QCoreApplication, QTimer

    import skillmatrix.ui as ui
    from skillmatrix.ui.main_window import MainWindow

    opened: list[str | None] = []

    def record(window: MainWindow, target: str | None) -> None:
        opened.append(target)
        window.close()
        QTimer.singleShot(0, QCoreApplication.quit)

    monkeypatch.setattr(MainWindow, "open_initial", record)
    monkeypatch.delenv(ui.PROBE_VAR, raising=False)
    target = tmp_path / "env.db"
    monkeypatch.setenv(ENV, f" {target} \n")
    assert ui.run("   ") == 0
    assert opened == [str(target)]
    assert paths.database_target("   ") == str(target)
