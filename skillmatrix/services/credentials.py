"""Server passwords: from the OS keyring (``keyring``), never from settings or a URL that is saved.

A server database is remembered (Recent, the last database) by its URL *without* a
password; the password is looked up here when it is opened, and only ever lives in
memory. Where no keyring backend exists (a headless Linux box), libpq's own
``~/.pgpass`` and service files (``PGSERVICE``) still work: nothing here is needed then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

#: The keyring "service" the passwords are stored under.
KEYRING_SERVICE = "SkillMatrix"

NO_KEYRING = (
    "No password store (keyring) on this system: the password is used for this session "
    "only. To connect without typing it, put it in ~/.pgpass or a service file (PGSERVICE)."
)


def _key(url: URL) -> str:
    """One keyring entry per login and server database: user@host:port/database."""
    key = f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"
    service = url.query.get("service")  # a pg_service.conf entry names the rest
    return f"{key}?service={service}" if service else key


def keyring_available() -> bool:
    """Whether an OS keyring backend is there (not keyring's "fail" or "null" one)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration: as good as none
        return False
    return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 1) > 0


def password_for(url: URL) -> str | None:
    """The stored password of ``url``'s login, or None (none stored, or no keyring)."""
    if not keyring_available():
        return None
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, _key(url))
    except Exception:  # a locked or failing keyring: connect without (pgpass may help)
        return None


def remember_password(url: URL, password: str) -> bool:
    """Store ``password`` for ``url``'s login; False when there is no keyring."""
    if not keyring_available():
        return False
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, _key(url), password)
    except Exception:
        return False
    return True


def forget_password(url: URL) -> None:
    """Remove a stored password (none stored: nothing happens)."""
    if not keyring_available():
        return
    import keyring

    try:
        keyring.delete_password(KEYRING_SERVICE, _key(url))
    except Exception:
        return


def without_password(url: URL) -> str:
    """The URL as it may be saved and shown: no password at all (not even "***")."""
    return url._replace(password=None).render_as_string(hide_password=False)


def with_password(target: str, password: str | None = None) -> str:
    """``target`` (a server URL) with ``password``, else the keyring's, for connecting only.

    Never save or show the result. Unchanged when neither exists.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(target)
    except ArgumentError:
        return target
    if url.get_backend_name() == "sqlite" or url.password:
        return target
    secret = password if password else password_for(url)
    if not secret:
        return target
    return url.set(password=secret).render_as_string(hide_password=False)
