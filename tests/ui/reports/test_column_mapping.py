"""The column-mapping override of read_import / import_file that the wizard relies on."""

from __future__ import annotations

from pathlib import Path

from reports_ui_support import Org, save_rows

from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.reports import read_import
from skillmatrix.reports.importing.mapping import SKIP, competency_role
from skillmatrix.services.excel import import_file

COMPS = ["API design", "Code review", "Communication", "Technical documentation"]


def _read(path: Path, **kw: object):
    return read_import(
        path, scale=DEFAULT_SCALE, known_people=["Ann Lee"], known_competencies=COMPS, **kw
    )


def _levels(parsed) -> dict[tuple[str, str], object]:
    return {
        (parsed.people[r.person].name, parsed.competencies[r.competency].name): r.level
        for r in parsed.ratings
    }


def test_columns_are_described_and_no_mapping_changes_nothing(wide_file: Path) -> None:
    plain, empty = _read(wide_file), _read(wide_file, mapping={})
    assert plain.header_row == 4 and plain.sheets == ["Team"]
    roles = {c.header: (c.letter, c.role, c.reason) for c in plain.columns}
    assert roles["Email"] == ("B", "email", "")
    assert roles["api design"] == ("D", competency_role("api design"), "existing competency")
    assert roles["Docs"] == ("G", competency_role("Docs"), "new competency")
    assert roles["Availability"] == ("H", SKIP, "not a skill")
    assert (plain.columns, plain.ratings, plain.problems) == (
        empty.columns,
        empty.ratings,
        empty.problems,
    )


def test_wide_mapping_skips_renames_and_moves_person_fields(wide_file: Path) -> None:
    parsed = _read(
        wide_file,
        mapping={
            6: competency_role("Technical documentation"),  # Docs
            5: SKIP,  # Communication
            0: "email",  # Name holds... the e-mail now; Email (B) is displaced
        },
    )
    assert parsed.problems == []
    assert {c.name for c in parsed.competencies} == {
        "api design",
        "Code Review",
        "Technical documentation",
    }
    assert ("Ann Lee", "Technical documentation") in _levels(parsed)
    assert not any(name == "Communication" for _, name in _levels(parsed))
    by_header = {c.header: c for c in parsed.columns}
    assert by_header["Email"].role == SKIP and "replaced by column A" in by_header["Email"].reason
    assert "Communication (skipped)" in parsed.skipped_columns


def test_mapping_problems_are_reported_with_cells(wide_file: Path) -> None:
    twice = _read(wide_file, mapping={0: "name", 1: "name"})
    assert any("Team!B4: column A is also mapped to person name" in p for p in twice.problems)
    nobody = _read(wide_file, mapping={0: SKIP, 1: SKIP})
    assert any("no column holds the people's names" in p for p in nobody.problems)
    wrong = _read(wide_file, mapping={7: "level"})
    assert any("Team!H4: a column of a wide sheet cannot be mapped" in p for p in wrong.problems)


def test_long_mapping_uses_another_level_column(tmp_path: Path) -> None:
    path = save_rows(
        tmp_path / "long.xlsx",
        [
            ["Person", "Skill", "Level", "Score", "Remark"],
            ["Ann Lee", "API design", 1, 3, "leads the API guild"],
            ["Ann Lee", "Code review", 1, 4, ""],
        ],
    )
    plain = _read(path)
    assert plain.layout == "long" and set(_levels(plain).values()) == {1}
    assert [c.role for c in plain.columns] == ["name", "competency", "level", SKIP, "note"]
    mapped = _read(path, mapping={2: SKIP, 3: "level", 4: SKIP})
    assert mapped.problems == []
    assert _levels(mapped) == {("Ann Lee", "API design"): 3, ("Ann Lee", "Code review"): 4}
    assert all(r.note is None for r in mapped.ratings)
    missing = _read(path, mapping={2: SKIP})
    assert any("no column holds the level or interest" in p for p in missing.problems)


def test_import_file_takes_the_mapping_and_returns_a_sample(org: Org, wide_file: Path) -> None:
    result = import_file(org.db, wide_file, dry_run=True, mapping={5: SKIP})
    assert result.ok and not result.applied
    assert result.header_row == 4 and [c.letter for c in result.columns][:3] == ["A", "B", "C"]
    assert result.created + result.changed == len(result.sample)
    change = next(c for c in result.sample if (c.person, c.competency) == ("Ann Lee", "API design"))
    assert change.cell == "Team!D5" and change.before.level == 3 and change.after.level == 4
    assert all(c.competency != "Communication" for c in result.sample)
