"""Setting up and upgrading a shared PostgreSQL database (``skillmatrix server ...``).

A client never does this by itself (``Database`` refuses an empty or older shared
database with one line naming these commands): with twenty managers on one database,
whoever updated the app first would otherwise migrate it under the others, with no
backup. Each step here runs in one transaction under an advisory lock, so two admins
doing it at once cannot race (the second is told to wait for the first).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from skillmatrix.core.errors import DatabaseError
from skillmatrix.store import migrate, pg_security, probe
from skillmatrix.store.database import make_engine
from skillmatrix.store.errors import translate_errors

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection

#: pg_advisory_lock key of schema changes ("SkMx" as an int): one init or upgrade at a time.
SCHEMA_LOCK = 0x536B4D78
#: Schema changes may take longer than the default statement timeout of a client.
ADMIN_STATEMENT_TIMEOUT = 600.0


def _url(target: str) -> URL:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(target)
    except ArgumentError:
        raise DatabaseError(f"{target!r} is not a valid database address") from None
    if url.get_backend_name() != "postgresql":
        raise DatabaseError(
            f"{url.render_as_string(hide_password=True)} is not a PostgreSQL address "
            "(skillmatrix server works on postgresql://user@host/database)"
        )
    return url


@contextmanager
def _locked(target: str) -> Iterator[tuple[Connection, str]]:
    """A connection holding the schema lock, inside one transaction committed at the end."""
    url = _url(target)
    name = url.render_as_string(hide_password=True)
    engine = make_engine(url, statement_timeout=ADMIN_STATEMENT_TIMEOUT)
    try:
        with translate_errors(name), engine.connect() as conn:
            got = conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({SCHEMA_LOCK})").scalar()
            conn.commit()  # a session lock: it outlives this transaction
            if not got:
                raise DatabaseError(
                    f"another 'skillmatrix server' command is changing {name} right now; "
                    "try again when it has finished"
                )
            try:
                with conn.begin():
                    # Also when the URL's own options set a shorter one: migrations are long.
                    ms = int(ADMIN_STATEMENT_TIMEOUT * 1000)
                    conn.exec_driver_sql(f"SET LOCAL statement_timeout = {ms}")
                    yield conn, name
            finally:
                with contextlib.suppress(Exception):  # a lost connection drops it anyway
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({SCHEMA_LOCK})")
                    conn.commit()
    finally:
        engine.dispose()


def _state(conn: Connection, name: str) -> probe.ProbeResult:
    insp = inspect(conn)
    tables = {*insp.get_table_names(), *insp.get_view_names()}
    tables -= {*pg_security.SECURITY_TABLES, "skillmatrix_department_coverage"}

    def column(sql: str) -> list[object]:
        return list(conn.execute(text(sql)).scalars())

    return probe.classify(tables, column, name)


@dataclass(frozen=True, slots=True)
class SchemaReport:
    """What an init or upgrade did."""

    name: str
    revision: str
    created: bool = False
    upgraded_from: str | None = None
    backup: Path | None = None


def init_server(target: str) -> SchemaReport:
    """Create the schema (the app's Alembic migrations), the roles, grants and policies.

    A database already at the newest revision only gets its rules refreshed; an older
    one is refused (that is ``upgrade``, with a backup).
    """
    with _locked(target) as (conn, name):
        state = _state(conn, name)
        if state.state is probe.State.OLDER:
            raise DatabaseError(
                f"{name} holds an older SkillMatrix schema ({state.revision}); "
                f"run 'skillmatrix server upgrade' on it instead"
            )
        created = state.state is probe.State.EMPTY
        if created:
            migrate.upgrade_head(conn)
        pg_security.install(conn)
        return SchemaReport(name, migrate.head_revision(), created=created)


def pg_dump_path() -> str | None:
    """The pg_dump program ($SKILLMATRIX_PG_DUMP, else the one on PATH)."""
    return os.environ.get("SKILLMATRIX_PG_DUMP") or shutil.which("pg_dump")


def _dump(url: URL, pg_dump: str, folder: Path, revision: str) -> Path:
    """A custom-format pg_dump of the database into ``folder``.

    The password goes through the environment, never the command line (which any user can
    list).
    """
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{url.database}-backup-{stamp}-rev{revision}.dump"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{url.database}-backup-{stamp}-{n}-rev{revision}.dump"
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args = [pg_dump, "--format=custom", f"--file={target}", "--no-password"]
    for flag, value in (
        ("--host", url.host),
        ("--port", url.port),
        ("--username", url.username),
    ):
        if value:
            args.append(f"{flag}={value}")
    args.append(f"--dbname={url.database}")
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        target.unlink(missing_ok=True)
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise DatabaseError(f"not upgrading: the pg_dump backup failed ({reason})")
    return target


def upgrade_server(target: str, backup_dir: Path) -> SchemaReport:
    """Back the database up with pg_dump, then migrate it and refresh its rules.

    It is migrated to the newest revision in one transaction under the schema lock.

    Raises:
        DatabaseError: no pg_dump (checked first), the backup failed, another upgrade is
            running, the database is not ours or newer, or a migration failed (the
            database is then as it was, and the backup's path is named).
    """
    pg_dump = pg_dump_path()
    if pg_dump is None:
        raise DatabaseError(
            "not upgrading: pg_dump was not found (install the PostgreSQL client tools, "
            "or set SKILLMATRIX_PG_DUMP); the upgrade makes a backup with it first"
        )
    with _locked(target) as (conn, name):
        state = _state(conn, name)
        if state.state is probe.State.EMPTY:
            raise DatabaseError(f"{name} is empty; set it up with 'skillmatrix server init'")
        if state.state is probe.State.CURRENT:
            pg_security.install(conn)
            return SchemaReport(name, migrate.head_revision())
        assert state.revision is not None
        backup = _dump(conn.engine.url, pg_dump, backup_dir, state.revision)
        try:
            migrate.upgrade_head(conn)
            pg_security.install(conn)
        except Exception as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DatabaseError(
                f"upgrading {name} failed and it was left unchanged ({reason}); "
                f"a backup is in {backup}"
            ) from None
        return SchemaReport(
            name, migrate.head_revision(), upgraded_from=state.revision, backup=backup
        )


def grant_login(
    target: str,
    login: str,
    *,
    teams: Sequence[str] = (),
    admin: bool = False,
    see_names: bool = False,
) -> pg_security.Granted:
    """``server grant``: see :func:`skillmatrix.store.pg_security.grant`."""
    url = _url(target)
    name = url.render_as_string(hide_password=True)
    engine = make_engine(url)
    try:
        with translate_errors(name), engine.begin() as conn:
            if not pg_security.installed(conn):
                raise DatabaseError(f"{name} is not set up; run 'skillmatrix server init' first")
            return pg_security.grant(conn, login, teams=teams, admin=admin, see_names=see_names)
    finally:
        engine.dispose()
