"""Frameworks from spreadsheets, CSV, Markdown and YAML (load_framework_file) and through import."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from skillmatrix.core.errors import FrameworkError, ImportProblem
from skillmatrix.core.model import Seniority
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.reports import read_import
from skillmatrix.reports.importing.framework_file import (
    load_framework_file,
    load_framework_files,
)

S = Seniority


def _xlsx(path: Path, rows: list[list[object]], merge: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Framework"
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def _specs(fw) -> dict[str, object]:
    return {c.name: c for c in fw.competencies}


def test_descriptions_per_level_with_merged_category_cells(tmp_path: Path) -> None:
    rows = [
        ["Data Engineer framework"],
        ["Category", "Competency", "Level 1", "Level 2", "Level 3", "Level 4"],
        ["Data", "SQL", "Simple queries", "Joins", "Tunes queries", "Designs schemas"],
        [None, "Modelling", "Knows tables", "Normalises", "Designs models", "Sets standards"],
        ["Delivery", "Testing", "Runs tests", "Writes tests", "Designs suites", "Leads"],
    ]
    fw = load_framework_file(_xlsx(tmp_path / "data-eng.xlsx", rows, merge="A3:A4"))
    assert fw.name == "data-eng"
    specs = _specs(fw)
    assert [(c.name, c.category) for c in fw.competencies] == [
        ("SQL", "Data"),
        ("Modelling", "Data"),
        ("Testing", "Delivery"),
    ]
    assert specs["Modelling"].level_descriptions == {
        1: "Knows tables",
        2: "Normalises",
        3: "Designs models",
        4: "Sets standards",
    }
    assert all(c.targets == {} for c in fw.competencies)


def test_level_words_as_headings_and_category_rows(tmp_path: Path) -> None:
    rows = [
        ["Competency", "Beginner", "Intermediate", "Advanced", "Expert"],
        ["Languages"],
        ["Python", "Scripts", "Packages", "Libraries", "Core dev"],
        ["Go", "Hello world", "Services", "Concurrency", "Runtime"],
        ["Practices"],
        ["Code review", "Reads", "Comments", "Mentors", "Sets the bar"],
    ]
    fw = load_framework_file(_xlsx(tmp_path / "eng.xlsx", rows))
    specs = _specs(fw)
    assert {c.name: c.category for c in fw.competencies} == {
        "Python": "Languages",
        "Go": "Languages",
        "Code review": "Practices",
    }
    assert specs["Go"].level_descriptions == {
        1: "Hello world",
        2: "Services",
        3: "Concurrency",
        4: "Runtime",
    }


def test_targets_per_seniority_and_descriptions_per_seniority(tmp_path: Path) -> None:
    rows = [
        ["Category", "Competency", "Junior", "Mid", "Senior", "Staff", "Principal", "Critical"],
        ["Key", "API design", 1, 2, 3, 3, 4, "yes"],
        [None, "Databases", 0, 2, "Proficient", 3, 4, None],
    ]
    fw = load_framework_file(_xlsx(tmp_path / "Backend.xlsx", rows))
    specs = _specs(fw)
    assert specs["Databases"].targets == {
        S.JUNIOR: 0,
        S.MID: 2,
        S.SENIOR: 3,
        S.STAFF: 3,
        S.PRINCIPAL: 4,
    }
    assert specs["API design"].critical and not specs["Databases"].critical
    text = [
        ["Competency", "Junior", "Senior"],
        ["Testing", "Writes unit tests with help", "Designs the test strategy"],
    ]
    described = load_framework_file(_xlsx(tmp_path / "t.xlsx", text))
    spec = described.competencies[0]
    assert spec.targets == {}
    assert (
        spec.description == "Junior: Writes unit tests with help\nSenior: Designs the test strategy"
    )


def test_one_row_per_competency_and_job_level_on_one_to_five(tmp_path: Path) -> None:
    path = tmp_path / "expectations.csv"
    path.write_text(
        "Competency,Job level,Expected score\n"
        "Python,Junior,2\nPython,Mid,3\nPython,Senior,4\nPython,Staff,5\nPython,Principal,5\n"
        "SQL,Junior,1\nSQL,Senior,3\n",
        encoding="utf-8",
    )
    fw = load_framework_file(path)
    specs = _specs(fw)
    assert specs["Python"].targets == {
        S.JUNIOR: 1,
        S.MID: 2,
        S.SENIOR: 3,
        S.STAFF: 4,
        S.PRINCIPAL: 4,
    }
    assert specs["SQL"].targets == {S.JUNIOR: 0, S.SENIOR: 2}


def test_targets_per_role_in_columns_give_one_framework_per_role(tmp_path: Path) -> None:
    rows = [
        ["Skill", "Backend Engineer", "Frontend Engineer"],
        ["APIs", 3, 1],
        ["CSS", 0, 3],
    ]
    path = _xlsx(tmp_path / "roles.xlsx", rows)
    found = load_framework_files(path)
    assert [f.name for f in found] == ["Backend Engineer", "Frontend Engineer"]
    assert _specs(found[1])["CSS"].targets == dict.fromkeys(S, 3)
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(path)
    assert str(caught.value) == (
        "roles.xlsx: holds 2 roles (Backend Engineer, Frontend Engineer); load one per file"
    )


def test_markdown_table(tmp_path: Path) -> None:
    path = tmp_path / "fw.md"
    path.write_text(
        "# Data Engineer\n\nSome intro.\n\n"
        "| Category | Competency | Level 1 | Level 2 | Level 3 | Level 4 |\n"
        "|---|---|---|---|---|---|\n"
        "| Data | SQL | Simple | Joins | Tunes | Designs |\n"
        "|  | Modelling | Tables | Normal forms | Models | Standards |\n",
        encoding="utf-8",
    )
    fw = load_framework_file(path)
    assert fw.name == "Data Engineer"
    assert [(c.name, c.category) for c in fw.competencies] == [
        ("SQL", "Data"),
        ("Modelling", "Data"),
    ]
    assert _specs(fw)["Modelling"].level_descriptions[2] == "Normal forms"


def test_yaml_nested_and_grouped(tmp_path: Path) -> None:
    nested = tmp_path / "platform.yaml"
    nested.write_text(
        "framework:\n  name: Platform Engineer\ncompetencies:\n"
        "  - name: Kubernetes\n    category: Platform\n    description: Runs workloads\n"
        "    targets: {Junior: 1, Mid: 2, Senior: 3, Staff: 4, Principal: 4}\n"
        "    levels: {1: Deploys, 4: Designs clusters}\n",
        encoding="utf-8",
    )
    fw = load_framework_file(nested)
    spec = fw.competencies[0]
    assert (fw.name, spec.name, spec.category, spec.description) == (
        "Platform Engineer",
        "Kubernetes",
        "Platform",
        "Runs workloads",
    )
    assert spec.targets[S.STAFF] == 4 and spec.level_descriptions == {
        1: "Deploys",
        4: "Designs clusters",
    }
    grouped = tmp_path / "grouped.yml"
    grouped.write_text(
        "Languages:\n  - {competency: Python, Junior: 1, Senior: 3}\n  - Go\n"
        "Quality:\n  - {competency: Testing, Junior: 2, Senior: 4}\n",
        encoding="utf-8",
    )
    fw = load_framework_file(grouped)
    assert {c.name: c.category for c in fw.competencies} == {
        "Python": "Languages",
        "Go": "Languages",
        "Testing": "Quality",
    }
    assert _specs(fw)["Testing"].targets == {S.JUNIOR: 2, S.SENIOR: 4}


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("bad.yaml", "a: [1, 2\n", "bad.yaml: not valid YAML"),
        ("empty.yaml", "just text\n", "empty.yaml: no list of competencies found"),
        ("none.md", "# Title\n\nNo table here.\n", "none.md: no framework table found"),
    ],
)
def test_unreadable_framework_files_are_one_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(path)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)
    with pytest.raises(ImportProblem) as imported:  # import refuses it the same way
        read_import(path, scale=DEFAULT_SCALE)
    assert str(imported.value).startswith(message)


def test_import_reads_markdown_and_level_description_sheets(tmp_path: Path) -> None:
    path = tmp_path / "fw.md"
    path.write_text(
        "| Competency | Level 1 | Level 4 |\n|---|---|---|\n| SQL | Simple | Designs |\n",
        encoding="utf-8",
    )
    parsed = read_import(path, scale=DEFAULT_SCALE)
    assert parsed.layout == "framework" and parsed.problems == []
    assert [c.name for c in parsed.frameworks[0].competencies] == ["SQL"]
    rows = [["Competency", "Awareness", "Expert"], ["Testing", "Knows TDD", "Teaches TDD"]]
    parsed = read_import(_xlsx(tmp_path / "levels.xlsx", rows), scale=DEFAULT_SCALE)
    assert parsed.layout == "framework"
    assert parsed.frameworks[0].competencies[0].level_descriptions == {
        1: "Knows TDD",
        4: "Teaches TDD",
    }
