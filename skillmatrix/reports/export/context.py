"""Everything the report's sheets show, computed once from the snapshots."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from skillmatrix.core import analytics as an
from skillmatrix.core.by_team import TeamJudgement, judge_by_team
from skillmatrix.core.model import Person, seniority_text
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.core.trust import STALE_AFTER, TrustedCoverage, trusted_coverage
from skillmatrix.reports.anonymize import anonymize_snapshots
from skillmatrix.reports.errors import ReportCancelled
from skillmatrix.reports.export.decisions import DecisionInputs, Decisions, compute_decisions
from skillmatrix.reports.export.paper import Paper, locale_paper
from skillmatrix.reports.export.review_section import ReviewInputs
from skillmatrix.reports.kanonymity import DEFAULT_K, Generalised, generalise

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


@dataclass
class ReportData:
    """The (possibly anonymised) snapshots and the analytics every sheet draws on.

    Attributes:
        current: this cycle.
        previous: the cycle compared with, if any.
        history: earlier cycles for the Trend sheet, oldest first (``current`` excluded).
        generated_on: the report date shown on every sheet.
        anonymized: names replaced by pseudonyms, notes and e-mails dropped.
        paper: the paper every sheet is laid out for.
    """

    current: Snapshot
    previous: Snapshot | None
    history: list[Snapshot]
    generated_on: date
    anonymized: bool
    coverage: list[an.CoverageRow] = field(default_factory=list)
    summary: an.Summary | None = None
    previous_summary: an.Summary | None = None
    spofs: list[an.CoverageRow] = field(default_factory=list)
    person_gaps: list[an.PersonGap] = field(default_factory=list)
    team_gaps: list[an.TeamGap] = field(default_factory=list)
    changes: list[an.CompetencyChange] | None = None
    mentors: list[an.MentorPair] = field(default_factory=list)
    hire: an.HiringSuggestion | None = None
    paper: Paper = field(default_factory=locale_paper)
    #: person id -> the (team, role, seniority) shown for them, when it differs from theirs
    identities: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    k_anonymity: Generalised | None = None
    by_team: TeamJudgement | None = None  # all teams (two or more): judged inside each team
    previous_by_team: TeamJudgement | None = None
    decisions: Decisions | None = None  # the Risk, Build or hire and Calibration sheets
    plans: list[Any] | None = None  # plan_sheet.PlanRow; None: not given
    evidence: list[Any] | None = None  # evidence_sheet.EvidenceRow; None: not chosen
    review: ReviewInputs | None = None  # review progress of the cycle (Summary sheet)
    trusted: TrustedCoverage | None = None  # how much coverage rests on stale ratings

    @property
    def headline(self) -> an.Summary:
        """The key figures to lead with: summed over teams for all teams, else the scope's."""
        assert self.summary is not None
        return self.by_team.figures if self.by_team is not None else self.summary

    @property
    def previous_headline(self) -> an.Summary | None:
        """The compared cycle's key figures, judged the same way (None: no comparison)."""
        if self.by_team is not None:
            return self.previous_by_team.figures if self.previous_by_team else None
        return self.previous_summary

    @property
    def scope(self) -> str:
        """The report's scope: the team, or "All teams"."""
        return self.current.team or "All teams"

    @property
    def cycle_name(self) -> str:
        """The reported cycle's name."""
        return self.current.cycle.name if self.current.cycle else "Current ratings"

    @property
    def previous_name(self) -> str:
        """The compared cycle's name, or "" when there is none."""
        snap = self.previous
        if snap is None:
            return ""
        return snap.cycle.name if snap.cycle else "Previous ratings"

    def identity(self, person: Person) -> tuple[str, str, str]:
        """(team, role, seniority) as the report may show them next to a person's name.

        Generalised where an anonymised report keeps them k-anonymous.
        """
        shown = self.identities.get(person.id)
        if shown is not None:
            return shown
        return person.team, person.role, seniority_text(person.seniority)

    def named_in_team(self, names: Sequence[str], team: str | None) -> list[str]:
        """``names`` as a row about ``team`` may list them.

        In an anonymised report a person whose team the Matrix withholds (k-anonymity) is
        counted, not named, so the row does not tell their team.
        """
        if not self.identities or team is None:
            return list(names)
        shown_team = {p.name: self.identity(p)[0] for p in self.current.people}
        kept = [n for n in names if shown_team.get(n, team) == team]
        hidden = len(names) - len(kept)
        if hidden:
            kept.append(f"{hidden} other{'s' if hidden > 1 else ''} (team withheld)")
        return kept

    def people_view(self) -> Snapshot:
        """``current`` with each person's team and role as :meth:`identity` shows them.

        For figures that label people; ``current`` itself when nothing is generalised.
        """
        if not self.identities:
            return self.current
        people = tuple(
            replace(p, team=self.identity(p)[0], role=self.identity(p)[1])
            for p in self.current.people
        )
        return replace(self.current, people=people)

    def coverage_by_id(self) -> dict[int, an.CoverageRow]:
        """Coverage rows by competency id."""
        return {row.competency.id: row for row in self.coverage}


