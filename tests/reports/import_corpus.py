"""A corpus of skills matrices as people publish them, made by code.

Each :class:`Case` writes its file(s) and says what a correct import holds: the people,
the competencies and their categories, how many cells are rated, a few exact
(person, competency, level) facts, and the value mapping table as printed
(file value, level, cells). Levels are on the default 0-4 scale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

Rows = list[list[object]]
Level = int | str  # "n/a" for not applicable

P5 = ["Ann Lee", "Bob Stone", "Carla Diaz", "Dev Patel", "Eve Moss"]


@dataclass
class Case:
    id: str
    write: Callable[[Path], Path]
    layout: str
    people: set[str] | list[str]
    competencies: set[str]
    rated: int
    facts: list[tuple[str, str, Level]]
    table: list[tuple[str, str, int]] | None = None
    categories: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    sheet: str | None = None


def xlsx(
    sheets: dict[str, Rows], name: str = "matrix.xlsx", merged: tuple[str, ...] = ()
) -> Callable[[Path], Path]:
    """A workbook of ``sheets``; ``merged`` ranges (as Excel writes them) on the first."""

    def write(folder: Path) -> Path:
        wb = Workbook()
        first = True
        for title, rows in sheets.items():
            ws = wb.active if first else wb.create_sheet()
            for row in rows:
                ws.append(row)
            if first:
                for cells in merged:
                    ws.merge_cells(cells)
            first = False
            ws.title = title
        path = folder / name
        wb.save(path)
        return path

    return write


def at(start_row: int, start_col: int, rows: Rows) -> Rows:
    """``rows`` moved down and right (a table that starts at row/column > 1)."""
    return [[] for _ in range(start_row - 1)] + [[None] * (start_col - 1) + r for r in rows]


def csv(files: dict[str, str], main: str) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder / main

    return write


def wide(values: list[list[object]], comps: list[str], head: str = "Name") -> Rows:
    return [[head, *comps]] + [[P5[i], *vals] for i, vals in enumerate(values)]


SKILLS = ["Python", "SQL", "Testing"]

#: The app's own files: three people rated (manager) in four competencies of two categories.
APP_PEOPLE = ["Ann Lee", "Bob Stone", "Carla Diaz"]
APP_SKILLS = {"API design": "Hard skills", "Testing": "Hard skills", "Mentoring": "Soft skills"}
APP_RATINGS = {
    ("Ann Lee", "API design"): 3,
    ("Ann Lee", "Testing"): 0,
    ("Ann Lee", "Mentoring"): 4,
    ("Bob Stone", "API design"): 1,
    ("Bob Stone", "Mentoring"): 2,
    ("Carla Diaz", "Testing"): 4,
}


def _app_database(folder: Path):  # type: ignore[no-untyped-def]
    """A database made through the services (imported here: only these cases need it)."""
    from skillmatrix.core.frameworks import CompetencySpec, Framework
    from skillmatrix.core.model import Seniority
    from skillmatrix.services import cycles, frameworks, people, ratings
    from skillmatrix.services.database import open_database

    db = open_database(folder / "app.db")
    specs = tuple(
        CompetencySpec(name=n, category=c, description="", targets={Seniority.MID: 2})
        for n, c in APP_SKILLS.items()
    )
    role = frameworks.install_framework(db, Framework("Engineer", "", specs))
    ids = {n: people.add_person(db, name=n, team="Core", role=role.name).id for n in APP_PEOPLE}
    cycle = cycles.start_cycle(db, name="2026-Q3", carry_forward=False)
    comps = {c.name: c.id for c in frameworks.list_competencies(db)}
    for (person, comp), level in APP_RATINGS.items():
        ratings.rate(
            db, cycle_id=cycle.id, person_id=ids[person], competency_id=comps[comp], level=level
        )
    return db


def app_report(folder: Path) -> Path:
    from skillmatrix.services.excel_export import export_report

    db = _app_database(folder)
    try:
        return export_report(db, folder / "report.xlsx")
    finally:
        db.close()


def app_form(folder: Path) -> Path:
    """Bob's self-assessment form, filled in and saved as he would return it."""
    from openpyxl import load_workbook

    from skillmatrix.services.excel_export import write_self_assessment_forms

    db = _app_database(folder)
    (folder / "forms").mkdir()
    try:
        written = write_self_assessment_forms(db, folder / "forms")
    finally:
        db.close()
    path = next(p for p in written if "Bob" in p.name)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    answer = {"API design": "2 - Working", "Testing": "n/a", "Mentoring": "3 - Proficient"}
    rows = list(ws.iter_rows())
    head = next(r for r in rows if any(c.value == "Your level" for c in r))
    comp_col = next(c.column for c in head if c.value == "Competency")
    level_col = next(c.column for c in head if c.value == "Your level")
    for row in rows[head[0].row :]:
        name = ws.cell(row[0].row, comp_col).value
        if name in answer:
            ws.cell(row[0].row, level_col).value = answer[name]
    wb.save(path)
    return path


