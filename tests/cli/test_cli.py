"""The command line through a real subprocess, as scripts and users run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skillmatrix import __version__


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}
    full_env = {**inherited, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "skillmatrix", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    result = run("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "40 people in 3 teams" in result.stdout
    return db


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"skillmatrix {__version__}"


def test_frameworks_lists_the_three_builtins_with_counts() -> None:
    result = run("frameworks")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    names = sorted(line.split("  ")[0].strip() for line in lines)
    assert names == ["Backend Engineer", "Engineer", "Product Engineer"]
    assert all("competencies" in line for line in lines)


def test_summary_json_has_the_documented_keys(demo_db: Path) -> None:
    result = run("summary", "--db", str(demo_db), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["team"] is None
    assert data["people"] == 40
    assert data["cycle"].endswith(("Q1", "Q2", "Q3", "Q4"))
    row = data["coverage"][0]
    assert {"competency", "category", "covered", "required", "status"} <= row.keys()
    assert {r["status"] for r in data["coverage"]} <= {"gap", "at-risk", "ok"}
    assert isinstance(data["single_points_of_failure"], list)
    assert isinstance(data["gaps"], list) and data["gaps"]
    assert {"person", "total_gap", "items"} <= data["gaps"][0].keys()
    assert "hiring" in data
    # Every team in the demo has planted problems; the per-team breakdown must show them.
    assert len(data["teams"]) == 3
    assert all(t["single_points_of_failure"] for t in data["teams"])


def test_summary_for_a_team_suggests_a_hire(demo_db: Path) -> None:
    team = json.loads(run("summary", "--db", str(demo_db), "--json").stdout)["teams"][0]["team"]
    data = json.loads(run("summary", "--db", str(demo_db), "--team", team, "--json").stdout)
    assert data["team"] == team
    assert data["people"] < 40
    assert data["hiring"] is not None
    assert {"role", "seniority", "closes"} <= data["hiring"].keys()
    text = run("summary", "--db", str(demo_db), "--team", team)
    assert text.returncode == 0
    assert "Hiring suggestion:" in text.stdout
    assert f"SkillMatrix summary: {team}" in text.stdout


def test_summary_of_a_named_earlier_cycle(demo_db: Path) -> None:
    cycles = json.loads(run("summary", "--db", str(demo_db), "--json").stdout)
    first = run("summary", "--db", str(demo_db), "--cycle", cycles["compared_to"], "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["cycle"] == cycles["compared_to"]


def test_database_from_environment_variable(demo_db: Path) -> None:
    result = run("summary", "--json", env={"SKILLMATRIX_DB": str(demo_db)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["people"] == 40


def test_demo_refuses_to_overwrite_without_force(demo_db: Path) -> None:
    result = run("demo", "--db", str(demo_db))
    assert result.returncode == 1
    assert "--force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_demo_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.db", "b.db"):
        db = tmp_path / name
        assert (
            run(
                "demo",
                "--db",
                str(db),
                "--people",
                "12",
                "--teams",
                "2",
                "--seed",
                "7",
                "--cycles",
                "2",
            ).returncode
            == 0
        )
        data = json.loads(run("summary", "--db", str(db), "--json").stdout)
        outputs.append(data)
    assert outputs[0] == outputs[1]
    assert outputs[0]["people"] == 12


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("summary", "--cycle", "1999-Q1"), "1999-Q1"),
        (("summary", "--team", "Nope"), "Nope"),
    ],
)
def test_errors_are_one_line_with_exit_1(
    demo_db: Path, args: tuple[str, ...], fragment: str
) -> None:
    result = run(*args, "--db", str(demo_db))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_foreign_file_is_refused_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(os.urandom(4096))
    before = junk.read_bytes()
    result = run("summary", "--db", str(junk))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(junk) in result.stderr
    assert junk.read_bytes() == before


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = run("--debug", "summary", "--db", str(junk))
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run("summary", "--no-such-flag").returncode == 2
    assert run("demo", "--people", "0").returncode == 2
    assert run("nonsense").returncode == 2
