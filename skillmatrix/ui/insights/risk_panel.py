"""The risk panel beside the chart: what is thin, who is a single point of failure, what
happens if someone leaves, who could mentor whom, and the hire that closes most gaps.

Everything comes from :mod:`skillmatrix.core.analytics` on the snapshot the chart shows.
With every team in scope, coverage is judged over everyone pooled (org-wide), which can
look fine while each team depends on one person: the panel then says so and leads with
a per-team breakdown; clicking a team asks for that team's scope (``teamRequested``).
"""

from __future__ import annotations

import html
import math
from urllib.parse import quote, unquote

from PySide6.QtCore import Qt, Signal
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
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.ui.insights.risk_facts import (
    MENTORS_SHOWN,
    STATUS_TEXT,
    RiskFacts,
    TeamRisk,
    competency_text,
    compute,
    rule_text,
)
from skillmatrix.ui.insights.risk_table import CELL, RiskTable, titled_box

STATUS_COLOR = palette.STATUS_TEXT_COLORS
WARN = STATUS_COLOR["gap"]
TEAM_LINK = "team:"  # href prefix of a team's name in "By team"
MAX_MENTORS = MENTORS_SHOWN


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
        self.teams_text = QLabel()
        self.teams_text.setObjectName("teamsText")
        self.teams_text.setWordWrap(True)
        self.teams_text.setTextFormat(Qt.TextFormat.RichText)
        self.teams_text.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.teams_text.setToolTip("Click a team to show it in every view")
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
        self.boxes = {
            "teams": titled_box("By team", "teamsBox", self.teams_text),
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
        for box in self.boxes.values():
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)
        for table in (self.below, self.spof, self.left, self.mentors):
            table.itemActivated.connect(self._on_activated)
        self.person.activated.connect(self._on_person_activated)
        self.teams_text.linkActivated.connect(self._on_team_link)

    # -- content --------------------------------------------------------------------------
    def set_snapshot(self, snapshot: Snapshot) -> None:
        """Recompute every list for ``snapshot`` (keeps the chosen person when present)."""
        self.show_facts(compute(snapshot))

    def show_facts(self, facts: RiskFacts) -> None:
        """Show ``facts`` (from :func:`compute`, perhaps run in a worker thread); keeps the
        chosen person when present."""
        keep = self.person.currentData()
        same_people = self.facts is not None and self.facts.snapshot.people is facts.snapshot.people
        self.facts = facts
        self._fill_headline(facts)
        self._fill_teams(facts)
        self._fill_hiring(facts)
        self._fill_below(facts)
        self._fill_spof(facts)
        self._fill_mentors(facts)
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
        self.left_text.setText(
            f"If <b>{name}</b> left, <b>{len(rows)}</b> competenc{'y' if len(rows) == 1 else 'ies'}"
            " would fall below their coverage rule."
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

    def _fill_headline(self, facts: RiskFacts) -> None:
        gaps = sum(r.status == "gap" for r in facts.below_rule)
        crit = sum(r.competency.critical for r in facts.below_rule)
        figures = (
            f"<b>{len(facts.below_rule)}</b> competencies below their coverage rule "
            f"(<b>{gaps}</b> with nobody, {crit} critical) · "
            f"<b>{len(facts.spofs)}</b> single points of failure"
        )
        if not facts.pooled:
            self.headline.setText(figures)
            return
        teams = facts.teams
        short = [t for t in teams if t.below_rule or t.spofs]
        n_people = len(facts.snapshot.people)
        text = f"<b>All teams pooled</b> ({n_people} people, coverage judged org-wide): {figures}."
        if short:
            below = sum(len(t.below_rule) for t in teams)
            nobody = sum(t.gaps for t in teams)
            spofs = sum(len(t.spofs) for t in teams)
            text += (
                f"<br><span style='color:{WARN}'><b>Within teams: {len(short)} of {len(teams)}"
                f" teams fall short</b> — {below} competencies below rule ({nobody} with "
                f"nobody) and {spofs} single points of failure.</span> "
                "Click a team under <i>By team</i> for its own risks and hire."
            )
        else:
            text += "<br>Every team also meets every coverage rule on its own."
        self.headline.setText(text)

    def _fill_teams(self, facts: RiskFacts) -> None:
        """One paragraph per team, worst first; the team's name links to its scope."""
        box = self.boxes["teams"]
        box.setVisible(facts.pooled)
        box.setTitle(f"By team ({len(facts.teams)})")
        intro = (
            "<span style='color:#666666'>Coverage judged within each team alone, worst "
            "first. Click a team to show it.</span>"
        )
        self.teams_text.setText("<br><br>".join([intro, *map(self._team_html, facts.teams)]))

    @staticmethod
    def _team_html(t: TeamRisk) -> str:
        href = TEAM_LINK + quote(t.team, safe="")
        link = f"<a href='{href}'><b>{html.escape(t.team)}</b></a>"
        head = f"{link} ({t.people})"
        if not t.below_rule and not t.spofs:
            return f"{head}: meets every rule on its own."
        nobody = [competency_text(r.competency) for r in t.below_rule if r.status == "gap"]
        facts = []
        if nobody:
            facts.append(
                f"<span style='color:{WARN}'><b>nobody</b> for {html.escape(', '.join(nobody))}"
                "</span>"
            )
        others = len(t.below_rule) - len(nobody)
        if others:
            facts.append(f"{others} more below rule")
        if t.spofs:
            facts.append(
                f"<b>{len(t.spofs)}</b> single point{'s' if len(t.spofs) != 1 else ''} of failure"
            )
        text = f"{head}: {'; '.join(facts)}."
        if t.hiring is not None:
            text += (
                f"<br>Hire: {html.escape(t.hiring.seniority.value)} "
                f"{html.escape(t.hiring.role)} (closes {len(t.hiring.closes)} of "
                f"{len(t.below_rule)})"
            )
        return text

    def _fill_hiring(self, facts: RiskFacts) -> None:
        hire = facts.hiring
        box = self.boxes["hiring"]
        scope = " (all teams pooled)" if facts.pooled else ""
        short = [t for t in facts.teams if t.below_rule]
        if hire is None:
            box.setTitle(f"Hiring suggestion{scope}")
            if facts.below_rule:
                text = (
                    "No role's targets reach the missing levels: grow people instead "
                    "(see mentor pairs)."
                )
            elif short:
                text = (
                    "Org-wide, every competency meets its coverage rule, but "
                    f"<b><span style='color:{WARN}'>{len(short)} of {len(facts.teams)} teams"
                    "</span></b> do not on their own: see <i>By team</i> for each team's "
                    "hire, or pick the team."
                )
            elif facts.pooled:
                text = (
                    "No hire needed: every competency meets its coverage rule, org-wide "
                    "and within every team."
                )
            else:
                text = "No hire needed: every competency meets its coverage rule."
            self.hiring.setText(text)
            return
        box.setTitle(
            f"Hiring suggestion{scope}: closes {len(hire.closes)} of {len(facts.below_rule)}"
        )
        closes = ", ".join(competency_text(c) for c in hire.closes) or "none fully"
        text = (
            f"Hire a <b>{hire.seniority.value} {hire.role}</b>.<br>"
            f"Closes {len(hire.closes)} of {len(facts.below_rule)} shortfalls: {closes}."
        )
        if hire.improves:
            text += f"<br>Also helps: {', '.join(competency_text(c) for c in hire.improves)}."
        if short:
            text += " Teams judged alone fall shorter: see <i>By team</i>."
        self.hiring.setText(text)

    def _fill_below(self, facts: RiskFacts) -> None:
        snap = facts.snapshot
        scope = " — org-wide" if facts.pooled else ""
        self.boxes["below"].setTitle(f"Below coverage rule{scope} ({len(facts.below_rule)})")
        self.below.fill(
            [
                (
                    [
                        competency_text(r.competency),
                        STATUS_TEXT[r.status],
                        rule_text(r, snap),
                        ", ".join(p.name for p in r.coverers) or "—",
                    ],
                    self._cell_for(r),
                    STATUS_COLOR[r.status],
                    r.competency.critical,
                )
                for r in facts.below_rule
            ],
            empty="None org-wide: see By team above."
            if facts.pooled
            else "Every competency meets its rule.",
        )

    def _fill_spof(self, facts: RiskFacts) -> None:
        snap = facts.snapshot
        scope = " — org-wide" if facts.pooled else ""
        self.boxes["spof"].setTitle(f"Single points of failure{scope} ({len(facts.spofs)})")
        self.spof.fill(
            [
                (
                    [competency_text(r.competency), r.coverers[0].name, rule_text(r, snap)],
                    (r.coverers[0].id, r.competency.id),
                    None,
                    r.competency.critical,
                )
                for r in facts.spofs
            ],
            empty="None org-wide: see By team above."
            if facts.pooled
            else "No competency rests on one person.",
        )

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

    def _cell_for(self, row: CoverageRow) -> tuple[int, int] | None:
        """The rating to open for a row: its first coverer, else someone with a target."""
        snap = self.facts.snapshot if self.facts else None
        if snap is None or not snap.people:
            return None
        if row.coverers:
            return row.coverers[0].id, row.competency.id
        j = snap.competency_index(row.competency.id)
        targeted = [i for i in range(len(snap.people)) if not math.isnan(snap.targets[i, j])]
        return snap.people[targeted[0] if targeted else 0].id, row.competency.id

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
