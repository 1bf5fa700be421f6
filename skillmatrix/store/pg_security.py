"""Who may do what on a shared PostgreSQL database: roles, GRANTs and row-level security.

PostgreSQL itself enforces the rules, so a refusal holds for any client (an old app, psql,
a script), not only for this one. ``skillmatrix server init`` and ``server upgrade`` run
:func:`install` (idempotent: every statement replaces what an earlier run made), and
``server grant`` runs :func:`grant`. The app's Alembic migrations know nothing of this:
the same schema serves SQLite, which has no users.

The model:

* ``skillmatrix_admin`` (group role) owns every table, so its members change frameworks,
  cycles, any team's people and ratings, and run upgrades (DDL needs the owner). Owners
  bypass row-level security; the policies still name admins so FORCE could be switched on.
* ``skillmatrix_manager`` (group role) reads the framework, cycles and teams, and writes
  people, ratings, review steps, planned leave, rating evidence and growth goals (with
  their actions) only of the teams listed for its login in ``skillmatrix_team_managers``.
  People of other teams are invisible (so are their ratings and history) unless
  ``skillmatrix_logins.see_names`` is set; the department's aggregate stays readable
  through the ``skillmatrix_department_coverage`` view, which runs with its owner's rights and shows
  counts, never names.
* ``rating_history`` and ``change_history`` (people, framework and cycle changes) are
  append-only for managers (SELECT and INSERT only, no UPDATE or DELETE grant; a manager
  appends only rows of their own teams' people, so framework and cycle changes are the
  admins' alone), and their ``who`` is set from ``current_user`` by a trigger, as is a
  manager's ``ratings.rated_by``: the database login is the identity, whatever a client
  sends. Admins' ``rated_by`` is kept as sent: they own the tables (they could drop the
  trigger anyway) and carrying a cycle forward copies the original raters.

Why triggers as well as policies: a policy's USING clause silently skips rows, so an
UPDATE refused by it reports "0 rows" and a client that trusts the row count says
"saved". The UPDATE/DELETE policies therefore let every *visible* row through, and a
BEFORE trigger raises ``insufficient_privilege`` naming the person and competency. The
policies' WITH CHECK clauses stay as a second line (a new row outside one's teams).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from skillmatrix.core.access import Access, everything
from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.store import notify, repo_department

ADMIN_ROLE = "skillmatrix_admin"
MANAGER_ROLE = "skillmatrix_manager"

#: Tables that refer to one person: their rows follow the person's team.
PERSON_TABLES = ("ratings", "rating_history", "review_states")
#: Later person-scoped tables (planned leave, evidence behind a rating, growth goals and
#: their actions): a manager reads and writes them for their own teams' people, like the
#: ratings.
PERSON_DETAIL_TABLES = ("leaves", "rating_evidence", "growth_goals", "goal_actions")
#: Append-only histories: managers SELECT and INSERT (their own teams' rows), nothing more,
#: and ``who`` is the login whatever a client writes.
HISTORY_TABLES = ("rating_history", "change_history")
#: Security tables made here (not by Alembic: SQLite has no use for them).
SECURITY_TABLES = ("skillmatrix_logins", "skillmatrix_team_managers")

_ROLES = f"""
DO $$
BEGIN
    -- Roles belong to the whole server (every database on it shares them): create once,
    -- and tolerate a second init running at the same moment on another database.
    BEGIN
        CREATE ROLE {ADMIN_ROLE} NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    BEGIN
        CREATE ROLE {MANAGER_ROLE} NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
