"""The database handle: engine set-up, opening rules and the unit of work.

Opening a database, in order:

1. a new or empty file gets the schema (``create_all``), the scale and the SkillMatrix
   marker row, and is stamped at the newest Alembic revision, all in one transaction;
2. an existing file is first inspected read-only (``skillmatrix.store.probe``); anything we
   must not touch (not SQLite, corrupt, foreign, newer) is refused before any write;
3. a SkillMatrix file at an older revision is backed up, then upgraded.

With ``create=False`` (the reading commands) a missing file, a zero-byte file or a SQLite
file without tables is refused and left exactly as it was, instead of becoming a new
SkillMatrix database.

Writes and waiting: every unit of work (:meth:`Database.session`) starts with ``BEGIN
IMMEDIATE``, so it takes SQLite's write lock up front and SQLite's busy timeout applies
while another program holds it (a deferred ``BEGIN`` that later writes is refused at once
instead). Reads (:meth:`Database.reading`) start a deferred transaction and never wait for
writers (WAL). :meth:`Database.waiting` bounds the wait of the transactions a block starts
(the UI uses 0 on its own thread and hands a locked edit to a worker that waits).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillmatrix.core.errors import DatabaseError
from skillmatrix.core.scale import DEFAULT_SCALE, Scale
from skillmatrix.store import direct, probe
from skillmatrix.store.errors import describe_os_or_sqlite, translate_errors
from skillmatrix.store.reader import DirectReader, Reader

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session


#: How the transactions begun in this context start: writes take the lock up front.
_BEGIN: ContextVar[str] = ContextVar("skillmatrix_begin", default="BEGIN IMMEDIATE")
#: Seconds the transactions begun in this context wait for a lock (None: the engine's).
_WAIT: ContextVar[float | None] = ContextVar("skillmatrix_wait", default=None)
#: Seconds a statement of the transactions begun in this context may run (None: the
#: engine's short default; set by :meth:`Database.bulk` for long bulk writes).
_STATEMENT: ContextVar[float | None] = ContextVar("skillmatrix_statement", default=None)


def _sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for other back ends and in-memory databases."""
    if url.get_backend_name() != "sqlite":
        return None
    db = url.database or ""
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def _parse_url(target: str) -> URL:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(target)
    except ArgumentError:
        raise DatabaseError(f"{target!r} is not a valid database address") from None


#: PostgreSQL defaults (seconds): a statement waiting longer than this for a lock, or
#: running longer than the statement timeout, or a server not answering, fails with one
#: line instead of freezing the app (a URL's own ``options`` or ``connect_timeout`` win).
PG_CONNECT_TIMEOUT = 5
#: Short: an interactive statement that runs longer is stuck behind something, and the
#: user is better told in seconds. Bulk writes raise it for their own transaction.
PG_STATEMENT_TIMEOUT = 5.0
#: What :meth:`Database.bulk` allows (demo, import, a cycle start carrying ratings forward).
BULK_STATEMENT_TIMEOUT = 600.0


def _pg_connect_args(url: URL, lock_timeout: float, statement_timeout: float) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = PG_CONNECT_TIMEOUT
    if "options" not in url.query:
        args["options"] = (
            f"-c lock_timeout={max(1, int(lock_timeout * 1000))} "
            f"-c statement_timeout={max(1, int(statement_timeout * 1000))}"
        )
    return args


