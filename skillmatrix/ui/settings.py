"""Remembered preferences (QSettings).

Databases, last view, theme, window geometry, the stale setting and whether Insights counts
confirmed ratings only.

Every read goes through a fresh ``QSettings()``, so tests can isolate storage with
``QSettings.setPath`` / ``setDefaultFormat`` and an organisation name of their own.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "SkillMatrix"
APPLICATION = "SkillMatrix"
MAX_RECENT = 8
THEMES = ("system", "light", "dark")


def _settings() -> QSettings:
    return QSettings()


def _same(a: str, b: str) -> bool:
    # Paths typed or picked differently ("./x.db", "/abs/x.db") must count as one entry.
    if "://" in a or "://" in b:
        return a == b
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def _absolute(target: str) -> str:
    """A file path made absolute (URLs as they are).

    A relative one would name another file, or none, once the app starts from a different
    folder.
    """
    if not target or "://" in target:
        return target
    return os.path.abspath(os.path.expanduser(target))


def last_database() -> str | None:
    """The database open when the app last closed, or None."""
    value = _settings().value("database/last", "")
    return str(value) or None


def set_last_database(target: str | None) -> None:
    """Remember ``target`` as the last database opened (None forgets it)."""
    _settings().setValue("database/last", _absolute(target or ""))


def recent_databases() -> list[str]:
    """Recently opened databases, most recent first."""
    value = _settings().value("database/recent", [])
    if isinstance(value, str):  # QSettings gives a bare str for a one-item list (INI)
        value = [value]
    if not isinstance(value, list | tuple):
        return []
    return [str(v) for v in value if str(v)]


def add_recent_database(target: str) -> list[str]:
    """Put ``target`` first in the recent list (no duplicates, at most ``MAX_RECENT``)."""
    target = _absolute(target)
    items = [target] + [t for t in recent_databases() if not _same(t, target)]
    items = items[:MAX_RECENT]
    _settings().setValue("database/recent", items)
    return items


def remove_recent_database(target: str) -> None:
    """Take ``target`` off the recent databases."""
    items = [t for t in recent_databases() if not _same(t, target)]
    _settings().setValue("database/recent", items)


def clear_recent_databases() -> None:
    """Forget every recent database."""
    _settings().setValue("database/recent", [])


def last_view() -> str:
    """The view shown last ("assess" by default)."""
    return str(_settings().value("window/view", "assess") or "assess")


def set_last_view(key: str) -> None:
    """Remember ``key`` as the view shown last."""
    _settings().setValue("window/view", key)


def theme() -> str:
    """The theme chosen: "light", "dark" or "system" (the default)."""
    value = str(_settings().value("appearance/theme", "system") or "system")
    return value if value in THEMES else "system"


def set_theme(value: str) -> None:
    """Remember the theme (anything unknown as "system")."""
    _settings().setValue("appearance/theme", value if value in THEMES else "system")


def window_state() -> tuple[QByteArray | None, QByteArray | None]:
    """Saved (geometry, toolbar/dock state), each None when never saved."""
    s = _settings()
    geometry, state = s.value("window/geometry"), s.value("window/state")
    return (
        geometry if isinstance(geometry, QByteArray) else None,
        state if isinstance(state, QByteArray) else None,
    )


def set_window_state(geometry: QByteArray, state: QByteArray) -> None:
    """Remember the window's geometry and state."""
    s = _settings()
    s.setValue("window/geometry", geometry)
    s.setValue("window/state", state)


def toolbar_visible() -> bool:
    """Whether the toolbar is shown (by default it is)."""
    return str(_settings().value("window/toolbar", "true")).lower() == "true"


def set_toolbar_visible(visible: bool) -> None:
    """Remember whether the toolbar is shown."""
    _settings().setValue("window/toolbar", "true" if visible else "false")


def stale_after() -> int:
    """Cycles after which an unconfirmed rating is marked stale (Assess grid; default 2)."""
    from skillmatrix.core.trust import STALE_AFTER

    value = _settings().value("assess/staleAfterCycles", STALE_AFTER)
    try:
        return max(1, int(str(value)))
    except (TypeError, ValueError):
        return STALE_AFTER


def set_stale_after(cycles: int) -> None:
    """Remember the cycles after which a rating is stale (at least 1)."""
    _settings().setValue("assess/staleAfterCycles", max(1, int(cycles)))


def trusted_only() -> bool:
    """Insights counts confirmed ratings only (trusted coverage; default off)."""
    return str(_settings().value("insights/trustedOnly", "false")).lower() == "true"


def set_trusted_only(on: bool) -> None:
    """Remember whether Insights counts confirmed ratings only."""
    _settings().setValue("insights/trustedOnly", "true" if on else "false")
