"""One-click growth goals from the Insights views (right-click).

A mentor pair in the risk panel's mentor table, a best-placed person of a gap in the Build
or hire table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QTreeWidget, QWidget

from skillmatrix.core.analytics import MentorPair
from skillmatrix.core.growth import GapPlan


def _attach(table: QTreeWidget, build: Callable[[int, QWidget], QMenu | None]) -> None:
    """Right-click (or the menu key) on a row opens ``build(row, parent)``."""

    def show(pos: QPoint) -> None:
        item = table.itemAt(pos) or table.currentItem()
        if item is None:
            return
        menu = build(table.indexOfTopLevelItem(item), table)  # the table owns it
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(table.viewport().mapToGlobal(pos))

    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.customContextMenuRequested.connect(show)


def mentor_menu(
    ctx: Any, pairs: list[MentorPair], row: int, cycle_id: int | None,
    parent: QWidget | None = None,
) -> QMenu | None:  # fmt: skip
    """The menu for row ``row`` of the mentor table: plan the mentee's growth with it."""
    from skillmatrix.ui.growth import commands

    if not 0 <= row < len(pairs) or ctx.db is None:
        return None
    p = pairs[row]
    menu = QMenu(parent)
    menu.setObjectName("mentorPairMenu")
    act = menu.addAction(
        f"Plan growth: {p.mentee.name} in {p.competency.name}, mentor {p.mentor.name}"
    )
    act.setObjectName("actGoalFromMentorPair")
    act.triggered.connect(lambda: commands.from_mentor_pair(
        ctx, cycle_id=cycle_id, mentee_id=p.mentee.id, mentor_id=p.mentor.id,
        competency_id=p.competency.id))  # fmt: skip
    return menu


def gap_menu(
    ctx: Any, plans: list[GapPlan], row: int, parent: QWidget | None = None
) -> QMenu | None:
    """The menu for a Build or hire row.

    A goal at the rule's level for each best-placed person of that gap.
    """
    from skillmatrix.services.growth_plans import create_goal
    from skillmatrix.ui.assess.editing import rater
    from skillmatrix.ui.growth import commands

    if not 0 <= row < len(plans) or ctx.db is None:
        return None
    plan = plans[row]
    level = plan.competency.rule.min_level
    menu = QMenu(parent)
    menu.setObjectName("gapPlanMenu")
    for c in plan.candidates:
        act = menu.addAction(f"Plan growth: {c.person.name} to {level} in {plan.competency.name}")
        act.setObjectName("actGoalFromGapPlan")
        act.triggered.connect(lambda _c=False, pid=c.person.id: commands.add_goal(
            ctx, lambda db: create_goal(db, person_id=pid, competency_id=plan.competency.id,
                                        target_level=level, created_by=rater())))  # fmt: skip
    return menu if plan.candidates else None


def attach_mentor_menu(ctx: Any, panel: Any) -> None:
    """The risk panel's mentor table offers a goal from each pair."""

    def build(row: int, parent: QWidget) -> QMenu | None:
        facts = panel.facts
        if facts is None:
            return None
        cycle = facts.snapshot.cycle
        return mentor_menu(ctx, list(facts.mentors), row, cycle.id if cycle else None, parent)

    _attach(panel.mentors, build)


def attach_gap_menu(ctx: Any, page: Any) -> None:
    """The Build or hire table offers a goal for each gap's best-placed people."""
    _attach(page.table, lambda row, parent: gap_menu(ctx, list(page.shown), row, parent))
