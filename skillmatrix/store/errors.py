"""Turn driver errors into the one-line domain errors a user can read.

SQLAlchemy is imported only inside :func:`translate_errors` (which only runs once it is
loaded anyway): the direct SQLite reads of the first screen use these messages too.
"""

from __future__ import annotations

import errno
import re
import shutil
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import TYPE_CHECKING

from skillmatrix.core.errors import (
    BusyError,
    ChangedMeanwhileError,
    DatabaseError,
    PermissionDeniedError,
    SkillMatrixError,
    ValidationError,
)

if TYPE_CHECKING:
    from sqlalchemy.exc import DBAPIError


def is_busy(detail: str) -> bool:
    """True when a driver's error text says another connection holds the lock."""
    msg = detail.lower()
    return "locked" in msg or "busy" in msg


#: Below this much free space, SQLite's "disk I/O error" is the full disk speaking.
NEARLY_FULL_BYTES = 1024 * 1024


def _disk_nearly_full(name: str) -> bool:
    """True when ``name`` is a file on a disk with (next to) no room left."""
    if "://" in name:
        return False
    try:
        return shutil.disk_usage(PurePath(name).parent or ".").free < NEARLY_FULL_BYTES
    except (OSError, ValueError):
        return False


def describe_driver_message(detail: str, name: str) -> str:
    """One line for a user from a driver's error text, raised while using ``name``."""
    msg = detail.lower()
    if is_busy(detail):
        return f"{name} is locked by another program; close it or try again in a moment"
    if "disk is full" in msg or "disk full" in msg or "no space" in msg:
        return f"cannot write {name}: the disk is full"
    # SQLite reports a full disk met while growing the WAL index (-shm) as an I/O error.
    if "disk i/o error" in msg and _disk_nearly_full(name):
        return f"cannot write {name}: the disk is full"
    if "not a database" in msg or "malformed" in msg or "encrypted" in msg:
        return f"{name} is damaged or is not a SkillMatrix database"
    if "unable to open" in msg or "readonly" in msg or "read-only" in msg:
        return f"cannot open {name}: check that the file and its folder are accessible"
    first = detail.splitlines()[0] if detail else "unknown error"
    return f"database error in {name}: {first}"


def describe_os_or_sqlite(exc: BaseException) -> str:
    """A short reason from an ``OSError`` or a stdlib ``sqlite3`` error ("the disk is full")."""
    strerror = getattr(exc, "strerror", None)
    detail = (strerror or str(exc) or type(exc).__name__).splitlines()[0]
    lowered = detail.lower()
    if getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in lowered:
        return "the disk is full"
    return detail


def describe_driver_error(exc: DBAPIError, name: str) -> str:
    """One line for a user from a driver error raised while using database ``name``."""
    detail = str(exc.orig) if exc.orig is not None else str(exc)
    return describe_driver_message(detail or type(exc).__name__, name)


#: PostgreSQL error classes (SQLSTATE) a user is told about in their own words.
_PG_LOCK_TIMEOUT = "55P03"
_PG_CANCELED = "57014"  # statement_timeout
_PG_DENIED = "42501"


_WRONG_PASSWORD = re.compile(r'password authentication failed for user "([^"]*)"')
_URL_LOGIN = re.compile(r"://([^@/:]+)(?::[^@/]*)?@")


def _password_refusal(first: str, name: str) -> DatabaseError | None:
    """The server wanted a password or refused the one given; else None.

    Wanted: libpq found none (not typed, not in the keyring, ~/.pgpass or a service file).
    Said as such, not as "cannot reach": the server answered.
    """
    from urllib.parse import unquote

    if "no password supplied" in first:
        found = _URL_LOGIN.search(name)
        login = unquote(found.group(1)) if found else "this login"
        return DatabaseError(
            f"{login} needs a password for {name}: type it when connecting (the app can "
            "remember it in the system keyring), or put it in ~/.pgpass or a service file "
            "(PGSERVICE)"
        )
    wrong = _WRONG_PASSWORD.search(first)
    if wrong is not None:
        return DatabaseError(
            f"the server refused the password of {wrong.group(1)} for {name}: check it "
            "(one kept in the keyring, ~/.pgpass or a service file may be out of date)"
        )
    return None