def make_engine(
    url: URL,
    *,
    busy_timeout: float = 5.0,
    foreign_keys: bool = True,
    statement_timeout: float = PG_STATEMENT_TIMEOUT,
    **kw: Any,
) -> Engine:
    """An engine with SkillMatrix's connection settings.

    SQLite pragmas, explicit BEGIN; on PostgreSQL lock, statement and connect timeouts and a
    connection check before use, so a pooled connection the server dropped, e.g. in a
    restart, is replaced once.
    """
    from sqlalchemy import create_engine, event

    if url.get_backend_name() != "sqlite":
        if url.get_backend_name() == "postgresql":
            connect_args = {
                **_pg_connect_args(url, busy_timeout, statement_timeout),
                **kw.pop("connect_args", {}),
            }
            kw = {"pool_pre_ping": True, "connect_args": connect_args, **kw}
        engine = create_engine(url, **kw)
        if url.get_backend_name() == "postgresql":

            @event.listens_for(engine, "begin")
            def _pg_begin(conn: Any) -> None:
                wait = _WAIT.get()
                if wait is not None:  # lock_timeout 0 means "forever": 1 ms is "at once"
                    ms = max(1, int(wait * 1000))
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {ms}")
                statement = _STATEMENT.get()
                if statement is not None:  # only this transaction: the pool's stays short
                    ms = max(1, int(statement * 1000))
                    conn.exec_driver_sql(f"SET LOCAL statement_timeout = {ms}")

        return engine
    engine = create_engine(url, **kw)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # The stdlib driver's own transaction handling skips BEGIN before SELECT and DDL;
        # switch it off and emit BEGIN ourselves (see _on_begin) so a unit of work is one
        # real transaction, DDL included.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cur.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        # WAL lets the UI read while a write commits; NORMAL sync is safe with WAL and
        # makes a one-cell commit cost well under a millisecond.
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    default_ms = int(busy_timeout * 1000)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        wait = _WAIT.get()
        ms = default_ms if wait is None else max(0, int(wait * 1000))
        info = conn.connection.info  # lives as long as the driver connection
        if info.get("busy_ms", default_ms) != ms:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {ms}")
        info["busy_ms"] = ms
        conn.exec_driver_sql(_BEGIN.get())

    return engine


def _read_only(path: Path) -> bool:
    """True when ``path`` or its folder cannot be written, or the file is marked read-only.

    Marked means no write permission bit at all: an administrator can write it, but asked
    not to.
    """
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return True
    return not path.stat().st_mode & 0o222


def _refuse_shared(result: probe.ProbeResult, name: str) -> None:
    """Refuse to create or upgrade a shared database from a client.

    With many users on it, the first to update the app would migrate it under the others,
    without a backup.
    """
    if result.state is probe.State.EMPTY:
        raise DatabaseError(
            f"{name} is an empty database; an administrator sets it up once with "
            "'skillmatrix server init URL'"
        )
    if result.state is probe.State.OLDER:
        raise DatabaseError(
            f"{name} has an older SkillMatrix schema ({result.revision}); an administrator "
            "upgrades it with 'skillmatrix server upgrade URL' (a client does not change a "
            "shared database)"
        )


