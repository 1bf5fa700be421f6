"""Damaged databases and oversized files through the command line: one line, nothing written."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skillmatrix.cli import main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database written by another process (so all of it is in the main file)."""
    db = tmp_path_factory.mktemp("hostile") / "demo.db"
    args = ["demo", "--db", str(db), "--people", "8", "--teams", "2", "--cycles", "2"]
    env = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}
    subprocess.run([sys.executable, "-m", "skillmatrix", *args], check=True, env=env)
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage(data: bytes, kind: str) -> bytes:
    """The same database with stored values their columns' types refuse (same lengths)."""
    if kind == "date":  # every timestamp loses a digit: "Invalid isoformat string"
        return re.sub(rb"(\d{4}-\d\d-\d\d \d\d:\d)\d(:\d\d)", rb"\1 \2", data)
    assert b"Principal" in data
    return data.replace(b"Principal", b"Pzincipal")  # not a Seniority


@pytest.mark.parametrize("kind", ["date", "seniority"])
@pytest.mark.parametrize("command", ["summary", "import", "export"])
def test_stored_values_that_cannot_be_read_say_the_database_is_damaged(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, command: str
) -> None:
    db = tmp_path / "damaged.db"
    db.write_bytes(_damage(demo_db.read_bytes(), kind))
    csv = tmp_path / "ratings.csv"
    csv.write_text("Name,New skill\nNew person,3\n")
    args = {
        "summary": ["summary"],
        "import": ["import", str(csv)],
        "export": ["export", "-o", str(tmp_path / "r.xlsx")],
    }[command]
    before = _digest(db)
    capsys.readouterr()
    code = main([*args, "--db", str(db)])
    err = capsys.readouterr().err.strip()
    if kind == "date" and command != "import":  # these never load a timestamp
        assert code == 0, err
        return
    assert code == 1
    assert "\n" not in err and "unexpected" not in err, err
    assert err.startswith("skillmatrix: error: ") and "is damaged" in err, err
    assert _digest(db) == before


def test_a_damaged_seniority_refuses_every_command_and_writes_nothing(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "damaged.db"
    db.write_bytes(_damage(demo_db.read_bytes(), "seniority"))
    before = _digest(db)
    for args in (["summary"], ["export", "-o", str(tmp_path / "r.xlsx")]):
        assert main([*args, "--db", str(db)]) == 1
        assert "is damaged: a stored value cannot be read" in capsys.readouterr().err
    assert _digest(db) == before


def test_import_limits_are_named_and_can_be_lifted(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.db"
    shutil.copy(demo_db, db)
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Python\n" + "".join(f"Newcomer {i},2\n" for i in range(1_030)))
    before = _digest(db)
    capsys.readouterr()
    assert main(["import", str(csv), "--db", str(db), "--max-people", "1000"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        "skillmatrix: error: people.csv: has more than the limit of 1,000 people "
        "(raise it with --max-people)"
    )
    assert _digest(db) == before
    assert main(["import", str(csv), "--db", str(db), "--max-people", "1030", "--dry-run"]) == 0
    assert "ratings: 1030 new" in capsys.readouterr().out


def test_wide_file_names_max_competencies(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "wide.csv"
    csv.write_text("Name," + ",".join(f"S{k}" for k in range(40)) + "\nAnn," + "2," * 39 + "2\n")
    capsys.readouterr()
    assert main(["import", str(csv), "--db", str(demo_db), "--max-competencies", "10"]) == 1
    err = capsys.readouterr().err
    assert "more than the limit of 10 competencies" in err and "--max-competencies" in err
    code = main(["import", str(csv), "--db", str(demo_db), "--max-competencies", "40", "--dry-run"])
    assert code == 0