def describe_server_error(sqlstate: str | None, detail: str, name: str) -> SkillMatrixError | None:
    """The one-line error for a PostgreSQL error class, or None for the generic wording."""
    first = detail.splitlines()[0] if detail else ""
    if sqlstate == _PG_DENIED:
        if first.startswith("permission denied for"):
            what = first.removeprefix("permission denied for ").removeprefix("table ")
            return PermissionDeniedError(
                f"not saved: only a SkillMatrix admin may change {what} in {name}"
            )
        if "row-level security" in first:
            return PermissionDeniedError(f"not saved: {first} (not one of your teams)")
        return PermissionDeniedError(f"not saved: {first}")
    if sqlstate == _PG_LOCK_TIMEOUT:
        return BusyError(
            f"not saved: another user of {name} holds a lock on this data; try again in a moment"
        )
    if sqlstate == _PG_CANCELED:
        return BusyError(f"{name} took too long to answer (statement timeout); nothing was changed")
    refused = _password_refusal(first, name)
    if refused is not None:
        return refused
    if (sqlstate or "").startswith("08") or (
        sqlstate is None and ("connect" in first.lower() or "timeout expired" in first)
    ):
        return DatabaseError(f"cannot reach {name}: {first or 'the connection failed'}")
    return None


def damaged_value(exc: ValueError, name: str) -> DatabaseError | None:
    """The refusal for a stored value its column's type cannot hold, else None.

    A damaged file (a flipped byte, a page cut short) can hold a date that is not a date or
    a seniority that is not one, which SQLAlchemy's result processing or a repository's
    conversion refuses with a ValueError. Only errors raised while converting what was read
    (in SQLAlchemy's engine or in ``skillmatrix.store``) count: any other ValueError is a bug
    and stays one.
    """
    files = [
        PurePath(f.f_code.co_filename).as_posix() for f, _ in traceback.walk_tb(exc.__traceback__)
    ]
    ours = [f for f in files if "/skillmatrix/" in f]
    if not any("sqlalchemy/engine" in f for f in files) and not (
        ours and "/skillmatrix/store/" in ours[-1]
    ):
        return None
    first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    return DatabaseError(f"{name} is damaged: a stored value cannot be read ({first})")


@contextmanager
def translate_errors(name: str) -> Iterator[None]:
    """Re-raise driver errors as ``ValidationError`` (constraint) or ``DatabaseError``.

    Services check their input first, so a constraint failure here means a rule was
    broken in a way they did not foresee; it still reaches the user as one line.
    """
    from sqlalchemy.exc import DBAPIError, IntegrityError
    from sqlalchemy.orm.exc import StaleDataError

    try:
        yield
    except StaleDataError as exc:
        # The ORM's UPDATEs and DELETEs compare-and-set on the row version and check the
        # row count: 0 means someone else changed or removed the row since it was loaded.
        table = re.search(r"table '(\w+)'", str(exc))
        what = f"the {table.group(1)} row" if table else "the row"
        raise ChangedMeanwhileError(
            f"not saved: {what} was changed or removed by someone else since you loaded it "
            f"in {name}; reload it and apply yours again"
        ) from None
    except IntegrityError as exc:
        detail = str(exc.orig).splitlines()[0] if exc.orig is not None else "constraint failed"
        raise ValidationError(f"the change was refused by the database ({detail})") from None
    except DBAPIError as exc:
        raise translated(exc, name) from None
    except ValueError as exc:
        damaged = damaged_value(exc, name)
        if damaged is None:
            raise
        raise damaged from None


def translated(exc: DBAPIError, name: str) -> SkillMatrixError:
    """The one-line error for a driver error (PostgreSQL's by its error class)."""
    detail = str(exc.orig) if exc.orig is not None else str(exc)
    if type(exc.orig).__module__.startswith("psycopg"):
        server = describe_server_error(getattr(exc.orig, "sqlstate", None), detail, name)
        if server is not None:
            return server
    message = describe_driver_error(exc, name)
    return (BusyError if is_busy(detail) else DatabaseError)(message)
