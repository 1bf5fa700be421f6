"""Files SkillMatrix must not open are refused with one line and left byte-for-byte intact."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import fingerprint

from skillmatrix.core.errors import DatabaseError
from skillmatrix.store.database import Database


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text_file(path: Path) -> None:
    path.write_text("name,level\nAnn,3\n")


def _damaged_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(2000)])
    con.commit()
    con.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = os.urandom(3996)  # the schema page, after the valid header
    path.write_bytes(bytes(data))


def _foreign_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.execute("INSERT INTO invoices (total) VALUES (12.5)")
    con.commit()
    con.close()


def _foreign_wal_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()


def _other_app_marker(path: Path) -> None:
    Database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE skillmatrix_meta SET app = 'someone-else'")
    con.commit()
    con.close()


def _no_version(path: Path) -> None:
    Database(path).close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE alembic_version")
    con.commit()
    con.close()


def _newer_revision(path: Path) -> None:
    Database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "random bytes": (_random_bytes, "not an SQLite file"),
    "text file": (_text_file, "not an SQLite file"),
    "damaged sqlite": (_damaged_sqlite, "damaged"),
    "foreign sqlite": (_foreign_sqlite, "another app"),
    "foreign sqlite in WAL mode": (_foreign_wal_sqlite, "another app"),
    "other app marker": (_other_app_marker, "no SkillMatrix marker"),
    "no schema version": (_no_version, "no schema version"),
    "newer revision": (_newer_revision, "newer SkillMatrix"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refused_and_untouched(tmp_path: Path, case: str) -> None:
    make, expected = CASES[case]
    path = tmp_path / "other.db"
    make(path)
    # Make any write visible in the mtime even on coarse file systems.
    old = time.time() - 3600
    os.utime(path, (old, old))
    before = fingerprint(path)
    with pytest.raises(DatabaseError, match=expected) as info:
        Database(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert fingerprint(path) == before
    assert not (tmp_path / "backups").exists()


def test_unreadable_path_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    with pytest.raises(DatabaseError, match="cannot read"):
        Database(folder)
