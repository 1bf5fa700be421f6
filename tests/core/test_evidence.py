"""Evidence links and texts: what is accepted, and the one-line refusals."""

from __future__ import annotations

import pytest

from skillmatrix.core.evidence import TEXT_MAX, URL_MAX, EvidenceError, checked


@pytest.mark.parametrize(
    "url",
    [
        "https://wiki.example.com/design/42",
        "http://example.com/incident?id=7#timeline",
        "docs/design-42.md",
        "INC-1234",
    ],
)
def test_accepted_links(url: str) -> None:
    assert checked(f"  {url} ", "").url == url


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("javascript:alert(1)", "only http"),
        ("file:///etc/passwd", "only http"),
        ("ftp://example.com/x", "only http"),
        ("https://", "only http"),
        ("/etc/passwd", "relative doc id"),
        ("../secret", "relative doc id"),
        ("docs/../../x", "relative doc id"),
        ('=HYPERLINK("x")', "relative doc id"),
        ("https://a b.com", "spaces"),
        ("https://x.com/" + "a" * URL_MAX, "longer than"),
    ],
)
def test_refused_links_name_the_problem(url: str, why: str) -> None:
    with pytest.raises(EvidenceError, match=why) as info:
        checked(url, "")
    assert "\n" not in str(info.value)


def test_text_is_bounded_and_something_is_required() -> None:
    assert checked("", " Led the Q3 outage review ").text == "Led the Q3 outage review"
    assert checked("", "x" * TEXT_MAX).text == "x" * TEXT_MAX
    with pytest.raises(EvidenceError, match="at most 500"):
        checked("", "x" * (TEXT_MAX + 1))
    with pytest.raises(EvidenceError, match="give a link or a text"):
        checked("  ", "  ")
