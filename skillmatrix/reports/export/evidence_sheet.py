"""The Evidence sheet, only when the user asks for it.

The links and short texts behind each rating of the report's people in its cycle.

Evidence is free text that may name people, so it is never part of an anonymised
report; every text goes in as a text cell, never a formula.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.sheet import table_sheet, wrapped_height

SHEET = "Evidence"
HEADERS = (
    "Person", "Team", "Competency", "Level", "Link", "Evidence", "Cycle", "Added by", "Added on",
)  # fmt: skip
#: About 140 characters over nine columns: printed at 70 % or more on Letter too.
WIDTHS = (18, 11, 22, 6, 26, 31, 9, 9, 10)
MAX_ROWS = 50_000


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One piece of evidence of a reported rating."""

    person_id: int
    competency_id: int
    url: str
    text: str
    added_by: str
    added_on: dt.date
    cycle: str = ""  # the cycle it was added in (earlier ones: the rating was carried)


def write_evidence(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Evidence sheet, by person then competency."""
    snap = data.current
    people = {p.id: (i, p) for i, p in enumerate(snap.people)}
    comps = {c.id: (j, c) for j, c in enumerate(snap.competencies)}
    w = table_sheet(
        ws,
        title=f"Evidence · {data.scope} · {data.cycle_name}",
        subtitle="What backs each rating: links (design docs, incident reviews, courses) and "
        "short notes, as entered in the app, in this cycle or before it (a rating carried "
        "forward keeps its evidence). Included because the exporter chose to.",
        headers=HEADERS,
        widths=WIDTHS,
        footer=f"SkillMatrix · {data.scope} · {data.cycle_name}",
        paper=data.paper,
    )
    rows = [r for r in data.evidence or [] if r.person_id in people and r.competency_id in comps]
    rows.sort(key=lambda r: (people[r.person_id][1].name, comps[r.competency_id][1].name))
    if not rows:
        w.append([w.text("No evidence is recorded for these ratings.", "sm_plain")])
    for r in rows[:MAX_ROWS]:
        i, person = people[r.person_id]
        j, comp = comps[r.competency_id]
        level = snap.levels[i, j]
        w.append(
            [
                w.text(person.name, "sm_text"),
                w.text(data.identity(person)[0], "sm_text"),
                w.text(comp.name, "sm_text"),
                w.number(None if math.isnan(level) else int(level), "sm_int"),
                w.text(r.url, "sm_wrap"),
                w.text(r.text, "sm_wrap"),
                w.text(r.cycle, "sm_text"),
                w.text(r.added_by, "sm_text"),
                w.text(r.added_on.isoformat(), "sm_text"),
            ],
            height=wrapped_height([(r.url, WIDTHS[4]), (r.text, WIDTHS[5])]),
        )
    if len(rows) > MAX_ROWS:
        w.append([w.text(f"… {len(rows) - MAX_ROWS:,} more not shown.", "sm_muted")])
