"""The department's coverage per team and competency: counts, never names.

One query body serves both back ends. On a shared PostgreSQL database with the access
rules installed (``store.pg_security``) it is the ``skillmatrix_department_coverage``
view, which runs with its owner's rights: a manager who sees only their own teams'
people still gets every team's counts. Elsewhere (SQLite, a PostgreSQL database without
the rules) the same body runs directly, restricted to the cycle and source asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.model import CoverageRule, Source

VIEW = "skillmatrix_department_coverage"

_DEFAULT = CoverageRule()  # a competency without a stored rule: the app's default
_SOURCES = " UNION ALL ".join(f"SELECT '{s.value}' AS source" for s in Source)

# Every team with active people crossed with every competency (and cycle and source),
# so a team nobody rated still shows its headcount and zero coverage; the ratings are
# aggregated first, per team, and joined on. A filter on the cycle and source reaches the
# aggregate (PostgreSQL derives it across the outer join; the direct query states it).
# Portable SQL: no FILTER, no VALUES column aliases, no IS NOT DISTINCT FROM (SQLite).
_NO_TEAM = -1  # people without a team, in the join
_BODY = f"""
SELECT cy.id AS cycle_id, h.team_id AS team_id, k.id AS competency_id, src.source AS source,
       h.people AS team_people,
       coalesce(a.rated, 0) AS people_rated,
       coalesce(a.at_level, 0) AS people_at_rule_level,
       coalesce(cr.min_level, {_DEFAULT.min_level}) AS min_level,
       coalesce(cr.min_people, {_DEFAULT.min_people}) AS min_people,
       a.mean_level AS mean_level
  FROM cycles cy
 CROSS JOIN (SELECT team_id, count(*) AS people FROM people WHERE active GROUP BY team_id) h
 CROSS JOIN competencies k
 CROSS JOIN ({_SOURCES}) src
  LEFT JOIN coverage_rules cr ON cr.competency_id = k.id
  LEFT JOIN (
        SELECT r.cycle_id, coalesce(p.team_id, {_NO_TEAM}) AS team_key, r.competency_id,
               r.source, count(r.level) AS rated,
               count(CASE WHEN r.level >= coalesce(rr.min_level, {_DEFAULT.min_level})
                          THEN 1 END) AS at_level,
               CAST(avg(r.level) AS float) AS mean_level
          FROM ratings r
          JOIN people p ON p.id = r.person_id AND p.active
          LEFT JOIN coverage_rules rr ON rr.competency_id = r.competency_id
         {{inner}}
         GROUP BY r.cycle_id, coalesce(p.team_id, {_NO_TEAM}), r.competency_id, r.source
       ) a ON a.cycle_id = cy.id AND a.team_key = coalesce(h.team_id, {_NO_TEAM})
          AND a.competency_id = k.id AND a.source = src.source
 {{outer}}
"""

#: The view's definition (``pg_security.install`` creates it from this).
VIEW_SQL = f"CREATE VIEW {VIEW} AS {_BODY.format(inner='', outer='')}"

#: The view's columns, in order (a view made by an older version lacks some).
COLUMNS = (
    "cycle_id",
    "team_id",
    "competency_id",
    "source",
    "team_people",
    "people_rated",
    "people_at_rule_level",
    "min_level",
    "min_people",
    "mean_level",
)


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One team's coverage of one competency in a cycle and source."""

    team: str | None  # None: people without a team
    competency: str
    category: str
    people: int  # active people in the team
    rated: int  # of them, rated (a level, not N/A) in this competency
    at_level: int  # of them, at the coverage rule's level or above
    min_level: int
    required: int  # the rule's number of people
    mean_level: float | None  # None: nobody rated

    @property
    def covered(self) -> bool:
        """Whether the team meets the competency's coverage rule on its own."""
        return self.at_level >= self.required


def _view_columns(s: Session) -> list[str] | None:
    """The view's columns on PostgreSQL, or None where it does not exist."""
    if s.get_bind().dialect.name != "postgresql":
        return None
    if not s.execute(text("SELECT to_regclass(:v)"), {"v": VIEW}).scalar():
        return None
    return list(
        s.execute(
            text(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = :v AND table_schema = current_schema()"
                " ORDER BY ordinal_position"
            ),
            {"v": VIEW},
        ).scalars()
    )


def coverage(s: Session, cycle_id: int, source: Source = Source.MANAGER) -> list[CoverageRow]:
    """Every team's coverage of every competency in one cycle and source.

    By team name (people without a team last), then the framework's order.

    Raises:
        SkillMatrixError: the database's view was made by an older version.
    """
    columns = _view_columns(s)
    if columns is None:
        source_sql = "({})".format(
            _BODY.format(
                inner="WHERE r.cycle_id = :cycle AND r.source = :source",
                outer="WHERE cy.id = :cycle AND src.source = :source",
            )
        )
    elif list(COLUMNS) != columns:
        raise SkillMatrixError(
            f"this database's {VIEW} view is older than this app: an admin runs "
            "'skillmatrix server upgrade URL' to refresh it"
        )
    else:
        source_sql = VIEW
    rows = s.execute(
        text(
            "SELECT t.name, k.name, g.name, d.team_people, d.people_rated,"
            " d.people_at_rule_level, d.min_level, d.min_people, d.mean_level"
            f" FROM {source_sql} d"
            " JOIN competencies k ON k.id = d.competency_id"
            " JOIN categories g ON g.id = k.category_id"
            " LEFT JOIN teams t ON t.id = d.team_id"
            " WHERE d.cycle_id = :cycle AND d.source = :source"
            " ORDER BY t.name IS NULL, lower(t.name), t.name, g.position, g.id,"
            " k.position, k.id"
        ),
        {"cycle": cycle_id, "source": source.value},
    )
    return [
        CoverageRow(
            team=team,
            competency=comp,
            category=category,
            people=int(people),
            rated=int(rated),
            at_level=int(at_level),
            min_level=int(min_level),
            required=int(required),
            mean_level=None if mean is None else float(mean),
        )
        for team, comp, category, people, rated, at_level, min_level, required, mean in rows
    ]
