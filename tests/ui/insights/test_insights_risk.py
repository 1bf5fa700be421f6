"""The risk panel shows exactly what core.analytics says about the snapshot on screen."""

from __future__ import annotations

from insights_data import open_view
from PySide6.QtWidgets import QComboBox

from skillmatrix.core import analytics
from skillmatrix.core.summary import team_breakdown
from skillmatrix.services import ratings
from skillmatrix.services.cycles import list_cycles
from skillmatrix.ui.insights.risk_panel import MAX_MENTORS, TEAM_LINK


def names(rows) -> list[str]:
    return [("★ " if r.competency.critical else "") + r.competency.name for r in rows]


def check_panel(view) -> None:
    snap = view.snapshot()
    panel = view.risk
    coverage = analytics.coverage(snap)
    below = [r for r in coverage if r.status != "ok"]
    pooled = snap.team is None and len({p.team for p in snap.people}) > 1
    scope = " — org-wide" if pooled else ""
    assert (
        panel.boxes["below"].isVisibleTo(panel)
        and panel.boxes["teams"].isVisibleTo(panel) is pooled
    )
    assert sorted(row[0] for row in panel.below.texts() if row[1]) == sorted(names(below))
    assert panel.boxes["below"].title() == f"Below coverage rule{scope} ({len(below)})"
    for row in panel.below.texts():
        if not row[1]:
            continue
        r = next(r for r in below if names([r])[0] == row[0])
        assert row[1] == {"gap": "Nobody", "at-risk": "Below rule"}[r.status]
        assert row[2].startswith(f"{r.covered}/{r.required} at ")
    spofs = analytics.single_points_of_failure(snap)
    assert [tuple(row[:2]) for row in panel.spof.texts() if row[1]] == [
        (n, r.coverers[0].name) for n, r in zip(names(spofs), spofs, strict=True)
    ]
    assert panel.boxes["spof"].title() == f"Single points of failure{scope} ({len(spofs)})"
    pairs = analytics.mentor_pairs(snap)
    assert [tuple(row[:3]) for row in panel.mentors.texts() if row[1]] == [
        (p.mentor.name, p.mentee.name, names([p])[0]) for p in pairs[:MAX_MENTORS]
    ]
    hire = analytics.hiring_suggestion(snap)
    text = panel.hiring.text()
    if hire is None:
        assert "No hire needed" in text or "grow people" in text or "teams" in text
    else:
        assert f"{hire.seniority.value} {hire.role}" in text
        assert all(c.name in text for c in hire.closes)
    pid = panel.person.currentData()
    left = analytics.what_if_leaves(snap, pid)
    assert [row[0] for row in panel.left.texts() if row[1]] == names(left)


def test_panel_matches_analytics_on_the_small_database(qtbot, small) -> None:
    _, view = open_view(qtbot, small)
    check_panel(view)
    spofs = analytics.single_points_of_failure(view.snapshot())
    assert spofs and view.risk.person.currentText().startswith("Ana Silva")  # riskiest first


def test_panel_matches_analytics_on_the_demo_team(qtbot, demo) -> None:
    _, view = open_view(qtbot, demo, team="Payments")
    assert view.snapshot().team == "Payments"
    check_panel(view)
    assert view.risk.facts is not None and view.risk.facts.below_rule  # the demo plants gaps


def test_if_this_person_left_follows_the_chosen_person(qtbot, small) -> None:
    _, view = open_view(qtbot, small)
    combo: QComboBox = view.risk.person
    snap = view.snapshot()
    for k in range(combo.count()):
        combo.setCurrentIndex(k)
        combo.activated.emit(k)
        pid = combo.itemData(k)
        expected = analytics.what_if_leaves(snap, pid)
        assert [row[0] for row in view.risk.left.texts() if row[1]] == names(expected)
        name = snap.people[snap.person_index(pid)].name
        assert name in view.risk.left_text.text()
        assert f"<b>{len(expected)}</b>" in view.risk.left_text.text()
    ana = next(p.id for p in snap.people if p.name == "Ana Silva")
    combo.activated.emit(combo.findData(ana))
    assert view.options["profile"].person.currentData() == ana  # the profile follows


def test_panel_follows_edits_after_a_short_pause(qtbot, small) -> None:
    ctx, view = open_view(qtbot, small)
    snap = view.snapshot()
    spof = analytics.single_points_of_failure(snap)[0]
    backup = next(p for p in snap.people if p.id != spof.coverers[0].id)
    cycle = list_cycles(small)[-1]
    change = ratings.rate(
        small, cycle_id=cycle.id, person_id=backup.id, competency_id=spof.competency.id, level=4
    )
    ctx.ratingsChanged.emit([change])
    qtbot.waitUntil(lambda: spof.competency.name not in [r[0] for r in view.risk.spof.texts()])
    check_panel(view)


def test_big_snapshots_are_analysed_off_the_ui_thread(qtbot, small, monkeypatch) -> None:
    from skillmatrix.ui.insights import view as view_module

    monkeypatch.setattr(view_module, "BACKGROUND_CELLS", 0)  # every snapshot is "big"
    ctx, view = open_view(qtbot, small)
    qtbot.waitUntil(lambda: view.risk.facts is not None, timeout=5000)
    check_panel(view)
    snap = view.snapshot()
    spof = analytics.single_points_of_failure(snap)[0]
    backup = next(p for p in snap.people if p.id != spof.coverers[0].id)
    cycle = list_cycles(small)[-1]
    change = ratings.rate(
        small, cycle_id=cycle.id, person_id=backup.id, competency_id=spof.competency.id, level=4
    )
    ctx.ratingsChanged.emit([change])
    qtbot.waitUntil(lambda: spof.competency.name not in [r[0] for r in view.risk.spof.texts()])
    check_panel(view)


