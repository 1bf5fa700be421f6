"""Alembic, configured in code: revisions known to this build, stamping and upgrading.

The migration scripts ship inside the package (``skillmatrix/store/migrations``) and are
found through package-resource notation, so neither an ``alembic.ini`` nor the working
directory matters at run time.

Alembic is imported only when it is needed (stamping, upgrading, or a file at another
revision than :data:`~skillmatrix.store.revision.HEAD_REVISION`): opening a current file
does not pay for its import.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from skillmatrix.store.revision import HEAD_REVISION
from skillmatrix.store.uri import sqlite_uri

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection

SCRIPT_LOCATION = "skillmatrix.store:migrations"


def extra_version_locations() -> list[str]:
    """Folders of revision scripts beyond the shipped ones.

    Tests add one to rehearse an upgrade from an older schema.
    """
    return []


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` for the shipped migrations, optionally bound to a connection."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    extra = extra_version_locations()
    if extra:
        # Newline-separated: neither ':' (package resources) nor spaces break the split.
        cfg.set_main_option("path_separator", "newline")
        locations = [f"{SCRIPT_LOCATION}/versions", *extra]
        cfg.set_main_option("version_locations", "\n".join(locations))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    """The shipped (plus any extra) revision scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision this build knows (a single head is enforced).

    :data:`HEAD_REVISION` unless extra revision folders are in use (then Alembic reads
    the scripts).
    """
    if not extra_version_locations():
        return HEAD_REVISION
    return script_head()


def script_head() -> str:
    """The head of the revision scripts, as Alembic reads them."""
    head = script_directory().get_current_head()
    if head is None:  # pragma: no cover - the package always ships 0001
        raise RuntimeError("no Alembic revisions found in the package")
    return head


def known_revisions() -> set[str]:
    """Every revision id this build can upgrade from."""
    return {script.revision for script in script_directory().walk_revisions()}


def stamp_head(connection: Connection) -> None:
    """Record that a freshly created schema is at head (no migration runs).

    With only the shipped scripts this writes Alembic's version table itself, as
    ``alembic stamp`` would (same table, constraint and row): a new database, the demo's
    included, then does not pay 0.4-0.5 s for importing Alembic.
    """
    if extra_version_locations():
        from alembic import command

        command.stamp(alembic_config(connection), "head")
        return
    from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table

    version = Table(
        "alembic_version",
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )
    version.create(connection)
    connection.execute(version.insert().values(version_num=HEAD_REVISION))


def upgrade_head(connection: Connection) -> None:
    """Run every pending migration on ``connection`` (the caller owns the transaction)."""
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


#: Pre-upgrade backups kept per database file (older ones are removed after a new one).
KEEP_BACKUPS = 5
#: A temporary backup older than this is a leftover of a killed run, not one being written.
STALE_PARTIAL_SECONDS = 60.0


def backup_sqlite(path: Path, backup_dir: Path, revision: str) -> Path:
    """Copy a SQLite file with the online backup API before migrating it.

    The backup API reads through SQLite, so committed content still in the ``-wal`` file is
    included (a plain file copy would miss it). The source is opened read-only. The copy is
    written under a temporary name, checked (``PRAGMA integrity_check``) and only then
    renamed to its backup name, so a name that looks like a backup always is a good one:
    a copy that failed (full disk, killed process) is removed, or, if the process was
    killed, removed by the next attempt. The newest :data:`KEEP_BACKUPS` are kept.

    Returns:
        The path of the new backup file.

    Raises:
        OSError, sqlite3.Error: the copy could not be made (nothing is left behind).
    """
    backup_dir.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix or ".db"
    _remove_stale_partials(backup_dir, path.stem)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{path.stem}-backup-{stamp}-rev{revision}{suffix}"
    n = 1
    while target.exists():  # two upgrades in the same second: never overwrite a backup
        n += 1
        target = target.with_name(f"{path.stem}-backup-{stamp}-{n}-rev{revision}{suffix}")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        src = sqlite3.connect(sqlite_uri(path.resolve(), mode="ro"), uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                check = [row[0] for row in dst.execute("PRAGMA integrity_check")]
                if check != ["ok"]:
                    raise sqlite3.DatabaseError(f"the copy is damaged ({check[0]})")
            finally:
                dst.close()
        finally:
            src.close()
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())  # on disk before it carries a backup's name
        os.replace(partial, target)
    except BaseException:
        for leftover in (partial, Path(f"{partial}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    _keep_newest(backup_dir, path.stem, suffix)
    return target


def _backups_of(folder: Path, stem: str, suffix: str) -> list[Path]:
    pattern = re.compile(
        re.escape(stem) + r"-backup-\d{8}-\d{6}(-\d+)?-rev[\w.-]+?" + re.escape(suffix) + "$"
    )
    return [p for p in folder.iterdir() if pattern.match(p.name) and p.is_file()]


def _keep_newest(folder: Path, stem: str, suffix: str) -> None:
    # The names sort by time (the stamp, then the same-second counter).
    backups = sorted(_backups_of(folder, stem, suffix), key=lambda p: (p.stat().st_mtime, p.name))
    for old in backups[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            old.unlink()


def _remove_stale_partials(folder: Path, stem: str) -> None:
    now = time.time()
    for p in folder.glob(f".{glob.escape(stem)}-backup-*.partial*"):
        with contextlib.suppress(OSError):
            if now - p.stat().st_mtime > STALE_PARTIAL_SECONDS:
                p.unlink()