NUM = "numbers read on the database's scale 0-4"


def cases() -> list[Case]:
    out: list[Case] = []
    add = out.append

    # 1. a title block, a legend and notes above the header
    rows = [
        ["Platform team – skills matrix Q3"],
        ["Legend: 0 none, 4 expert"],
        ["Updated by the team lead every quarter"],
        [],
        *wide([[3, 2, 4], [1, None, 0], [4, 4, 2]], SKILLS),
    ]
    add(
        Case(
            "title_block",
            xlsx({"Skills": rows}),
            "wide",
            set(P5[:3]),
            set(SKILLS),
            8,
            [("Ann Lee", "Python", 3), ("Bob Stone", "Testing", 0), ("Carla Diaz", "SQL", 4)],
            [
                ("0", "0 None", 1),
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 2),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 3),
            ],
        )
    )

    # 2. a table that starts in column C, row 4
    rows = at(4, 3, wide([[1, 2, 3], [2, 3, 4]], SKILLS, "Employee"))
    rows[0] = ["Skills (see below)"]
    add(
        Case(
            "offset_table",
            xlsx({"Team": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Ann Lee", "SQL", 2), ("Bob Stone", "Testing", 4)],
            table=[
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 2),
                ("3", "3 Proficient", 2),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 3. 1-5
    rows = wide([[1, 5, 3], [2, 4, 5], [5, 1, 2]], SKILLS)
    add(
        Case(
            "one_to_five",
            xlsx({"Sheet1": rows}),
            "wide",
            set(P5[:3]),
            set(SKILLS),
            9,
            [("Ann Lee", "Python", 0), ("Ann Lee", "SQL", 4), ("Bob Stone", "Python", 1)],
            [
                ("1", "0 None", 2),
                ("2", "1 Awareness", 2),
                ("3", "2 Working", 1),
                ("4", "3 Proficient", 1),
                ("5", "4 Expert", 3),
            ],
        )
    )

    # 4. 0-3, said by the legend
    rows = [
        ["Scale: 0 = No knowledge, 1 = Basic, 2 = Good, 3 = Expert"],
        [],
        *wide([[0, 1, 3], [2, 3, 3]], SKILLS),
    ]
    add(
        Case(
            "zero_to_three_legend",
            xlsx({"Matrix": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Ann Lee", "Testing", 4), ("Bob Stone", "Python", 3), ("Ann Lee", "SQL", 1)],
            [
                ("0", "0 None", 1),
                ("1", "1 Awareness", 1),
                ("2", "3 Proficient", 1),
                ("3", "4 Expert", 3),
            ],
        )
    )

    # 5. 1-10
    rows = wide([[1, 10, 7], [4, 8, 2], [9, 6, 3]], SKILLS)
    add(
        Case(
            "one_to_ten",
            xlsx({"Ratings": rows}),
            "wide",
            set(P5[:3]),
            set(SKILLS),
            9,
            [
                ("Ann Lee", "SQL", 4),
                ("Ann Lee", "Python", 0),
                ("Carla Diaz", "Python", 4),
                ("Bob Stone", "SQL", 3),
            ],
            table=[
                ("1", "0 None", 1),
                ("2", "0 None", 1),
                ("3", "1 Awareness", 1),
                ("4", "1 Awareness", 1),
                ("6", "2 Working", 1),
                ("7", "3 Proficient", 1),
                ("8", "3 Proficient", 1),
                ("9", "4 Expert", 1),
                ("10", "4 Expert", 1),
            ],
        )
    )

    # 6. decimals on 1-5 (averaged sub-scores)
    rows = wide([[1.5, 4.5, 3.25], [2.75, 5.0, 1.0]], SKILLS)
    add(
        Case(
            "decimals_one_to_five",
            xlsx({"Avg": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [
                ("Ann Lee", "Python", 1),
                ("Ann Lee", "SQL", 4),
                ("Bob Stone", "SQL", 4),
                ("Bob Stone", "Testing", 0),
            ],
            table=[
                ("1", "0 None", 1),
                ("1.5", "1 Awareness", 1),
                ("2.75", "2 Working", 1),
                ("3.25", "2 Working", 1),
                ("4.5", "4 Expert", 1),
                ("5", "4 Expert", 1),
            ],
        )
    )

    # 7. percentages written as text
    rows = wide([["25%", "100%", "50%"], ["0%", "75%", "80%"]], SKILLS)
    add(
        Case(
            "percent_text",
            xlsx({"Pct": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [
                ("Ann Lee", "SQL", 4),
                ("Ann Lee", "Python", 1),
                ("Bob Stone", "Python", 0),
                ("Bob Stone", "Testing", 3),
            ],
            table=[
                ("0%", "0 None", 1),
                ("25%", "1 Awareness", 1),
                ("50%", "2 Working", 1),
                ("75%", "3 Proficient", 1),
                ("80%", "3 Proficient", 1),
                ("100%", "4 Expert", 1),
            ],
        )
    )

    # 8. shares 0-1 (a percentage-formatted cell reads as 0.25)
    rows = wide([[0.25, 1.0, 0.5], [0.0, 0.75, 0.6]], SKILLS)
    add(
        Case(
            "shares",
            xlsx({"Pct": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Ann Lee", "SQL", 4), ("Bob Stone", "SQL", 3), ("Bob Stone", "Testing", 2)],
            table=[
                ("0", "0 None", 1),
                ("0.25", "1 Awareness", 1),
                ("0.5", "2 Working", 1),
                ("0.6", "2 Working", 1),
                ("0.75", "3 Proficient", 1),
                ("1", "4 Expert", 1),
            ],
        )
    )

    # 9. Beginner / Intermediate / Advanced / Expert
    rows = wide([["Beginner", "Expert", "Advanced"], ["Intermediate", "beginner", None]], SKILLS)
    add(
        Case(
            "words_bia",
            xlsx({"S": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            5,
            [
                ("Ann Lee", "Python", 1),
                ("Ann Lee", "SQL", 4),
                ("Bob Stone", "Python", 2),
                ("Ann Lee", "Testing", 3),
            ],
            [
                ("Beginner", "1 Awareness", 2),
                ("Intermediate", "2 Working", 1),
                ("Advanced", "3 Proficient", 1),
                ("Expert", "4 Expert", 1),
            ],
        )
    )

    # 10. learning / familiar / expert
    rows = wide([["learning", "familiar", "expert"], ["familiar", "expert", "learning"]], SKILLS)
    add(
        Case(
            "words_lfe",
            xlsx({"S": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Ann Lee", "Python", 1), ("Ann Lee", "SQL", 2), ("Bob Stone", "SQL", 4)],
            [
                ("learning", "1 Awareness", 2),
                ("familiar", "2 Working", 2),
                ("expert", "4 Expert", 2),
            ],
        )
    )

    # 11. novice .. master
    rows = wide([["Novice", "Intermediate", "Master"], ["Advanced", "Novice", "Master"]], SKILLS)
    add(
        Case(
            "words_novice_master",
            xlsx({"S": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Ann Lee", "Testing", 4), ("Bob Stone", "Python", 3), ("Ann Lee", "Python", 1)],
            table=[
                ("Novice", "1 Awareness", 2),
                ("Intermediate", "2 Working", 1),
                ("Advanced", "3 Proficient", 1),
                ("Master", "4 Expert", 2),
            ],
        )
    )

    # 12. Competent / Training Required / Trained awaiting sign off (a training matrix)
    tasks = ["Forklift", "First aid", "Lockout"]
    rows = [
        ["Operator name", *tasks],
        ["Ann Lee", "Competent", "Training Required", "Trained awaiting sign off"],
        ["Bob Stone", "Training Required", "Competent", "Competent"],
    ]
    add(
        Case(
            "training_words",
            xlsx({"Training": rows}),
            "wide",
            set(P5[:2]),
            set(tasks),
            6,
            [("Ann Lee", "Forklift", 3), ("Ann Lee", "First aid", 1), ("Ann Lee", "Lockout", 2)],
            [
                ("Training Required", "1 Awareness", 2),
                ("Trained awaiting sign off", "2 Working", 1),
                ("Competent", "3 Proficient", 3),
            ],
        )
    )

    # 13. x / o marks
    rows = wide([["x", "o", "x"], ["o", "x", None], ["x", "x", "o"]], SKILLS, "Member")
    add(
        Case(
            "x_o",
            xlsx({"Marks": rows}),
            "wide",
            set(P5[:3]),
            set(SKILLS),
            8,
            [("Ann Lee", "Python", 3), ("Ann Lee", "SQL", 0), ("Carla Diaz", "Testing", 0)],
            [("o", "0 None", 3), ("x", "3 Proficient", 5)],
        )
    )

    # 14. ✓ / ✗
    rows = wide([["✓", "✗", "✓"], ["✗", "✓", "✓"]], SKILLS)
    add(
        Case(
            "check_marks",
            xlsx({"Marks": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Ann Lee", "SQL", 0), ("Bob Stone", "Testing", 3)],
            [("✗", "0 None", 2), ("✓", "3 Proficient", 4)],
        )
    )

    # 15. Y / N
    rows = wide([["Y", "N", "Y"], ["N", "N", "Y"]], SKILLS)
    add(
        Case(
            "yes_no",
            xlsx({"YN": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Ann Lee", "Python", 3), ("Bob Stone", "SQL", 0)],
            [("N", "0 None", 3), ("Y", "3 Proficient", 3)],
        )
    )

    # 16. stars
    rows = wide([["★", "★★★", "★★★★★"], ["★★", "★★★★", None]], SKILLS)
    add(
        Case(
            "stars",
            xlsx({"Stars": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            5,
            [("Ann Lee", "Python", 1), ("Ann Lee", "Testing", 4), ("Bob Stone", "SQL", 3)],
            # stars are a share of five on the 0-4 scale: ★★ and ★★★ both read as 2
            table=[
                ("★", "1 Awareness", 1),
                ("★★", "2 Working", 1),
                ("★★★", "2 Working", 1),
                ("★★★★", "3 Proficient", 1),
                ("★★★★★", "4 Expert", 1),
            ],
        )
    )

    # 17. D1-D4 codes
    rows = wide([["D1", "D4", "D2"], ["D3", "D2", "D4"]], SKILLS)
    add(
        Case(
            "d_codes",
            xlsx({"Codes": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Ann Lee", "Python", 1), ("Ann Lee", "SQL", 4), ("Bob Stone", "Python", 3)],
            [
                ("D1", "1 Awareness", 1),
                ("D2", "2 Working", 2),
                ("D3", "3 Proficient", 1),
                ("D4", "4 Expert", 2),
            ],
        )
    )

    # 18. binary 0/1
    rows = wide([[1, 0, 1], [0, 1, 1], [1, 1, 0]], SKILLS)
    add(
        Case(
            "binary",
            xlsx({"Has": rows}),
            "wide",
            set(P5[:3]),
            set(SKILLS),
            9,
            [("Ann Lee", "Python", 3), ("Ann Lee", "SQL", 0)],
            [("0", "0 None", 3), ("1", "3 Proficient", 6)],
        )
    )

    # 19. transposed: competencies in rows, people in columns
    rows = [
        ["Skill", "Ann Lee", "Bob Stone", "Carla Diaz"],
        ["Python", 3, 2, None],
        ["SQL", 1, 4, 2],
        ["Testing", 0, None, 3],
    ]
    add(
        Case(
            "transposed",
            xlsx({"Skills": rows}),
            "transposed",
            set(P5[:3]),
            set(SKILLS),
            7,
            [("Ann Lee", "Python", 3), ("Bob Stone", "SQL", 4), ("Carla Diaz", "Testing", 3)],
            [
                ("0", "0 None", 1),
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 2),
                ("3", "3 Proficient", 2),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 20. transposed with group rows, sub-groups and one name under two groups
    rows = [
        ["Team Ops skills"],
        [],
        ["Competency", "Ann Lee", "Bob Stone"],
        ["Operating systems"],
        ["Linux"],
        ["Running", "x", "o"],
        ["Patching", "x", "x"],
        ["Windows"],
        ["Running", "o", "x"],
        ["Networking", None, None],
        ["DNS", "x", None],
    ]
    add(
        Case(
            "transposed_groups",
            xlsx({"Ops": rows}),
            "transposed",
            set(P5[:2]),
            {"Linux / Running", "Windows / Running", "Patching", "DNS"},
            7,
            [
                ("Ann Lee", "Linux / Running", 3),
                ("Ann Lee", "Windows / Running", 0),
                ("Bob Stone", "Windows / Running", 3),
                ("Bob Stone", "Patching", 3),
            ],
            [("o", "0 None", 2), ("x", "3 Proficient", 5)],
            categories={
                "Linux / Running": "Operating systems",
                "Patching": "Operating systems / Linux",
                "Windows / Running": "Operating systems",
                "DNS": "Operating systems / Networking",
            },
        )
    )

    # 21. transposed with an empty corner and full names across
    rows = [
        [None, "Ann Lee", "Bob Stone", "Carla Diaz"],
        ["Python", "Expert", "Beginner", None],
        ["SQL", "Intermediate", "Advanced", "Expert"],
    ]
    add(
        Case(
            "transposed_corner",
            xlsx({"M": rows}),
            "transposed",
            set(P5[:3]),
            {"Python", "SQL"},
            5,
            [("Ann Lee", "Python", 4), ("Bob Stone", "SQL", 3), ("Carla Diaz", "SQL", 4)],
            table=[
                ("Beginner", "1 Awareness", 1),
                ("Intermediate", "2 Working", 1),
                ("Advanced", "3 Proficient", 1),
                ("Expert", "4 Expert", 2),
            ],
        )
    )

    # 22. transposed with a category column written once per group, and a description
    rows = [
        ["Category", "Skill", "Description", "Ann Lee", "Bob Stone"],
        ["Languages", "Python", "Writes Python", 4, 2],
        [None, "Go", "Writes Go", 1, 3],
        ["Quality", "Testing", "Tests things", 2, None],
    ]
    add(
        Case(
            "transposed_category_column",
            xlsx({"M": rows}),
            "transposed",
            set(P5[:2]),
            {"Python", "Go", "Testing"},
            5,
            [("Ann Lee", "Python", 4), ("Bob Stone", "Go", 3)],
            categories={"Python": "Languages", "Go": "Languages", "Testing": "Quality"},
            table=[
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 2),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 23. transposed with person attribute rows and a Total column
    rows = [
        ["Skill", "Ann Lee", "Bob Stone", "Total"],
        ["Team", "Platform", "Payments", None],
        ["Python", 3, 2, "=SUM(B3:C3)"],
        ["SQL", 1, 4, "=SUM(B4:C4)"],
    ]
    add(
        Case(
            "transposed_attributes",
            xlsx({"M": rows}),
            "transposed",
            set(P5[:2]),
            {"Python", "SQL"},
            4,
            [("Ann Lee", "Python", 3), ("Bob Stone", "SQL", 4)],
            skipped=["Total"],
            table=[
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 1),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 24. wide with merged group cells and sub-groups above the header
    rows = [
        [None, "Operating systems", None, None, "Soft skills"],
        [None, "Linux", None, "Windows", None],
        ["Name", "Running", "Patching", "Running", "Communication"],
        ["Ann Lee", 3, 2, 1, 4],
        ["Bob Stone", 0, None, 4, 2],
    ]
    add(
        Case(
            "wide_groups",
            xlsx({"M": rows}),
            "wide",
            set(P5[:2]),
            {"Linux / Running", "Patching", "Windows / Running", "Communication"},
            7,
            [
                ("Ann Lee", "Linux / Running", 3),
                ("Ann Lee", "Windows / Running", 1),
                ("Bob Stone", "Windows / Running", 4),
            ],
            categories={
                "Linux / Running": "Operating systems",
                "Windows / Running": "Operating systems",
                "Patching": "Operating systems / Linux",
                "Communication": "Soft skills",
            },
            table=[
                ("0", "0 None", 1),
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 2),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 2),
            ],
        )
    )

    # 25. only an id column names the people
    rows = [["Employee ID", *SKILLS], ["E-101", 2, 3, 4], ["E-102", 1, None, 0]]
    add(
        Case(
            "id_only",
            xlsx({"M": rows}),
            "wide",
            {"E-101", "E-102"},
            set(SKILLS),
            5,
            [("E-101", "Testing", 4), ("E-102", "Python", 1)],
            table=[
                ("0", "0 None", 1),
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 1),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 26. a '#' row-number column in front of the names
    rows = [["#", "Name", *SKILLS], [1, "Ann Lee", 2, 3, 4], [2, "Bob Stone", 1, 1, 0]]
    add(
        Case(
            "hash_column",
            xlsx({"M": rows}),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Ann Lee", "Python", 2), ("Bob Stone", "Testing", 0)],
            table=[
                ("0", "0 None", 1),
                ("1", "1 Awareness", 2),
                ("2", "2 Working", 1),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 27. two people with one name, told apart by their ids
    rows = [
        ["Staff ID", "Full name", *SKILLS],
        [7, "Alex Kim", 1, 2, 3],
        [8, "Alex Kim", 4, 3, 2],
        [9, "Ann Lee", 0, 0, 1],
    ]
    add(
        Case(
            "twins_with_ids",
            xlsx({"M": rows}),
            "wide",
            ["Alex Kim", "Alex Kim", "Ann Lee"],
            set(SKILLS),
            9,
            [("Ann Lee", "Testing", 1)],
            table=[
                ("0", "0 None", 2),
                ("1", "1 Awareness", 2),
                ("2", "2 Working", 2),
                ("3", "3 Proficient", 2),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 28. columns that are not ratings: recognised, skipped and listed
    import datetime as dt

    rows = [
        [
            "Name",
            "Email",
            "Python",
            "Description",
            "Link",
            "Risk",
            "Shift",
            "Start date",
            "SQL",
            "Since",
        ],
        [
            "Ann Lee",
            "ann@x.org",
            3,
            "Backend",
            "https://wiki/ann",
            "high",
            "Day",
            dt.date(2020, 1, 1),
            2,
            dt.date(2021, 3, 1),
        ],
        [
            "Bob Stone",
            "bob@x.org",
            1,
            "Frontend",
            "https://wiki/bob",
            "low",
            "Night",
            dt.date(2022, 5, 1),
            4,
            dt.date(2022, 6, 1),
        ],
    ]
    add(
        Case(
            "non_rating_columns",
            xlsx({"M": rows}),
            "wide",
            set(P5[:2]),
            {"Python", "SQL"},
            4,
            [("Ann Lee", "Python", 3), ("Bob Stone", "SQL", 4)],
            skipped=["Description", "Link", "Risk", "Shift", "Start date", "Since (dates)"],
            table=[
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 1),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 29. several sheets: the one with ratings is read
    sheets = {
        "Instructions": [["How to fill in this matrix"], ["Rate each skill 0-4"]],
        "Legend": [["Level", "Meaning"], [0, "None"], [4, "Expert"]],
        "Matrix": wide([[2, 3, 1], [4, 0, 2]], SKILLS),
    }
    add(
        Case(
            "several_sheets",
            xlsx(sheets),
            "wide",
            set(P5[:2]),
            set(SKILLS),
            6,
            [("Bob Stone", "Python", 4)],
            sheet="Matrix",
            table=[
                ("0", "0 None", 1),
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 2),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 30. person heading variants
    for head in ("Player", "Login", "Engineer", "User", "Team member", "Person", "Staff"):
        rows = wide([[1, 2, 3], [3, 2, 1]], SKILLS, head)
        add(
            Case(
                f"heading_{head.lower().replace(' ', '_')}",
                xlsx({"M": rows}),
                "wide",
                set(P5[:2]),
                set(SKILLS),
                6,
                [("Bob Stone", "Python", 3)],
                table=[("1", "1 Awareness", 2), ("2", "2 Working", 2), ("3", "3 Proficient", 2)],
            )
        )

    # 31. long with the usual column names
    rows = [
        ["employee", "skill", "proficiency", "date", "notes"],
        ["Ann Lee", "Python", 3, "2024-05-01", "mentors"],
        ["Ann Lee", "SQL", 2, None, None],
        ["Bob Stone", "Python", 1, None, None],
    ]
    add(
        Case(
            "long_basic",
            xlsx({"Data": rows}),
            "long",
            set(P5[:2]),
            {"Python", "SQL"},
            3,
            [("Ann Lee", "Python", 3), ("Bob Stone", "Python", 1)],
            table=[("1", "1 Awareness", 1), ("2", "2 Working", 1), ("3", "3 Proficient", 1)],
        )
    )

    # 32. long on 1-5 with an assessment type (self rows are self-ratings)
    text = (
        "employee_id,name,competency,score,assessment_type\n"
        "1,Ann Lee,Python,5,manager\n1,Ann Lee,Python,4,self\n1,Ann Lee,SQL,2,manager\n"
        "2,Bob Stone,Python,3,manager\n2,Bob Stone,SQL,1,self\n"
    )
    add(
        Case(
            "long_assessment_type",
            csv({"ratings.csv": text}, "ratings.csv"),
            "long",
            set(P5[:2]),
            {"Python", "SQL"},
            5,
            [
                ("Ann Lee", "Python", 4),
                ("Ann Lee", "Python (self)", 3),
                ("Ann Lee", "SQL", 1),
                ("Bob Stone", "Python", 2),
                ("Bob Stone", "SQL (self)", 0),
            ],
            [
                ("1", "0 None", 1),
                ("2", "1 Awareness", 1),
                ("3", "2 Working", 1),
                ("4", "3 Proficient", 1),
                ("5", "4 Expert", 1),
            ],
        )
    )

    # 33. a normalised long file: ids resolved by people.csv and skills.csv beside it
    files = {
        "ratings.csv": "employee_id,skill_id,level\n10,S1,3\n10,S2,1\n11,S1,4\n12,S3,2\n",
        "people.csv": "id,name,team\n10,Ann Lee,Platform\n11,Bob Stone,Platform\n"
        "12,Carla Diaz,Payments\n",
        "skills.csv": "id,name,category\nS1,Python,Languages\nS2,SQL,Data\nS3,Testing,Quality\n",
    }
    add(
        Case(
            "long_normalised",
            csv(files, "ratings.csv"),
            "long",
            set(P5[:3]),
            set(SKILLS),
            4,
            [("Ann Lee", "Python", 3), ("Carla Diaz", "Testing", 2)],
            categories={"Python": "Languages", "SQL": "Data", "Testing": "Quality"},
            table=[
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 1),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 1),
            ],
        )
    )

    # 34. long with words
    rows = [
        ["Name", "Competency", "Rating"],
        ["Ann Lee", "Python", "Expert"],
        ["Ann Lee", "SQL", "Novice"],
        ["Bob Stone", "SQL", "Intermediate"],
    ]
    add(
        Case(
            "long_words",
            xlsx({"L": rows}),
            "long",
            set(P5[:2]),
            {"Python", "SQL"},
            3,
            [("Ann Lee", "Python", 4), ("Ann Lee", "SQL", 1), ("Bob Stone", "SQL", 2)],
            table=[
                ("Novice", "1 Awareness", 1),
                ("Intermediate", "2 Working", 1),
                ("Expert", "4 Expert", 1),
            ],
        )
    )

    # 35. a semicolon CSV, wide, with words in another language's style of capitals
    text = "Name;Python;SQL\nAnn Lee;ADVANCED;beginner\nBob Stone;Expert;\n"
    add(
        Case(
            "csv_semicolon_words",
            csv({"team.csv": text}, "team.csv"),
            "wide",
            set(P5[:2]),
            {"Python", "SQL"},
            3,
            [("Ann Lee", "Python", 3), ("Bob Stone", "Python", 4)],
            table=[
                ("beginner", "1 Awareness", 1),
                ("ADVANCED", "3 Proficient", 1),
                ("Expert", "4 Expert", 1),
            ],
        )
    )

    # 36. transposed x/o with a title and notes
    rows = [
        ["Cell 4 operator matrix"],
        ["x = qualified, o = not yet"],
        [],
        ["Task", "Ann Lee", "Bob Stone", "Carla Diaz"],
        ["Welding", "x", "o", "x"],
        ["Inspection", "o", "o", "x"],
    ]
    add(
        Case(
            "transposed_x_o",
            xlsx({"Cell 4": rows}),
            "transposed",
            set(P5[:3]),
            {"Welding", "Inspection"},
            6,
            [("Ann Lee", "Welding", 3), ("Bob Stone", "Inspection", 0)],
            [("o", "0 None", 3), ("x", "3 Proficient", 3)],
        )
    )

    # 37. the app's own report (its Matrix sheet), read back
    add(
        Case(
            "app_report",
            app_report,
            "matrix",
            set(APP_PEOPLE),
            set(APP_SKILLS),
            6,
            [
                ("Ann Lee", "API design", 3),
                ("Ann Lee", "Testing", 0),
                ("Bob Stone", "Mentoring", 2),
                ("Carla Diaz", "Testing", 4),
            ],
            [
                ("0", "0 None", 1),
                ("1", "1 Awareness", 1),
                ("2", "2 Working", 1),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 2),
            ],
            categories=APP_SKILLS,
            sheet="Matrix",
        )
    )

    # 38. the app's own self-assessment form, filled in and returned
    add(
        Case(
            "app_form",
            app_form,
            "form",
            {"Bob Stone"},
            set(APP_SKILLS),
            3,
            [
                ("Bob Stone", "API design", 2),
                ("Bob Stone", "Testing", "n/a"),
                ("Bob Stone", "Mentoring", 3),
            ],
            [
                ("2 - Working", "2 Working", 1),
                ("3 - Proficient", "3 Proficient", 1),
                ("n/a", "n/a", 1),
            ],
            categories=APP_SKILLS,
        )
    )

    # 39. index and id columns in front of the names are not competencies
    for head, ids in (
        ("No.", [1, 2]),
        ("ID", ["A7", "B9"]),
        ("ID-ID", ["10-4", "10-7"]),
        (None, [1, 2]),  # row numbers under no heading
    ):
        rows = [
            [head, "Name", *SKILLS],
            [ids[0], "Ann Lee", 2, 3, 4],
            [ids[1], "Bob Stone", 1, 1, 0],
        ]
        add(
            Case(
                f"index_column_{(head or 'none').lower().replace('.', '').replace('-', '_')}",
                xlsx({"M": rows}),
                "wide",
                set(P5[:2]),
                set(SKILLS),
                6,
                [("Ann Lee", "Python", 2), ("Ann Lee", "Testing", 4), ("Bob Stone", "Testing", 0)],
                [
                    ("0", "0 None", 1),
                    ("1", "1 Awareness", 2),
                    ("2", "2 Working", 1),
                    ("3", "3 Proficient", 1),
                    ("4", "4 Expert", 1),
                ],
            )
        )

    # 40. wide with merged group cells (as Excel stores them: the text in the first cell)
    rows = [
        [None, "Operating systems", None, None, "Soft skills", None],
        [None, "Linux", None, "Windows", None, None],
        ["Name", "Running", "Patching", "Running", "Communication", "Mentoring"],
        ["Ann Lee", 3, 2, 1, 4, 0],
        ["Bob Stone", 0, None, 4, 2, 1],
    ]
    add(
        Case(
            "wide_merged_groups",
            xlsx({"M": rows}, merged=("B1:D1", "E1:F1", "B2:C2")),
            "wide",
            set(P5[:2]),
            {"Linux / Running", "Patching", "Windows / Running", "Communication", "Mentoring"},
            9,
            [
                ("Ann Lee", "Linux / Running", 3),
                ("Ann Lee", "Windows / Running", 1),
                ("Bob Stone", "Windows / Running", 4),
                ("Bob Stone", "Mentoring", 1),
            ],
            [
                ("0", "0 None", 2),
                ("1", "1 Awareness", 2),
                ("2", "2 Working", 2),
                ("3", "3 Proficient", 1),
                ("4", "4 Expert", 2),
            ],
            categories={
                "Linux / Running": "Operating systems",
                "Patching": "Operating systems / Linux",
                "Windows / Running": "Operating systems",
                "Communication": "Soft skills",
                "Mentoring": "Soft skills",
            },
        )
    )

    # 41. transposed with a merged category column down the left
    rows = [
        ["Area", "Skill", "Ann Lee", "Bob Stone"],
        ["Languages", "Python", "Expert", "Beginner"],
        [None, "Go", "Intermediate", None],
        ["Quality", "Testing", "Advanced", "Expert"],
        [None, "Code review", None, "Intermediate"],
    ]
    add(
        Case(
            "transposed_merged_category",
            xlsx({"M": rows}, merged=("A2:A3", "A4:A5")),
            "transposed",
            set(P5[:2]),
            {"Python", "Go", "Testing", "Code review"},
            6,
            [("Ann Lee", "Python", 4), ("Bob Stone", "Python", 1), ("Bob Stone", "Code review", 2)],
            [
                ("Beginner", "1 Awareness", 1),
                ("Intermediate", "2 Working", 2),
                ("Advanced", "3 Proficient", 1),
                ("Expert", "4 Expert", 2),
            ],
            categories={
                "Python": "Languages",
                "Go": "Languages",
                "Testing": "Quality",
                "Code review": "Quality",
            },
        )
    )

    # 42. a normalised long file without its lookup files: the ids are the names
    text = "employee_id,skill_id,level\n10,S1,3\n10,S2,1\n11,S1,4\n"
    add(
        Case(
            "long_ids_without_lookups",
            csv({"ratings.csv": text}, "ratings.csv"),
            "long",
            {"10", "11"},
            {"S1", "S2"},
            3,
            [("10", "S1", 3), ("10", "S2", 1), ("11", "S1", 4)],
            [("1", "1 Awareness", 1), ("3", "3 Proficient", 1), ("4", "4 Expert", 1)],
        )
    )

    # 43. long: two people with one name, told apart by their employee ids
    text = (
        "employee_id,name,skill,level\n1,Alex Kim,Python,3\n2,Alex Kim,Python,1\n3,Ann Lee,SQL,2\n"
    )
    add(
        Case(
            "long_twins_with_ids",
            csv({"ratings.csv": text}, "ratings.csv"),
            "long",
            ["Alex Kim", "Alex Kim", "Ann Lee"],
            {"Python", "SQL"},
            3,
            [("Ann Lee", "SQL", 2)],
            [("1", "1 Awareness", 1), ("2", "2 Working", 1), ("3", "3 Proficient", 1)],
        )
    )
    return out
