"""Header texts of the grid: what a competency column and a person row say (pure)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from skillmatrix.core.model import Competency, Person, seniority_text
from skillmatrix.ui.assess.roles import Role

_DR = Qt.ItemDataRole


def competency_header(comp: Competency, role: int) -> Any:
    """Horizontal header data of a competency column for ``role``."""
    if role == _DR.DisplayRole:
        return comp.name
    if role == _DR.ToolTipRole:
        crit = " · critical" if comp.critical else ""
        return f"{comp.name} ({comp.category}{crit})\n{comp.description}".strip()
    if role == Role.CATEGORY:
        return comp.category
    return comp.id if role == Role.COMPETENCY_ID else None


def person_header(p: Person, role: int, group: str | None) -> Any:
    """Vertical header data of a person row; ``group`` is the team when the row starts one."""
    if role == _DR.DisplayRole:
        detail = ", ".join(x for x in (p.role, seniority_text(p.seniority)) if x)
        return f"{p.name} — {detail}"
    if role == _DR.ToolTipRole:
        return "\n".join(x for x in (p.name, p.email, p.team and f"Team: {p.team}") if x)
    if role == Role.GROUP:
        return group
    return p.id if role == Role.PERSON_ID else None
