"""``frameworks load FILE`` and ``init --framework FILE`` with every framework layout.

The layouts the import engine reads (issue 12): sheets, CSV, Markdown and YAML, not only our
TOML.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from skillmatrix.cli import main
from skillmatrix.services import frameworks
from skillmatrix.services.database import open_database


def sm(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILLMATRIX_DB", raising=False)


def test_a_sheet_with_targets_per_seniority_and_a_merged_category(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = Workbook()
    ws = wb.active
    for row in [
        ["Category", "Competency", "Junior", "Mid", "Senior", "Staff", "Principal"],
        ["Data", "SQL", 1, 2, 3, 3, 4],
        [None, "Modelling", 0, 1, 3, 4, 4],
        ["Delivery", "Testing", 1, 2, 2, 3, 3],
    ]:
        ws.append(row)
    ws.merge_cells("A2:A3")
    path = tmp_path / "Data Engineer.xlsx"
    wb.save(path)
    db = tmp_path / "f.db"
    code, out, err = sm(capsys, "frameworks", "load", str(path), "--db", str(db))
    assert code == 0, err
    assert out == (
        f"Loaded framework Data Engineer into new database {db}: 3 competencies "
        "(3 new, 0 shared or updated).\n"
    )
    with open_database(db, create=False) as d:
        assert {c.name: c.category for c in frameworks.list_competencies(d)} == {
            "SQL": "Data",
            "Modelling": "Data",
            "Testing": "Delivery",
        }
        assert [r.name for r in frameworks.list_roles(d)] == ["Data Engineer"]
    code, out, _ = sm(capsys, "summary", "--db", str(db), "--json")
    assert code == 0 and json.loads(out)["people"] == 0


def test_markdown_and_yaml_frameworks_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    md = tmp_path / "fw.md"
    md.write_text(
        "# Data Engineer\n\n| Category | Competency | Junior | Senior |\n|---|---|---|---|\n"
        "| Data | SQL | 1 | 3 |\n| | Modelling | 0 | 3 |\n",
        encoding="utf-8",
    )
    yaml = tmp_path / "platform.yaml"
    yaml.write_text(
        "framework:\n  name: Platform Engineer\ncompetencies:\n"
        "  - name: Kubernetes\n    category: Platform\n"
        "    targets: {Junior: 1, Mid: 2, Senior: 3, Staff: 4, Principal: 4}\n",
        encoding="utf-8",
    )
    db = tmp_path / "f.db"
    code, out, err = sm(capsys, "frameworks", "load", str(md), "--db", str(db))
    assert code == 0, err
    assert out.startswith("Loaded framework Data Engineer into new database")
    assert "2 competencies (2 new, 0 shared" in out
    code, out, err = sm(capsys, "frameworks", "load", str(yaml), "--db", str(db))
    assert code == 0, err
    assert out == (
        f"Loaded framework Platform Engineer into {db}: 1 competencies "
        "(1 new, 0 shared or updated).\n"
    )
    with open_database(db, create=False) as d:
        assert {c.name: c.category for c in frameworks.list_competencies(d)} == {
            "SQL": "Data",
            "Modelling": "Data",
            "Kubernetes": "Platform",
        }
        assert sorted(r.name for r in frameworks.list_roles(d)) == [
            "Data Engineer",
            "Platform Engineer",
        ]


def test_roles_in_columns_load_every_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roles = tmp_path / "roles.csv"
    roles.write_text("Skill,Backend Engineer,Frontend Engineer\nAPIs,3,1\nCSS,0,3\n")
    db = tmp_path / "f.db"
    code, out, err = sm(capsys, "frameworks", "load", str(roles), "--db", str(db))
    assert code == 0, err
    assert out.splitlines() == [
        f"Loaded framework Backend Engineer into new database {db}: 2 competencies "
        "(2 new, 0 shared or updated).",
        f"Loaded framework Frontend Engineer into new database {db}: 2 competencies "
        "(0 new, 2 shared or updated).",
    ]
    with open_database(db, create=False) as d:
        assert sorted(r.name for r in frameworks.list_roles(d)) == [
            "Backend Engineer",
            "Frontend Engineer",
        ]


def test_init_with_a_framework_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md = tmp_path / "fw.md"
    md.write_text(
        "# Data Engineer\n\n| Competency | Junior | Senior |\n|---|---|---|\n| SQL | 1 | 3 |\n",
        encoding="utf-8",
    )
    db = tmp_path / "i.db"
    code, _out, err = sm(capsys, "init", "--db", str(db), "--framework", str(md))
    assert code == 0, err
    with open_database(db, create=False) as d:
        assert [c.name for c in frameworks.list_competencies(d)] == ["SQL"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("layout.xlsx", b"PK", "layout.xlsx: is not an Excel workbook (.xlsx) or a CSV file"),
        ("none.md", b"# Title\n\nNo table here.\n", "none.md: no framework table found"),
        ("bad.yaml", b"a: [1, 2\n", "bad.yaml: not valid YAML"),
    ],
)
def test_unreadable_framework_files_are_refused_in_one_line_leaving_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    db = tmp_path / "f.db"
    code, out, err = sm(capsys, "frameworks", "load", str(path), "--db", str(db))
    assert code == 1 and out == ""
    assert err.startswith(f"skillmatrix: error: {message}") and err.count("\n") == 1
    assert "yet" not in err
    assert not db.exists()
