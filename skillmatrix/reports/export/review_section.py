"""What the Summary sheet's review block shows: how far the quarter's reviews are, per team, and how
much of the coverage rests on ratings nobody has confirmed lately.

The review facts are read by the service that exports (cycle status, self ratings, who is
agreed) and handed in as plain data; trusted coverage is computed from the reported
snapshot itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from skillmatrix.core.review import TeamReview
from skillmatrix.core.trust import TrustedCoverage

#: Overdue people named per team at most (the rest are counted).
OVERDUE_NAMES = 4


@dataclass(frozen=True, slots=True)
class ReviewInputs:
    """Review progress of the reported cycle, read from the database.

    Attributes:
        due: the cycle's due date (None: none set).
        teams: per team: people, reviewed, overdue (``core.review.team_reviews``).
        overdue: per team, the names of the people whose review is overdue.
        open_disagreements: per team, self/manager cells 2+ levels apart, not yet agreed.
        stale_after: ratings not confirmed within this many cycles are stale.
    """

    due: dt.date | None
    teams: list[TeamReview]
    overdue: dict[str | None, list[str]] = field(default_factory=dict)
    open_disagreements: dict[str | None, int] = field(default_factory=dict)
    stale_after: int = 2

    @property
    def people(self) -> int:
        return sum(t.people for t in self.teams)

    @property
    def reviewed(self) -> int:
        return sum(t.reviewed for t in self.teams)


def progress_text(reviewed: int, people: int) -> str:
    return f"reviewed {reviewed} of {people}"


def stale_share(trust: TrustedCoverage) -> float:
    """The share of covering ratings that rest on stale ratings (0 when none cover)."""
    return trust.stale_coverers / trust.coverers if trust.coverers else 0.0


def stale_text(trust: TrustedCoverage, *, all_teams: bool) -> str:
    """One sentence: how much coverage rests on ratings not confirmed lately."""
    n = trust.stale_after
    if not trust.stale:
        return f"Every rating was confirmed within the last {n} cycles: coverage rests on none."
    text = (
        f"Stale ratings: {trust.stale} of {trust.ratings} ratings were not confirmed in the "
        f"last {n} cycles; {trust.stale_coverers} of {trust.coverers} covering ratings "
        f"({stale_share(trust):.0%} of coverage) rest on them."
    )
    if trust.rests_on_stale:
        named = [c + (f" ({t})" if t and all_teams else "") for t, c in trust.rests_on_stale]
        more = f" and {len(named) - 6} more" if len(named) > 6 else ""
        text += " Met only thanks to them: " + ", ".join(named[:6]) + more + "."
    return text
