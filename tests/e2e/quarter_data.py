"""A team of 12 at the start of a quarter, and the forms they send back (filled by code).

Used by the end-to-end test and by the screenshot script (``shots_quarter.py``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from skillmatrix.core.frameworks import find_framework
from skillmatrix.reports.forms import HEADER_ROW
from skillmatrix.services import cycles, people, ratings, review
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database

TEAM = "Platform"
NAMES = (
    "Ada Lovelace", "Alan Turing", "Barbara Liskov", "Dennis Ritchie", "Edsger Dijkstra",
    "Frances Allen", "Grace Hopper", "Ken Thompson", "Leslie Lamport", "Margaret Hamilton",
    "Niklaus Wirth", "Radia Perlman",
)  # fmt: skip
SENIORITIES = ("Junior", "Mid", "Senior", "Mid")
#: form columns (see reports.forms): competency name, the manager's level, "Your level",
#: interest, note
NAME_COL, MANAGER_COL, LEVEL_COL, INTEREST_COL, NOTE_COL = 2, 6, 7, 8, 9
LAST, NOW = "2026-Q3", "2026-Q4"


def manager_level(i: int, j: int) -> int:
    return 1 + (i + 2 * j) % 4


def self_level(i: int, j: int) -> int:
    """What person ``i`` says of competency ``j``.

    Every fifth competency 2 levels from the manager (the review lists those first), the
    rest equal or one above.
    """
    mine = manager_level(i, j)
    if (i + j) % 5 == 0:
        return mine + 2 if mine <= 2 else mine - 2
    return min(4, mine + (i + j) % 2)


def team_of_12(path: Path) -> Path:
    """Backend Engineer framework; 12 people in one team rated by their manager in 2026-Q3.

    Carried forward into 2026-Q4 (the quarter being run, due in two weeks).
    """
    db = open_database(path)
    try:
        fw.install_framework(db, find_framework("Backend Engineer"))
        comps = fw.list_competencies(db)
        q3 = cycles.start_cycle(db, name=LAST)
        for i, name in enumerate(NAMES):
            pid = people.add_person(
                db,
                name=name,
                email=name.lower().replace(" ", ".") + "@example.com",
                team=TEAM,
                role="Backend Engineer",
                seniority=SENIORITIES[i % len(SENIORITIES)],
            ).id
            for j, comp in enumerate(comps):
                ratings.rate(
                    db, cycle_id=q3.id, person_id=pid, competency_id=comp.id,
                    level=manager_level(i, j),
                )  # fmt: skip
        cycles.start_cycle(db, name=NOW)  # carries every rating forward
        review.set_due(db, NOW, dt.date.today() + dt.timedelta(days=14))
    finally:
        db.close()
    return path


def fill_form(path: Path, person_index: int, competency_order: list[str]) -> int:
    """Fill a returned form as the person would; returns how many rows were filled.

    Their level per competency and a note on the far-apart ones.
    """
    wb = load_workbook(path)
    ws = wb["Self-assessment"]
    filled = 0
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        name = ws.cell(row, NAME_COL).value
        if not name:
            continue
        j = competency_order.index(name)
        level = self_level(person_index, j)
        ws.cell(row, LEVEL_COL).value = level
        if abs(level - manager_level(person_index, j)) >= 2:
            ws.cell(row, NOTE_COL).value = f"See my design doc on {name.lower()}"
        filled += 1
    wb.save(path)
    return filled
