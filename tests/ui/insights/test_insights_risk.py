"""The risk panel shows exactly what core.analytics says about the snapshot on screen."""

from __future__ import annotations

import html

import numpy as np
from insights_data import open_view
from PySide6.QtWidgets import QComboBox

from skillmatrix.core import analytics
from skillmatrix.core.by_team import judge_by_team
from skillmatrix.core.summary import team_breakdown
from skillmatrix.services import ratings
from skillmatrix.services.cycles import list_cycles
from skillmatrix.ui.insights.risk_panel import MAX_MENTORS, TEAM_LINK


def names(rows) -> list[str]:
    return [("★ " if r.competency.critical else "") + r.competency.name for r in rows]


def label(team, row) -> str:
    """The first column of the panel's lists: the team first when judged by team."""
    name = names([row])[0]
    return f"{team} · {name}" if team else name


def check_panel(view) -> None:
    snap = view.snapshot()
    panel = view.risk
    judged = judge_by_team(snap) if snap.team is None else None
    if judged is not None:
        below = [(x.team, x.row) for x in judged.below_rule]
        spofs = [(x.team, x.row) for x in judged.spofs]
    else:
        coverage = analytics.coverage(snap)
        below = [(None, r) for r in analytics.worst_first(r for r in coverage if r.status != "ok")]
        spofs = [(None, r) for r in analytics.single_points_of_failure(snap)]
    scope = " — within teams" if judged else ""
    assert panel.boxes["below"].isVisibleTo(panel) and panel.boxes["teams"].isVisibleTo(panel) is (
        judged is not None
    )
    assert [row[0] for row in panel.below.texts() if row[1]] == [label(t, r) for t, r in below]
    assert panel.boxes["below"].title() == f"Below coverage rule{scope} ({len(below)})"
    for row, (_, r) in zip([x for x in panel.below.texts() if x[1]], below, strict=True):
        assert row[1] == {"gap": "Nobody", "at-risk": "Below rule"}[r.status]
        assert row[2].startswith(f"{r.covered}/{r.required} at ")
    assert [tuple(row[:2]) for row in panel.spof.texts() if row[1]] == [
        (label(t, r), r.coverers[0].name) for t, r in spofs
    ]
    assert panel.boxes["spof"].title() == f"Single points of failure{scope} ({len(spofs)})"
    pairs = analytics.mentor_pairs(snap)
    assert [tuple(row[:3]) for row in panel.mentors.texts() if row[1]] == [
        (p.mentor.name, p.mentee.name, names([p])[0]) for p in pairs[:MAX_MENTORS]
    ]
    text = panel.hiring.text()
    if judged is not None:
        best = judged.hiring
        hire = best.hire if best else None
        if best is not None:
            assert f"for <b>{html.escape(best.team)}</b>" in text
            for h in judged.runners_up:
                assert f"{html.escape(h.team)}: {h.hire.seniority.value} {h.hire.role}" in text
    else:
        hire = analytics.hiring_suggestion(snap)
    if hire is None:
        assert "No hire needed" in text or "grow people" in text
    else:
        assert f"{hire.seniority.value} {hire.role}" in text
        assert all(html.escape(c.name) in text for c in hire.closes)
    pid = panel.person.currentData()
    person = snap.people[snap.person_index(pid)]
    if judged is not None and person.team:
        team = np.array([p.team == person.team for p in snap.people])
        left = analytics.what_if_leaves(snap.subset(team), pid)
    else:
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
    qtbot.waitUntil(
        lambda: spof.competency.id not in [r.competency.id for r in view.risk.facts.spofs]
    )
    check_panel(view)


def test_big_snapshots_are_analysed_off_the_ui_thread(qtbot, small, monkeypatch) -> None:
    from skillmatrix.ui import snapshot_cache

    monkeypatch.setattr(snapshot_cache, "BACKGROUND_CELLS", 0)  # every snapshot is "big"
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
    qtbot.waitUntil(
        lambda: spof.competency.id not in [r.competency.id for r in view.risk.facts.spofs]
    )
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


