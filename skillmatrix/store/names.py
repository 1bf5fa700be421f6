"""How names are compared, cleaned and listed in messages.

Plain Python: the ORM lookups in ``lookup`` and the direct SQLite reads in ``direct`` both
use them.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

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


def closest(key: str, names: Iterable[str]) -> str | None:
    """The one name ``key`` most likely meant.

    The only name containing it, else the closest spelling (difflib), else None.
    """
    names = list(names)
    wanted = fold(key)
    containing = [n for n in names if wanted and wanted in fold(n)]
    if len(containing) == 1:
        return containing[0]
    folded = {fold(n): n for n in names}
    close = get_close_matches(wanted, list(folded), n=1, cutoff=0.75)
    if close:
        return folded[close[0]]
    # A misspelt word of a longer name: "kubernets" -> "Containers & Kubernetes".
    by_word = [n for n in names if get_close_matches(wanted, fold(n).split(), n=1, cutoff=0.8)]
    return by_word[0] if len(by_word) == 1 else None


def not_found(what: str, key: int | str, names: Iterable[str]) -> str:
    """The message for a missing row, e.g. "no team 'Web' (existing: Core, Data)".

    With a "did you mean" when one name is the likely intent.
    """
    names = list(names)
    shown = f"#{key}" if isinstance(key, int) else repr(key)
    guess = closest(key, names) if isinstance(key, str) else None
    if guess is not None:
        return f"no {what} {shown}; did you mean {guess!r}? {hint(names)}"
    return f"no {what} {shown} {hint(names)}"
