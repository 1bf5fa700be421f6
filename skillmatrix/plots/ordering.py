"""Row and column orders for matrix figures, and the bands (teams, categories) they form.

An order is an int array: ``order[display position] = snapshot index``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from skillmatrix.core import analytics
from skillmatrix.core.model import seniority_rank, seniority_text
from skillmatrix.core.snapshot import Snapshot

PersonOrder = Literal["team", "role", "seniority", "gap", "name", "input"]
CompetencyOrder = Literal["category", "coverage", "input"]
PERSON_ORDERS: tuple[str, ...] = ("team", "role", "seniority", "gap", "name", "input")
COMPETENCY_ORDERS: tuple[str, ...] = ("category", "coverage", "input")


@dataclass(frozen=True, slots=True)
class Band:
    """A run of display positions ``start <= pos < stop`` sharing one ``label``."""

    label: str
    start: int
    stop: int

    @property
    def center(self) -> float:
        """The middle of the band, in cell units."""
        return (self.start + self.stop - 1) / 2


@dataclass
class AxisSpec:
    """Labels of one matrix axis, in display order, and the bands they fall into."""

    labels: list[str]
    bands: list[Band] = field(default_factory=list)
    caption: str = ""


def person_order(snapshot: Snapshot, order: str = "team") -> np.ndarray:
    """Display order of the snapshot's people.

    Args:
        snapshot: the ratings.
        order: "team" (team, role, senior first, name), "role" (role, senior first, name),
            "seniority" (senior first, team, name), "gap" (largest total gap to role
            target first), "name", or "input" (snapshot order).

    Raises:
        ValueError: ``order`` is not one of :data:`PERSON_ORDERS`.
    """
    people = snapshot.people
    keys: list[tuple[Any, ...]]
    if order == "input":
        return np.arange(len(people))
    if order == "team":
        keys = [(p.team, p.role, -seniority_rank(p.seniority), p.name) for p in people]
    elif order == "role":
        keys = [(p.role, -seniority_rank(p.seniority), p.name) for p in people]
    elif order == "seniority":
        keys = [(-seniority_rank(p.seniority), p.team, p.name) for p in people]
    elif order == "name":
        keys = [(p.name.casefold(),) for p in people]
    elif order == "gap":
        total = {g.person.id: g.total_gap for g in analytics.person_gaps(snapshot)}
        keys = [(-total.get(p.id, 0.0), p.name) for p in people]
    else:
        raise ValueError(f"unknown person order {order!r} (expected {', '.join(PERSON_ORDERS)})")
    return np.array(sorted(range(len(people)), key=lambda i: keys[i]), dtype=np.intp)


def competency_order(snapshot: Snapshot, order: str = "category") -> np.ndarray:
    """Display order of the snapshot's competencies.

    Args:
        snapshot: the ratings.
        order: "category" (categories in first-appearance order, then position),
            "coverage" (categories kept together, least covered first inside each), or
            "input" (snapshot order).

    Raises:
        ValueError: ``order`` is not one of :data:`COMPETENCY_ORDERS`.
    """
    comps = snapshot.competencies
    if order == "input":
        return np.arange(len(comps))
    if order not in COMPETENCY_ORDERS:
        raise ValueError(
            f"unknown competency order {order!r} (expected {', '.join(COMPETENCY_ORDERS)})"
        )
    cat_rank = {name: k for k, name in enumerate(snapshot.categories)}
    if order == "coverage":
        covered = [row.covered - row.required for row in analytics.coverage(snapshot)]
    else:
        covered = [0] * len(comps)
    keys = [(cat_rank[c.category], covered[j], c.position, j) for j, c in enumerate(comps)]
    return np.array(sorted(range(len(comps)), key=lambda j: keys[j]), dtype=np.intp)


def bands(labels: list[str]) -> list[Band]:
    """Runs of equal consecutive labels."""
    out: list[Band] = []
    start = 0
    for k in range(1, len(labels) + 1):
        if k == len(labels) or labels[k] != labels[start]:
            out.append(Band(labels[start], start, k))
            start = k
    return out


def person_bands(snapshot: Snapshot, order: np.ndarray, how: str) -> list[Band]:
    """Team, role or seniority bands for a person order ("" or "gap"/"name": none)."""
    people = [snapshot.people[i] for i in order]
    if how == "team":
        return bands([p.team or "No team" for p in people])
    if how == "role":
        return bands([p.role or "No role" for p in people])
    if how == "seniority":
        return bands([seniority_text(p.seniority) for p in people])
    return []


def category_bands(snapshot: Snapshot, order: np.ndarray) -> list[Band]:
    """Category bands for a competency order."""
    return bands([snapshot.competencies[j].category for j in order])
