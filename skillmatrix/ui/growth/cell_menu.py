"""The Assess grid's right-click menu on a cell.

Its evidence, a growth goal from the gap or from the cell's mentor pair in one click, the
person's plan and their profile.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QMenu, QWidget

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.plans import default_target
from skillmatrix.ui.assess.editing import read_only_reason
from skillmatrix.ui.assess.roles import Role
from skillmatrix.ui.growth.mentors import mentors_for


def cell_menu(view: QWidget, index: QModelIndex) -> QMenu | None:
    """The menu for ``index`` of the Assess view ``view``; None when there is nothing to act on.

    ``view`` gives its ``model``, ``context`` and ``open_evidence`` (not imported here,
    which would be a cycle).
    """
    from skillmatrix.services.evidence import list_evidence
    from skillmatrix.ui import evidence as ev_ui
    from skillmatrix.ui.growth import commands
    from skillmatrix.ui.growth.plan_dialog import open_plan
    from skillmatrix.ui.profile_action import save_profile

    assess: Any = view
    model, ctx = assess.model, assess.context
    snap = model.snapshot
    if snap is None or snap.cycle is None or ctx.db is None or model.loading:
        return None
    person, comp = model.person(index.row()), model.competency(index.column())
    cell = ev_ui.Cell(snap.cycle.id, person.id, comp.id, person.name, comp.name)
    locked = read_only_reason(snap) or model.locked(index.row())
    menu = QMenu(view)
    menu.setObjectName("cellMenu")
    act = menu.addAction("&Evidence…")
    act.setObjectName("actEvidence")
    act.triggered.connect(lambda: assess.open_evidence(cell))
    try:
        found = list_evidence(ctx.db, cycle_id=cell.cycle_id, person_id=person.id,
                              competency_id=comp.id)  # fmt: skip
    except SkillMatrixError:
        found = []
    if found:
        sub = menu.addMenu("&Remove evidence")
        sub.setObjectName("removeEvidenceMenu")
        sub.setEnabled(not locked)
        for e in found:
            item = sub.addAction(ev_ui.item_text(e)[:80])
            item.triggered.connect(lambda _c=False, e=e: ev_ui.remove_step(ctx, e, cell.label))
    menu.addSeparator()
    level = model.data(index, Role.LEVEL)
    target = default_target(level, model.data(index, Role.TARGET), bottom=snap.scale.min,
                            top=snap.scale.max)  # fmt: skip
    gap = menu.addAction(f"&Plan growth: {comp.name} to {target}")
    gap.setObjectName("actGoalFromGap")
    gap.setToolTip("Add a goal to the person's growth plan (the role target, or one up)")
    who = model.locked(index.row())  # another team's person on a shared database
    gap.setEnabled(who is None)
    gap.triggered.connect(lambda: commands.from_gap(
        ctx, cycle_id=cell.cycle_id, person_id=person.id, competency_id=comp.id))  # fmt: skip
    for mentor in mentors_for(snap, person.id, comp.id)[:3]:
        pair = menu.addAction(f"Plan growth with &mentor {mentor.name}")
        pair.setObjectName("actGoalFromMentor")
        pair.setEnabled(who is None)
        pair.triggered.connect(lambda _c=False, m=mentor: commands.from_mentor_pair(
            ctx, cycle_id=cell.cycle_id, mentee_id=person.id, mentor_id=m.id,
            competency_id=comp.id))  # fmt: skip
    menu.addSeparator()
    plan = menu.addAction(f"&Growth plan of {person.name}…")
    plan.setObjectName("actGrowthPlan")
    plan.triggered.connect(lambda: open_plan(
        ctx, person_id=person.id, person_name=person.name, parent=view, read_only=who))  # fmt: skip
    prof = menu.addAction(f"Pro&file of {person.name} (PDF)…")
    prof.setObjectName("actProfile")
    prof.triggered.connect(lambda: save_profile(ctx, person.id, person.name, view))
    return menu