END
$$;
"""

_TABLES = """
CREATE TABLE IF NOT EXISTS skillmatrix_logins (
    login text PRIMARY KEY,
    -- true: this manager sees the names (and ratings) of every team's people, read-only
    see_names boolean NOT NULL DEFAULT false
);
CREATE TABLE IF NOT EXISTS skillmatrix_team_managers (
    login text NOT NULL REFERENCES skillmatrix_logins (login) ON DELETE CASCADE,
    team_id integer NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    PRIMARY KEY (login, team_id)
);
"""

# No percent sign anywhere: the driver reads it as a parameter. Plain SQL functions
# (no SET search_path) so the planner can inline them into the
# policies; the policies wrap the per-login ones in a sub-select, which PostgreSQL runs
# once per statement instead of once per row.
_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION skillmatrix_is_admin() RETURNS boolean
    LANGUAGE sql STABLE AS
$$ SELECT pg_has_role(current_user, '{ADMIN_ROLE}', 'USAGE') $$;

CREATE OR REPLACE FUNCTION skillmatrix_sees_names() RETURNS boolean
    LANGUAGE sql STABLE AS
$$ SELECT coalesce(
       (SELECT see_names FROM skillmatrix_logins WHERE login = current_user), false) $$;

CREATE OR REPLACE FUNCTION skillmatrix_manages(team integer) RETURNS boolean
    LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM skillmatrix_team_managers
                  WHERE login = current_user AND team_id = team) $$;

CREATE OR REPLACE FUNCTION skillmatrix_may_write_person(person integer) RETURNS boolean
    LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM people p
                  JOIN skillmatrix_team_managers m ON m.team_id = p.team_id
                  WHERE p.id = person AND m.login = current_user) $$;

-- How a refusal names a person: by name when this login may see it, else by number.
CREATE OR REPLACE FUNCTION skillmatrix_person_label(person integer) RETURNS text
    LANGUAGE sql STABLE AS
$$ SELECT coalesce(
       (SELECT p.name || ' (team ' || coalesce(t.name, 'none') || ')'
          FROM people p LEFT JOIN teams t ON t.id = p.team_id WHERE p.id = person),
       'person #' || person) $$;

CREATE OR REPLACE FUNCTION skillmatrix_guard_person() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF (TG_OP <> 'INSERT' AND NOT skillmatrix_manages(OLD.team_id))
       OR (TG_OP <> 'DELETE' AND NOT skillmatrix_manages(NEW.team_id)) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = CASE WHEN TG_OP = 'INSERT'
                           THEN NEW.name || ' (team ' || coalesce(
                                (SELECT name FROM teams WHERE id = NEW.team_id), 'none') || ')'
                           ELSE skillmatrix_person_label(OLD.id) END
                      || ' is not in your teams: ' || current_user || ' may not '
                      || CASE TG_OP WHEN 'INSERT' THEN 'add' WHEN 'DELETE' THEN 'remove'
                                    ELSE 'change' END || ' them';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$;

-- History records the database login, whatever the client wrote in "who".
CREATE OR REPLACE FUNCTION skillmatrix_history_who() RETURNS trigger
    LANGUAGE plpgsql AS
$$ BEGIN NEW.who := current_user; RETURN NEW; END $$;
"""


def _person_guard(function: str, person: str, what: str, before_return: str = "") -> str:
    """A BEFORE trigger function refusing a row whose person is not in the login's teams.

    Refuses by name; the one guard of every person-scoped table.

    Args:
        function: the function's name.
        person: SQL of the row's person id, ``{row}`` standing for NEW or OLD (NULL: the
            row concerns nobody a manager may write, so it is refused too).
        what: SQL text naming what was refused ("API design rating", "planned leave").
        before_return: statements run for an allowed INSERT or UPDATE.
    """
    new, old = person.format(row="NEW"), person.format(row="OLD")
    return f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    row_person integer;
    what text;
BEGIN
    IF TG_OP = 'DELETE' THEN row_person := {old}; ELSE row_person := {new}; END IF;
    IF row_person IS NULL OR NOT skillmatrix_may_write_person(row_person)
       OR (TG_OP = 'UPDATE' AND NOT skillmatrix_may_write_person({old})) THEN
        what := {what};
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = coalesce(skillmatrix_person_label(row_person) || ' is not in your teams: ',
                               '')
                      || current_user || ' may not change '
                      || CASE WHEN row_person IS NULL THEN '' ELSE 'their ' END || what;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    {before_return}
    RETURN NEW;
