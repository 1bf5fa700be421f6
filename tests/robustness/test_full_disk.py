"""Export, forms and database writes onto a really full disk (a small tmpfs, see small_disk).

Each ends with exit 1 and one line saying "the disk is full": no traceback after it (the
ZipFile's destructor used to print one), no ``.~*.part`` file left, and a database that
was being written is unchanged and passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from small_disk import SmallDisk, small_disk


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("disk")
    db = folder / "demo.db"
    done = SmallDisk(folder, folder).run("demo", "--db", str(db))
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """200 KiB: the report (about 700 KiB) and 40 forms do not fit."""
    with small_disk(tmp_path / "full") as mounted:
        yield mounted


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".~*.part")) + sorted(folder.glob(".~*.xlsx.part"))


def test_export_onto_a_full_disk(demo_db: Path, disk: SmallDisk) -> None:
    out = disk.inside / "report.xlsx"
    result = disk.run("export", "--db", str(demo_db), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr == f"skillmatrix: error: cannot write {out}: the disk is full\n"
    assert list(disk.outside.iterdir()) == []  # no report, no part file


def test_forms_onto_a_full_disk(demo_db: Path, disk: SmallDisk) -> None:
    result = disk.run("forms", "--db", str(demo_db), "-o", str(disk.inside))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr  # nothing after the error
    assert "the disk is full" in lines[0] and "forms were written" in lines[0]
    assert _parts(disk.outside) == []
    written = sorted(disk.outside.glob("*.xlsx"))
    assert written and f"({len(written)} of 40 forms were written)" in lines[0]


def _content(path: Path) -> tuple[list[tuple], list[str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchall(), list(con.iterdump())
    finally:
        con.close()


def _big_import(folder: Path) -> Path:
    rows = ["Name,Team,API design,Testing,Databases,Security,Cloud,Go"]
    rows += [f"Person {i},Team {i % 7},{i % 5},1,2,3,4,0" for i in range(3000)]
    path = folder / "big.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("leave", [64 * 1024, 0], ids=["almost_full", "full"])
def test_database_writes_onto_a_full_disk_change_nothing(tmp_path: Path, leave: int) -> None:
    with small_disk(tmp_path / "full", "1m") as disk:
        _writes_change_nothing(disk, tmp_path, leave)


def _writes_change_nothing(disk: SmallDisk, tmp_path: Path, leave: int) -> None:
    db = disk.inside / "skills.db"
    made = disk.run("init", "--db", str(db))
    assert made.returncode == 0, made.stderr
    started = disk.run("cycle", "start", "2026-Q3", "--db", str(db))
    assert started.returncode == 0, started.stderr
    before = _content(disk.outside / "skills.db")
    assert before[0] == [("ok",)]
    disk.fill(leave)
    writes = [("import", str(_big_import(tmp_path)), "--db", str(db), "--cycle", "2026-Q3")]
    if leave == 0:  # a new cycle is a small write: it fits in the almost full disk
        writes.append(("cycle", "start", "2026-Q4", "--db", str(db)))
    for args in writes:
        result = disk.run(*args)
        assert result.returncode == 1, (args, result.stdout)
        assert result.stderr == f"skillmatrix: error: cannot write {db}: the disk is full\n", args
    (disk.outside / "filler").unlink()  # (reading a WAL file needs room for its -shm)
    assert _content(disk.outside / "skills.db") == before  # unchanged and intact
    assert _parts(disk.outside) == []


@pytest.mark.parametrize("command", ["init", "import"])
def test_a_new_database_that_does_not_fit_leaves_no_file(
    disk: SmallDisk, tmp_path: Path, command: str
) -> None:
    db = disk.inside / "skills.db"
    args = ["init"] if command == "init" else ["import", str(_big_import(tmp_path))]
    result = disk.run(*args, "--db", str(db))
    assert result.returncode == 1
    assert result.stderr == f"skillmatrix: error: cannot write {db}: the disk is full\n"
    assert list(disk.outside.iterdir()) == []


def test_an_io_error_on_a_nearly_full_disk_reads_disk_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from skillmatrix.store import errors

    name = str(tmp_path / "skills.db")
    total = 10 * 2**30
    monkeypatch.setattr(
        errors.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(total, total, 4096)
    )
    assert errors.describe_driver_message("disk I/O error", name) == (
        f"cannot write {name}: the disk is full"
    )
    monkeypatch.setattr(
        errors.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(total, 0, total)
    )
    assert errors.describe_driver_message("disk I/O error", name) == (
        f"database error in {name}: disk I/O error"
    )
