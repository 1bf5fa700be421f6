"""The mentors the mentor pairs give one person in one competency.

The grid's menu and the growth plan's action editor both offer them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skillmatrix.core import _matching, analytics
from skillmatrix.core.growth import KEEN

if TYPE_CHECKING:
    from skillmatrix.core.model import Person
    from skillmatrix.core.snapshot import Snapshot


def mentors_for(snap: Snapshot, person_id: int, competency_id: int) -> list[Person]:
    """The mentors the mentor pairs give this person in this competency (best first)."""
    i, j = snap.person_index(person_id), snap.competency_index(competency_id)
    mentors, mentees, comps = _matching.mentor_matches(
        snap, min_interest=KEEN, cap=analytics.MENTEES_PER_MENTOR
    )
    return [snap.people[int(m)] for m, e, c in zip(mentors, mentees, comps, strict=True)
            if int(e) == i and int(c) == j]  # fmt: skip
