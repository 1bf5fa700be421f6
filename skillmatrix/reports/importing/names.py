"""Orientation evidence: does a label look like a person's name or like a competency?"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’.-]*$")
_PARTICLES = frozenset(
    {"van", "de", "der", "von", "da", "del", "le", "la", "bin", "al", "di", "du"}
)
_SKILL_WORDS = frozenset(
    [
        "design",
        "management",
        "testing",
        "development",
        "engineering",
        "security",
        "safety",
        "analysis",
        "data",
        "systems",
        "system",
        "networking",
        "network",
        "cloud",
        "linux",
        "windows",
        "python",
        "java",
        "sql",
        "api",
        "apis",
        "devops",
        "operations",
        "support",
        "writing",
        "communication",
        "leadership",
        "planning",
        "architecture",
        "programming",
        "skills",
        "skill",
        "knowledge",
        "basics",
        "advanced",
        "tools",
        "tool",
        "maintenance",
        "installation",
        "repair",
        "process",
        "processes",
        "quality",
        "control",
        "review",
        "reviews",
        "documentation",
        "training",
        "coaching",
        "mentoring",
        "delivery",
        "product",
        "project",
        "projects",
        "service",
        "services",
        "database",
        "databases",
        "web",
        "mobile",
        "frontend",
        "backend",
        "infrastructure",
        "monitoring",
        "observability",
        "automation",
        "scripting",
        "welding",
        "forklift",
        "machining",
        "first",
        "aid",
        "finance",
        "sales",
        "marketing",
        "negotiation",
        "presentation",
        "research",
        "excel",
        "word",
        "office",
        "git",
        "docker",
        "kubernetes",
        "go",
        "rust",
        "react",
        "running",
        "setup",
        "troubleshooting",
        "configuration",
        "administration",
        "hygiene",
        "handling",
        "inspection",
        "assembly",
    ]
)


#: Words of table headings, not names ("Covered", "Status", "Mean 2024 Q2").
_HEADING_WORDS = frozenset(
    [
        "covered",
        "required",
        "status",
        "change",
        "mean",
        "average",
        "total",
        "count",
        "level",
        "levels",
        "score",
        "target",
        "targets",
        "gap",
        "gaps",
        "people",
        "who",
        "interest",
        "category",
        "categories",
        "description",
        "critical",
        "rule",
        "min",
        "max",
        "notes",
        "note",
        "name",
        "names",
        "rating",
        "ratings",
        "value",
        "values",
        "sum",
        "result",
        "results",
        "comment",
        "comments",
        "progress",
        "trend",
        "growth",
        "summary",
        "current",
        "previous",
        "next",
        "new",
        "old",
        "before",
        "after",
        "delta",
        "diff",
        "difference",
        "plan",
        "goal",
        "goals",
        "owner",
        "rank",
        "weight",
        "priority",
        "type",
        "kind",
        "group",
    ]
)


def heading_word(word: str) -> bool:
    """A word of a table heading ("Mean", "Covered", "Status"), not of a name or role."""
    return word.casefold() in _HEADING_WORDS


def person_like(text: str) -> float:
    """1.0 for "Ann Lee" or an e-mail, 0.5 for "Ann", 0.0 for "SQL", "API design", "Linux"."""
    text = " ".join(str(text).split())
    if not text:
        return 0.0
    if _EMAIL.match(text):
        return 1.0
    words = text.split(" ")
    if any(w.casefold() in _SKILL_WORDS or w.casefold() in _HEADING_WORDS for w in words):
        return 0.0
    if len(words) == 1:
        return 0.5 if _WORD.match(words[0]) and 2 <= len(words[0]) <= 14 else 0.0
    if len(words) > 4:
        return 0.0
    ok = all(
        _WORD.match(w) or w.casefold() in _PARTICLES or re.fullmatch(r"[A-Z]\.", w) for w in words
    )
    return 1.0 if ok else 0.0


def mean_person_like(texts: list[str]) -> float:
    """The mean of :func:`person_like` over ``texts`` (0 when empty)."""
    return sum(person_like(t) for t in texts) / len(texts) if texts else 0.0
