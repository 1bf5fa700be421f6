"""read_import on hand-made workbooks and CSV files of every supported layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from skillmatrix.core.model import Seniority, Source
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.reports import read_import

KNOWN_PEOPLE = ["Ann Lee", "bob@example.com", "Carla Diaz"]
KNOWN_COMPS = ["Python", "SQL", "Testing", "API design"]


def _save(rows: list[list[object]], path: Path, title: str = "Team") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _read(path: Path, **kw: object):
    return read_import(
        path, scale=DEFAULT_SCALE, known_people=KNOWN_PEOPLE, known_competencies=KNOWN_COMPS, **kw
    )


def _levels(parsed) -> dict[tuple[str, str], object]:
    out = {}
    for r in parsed.ratings:
        key = (parsed.people[r.person].name, parsed.competencies[r.competency].name)
        out[key] = "n/a" if r.not_applicable else r.level
    return out


def test_wide_with_title_rows_tabs_extra_and_formula_columns(tmp_path: Path) -> None:
    rows = [
        ["Platform team skills – Q3 2024"],
        ["Legend: 0 None … 4 Expert"],
        [],
        [
            " Name\t",
            "E-mail",
            "Team",
            "Availability",
            "\tPython ",
            "sql",
            "Kubernetes",
            "Score",
            "Home base",
        ],
        [
            "Ann Lee",
            "ann@example.com",
            "Platform",
            "80%",
            3,
            "Proficient",
            2,
            "=AVERAGE(E5:G5)",
            "Berlin",
        ],
        [
            "\tBob Stone ",
            "bob@example.com",
            "Platform",
            "100%",
            "n/a",
            None,
            "4 - Expert",
            "=AVERAGE(E6:G6)",
            "Paris",
        ],
        ["Dan New", "", "Platform", "50%", "N/A", 1, None, "=AVERAGE(E7:G7)", "Rome"],
        ["Average", None, None, None, "=AVERAGE(E5:E7)", None, None, None, None],
    ]
    parsed = _read(_save(rows, tmp_path / "wide.xlsx"))
    assert parsed.layout == "wide" and parsed.problems == []
    assert {c.name for c in parsed.competencies} == {"Python", "sql", "Kubernetes"}
    assert "Availability" in parsed.skipped_columns
    assert any(s.startswith("Score") for s in parsed.skipped_columns)
    assert "Home base (text, not levels)" in parsed.skipped_columns
    assert _levels(parsed) == {
        ("Ann Lee", "Python"): 3,
        ("Ann Lee", "sql"): 3,
        ("Ann Lee", "Kubernetes"): 2,
        ("Bob Stone", "Python"): "n/a",
        ("Bob Stone", "Kubernetes"): 4,
        ("Dan New", "Python"): "n/a",
        ("Dan New", "sql"): 1,
    }
    assert [p.name for p in parsed.new_people] == ["Dan New"]
    assert [c.name for c in parsed.new_competencies] == ["Kubernetes"]
    assert parsed.people[0].email == "ann@example.com" and parsed.people[0].team == "Platform"
    assert parsed.people[1].known  # matched by e-mail


def test_wide_category_row_is_filled_right(tmp_path: Path) -> None:
    rows = [
        [None, None, "Languages", None, "Quality"],
        ["Name", "Seniority", "Python", "Go", "Testing"],
        ["Ann Lee", "senior", 3, 2, 1],
    ]
    parsed = _read(_save(rows, tmp_path / "cats.xlsx"))
    cats = {c.name: c.category for c in parsed.competencies}
    assert cats == {"Python": "Languages", "Go": "Languages", "Testing": "Quality"}
    assert parsed.people[0].seniority is Seniority.SENIOR


def test_wide_problems_are_all_listed_with_cells(tmp_path: Path) -> None:
    rows = [
        ["Name", "Python", "SQL", "Python"],
        ["Ann Lee", 7, "Guru", 1],
        ["Carla Diaz", 2.5, "=1+2", 1],
        ["Ann Lee", 1, 1, 1],
        [None, 3, None, None],
    ]
    parsed = _read(_save(rows, tmp_path / "bad.xlsx", "Matrix"))
    text = "\n".join(parsed.problems)
    assert "Matrix!D1: column 'Python' appears twice" in text
    assert "Matrix!B2: 7 is not a level" in text
    assert "Matrix!C2: 'Guru' is not a level" in text
    assert "Matrix!B3: 2.5 is not a level" in text
    assert "Matrix!C3: contains a formula" in text
    assert "Matrix!A4: Ann Lee appears twice" in text
    assert "Matrix!A5: this row has ratings but no person name" in text
    assert not parsed.ok


def test_long_layout(tmp_path: Path) -> None:
    rows = [
        ["Export from HR tool"],
        [],
        [
            "Employee",
            "Email",
            "Skill",
            "Category",
            "Rating",
            "Interest (0-3)",
            "Comments",
            "Date",
            "Team",
        ],
        [
            "Ann Lee",
            "",
            "Python",
            "Languages",
            "Expert",
            3,
            "=mentors others",
            dt.date(2024, 9, 1),
            "Platform",
        ],
        ["Ann Lee", "", "Rust", "Languages", 1, "Keen to grow", None, "2024-09-02", "Platform"],
        ["Bob Stone", "bob@example.com", "SQL", None, "na", None, None, None, None],
    ]
    parsed = _read(_save(rows, tmp_path / "long.xlsx"))
    assert parsed.layout == "long" and parsed.problems == []
    r = parsed.ratings[0]
    assert (r.level, r.interest, r.note, r.rated_on) == (
        4,
        3,
        "=mentors others",
        dt.date(2024, 9, 1),
    )
    assert parsed.ratings[1].interest == 3 and parsed.ratings[1].rated_on == dt.date(2024, 9, 2)
    assert parsed.ratings[2].not_applicable
    assert parsed.competencies[1].category == "Languages"
    assert [c.name for c in parsed.new_competencies] == ["Rust"]


def test_long_duplicates_and_bad_values(tmp_path: Path) -> None:
    rows = [
        ["Name", "Competency", "Level", "Interest"],
        ["Ann Lee", "Python", 3, None],
        ["ann lee", " python\t", 2, None],
        ["Ann Lee", "SQL", -1, None],
        ["Ann Lee", "Testing", 2, 9],
        ["Ann Lee", None, 2, None],
    ]
    parsed = _read(_save(rows, tmp_path / "dups.xlsx"))
    text = "\n".join(parsed.problems)
    assert "Team!B3: Ann Lee / Python is given twice (also row 2)" in text
    assert "Team!C4: -1 is not a level" in text
    assert "Team!D5: 9 is not an interest" in text
    assert "Team!B6: no competency on this row" in text
    assert len(parsed.problems) == 4


def test_framework_layout_fills_category_down(tmp_path: Path) -> None:
    rows = [
        ["Backend Engineer framework"],
        [
            "Category",
            "Competency",
            "Description",
            "Junior",
            "Mid",
            "Senior",
            "Staff",
            "Principal",
            "Critical",
        ],
        ["Key skills", "API design", "Designs APIs", 1, 2, 3, 3, 4, "yes"],
        [None, "Databases", "Models data", 1, 2, "Proficient", 3, 4, None],
        ["Delivery", "Testing", "Tests", 1, 2, 3, 3, 3, "no"],
        [None, "Observability", "Logs", 0, 1, 2, 3, "n/a", None],
    ]
    parsed = _read(_save(rows, tmp_path / "fw.xlsx", "Backend Engineer"))
    assert parsed.layout == "framework" and parsed.problems == []
    assert parsed.role == "Backend Engineer"
    cats = [(c.name, c.category) for c in parsed.competencies]
    assert cats == [
        ("API design", "Key skills"),
        ("Databases", "Key skills"),
        ("Testing", "Delivery"),
        ("Observability", "Delivery"),
    ]
    assert parsed.competencies[1].targets[Seniority.SENIOR] == 3
    assert parsed.competencies[0].critical is True and parsed.competencies[2].critical is False
    assert Seniority.PRINCIPAL not in parsed.competencies[3].targets
    assert parsed.ratings == []


def test_csv_semicolon_bom_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(
        "\ufeffName;Python;SQL\nAnn Lee;Proficient;2\nCarla Diaz;n/a;\n", encoding="utf-8"
    )
    parsed = _read(path)
    assert parsed.layout == "wide" and parsed.sheet == "team.csv"
    assert _levels(parsed) == {
        ("Ann Lee", "Python"): 3,
        ("Ann Lee", "SQL"): 2,
        ("Carla Diaz", "Python"): "n/a",
    }


def test_csv_long_with_problem_cells(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("person,skill,level\nAnn Lee,Python,5\nAnn Lee,SQL,=cmd|' /C calc'!A0\n")
    parsed = _read(path)
    assert parsed.problems == [
        "long.csv!C2: '5' is not a level (expected 0 None, 1 Awareness, 2 Working, "
        "3 Proficient, 4 Expert, n/a or blank)",
        "long.csv!C3: contains a formula (=cmd|' /C calc'!A0); type the level instead",
    ]


def test_strict_mode_refuses_unknown(tmp_path: Path) -> None:
    rows = [["Name", "Python", "Kubernetes"], ["Zed Unknown", 1, 2]]
    parsed = _read(_save(rows, tmp_path / "s.xlsx"), strict=True)
    assert "Team!A2: unknown person 'Zed Unknown'" in parsed.problems[0]
    assert "Team!C1: unknown competency 'Kubernetes'" in parsed.problems[1]


def test_sheet_choice(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Notes"
    wb.active["A1"] = "Nothing to see"
    ws = wb.create_sheet("Data")
    ws.append(["Name", "Python"])
    ws.append(["Ann Lee", 2])
    wb.save(tmp_path / "two.xlsx")
    assert _read(tmp_path / "two.xlsx").sheet == "Data"
    assert _read(tmp_path / "two.xlsx", sheet="data").sheet == "Data"
    from skillmatrix.core.errors import ImportProblem

    with pytest.raises(ImportProblem, match="no sheet named 'Other'"):
        _read(tmp_path / "two.xlsx", sheet="Other")


def test_form_source_is_self(tmp_path: Path) -> None:
    from report_factories import make_snapshot

    from skillmatrix.reports import write_forms

    snap = make_snapshot(2, 4)
    path = write_forms(tmp_path, snap, cycle_name="2024 Q4", scale=DEFAULT_SCALE)[0]
    parsed = _read(path)
    assert parsed.layout == "form" and parsed.source is Source.SELF
    assert parsed.cycle_name == "2024 Q4"
