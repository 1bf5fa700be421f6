"""Recognising column headers: people columns, rating columns and columns to skip.

Headers are compared after :func:`norm` (case-folded, surrounding whitespace including tabs
and non-breaking spaces removed, inner runs of whitespace collapsed). Synonyms also ignore a
trailing colon or asterisk and a parenthesised hint, so "Interest (0-3)" is "interest".
"""

from __future__ import annotations

import re

from skillmatrix.core.model import Seniority

_SPACE = re.compile(r"\s+")
_HINT = re.compile(r"\s*\([^)]*\)\s*$")

# field -> the headers that name it
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "person", "full name", "employee", "employee name", "person name",
             "team member", "member", "engineer", "who", "staff member", "people", "player",
             "login", "user", "user name", "username", "operator", "operator name",
             "staff name", "member name", "engineer name", "worker", "colleague", "associate",
             "technician", "resource", "resource name", "names", "employees", "team members",
             "first and last name", "display name", "assessee", "candidate", "individual"),
    "id": ("id", "#", "no.", "nr.", "number", "employee id", "emp id", "staff id",
           "person id", "user id", "member id", "employee number", "staff number", "badge",
           "personnel number", "id-id", "s/n", "sn", "row", "ref", "index", "idx",
           "employee no", "emp no", "payroll number", "people id"),
    "email": ("email", "e-mail", "mail", "email address", "e-mail address", "work email"),
    "team": ("team", "squad", "department", "dept", "group", "team name", "tribe"),
    "role": ("role", "job title", "title", "position", "job", "job role", "role name"),
    "seniority": ("seniority", "grade", "career level", "band", "seniority level", "job level",
                  "job grade", "career stage"),
    "competency": ("competency", "skill", "competence", "skill name", "competency name",
                   "capability", "skills", "competencies", "skill area name", "technology",
                   "topic", "task", "tasks", "activity", "knowledge area", "skill set",
                   "skillset", "capabilities", "expertise", "tool", "competence name"),
    "competency_id": ("skill id", "competency id", "competence id", "capability id"),
    "category": ("category", "skill area", "area", "domain", "skill group", "pillar",
                 "competency area", "skill category", "group name"),
    "level": ("level", "rating", "proficiency", "current level", "skill level",
              "proficiency level", "manager rating", "self rating", "self-rating", "score",
              "assessment", "value", "grade level", "competency level", "mark", "result",
              "assessed level", "current proficiency", "level achieved"),
    "source": ("assessment type", "type", "source", "rater", "rated by", "assessor type",
               "rating type", "assessed by"),
    "interest": ("interest", "wants to grow", "motivation", "interest level", "want to learn"),
    "note": ("note", "notes", "comment", "comments", "remark", "remarks", "evidence"),
    "date": ("date", "rated on", "assessed on", "as of", "assessment date", "updated",
             "last updated", "rating date"),
    "description": ("description", "what it means", "details"),
    "critical": ("critical", "is critical", "critical?"),
    "min_people": ("min people", "minimum people", "people needed", "required people"),
    "min_level": ("min level", "minimum level", "coverage level"),
    "target": ("target", "target level", "expected level", "required level", "expected score",
               "expected", "target score", "required score", "expectation"),
}  # fmt: skip

#: Headers of columns that are neither people data nor competencies (skipped in wide sheets).
EXTRA: frozenset[str] = frozenset(
    (
        "availability", "location", "manager", "line manager", "manager name", "start date",
        "hire date", "end date", "score", "total", "total score", "sum", "average",
        "average score", "overall", "overall score", "avg", "mean", "count", "id",
        "employee id", "staff id", "phone", "fte", "office", "country", "city", "status",
        "rank", "contract", "hours", "timezone", "time zone", "%", "% complete", "completion",
        "last updated", "updated", "date", "comment", "comments", "note", "notes", "remarks",
        "description", "link", "links", "url", "reference", "risk",
        "risk level", "shift", "shifts", "email", "e-mail", "phone number", "mobile",
        "department", "cost centre", "cost center", "site", "building", "comment(s)",
        "priority", "importance", "weight", "owner", "review date", "next review",
        "due date", "expiry", "expiry date", "valid until", "certificate", "training date",
        "last assessed", "assessed on", "gap", "target", "required", "required level",
        "target level", "expected level", "min", "max", "median", "details", "what it means",
        "evidence", "mentor", "backup", "deputy", "cover", "notes/comments", "action",
        "actions", "plan", "training plan", "course", "status date", "join date",
    )
)  # fmt: skip

_LOOKUP: dict[str, str] = {s: field for field, names in SYNONYMS.items() for s in names}


def norm(value: object) -> str:
    """Case-folded text with surrounding and repeated whitespace (tabs too) removed."""
    if value is None:
        return ""
    return _SPACE.sub(" ", str(value).replace("\u00a0", " ")).strip().casefold()


def _loose(text: str) -> str:
    text = _HINT.sub("", text.rstrip(":*").strip()).rstrip(":*").strip()
    return " ".join(text.replace("_", " ").split())


def field_of(value: object) -> str | None:
    """The field a header names ("name", "level", ...), or None."""
    text = norm(value)
    if not text:
        return None
    return _LOOKUP.get(text) or _LOOKUP.get(_loose(text))


def seniority_of(value: object) -> Seniority | None:
    """The seniority a header names ("Senior", "Target: Senior", "senior target"), or None."""
    text = _loose(norm(value))
    for prefix in ("target ", "target: ", "target - "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    text = text.removesuffix(" target").strip()
    try:
        return Seniority.parse(text)
    except ValueError:
        return None


def is_extra(value: object) -> bool:
    """True for a known non-skill column (score, availability, manager, ...)."""
    text = norm(value)
    return text in EXTRA or _loose(text) in EXTRA
