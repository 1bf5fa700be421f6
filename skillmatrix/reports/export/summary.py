"""The Summary sheet: a one-page briefing for a director.

Title and scope, four key figures (with the change since the compared cycle), the largest
gaps to target, single points of failure, the hiring suggestion and what changed most.
Gridlines are off and it prints on one portrait page.
"""

from __future__ import annotations

import math
from typing import Any

from skillmatrix.core.analytics import CompetencyChange, CoverageRow, Summary
from skillmatrix.core.by_team import nothing_rated
from skillmatrix.core.numbers import AVERAGE_GAP_PLACES, MEAN_GAP_PLACES, rounded
from skillmatrix.reports.export.context import ReportData
from skillmatrix.reports.export.review_section import OVERDUE_NAMES, progress_text, stale_text
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
        fit_height=False,  # the all-teams lists can run past one page: never shrink below 7 pt
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
    _key_figures(w, data, data.headline)
    _pooled_note(w, data)
    _by_team(w, data)
    _review(w, data)
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
    """Four cards.

    For all teams they count (team, competency) pairs: each team judged on its own people,
    summed (core.by_team).
    """
    _section(w, "Key figures" + (f" (each of the {s.teams} teams judged alone)" if s.teams else ""))
    below = s.gaps + s.at_risk
    by_team = s.teams > 0
    cards = [
        (
            "Team competencies meeting their rule"
            if by_team
            else "Competencies meeting their coverage rule",
            s.share_meeting_rule,
            "sm_kpi_pct",
            f"{s.ok} of {s.judged} ({s.teams} teams × {s.competencies})"
            if by_team
            else f"{s.ok} of {s.competencies}",
        ),
        (
            "Below their rule within a team" if by_team else "Competencies below their rule",
            below,
            "sm_kpi",
            f"{s.gaps} with nobody · {s.at_risk} at risk",
        ),
        (
            "Single points of failure",
            s.single_points_of_failure,
            "sm_kpi",
            "one person covers it in their team" if by_team else "covered by one person only",
        ),
        (
            "Average gap to target",
            rounded(s.average_gap, AVERAGE_GAP_PLACES),
            "sm_kpi_dec",
            "levels per person, summed over their role",
        ),
    ]
    prev = data.previous_headline
    deltas = [""] * len(cards)
    if prev is not None:
        deltas = [
            _delta_pct(s.share_meeting_rule, prev.share_meeting_rule),
            _delta_num(below, prev.gaps + prev.at_risk, lower_is_better=True),
            _delta_num(s.single_points_of_failure, prev.single_points_of_failure, True),
            _delta_num(s.average_gap, prev.average_gap, True, decimals=AVERAGE_GAP_PLACES),
        ]
    rows: list[list[Any]] = [[None], [None], [None], [None]]
    for k, (label, value, style, note) in enumerate(cards):
        rows[0] += [w.text(label, "sm_kpi_label"), None]
        rows[1] += [w.number(value, style), None]
        rows[2] += [w.text(note, "sm_muted"), None]
        change = f"{deltas[k]} since {data.previous_name}" if data.previous is not None else ""
        if data.previous is not None and prev is None:
            change = f"no comparison with {data.previous_name}"
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


def _pooled_note(w: SheetWriter, data: ReportData) -> None:
    """For all teams, what the pooled (org-wide) view would say, and why it is not the headline.

    For an empty scope, that nothing is rated yet.
    """
    s = data.summary
    assert s is not None
    if nothing_rated(s):
        _note(
            w, "Nothing is rated yet: the figures above will mean something once people are rated."
        )
        return
    if data.by_team is None:
        return
    spofs = s.single_points_of_failure
    text = (
        f"Pooled over all teams, as if anyone could cover for any team, {s.ok} of "
        f"{s.competencies} competencies meet their rule and {spofs} rest on one person "
        "(the Coverage sheet shows that pooled view)."
    )
    if data.by_team.unassigned:
        text += f" {data.by_team.unassigned} people without a team are in no team's figures."
    _note(w, text, height=30)


def _by_team(w: SheetWriter, data: ReportData) -> None:
    """Coverage judged inside each team.

    Across all teams the organisation can look covered while each team still depends on one
    person.
    """
    if data.by_team is None:
        return
    teams = data.by_team.teams
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
    for t in teams[:TEAM_ROWS]:  # worst first
        critical = ", ".join(r.competency.name for r in t.below_rule if r.competency.critical)
        _table_row(
            w,
            [
                (w.text(t.team, "sm_text"), 1),
                (w.number(t.people, "sm_int"), 1),
                (w.number(len(t.below_rule), "sm_int"), 1),
                (w.number(t.gaps, "sm_int"), 1),
                (w.number(len(t.spofs), "sm_int"), 1),
                (w.text(critical or "none", "sm_text"), 3),
            ],
        )
    if len(teams) > TEAM_ROWS:
        _note(w, f"… and {len(teams) - TEAM_ROWS} more teams; export a team's report for detail.")


