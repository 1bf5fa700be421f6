"""Evidence and growth goals from the Assess grid.

Tooltip, review mode, the right-click menu (each change one undo step) and the growth plan
dialog.
"""

from __future__ import annotations

from assess_data import SmallOrg
from PySide6.QtWidgets import QApplication, QMenu

from skillmatrix.core.model import Source
from skillmatrix.core.plans import NewAction
from skillmatrix.services import growth_plans as gp
from skillmatrix.services import ratings
from skillmatrix.services.evidence import add_evidence, list_evidence
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.assess.tooltip import tooltip_for
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.evidence import EvidenceDialog
from skillmatrix.ui.growth.cell_menu import cell_menu
from skillmatrix.ui.growth.plan_dialog import GrowthPlanDialog
from skillmatrix.ui.review_mode import EVIDENCE, ReviewDialog


def _menu(view: AssessView, person_id: int, competency_id: int) -> QMenu:
    index = view.model.index_of(person_id, competency_id)
    view.grid.go_to(index)
    menu = cell_menu(view, index)
    assert menu is not None
    return menu


def _action(menu: QMenu, name: str):  # type: ignore[no-untyped-def]
    found = [a for a in menu.actions() if a.objectName() == name]
    assert found, [a.objectName() for a in menu.actions()]
    return found


