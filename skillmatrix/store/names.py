"""How names are compared, cleaned and listed in messages (plain Python: the ORM lookups
in ``lookup`` and the direct SQLite reads in ``direct`` both use them)."""

from __future__ import annotations

from collections.abc import Iterable

from skillmatrix.core.errors import ValidationError


def fold(name: str) -> str:
    """The form names are compared in (SQLite's lower() only folds ASCII, so Python does)."""
    return " ".join(name.split()).casefold()


def clean_name(name: str, what: str) -> str:
    """``name`` with surrounding and repeated spaces removed; refuses an empty name."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ValidationError(f"a {what} needs a name")
    return cleaned


def hint(names: Iterable[str], limit: int = 12) -> str:
    """A short "(existing: a, b, c ...)" list for a not-found message."""
    names = sorted(names, key=str.casefold)
    if not names:
        return "(there are none yet)"
    shown = ", ".join(names[:limit])
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return f"(existing: {shown}{more})"


def not_found(what: str, key: int | str, names: Iterable[str]) -> str:
    """ "no team 'Web' (existing: Core, Data)": the message for a missing row."""
    shown = f"#{key}" if isinstance(key, int) else repr(key)
    return f"no {what} {shown} {hint(names)}"
