"""The bus-factor page: true bus factors, worst pairs and leave-calendar breaks.

Per competency and team the true bus factor and who breaks it, each team's worst pair of
departures, and the weeks the stored leave calendar breaks a rule (the same figures as
``skillmatrix risk --pairs``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from skillmatrix.core import palette
from skillmatrix.ui.insights.decisions.page import DecisionPage
from skillmatrix.ui.insights.risk_table import RiskTable, titled_box

#: The bus-factor table shows the most fragile this many rows.
ROWS_SHOWN = 300
WARN = palette.STATUS_TEXT_COLORS["gap"]
NO_CALENDAR = (
    "No leave calendar is stored. Enter leaves in the Team view (Leave calendar…) or import "
    "a CSV there to see the weeks a rule breaks."
)


def factor_text(row: dict[str, Any]) -> str:
    """A bus factor as text (0 says how far the rule is already missed)."""
    if row["bus_factor"] == 0:
        return f"0 (already {row['covered']}/{row['required']})"
    return str(row["bus_factor"])


class BusFactorPage(DecisionPage):
    """The bus-factor page (see the module docstring)."""

    title = "Bus factor"

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "busFactorPage", parent)
        self.headline = QLabel()
        self.headline.setObjectName("busFactorHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.table = RiskTable("busFactorTable", ["Competency", "Bus factor", "Breaking set"])
        self.table.setMaximumHeight(16_777_215)
        self.pairs = RiskTable("worstPairTable", ["Team", "Worst pair", "What breaks"])
        self.calendar_text = QLabel()
        self.calendar_text.setObjectName("calendarText")
        self.calendar_text.setWordWrap(True)
        self.calendar = RiskTable("calendarTable", ["Week of", "Away", "Rules broken"])
        self.boxes = {
            "factors": titled_box("Bus factor per competency", "busFactorBox", self.table),
            "pairs": titled_box("Worst two-person loss per team", "worstPairBox", self.pairs),
            "calendar": titled_box(
                "Leave calendar, week by week", "calendarBox", self.calendar_text, self.calendar
            ),
        }
        self.body.addWidget(self.headline)
        self.body.addWidget(self.status)
        self.body.addWidget(self.boxes["factors"], 1)
        self.body.addWidget(self.boxes["pairs"])
        self.body.addWidget(self.boxes["calendar"])

    def work(
        self, db: Any, cycle_id: int | None, team: str | None, options: tuple[Any, ...]
    ) -> Any:
        """The departure risk of the scope (in the worker thread)."""
        from skillmatrix.services.risk import departure_risk

        return departure_risk(db, cycle=cycle_id, team=team)[1]

    def show_result(self, data: dict[str, Any]) -> None:
        """Show the bus factors, the worst pairs and the leave calendar's broken weeks."""
        rows = data["competencies"]
        pooled = data["team"] is None and any(r["team"] for r in rows)
        rated = data["people"] and any(r["covered"] for r in rows)
        broken = sum(r["bus_factor"] == 0 for r in rows)
        one = sum(r["bus_factor"] == 1 for r in rows)
        where = " (judged within each team)" if pooled else ""
        self.headline.setText(
            "Nothing is rated yet: no bus factor to show."
            if not rated
            else f"<b>{one}</b> competenc{'y' if one == 1 else 'ies'} break with one departure, "
            f"<b>{broken}</b> already below {'its' if broken == 1 else 'their'} rule{where}."
        )
        shown = rows[:ROWS_SHOWN] if rated else []
        more = f" (showing {ROWS_SHOWN} of {len(rows):,})" if len(rows) > ROWS_SHOWN else ""
        self.boxes["factors"].setTitle(f"Bus factor per competency, most fragile first{more}")
        self.table.headerItem().setText(0, "Team · competency" if pooled else "Competency")
        self.table.fill(
            [
                (
                    [
                        (f"{r['team']} · " if pooled and r["team"] else "")
                        + ("★ " if r["critical"] else "")
                        + r["competency"],
                        factor_text(r),
                        ", ".join(r["breaking_set"]) or "—",
                    ],
                    None,
                    None,
                    r["critical"],
                )
                for r in shown
            ],
            empty="Nothing is rated yet.",
        )
        self.table.setMaximumHeight(16_777_215)
        pairs = data.get("teams", [])
        self.pairs.fill(
            [
                (
                    [
                        p["team"] or "—",
                        " and ".join(p["people"]),
                        f"{len(p['breaks'])}: " + ", ".join(p["breaks"]),
                    ],
                    None,
                    None,
                    False,
                )
                for p in pairs
            ],
            empty="No two departures break a rule that holds today.",
        )
        self.pairs.setMinimumHeight(self.pairs.maximumHeight())  # its rows, no more
        weeks = data.get("calendar")
        if weeks is None:
            self.calendar_text.setText(NO_CALENDAR)
            self.calendar.fill([])
            self.calendar.hide()
            return
        bad = [w for w in weeks if w["broken"]]
        self.calendar_text.setText(
            f"{len(bad)} of the next {len(weeks)} weeks break a rule."
            if bad
            else f"No rule breaks in the next {len(weeks)} weeks."
        )
        self.calendar.show()
        self.calendar.fill(
            [
                (
                    [w["week_of"], ", ".join(w["away"]) or "nobody", ", ".join(w["broken"]) or "—"],
                    None,
                    WARN if w["broken"] else None,
                    bool(w["broken"]),
                )
                for w in weeks
            ]
        )