# -- all teams: coverage judged inside each team, summed -------------------------------------
def test_all_teams_leads_with_the_sum_over_teams(qtbot, demo) -> None:
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
    below = sum(len(t.below_rule) for t in facts.teams)
    nobody = sum(t.gaps for t in facts.teams)
    spofs = sum(len(t.spofs) for t in facts.teams)
    assert below and spofs  # the demo: pooled everything looks covered, teams are not
    headline = panel.headline.text()
    assert f"<b>{below}</b> competencies below their coverage rule in a team" in headline
    assert f"(<b>{nobody}</b> with nobody" in headline
    assert f"<b>{spofs}</b> single points of failure" in headline
    assert headline.index("in a team") < headline.index("Pooled")  # pooled is a footnote
    assert "No hire needed" not in panel.hiring.text()
    assert panel.boxes["spof"].title() == f"Single points of failure — within teams ({spofs})"
    assert panel.boxes["below"].title() == f"Below coverage rule — within teams ({below})"
    listed = panel.teams_text.text()
    for t in facts.teams:
        assert f"{TEAM_LINK}{t.team}" in listed and f"({t.people})" in listed
    assert "judged within each team" in view.scope_label.text()


def test_clicking_a_team_says_so_and_back_returns_to_all_teams(qtbot, demo) -> None:
    from PySide6.QtWidgets import QToolBar

    from skillmatrix.ui.toolbar import ContextBar

    ctx, view = open_view(qtbot, demo)
    bar = QToolBar()
    qtbot.addWidget(bar)
    selectors = ContextBar(ctx, bar)
    selectors.reload_teams()
    assert selectors.team.currentData() is None  # "All teams"
    assert not view.team_switch.isVisibleTo(view)
    worst = view.risk.facts.teams[0].team
    with qtbot.waitSignal(ctx.teamChanged) as blocker:
        view.risk.teams_text.linkActivated.emit(f"{TEAM_LINK}{worst}")
    assert blocker.args == [worst] and ctx.team == worst
    assert selectors.team.currentData() == worst  # the toolbar follows ctx.set_team
    # the switch is announced where the user clicked, with the way back
    assert view.team_switch.isVisibleTo(view)
    assert worst in view.team_switch.text.text() and "next export" in view.team_switch.text.text()
    assert view.team_switch.back.text() == "Back to all teams"
    qtbot.waitUntil(lambda: view.snapshot() is not None and view.risk.facts.snapshot.team == worst)
    check_panel(view)
    assert not view.risk.boxes["teams"].isVisibleTo(view.risk)
    assert not view.risk.facts.pooled and worst in view.scope_label.text()
    with qtbot.waitSignal(ctx.teamChanged) as blocker:
        view.team_switch.back.click()
    assert blocker.args == [None] and ctx.team is None
    assert selectors.team.currentData() is None
    assert not view.team_switch.isVisibleTo(view)
    qtbot.waitUntil(lambda: view.snapshot() is not None and view.risk.facts.pooled)


def test_choosing_another_team_in_the_toolbar_drops_the_back_bar(qtbot, demo) -> None:
    ctx, view = open_view(qtbot, demo)
    teams = [t.team for t in view.risk.facts.teams]
    view.risk.teams_text.linkActivated.emit(f"{TEAM_LINK}{teams[0]}")
    assert view.team_switch.isVisibleTo(view)
    ctx.set_team(teams[1])  # as the toolbar's team selector does
    assert not view.team_switch.isVisibleTo(view)
    view._team_back()  # a stale Back must not undo the user's own choice
    assert ctx.team == teams[1]