class Database:
    """An open SkillMatrix database.

    Args:
        target: a file path, or any SQLAlchemy URL (``sqlite:///...``, ``postgresql://...``).
        scale: the proficiency scale of a database created now (ignored when it exists).
        backup_dir: where pre-upgrade backups go; default ``backups/`` next to the file.
        busy_timeout: seconds to wait for another program's lock before giving up (on
            PostgreSQL: ``lock_timeout``).
        statement_timeout: PostgreSQL only: seconds a statement may run.
        echo: log SQL (debugging).
        direct_reads: read teams, cycles, the scale and snapshots of a SQLite file with the
            stdlib driver (``store.direct``); False sends every read through the ORM.
        create: make a new database when the target is missing, empty (0 bytes) or a
            SQLite file without tables; False refuses those and leaves them untouched.

    Attributes:
        url: the SQLAlchemy URL.
        path: the SQLite file, or None for other back ends.
        name: how messages name this database.
        created: True when this call created the schema.
        backup_path: the backup made before an upgrade, if one was made.

    Opening a file path that is already at the newest revision imports no SQLAlchemy: the
    file is checked with the stdlib driver, and the engine is made on first use. That
    keeps SQLAlchemy's ~0.35 s import out of the app's first screen.

    Raises:
        DatabaseError: the target cannot be opened; the message names it.
    """

    def __init__(
        self,
        target: str | os.PathLike[str],
        *,
        scale: Scale | None = None,
        backup_dir: str | os.PathLike[str] | None = None,
        busy_timeout: float = 5.0,
        echo: bool = False,
        direct_reads: bool = True,
        create: bool = True,
        statement_timeout: float = PG_STATEMENT_TIMEOUT,
    ) -> None:
        self._url: URL | None = None
        if isinstance(target, str) and "://" in target:
            self._url = _parse_url(target)
            self.path = _sqlite_file(self._url)
        else:
            self.path = Path(target).expanduser()
        # A server is named without its password (not even "***"): the name is shown,
        # logged and saved in Recent, and reopening looks the password up again.
        self.name = (
            str(self.path)
            if self.path
            else self.url._replace(password=None).render_as_string(hide_password=False)
        )
        self.created = False
        self.backup_path: Path | None = None
        self.direct_reads = direct_reads
        self._busy_timeout = busy_timeout
        self._statement_timeout = statement_timeout
        self._echo = echo
        self._may_create = create
        self._scale: Scale | None = None
        self._identity: str | None = None
        self._engine: Engine | None = None
        self._sessions: Any = None
        # The engine is made on first use, which may come from a worker thread and the UI
        # thread at once: one lock so that only one engine is ever made.
        self._making = threading.Lock()
        if self._url is not None:
            self.engine  # noqa: B018 - a bad URL or a missing driver fails now, not later
        try:
            self._open(scale or DEFAULT_SCALE, Path(backup_dir) if backup_dir else None)
        except BaseException:
            self.close()
            raise

    @property
    def url(self) -> URL:
        """The SQLAlchemy URL (made on first use for a file path)."""
        if self._url is None:
            from sqlalchemy.engine import URL

            self._url = URL.create("sqlite+pysqlite", database=str(self.path))
        return self._url

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        if self._engine is None:
            from sqlalchemy.exc import ArgumentError

            with self._making:
                if self._engine is None:
                    try:
                        self._engine = make_engine(
                            self.url,
                            busy_timeout=self._busy_timeout,
                            statement_timeout=self._statement_timeout,
                            echo=self._echo,
                        )
                    except (ArgumentError, ImportError) as exc:
                        raise DatabaseError(
                            f"cannot open {self.name}: unknown database type or missing "
                            f"driver ({exc})"
                        ) from None
        return self._engine

    # -- opening -----------------------------------------------------------------------

    def _open(self, scale: Scale, backup_dir: Path | None) -> None:
        if self.path is not None:
            if not self._may_create and not self.path.exists():
                raise DatabaseError(f"{self.name} does not exist")
            if not self.path.parent.is_dir():
                raise DatabaseError(f"cannot create {self.name}: its folder does not exist")
            exists = self.path.exists() and self.path.stat().st_size > 0
            if not exists and not self._may_create:
                raise DatabaseError(
                    f"{self.name} is an empty file (0 bytes), not a SkillMatrix database; "
                    "it was left as it is"
                )
            result = (
                probe.probe_sqlite_file(self.path, self.name, self._busy_timeout)
                if exists
                else probe.ProbeResult(probe.State.EMPTY)
            )
        else:
            result = probe.probe_engine(self.engine, self.name)
        if self.path is None and self.url.get_backend_name() != "sqlite":
            _refuse_shared(result, self.name)
        if result.state is probe.State.EMPTY:
            if not self._may_create:
                raise DatabaseError(
                    f"{self.name} is an empty database with no tables, not a SkillMatrix "
                    "database; it was left as it is"
                )
            self._create(scale)
        elif result.state is probe.State.OLDER:
            assert result.revision is not None
            self._upgrade(result.revision, backup_dir)

    def _create(self, scale: Scale) -> None:
        from skillmatrix.store import migrate
        from skillmatrix.store.models import Base
        from skillmatrix.store.seed import seed_new_database

        with translate_errors(self.name), self.engine.begin() as conn:
            Base.metadata.create_all(conn)
            seed_new_database(conn, scale)
            migrate.stamp_head(conn)
        self.created = True

    def _upgrade(self, revision: str, backup_dir: Path | None) -> None:
        from sqlalchemy import text
        from sqlalchemy.pool import NullPool

        from skillmatrix.store import migrate

        if self.path is not None:
            # A file we cannot write would only gain a backup per attempt and stay old.
            if _read_only(self.path):
                raise DatabaseError(
                    f"{self.name} needs upgrading to this version of SkillMatrix, but it is "
                    "read-only (or its folder is); make it writable or open a copy"
                )
            folder = backup_dir or self.path.parent / "backups"
            try:
                self.backup_path = migrate.backup_sqlite(self.path, folder, revision)
            except (OSError, sqlite3.Error) as exc:
                reason = describe_os_or_sqlite(exc)
                raise DatabaseError(
                    f"not upgrading {self.name}: the backup failed ({reason})"
                ) from None
        # Batch migrations rebuild tables; foreign keys are switched off while they run
        # (SQLite's documented procedure) and checked as a whole before commit.
        engine = make_engine(
            self.url, busy_timeout=self._busy_timeout, foreign_keys=False, poolclass=NullPool
        )
        try:
            with translate_errors(self.name), engine.begin() as conn:
                migrate.upgrade_head(conn)
                if self.url.get_backend_name() == "sqlite":
                    broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                    if broken:
                        raise DatabaseError(f"{len(broken)} broken references after upgrading")
        except Exception as exc:
            # The migration ran in one transaction, so the database is as it was.
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            kept = f"; a backup is in {self.backup_path}" if self.backup_path else ""
            raise DatabaseError(
                f"upgrading {self.name} failed and it was left unchanged ({reason}){kept}"
            ) from exc
        finally:
            engine.dispose()

    # -- use ---------------------------------------------------------------------------

    @property
    def shared(self) -> bool:
        """True for a server database (PostgreSQL): logins and permissions apply."""
        return self.path is None and self.url.get_backend_name() != "sqlite"

    @property
    def identity(self) -> str:
        """Who is working: the database login on a server, else the operating-system user.

        On a server the login is what ``rated_by`` and the history record, whatever a client
        sends.
        """
        if self._identity is None:
            if self.shared:
                from sqlalchemy import text

                with self.reading() as s:
                    self._identity = str(s.execute(text("SELECT current_user")).scalar())
            else:
                import getpass

                try:
                    self._identity = getpass.getuser()
                except (KeyError, OSError):  # no user name (some containers)
                    self._identity = ""
        return self._identity

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error.

        It begins ``IMMEDIATE`` (the write lock is taken first, waiting up to the busy
        timeout or what :meth:`waiting` says); use :meth:`reading` for reads.

        Driver errors leave as ``ValidationError`` (a constraint refused the change) or
        ``DatabaseError`` (locked, disk full, damaged ...), each a one-line message.
        """
        from skillmatrix.store.versions import naming_races

        with (
            translate_errors(self.name),
            self._session_maker()() as session,
            naming_races(session),
            session.begin(),
        ):
            yield session

    def _session_maker(self) -> Any:
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            engine = self.engine
            with self._making:
                if self._sessions is None:
                    self._sessions = sessionmaker(engine, expire_on_commit=False)
        return self._sessions

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: a deferred transaction that takes no write lock.

        So it never waits for (or holds up) another program's write. Nothing is committed.
        """
        token = _BEGIN.set("BEGIN")
        try:
            with translate_errors(self.name), self._session_maker()() as session:
                yield session
        finally:
            _BEGIN.reset(token)

    @contextmanager
    def bulk(self, seconds: float = BULK_STATEMENT_TIMEOUT) -> Iterator[None]:
        """Within the block, a statement may run ``seconds``.

        PostgreSQL: ``SET LOCAL statement_timeout`` in each transaction begun here, for bulk
        writes that outlast the short interactive default; other connections keep theirs.
        No-op on SQLite.
        """
        token = _STATEMENT.set(seconds)
        try:
            yield
        finally:
            _STATEMENT.reset(token)

    @contextmanager
    def waiting(self, seconds: float | None) -> Iterator[None]:
        """Within the block, transactions wait at most ``seconds`` for another program's lock.

        0: refuse at once with ``BusyError``; None: the database's busy timeout.
        """
        token = _WAIT.set(seconds)
        try:
            yield
        finally:
            _WAIT.reset(token)

    @contextmanager
    def pinned(self) -> Iterator[Pinned]:
        """One connection for a read transaction and then a write transaction.

        So :meth:`Pinned.others_wrote` can tell whether another connection committed in
        between (SQLite's ``PRAGMA data_version``): long work is planned outside the write
        lock and applied in a short write only if what it read still holds.
        """
        with translate_errors(self.name), self.engine.connect() as conn:
            yield Pinned(conn, self.name)

    @property
    def reads_direct(self) -> bool:
        """Whether reads go through the stdlib driver (a SQLite file, ``direct_reads`` on)."""
        return self.path is not None and self.direct_reads

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """One read transaction behind this database's :class:`~skillmatrix.store.reader.Reader`.

        The stdlib driver for a SQLite file, else the ORM (imported here, on first use, so
        that a SQLite start never loads SQLAlchemy).
        """
        if self.path is not None and self.reads_direct:
            with direct.reading(self.path, self.name, self._busy_timeout) as conn:
                yield DirectReader(conn)
            return
        from skillmatrix.store.reader_orm import OrmReader

        with self.reading() as session:
            yield OrmReader(session)

    def direct(self) -> AbstractContextManager[sqlite3.Connection | None]:
        """A read-only stdlib connection in one read transaction (see ``store.direct``), or None.

        None when this database is not a SQLite file or ``direct_reads`` is off: the caller
        then reads through :meth:`session`.
        """
        if self.path is None or not self.reads_direct:
            return nullcontext(None)
        return direct.reading(self.path, self.name, self._busy_timeout)

    @property
    def scale(self) -> Scale:
        """The database's proficiency scale (read once; it does not change while open)."""
        if self._scale is None:
            with self.reader() as read:
                self._scale = read.load_scale()
        return self._scale

    def close(self) -> None:
        """Release every pooled connection (the file is then free to move or delete)."""
        if self._engine is not None:
            self._engine.dispose()

    def dispose(self) -> None:
        """Same as ``close`` (the name SQLAlchemy engines use)."""
        self.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({self.name!r})"


