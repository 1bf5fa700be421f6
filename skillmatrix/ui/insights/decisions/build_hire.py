"""The build-or-hire page: for each gap, whether growth from within likely closes it.

Judged by the horizon the user sets (default two cycles); the hire is shown only where it
does not (the same figures as ``skillmatrix build-or-hire``).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from skillmatrix.core import palette
from skillmatrix.core.growth import HORIZON, NEVER, GapPlan, HirePlan
from skillmatrix.ui.insights.decisions.page import DecisionPage
from skillmatrix.ui.insights.risk_table import RiskTable, titled_box

ROWS_SHOWN = 300
HIRE_COLOR = palette.STATUS_TEXT_COLORS["gap"]
MAX_HORIZON = 12


def cycles_text(value: float) -> str:
    """Expected cycles as text, "not within sight" when never."""
    return "not within sight" if value >= NEVER else f"~{value:.1f} cycles"


def range_text(plan: GapPlan) -> str:
    """The range of expected cycles of a gap's route as text."""
    if plan.cycles >= NEVER:
        return "—"
    return f"{cycles_text(plan.cycles_low)} to {cycles_text(plan.cycles_high)}"


class BuildHirePage(DecisionPage):
    """The build-or-hire page (see the module docstring)."""

    title = "Build or hire"

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "buildOrHirePage", parent)
        self.horizon = QSpinBox()
        self.horizon.setObjectName("horizonSpin")
        self.horizon.setRange(1, MAX_HORIZON)
        self.horizon.setValue(HORIZON)
        self.horizon.setSuffix(" cycles")
        self.horizon.setToolTip("Grow from within when a gap likely closes by then, else hire")
        self.horizon.valueChanged.connect(lambda _v: self.recompute())
        row = QHBoxLayout()
        row.addWidget(QLabel("Horizon"))
        row.addWidget(self.horizon)
        row.addStretch(1)
        self.headline = QLabel()
        self.headline.setObjectName("buildHireHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.table = RiskTable(
            "buildHireTable",
            ["Verdict", "Competency", "Needs", "Likely closed", "80 % range", "Best placed"],
        )
        self.hires = QLabel()
        self.hires.setObjectName("hireVerdicts")
        self.hires.setWordWrap(True)
        self.hires.setTextFormat(Qt.TextFormat.RichText)
        self.body.addLayout(row)
        self.body.addWidget(self.headline)
        self.body.addWidget(self.status)
        self.body.addWidget(titled_box("Each gap: grow or hire", "buildHireBox", self.table), 1)
        self.body.addWidget(titled_box("Hiring suggestion", "hireVerdictBox", self.hires))
        self.shown: list[GapPlan] = []  # the table's rows, in order
        from skillmatrix.ui.growth.insights_menus import attach_gap_menu

        attach_gap_menu(ctx, self)  # right-click a gap: a growth goal for who is best placed

    def options(self) -> tuple[Any, ...]:
        """The horizon chosen."""
        return (self.horizon.value(),)

    def work(
        self, db: Any, cycle_id: int | None, team: str | None, options: tuple[Any, ...]
    ) -> Any:
        """Each gap's route and the hires (in the worker thread)."""
        from skillmatrix.services.growth import build_or_hire

        _snap, _model, plans, hires = build_or_hire(
            db, cycle=cycle_id, team=team, horizon=options[0]
        )
        return plans, hires, options[0], team

    def show_result(self, result: tuple[list[GapPlan], list[HirePlan], int, str | None]) -> None:
        """Show the routes and the hires, with a headline of how many grow and how many hire."""
        plans, hires, horizon, team = result
        pooled = team is None and len({p.team for p in plans}) > 1
        grow = sum(p.verdict == "grow" for p in plans)
        self.headline.setText(
            "No coverage gaps: nothing to build or hire for."
            if not plans
            else f"<b>{len(plans)}</b> gap{'s' if len(plans) != 1 else ''}: <b>{grow}</b> likely "
            f"closed from within by {horizon} cycle{'s' if horizon != 1 else ''}, "
            f"<b>{len(plans) - grow}</b> not."
        )
        self.table.headerItem().setText(1, "Team · competency" if pooled else "Competency")
        self.shown = plans[:ROWS_SHOWN]
        self.table.fill(
            [
                (
                    [
                        p.verdict.upper(),
                        (f"{p.team} · " if pooled and p.team else "") + p.competency.name,
                        str(p.needed),
                        cycles_text(p.cycles),
                        range_text(p),
                        ", ".join(c.person.name for c in p.candidates) or "nobody to develop",
                    ],
                    None,
                    None,
                    p.verdict == "hire",
                )
                for p in plans[:ROWS_SHOWN]
            ],
            empty="No coverage gaps.",
        )
        self.table.setMaximumHeight(16_777_215)
        if not hires:
            self.hires.setText(
                "No hire needed: growth from within closes every gap by the horizon."
                if plans
                else "No hire needed."
            )
            return
        lines = []
        for h in hires:
            where = f" for <b>{html.escape(h.team)}</b>" if h.team else ""
            closes = ", ".join(html.escape(c.name) for c in h.hire.closes) or "none outright"
            lines.append(
                f"<span style='color:{HIRE_COLOR}'>Hire</span>{where} a "
                f"{html.escape(h.hire.seniority.value)} {html.escape(h.hire.role)}: growth from "
                f"within misses the {horizon}-cycle horizon for {len(h.misses)} gap(s); this "
                f"hire closes {closes}."
            )
        self.hires.setText("<br>".join(lines))
