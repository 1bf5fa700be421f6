"""The import engine on a corpus of real-world layouts and value styles (import_corpus.py).

Each case checks the people, competencies, categories, the number of rated cells, exact
(person, competency, level) facts and the value mapping table the dry run prints.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from import_corpus import Case, cases, wide, xlsx

from skillmatrix.core.errors import ImportProblem
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.reports import read_import
from skillmatrix.reports.importing.scalemap import parse_override

CASES = cases()


def _read(path: Path, **kw: object):
    return read_import(path, scale=DEFAULT_SCALE, **kw)


def _facts(parsed) -> dict[tuple[str, str], object]:
    out = {}
    for r in parsed.ratings:
        comp = parsed.competencies[r.competency].name + (" (self)" if r.self_rating else "")
        out[(parsed.people[r.person].name, comp)] = "n/a" if r.not_applicable else r.level
    return out


def test_the_corpus_has_thirty_layouts_and_value_styles() -> None:
    assert len({c.id for c in CASES}) == len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_case(case: Case, tmp_path: Path) -> None:
    parsed = _read(case.write(tmp_path))
    assert parsed.problems == []
    assert parsed.layout == case.layout
    assert Counter(p.name for p in parsed.people) == Counter(case.people)
    assert {c.name for c in parsed.competencies} == case.competencies
    assert len(parsed.ratings) == case.rated
    facts = _facts(parsed)
    for person, comp, level in case.facts:
        assert facts[(person, comp)] == level, (person, comp)
    # every competency's category: as the case says, else none (the file names none)
    assert {c.name: c.category for c in parsed.competencies} == {
        name: case.categories.get(name, "") for name in case.competencies
    }
    for skipped in case.skipped:
        assert skipped in parsed.skipped_columns
    assert case.table is not None, "every case states its value table"
    assert parsed.value_mapping is not None
    assert parsed.value_mapping.table() == case.table
    printed = [" ".join(line.split()) for line in parsed.value_mapping.describe()]
    for value, level, cells in case.table:  # the table as the dry run prints it
        assert f"{value} {level} {cells}" in printed
    if case.sheet:
        assert parsed.sheet == case.sheet
        assert any(case.sheet in d and "other sheets" in d for d in parsed.decisions)


def test_twins_without_an_id_are_a_problem_naming_the_name(tmp_path: Path) -> None:
    rows = [["Name", "Python"], ["Alex Kim", 1], ["Bob Stone", 2], ["Alex Kim", 3]]
    parsed = _read(xlsx({"M": rows})(tmp_path))
    assert parsed.problems == ["M!A4: Alex Kim appears twice (also row 2)"]


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (
            [["Skill", "Ann Lee", "Bob Stone", "Ann Lee"], ["Python", 3, 2, 1], ["SQL", 1, 4, 2]],
            "M!D1: Ann Lee appears twice in the header row; keep one",
        ),
        ([["Name", "Python", "Python"], ["Ann Lee", 3, 2]], "M!C1: column 'Python' appears twice"),
    ],
    ids=["transposed_people", "wide_competencies"],
)
def test_twice_in_a_header_row_is_a_problem_naming_the_cell(
    tmp_path: Path, rows: list[list[object]], problem: str
) -> None:
    parsed = _read(xlsx({"M": rows})(tmp_path))
    assert len(parsed.problems) == 1 and parsed.problems[0].startswith(problem)


def test_a_sheet_with_nobody_to_rate_is_refused_in_one_line(tmp_path: Path) -> None:
    rows = [["Skill", "Level"], ["Python", 3], ["SQL", 2]]
    with pytest.raises(ImportProblem) as caught:
        _read(xlsx({"Mine": rows}, "mine.xlsx")(tmp_path))
    message = str(caught.value)
    assert message.startswith("mine.xlsx: sheet 'Mine' has ratings but nobody to attribute")
    assert "\n" not in message


def test_a_value_the_mapping_cannot_place_is_a_problem_naming_the_cell(tmp_path: Path) -> None:
    rows = wide([["x", "o", "x"], ["x", "maybe", "o"]], ["Python", "SQL", "Testing"])
    parsed = _read(xlsx({"Marks": rows})(tmp_path))
    assert len(parsed.problems) == 1
    assert parsed.problems[0].startswith("Marks!C3: 'maybe' is not a level")
    table = parsed.value_mapping.table()
    assert ("maybe", "? (not placed)", 1) in table


def test_map_override_replaces_the_inferred_mapping(tmp_path: Path) -> None:
    rows = wide([["x", "o"], ["o", "x"]], ["Python", "SQL"])
    path = xlsx({"Marks": rows})(tmp_path)
    parsed = _read(path, values=parse_override("x=4,o=1"))
    assert _facts(parsed)[("Ann Lee", "Python")] == 4
    assert _facts(parsed)[("Ann Lee", "SQL")] == 1
    assert parsed.value_mapping.table() == [("o", "1 Awareness", 2), ("x", "4 Expert", 2)]


def test_map_range_override_reads_a_zero_to_three_sheet(tmp_path: Path) -> None:
    rows = wide([[0, 1, 3], [2, 3, 3]], ["Python", "SQL", "Testing"])
    path = xlsx({"M": rows})(tmp_path)
    plain = _read(path)  # without a legend 0-3 fits the database's scale as it is
    assert _facts(plain)[("Ann Lee", "Testing")] == 3
    mapped = _read(path, values=parse_override("0-3"))
    assert _facts(mapped)[("Ann Lee", "Testing")] == 4
    assert _facts(mapped)[("Bob Stone", "Python")] == 3


def test_out_of_range_numbers_stay_problems_and_are_never_rescaled_alone(tmp_path: Path) -> None:
    rows = wide([[3, 2], [1, 7]], ["Python", "SQL"])
    parsed = _read(xlsx({"M": rows})(tmp_path))
    assert parsed.problems == [
        "M!C3: 7 is not a level (expected 0 None, 1 Awareness, 2 Working, 3 Proficient, "
        "4 Expert, n/a or blank)"
    ]


@pytest.mark.parametrize(
    "spec, message",
    [("x", "neither a range like 1-5 nor a pair like x=3"), ("5-1", "from low to high")],
)
def test_bad_map_spec_is_one_line(spec: str, message: str) -> None:
    from skillmatrix.core.errors import ValidationError

    with pytest.raises(ValidationError, match=message):
        parse_override(spec)
