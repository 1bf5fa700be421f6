"""Find people and competencies by part of their name (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class Kind(StrEnum):
    """What a find matches: a person or a competency."""

    PERSON = "person"
    COMPETENCY = "competency"


def find_matches(
    people: Sequence[str], competencies: Sequence[str], query: str
) -> list[tuple[Kind, int]]:
    """People rows, then competency columns, whose name contains ``query`` (any case)."""
    q = query.strip().casefold()
    if not q:
        return []
    return [(Kind.PERSON, r) for r, n in enumerate(people) if q in n.casefold()] + [
        (Kind.COMPETENCY, c) for c, n in enumerate(competencies) if q in n.casefold()
    ]
