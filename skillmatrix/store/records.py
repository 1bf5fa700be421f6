"""Small plain records the store hands out that have no counterpart in ``core.model``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    """A competency category (its ``position`` orders categories in every view)."""

    id: int
    name: str
    position: int = 0