END
$$;
"""


_GUARDS = (
    _person_guard(
        "skillmatrix_guard_rating",
        "{row}.person_id",
        """CASE WHEN TG_TABLE_NAME = 'review_states' THEN 'review'
                     ELSE coalesce((SELECT name FROM competencies
                                    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.competency_id
                                                    ELSE NEW.competency_id END), '?')
                          || ' rating' END""",
        # (triggers fire by name: skillmatrix_who sets the history's who after this one)
        "IF TG_TABLE_NAME = 'ratings' THEN NEW.rated_by := current_user; END IF;",
    ),
    # Leave, evidence and growth goals: a row follows its person's team (no competency).
    _person_guard(
        "skillmatrix_guard_detail",
        "{row}.person_id",
        """CASE TG_TABLE_NAME WHEN 'leaves' THEN 'planned leave'
                                   WHEN 'rating_evidence' THEN 'rating evidence'
                                   WHEN 'growth_goals' THEN 'growth goals'
                                   WHEN 'goal_actions' THEN 'growth goal actions'
                                   ELSE TG_TABLE_NAME END""",
    ),
    # The change history: a manager appends only changes of their own teams' people.
    _person_guard(
        "skillmatrix_guard_change",
        "CASE WHEN {row}.entity_kind = 'person' THEN {row}.entity_id END",
        "'history (' || NEW.action || ')'",
    ),
)

# The trigger's WHEN calls the built-in pg_has_role directly: a bulk write by an admin
# (a COPY of a whole cycle) then skips the plpgsql call per row.
_NOT_ADMIN = f"NOT pg_has_role(current_user, '{ADMIN_ROLE}', 'USAGE')"


def _trigger(
    table: str,
    function: str,
    *,
    events: str = "INSERT OR UPDATE OR DELETE",
    name: str = "skillmatrix_guard",
    admins_too: bool = False,
) -> str:
    """(Re)create the row trigger ``name`` on ``table``.

    By default a guard that runs for every login but the admins.
    """
    when = "" if admins_too else f" WHEN ({_NOT_ADMIN})"
    return (
        f"DROP TRIGGER IF EXISTS {name} ON {table};\n"
        f"CREATE TRIGGER {name} BEFORE {events} ON {table}\n"
        f"    FOR EACH ROW{when} EXECUTE FUNCTION {function}();\n"
    )


#: Which guard each table has (the history tables' who triggers are added by install).
_GUARDED = {
    "ratings": ("skillmatrix_guard_rating", "INSERT OR UPDATE OR DELETE"),
    "review_states": ("skillmatrix_guard_rating", "INSERT OR UPDATE OR DELETE"),
    "people": ("skillmatrix_guard_person", "INSERT OR UPDATE OR DELETE"),
    # Named refusals before the policy's anonymous one (the history row is written first).
    "rating_history": ("skillmatrix_guard_rating", "INSERT"),
    "change_history": ("skillmatrix_guard_change", "INSERT"),
    **{t: ("skillmatrix_guard_detail", "INSERT OR UPDATE OR DELETE") for t in PERSON_DETAIL_TABLES},
}


_ADMIN = "(SELECT skillmatrix_is_admin())"
_SEES = "(SELECT skillmatrix_sees_names())"
_VISIBLE_PERSON = f"{_ADMIN} OR EXISTS (SELECT 1 FROM people p WHERE p.id = person_id)"
_WRITABLE_PERSON = f"{_ADMIN} OR skillmatrix_may_write_person(person_id)"

#: A person's row: visible with the person, written only for one's own teams' people.
_PERSON_ROW_POLICIES = [
    ("SELECT", f"USING ({_VISIBLE_PERSON})"),
    ("INSERT", f"WITH CHECK ({_WRITABLE_PERSON})"),
    # USING (true): a visible row reaches the guard trigger, which names the refusal.
    ("UPDATE", f"USING (true) WITH CHECK ({_WRITABLE_PERSON})"),
    ("DELETE", "USING (true)"),
]

_POLICIES = {
    # People: visible in one's own teams (all teams with see_names); written in one's own.
    "people": [
        ("SELECT", f"USING ({_ADMIN} OR {_SEES} OR skillmatrix_manages(team_id))"),
        ("INSERT", f"WITH CHECK ({_ADMIN} OR skillmatrix_manages(team_id))"),
        # USING (true): a visible row reaches the guard trigger, which names the refusal.
        ("UPDATE", f"USING (true) WITH CHECK ({_ADMIN} OR skillmatrix_manages(team_id))"),
        ("DELETE", "USING (true)"),
    ],
    "ratings": [
        ("SELECT", f"USING ({_VISIBLE_PERSON})"),
        ("INSERT", f"WITH CHECK ({_WRITABLE_PERSON})"),
        ("UPDATE", f"USING (true) WITH CHECK ({_WRITABLE_PERSON})"),
        ("DELETE", "USING (true)"),
    ],
    "review_states": [
        ("SELECT", f"USING ({_VISIBLE_PERSON})"),
        ("INSERT", f"WITH CHECK ({_WRITABLE_PERSON})"),
        ("UPDATE", f"USING (true) WITH CHECK ({_WRITABLE_PERSON})"),
        ("DELETE", "USING (true)"),
    ],
    **{table: _PERSON_ROW_POLICIES for table in PERSON_DETAIL_TABLES},
    # Append-only: no UPDATE or DELETE policy (and no grant) for anyone but the owner.
    "rating_history": [
        ("SELECT", f"USING ({_VISIBLE_PERSON})"),
        ("INSERT", f"WITH CHECK ({_WRITABLE_PERSON})"),
    ],
    # Changes of people follow the person (a removed person's record: admins only);
    # framework and cycle changes are readable by all and written by admins alone.
    "change_history": [
        (
            "SELECT",
            f"USING ({_ADMIN} OR {_SEES} OR entity_kind <> 'person'"
            " OR EXISTS (SELECT 1 FROM people p WHERE p.id = entity_id))",
        ),
        (
            "INSERT",
            f"WITH CHECK ({_ADMIN} OR (entity_kind = 'person'"
            " AND skillmatrix_may_write_person(entity_id)))",
        ),
    ],
    # A manager sees only their own grants (the app reads them to mirror the rules).
    "skillmatrix_logins": [("SELECT", f"USING ({_ADMIN} OR login = current_user)")],
    "skillmatrix_team_managers": [("SELECT", f"USING ({_ADMIN} OR login = current_user)")],
}

# The department's coverage without names (store.repo_department): owned by the admin
# role, so it reads every person whatever the caller may see (a view runs with its
# owner's rights). Dropped first: an older version's view had other columns.
_AGGREGATE = f"DROP VIEW IF EXISTS {repo_department.VIEW};\n{repo_department.VIEW_SQL};"

#: The app's own tables, whatever revision: every table in the schema but the security ones.
_APP_TABLES = """
SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
 ORDER BY tablename
