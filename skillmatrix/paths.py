"""Where SkillMatrix keeps its files by default (platform conventions via platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "SkillMatrix"
DB_ENV_VAR = "SKILLMATRIX_DB"


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    return data_dir() / "skillmatrix.db"


def backups_dir() -> Path:
    return data_dir() / "backups"


def log_dir() -> Path:
    return user_log_path(APP_NAME, appauthor=False)


def database_target(explicit: str | os.PathLike[str] | None) -> str:
    """The database to use: ``--db`` if given, else $SKILLMATRIX_DB, else the default file."""
    if explicit:
        return os.fspath(explicit)
    env = os.environ.get(DB_ENV_VAR, "").strip()
    if env:
        return env
    return os.fspath(default_database_path())
