"""Close matches between a file's competency names and the ones the app already has.

"Kubernetes" is close to "Containers & Kubernetes", "GraphQL" to "GraphQL APIs", "Postgres"
to "PostgreSQL": offered to the user to confirm, never applied on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

_TOKEN = re.compile(r"[a-z0-9+#]+")
_FILLER = frozenset({"and", "&", "the", "of", "for", "with", "in", "a", "an", "to"})


def _tokens(name: str) -> set[str]:
    return {t for t in _TOKEN.findall(name.casefold()) if t not in _FILLER}


def close_matches(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Known names close to ``name`` (best first).

    Close means one's words inside the other's, or a near spelling (similarity 0.8 or more).
    An exact match (any case) is not "close".
    """
    folded = " ".join(name.split()).casefold()
    words = _tokens(name)
    scored: list[tuple[float, str]] = []
    for other in dict.fromkeys(known):
        other_folded = " ".join(other.split()).casefold()
        if not other_folded or other_folded == folded:
            continue
        theirs = _tokens(other)
        ratio = SequenceMatcher(None, folded, other_folded).ratio()
        if words and theirs and (words <= theirs or theirs <= words):
            score = 1.0 + len(words & theirs) / len(words | theirs)
        elif (
            any(
                len(w) >= 4
                and any(t.startswith(w) or w.startswith(t) for t in theirs if len(t) >= 4)
                for w in words
            )
            and ratio >= 0.5
        ):
            score = 0.9 + ratio / 10
        elif ratio >= 0.8:
            score = ratio
        else:
            continue
        scored.append((score, other))
    scored.sort(key=lambda s: (-s[0], s[1].casefold()))
    return [other for _, other in scored[:limit]]
