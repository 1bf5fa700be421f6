"""The department's aggregate coverage, without a single name.

Per team and competency, how many people are at the coverage rule's level.

What a manager may read of the other teams on a shared database (``store.pg_security``:
they see their own teams' people, and every team's counts through the department view).
One read transaction; the ``Database`` decides where the counts come from
(``store.repo_department``).
"""

from __future__ import annotations

from dataclasses import dataclass

from skillmatrix.core.model import Cycle, Source
from skillmatrix.store import repo_cycles, repo_department
from skillmatrix.store.database import Database
from skillmatrix.store.repo_department import CoverageRow

__all__ = ["CoverageRow", "DepartmentCoverage", "department_coverage"]


@dataclass(frozen=True, slots=True)
class DepartmentCoverage:
    """One cycle's coverage, team by team (``rows`` by team, then the framework's order)."""

    cycle: Cycle | None  # None: no cycle yet (then no rows)
    source: Source
    rows: list[CoverageRow]

    @property
    def teams(self) -> list[str | None]:
        """The teams in order, each once (None: people without a team)."""
        return list(dict.fromkeys(r.team for r in self.rows))


def department_coverage(
    db: Database, *, cycle: str | int | None = None, source: Source = Source.MANAGER
) -> DepartmentCoverage:
    """Every team's coverage of every competency in ``cycle`` (default: the latest).

    Raises:
        NotFoundError: no such cycle (the message lists the names).
    """
    with db.reading() as s:
        row = repo_cycles.latest_cycle_row(s) if cycle is None else repo_cycles.cycle_row(s, cycle)
        if row is None:
            return DepartmentCoverage(None, source, [])
        return DepartmentCoverage(
            repo_cycles.to_cycle(row), source, repo_department.coverage(s, row.id, source)
        )
