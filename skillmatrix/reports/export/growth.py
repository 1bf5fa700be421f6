"""The Growth sheet: who can teach and who wants to learn, and suggested mentor pairs."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.coverage import names
from skillmatrix.reports.export.sheet import table_sheet, wrapped_height

HEADERS = (
    "Competency",
    "Category",
    "Can teach",
    "Want to learn",
    "Who can teach",
    "Who wants to learn",
)
#: At most 150 characters (as every table sheet): printed at 70 % or more.
WIDTHS = (26, 16, 9, 9, 44, 44)
#: Interest at or above this counts as "wants to learn".
KEEN = 2
MAX_PAIRS = 2_000


def write_growth(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Growth sheet."""
    snap = data.current
    top = snap.scale.max
    w = table_sheet(
        ws,
        title=f"Growth · {data.scope} · {data.cycle_name}",
        subtitle=f"Can teach: rated {top} {snap.scale.label(top)}. Wants to learn: interest "
        f"{KEEN} or more (0-3) and not yet at {snap.scale.label(top)}.",
        headers=HEADERS,
        widths=WIDTHS,
        footer=f"SkillMatrix · {data.scope}",
        paper=data.paper,
        freeze=None,
    )
    teach = snap.levels >= top
    keen = (snap.interest >= KEEN) & ~(snap.levels >= top) & ~snap.not_applicable
    people = np.empty(len(snap.people), dtype=object)
    people[:] = list(snap.people)
    for j, c in enumerate(snap.competencies):
        teachers = tuple(people[teach[:, j]])
        learners = tuple(people[keen[:, j]])
        if not teachers and not learners:
            continue
        can, want = names(teachers), names(learners)
        w.append(
            [
                w.text(c.name, "sm_text"),
                w.text(c.category, "sm_text"),
                w.number(len(teachers), "sm_int"),
                w.number(len(learners), "sm_int"),
                w.text(can, "sm_wrap"),
                w.text(want, "sm_wrap"),
            ],
            height=wrapped_height([(can, WIDTHS[4]), (want, WIDTHS[5])]),
        )
    w.blank(height=14)
    w.append([w.text("Suggested mentor pairs", "sm_section")], height=22)
    pairs = data.mentors[:MAX_PAIRS]
    if not pairs:
        w.append([w.text("No expert / keen learner pairs in this cycle.", "sm_plain")])
    else:
        w.append(
            [
                w.text(h, "sm_header_left" if k == 0 else "sm_header")
                for k, h in enumerate(
                    ["Competency", "Mentor", "Mentee level", "Mentee interest", "Mentee", "Teams"]
                )
            ],
            height=30,
        )
        for p in pairs:
            lvl = p.mentee_level
            w.append(
                [
                    w.text(p.competency.name, "sm_text"),
                    w.text(p.mentor.name, "sm_text"),
                    w.number(None if math.isnan(lvl) else int(lvl), "sm_int"),
                    w.number(p.mentee_interest, "sm_int"),
                    w.text(p.mentee.name, "sm_text"),
                    w.text(_teams(data, p.mentor, p.mentee), "sm_text"),
                ]
            )
        if len(data.mentors) > MAX_PAIRS:
            w.append(
                [w.text(f"… {len(data.mentors) - MAX_PAIRS} more pairs not shown.", "sm_muted")]
            )


def _teams(data: ReportData, mentor: Any, mentee: Any) -> str:
    """The teams as shown: "Mentor's team → mentee's team" (one team when they are the same)."""
    a, b = data.identity(mentor)[0], data.identity(mentee)[0]
    return a if a == b else f"{a} → {b}"
