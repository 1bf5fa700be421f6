"""The risk panel beside the chart.

What is thin, who is a single point of failure, what happens if someone leaves, who could
mentor whom, and the hire that closes most gaps.

Everything comes from :mod:`skillmatrix.core.analytics` on the snapshot the chart shows.
With every team in scope, coverage is judged where the work happens, inside each team
(:mod:`skillmatrix.core.by_team`): the headline, the below-rule and single-point lists
(each row naming its team) and the hire are summed over teams, and the pooled, org-wide
view is a footnote. Clicking a team asks for that team's scope (``teamRequested``).
"""

from __future__ import annotations

import html
import math
from urllib.parse import unquote

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core import palette
from skillmatrix.core.analytics import CoverageRow
from skillmatrix.core.model import Competency
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.core.trust import stale_text
from skillmatrix.ui.insights.risk_facts import (
    MENTORS_SHOWN,
    STATUS_TEXT,
    RiskFacts,
    competency_text,
    compute,
    rule_text,
)
from skillmatrix.ui.insights.risk_table import CELL, RiskTable, titled_box
from skillmatrix.ui.insights.risk_text import TEAM_LINK, headline_html, hiring_html, teams_html

STATUS_COLOR = palette.STATUS_TEXT_COLORS
WARN = STATUS_COLOR["gap"]
MAX_MENTORS = MENTORS_SHOWN
#: The below-rule and single-point lists show the first this many rows (worst first): with
#: hundreds of teams, the rows of every team would be tens of thousands.
ROWS_SHOWN = 300
LEAVE_WEEKS_SHOWN = 4


def _count(total: int) -> str:
    return f"(showing {ROWS_SHOWN} of {total:,})" if total > ROWS_SHOWN else f"({total})"