def _review(w: SheetWriter, data: ReportData) -> None:
    """Review progress per team (overdue highlighted, then named).

    Then how much coverage rests on ratings not confirmed lately.
    """
    review = data.review
    if review is not None and review.teams:
        due = f", due {review.due:%d %b %Y}" if review.due else ""
        _section(w, f"Review progress: {progress_text(review.reviewed, review.people)}{due}")
        _header(
            w,
            [("Team", 3), ("People", 1), ("Reviewed", 1), ("Overdue", 1),
             ("Open disagreements", 2)],
        )  # fmt: skip
        for t in review.teams:
            _table_row(
                w,
                [
                    (w.text(t.team or "(no team)", "sm_text"), 3),
                    (w.number(t.people, "sm_int"), 1),
                    (w.text(f"{t.reviewed} of {t.people}", "sm_int"), 1),
                    (w.number(t.overdue, "sm_status_gap" if t.overdue else "sm_int"), 1),
                    (w.number(review.open_disagreements.get(t.team, 0), "sm_int"), 2),
                ],
            )
        if not data.anonymized:  # an anonymised report names nobody here
            for team, names in sorted(review.overdue.items(), key=lambda kv: kv[0] or "~"):
                shown = ", ".join(names[:OVERDUE_NAMES])
                more = (
                    f" and {len(names) - OVERDUE_NAMES} more" if len(names) > OVERDUE_NAMES else ""
                )
                text = f"Overdue in {team or '(no team)'}: {shown}{more}."
                _note(w, text, "sm_status_gap", height=_text_height(text))
        talks = sum(review.open_disagreements.values())
        late_total = sum(t.overdue for t in review.teams)
        text = f"{late_total} overdue: past the due date, review not done. " if late_total else ""
        text += (
            f"{talks} open disagreements: self-assessment and manager 2 or more levels "
            "apart, not yet agreed."
            if talks
            else "No open disagreements between self-assessments and managers."
        )
        _note(w, text, height=_text_height(text))
    trust = data.trusted
    if trust is not None and trust.ratings:
        style = "sm_status_at-risk" if trust.stale_coverers else "sm_muted"
        text = stale_text(trust, all_teams=data.current.team is None)
        _note(w, text, style, height=_text_height(text))


def _top_gaps(w: SheetWriter, data: ReportData) -> None:
    _section(w, "Largest gaps to role targets")
    gaps = [g for g in data.team_gaps if g.people_below > 0][:TOP_ROWS]
    if not gaps:
        _note(w, "Everyone with a role target meets it.")
        return
    status = data.coverage_by_id()
    wide = 2 if data.by_team is not None else 1  # "Below rule in 2 of 3 teams" needs room
    _header(
        w,
        [
            ("Competency", 1),
            ("Category", 2),
            ("People below target", 3 - wide),
            ("Mean gap (levels)", 2),
            ("Coverage" + (" in teams" if data.by_team else ""), wide),
        ],
    )
    for g in gaps:
        text, style = _coverage_words(data, g.competency.id, status[g.competency.id].status)
        _table_row(
            w,
            [
                (w.text(g.competency.name, "sm_text"), 1),
                (w.text(g.competency.category, "sm_text"), 2),
                (w.text(f"{g.people_below} of {g.people_with_target}", "sm_int"), 3 - wide),
                (w.number(rounded(g.mean_gap, MEAN_GAP_PLACES), "sm_dec"), 2),
                (w.text(text, style), wide),
            ],
        )


def _coverage_words(data: ReportData, competency_id: int, pooled: str) -> tuple[str, str]:
    """A competency's coverage as the page judges it, with its status style.

    For all teams, in each team (how many fall short); else over the scope.
    """
    if data.by_team is None:
        return STATUS_WORDS[pooled], f"sm_status_{pooled}"
    below, worst = data.by_team.teams_below(competency_id)
    if not below:
        return "Meets rule in every team", "sm_status_ok"
    return f"Below rule in {below} of {len(data.by_team.teams)} teams", f"sm_status_{worst}"


def _spofs(w: SheetWriter, data: ReportData) -> None:
    """Competencies one person covers; for all teams, within each team (naming it)."""
    _section(w, "Single points of failure" + (" within teams" if data.by_team else ""))
    rows: list[tuple[str | None, CoverageRow]]
    if data.by_team is not None:
        rows = [(x.team, x.row) for x in data.by_team.spofs]
    else:
        rows = [(None, r) for r in data.spofs]
    rows.sort(key=lambda x: (not x[1].competency.critical, x[1].competency.position, x[0] or ""))
    if not rows:
        _note(w, "No competency depends on a single person.")
        return
    team_col = data.by_team is not None
    _header(
        w,
        [("Competency", 1)]
        + ([("Team", 1), ("Category", 2)] if team_col else [("Category", 2)])
        + [("Only person", 2 if team_col else 3), ("Critical", 1), ("Needs", 1)],
    )
    for team, r in rows[:TOP_ROWS]:
        person = [r.coverers[0].name] if r.coverers else []
        # A category ("Tools & platforms") needs two columns: one printed it cut off.
        place = (
            [(w.text(team, "sm_text"), 1), (w.text(r.competency.category, "sm_text"), 2)]
            if team_col
            else [(w.text(r.competency.category, "sm_text"), 2)]
        )
        _table_row(
            w,
            [
                (w.text(r.competency.name, "sm_text"), 1),
                *place,
                (
                    w.text(", ".join(data.named_in_team(person, team)), "sm_text"),
                    2 if team_col else 3,
                ),
                (w.text("Yes" if r.competency.critical else "", "sm_int"), 1),
                (w.text(f"{r.required} people", "sm_int"), 1),
            ],
        )
    if len(rows) > TOP_ROWS:
        where = "Coverage by team above" if team_col else "the Coverage sheet"
        _note(w, f"… and {len(rows) - TOP_ROWS} more; see {where}.")