def test_tooltip_and_review_show_evidence_escaped(
    qtbot,
    org: SmallOrg,
    view: AssessView,
    ctx: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    ada, comp = org.people[0].id, org.competencies[0].id
    cyc = org.cycle.id
    ratings.rate(org.db, cycle_id=cyc, person_id=ada, competency_id=comp, level=2)
    ratings.rate(org.db, cycle_id=cyc, person_id=ada, competency_id=comp, level=3,
                 source=Source.SELF)  # fmt: skip
    add_evidence(
        org.db,
        cycle_id=cyc,
        person_id=ada,
        competency_id=comp,
        url="https://wiki.example.com/design-42",
        text="<b>Led</b> the design review",
    )
    view.reload()
    index = view.model.index_of(ada, comp)
    tip = tooltip_for(ctx, view.model, index.row(), index.column())
    assert "Evidence</b> (1)" in tip
    assert "&lt;b&gt;Led&lt;/b&gt; the design review" in tip and "<b>Led" not in tip
    assert "https://wiki.example.com/design-42" in tip
    other = view.model.index_of(ada, org.competencies[1].id)
    assert "Evidence" not in tooltip_for(ctx, view.model, other.row(), other.column())
    gp.create_goal(org.db, person_id=ada, competency_id=comp, target_level=4, by_cycle_id=cyc,
                   actions=[NewAction("course", "<i>SRE</i> course")])  # fmt: skip
    tip = tooltip_for(ctx, view.model, index.row(), index.column())
    assert "Growth goal: reach 4 by 2026-Q3 (planned; course: &lt;i&gt;SRE&lt;/i&gt; course)" in tip
    dlg = ReviewDialog(ctx, cycle_id=cyc, person_id=ada, person_name="Ada", parent=view)
    qtbot.addWidget(dlg)
    row = next(r for r, it in enumerate(dlg.items) if it.competency_id == comp)
    assert dlg.table.item(row, EVIDENCE).text() == (
        "<b>Led</b> the design review — https://wiki.example.com/design-42"
    )


def test_evidence_added_and_removed_from_the_grid_one_undo_step_each(
    qtbot,
    org: SmallOrg,
    view: AssessView,
    ctx: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    ada, comp = org.people[1].id, org.competencies[2].id
    cell = {"cycle_id": org.cycle.id, "person_id": ada, "competency_id": comp}
    [act] = _action(_menu(view, ada, comp), "actEvidence")
    act.trigger()
    dlg = view.evidence_dialog
    assert isinstance(dlg, EvidenceDialog) and dlg.isVisible()
    dlg.url.setText("javascript:alert(1)")
    dlg.add_button.click()
    assert "only http" in dlg.message.text() and list_evidence(org.db, **cell) == []
    assert ctx.undo_stack.count() == 0  # refused before anything was stored
    dlg.url.setText("INC-1234")
    dlg.text.setText("Incident commander for the card outage")
    dlg.add_button.click()
    [stored] = list_evidence(org.db, **cell)
    assert (stored.url, stored.text) == ("INC-1234", "Incident commander for the card outage")
    assert [e.id for e in dlg.items()] == [stored.id]
    assert ctx.undo_stack.undoText().startswith("Add evidence to")
    assert ctx.undo() and list_evidence(org.db, **cell) == []
    assert ctx.redo() and [e.id for e in list_evidence(org.db, **cell)] == [stored.id]
    assert [e.id for e in dlg.items()] == [stored.id]  # undo and redo re-list it
    dlg.list.setCurrentRow(0)
    dlg.remove_button.click()
    assert list_evidence(org.db, **cell) == [] and ctx.undo_stack.count() == 2
    assert ctx.undo() and [e.text for e in list_evidence(org.db, **cell)] == [stored.text]
    # The menu lists it for removal too, as one step.
    sub = _menu(view, ada, comp).findChild(QMenu, "removeEvidenceMenu")
    assert sub is not None
    sub.actions()[0].trigger()
    assert list_evidence(org.db, **cell) == [] and ctx.undo_stack.count() == 2


def test_goal_from_a_gap_and_from_a_mentor_pair_in_one_click(
    qtbot,
    org: SmallOrg,
    view: AssessView,
    ctx: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    cyc = org.cycle.id
    ada, bo = org.people[0].id, org.people[1].id
    comp = org.competencies[0].id
    ratings.rate(org.db, cycle_id=cyc, person_id=bo, competency_id=comp, level=4)
    ratings.rate(org.db, cycle_id=cyc, person_id=ada, competency_id=comp, level=1, interest=3)
    view.reload()
    menu = _menu(view, ada, comp)
    [gap] = _action(menu, "actGoalFromGap")
    pairs = _action(menu, "actGoalFromMentor")
    assert any(org.people[1].name in a.text() for a in pairs)
    target = int(gap.text().rsplit(" ", 1)[1])
    gap.trigger()
    [goal] = gp.list_goals(org.db, person_id=ada)
    assert (goal.competency_id, goal.target_level, goal.status) == (comp, target, "planned")
    assert ctx.undo() and gp.list_goals(org.db) == []
    next(a for a in pairs if org.people[1].name in a.text()).trigger()
    [paired] = gp.list_goals(org.db, person_id=ada)
    [mentor] = paired.actions  # a goal with one action: the mentor the pair names
    assert (mentor.kind, mentor.mentor_id, mentor.status) == ("mentor", bo, "open")
    assert ctx.undo_stack.undoText().startswith("Add goal:")
    # A second click on the same gap is refused with one line, nothing added.
    failed: list[str] = []
    ctx.failed.connect(failed.append)
    ctx.call = lambda fn, *a, quiet=False, **k: AppContext.call(ctx, fn, *a, quiet=True, **k)  # type: ignore[method-assign]
    _action(_menu(view, ada, comp), "actGoalFromGap")[0].trigger()
    assert len(gp.list_goals(org.db)) == 1 and "already has an open goal" in failed[-1]


def test_plan_dialog_edits_goals_and_shows_progress(
    qtbot,
    org: SmallOrg,
    view: AssessView,
    ctx: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    cyc = org.cycle.id
    ada = org.people[0]
    comp = org.competencies[0]
    ratings.rate(org.db, cycle_id=cyc, person_id=ada.id, competency_id=comp.id, level=1)
    view.reload()
    [plan] = _action(_menu(view, ada.id, comp.id), "actGrowthPlan")
    plan.trigger()
    [dlg] = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, GrowthPlanDialog) and w.isVisible()]  # fmt: skip
    assert dlg.table.rowCount() == 0
    added = dlg.add_goal({"competency_id": comp.id, "target_level": 3, "by_cycle_id": cyc,
                          "actions": [NewAction("course", "API design course")]})  # fmt: skip
    assert added is not None and dlg.table.rowCount() == 1
    assert dlg.table.item(0, 3).text() == "course: API design course"
    assert dlg.table.item(0, 5).text() == "from 1 to 3, now 1 (2026-Q3)"
    dlg.status.setCurrentIndex(dlg.status.findData("in progress"))
    dlg.status.activated.emit(dlg.status.currentIndex())
    assert gp.list_goals(org.db)[0].status == "in progress"
    assert dlg.table.item(0, 4).text() == "in progress"
    ratings.rate(org.db, cycle_id=cyc, person_id=ada.id, competency_id=comp.id, level=3)
    ctx.ratingsChanged.emit([])  # as every stored rating does: the progress follows
    # Measured from where Ada stood when the goal was set, not from her new rating.
    qtbot.waitUntil(
        lambda: dlg.table.item(0, 5).text() == "met in 2026-Q3 (from 1 to 3)", timeout=3000
    )
    # A goal made elsewhere (the grid's menu) shows in the open plan at once.
    other = org.competencies[1].id
    _action(_menu(view, ada.id, other), "actGoalFromGap")[0].trigger()
    assert dlg.table.rowCount() == 2
    assert ctx.undo() and dlg.table.rowCount() == 1
    assert ctx.undo()  # the status change
    assert gp.list_goals(org.db)[0].status == "planned"
    assert dlg.table.item(0, 4).text() == "planned"  # the open dialog follows the undo
    dlg.remove_goal()
    assert gp.list_goals(org.db) == [] and dlg.table.rowCount() == 0
    assert ctx.undo() and [g.id for g in gp.list_goals(org.db)] == [added.id]
    dlg.close()
    assert ctx.redo() and gp.list_goals(org.db) == []  # the closed dialog is not touched


def test_goals_from_the_insights_mentor_pairs_and_build_or_hire(
    qtbot,
    org: SmallOrg,
    ctx: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    from skillmatrix.core import analytics
    from skillmatrix.services.growth import build_or_hire
    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.ui.growth.insights_menus import gap_menu, mentor_menu

    cyc = org.cycle.id
    ada, bo = org.people[0].id, org.people[1].id
    comp = org.competencies[0].id
    ratings.rate(org.db, cycle_id=cyc, person_id=bo, competency_id=comp, level=4)
    ratings.rate(org.db, cycle_id=cyc, person_id=ada, competency_id=comp, level=1, interest=3)
    pairs = analytics.mentor_pairs(load_snapshot(org.db))
    row = next(k for k, p in enumerate(pairs) if p.mentee.id == ada and p.competency.id == comp)
    menu = mentor_menu(ctx, pairs, row, cyc)
    assert menu is not None
    [act] = menu.actions()
    act.trigger()
    [goal] = gp.list_goals(org.db)
    assert (goal.person_id, goal.mentor_ids(), goal.competency_id) == (ada, [bo], comp)
    assert mentor_menu(ctx, pairs, len(pairs), cyc) is None
    _snap, _model, plans, _hires = build_or_hire(org.db, cycle=cyc)
    k, plan = next(
        (k, p) for k, p in enumerate(plans)
        if p.candidates and (p.candidates[0].person.id, p.competency.id) != (ada, comp)
    )  # fmt: skip
    gaps = gap_menu(ctx, plans, k)
    assert gaps is not None
    gaps.actions()[0].trigger()
    made = [g for g in gp.list_goals(org.db) if g.competency_id == plan.competency.id
            and g.person_id == plan.candidates[0].person.id and g.id != goal.id]  # fmt: skip
    assert [g.target_level for g in made] == [plan.competency.rule.min_level]
    assert ctx.undo() and len(gp.list_goals(org.db)) == 1


def test_the_cell_menu_opens_from_the_keyboard(
    qtbot,
    org: SmallOrg,
    view: AssessView,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import Qt

    index = view.model.index_of(org.people[2].id, org.competencies[3].id)
    view.grid.go_to(index)
    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = view.cell_menu
    assert isinstance(menu, QMenu) and menu.isVisible()
    names = [a.objectName() for a in menu.actions()]
    assert {"actEvidence", "actGoalFromGap", "actGrowthPlan", "actProfile"} <= set(names)
    assert org.people[2].name in next(a.text() for a in menu.actions()
                                      if a.objectName() == "actGrowthPlan")  # fmt: skip
    menu.close()


def test_tooltip_keeps_evidence_of_a_rating_carried_forward(
    qtbot,
    org: SmallOrg,
    ctx: AppContext,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    from skillmatrix.services import cycles

    ada, comp = org.people[0].id, org.competencies[0].id
    ratings.rate(org.db, cycle_id=org.cycle.id, person_id=ada, competency_id=comp, level=3)
    add_evidence(org.db, cycle_id=org.cycle.id, person_id=ada, competency_id=comp,
                 text="Ran the Q3 incident review")  # fmt: skip
    q4 = cycles.start_cycle(org.db, name="2026-Q4")
    ctx.cycle = q4
    view = AssessView(ctx, settings=settings)
    qtbot.addWidget(view)
    view.reload()
    index = view.model.index_of(ada, comp)
    tip = tooltip_for(ctx, view.model, index.row(), index.column())
    assert "Evidence from earlier cycles (1)" in tip and "(2026-Q3)" in tip
    assert "Ran the Q3 incident review" in tip and "Evidence</b>" not in tip
    add_evidence(org.db, cycle_id=q4.id, person_id=ada, competency_id=comp, text="Q4 doc")
    tip = tooltip_for(ctx, view.model, index.row(), index.column())
    assert "Evidence</b> (1)" in tip and tip.index("Q4 doc") < tip.index("Ran the Q3")
    dlg = ReviewDialog(ctx, cycle_id=q4.id, person_id=ada, person_name="Ada", parent=view)
    qtbot.addWidget(dlg)
    row = next(r for r, it in enumerate(dlg.items) if it.competency_id == comp)
    assert dlg.table.item(row, EVIDENCE).text() == "Q4 doc; Ran the Q3 incident review (2026-Q3)"


def test_another_teams_person_gets_a_read_only_plan_and_no_one_click_goal(
    qtbot,
    org: SmallOrg,
    view: AssessView,
    ctx: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    from skillmatrix.core.access import Access

    ctx._access = Access("mia", admin=False, teams=frozenset({99}), see_names=True,
                         team_names=frozenset({"Platform"}))  # fmt: skip
    view.reload()
    ada, comp = org.people[0].id, org.competencies[0].id  # in Payments, not Mia's team
    menu = _menu(view, ada, comp)
    [gap] = _action(menu, "actGoalFromGap")
    assert not gap.isEnabled()
    _action(menu, "actGrowthPlan")[0].trigger()
    [dlg] = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, GrowthPlanDialog) and w.isVisible()]  # fmt: skip
    assert not dlg.add_button.isEnabled() and "not one of your teams" in dlg.message.text()
    dlg.close()
    _action(_menu(view, ada, comp), "actEvidence")[0].trigger()
    assert not view.evidence_dialog.add_button.isEnabled()
    view.evidence_dialog.close()


def test_right_click_on_the_risk_panels_mentor_pair(
    qtbot,
    org: SmallOrg,
    ctx: AppContext,  # type: ignore[no-untyped-def]
) -> None:
    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.ui.growth.insights_menus import attach_mentor_menu
    from skillmatrix.ui.insights.risk_panel import RiskPanel

    cyc = org.cycle.id
    ada, bo = org.people[0].id, org.people[1].id
    comp = org.competencies[0].id
    ratings.rate(org.db, cycle_id=cyc, person_id=bo, competency_id=comp, level=4)
    ratings.rate(org.db, cycle_id=cyc, person_id=ada, competency_id=comp, level=1, interest=3)
    panel = RiskPanel()
    qtbot.addWidget(panel)
    panel.resize(500, 900)
    panel.show()
    attach_mentor_menu(ctx, panel)
    panel.set_snapshot(load_snapshot(org.db))
    table = panel.mentors
    assert table.topLevelItemCount() >= 1
    table.customContextMenuRequested.emit(table.visualItemRect(table.topLevelItem(0)).center())
    menu = table.findChild(QMenu, "mentorPairMenu")
    assert menu is not None and menu.isVisible()
    first = panel.facts.mentors[0]  # type: ignore[union-attr]
    menu.actions()[0].trigger()
    [goal] = gp.list_goals(org.db)
    assert (goal.person_id, goal.mentor_ids()) == (first.mentee.id, [first.mentor.id])