"""


def _quote(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote_identifier(name))


def install(conn: Connection) -> None:
    """Create or refresh the roles, grants, triggers, policies and the aggregate view.

    Runs in the caller's transaction, after the schema is at the newest revision (new
    tables of an upgrade get their grants here too).
    """
    run = conn.exec_driver_sql
    run(_ROLES)
    run(_TABLES)
    run(_FUNCTIONS)
    for guard in _GUARDS:
        run(guard)
    tables = [row[0] for row in conn.execute(text(_APP_TABLES))]
    # (an older revision has fewer of the later tables)
    details = [t for t in PERSON_DETAIL_TABLES if t in tables]
    histories = [t for t in HISTORY_TABLES if t in tables]
    for table, (function, events) in _GUARDED.items():
        if table in tables:
            run(_trigger(table, function, events=events))
    for table in histories:
        run(
            _trigger(
                table,
                "skillmatrix_history_who",
                events="INSERT",
                name="skillmatrix_who",
                admins_too=True,
            )
        )
    notify.install_triggers(conn, tables)  # open windows hear of changes (store.notify)
    for table in tables:
        # The admin group owns everything, so any admin can upgrade (DDL needs the owner).
        run(f"ALTER TABLE {_quote(conn, table)} OWNER TO {ADMIN_ROLE}")
    for table in tables:
        if table in _POLICIES or table in SECURITY_TABLES:
            continue
        # Framework, cycles, teams, scale, the marker: read-only for managers.
        run(f"GRANT SELECT ON {_quote(conn, table)} TO {MANAGER_ROLE}")
    run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON people, ratings, review_states TO {MANAGER_ROLE}")
    for table in details:
        run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {MANAGER_ROLE}")
    for table in histories:  # append-only: never UPDATE, DELETE or TRUNCATE
        run(f"GRANT SELECT, INSERT ON {table} TO {MANAGER_ROLE}")
        run(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {MANAGER_ROLE}")
    run(f"GRANT SELECT ON skillmatrix_logins, skillmatrix_team_managers TO {MANAGER_ROLE}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {MANAGER_ROLE}")
    for table, policies in _POLICIES.items():
        if table not in tables and table not in SECURITY_TABLES:
            continue
        run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for command, clause in policies:
            name = f"skillmatrix_{command.lower()}"
            run(f"DROP POLICY IF EXISTS {name} ON {table}")
            run(f"CREATE POLICY {name} ON {table} FOR {command} {clause}")
    run(_AGGREGATE)
    run(f"ALTER VIEW skillmatrix_department_coverage OWNER TO {ADMIN_ROLE}")
    run(f"GRANT SELECT ON skillmatrix_department_coverage TO {MANAGER_ROLE}")
    run(_BULK_CHECKS)


# Admins' bulk copies (a cycle carried forward) skip PostgreSQL's per-row foreign-key
# queries and check the keys once for the set (``store.bulk.foreign_keys_checked_once``),
# which needs ``SET LOCAL session_replication_role``. Only a superuser may grant it
# (PostgreSQL 15 and later); anyone else running init leaves admins the per-row checks.
# Owners could drop the keys and triggers anyway: this gives admins nothing new.
_BULK_CHECKS = f"""
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 150000
       AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'GRANT SET ON PARAMETER session_replication_role TO {ADMIN_ROLE}';
    END IF;