def _hiring(w: SheetWriter, data: ReportData) -> None:
    _section(w, "Hiring suggestion")
    assert data.summary is not None
    if nothing_rated(data.summary):
        _note(w, "Nothing is rated yet: no hiring suggestion.", "sm_plain")
        return
    if data.by_team is not None:
        _team_hiring(w, data)
        return
    hire = data.hire
    if hire is None:
        _note(w, "No single hire would close a coverage shortfall.", "sm_plain")
        return
    closes = ", ".join(c.name for c in hire.closes) or "no shortfall completely"
    text = f"Hire a {hire.seniority.value} {hire.role}: closes {closes}."
    if hire.improves:
        text += f" Also improves {', '.join(c.name for c in hire.improves)}."
    _note(w, text, "sm_plain", height=_text_height(text))


def _text_height(text: str) -> float:
    return max(20, 15 * math.ceil(len(text) / 110))


def _team_hiring(w: SheetWriter, data: ReportData) -> None:
    """The one hire (team, role, seniority) closing the most team shortfalls.

    Then each other team's own best hire.
    """
    assert data.by_team is not None
    best = data.by_team.hiring
    if best is None:
        below = data.by_team.figures.gaps + data.by_team.figures.at_risk
        text = (
            "No role's targets reach the missing levels: grow people instead."
            if below
            else "No hire needed: every team meets every coverage rule on its own."
        )
        _note(w, text, "sm_plain")
        return
    hire = best.hire
    closes = ", ".join(c.name for c in hire.closes) or "none completely"
    text = (
        f"For {best.team}, hire a {hire.seniority.value} {hire.role}: closes {best.closes} of "
        f"its {best.shortfalls} shortfalls ({closes})."
    )
    if hire.improves:
        text += f" Also improves {', '.join(c.name for c in hire.improves)}."
    _note(w, text, "sm_plain", height=_text_height(text))
    if data.by_team.runners_up:
        others = "; ".join(
            f"{h.team}: a {h.hire.seniority.value} {h.hire.role} (closes {h.closes} of "
            f"{h.shortfalls})"
            for h in data.by_team.runners_up
        )
        text = f"Next best, per team: {others}."
        _note(w, text, height=_text_height(text))


def _changes(w: SheetWriter, data: ReportData) -> None:
    if data.changes is None:
        return
    _section(w, f"Change since {data.previous_name}")
    moved = [c for c in data.changes if not math.isnan(c.mean_delta) and c.mean_delta != 0]
    moved.sort(key=lambda c: -abs(c.mean_delta))
    status_moves = [c for c in data.changes if _change_words(data, c)[2]]
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
            ("Coverage (before → now)" + (" in teams" if data.by_team else ""), 2),
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
                (w.number(rounded(c.mean_before, MEAN_GAP_PLACES), "sm_dec"), 1),
                (w.number(rounded(c.mean_after, MEAN_GAP_PLACES), "sm_dec"), 1),
                (w.number(rounded(c.mean_delta, MEAN_GAP_PLACES), "sm_delta"), 1),
                (w.text(*_change_words(data, c)[:2]), 2),
            ],
        )


def _change_words(data: ReportData, c: CompetencyChange) -> tuple[str, str, bool]:
    """(text, style, moved) of a competency's coverage then and now.

    Judged in each team for all teams (when both cycles have teams), else over the scope.
    """
    now, then = data.by_team, data.previous_by_team
    if now is None or then is None:
        moved = c.status_before != c.status_after
        text = (
            f"{STATUS_WORDS[c.status_before]} → {STATUS_WORDS[c.status_after]}"
            if moved
            else STATUS_WORDS[c.status_after]
        )
        return text, f"sm_status_{c.status_after}", moved
    before, _ = then.teams_below(c.competency.id)
    after, worst = now.teams_below(c.competency.id)
    teams = len(now.teams)
    if before == after:
        text = "Meets rule in every team" if not after else f"Below rule in {after} of {teams}"
    else:
        text = f"Teams below: {before} → {after} of {teams}"  # longer was cut off in print
    return text, f"sm_status_{worst}", before != after


def _about(w: SheetWriter, data: ReportData) -> None:
    _section(w, "How to read this report")
    scale = data.current.scale
    usual = scale.label(scale.default_min_level)
    lines = [
        "A competency meets its coverage rule when enough people (usually 2) are at its "
        f"minimum level (usually {usual}) or above; gaps compare each person with the "
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
