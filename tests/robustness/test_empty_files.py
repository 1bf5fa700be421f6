"""A reading command refuses an empty file or table-less SQLite file, leaving it as it was.

A zero-byte file or a SQLite file without tables is not quietly made into a SkillMatrix
database: it is refused and left byte-identical. The commands that create a database say
that they did.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from skillmatrix.core.errors import DatabaseError
from skillmatrix.store.database import Database


def _zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _no_tables(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 7")  # writes the header page, creates no table
    con.commit()
    con.close()
    assert path.stat().st_size > 0
    return path


MAKERS = {"zero-bytes": _zero_bytes, "sqlite-without-tables": _no_tables}


def _state(path: Path) -> tuple[str, int, list[str]]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, os.stat(path).st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}
    return subprocess.run(
        [sys.executable, "-m", "skillmatrix", *args],
        capture_output=True,
        text=True,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_opening_for_reading_refuses_and_leaves_the_file_as_it_was(
    tmp_path: Path, kind: str
) -> None:
    path = MAKERS[kind](tmp_path / "team.db")
    before = _state(path)
    with pytest.raises(DatabaseError, match="not a SkillMatrix database") as info:
        Database(path, create=False)
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    assert _state(path) == before


def test_opening_a_missing_file_for_reading_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        Database(tmp_path / "nowhere.db", create=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_opening_to_create_says_it_created(tmp_path: Path, kind: str) -> None:
    path = MAKERS[kind](tmp_path / "team.db")
    with Database(path) as db:
        assert db.created


@pytest.mark.parametrize("kind", sorted(MAKERS))
@pytest.mark.parametrize(
    "command",
    [
        ["summary"],
        ["summary", "--json"],
        ["export", "-o", "{dir}/report.xlsx"],
        ["plot", "coverage", "-o", "{dir}/c.png"],
        ["forms", "-o", "{dir}/forms"],
    ],
    ids=lambda c: "-".join(c[:2]).replace("-o", "").strip("-") if isinstance(c, list) else c,
)
def test_reading_commands_refuse_in_one_line_untouched(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    path = MAKERS[kind](tmp_path / "team.db")
    out = tmp_path / "out"
    out.mkdir()
    before = _state(path)
    args = [a.replace("{dir}", str(out)) for a in command]
    result = _run(*args, "--db", str(path))
    assert result.returncode == 1, result.stdout
    assert result.stderr.count("\n") == 1 and "not a SkillMatrix database" in result.stderr
    assert _state(path) == before
    assert not [p for p in out.iterdir() if p.suffix in (".xlsx", ".png")]


def test_import_into_a_new_path_says_it_would_create_the_database(tmp_path: Path) -> None:
    csv = tmp_path / "ratings.csv"
    csv.write_text("Name,API design\nAda,3\n")
    path = tmp_path / "new.db"
    result = _run("import", str(csv), "--db", str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert f"would create the database {path}" in result.stdout
    assert not path.exists()  # a dry run leaves nothing behind
    result = _run("import", str(csv), "--db", str(path))
    assert f"created the database {path}" in result.stdout
    assert path.exists()
