"""What rating words, marks and codes mean, on a ladder from 0 (none) to 4 (expert).

The ladder follows the default scale (None, Awareness, Working, Proficient, Expert); a
mapping spreads it onto the database's scale. Words are compared case-folded.
"""

from __future__ import annotations

import re

#: word -> rank on 0..4.
WORDS: dict[str, float] = {}


def _add(rank: float, *words: str) -> None:
    for w in words:
        WORDS[w] = rank


_add(
    0,
    "none",
    "no",
    "nil",
    "no knowledge",
    "no experience",
    "not started",
    "unaware",
    "not trained",
    "untrained",
    "no skill",
    "not competent",
    "not yet",
    "unskilled",
    "zero",
)
_add(
    1,
    "novice",
    "beginner",
    "learning",
    "basic",
    "aware",
    "awareness",
    "limited",
    "elementary",
    "training required",
    "needs training",
    "requires training",
    "foundation",
    "fundamental",
    "fundamental awareness",
    "entry",
    "low",
    "starter",
    "apprentice",
    "introductory",
    "knowledge",
    "learner",
    "training needed",
    "to be trained",
    "in development",
)
_add(
    2,
    "intermediate",
    "familiar",
    "working",
    "developing",
    "in training",
    "practitioner",
    "advanced beginner",
    "trained awaiting sign off",
    "trained - awaiting sign off",
    "trained, awaiting sign off",
    "awaiting sign off",
    "awaiting sign-off",
    "trained awaiting sign-off",
    "medium",
    "moderate",
    "some experience",
    "capable",
    "working knowledge",
    "journeyman",
    "under supervision",
    "with supervision",
    "partial",
    "fair",
    "good",
    "average",
)
_add(
    3,
    "advanced",
    "proficient",
    "competent",
    "skilled",
    "experienced",
    "strong",
    "high",
    "independent",
    "trained",
    "signed off",
    "qualified",
    "certified",
    "very good",
    "senior",
    "practised",
    "practiced",
    "accomplished",
    "full",
    "fully competent",
)
_add(
    4,
    "expert",
    "master",
    "mastery",
    "authority",
    "specialist",
    "excellent",
    "trainer",
    "can teach",
    "can train others",
    "teaches others",
    "leader",
    "lead",
    "thought leader",
    "guru level",
    "very high",
    "outstanding",
    "world class",
    "exceptional",
)

#: Marks that say "has it" / "does not have it".
MARK_YES = frozenset({"x", "✓", "✔", "✔️", "☑", "y", "yes", "true", "•", "●", "■", "+"})
MARK_NO = frozenset({"o", "✗", "✘", "×", "n", "false", "○", "□", "☐"})
STARS = frozenset("★☆*⭐")

_CODE = re.compile(r"^([a-z]{1,3})\s*-?\s*(\d{1,2})$")


def word_rank(text: str) -> float | None:
    """The rank of a rating word (folded text), or None when it is not one."""
    rank = WORDS.get(text)
    if rank is not None:
        return rank
    cleaned = re.sub(r"[\s_]+", " ", text.replace("-", " ")).strip(" .!")
    return WORDS.get(cleaned)


def code_of(text: str) -> tuple[str, int] | None:
    """("d", 3) for "D3", "L-2", "lvl 4"; None for other text."""
    match = _CODE.match(text.replace(" ", ""))
    if match is None:
        return None
    return match.group(1), int(match.group(2))