class RiskPanel(QScrollArea):
    """Lists of coverage risks for the current snapshot (see the module docstring).

    Signals:
        jumpRequested(int, int): open (person id, competency id) in Assess.
        personChosen(int): the person of "if this person left" was chosen by the user.
    """

    jumpRequested = Signal(int, int)
    personChosen = Signal(int)
    teamRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("riskPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # everything wraps or scrolls inside itself: the panel never scrolls sideways
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facts: RiskFacts | None = None
        self.headline = QLabel()
        self.headline.setObjectName("riskHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.stale = QLabel()  # how much coverage rests on ratings nobody confirmed lately
        self.stale.setObjectName("staleShare")
        self.stale.setWordWrap(True)
        self.stale.setTextFormat(Qt.TextFormat.RichText)
        self.stale.setToolTip(
            "Ratings carried forward without anyone confirming them (View › Mark Ratings "
            "Stale After… sets how many cycles)"
        )
        self.teams_text = QLabel()
        self.teams_text.setObjectName("teamsText")
        self.teams_text.setWordWrap(True)
        self.teams_text.setTextFormat(Qt.TextFormat.RichText)
        self.teams_text.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.teams_text.setToolTip(
            "Click a team to show only that team in every view (Back to all teams returns)"
        )
        self.teams_text.setMinimumWidth(120)  # wraps: its longest line is no minimum
        self.hiring = QLabel()
        self.hiring.setObjectName("hiringText")
        self.hiring.setWordWrap(True)
        self.hiring.setTextFormat(Qt.TextFormat.RichText)
        self.below = RiskTable("belowRuleTable", ["Competency", "Status", "Covered", "Who covers"])
        self.spof = RiskTable("spofTable", ["Competency", "Only person", "Covered"])
        self.person = QComboBox()
        self.person.setObjectName("leftPersonCombo")
        self.person.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.person.setMinimumContentsLength(18)
        self.person.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.left_text = QLabel()
        self.left_text.setObjectName("ifLeftText")
        self.left_text.setWordWrap(True)
        self.left = RiskTable("ifLeftTable", ["Competency", "Status after", "Covered after"])
        self.mentors = RiskTable(
            "mentorTable", ["Expert", "Learner", "Competency", "Level now"]
        )  # short headers: all four fit the narrowest panel; the tooltips say more
        header = self.mentors.headerItem()
        header.setToolTip(1, "Keen learner: wants to grow in this competency")
        header.setToolTip(3, "The learner's level now")
        self.leave_text = QLabel()
        self.leave_text.setObjectName("leaveText")
        self.leave_text.setWordWrap(True)
        self.leave_text.setTextFormat(Qt.TextFormat.RichText)
        self.boxes = {
            "teams": titled_box("By team", "teamsBox", self.teams_text),
            "leave": titled_box("Leave calendar", "leaveBox", self.leave_text),
            "hiring": titled_box("Hiring suggestion", "hiringBox", self.hiring),
            "below": titled_box("Below coverage rule", "belowRuleBox", self.below),
            "spof": titled_box("Single points of failure", "spofBox", self.spof),
            "left": titled_box(
                "If this person left", "ifLeftBox", self.person, self.left_text, self.left
            ),
            "mentors": titled_box("Mentor pairs", "mentorBox", self.mentors),
        }
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.headline)
        layout.addWidget(self.stale)
        for box in self.boxes.values():
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)
        for table in (self.below, self.spof, self.left, self.mentors):
            table.itemActivated.connect(self._on_activated)
        self.person.activated.connect(self._on_person_activated)
        self.teams_text.linkActivated.connect(self._on_team_link)

    # -- content --------------------------------------------------------------------------
    def set_snapshot(
        self, snapshot: Snapshot, leaves: object = None, trusted_only: bool = False
    ) -> None:
        """Recompute every list for ``snapshot`` (keeps the chosen person when present).

        ``leaves``: the stored leave calendar, if any; ``trusted_only``: count confirmed
        ratings only.
        """
        from skillmatrix.ui import settings

        facts = compute(snapshot, leaves, settings.stale_after(), trusted_only)  # type: ignore[arg-type]
        self.show_facts(facts)

    def show_facts(self, facts: RiskFacts) -> None:
        """Show ``facts``; keeps the chosen person when present.

        ``facts`` come from :func:`compute`, perhaps run in a worker thread.
        """
        keep = self.person.currentData()
        same_people = self.facts is not None and self.facts.snapshot.people is facts.snapshot.people
        self.facts = facts
        self._fill_headline(facts)
        self._fill_stale(facts)
        self._fill_teams(facts)
        self._fill_hiring(facts)
        self._fill_below(facts)
        self._fill_spof(facts)
        self._fill_mentors(facts)
        self._fill_leave(facts)
        if not same_people:  # the same people (an edit): the list is already right
            self.person.blockSignals(True)
            self.person.clear()
            for p in facts.people_by_name:
                self.person.addItem(f"{p.name} ({p.team or 'no team'})", p.id)
            self.person.blockSignals(False)
        chosen = keep if keep is not None and self.person.findData(keep) >= 0 else None
        if chosen is None:
            riskiest = facts.riskiest_person()
            chosen = riskiest.id if riskiest else None
        self.set_person(chosen)

    def set_person(self, person_id: int | None) -> None:
        """Show "if this person left" for ``person_id`` (None: nobody to show)."""
        index = self.person.findData(person_id) if person_id is not None else -1
        self.person.setCurrentIndex(index)
        facts = self.facts
        if facts is None or index < 0 or person_id is None:
            self.left_text.setText("No one to choose in this scope.")
            self.left.fill([])
            return
        name = facts.snapshot.people[facts.snapshot.person_index(person_id)].name
        rows = facts.if_left(person_id)
        team = facts.team_of(person_id)
        where = f" in {html.escape(team)}" if team else ""
        self.left_text.setText(
            f"If <b>{html.escape(name)}</b> left, <b>{len(rows)}</b> "
            f"competenc{'y' if len(rows) == 1 else 'ies'} would fall below their coverage "
            f"rule{where}."
        )
        self.left.fill(
            [
                (
                    [
                        competency_text(r.competency),
                        STATUS_TEXT[r.status],
                        rule_text(r, facts.snapshot),
                    ],
                    (person_id, r.competency.id),
                    STATUS_COLOR[r.status],
                    r.competency.critical,
                )
                for r in rows
            ],
            empty="Nothing would fall below its rule.",
        )

    def _muted(self) -> str:
        """A secondary text colour readable on the current theme (light or dark)."""
        return self.palette().color(QPalette.ColorRole.PlaceholderText).name()

    def _fill_stale(self, facts: RiskFacts) -> None:
        trust = facts.trusted
        if trust is None or not trust.ratings:
            self.stale.hide()
            return
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        colors = palette.DARK_STATUS_TEXT_COLORS if dark else STATUS_COLOR
        color = colors["at-risk"] if trust.stale_coverers else self._muted()
        words = stale_text(trust, all_teams=facts.snapshot.team is None)
        if facts.trusted_only:  # the lists below are computed without the stale ratings
            words = (
                f"Confirmed ratings only: the lists leave out the {trust.stale} stale ones. "
                + words
            )
        self.stale.setText(f"<span style='color:{color}'>{html.escape(words)}</span>")
        self.stale.show()

    def _fill_headline(self, facts: RiskFacts) -> None:
        self.headline.setText(headline_html(facts, WARN, self._muted()))

    def _fill_teams(self, facts: RiskFacts) -> None:
        """One paragraph per team, worst first; the team's name links to its scope."""
        box = self.boxes["teams"]
        box.setVisible(facts.pooled and not facts.nothing_rated)  # "nobody" everywhere says nothing
        box.setTitle(f"By team ({len(facts.teams)})")
        self.teams_text.setText(teams_html(facts, WARN, self._muted()))

    def _fill_hiring(self, facts: RiskFacts) -> None:
        title, text = hiring_html(facts)
        self.boxes["hiring"].setTitle(title)
        self.hiring.setText(text)

    @staticmethod
    def _where(team: str | None, competency: Competency) -> str:
        """A list's first column: the competency, after its team when judged by team."""
        return f"{team} · {competency_text(competency)}" if team else competency_text(competency)

    def _fill_below(self, facts: RiskFacts) -> None:
        snap = facts.snapshot
        rows = [] if facts.nothing_rated else facts.rows_below
        scope = " — within teams" if facts.pooled else ""
        self.boxes["below"].setTitle(f"Below coverage rule{scope} {_count(len(rows))}")
        rows = rows[:ROWS_SHOWN]
        self.below.headerItem().setText(0, "Team · competency" if facts.pooled else "Competency")
        self.below.fill(
            [
                (
                    [
                        self._where(team, r.competency),
                        STATUS_TEXT[r.status],
                        rule_text(r, snap),
                        ", ".join(p.name for p in r.coverers) or "—",
                    ],
                    self._cell_for(r, team),
                    STATUS_COLOR[r.status],
                    r.competency.critical,
                )
                for team, r in rows
            ],
            empty="Nothing is rated yet."
            if facts.nothing_rated
            else "Every team meets every rule on its own."
            if facts.pooled
            else "Every competency meets its rule.",
        )

    def _fill_spof(self, facts: RiskFacts) -> None:
        snap = facts.snapshot
        rows = facts.rows_spof
        scope = " — within teams" if facts.pooled else ""
        self.boxes["spof"].setTitle(f"Single points of failure{scope} {_count(len(rows))}")
        rows = rows[:ROWS_SHOWN]
        self.spof.headerItem().setText(0, "Team · competency" if facts.pooled else "Competency")
        self.spof.fill(
            [
                (
                    [self._where(team, r.competency), r.coverers[0].name, rule_text(r, snap)],
                    (r.coverers[0].id, r.competency.id),
                    None,
                    r.competency.critical,
                )
                for team, r in rows
            ],
            empty="No competency rests on one person" + (" in any team." if facts.pooled else "."),
        )

    def _fill_leave(self, facts: RiskFacts) -> None:
        """The weeks of the stored leave calendar that break a rule (hidden without one)."""
        weeks = facts.calendar
        box = self.boxes["leave"]
        box.setVisible(weeks is not None and not facts.nothing_rated)
        if weeks is None:
            return
        bad = [w for w in weeks if w["broken"]]
        box.setTitle(f"Leave calendar ({len(bad)} of {len(weeks)} weeks break a rule)")
        if not bad:
            self.leave_text.setText(f"No rule breaks in the next {len(weeks)} weeks.")
            return
        lines = [
            f"<b>{html.escape(w['week_of'])}</b>: {html.escape(', '.join(w['away']))} away; "
            f"<span style='color:{WARN}'>{html.escape(', '.join(w['broken']))}</span>"
            for w in bad[:LEAVE_WEEKS_SHOWN]
        ]
        if len(bad) > LEAVE_WEEKS_SHOWN:
            lines.append(
                f"… and {len(bad) - LEAVE_WEEKS_SHOWN} more (the Bus factor tab lists all)"
            )
        self.leave_text.setText("<br>".join(lines))

    def _fill_mentors(self, facts: RiskFacts) -> None:
        scale = facts.snapshot.scale
        total = facts.mentor_total
        shown = facts.mentors
        self.boxes["mentors"].setTitle(
            f"Mentor pairs (showing {len(shown)} of {total:,})"
            if total > len(shown)
            else f"Mentor pairs ({total})"
        )

        def now(level: float) -> str:
            return "not rated" if math.isnan(level) else f"{int(level)} {scale.label(int(level))}"

        self.mentors.fill(
            [
                (
                    [
                        m.mentor.name,
                        m.mentee.name,
                        competency_text(m.competency),
                        now(m.mentee_level),
                    ],
                    (m.mentee.id, m.competency.id),
                    None,
                    False,
                )
                for m in shown
            ],
            empty="No expert with a keen learner in the same competency.",
        )

    def _cell_for(self, row: CoverageRow, team: str | None = None) -> tuple[int, int] | None:
        """The rating to open for a row.

        Its first coverer, else someone (of ``team``, when given) with a target.
        """
        snap = self.facts.snapshot if self.facts else None
        if snap is None or not snap.people:
            return None
        if row.coverers:
            return row.coverers[0].id, row.competency.id
        j = snap.competency_index(row.competency.id)
        people = [i for i, p in enumerate(snap.people) if team is None or p.team == team]
        targeted = [i for i in people if not math.isnan(snap.targets[i, j])]
        pick = targeted[0] if targeted else (people[0] if people else 0)
        return snap.people[pick].id, row.competency.id

    # -- events ---------------------------------------------------------------------------
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        cell = item.data(0, CELL)
        if cell:
            self.jumpRequested.emit(int(cell[0]), int(cell[1]))

    def _on_team_link(self, link: str) -> None:
        if link.startswith(TEAM_LINK):
            self.teamRequested.emit(unquote(link.removeprefix(TEAM_LINK)))

    def _on_person_activated(self, index: int) -> None:
        pid = self.person.itemData(index)
        if pid is not None:
            self.set_person(int(pid))
            self.personChosen.emit(int(pid))
