"""All teams judged where the work happens: inside each team, summed (core.by_team).

Hand-computed fixture (rules: Python 2 at >=3, critical; SQL 2 at >=3; K8s 1 at >=3)::

             Python  SQL  K8s
    Alpha
      Ann      4      3    0
      Bob      3      1    -
    Beta
      Cat      4      3    4
      Dan      1      4    -

Pooled, every rule is met and only K8s rests on one person. Within teams: Alpha has nobody
for K8s and only Ann for SQL; Beta has only Cat for Python and for K8s.
"""

from __future__ import annotations

import pytest

from skillmatrix.commands.summary import render_text
from skillmatrix.core import analytics
from skillmatrix.core.by_team import judge_by_team
from skillmatrix.core.model import Competency, CoverageRule, Person, Rating, Role, Seniority
from skillmatrix.core.numbers import decimal_text, rounded
from skillmatrix.core.snapshot import build_snapshot
from skillmatrix.core.summary import summary_data

BACKEND = Role(
    1,
    "Backend",
    targets={
        Seniority.MID: {1: 3, 2: 2},
        Seniority.SENIOR: {1: 4, 2: 3, 3: 3},
    },
)


def comp(cid: int, name: str, *, people: int = 2, critical: bool = False) -> Competency:
    return Competency(
        cid, name, "Tech", critical=critical, rule=CoverageRule(people, 3), position=cid
    )


@pytest.fixture
def snap():  # type: ignore[no-untyped-def]
    comps = [comp(1, "Python", critical=True), comp(2, "SQL"), comp(3, "K8s", people=1)]
    people = [
        Person(1, "Ann", team="Alpha", role="Backend", seniority=Seniority.MID),
        Person(2, "Bob", team="Alpha", role="Backend", seniority=Seniority.MID),
        Person(3, "Cat", team="Beta", role="Backend", seniority=Seniority.MID),
        Person(4, "Dan", team="Beta", role="Backend", seniority=Seniority.MID),
    ]
    table = {1: {1: 4, 2: 3, 3: 0}, 2: {1: 3, 2: 1}, 3: {1: 4, 2: 3, 3: 4}, 4: {1: 1, 2: 4}}
    ratings = [Rating(p, c, level=v) for p, row in table.items() for c, v in row.items()]
    return build_snapshot(people, comps, ratings, [BACKEND])


def test_pooled_coverage_looks_fine_here(snap) -> None:  # type: ignore[no-untyped-def]
    pooled = analytics.summarize(snap)
    assert (pooled.ok, pooled.single_points_of_failure) == (3, 1)
    assert analytics.hiring_suggestion(snap) is None


def test_key_figures_are_the_sum_over_teams(snap) -> None:  # type: ignore[no-untyped-def]
    judged = judge_by_team(snap)
    assert judged is not None
    f = judged.figures
    assert (f.ok, f.at_risk, f.gaps, f.single_points_of_failure) == (3, 2, 1, 3)
    assert (f.teams, f.judged, f.share_meeting_rule) == (2, 6, 0.5)
    assert f.people == 4 and f.competencies == 3
    rows = [(x.team, x.row.competency.name, x.row.status) for x in judged.below_rule]
    assert rows == [
        ("Alpha", "K8s", "gap"),
        ("Beta", "Python", "at-risk"),  # critical first among equal shortfalls
        ("Alpha", "SQL", "at-risk"),
    ]
    spofs = [(x.team, x.row.competency.name, x.row.coverers[0].name) for x in judged.spofs]
    assert spofs == [("Alpha", "SQL", "Ann"), ("Beta", "Python", "Cat"), ("Beta", "K8s", "Cat")]


def test_the_hire_names_the_team_that_gains_most_and_a_runner_up_per_team(snap) -> None:  # type: ignore[no-untyped-def]
    judged = judge_by_team(snap)
    assert judged is not None and judged.hiring is not None
    best = judged.hiring
    assert (best.team, best.hire.role, best.hire.seniority) == (
        "Alpha",
        "Backend",
        Seniority.SENIOR,
    )
    assert [c.name for c in best.hire.closes] == ["SQL", "K8s"] and best.shortfalls == 2
    # Beta: a Mid closes Python as well as a Senior would; the lower seniority wins the tie.
    assert [
        (h.team, h.hire.seniority, [c.name for c in h.hire.closes]) for h in judged.runners_up
    ] == [("Beta", Seniority.MID, ["Python"])]


