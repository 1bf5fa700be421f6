"""Save a consistent copy of the open database (File › Save a Backup Copy)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from skillmatrix.core.errors import DatabaseError, ValidationError
from skillmatrix.store.database import Database
from skillmatrix.store.uri import sqlite_uri


def backup_copy(db: Database, dest: str | os.PathLike[str]) -> Path:
    """Copy the database to ``dest`` with SQLite's online backup API.

    The backup API reads through SQLite, so changes still in the ``-wal`` file are
    included and a concurrent write cannot tear the copy. The copy is written next to
    ``dest`` first and renamed into place, so a failure (disk full ...) never leaves a
    half-written file under the chosen name. The copy uses a rollback journal, so it is
    one self-contained file, fit to attach to an email.

    Returns:
        The path of the copy.

    Raises:
        ValidationError: the database is not a SQLite file, or ``dest`` is the database.
        DatabaseError: the copy could not be written (the message says why).
    """
    if db.path is None:
        raise ValidationError(f"{db.name} is not a SQLite file; back it up with its own tools")
    target = Path(dest).expanduser()
    if target.exists() and target.resolve() == db.path.resolve():
        raise ValidationError("choose another file: a backup cannot replace the database itself")
    partial = target.with_name(f".{target.name}.partial")
    try:
        source = sqlite3.connect(sqlite_uri(db.path.resolve(), mode="ro"), uri=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        reason = getattr(exc, "strerror", None) or str(exc)
        raise DatabaseError(f"could not save a copy to {target}: {reason}") from None
    return target