def test_a_stale_background_result_is_dropped(qtbot, small) -> None:
    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.ui.insights.risk_worker import RiskWorker

    worker = RiskWorker()
    got: list[object] = []
    worker.ready.connect(lambda facts, token: got.append(token))
    snap = load_snapshot(small)
    worker.request(snap, "old")
    worker.request(snap, "new")  # supersedes the first: only its result arrives
    qtbot.waitUntil(lambda: got == ["new"], timeout=5000)
    worker.request(snap, "cancelled")
    worker.cancel()
    worker.wait()
    qtbot.wait(50)
    assert got == ["new"] and worker.pending is None


def test_double_clicking_a_single_point_of_failure_opens_it_in_assess(qtbot, small) -> None:
    ctx, view = open_view(qtbot, small)
    spofs = analytics.single_points_of_failure(view.snapshot())
    item = view.risk.spof.topLevelItem(0)
    views: list[str] = []
    ctx.showView.connect(views.append)
    with qtbot.waitSignal(ctx.showRating) as blocker:
        view.risk.spof.itemActivated.emit(item, 0)
    assert blocker.args == [spofs[0].coverers[0].id, spofs[0].competency.id]
    assert views == ["assess"]


# -- all teams: coverage judged org-wide, and per team ----------------------------------------
def test_all_teams_says_coverage_is_pooled_and_breaks_it_down_by_team(qtbot, demo) -> None:
    _, view = open_view(qtbot, demo)
    snap = view.snapshot()
    assert snap.team is None and len(snap.people) == 40
    check_panel(view)
    panel = view.risk
    facts = panel.facts
    assert facts is not None and facts.pooled
    # the same per-team figures as `skillmatrix summary` (core.summary.team_breakdown)
    expected = {t["team"]: t for t in team_breakdown(snap)}
    assert {t.team for t in facts.teams} == set(expected)
    for t in facts.teams:
        e = expected[t.team]
        assert t.people == e["people"]
        gap_names = [r.competency.name for r in t.below_rule if r.status == "gap"]
        assert sorted(gap_names) == sorted(e["gaps"]) and t.gaps == len(e["gaps"])
        assert sorted(r.competency.name for r in t.below_rule) == sorted(e["gaps"] + e["at_risk"])
        assert [r.competency.name for r in t.spofs] == [
            s["competency"] for s in e["single_points_of_failure"]
        ]
    # worst team first, and the demo plants gaps in every team: nothing reads "all fine"
    gaps = [t.gaps for t in facts.teams]
    assert gaps == sorted(gaps, reverse=True) and all(t.below_rule for t in facts.teams)
    headline = panel.headline.text()
    assert "All teams pooled" in headline and "org-wide" in headline
    assert f"{len(facts.teams)} of {len(facts.teams)} teams fall short" in headline
    assert "No hire needed" not in panel.hiring.text()
    assert "do not on their own" in panel.hiring.text()
    assert panel.boxes["spof"].title().startswith("Single points of failure — org-wide")
    listed = panel.teams_text.text()
    for t in facts.teams:
        assert f"{TEAM_LINK}{t.team}" in listed and f"({t.people})" in listed
    assert "org-wide" in view.scope_label.text()


def test_clicking_a_team_scopes_insights_and_the_toolbar_to_it(qtbot, demo) -> None:
    from PySide6.QtWidgets import QToolBar

    from skillmatrix.ui.toolbar import ContextBar

    ctx, view = open_view(qtbot, demo)
    bar = QToolBar()
    qtbot.addWidget(bar)
    selectors = ContextBar(ctx, bar)
    selectors.reload_teams()
    assert selectors.team.currentData() is None  # "All teams"
    worst = view.risk.facts.teams[0].team
    with qtbot.waitSignal(ctx.teamChanged) as blocker:
        view.risk.teams_text.linkActivated.emit(f"{TEAM_LINK}{worst}")
    assert blocker.args == [worst] and ctx.team == worst
    assert selectors.team.currentData() == worst  # the toolbar follows ctx.set_team
    qtbot.waitUntil(lambda: view.snapshot() is not None and view.risk.facts.snapshot.team == worst)
    check_panel(view)
    assert not view.risk.boxes["teams"].isVisibleTo(view.risk)
    assert not view.risk.facts.pooled and worst in view.scope_label.text()


def test_mentor_pairs_show_the_best_few_with_a_count(qtbot, demo) -> None:
    _, view = open_view(qtbot, demo)
    pairs = analytics.mentor_pairs(view.snapshot())
    assert len(pairs) > MAX_MENTORS
    rows = view.risk.mentors.texts()
    assert len(rows) == MAX_MENTORS
    assert rows[0][:2] == [pairs[0].mentor.name, pairs[0].mentee.name]  # best first
    assert view.risk.boxes["mentors"].title() == (
        f"Mentor pairs (showing {MAX_MENTORS} of {len(pairs):,})"
    )
