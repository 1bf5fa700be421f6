"""Open the database the app works on."""

from __future__ import annotations

import os
from pathlib import Path

from skillmatrix.core.errors import DatabaseError
from skillmatrix.store.database import Database

ENV_VAR = "SKILLMATRIX_DB"


def resolve_target(target: str | os.PathLike[str] | None) -> str | Path:
    """The database to open: ``target``, else ``$SKILLMATRIX_DB``, else the default file."""
    if target is None or str(target) == "":
        target = os.environ.get(ENV_VAR) or None
    if target is None:
        # Imported here: paths pulls in platformdirs, which only this fallback needs.
        from skillmatrix.paths import default_database_path

        return Path(default_database_path())
    if isinstance(target, str) and "://" in target:
        return target
    return Path(target).expanduser()


def open_database(
    target: str | os.PathLike[str] | None = None,
    *,
    backup_dir: str | os.PathLike[str] | None = None,
    create: bool = True,
) -> Database:
    """Open (creating or upgrading as needed) a SkillMatrix database.

    Args:
        target: a file path or SQLAlchemy URL; None means ``$SKILLMATRIX_DB`` or, failing
            that, ``skillmatrix.paths.default_database_path()``.
        backup_dir: where to put the backup made before an upgrade (default: a
            ``backups`` folder next to the file).
        create: make the database when it is missing or empty (``Database.created`` then
            says so); False (reading commands) refuses such a target and leaves it as is.

    Raises:
        DatabaseError: it cannot be opened (the one-line message names it).
    """
    resolved = resolve_target(target)
    if isinstance(resolved, Path) and create:
        try:
            resolved.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"cannot create the folder for {resolved}: {exc.strerror or exc}"
            ) from None
    return Database(resolved, backup_dir=backup_dir, create=create)
