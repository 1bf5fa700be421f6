"""Where SkillMatrix keeps its files by default (platform conventions via platformdirs).

And which database a command or the app works on.

platformdirs is imported when a folder is asked for: naming the database the user chose
(``--db``, ``$SKILLMATRIX_DB``) needs no folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "SkillMatrix"
DB_ENV_VAR = "SKILLMATRIX_DB"


def data_dir() -> Path:
    """The folder SkillMatrix keeps its data in (platform conventions)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    """The database file used when none is named."""
    return data_dir() / "skillmatrix.db"


def backups_dir() -> Path:
    """The folder of the backups made before upgrades."""
    return data_dir() / "backups"


def log_dir() -> Path:
    """The folder of the log files."""
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def chosen_database(explicit: str | os.PathLike[str] | None) -> str | None:
    """The database the user named: ``explicit`` (``--db``) if given, else ``$SKILLMATRIX_DB``.

    None when neither names one (the caller's default applies: the default file for
    commands, the last database for the app).

    The one rule for both: surrounding whitespace is never part of the name, and a blank
    value names nothing (``--db ""`` falls back to the variable, a blank variable to the
    default).
    """
    for value in (explicit, os.environ.get(DB_ENV_VAR)):
        text = os.fspath(value).strip() if value is not None else ""
        if text:
            return text
    return None


def database_target(explicit: str | os.PathLike[str] | None) -> str:
    """The database to use: ``--db`` if given, else $SKILLMATRIX_DB, else the default file."""
    return chosen_database(explicit) or os.fspath(default_database_path())
