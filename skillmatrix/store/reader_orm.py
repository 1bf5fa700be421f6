"""The :class:`~skillmatrix.store.reader.Reader` of every back end but a SQLite file.

It reads through the ORM repositories in one read-only session (``Database.reading``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skillmatrix.core.model import Cycle, Source, Team
from skillmatrix.core.review import StoredReview
from skillmatrix.core.scale import Scale
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.store import models, repo_cycles, repo_people, repo_reviews
from skillmatrix.store.repo_competencies import load_scale
from skillmatrix.store.repo_snapshot import load_snapshot


class OrmReader:
    """:class:`~skillmatrix.store.reader.Reader` over one ORM session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def load_scale(self) -> Scale:
        """The database's scale, lowest level first."""
        return load_scale(self.session)

    def list_teams(self) -> list[Team]:
        """Every team, by name ignoring case."""
        return repo_people.list_teams(self.session)

    def list_cycles(self) -> list[Cycle]:
        """Every cycle, oldest first."""
        return repo_cycles.list_cycles(self.session)

    def latest_cycle(self) -> Cycle | None:
        """The most recent cycle, or None when there is none yet."""
        row = repo_cycles.latest_cycle_row(self.session)
        return repo_cycles.to_cycle(row) if row else None

    def stored_reviews(self, cycle_id: int) -> dict[int, StoredReview]:
        """Person id -> the review steps recorded in ``cycle_id``."""
        return repo_reviews.stored_reviews(self.session, cycle_id)

    def snapshot_size(self, team: str | None) -> tuple[int, int]:
        """(active people, competencies) of a snapshot of ``team`` (None: everybody)."""
        people = select(func.count()).select_from(models.Person).where(models.Person.active)
        if team is not None:
            people = people.join(models.Team, models.Person.team_id == models.Team.id).where(
                func.lower(models.Team.name) == team.strip().lower()
            )
        competencies = select(func.count()).select_from(models.Competency)
        s = self.session
        return int(s.scalar(people) or 0), int(s.scalar(competencies) or 0)

    def load_snapshot(
        self,
        *,
        cycle: str | int | None,
        team: str | int | None,
        source: Source,
        include_inactive: bool,
        scale: Scale,
        cancelled: Callable[[], bool] | None = None,
    ) -> Snapshot:
        """The snapshot of ``cycle``; ``cancelled`` is not polled (no progress hook here)."""
        s = self.session
        row = repo_cycles.latest_cycle_row(s) if cycle is None else repo_cycles.cycle_row(s, cycle)
        return load_snapshot(
            s,
            cycle=row,
            team=team,
            source=source,
            include_inactive=include_inactive,
            scale=scale,
        )
