"""Starting from nothing on the command line.

Init, cycle, frameworks load, and import into a database that does not exist yet. Run
in-process through ``main(argv)`` (one subprocess checks the real entry point).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from skillmatrix.cli import main
from skillmatrix.services.cycles import next_cycle_name


def sm(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILLMATRIX_DB", raising=False)


def _csv(tmp_path: Path, body: str, name: str = "ratings.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


GOOD = (
    "Name,Email,Team,API design,Testing\nAda Lovelace,ada@x.org,Core,3,2\nBo Li,bo@x.org,Core,1,\n"
)


def test_import_into_a_new_database_creates_it_and_the_named_cycle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.db"
    code, out, err = sm(
        capsys, "import", str(_csv(tmp_path, GOOD)), "--db", str(db), "--cycle", "2026-Q4"
    )
    assert code == 0, err
    assert "created cycle 2026-Q4" in out and f"created the database {db}" in out
    code, out, err = sm(capsys, "cycle", "list", "--db", str(db), "--json")
    assert code == 0, err
    assert [c["name"] for c in json.loads(out)] == ["2026-Q4"]
    code, out, _ = sm(capsys, "summary", "--db", str(db), "--json")
    assert json.loads(out)["people"] == 2


def test_import_without_a_cycle_creates_the_current_quarter_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.db"
    code, out, err = sm(capsys, "import", str(_csv(tmp_path, GOOD)), "--db", str(db))
    assert code == 0, err
    quarter = next_cycle_name(None)
    assert f"created cycle {quarter} (the database had no cycle)" in out


def test_a_dry_run_into_a_new_path_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "not" / "yet" / "new.db"
    code, out, err = sm(capsys, "import", str(_csv(tmp_path, GOOD)), "--db", str(db), "--dry-run")
    assert code == 0, err
    assert "would create the database" in out and "ratings: 3 new" in out
    assert "Dry run: nothing was changed." in out
    assert not (tmp_path / "not").exists()


def test_a_failed_import_into_a_new_path_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _csv(tmp_path, "Name,API design\nAda,9\n", "bad.csv")
    db = tmp_path / "made" / "new.db"
    code, _out, err = sm(capsys, "import", str(bad), "--db", str(db))
    assert code == 1 and "1 problem(s) found; nothing was imported" in err
    unreadable = tmp_path / "junk.xlsx"
    unreadable.write_bytes(b"not a workbook")
    code, _out, err = sm(capsys, "import", str(unreadable), "--db", str(db))
    assert code == 1 and err.count("\n") == 1
    assert not (tmp_path / "made").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "junk.xlsx"]


def test_a_failed_import_into_an_existing_database_keeps_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kept.db"
    assert sm(capsys, "init", "--db", str(db))[0] == 0
    bad = _csv(tmp_path, "Name,API design\nAda,9\n", "bad.csv")
    assert sm(capsys, "import", str(bad), "--db", str(db))[0] == 1
    assert db.exists()
    code, out, _ = sm(capsys, "cycle", "list", "--db", str(db), "--json")
    assert code == 0 and json.loads(out) == []  # the cycle went with the refused import


def test_cycle_start_close_reopen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.db"
    assert (
        sm(capsys, "import", str(_csv(tmp_path, GOOD)), "--db", str(db), "--cycle", "2026-Q3")[0]
        == 0
    )
    code, out, err = sm(
        capsys, "cycle", "start", "2026-Q4", "--db", str(db), "--carry-forward", "--close-previous"
    )
    assert code == 0, err
    assert out.strip() == (
        "Started cycle 2026-Q4, with 2026-Q3's ratings carried forward, 2026-Q3 closed."
    )
    code, out, _ = sm(capsys, "cycle", "list", "--db", str(db), "--json")
    listed = json.loads(out)
    assert [(c["name"], c["closed"], c["latest"]) for c in listed] == [
        ("2026-Q3", True, False),
        ("2026-Q4", False, True),
    ]
    assert listed[1]["starts_on"] == "2026-10-01" and listed[1]["ends_on"] == "2026-12-31"
    code, out, _ = sm(capsys, "summary", "--db", str(db), "--cycle", "2026-Q4", "--json")
    assert json.loads(out)["people"] == 2  # carried forward
    assert (
        sm(capsys, "cycle", "reopen", "2026-q3", "--db", str(db))[1] == "Cycle 2026-Q3 is open.\n"
    )
    assert (
        sm(capsys, "cycle", "close", "2026-Q3", "--db", str(db))[1] == "Cycle 2026-Q3 is closed.\n"
    )
    code, out, _ = sm(capsys, "cycle", "--db", str(db))
    assert code == 0 and out.splitlines()[1].startswith("2026-Q4") and "(latest)" in out
    code, _out, err = sm(capsys, "cycle", "start", "2026-Q4", "--db", str(db))
    assert code == 1 and "a cycle named '2026-Q4' already exists" in err
    code, _out, err = sm(capsys, "cycle", "close", "2030-Q1", "--db", str(db))
    assert code == 1 and "2030-Q1" in err


def test_reading_cycles_of_a_missing_database_creates_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "missing.db"
    code, _out, err = sm(capsys, "cycle", "list", "--db", str(db))
    assert code == 1 and "no database there yet" in err and "skillmatrix init" in err
    assert not db.exists()


def test_frameworks_load_builtin_and_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "f.db"
    code, out, err = sm(capsys, "frameworks", "load", "Backend Engineer", "--db", str(db))
    assert code == 0, err
    assert "Loaded framework Backend Engineer into new database" in out
    code, out, _ = sm(capsys, "frameworks", "load", "backend engineer", "--db", str(db))
    assert code == 0 and "(0 new," in out  # installing again changes nothing
    role = tmp_path / "role.toml"
    role.write_text(
        '[framework]\nname = "Tester"\n[[competency]]\nname = "Exploratory testing"\n'
        'category = "Skills"\ndescription = "Finds what scripts miss."\n'
        "targets = { Junior = 1, Mid = 2, Senior = 3, Staff = 3, Principal = 4 }\n",
        encoding="utf-8",
    )
    code, out, err = sm(capsys, "frameworks", "load", str(role), "--db", str(db))
    assert code == 0, err
    assert "Loaded framework Tester" in out and "(1 new, 0 shared" in out


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("Nope", "no framework named 'Nope' (built-in: Backend Engineer, Engineer, Product"),
        ("missing.xlsx", "missing.xlsx: file not found"),
        ("layout.xlsx", "layout.xlsx: is not an Excel workbook (.xlsx) or a CSV file"),
    ],
)
def test_frameworks_load_refusals_are_one_line_and_leave_no_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "layout.xlsx").write_bytes(b"PK")
    db = tmp_path / "f.db"
    code, out, err = sm(capsys, "frameworks", "load", what, "--db", str(db))
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1
    assert not db.exists()


def test_frameworks_alone_still_lists_the_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = sm(capsys, "frameworks")
    assert code == 0
    assert [line.split("  ")[0] for line in out.splitlines()] == [
        "Backend Engineer",
        "Engineer",
        "Product Engineer",
    ]


def test_init_refuses_a_database_that_holds_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "i.db"
    code, out, err = sm(capsys, "init", "--db", str(db), "--framework", "Engineer")
    assert code == 0, err
    assert out.startswith(f"Created {db} with the scale 0-4 (None, Awareness,")
    code, _out, err = sm(capsys, "init", "--db", str(db), "--scale", "1-5")
    assert code == 1 and "already exists and holds data" in err
    code, _out, err = sm(capsys, "init", "--db", str(tmp_path / "x.db"), "--scale", "0-9")
    assert code == 1 and "unknown scale '0-9'" in err
    assert not (tmp_path / "x.db").exists()


def _matrix_levels(path: Path) -> tuple[set[int], list[str]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb["Matrix"]
    rows = list(ws.iter_rows(values_only=True))
    legend = [v for v in rows[1] if isinstance(v, str) and re.fullmatch(r"\d+ [A-Za-z ]+", v)]
    levels = {v for row in rows[3:] for v in row[4:] if isinstance(v, int)}
    return levels, legend


def test_a_one_to_five_database_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "five.db"
    code, out, err = sm(
        capsys, "init", "--db", str(db), "--scale", "1-5", "--framework", "Engineer"
    )
    assert code == 0, err
    assert "scale 1-5 (Novice, Beginner, Competent, Proficient, Expert)" in out
    body = "Name,Email,Team,Role,Programming fundamentals,System design\n"
    body += "Ada,ada@x.org,Core,Engineer,5,4\nBo,bo@x.org,Core,Engineer,1,Competent\n"
    code, out, err = sm(capsys, "import", str(_csv(tmp_path, body)), "--db", str(db))
    assert code == 0, err
    code, out, err = sm(
        capsys,
        "import",
        str(_csv(tmp_path, "Name,System design\nAda,0\n", "zero.csv")),
        "--db",
        str(db),
    )
    assert code == 1 and "nothing was imported" in err
    assert "'0' is not a level (expected 1 Novice, 2 Beginner, 3 Competent" in out
    code, out, _ = sm(capsys, "summary", "--db", str(db), "--json")
    data = json.loads(out)
    rows = {r["competency"]: r for r in data["coverage"]}
    assert rows["Programming fundamentals"]["min_level"] == 4  # Proficient on 1-5
    assert rows["Programming fundamentals"]["covered_by"] == ["Ada"]
    report = tmp_path / "r.xlsx"
    assert sm(capsys, "export", "--db", str(db), "-o", str(report))[0] == 0
    levels, legend = _matrix_levels(report)
    assert legend[0] == "1 Novice" and legend[-1] == "5 Expert" and len(legend) == 5
    assert levels == {1, 3, 4, 5}
    forms = tmp_path / "forms"
    assert sm(capsys, "forms", "--db", str(db), "-o", str(forms))[0] == 0
    wb = openpyxl.load_workbook(next(forms.glob("*Ada*.xlsx")))
    assert [r[0] for r in wb["Lists"].iter_rows(values_only=True)][:6] == [
        "1 - Novice",
        "2 - Beginner",
        "3 - Competent",
        "4 - Proficient",
        "5 - Expert",
        "n/a",
    ]


def test_a_demo_on_a_one_to_five_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo5.db"
    assert sm(capsys, "init", "--db", str(db), "--scale", "1-5")[0] == 0
    code, _out, err = sm(capsys, "demo", "--db", str(db), "--people", "12", "--teams", "2")
    assert code == 0, err
    code, out, _ = sm(capsys, "summary", "--db", str(db), "--json")
    assert code == 0
    assert {r["min_level"] for r in json.loads(out)["coverage"]} <= {4, 5}
    report = tmp_path / "d.xlsx"
    assert sm(capsys, "export", "--db", str(db), "-o", str(report))[0] == 0
    levels, _legend = _matrix_levels(report)
    assert min(levels) >= 1 and max(levels) == 5


def test_every_new_command_explains_each_option() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}
    for args, options in [
        (["init"], ["--scale", "--framework", "--db"]),
        (["cycle"], ["list", "start", "close", "reopen"]),
        (["cycle", "start"], ["NAME", "--carry-forward", "--close-previous"]),
        (["cycle", "list"], ["--json"]),
        (["cycle", "close"], ["NAME"]),
        (["frameworks", "load"], ["NAME_OR_FILE"]),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "skillmatrix", *args, "--help"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        text = result.stdout
        body = text.split("\n\n", 1)[1]
        assert len(body.split("\n\n", 1)[0]) > 30, args  # a description
        for option in options:
            described = [ln for ln in text.splitlines() if ln.strip().startswith(option)]
            assert described, (args, option)
            assert any(len(ln.split(None, 1)) > 1 for ln in described) or option == "--scale"


def test_cycle_start_begins_a_new_database_but_a_refused_one_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = sm(capsys, "cycle", "start", "  ", "--db", str(tmp_path / "a" / "x.db"))
    assert code == 1 and "a cycle needs a name" in err
    assert not (tmp_path / "a").exists()
    code, out, err = sm(capsys, "cycle", "start", "--db", str(tmp_path / "y.db"))
    assert code == 0, err
    assert out == f"Started cycle {next_cycle_name(None)}.\n"
