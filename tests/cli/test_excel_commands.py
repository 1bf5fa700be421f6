"""export / import / forms through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}
    return subprocess.run(
        [sys.executable, "-m", "skillmatrix", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("xl") / "demo.db"
    assert run("demo", "--db", str(db), "--people", "15", "--teams", "2").returncode == 0
    return db


def _first_level_cell(ws) -> tuple[int, int, int]:
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        for cell in row:
            if isinstance(cell.value, int) and cell.column > 4 and 0 <= cell.value <= 3:
                return cell.row, cell.column, cell.value
    raise AssertionError("no level found in the Matrix sheet")


def test_export_change_one_level_import_changes_exactly_that(demo_db: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    result = run("export", "--db", str(demo_db), "-o", str(report))
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(report)
    assert {"Summary", "Matrix", "Coverage", "Gaps", "Trend", "Growth"} <= set(wb.sheetnames)
    ws = wb["Matrix"]
    row, col, value = _first_level_cell(ws)
    ws.cell(row=row, column=col, value=value + 1)
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    dry = run("import", str(edited), "--db", str(demo_db), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "0 new, 1 changed" in dry.stdout and "Dry run" in dry.stdout
    applied = run("import", str(edited), "--db", str(demo_db))
    assert applied.returncode == 0, applied.stderr
    assert "0 new, 1 changed" in applied.stdout
    again = run("import", str(edited), "--db", str(demo_db), "--dry-run")
    assert "0 new, 0 changed" in again.stdout


def test_import_of_random_bytes_is_one_line_error(demo_db: Path, tmp_path: Path) -> None:
    fake = tmp_path / "matrix.xlsx"
    fake.write_bytes(os.urandom(2048))
    result = run("import", str(fake), "--db", str(demo_db))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "matrix.xlsx" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_with_a_bad_level_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "long.csv"
    people = run("summary", "--db", str(demo_db), "--json").stdout
    data = json.loads(people)
    person = data["gaps"][0]["person"]
    comps = [row["competency"] for row in data["coverage"][:2]]
    csv.write_text(
        f"Person,Competency,Level\n{person},{comps[0]},2\n{person},{comps[1]},9\n",
        encoding="utf-8",
    )
    before = run("summary", "--db", str(demo_db), "--json").stdout
    result = run("import", str(csv), "--db", str(demo_db))
    assert result.returncode == 1
    assert "problem:" in result.stdout and "9" in result.stdout
    assert "nothing was imported" in result.stderr
    assert run("summary", "--db", str(demo_db), "--json").stdout == before


def test_forms_are_written_per_person(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "forms" / "q4"
    result = run("forms", "--db", str(demo_db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted(out.glob("*.xlsx"))
    assert len(files) == 15
    wb = openpyxl.load_workbook(files[0])
    assert any(ws.data_validations.dataValidation for ws in wb.worksheets)


def _meta(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["SkillMatrix"]
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}


def test_export_anonymize_k(demo_db: Path, tmp_path: Path) -> None:
    default = tmp_path / "anon.xlsx"
    assert run("export", "--db", str(demo_db), "--anonymize", "-o", str(default)).returncode == 0
    assert _meta(default)["k-anonymity"] == "5"
    three = tmp_path / "anon3.xlsx"
    done = run("export", "--db", str(demo_db), "--anonymize", "--k", "3", "-o", str(three))
    assert done.returncode == 0, done.stderr
    assert _meta(three)["k-anonymity"] == "3"
    summary = [
        v
        for row in openpyxl.load_workbook(three)["Summary"].iter_rows(values_only=True)
        for v in row
        if isinstance(v, str)
    ]
    assert any(t.startswith("k-anonymity, k = 3") for t in summary)
    alone = run("export", "--db", str(demo_db), "--k", "3", "-o", str(tmp_path / "x.xlsx"))
    assert alone.returncode == 1 and "--anonymize" in alone.stderr
    assert "Traceback" not in alone.stderr and not (tmp_path / "x.xlsx").exists()
    zero = run("export", "--db", str(demo_db), "--anonymize", "--k", "0", "-o", str(three))
    assert zero.returncode == 2
