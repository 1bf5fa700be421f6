"""Trusted coverage: how much of it rests on ratings nobody has confirmed lately.

And where self-assessments and managers still disagree (pure numpy).

A rating is *stale* when it was last set or confirmed ``stale_after`` cycles ago or more
(carried forward that often without a look). Trusted coverage counts only the others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import numpy as np

from skillmatrix.core import analytics
from skillmatrix.core.snapshot import Snapshot

#: Ratings not confirmed within this many cycles are stale (the default setting).
STALE_AFTER = 2
#: Self and manager a disagreement apart: at least this many levels.
DISAGREEMENT = 2


@dataclass(frozen=True, slots=True)
class TrustedCoverage:
    """How much of the coverage rests on stale ratings."""

    stale_after: int
    ratings: int  # levels and n/a given
    stale: int  # of which stale
    coverers: int  # (person, competency) cells that cover a rule
    stale_coverers: int  # of which rest on a stale rating
    rests_on_stale: tuple[tuple[str | None, str], ...]  # (team, competency): met only so


def _teams(snap: Snapshot) -> Iterator[tuple[str | None, Snapshot]]:
    """(team, its people's snapshot) one at a time.

    A list of every team's subset held a second copy of the whole snapshot's arrays at once
    (about 120 MB at 20,000 people).
    """
    if snap.team is not None:
        yield snap.team, snap
        return
    names = sorted({p.team for p in snap.people if p.team})
    if len(names) < 2:
        yield snap.team or (names[0] if names else None), snap
        return
    teams = np.array([p.team for p in snap.people], dtype=object)
    for t in names:
        yield t, snap.subset(teams == t)


def without_stale(snap: Snapshot, stale_after: int = STALE_AFTER) -> Snapshot:
    """The same snapshot with stale ratings left out (as if not rated)."""
    stale = snap.stale(stale_after)
    if not stale.any():
        return snap
    return dataclasses.replace(
        snap,
        levels=np.where(stale, np.nan, snap.levels),
        not_applicable=snap.not_applicable & ~stale,
    )


def trusted_coverage(snap: Snapshot, stale_after: int = STALE_AFTER) -> TrustedCoverage:
    """Stale ratings, the coverage they carry, and the rules met only thanks to them.

    Judged inside each team when the snapshot holds several.
    """
    given = int((~np.isnan(snap.levels) | snap.not_applicable).sum())
    stale = int(snap.stale(stale_after).sum())
    coverers = stale_coverers = 0
    rests: list[tuple[str | None, str]] = []
    for team, sub in _teams(snap):
        rows = analytics.coverage(sub)
        trusted = analytics.coverage(without_stale(sub, stale_after))
        sub_stale = sub.stale(stale_after)
        index = {p.id: i for i, p in enumerate(sub.people)}
        for j, (all_rows, kept) in enumerate(zip(rows, trusted, strict=True)):
            coverers += all_rows.covered
            stale_coverers += sum(bool(sub_stale[index[p.id], j]) for p in all_rows.coverers)
            if all_rows.status == "ok" and kept.status != "ok":
                rests.append((team, all_rows.competency.name))
    return TrustedCoverage(
        stale_after=stale_after,
        ratings=given,
        stale=stale,
        coverers=coverers,
        stale_coverers=stale_coverers,
        rests_on_stale=tuple(rests),
    )


def open_disagreements(
    manager: Snapshot, self_ratings: Snapshot, settled: Collection[int] = ()
) -> dict[str | None, int]:
    """Per team: cells where self and manager differ by :data:`DISAGREEMENT` or more.

    Only for people whose ratings are not yet agreed (``settled`` person ids).
    """
    own = np.full(manager.shape, np.nan)
    rows = [self_ratings._person_index.get(p.id, -1) for p in manager.people]
    cols = [self_ratings._competency_index.get(c.id, -1) for c in manager.competencies]
    keep_cols = [j for j, k in enumerate(cols) if k >= 0]
    source_cols = [cols[j] for j in keep_cols]
    levels = np.where(self_ratings.not_applicable, np.nan, self_ratings.levels)
    for i, k in enumerate(rows):
        if k >= 0 and keep_cols:
            own[i, keep_cols] = levels[k, source_cols]
    mine = np.where(manager.not_applicable, np.nan, manager.levels)
    with np.errstate(invalid="ignore"):
        far = np.abs(own - mine) >= DISAGREEMENT
    out: dict[str | None, int] = {}
    for i, person in enumerate(manager.people):
        if person.id in settled:
            continue
        count = int(far[i].sum())
        if count:
            out[person.team or None] = out.get(person.team or None, 0) + count
    return out


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