END
$$;
"""


def installed(conn: Connection) -> bool:
    """Whether :func:`install` has run on this database."""
    return bool(conn.exec_driver_sql("SELECT to_regclass('skillmatrix_team_managers')").scalar())


@dataclass(frozen=True, slots=True)
class Granted:
    """What ``server grant`` did: the login, whether it was made now, its teams."""

    login: str
    created: bool
    admin: bool
    teams: tuple[str, ...]
    see_names: bool


def grant(
    conn: Connection,
    login: str,
    *,
    teams: Sequence[str] = (),
    admin: bool = False,
    see_names: bool = False,
) -> Granted:
    """Give ``login`` the admin or manager role and the teams it manages.

    The login is made, without a password, when missing; in the caller's transaction.

    Raises:
        ValidationError: no team and not admin, or an empty login.
        NotFoundError: a team does not exist (nothing is granted).
    """
    login = login.strip()
    if not login:
        raise ValidationError("the login name is empty")
    if not teams and not admin:
        raise ValidationError(f"give {login} at least one --team, or --admin")
    ids: list[int] = []
    for team in teams:
        team_id = conn.execute(
            text("SELECT id FROM teams WHERE lower(name) = lower(:n)"), {"n": team}
        ).scalar()
        if team_id is None:
            known = [r[0] for r in conn.execute(text("SELECT name FROM teams ORDER BY name"))]
            raise NotFoundError(f"no team named {team!r} (teams: {', '.join(known) or 'none yet'})")
        ids.append(int(team_id))
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first()
    quoted = _quote(conn, login)
    if exists is None:
        conn.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN")
    conn.exec_driver_sql(f"GRANT {ADMIN_ROLE if admin else MANAGER_ROLE} TO {quoted}")
    conn.execute(
        text(
            "INSERT INTO skillmatrix_logins (login, see_names) VALUES (:l, :s) "
            "ON CONFLICT (login) DO UPDATE SET see_names = excluded.see_names OR "
            "skillmatrix_logins.see_names"
        ),
        {"l": login, "s": see_names},
    )
    for team_id in ids:
        conn.execute(
            text(
                "INSERT INTO skillmatrix_team_managers (login, team_id) VALUES (:l, :t) "
                "ON CONFLICT DO NOTHING"
            ),
            {"l": login, "t": team_id},
        )
    return Granted(login, exists is None, admin, tuple(teams), see_names)


def access(conn: Connection) -> Access:
    """The current login's rights; a database without these rules lets everyone do all."""
    login = str(conn.exec_driver_sql("SELECT current_user").scalar())
    if not installed(conn):
        return everything(login)
    admin, see = conn.exec_driver_sql(
        "SELECT skillmatrix_is_admin(), skillmatrix_sees_names()"
    ).one()
    rows = conn.exec_driver_sql(
        "SELECT m.team_id, t.name FROM skillmatrix_team_managers m "
        "JOIN teams t ON t.id = m.team_id WHERE m.login = current_user"
    ).all()
    return Access(
        login,
        bool(admin),
        frozenset(int(r[0]) for r in rows),
        bool(admin or see),
        frozenset(str(r[1]) for r in rows),
    )
