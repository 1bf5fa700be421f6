"""The risk panel's sentences (rich text) from :class:`RiskFacts` (no Qt).

For all teams they lead with coverage judged inside each team and summed, the hire that
closes the most team shortfalls naming its team, and the pooled view as a footnote.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from skillmatrix.core.analytics import HiringSuggestion
from skillmatrix.core.by_team import TeamCoverage, TeamJudgement
from skillmatrix.ui.insights.risk_facts import RiskFacts, competency_text

TEAM_LINK = "team:"  # href prefix of a team's name in "By team"
NOTHING_RATED = (
    "<b>Nothing is rated yet</b>: rate people in Assess (or import ratings) to see "
    "coverage, single points of failure and a hiring suggestion."
)


def headline_html(facts: RiskFacts, warn: str, muted: str) -> str:
    """The figures above the lists; ``warn`` and ``muted`` are CSS colours."""
    if facts.nothing_rated:
        return NOTHING_RATED
    judged = facts.by_team
    if judged is None:
        gaps = sum(r.status == "gap" for r in facts.below_rule)
        crit = sum(r.competency.critical for r in facts.below_rule)
        return (
            f"<b>{len(facts.below_rule)}</b> competencies below their coverage rule "
            f"(<b>{gaps}</b> with nobody, {crit} critical) · "
            f"<b>{len(facts.spofs)}</b> single points of failure"
        )
    f = judged.figures
    below = [x.row for x in judged.below_rule]
    crit = sum(r.competency.critical for r in below)
    color = warn if below or f.single_points_of_failure else muted
    competencies = len(facts.snapshot.competencies)
    pooled_ok = competencies - len(facts.below_rule)
    text = (
        f"<b>All teams</b> ({len(facts.snapshot.people)} people in {f.teams} teams, each "
        f"judged on its own people): <span style='color:{color}'><b>{len(below)}</b> "
        f"competencies below their coverage rule in a team (<b>{f.gaps}</b> with nobody, "
        f"{crit} critical) · <b>{f.single_points_of_failure}</b> single points of "
        f"failure</span>.<br><span style='color:{muted}'>Pooled, as if anyone could cover "
        f"for any team: {pooled_ok} of {competencies} competencies meet their rule, "
        f"{len(facts.spofs)} single points of failure.</span>"
    )
    if judged.unassigned:
        text += f" {judged.unassigned} people without a team are in no team's figures."
    return text


def teams_html(facts: RiskFacts, warn: str, muted: str) -> str:
    """The "By team" box: an intro, then one paragraph per team, worst first."""
    intro = (
        f"<span style='color:{muted}'>Coverage judged within each team alone, worst first. "
        "Click a team to show only that team (every view and export follows; "
        "<i>Back to all teams</i> returns).</span>"
    )
    return "<br><br>".join([intro, *(team_html(t, warn) for t in facts.teams)])


def team_html(t: TeamCoverage, warn: str) -> str:
    """One team's paragraph; its name links to its scope (:data:`TEAM_LINK`)."""
    href = TEAM_LINK + quote(t.team, safe="")
    link = f"<a href='{href}'><b>{html.escape(t.team)}</b></a>"
    head = f"{link} ({t.people})"
    if not t.below_rule and not t.spofs:
        return f"{head}: meets every rule on its own."
    nobody = [competency_text(r.competency) for r in t.below_rule if r.status == "gap"]
    parts = []
    if nobody:
        parts.append(
            f"<span style='color:{warn}'><b>nobody</b> for {html.escape(', '.join(nobody))}</span>"
        )
    others = len(t.below_rule) - len(nobody)
    if others:
        parts.append(f"{others} more below rule")
    if t.spofs:
        parts.append(
            f"<b>{len(t.spofs)}</b> single point{'s' if len(t.spofs) != 1 else ''} of failure"
        )
    text = f"{head}: {'; '.join(parts)}."
    if t.hiring is not None:
        text += (
            f"<br>Hire: {html.escape(t.hiring.seniority.value)} "
            f"{html.escape(t.hiring.role)} (closes {len(t.hiring.closes)} of "
            f"{len(t.below_rule)})"
        )
    return text


def hiring_html(facts: RiskFacts) -> tuple[str, str]:
    """(box title, text) of the hiring suggestion."""
    title = "Hiring suggestion"
    if facts.nothing_rated:
        return title, "Nothing is rated yet: no hiring suggestion."
    if facts.by_team is not None:
        return _team_hiring(facts.by_team)
    hire = facts.hiring
    if hire is None:
        return title, (
            "No role's targets reach the missing levels: grow people instead (see mentor pairs)."
            if facts.below_rule
            else "No hire needed: every competency meets its coverage rule."
        )
    shortfalls = len(facts.below_rule)
    return f"{title}: closes {len(hire.closes)} of {shortfalls}", hire_html(hire, shortfalls)


def hire_html(hire: HiringSuggestion, shortfalls: int, team: str | None = None) -> str:
    """Who to hire (for ``team``), what it closes and what it helps."""
    closes = ", ".join(competency_text(c) for c in hire.closes) or "none fully"
    where = f" for <b>{html.escape(team)}</b>" if team else ""
    its = "its " if team else ""
    text = (
        f"Hire a <b>{html.escape(hire.seniority.value)} {html.escape(hire.role)}</b>"
        f"{where}.<br>Closes {len(hire.closes)} of {its}{shortfalls} shortfalls: "
        f"{html.escape(closes)}."
    )
    if hire.improves:
        helps = ", ".join(competency_text(c) for c in hire.improves)
        text += f"<br>Also helps: {html.escape(helps)}."
    return text


def _team_hiring(judged: TeamJudgement) -> tuple[str, str]:
    """The one hire (team, role, seniority) closing the most team shortfalls.

    Then each other team's own best hire.
    """
    best = judged.hiring
    if best is None:
        below = judged.figures.gaps + judged.figures.at_risk
        return "Hiring suggestion", (
            "No role's targets reach the missing levels in any team: grow people instead "
            "(see mentor pairs)."
            if below
            else "No hire needed: every team meets every coverage rule on its own."
        )
    text = hire_html(best.hire, best.shortfalls, best.team)
    if judged.runners_up:
        others = "; ".join(
            f"{html.escape(h.team)}: {html.escape(h.hire.seniority.value)} "
            f"{html.escape(h.hire.role)} (closes {h.closes} of {h.shortfalls})"
            for h in judged.runners_up
        )
        text += f"<br>Next best, per team: {others}."
    return f"Hiring suggestion: {best.team}, closes {best.closes} of {best.shortfalls}", text
