"""Backups made before an upgrade.

A file named like a backup is always a good, complete copy (written under a temporary name,
checked, then renamed), failed ones leave nothing, only the newest few are kept, and a
read-only file gets no backup at all.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robust_helpers import make_0001_database

from skillmatrix.core.errors import DatabaseError
from skillmatrix.store import migrate
from skillmatrix.store.database import Database

PADDING_MB = 40

#: Opens (so backs up, then upgrades) the file; "go" once only the open is left to do.
UPGRADER = """
import sys
from skillmatrix.store import migrate
migrate.known_revisions()  # Alembic loaded: what follows is the open, backup first
from skillmatrix.store.database import Database
print("go", flush=True)
Database(sys.argv[1]).close()
print("done", flush=True)
"""


def _named_backups(folder: Path, stem: str = "old") -> list[Path]:
    if not folder.exists():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(f"{stem}-backup-"))


def _is_complete_copy(path: Path) -> bool:
    con = sqlite3.connect(path)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        people = con.execute("SELECT name FROM people").fetchall()
        padding = con.execute("SELECT count(*) FROM padding").fetchone()[0]
        return ok and people == [("Ann",)] and padding == PADDING_MB
    except sqlite3.Error:
        return False
    finally:
        con.close()


@pytest.fixture(scope="module")
def old_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pristine") / "old.db"
    make_0001_database(path, padding_mb=PADDING_MB)
    return path


def test_killed_upgrades_never_leave_a_broken_file_named_like_a_backup(
    tmp_path: Path, old_db: Path
) -> None:
    rnd = random.Random(13)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    backups = tmp_path / "backups"
    killed = 0
    for trial in range(16):
        path = tmp_path / "old.db"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copy(old_db, path)
        proc = subprocess.Popen(
            [sys.executable, "-c", UPGRADER, str(path)], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "go"
        time.sleep(rnd.uniform(0.0, 0.3))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait(timeout=60)
        for backup in _named_backups(backups):
            assert _is_complete_copy(backup), f"trial {trial}: {backup.name} is not a good copy"
    assert killed >= 8  # most trials really were killed part-way
    # The next upgrade clears what killed runs left under temporary names (once they are
    # old enough not to be another program's copy in progress) and keeps the newest few.
    past = time.time() - 3600
    for leftover in backups.glob(".*"):
        os.utime(leftover, (past, past))
    shutil.copy(old_db, tmp_path / "old.db")
    with Database(tmp_path / "old.db") as db:
        assert db.backup_path is not None and _is_complete_copy(db.backup_path)
    assert [p.name for p in backups.iterdir() if p.name.startswith(".")] == []
    assert 1 <= len(_named_backups(backups)) <= migrate.KEEP_BACKUPS


def test_only_the_newest_backups_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    names = []
    for n in range(migrate.KEEP_BACKUPS + 3):
        path = tmp_path / "old.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        make_0001_database(path)
        with Database(path) as db:
            assert db.backup_path is not None
            names.append(db.backup_path.name)
            os.utime(db.backup_path, (1_000_000 + n, 1_000_000 + n))  # oldest first
    kept = [p.name for p in _named_backups(folder)]
    assert kept == sorted(names[-migrate.KEEP_BACKUPS :])
    (folder / "unrelated-backup-20260101-000000-rev0001.db").write_bytes(b"x")
    (folder / "notes.txt").write_text("mine")
    make_0001_database(tmp_path / "other.db")
    Database(tmp_path / "other.db").close()
    assert (folder / "notes.txt").exists()
    assert (folder / "unrelated-backup-20260101-000000-rev0001.db").exists()


def test_a_read_only_old_file_is_refused_without_a_new_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_0001_database(path)
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        for _attempt in range(3):
            with pytest.raises(DatabaseError, match="read-only") as info:
                Database(path)
            assert "\n" not in str(info.value) and str(path) in str(info.value)
        assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_backup_that_fails_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    make_0001_database(path)
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real_connect(target, *args, **kwargs)
        if str(target).endswith(".partial"):
            conn.execute("PRAGMA max_page_count = 2")  # what a full disk looks like to SQLite
        return conn

    monkeypatch.setattr(migrate.sqlite3, "connect", connect)
    with pytest.raises(DatabaseError, match=r"backup failed \(the disk is full\)") as info:
        Database(path)
    assert "\n" not in str(info.value)
    assert list((tmp_path / "backups").iterdir()) == []
    con = real_connect(path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    finally:
        con.close()