def build_report_data(
    current: Snapshot,
    *,
    previous: Snapshot | None,
    history: Sequence[Snapshot],
    anonymize: bool,
    generated_on: date,
    pseudonym_key: bytes | None = None,
    paper: Paper | None = None,
    k: int = DEFAULT_K,
    decisions: DecisionInputs | None = None,
    plans: Sequence[Any] | None = None,
    evidence: Sequence[Any] | None = None,
    review: ReviewInputs | None = None,
) -> ReportData:
    """Anonymise if asked, then run the analytics once for all sheets.

    ``pseudonym_key`` is then required; team, role and seniority are shown
    ``k``-anonymously.
    """
    if anonymize:
        if pseudonym_key is None:
            raise ValueError("an anonymised report needs the database's pseudonym key")
        # One mapping for every snapshot: a person has the same pseudonym on every sheet.
        # The same object may appear twice (history ends with previous): map by identity.
        originals = [current, *([previous] if previous is not None else []), *history]
        unique = list({id(s): s for s in originals}.values())
        done = dict(zip(map(id, unique), anonymize_snapshots(unique, pseudonym_key), strict=True))
        current = done[id(current)]
        previous = done[id(previous)] if previous is not None else None
        history = [done[id(s)] for s in history]
    data = ReportData(
        current=current,
        previous=previous,
        history=[s for s in history if s is not current],
        generated_on=generated_on,
        anonymized=anonymize,
        paper=paper or locale_paper(),
        plans=None if plans is None else list(plans),
        evidence=None if evidence is None else list(evidence),
    )
    if anonymize:
        data.k_anonymity = generalise(current.people, k)
        data.identities = data.k_anonymity.shown
    data.coverage = an.coverage(current)
    data.summary = an.summarize(current)
    data.spofs = an.single_points_of_failure(current)
    data.person_gaps = an.person_gaps(current)
    data.team_gaps = an.team_gaps(current)
    data.mentors = an.mentor_pairs(current)
    data.hire = an.hiring_suggestion(current)
    if current.team is None:
        data.by_team = judge_by_team(current)
    data.decisions = compute_decisions(current, data.history, decisions, anonymized=anonymize)
    data.review = review
    data.trusted = trusted_coverage(current, review.stale_after if review else STALE_AFTER)
    if previous is not None:
        data.changes = an.cycle_change(previous, current)
        data.previous_summary = an.summarize(previous)
        if data.by_team is not None:
            data.previous_by_team = judge_by_team(previous)
    return data


def column_means(snap: Snapshot) -> dict[int, float]:
    """Mean level per competency id over rated people (NaN when nobody is rated)."""
    rated = ~np.isnan(snap.levels)
    counts = rated.sum(axis=0)
    sums = np.where(rated, snap.levels, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return {c.id: float(m) for c, m in zip(snap.competencies, means.tolist(), strict=True)}


class Ticker:
    """Reports progress in [0, 1] and raises :class:`ReportCancelled` when asked to stop.

    Each stage owns a slice of the bar; :meth:`step` moves within the current slice.
    """

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._start = 0.0
        self._span = 0.0
        self._label = ""

    def stage(self, start: float, span: float, label: str) -> None:
        """Begin a stage of the report that fills ``span`` of the progress bar, called ``label``."""
        self._start, self._span, self._label = start, span, label
        self.step(0.0)

    def step(self, fraction: float) -> None:
        """Report ``fraction`` of the current stage; raises ReportCancelled when cancelled."""
        if self._cancelled is not None and self._cancelled():
            raise ReportCancelled()
        if self._progress is not None:
            self._progress(min(1.0, self._start + self._span * fraction), self._label)

    def done(self) -> None:
        """Report the end of the work."""
        if self._progress is not None:
            self._progress(1.0, "Done")