def test_summary_json_for_all_teams_follows_the_team_judgement(snap) -> None:  # type: ignore[no-untyped-def]
    data = summary_data(snap)
    figures = data["key_figures"]
    teams = data["teams"]
    assert (
        figures["at_risk"] + figures["gaps"]
        == sum(len(t["gaps"]) + len(t["at_risk"]) for t in teams)
        == 3
    )
    assert (
        figures["single_points_of_failure"]
        == sum(len(t["single_points_of_failure"]) for t in teams)
        == 3
    )
    assert figures["judged_by"] == "team" and figures["share_meeting_rule"] == 0.5
    # the pooled lists keep their meaning
    assert {r["status"] for r in data["coverage"]} == {"ok"}
    assert data["single_points_of_failure"] == ["K8s"]
    hiring = data["hiring"]
    assert {"team", "role", "seniority", "closes"} <= hiring.keys()
    assert (hiring["team"], hiring["role"], hiring["seniority"]) == ("Alpha", "Backend", "Senior")
    assert hiring["closes"] == ["SQL", "K8s"]
    assert [(h["team"], h["seniority"]) for h in hiring["runners_up"]] == [("Beta", "Mid")]


def test_summary_text_for_all_teams_leads_with_the_team_figures(snap) -> None:  # type: ignore[no-untyped-def]
    text = render_text(summary_data(snap))
    assert "none needed" not in text and "100%" not in text
    assert "50% of team competencies meet their rule (3 of 6)" in text
    assert "Below their rule in a team: 3 (1 with nobody, 2 at risk)" in text
    assert "Single points of failure within teams: 3" in text
    assert "for Alpha, a Senior Backend would close 2 of its 2" in text
    assert "next, for Beta, a Mid Backend would close 1" in text


def test_a_team_scope_hire_names_its_team(snap) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    alpha = snap.subset(np.array([p.team == "Alpha" for p in snap.people]))
    data = summary_data(alpha)
    assert data["key_figures"]["judged_by"] == "scope"
    assert data["hiring"]["team"] == "Alpha"


@pytest.mark.parametrize("with_framework", [False, True])
def test_nothing_rated_never_reads_as_no_hire_needed(with_framework: bool) -> None:
    comps = [comp(1, "Python"), comp(2, "SQL")] if with_framework else []
    people = [Person(1, "Ann", team="A"), Person(2, "Bob", team="B")] if with_framework else []
    data = summary_data(build_snapshot(people, comps, [], [BACKEND]))
    text = render_text(data)
    assert data["nothing_rated"] is True
    assert "none needed" not in text and "meets its rule" not in text
    assert "Nothing is rated yet" in text


def test_rounding_is_half_up_like_a_spreadsheet() -> None:
    assert round(0.625, 2) == 0.62  # Python's round: half to even
    assert rounded(0.625, 2) == 0.63 and decimal_text(0.625, 2) == "0.63"
    assert rounded(0.615, 2) == 0.62  # the float is 0.61499..., shown as 0.615
    assert decimal_text(0.6, 2) == "0.60" and decimal_text(float("nan"), 2) == "n/a"
    assert rounded(-0.125, 2) == -0.13


def test_team_subsets_share_the_role_targets_but_other_roles_do_not(snap) -> None:  # type: ignore[no-untyped-def]
    """role_target_rows is remembered for the objects a team's subset shares.

    Those are the roles and competencies objects; a snapshot with other roles gets its own.
    """
    import numpy as np

    from skillmatrix.core import _arrays as A

    alpha = snap.subset(np.array([p.team == "Alpha" for p in snap.people]))
    assert A.role_target_rows(alpha) is A.role_target_rows(snap)
    other = Role(1, "Backend", targets={Seniority.MID: {3: 4}})
    changed = build_snapshot(list(snap.people), list(snap.competencies), [], [other])
    keys, rows = A.role_target_rows(changed)
    assert keys == [("Backend", Seniority.MID)] and rows[0].tolist()[2] == 4
