"""Plain domain records handed between layers (never ORM objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Seniority(StrEnum):
    """How senior a person is, most junior first."""

    JUNIOR = "Junior"
    MID = "Mid"
    SENIOR = "Senior"
    STAFF = "Staff"
    PRINCIPAL = "Principal"

    @classmethod
    def parse(cls, text: str) -> Seniority:
        """The seniority named by ``text`` (any case); raises ValidationError for another name."""
        folded = text.strip().casefold()
        for s in cls:
            if s.value.casefold() == folded:
                return s
        raise ValueError(
            f"{text!r} is not a seniority (expected {', '.join(s.value for s in cls)})"
        )

    @property
    def rank(self) -> int:
        """The seniority's position, most junior first."""
        return _SENIORITY_RANK[self]


#: Each seniority's position, most junior first (``rank`` is called per person in sorts).
_SENIORITY_RANK: dict[Seniority, int] = {s: k for k, s in enumerate(Seniority)}

#: How a person whose seniority nobody gave (an import without the column) is shown.
UNKNOWN_SENIORITY = "Unknown"


def seniority_text(seniority: Seniority | None) -> str:
    """A seniority as shown; None is :data:`UNKNOWN_SENIORITY`, never a guessed level."""
    return UNKNOWN_SENIORITY if seniority is None else seniority.value


def seniority_rank(seniority: Seniority | None) -> int:
    """Sort rank: unknown (-1) below Junior, so "most senior first" lists it last."""
    return -1 if seniority is None else _SENIORITY_RANK[seniority]


class Source(StrEnum):
    """Who gave a rating: the person's manager or the person themselves."""

    MANAGER = "manager"
    SELF = "self"


@dataclass(frozen=True, slots=True)
class CoverageRule:
    """A competency is covered when at least ``min_people`` are at ``min_level`` or above."""

    min_people: int = 2
    min_level: int = 3


@dataclass(frozen=True, slots=True)
class Competency:
    """One competency of the framework with its category and coverage rule."""

    id: int
    name: str
    category: str
    description: str = ""
    critical: bool = False
    rule: CoverageRule = field(default_factory=CoverageRule)
    level_descriptions: dict[int, str] = field(default_factory=dict)
    position: int = 0
    #: The row version as loaded: an edit passes it back and is refused when it moved
    #: (another user saved meanwhile). Not part of equality: two loads of the same values
    #: are the same record.
    version: int = field(default=1, compare=False)


@dataclass(frozen=True, slots=True)
class Role:
    """A role with its target level per seniority and competency id."""

    id: int
    name: str
    framework: str = ""
    targets: dict[Seniority, dict[int, int]] = field(default_factory=dict)
    #: Each target row's version as loaded (same keys as ``targets``), for compare-and-set.
    target_versions: dict[Seniority, dict[int, int]] = field(default_factory=dict, compare=False)

    def target(self, seniority: Seniority | None, competency_id: int) -> int | None:
        """The expected level; None when unset or the person's seniority is unknown."""
        if seniority is None:
            return None
        return self.targets.get(seniority, {}).get(competency_id)

    def target_version(self, seniority: Seniority, competency_id: int) -> int | None:
        """The loaded version of a target row (None: no target was loaded there)."""
        return self.target_versions.get(seniority, {}).get(competency_id)

    @property
    def competency_ids(self) -> frozenset[int]:
        """Ids of the competencies the role sets a target for."""
        return frozenset(cid for t in self.targets.values() for cid in t)


@dataclass(frozen=True, slots=True)
class Team:
    """A team, by id and name."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Person:
    """A person with their team, role and seniority."""

    id: int
    name: str
    email: str = ""
    team: str = ""
    role: str = ""
    seniority: Seniority | None = Seniority.MID  # None: unknown (never judged as Mid)
    active: bool = True
    #: The row version as loaded: an edit passes it back and is refused when it moved
    #: (another user saved meanwhile). Not part of equality: two loads of the same values
    #: are the same record.
    version: int = field(default=1, compare=False)


@dataclass(frozen=True, slots=True)
class Cycle:
    """A review cycle (a quarter, say) with its dates and state."""

    id: int
    name: str
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    closed: bool = False
    due_on: dt.date | None = None  # reviews due by; None: by ``ends_on``
    #: The row version as loaded: an edit passes it back and is refused when it moved
    #: (another user saved meanwhile). Not part of equality: two loads of the same values
    #: are the same record.
    version: int = field(default=1, compare=False)

    @property
    def due(self) -> dt.date | None:
        """The day reviews are due: the set due date, else the cycle's last day."""
        return self.due_on or self.ends_on


@dataclass(frozen=True, slots=True)
class Rating:
    """One person's rating in one competency, cycle and source.

    ``level is None and not not_applicable`` means "not rated" (a row may still hold
    interest or a note).
    """

    person_id: int
    competency_id: int
    level: int | None = None
    not_applicable: bool = False
    interest: int | None = None
    note: str = ""
    source: Source = Source.MANAGER
    rated_by: str = ""
    rated_on: dt.date | None = None
    #: The cycle in which these values were last set or confirmed (None: the rating's own
    #: cycle). A rating carried forward keeps the cycle it was confirmed in.
    confirmed_cycle_id: int | None = None
    #: When they were last confirmed unchanged (None: when rated, ``rated_on``).
    confirmed_on: dt.date | None = None

    @property
    def confirmed_date(self) -> dt.date | None:
        """The day these values were last set or confirmed."""
        return self.confirmed_on or self.rated_on

    def carried_in(self, cycle_id: int) -> bool:
        """True when, in ``cycle_id``, this rating was carried forward and not confirmed."""
        return self.confirmed_cycle_id is not None and self.confirmed_cycle_id != cycle_id

    @property
    def is_rated(self) -> bool:
        """True when a level was given."""
        return self.level is not None
