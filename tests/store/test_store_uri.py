"""SQLite file URIs: escaping, and network paths that ``Path.as_uri()`` gets wrong."""

from __future__ import annotations

import sqlite3
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from skillmatrix.store.uri import sqlite_uri


def test_posix_paths_and_escaping() -> None:
    assert sqlite_uri(PurePosixPath("/tmp/a b/x.db")) == "file:///tmp/a%20b/x.db"
    assert (
        sqlite_uri(PurePosixPath("/d/#1 %?/ü.db"), mode="ro")
        == "file:///d/%231%20%25%3F/%C3%BC.db?mode=ro"
    )


def test_windows_drive_and_network_paths() -> None:
    assert sqlite_uri(PureWindowsPath(r"C:\Users\ann\skills.db"), mode="rw") == (
        "file:///C:/Users/ann/skills.db?mode=rw"
    )
    # Empty authority, the server in the path: SQLite refuses file://server/...
    assert sqlite_uri(PureWindowsPath(r"\\server\team\skills.db"), immutable="1") == (
        "file:////server/team/skills.db?immutable=1"
    )


def test_sqlite_opens_what_it_names(tmp_path: Path) -> None:
    folder = tmp_path / "weird #1 %20 ?x ü"
    folder.mkdir()
    path = folder / "a#b%c.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
    finally:
        conn.close()
    with pytest.raises(sqlite3.OperationalError, match="unable to open"):
        sqlite3.connect(sqlite_uri(folder / "missing.db", mode="rw"), uri=True)
    assert not (folder / "missing.db").exists()
