"""Open the database the app works on."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from skillmatrix.core.errors import DatabaseError
from skillmatrix.paths import DB_ENV_VAR, database_target
from skillmatrix.store.database import Database

ENV_VAR = DB_ENV_VAR


def resolve_target(target: str | os.PathLike[str] | None) -> str | Path:
    """The database to open: ``target``, else ``$SKILLMATRIX_DB``, else the default file.

    The default is :func:`skillmatrix.paths.database_target`; the result is a URL or an
    expanded path.
    """
    chosen = database_target(target)
    if "://" in chosen:
        return chosen
    return Path(chosen).expanduser()


def open_database(
    target: str | os.PathLike[str] | None = None,
    *,
    backup_dir: str | os.PathLike[str] | None = None,
    create: bool = True,
    password: str | None = None,
) -> Database:
    """Open (creating or upgrading as needed) a SkillMatrix database.

    Args:
        target: a file path or SQLAlchemy URL; None means ``$SKILLMATRIX_DB`` or, failing
            that, ``skillmatrix.paths.default_database_path()``.
        backup_dir: where to put the backup made before an upgrade (default: a
            ``backups`` folder next to the file).
        create: make the database when it is missing or empty (``Database.created`` then
            says so); False (reading commands) refuses such a target and leaves it as is.
        password: a server login's password for this connection only; without it the
            OS keyring's is used (``services.credentials``), else libpq's .pgpass.

    Raises:
        DatabaseError: it cannot be opened (the one-line message names it).
    """
    resolved = resolve_target(target)
    if isinstance(resolved, str):
        from skillmatrix.services.credentials import with_password

        resolved = with_password(resolved, password)
    if isinstance(resolved, Path) and create:
        try:
            resolved.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"cannot create the folder for {resolved}: {exc.strerror or exc}"
            ) from None
    return Database(resolved, backup_dir=backup_dir, create=create)


def new_file(target: str | os.PathLike[str] | None) -> Path | None:
    """The database file ``target`` names when there is none yet (missing or 0 bytes).

    Else None (an existing file, or a URL).
    """
    resolved = resolve_target(target)
    if not isinstance(resolved, Path):
        return None
    try:
        return None if resolved.stat().st_size > 0 else resolved
    except FileNotFoundError:
        return resolved
    except OSError:
        return None


def remove_database_files(path: Path) -> None:
    """Delete a database file with its SQLite side files (a half-made database)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


@contextlib.contextmanager
def discarded_on_failure(target: str | os.PathLike[str] | None) -> Iterator[Path | None]:
    """Remove a database file that an action failing inside the block created.

    Around an action that may create the database ``target``: when it fails (raises), a file
    that did not exist before is removed, with the folders made for it. Yields the new
    file's path, or None when the database already existed.
    """
    path = new_file(target)
    existed = path is not None and path.exists()
    made: list[Path] = []
    if path is not None:
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            made.append(folder)
            folder = folder.parent
    try:
        yield path
    except BaseException:
        if path is not None and not existed:
            remove_database_files(path)
            for folder in made:  # innermost first; only if still empty
                with contextlib.suppress(OSError):
                    folder.rmdir()
        raise