def test_nothing_rated_is_not_all_clear(qtbot, tmp_path) -> None:
    from skillmatrix.core.frameworks import find_framework
    from skillmatrix.services import cycles, people
    from skillmatrix.services.database import open_database
    from skillmatrix.services.frameworks import install_framework

    db = open_database(tmp_path / "new.db")
    install_framework(db, find_framework("Backend Engineer"))
    people.add_person(db, name="Ana", team="A", role="Backend Engineer")
    people.add_person(db, name="Ben", team="B", role="Backend Engineer")
    cycles.start_cycle(db, name="2026-Q4")
    _, view = open_view(qtbot, db)
    panel = view.risk
    assert "Nothing is rated yet" in panel.headline.text()
    assert "Nothing is rated yet" in panel.hiring.text()
    assert "No hire needed" not in panel.hiring.text()
    # every competency would read "nobody": no list pretends to know more
    assert panel.below.texts() == [["Nothing is rated yet.", "", "", ""]]
    assert not panel.boxes["teams"].isVisibleTo(panel)


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


def test_long_team_lists_show_the_worst_first_and_say_how_many(qtbot, demo, monkeypatch) -> None:
    from skillmatrix.ui.insights import risk_panel

    monkeypatch.setattr(risk_panel, "ROWS_SHOWN", 3)
    _, view = open_view(qtbot, demo)
    panel = view.risk
    panel.set_snapshot(view.snapshot())
    facts = panel.facts
    below, spofs = facts.rows_below, facts.rows_spof
    assert len(below) > 3 and len(spofs) > 3
    assert (
        panel.boxes["below"].title()
        == f"Below coverage rule — within teams (showing 3 of {len(below)})"
    )
    assert [r[0] for r in panel.below.texts()] == [label(t, r) for t, r in below[:3]]
    assert panel.boxes["spof"].title().endswith(f"(showing 3 of {len(spofs)})")
    assert len(panel.spof.texts()) == 3


def test_the_worker_holds_no_snapshot_once_it_delivered(qtbot, small) -> None:
    """The worker holds no snapshot once it delivered.

    At 20,000 people a snapshot and its analytics are tens of MB: once the facts are
    delivered (and the receiver dropped them) nothing of the request stays alive in the
    worker, its thread pool or the queued job; a superseded request neither.
    """
    import gc
    import weakref

    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.ui.insights.risk_worker import RiskWorker

    worker = RiskWorker()
    got: list[object] = []
    worker.ready.connect(lambda facts, token: got.append(token))
    old, new = load_snapshot(small), load_snapshot(small)
    gone = [weakref.ref(old.levels), weakref.ref(new.levels)]
    worker.request(old, "old")
    worker.request(new, "new")
    qtbot.waitUntil(lambda: got == ["new"], timeout=5000)
    worker.wait()
    qtbot.wait(20)  # let the queued delivery's arguments go
    del old, new
    gc.collect()
    assert [ref() is None for ref in gone] == [True, True]
    assert worker.pending is None


def test_the_worker_hands_freed_memory_back_after_each_analysis(qtbot, small, monkeypatch) -> None:
    """The worker trims its malloc arena once the facts are computed.

    The analysis's freed temporaries stayed resident in the worker thread's arena (about 90
    MB at 20,000 people).
    """
    import threading

    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.ui.insights import risk_worker

    calls: list[str] = []
    real_compute = risk_worker.compute

    def compute(*args: object) -> object:
        facts = real_compute(*args)
        calls.append("computed")
        return facts

    def release() -> None:
        calls.append(
            "trim in worker"
            if threading.current_thread() is not threading.main_thread()
            else "trim in UI"
        )

    monkeypatch.setattr(risk_worker, "compute", compute)
    monkeypatch.setattr(risk_worker, "release_free_memory", release)
    worker = risk_worker.RiskWorker()
    got: list[object] = []
    worker.ready.connect(lambda facts, token: got.append(facts))
    worker.request(load_snapshot(small), "t")
    qtbot.waitUntil(lambda: len(got) == 1, timeout=5000)
    assert calls == ["computed", "trim in worker"]
    check = getattr(got[0], "below_rule", None)
    assert check is not None  # the facts themselves are delivered intact


def test_release_free_memory_uses_glibc_malloc_trim_on_linux() -> None:
    import platform
    import sys

    from skillmatrix.ui.insights.risk_worker import _malloc_trim, release_free_memory

    release_free_memory()  # never raises, whatever the platform
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert _malloc_trim() is not None
