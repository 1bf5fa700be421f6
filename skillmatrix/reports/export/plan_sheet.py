"""The Plans sheet: every growth goal of the report's people, with where it stands.

One row per goal; its actions are listed one per line in the Actions cell ("course: SRE
(done)"), their mentors in the Mentor cell. In an anonymised report people and mentors
appear under their pseudonyms only (a mentor outside the report's people as "another
team"), and the free-text details of an action are left out, as notes are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.sheet import TABLE_HEADER_ROW as HEADER_ROW
from skillmatrix.reports.export.sheet import grid_borders, table_sheet, wrapped_height

SHEET = "Plans"
HEADERS = (
    "Person", "Team", "Competency", "Level now", "Target", "By cycle", "Actions", "Mentor",
    "Status", "Progress",
)  # fmt: skip
#: About 140 characters over ten columns: printed at 70 % or more on Letter too.
WIDTHS = (18, 11, 22, 7, 7, 9, 24, 14, 10, 18)
MAX_ROWS = 20_000
OUTSIDE = "another team"


@dataclass(frozen=True, slots=True)
class PlanAction:
    """One action of a goal (a mentor's name as stored)."""

    kind: str
    text: str
    mentor_id: int | None
    mentor: str
    done: bool


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One goal as the service hands it to the report (names as stored)."""

    person_id: int
    person: str
    competency_id: int
    competency: str
    target: int
    by_cycle: str
    actions: tuple[PlanAction, ...]
    status: str
    progress: str


def _level(data: ReportData, person_id: int, competency_id: int) -> int | None:
    snap = data.current
    try:
        value = snap.levels[snap.person_index(person_id), snap.competency_index(competency_id)]
    except (KeyError, ValueError, IndexError):
        return None
    return None if math.isnan(value) else int(value)


def _actions(row: PlanRow, anon: bool) -> str:
    """One line per action: its kind, its mentor and text, "(done)" when done.

    The mentor is left out when anonymised: the mentor's pseudonym is in the Mentor cell.
    """
    lines = []
    for a in row.actions:
        detail = ", ".join(x for x in (a.mentor, a.text) if x)
        line = a.kind if anon or not detail else f"{a.kind}: {detail}"
        lines.append(f"{line} (done)" if a.done else line)
    return "\n".join(lines)


def _mentors(row: PlanRow, anon: bool, people: dict[int, Any]) -> str:
    names = []
    for a in row.actions:
        if a.kind != "mentor" or (a.mentor_id is None and not a.mentor):
            continue
        if anon:
            names.append(people[a.mentor_id].name if a.mentor_id in people else OUTSIDE)
        else:
            names.append(a.mentor)
    return "\n".join(dict.fromkeys(names))


def write_plans(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Plans sheet: open goals first, then by person."""
    anon = data.anonymized
    w = table_sheet(
        ws,
        title=f"Growth plans · {data.scope} · {data.cycle_name}",
        subtitle="Each goal: reach the target level in a competency (by a cycle), its actions "
        "(a mentor, a course, a project; one a line, done ones marked) and its progress "
        "against the ratings since it was set."
        + (" Names are pseudonyms; action details are left out." if anon else ""),
        headers=HEADERS,
        widths=WIDTHS,
        footer=f"SkillMatrix · {data.scope} · {data.cycle_name}",
        paper=data.paper,
    )
    people = {p.id: p for p in data.current.people}
    rows = [r for r in data.plans or [] if r.person_id in people]
    rows.sort(key=lambda r: (r.status not in ("planned", "in progress"),
                             people[r.person_id].name, r.competency))  # fmt: skip
    empty = (
        "Growth plans were not included in this report."
        if data.plans is None
        else "No growth goals for these people yet."
        if not rows
        else None
    )
    if empty is not None:  # across the table: in column A alone it printed wrapped and cut
        w.merge(w.append([w.text(empty, "sm_plain")], height=20), 1, len(WIDTHS))
    for r in rows[:MAX_ROWS]:
        person = people[r.person_id]
        action, mentor = _actions(r, anon), _mentors(r, anon, people)
        # Unstyled cells where nothing wraps (a department has thousands of goals; styled
        # cells cost ten times as much); every text still goes in as text, never a formula.
        w.append(
            [
                w.raw(person.name),
                w.raw(data.identity(person)[0]),
                w.raw(r.competency),
                _level(data, r.person_id, r.competency_id),
                r.target,
                w.raw(r.by_cycle),
                w.text(action, "sm_wrap") if action else None,
                w.text(mentor, "sm_wrap") if "\n" in mentor else w.raw(mentor),
                w.raw(r.status),
                w.text(r.progress, "sm_wrap"),
            ],
            height=wrapped_height(
                [(action, WIDTHS[6]), (mentor, WIDTHS[7]), (r.progress, WIDTHS[9])]
            ),
        )
    if len(rows) > MAX_ROWS:
        w.append([w.text(f"… {len(rows) - MAX_ROWS:,} more goals not shown.", "sm_muted")])
    last = HEADER_ROW + min(len(rows), MAX_ROWS)
    ws.auto_filter.ref = f"A{HEADER_ROW}:J{max(last, HEADER_ROW)}"
    if rows:
        grid_borders(ws, f"A{HEADER_ROW + 1}:J{last}")
