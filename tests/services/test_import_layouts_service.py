"""The corpus imported into a real database, through the service and the command line.

One command per layout gives the right matrix; dry runs and failures change nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "reports"))

from import_corpus import Case, cases, csv, xlsx

from skillmatrix.cli import main
from skillmatrix.core.model import Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.excel import import_file
from skillmatrix.store.database import Database

CASES = {c.id: c for c in cases()}


def _target(db: Database) -> str:
    """What ``--db`` names for this database: its file, or its server URL."""
    return str(db.path) if db.path is not None else db.url.render_as_string(hide_password=False)


@pytest.fixture
def cycle(db: Database) -> int:
    return cycles.start_cycle(db, name="2026-Q2", starts_on=dt.date(2026, 4, 1)).id


def _stored(
    db: Database, cycle: int, source: Source = Source.MANAGER
) -> dict[tuple[str, str], object]:
    names = {p.id: p.name for p in people.list_people(db)}
    comps = {c.id: c.name for c in fw.list_competencies(db)}
    return {
        (names[r.person_id], comps[r.competency_id]): "n/a" if r.not_applicable else r.level
        for r in ratings.list_ratings(db, cycle, source)
    }


def _snapshot(db: Database, cycle: int) -> tuple[object, ...]:
    return (
        sorted(p.name for p in people.list_people(db)),
        sorted(c.name for c in fw.list_competencies(db)),
        sorted(_stored(db, cycle).items()),
        sorted(_stored(db, cycle, Source.SELF).items()),
    )


@pytest.mark.parametrize(
    "case_id",
    ["title_block", "transposed_groups", "x_o", "training_words", "long_normalised", "wide_groups"],
)
def test_one_import_gives_the_matrix(
    db: Database, cycle: int, tmp_path: Path, case_id: str
) -> None:
    case: Case = CASES[case_id]
    path = case.write(tmp_path)
    before = _snapshot(db, cycle)
    dry = import_file(db, path, dry_run=True)
    assert dry.ok and not dry.applied and dry.created == case.rated
    assert _snapshot(db, cycle) == before  # the dry run changed nothing
    result = import_file(db, path)
    assert result.applied, result.problems
    stored = _stored(db, cycle)
    assert len(stored) == case.rated
    for person, comp, level in case.facts:
        assert stored[(person, comp)] == level
    by_name = {c.name: c.category for c in fw.list_competencies(db)}
    for comp, category in case.categories.items():
        assert by_name[comp] == category


def test_self_rows_of_a_long_file_become_self_ratings(
    db: Database, cycle: int, tmp_path: Path
) -> None:
    result = import_file(db, CASES["long_assessment_type"].write(tmp_path))
    assert result.applied, result.problems
    assert _stored(db, cycle) == {
        ("Ann Lee", "Python"): 4,
        ("Ann Lee", "SQL"): 1,
        ("Bob Stone", "Python"): 2,
    }
    assert _stored(db, cycle, Source.SELF) == {("Ann Lee", "Python"): 3, ("Bob Stone", "SQL"): 0}


def test_twins_told_apart_by_ids_become_two_people(
    db: Database, cycle: int, tmp_path: Path
) -> None:
    result = import_file(db, CASES["twins_with_ids"].write(tmp_path))
    assert result.applied, result.problems
    names = [p.name for p in people.list_people(db)]
    assert sorted(names) == ["Alex Kim", "Alex Kim", "Ann Lee"]
    assert result.created == 9


def test_a_failed_import_changes_nothing(db: Database, cycle: int, tmp_path: Path) -> None:
    rows = [["Name", "Python", "SQL"], ["Ann Lee", "x", "o"], ["Bob Stone", "x", "perhaps"]]
    path = xlsx({"M": rows})(tmp_path)
    before = _snapshot(db, cycle)
    result = import_file(db, path)
    assert not result.applied and result.problems == [
        "M!C3: 'perhaps' is not a level (this file's values read as x=3, o=0; use --map)"
    ]
    assert _snapshot(db, cycle) == before


def test_cli_dry_run_prints_the_decisions_and_the_mapping(
    db: Database, cycle: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CASES["transposed_x_o"].write(tmp_path)
    code = main(["import", str(path), "--db", _target(db), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "transposed layout" in out
    assert "competencies in rows, people in columns: 'Task' heads the first column" in out
    assert "table found: header in row 4, columns A-D" in out
    assert "marks: x (has it) -> 3 Proficient; o -> 0 None" in out
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "o -> 0 None -> 3" in lines and "x -> 3 Proficient -> 3" in lines
    assert "ratings: 6 new, 0 changed, 0 unchanged" in out
    assert "Dry run: nothing was changed." in out
    assert _stored(db, cycle) == {}


def test_cli_map_overrides_the_inferred_mapping(
    db: Database, cycle: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CASES["x_o"].write(tmp_path)
    code = main(["import", str(path), "--db", _target(db), "--map", "x=4,o=1"])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "x -> 4 Expert -> 5" in lines and "o -> 1 Awareness -> 3" in lines
    assert _stored(db, cycle)[("Ann Lee", "Python")] == 4
    assert _stored(db, cycle)[("Ann Lee", "SQL")] == 1


def test_cli_refuses_a_file_with_nobody_to_rate_in_one_line(
    db: Database, cycle: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv({"skills.csv": "skill,level\nPython,3\n"}, "skills.csv")(tmp_path)
    assert main(["import", str(path), "--db", _target(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("skillmatrix: error: skills.csv: sheet 'skills.csv' has ratings but")
    assert "\n" not in err


def test_import_installs_a_markdown_framework_and_roles_in_columns(
    db: Database, tmp_path: Path
) -> None:
    md = tmp_path / "data.md"
    md.write_text(
        "# Data Engineer\n\n| Category | Competency | Junior | Senior |\n|---|---|---|---|\n"
        "| Data | SQL | 1 | 3 |\n| | Modelling | 0 | 3 |\n",
        encoding="utf-8",
    )
    result = import_file(db, md)
    assert result.applied, result.problems
    assert result.layout == "framework" and result.targets_set == 4
    assert {c.name: c.category for c in fw.list_competencies(db)} == {
        "SQL": "Data",
        "Modelling": "Data",
    }
    roles = tmp_path / "roles.csv"
    roles.write_text("Skill,Backend Engineer,Frontend Engineer\nAPIs,3,1\nCSS,0,3\n")
    result = import_file(db, roles)
    assert result.applied, result.problems
    assert result.competencies_created == ["APIs", "CSS"]
    assert {"Data Engineer", "Backend Engineer", "Frontend Engineer"} <= {
        r.name for r in fw.list_roles(db)
    }


def test_close_matches_to_existing_competencies_are_noted_not_applied(
    db: Database, cycle: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from skillmatrix.core.frameworks import CompetencySpec, Framework

    specs = tuple(
        CompetencySpec(n, "Platform", n, {}) for n in ("Containers & Kubernetes", "GraphQL APIs")
    )
    fw.install_framework(db, Framework("Platform", "", specs))
    path = xlsx({"M": [["Name", "Kubernetes", "GraphQL"], ["Ann Lee", 3, 2]]})(tmp_path)
    assert main(["import", str(path), "--db", _target(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "note: new competency 'Kubernetes' is close to existing 'Containers & Kubernetes'" in out
    assert "note: new competency 'GraphQL' is close to existing 'GraphQL APIs'" in out