class Pinned:
    """One pooled connection used for several transactions in a row (see ``Database.pinned``)."""

    def __init__(self, conn: Any, name: str) -> None:
        self._conn = conn
        self._name = name
        self._version: int | None = None

    @property
    def sqlite(self) -> bool:
        """True when this connection is to a SQLite database."""
        return bool(self._conn.dialect.name == "sqlite")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A deferred read transaction on this connection; nothing is committed."""
        from sqlalchemy.orm import Session

        token = _BEGIN.set("BEGIN")
        try:
            with translate_errors(self._name), Session(bind=self._conn) as session:
                session.connection()  # begin now, so the version below is this snapshot's
                self._version = self._data_version()
                yield session
        finally:
            _BEGIN.reset(token)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction (``BEGIN IMMEDIATE``) on this connection, committed at the end."""
        from sqlalchemy.orm import Session

        from skillmatrix.store.versions import naming_races

        with (
            translate_errors(self._name),
            Session(bind=self._conn, expire_on_commit=False) as session,
            naming_races(session),
            session.begin(),
        ):
            yield session

    def others_wrote(self, session: Session) -> bool:
        """In a write transaction: did another connection commit since :meth:`reading` began?

        Always True where the back end cannot tell.
        """
        session.connection()
        return self._version is None or self._data_version() != self._version

    def _data_version(self) -> int | None:
        if not self.sqlite:
            return None
        return int(self._conn.exec_driver_sql("PRAGMA data_version").scalar())
