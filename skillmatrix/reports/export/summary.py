"""The Summary sheet: a one-page briefing for a director.

Title and scope, four key figures (with the change since the compared cycle), the largest
gaps to target, single points of failure, the hiring suggestion and what changed most.
Gridlines are off and it prints on one portrait page.
"""

from __future__ import annotations

import math
from typing import Any

from skillmatrix.core.analytics import Summary
from skillmatrix.core.summary import team_breakdown
from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.sheet import SheetWriter, setup_print
from skillmatrix.reports.kanonymity import describe
from skillmatrix.reports.styles import STATUS_WORDS

#: Column A is a margin; the content spans B..I (4 "cards" of two columns each). At most
#: 109 characters: one portrait page wide then prints the 10 pt text at 7 pt or more.
WIDTHS = (2, 28, 11, 11, 11, 11, 11, 11, 11)
LAST_COL = len(WIDTHS)
TOP = 6


def write_summary(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Summary sheet."""
    w = SheetWriter(ws)
    w.widths(WIDTHS)
    ws.sheet_view.showGridLines = False
    setup_print(
        ws,
        landscape=False,
        fit_height=True,
        footer=f"SkillMatrix · {data.scope}",
        paper=data.paper,
    )
    s = data.summary
    assert s is not None
    w.blank(height=8)
    w.append([None, w.text(f"Skills report · {data.scope}", "sm_title")], height=32)
    parts = [data.cycle_name]
    if data.previous is not None:
        parts.append(f"compared with {data.previous_name}")
    parts += [
        f"{s.people} people",
        f"{s.competencies} competencies",
        f"generated {data.generated_on:%d %b %Y}",
    ]
    if data.anonymized:
        parts.append("anonymised")
    w.append([None, w.text(" · ".join(parts), "sm_subtitle")], height=18)
    _key_figures(w, data, s)
    _by_team(w, data)
    _top_gaps(w, data)
    _spofs(w, data)
    _hiring(w, data)
    _changes(w, data)
    _about(w, data)


def _section(w: SheetWriter, title: str) -> None:
    w.blank(height=10)
    row = w.append(
        [None, w.text(title, "sm_section")] + [w.cell(None, "sm_section")] * (LAST_COL - 2),
        height=22,
    )
    w.merge(row, 2, LAST_COL)


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0%}"


def _key_figures(w: SheetWriter, data: ReportData, s: Summary) -> None:
    _section(w, "Key figures")
    below = s.gaps + s.at_risk
    cards = [
        (
            "Competencies meeting their coverage rule",
            s.share_meeting_rule,
            "sm_kpi_pct",
            f"{s.ok} of {s.competencies}",
        ),
        (
            "Competencies below their rule",
            below,
            "sm_kpi",
            f"{s.gaps} with nobody · {s.at_risk} at risk",
        ),
        (
            "Single points of failure",
            s.single_points_of_failure,
            "sm_kpi",
            "covered by one person only",
        ),
        (
            "Average gap to target",
            s.average_gap,
            "sm_kpi_dec",
            "levels per person, summed over their role",
        ),
    ]
    prev = data.previous_summary
    deltas = [""] * len(cards)
    if prev is not None:
        deltas = [
            _delta_pct(s.share_meeting_rule, prev.share_meeting_rule),
            _delta_num(below, prev.gaps + prev.at_risk, lower_is_better=True),
            _delta_num(s.single_points_of_failure, prev.single_points_of_failure, True),
            _delta_num(s.average_gap, prev.average_gap, True, decimals=1),
        ]
    rows: list[list[Any]] = [[None], [None], [None], [None]]
    for k, (label, value, style, note) in enumerate(cards):
        rows[0] += [w.text(label, "sm_kpi_label"), None]
        rows[1] += [w.number(value, style), None]
        rows[2] += [w.text(note, "sm_muted"), None]
        change = f"{deltas[k]} since {data.previous_name}" if prev is not None else ""
        rows[3] += [w.text(change, "sm_muted"), None]
    for r, height in zip(rows, (28, 30, 26, 26), strict=True):
        row = w.append(r, height=height)
        for k in range(len(cards)):
            w.merge(row, 2 + 2 * k, 3 + 2 * k)


def _delta_num(now: float, before: float, lower_is_better: bool, decimals: int = 0) -> str:
    if math.isnan(now) or math.isnan(before):
        return "no comparison"
    diff = now - before
    if round(diff, decimals) == 0:
        return "unchanged"
    better = (diff < 0) == lower_is_better
    arrow = "▲" if diff > 0 else "▼"
    return f"{arrow} {abs(diff):.{decimals}f} ({'better' if better else 'worse'})"


def _delta_pct(now: float, before: float) -> str:
    if math.isnan(now) or math.isnan(before):
        return "no comparison"
    points = round((now - before) * 100)
    if points == 0:
        return "unchanged"
    return f"{'▲' if points > 0 else '▼'} {abs(points)} points"


def _header(w: SheetWriter, titles: list[tuple[str, int]]) -> None:
    """A table header; each title spans the given number of columns."""
    cells: list[Any] = [None]
    col = 2
    spans = []
    for k, (title, span) in enumerate(titles):
        cells.append(w.text(title, "sm_header_left" if k == 0 else "sm_header"))
        cells.extend(w.cell(None, "sm_header") for _ in range(span - 1))
        spans.append((col, col + span - 1))
        col += span
    row = w.append(cells, height=30)
    for a, b in spans:
        w.merge(row, a, b)


def _table_row(w: SheetWriter, cells: list[tuple[Any, int]]) -> None:
    out: list[Any] = [None]
    col = 2
    spans = []
    for cell, span in cells:
        out.append(cell)
        style = getattr(cell, "style", None) if cell is not None else None
        out.extend(w.cell(None, style) for _ in range(span - 1))
        spans.append((col, col + span - 1))
        col += span
    row = w.append(out, height=18)
    for a, b in spans:
        w.merge(row, a, b)


def _note(w: SheetWriter, text: str, style: str = "sm_muted", height: float = 18) -> None:
    row = w.append([None, w.text(text, style)], height=height)
    w.merge(row, 2, LAST_COL)


TOP_ROWS = 6
TEAM_ROWS = 12


def _by_team(w: SheetWriter, data: ReportData) -> None:
    """Across all teams the organisation can look covered while each team still depends
    on one person; judge coverage inside each team too."""
    if data.current.team is not None:
        return
    teams = team_breakdown(data.current)
    if not teams:
        return
    _section(w, "Coverage by team (each team judged on its own)")
    _header(
        w,
        [
            ("Team", 1),
            ("People", 1),
            ("Below rule", 1),
            ("With nobody", 1),
            ("Single points of failure", 1),
            ("Critical competencies below rule", 3),
        ],
    )
    teams.sort(key=lambda t: -(len(t["gaps"]) + len(t["at_risk"])))
    for t in teams[:TEAM_ROWS]:
        critical = ", ".join(t["critical_below_rule"]) or "none"
        _table_row(
            w,
            [
                (w.text(t["team"], "sm_text"), 1),
                (w.number(t["people"], "sm_int"), 1),
                (w.number(len(t["gaps"]) + len(t["at_risk"]), "sm_int"), 1),
                (w.number(len(t["gaps"]), "sm_int"), 1),
                (w.number(len(t["single_points_of_failure"]), "sm_int"), 1),
                (w.text(critical, "sm_text"), 3),
            ],
        )
    if len(teams) > TEAM_ROWS:
        _note(w, f"… and {len(teams) - TEAM_ROWS} more teams; export a team's report for detail.")


def _top_gaps(w: SheetWriter, data: ReportData) -> None:
    _section(w, "Largest gaps to role targets")
    gaps = [g for g in data.team_gaps if g.people_below > 0][:TOP_ROWS]
    if not gaps:
        _note(w, "Everyone with a role target meets it.")
        return
    status = data.coverage_by_id()
    _header(
        w,
        [
            ("Competency", 1),
            ("Category", 2),
            ("People below target", 2),
            ("Mean gap (levels)", 2),
            ("Coverage", 1),
        ],
    )
    for g in gaps:
        word = status[g.competency.id].status
        _table_row(
            w,
            [
                (w.text(g.competency.name, "sm_text"), 1),
                (w.text(g.competency.category, "sm_text"), 2),
                (w.text(f"{g.people_below} of {g.people_with_target}", "sm_int"), 2),
                (w.number(g.mean_gap, "sm_dec"), 2),
                (w.text(STATUS_WORDS[word], f"sm_status_{word}"), 1),
            ],
        )


def _spofs(w: SheetWriter, data: ReportData) -> None:
    _section(w, "Single points of failure")
    rows = sorted(data.spofs, key=lambda r: (not r.competency.critical, r.competency.position))
    if not rows:
        _note(w, "No competency depends on a single person.")
        return
    _header(
        w, [("Competency", 1), ("Category", 2), ("Only person", 3), ("Critical", 1), ("Needs", 1)]
    )
    for r in rows[:TOP_ROWS]:
        person = r.coverers[0] if r.coverers else None
        _table_row(
            w,
            [
                (w.text(r.competency.name, "sm_text"), 1),
                (w.text(r.competency.category, "sm_text"), 2),
                (w.text(person.name if person else "", "sm_text"), 3),
                (w.text("Yes" if r.competency.critical else "", "sm_int"), 1),
                (w.text(f"{r.required} people", "sm_int"), 1),
            ],
        )
    if len(rows) > TOP_ROWS:
        _note(w, f"… and {len(rows) - TOP_ROWS} more; see the Coverage sheet.")


def _hiring(w: SheetWriter, data: ReportData) -> None:
    _section(w, "Hiring suggestion")
    hire = data.hire
    if hire is None:
        _note(w, "No single hire would close a coverage shortfall.", "sm_plain")
        return
    closes = ", ".join(c.name for c in hire.closes) or "no shortfall completely"
    text = f"Hire a {hire.seniority.value} {hire.role}: closes {closes}."
    if hire.improves:
        text += f" Also improves {', '.join(c.name for c in hire.improves)}."
    _note(w, text, "sm_plain", height=max(20, 15 * math.ceil(len(text) / 110)))


def _changes(w: SheetWriter, data: ReportData) -> None:
    if data.changes is None:
        return
    _section(w, f"Change since {data.previous_name}")
    moved = [c for c in data.changes if not math.isnan(c.mean_delta) and c.mean_delta != 0]
    moved.sort(key=lambda c: -abs(c.mean_delta))
    status_moves = [c for c in data.changes if c.status_before != c.status_after]
    if not moved and not status_moves:
        _note(w, "No change in mean levels or coverage.")
        return
    _header(
        w,
        [
            ("Competency", 1),
            ("Category", 2),
            ("Mean before", 1),
            ("Mean now", 1),
            ("Change", 1),
            ("Coverage (before → now)", 2),
        ],
    )
    shown = moved[:TOP_ROWS]
    shown += [c for c in status_moves if c not in shown][: max(0, TOP_ROWS + 2 - len(shown))]
    for c in shown:
        _table_row(
            w,
            [
                (w.text(c.competency.name, "sm_text"), 1),
                (w.text(c.competency.category, "sm_text"), 2),
                (w.number(c.mean_before, "sm_dec"), 1),
                (w.number(c.mean_after, "sm_dec"), 1),
                (w.number(c.mean_delta, "sm_delta"), 1),
                (
                    w.text(
                        STATUS_WORDS[c.status_after]
                        if c.status_before == c.status_after
                        else f"{STATUS_WORDS[c.status_before]} → {STATUS_WORDS[c.status_after]}",
                        f"sm_status_{c.status_after}",
                    ),
                    2,
                ),
            ],
        )


def _about(w: SheetWriter, data: ReportData) -> None:
    _section(w, "How to read this report")
    lines = [
        "A competency meets its coverage rule when enough people (usually 2) are at its "
        "minimum level (usually Proficient) or above; gaps compare each person with the "
        "target their role sets for their seniority.",
        "Matrix: every rating (blank = not rated). Coverage: who covers what. Gaps: each "
        "person's distance to target. Trend: change since the compared cycle. Growth: who "
        "can teach and who wants to learn.",
    ]
    if data.anonymized:
        lines.append("Names are replaced by stable pseudonyms; notes and e-mails are left out.")
        if data.k_anonymity is not None:
            lines.append(describe(data.k_anonymity, len(data.current.people)))
    for line in lines:
        _note(w, line, height=30)
