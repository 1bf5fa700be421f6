r"""SQLite ``file:`` URIs for paths (read-only and no-create opens need the URI form).

``Path.as_uri()`` is not enough: for a Windows network path (``\\server\share\db``) it
gives ``file://server/share/db``, and SQLite refuses any URI authority but ``localhost``.
Here the authority is always empty and the path carries the server: ``file:////server/…``.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote


def sqlite_uri(path: PurePath, **query: str) -> str:
    """The ``file:`` URI of an absolute ``path`` with ``query`` parameters.

    For example ``sqlite_uri(p, mode="ro")``; characters such as ``#``, ``?`` and ``%`` are
    escaped.
    """
    posix = path.as_posix()
    # A drive path (C:/x) needs a leading slash; POSIX and UNC paths (//server) have one.
    uri = "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:")
    return uri + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
