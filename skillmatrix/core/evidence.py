"""Evidence behind a rating: a link (http/https or a relative doc id) and/or short text.

Checked here, before anything is stored, so a bad link or an over-long text gets one
clear line naming the field; the database CHECKs repeat the same bounds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from skillmatrix.core.errors import SkillMatrixError

URL_MAX = 2000
TEXT_MAX = 500
#: A relative document id: "docs/design-42", "INC-1234", "wiki/Runbooks/db.md".
_DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-/#]*")


class EvidenceError(SkillMatrixError):
    """Evidence that cannot be stored as given."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A rating's evidence: a link and/or a short text."""

    url: str = ""
    text: str = ""


def check_url(url: str) -> str:
    """The link stripped, or :class:`EvidenceError` naming what is wrong with it."""
    url = url.strip()
    if not url:
        return ""
    if len(url) > URL_MAX:
        raise EvidenceError(f"evidence link: longer than {URL_MAX} characters")
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise EvidenceError(f"evidence link {url[:60]!r}: contains spaces or control characters")
    if "://" in url or ":" in url.split("/", 1)[0]:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise EvidenceError(
                f"evidence link {url[:60]!r}: only http://, https:// or a relative doc id"
            )
        return url
    if url.startswith(("/", ".")) or ".." in url.split("/") or not _DOC_ID.fullmatch(url):
        raise EvidenceError(
            f"evidence link {url[:60]!r}: only http://, https:// or a relative doc id"
        )
    return url


def check_text(text: str) -> str:
    """The text stripped, or :class:`EvidenceError` if it is too long."""
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise EvidenceError(f"evidence text: {len(text)} characters, at most {TEXT_MAX}")
    return text


def checked(url: str, text: str) -> Evidence:
    """Both fields checked; refuses evidence with neither a link nor a text."""
    evidence = Evidence(check_url(url), check_text(text))
    if not evidence.url and not evidence.text:
        raise EvidenceError("evidence: give a link or a text")
    return evidence
