"""Shared by the Reports view and import wizard tests (a uniquely named module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from skillmatrix.core.model import Cycle, Rating, Source
from skillmatrix.services import ratings
from skillmatrix.store.database import Database

PEOPLE = (
    ("Ann Lee", "ann@x.org", "Payments", "Senior"),
    ("Bob Stone", "bob@x.org", "Payments", "Mid"),
    ("Carla Diaz", "carla@x.org", "Platform", "Junior"),
    ("Dan Moss", "dan@x.org", "Platform", "Mid"),
)


@dataclass
class Org:
    """A database with the Backend Engineer framework, two teams and two cycles."""

    db: Database
    cycle: Cycle
    people: dict[str, int]
    comps: dict[str, int]
    signals: list[str] = field(default_factory=list)

    def rating(self, person: str, comp: str, source: Source = Source.MANAGER) -> Rating | None:
        return ratings.get_rating(
            self.db,
            cycle_id=self.cycle.id,
            person_id=self.people[person],
            competency_id=self.comps[comp],
            source=source,
        )

    def all_ratings(self) -> list[Rating]:
        return ratings.list_ratings(self.db, self.cycle.id)


def save_rows(path: Path, rows: list[list[object]], title: str = "Team") -> Path:
    """A one-sheet workbook holding ``rows``."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
