"""Finding the table and its orientation: the header row and what kind of sheet it is.

The header need not be row 1 nor start in column A: the first :data:`SCAN_ROWS` rows are
scanned top-down (a title block, legend or notes above are passed over) and the first row
that names the columns of a layout wins:

* long: a person (name, email or id) column, a competency column and a level (or interest)
  column;
* framework: a competency column and target columns per seniority (or one "Target"),
  and no person column;
* transposed: competencies in rows, people in columns: a competency or category heading
  over the first column and no person heading, or column headings that are known people;
* wide: a person (or id) column and at least one other header (the competencies).

A row with no recognisable heading at all (an empty corner over names and skills) is
read by its shape: which axis looks like people's names (see :mod:`.names`) and whether
the first column holds group rows decides the orientation. :attr:`Header.why` says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from skillmatrix.core.model import Seniority
from skillmatrix.reports.importing.headers import field_of, is_extra, norm, seniority_of
from skillmatrix.reports.importing.names import mean_person_like
from skillmatrix.reports.importing.records import Layout

SCAN_ROWS = 40
PEOPLE_FIELDS = ("name", "email", "team", "role", "seniority")


@dataclass
class Header:
    """Where a layout's header row is and what its columns mean (0-based columns)."""

    layout: Layout
    row: int  # 1-based
    cells: tuple[Any, ...]
    fields: dict[str, int] = field(default_factory=dict)
    seniority_cols: dict[Seniority, int] = field(default_factory=dict)
    why: str = ""


def _texts(row: tuple[Any, ...]) -> list[tuple[int, str]]:
    return [(c, v.strip()) for c, v in enumerate(row) if isinstance(v, str) and v.strip()]


def classify(
    row: tuple[Any, ...],
    row_number: int,
    known_competencies: set[str],
    known_people: set[str] | None = None,
) -> Header | None:
    """The layout whose header ``row`` is, or None."""
    people = known_people or set()
    fields: dict[str, int] = {}
    seniorities: dict[Seniority, int] = {}
    texts = _texts(row)
    others: list[str] = []
    known_heads = people_heads = 0
    for col, value in texts:
        if norm(value) in known_competencies:
            others.append(value)
            known_heads += 1
            continue
        if norm(value) in people:
            others.append(value)
            people_heads += 1
            continue
        name = field_of(value)
        if name is not None:
            fields.setdefault(name, col)
            continue
        sen = seniority_of(value)
        if sen is not None:
            seniorities.setdefault(sen, col)
            continue
        others.append(value)
    _staff_as_people(texts, fields, seniorities)
    person = "name" in fields or "email" in fields
    who = person or "id" in fields
    comp = "competency" in fields or "competency_id" in fields
    if who and comp and ("level" in fields or "interest" in fields):
        return Header("long", row_number, row, fields, why="one row per rating")
    if not person and "competency" in fields and (seniorities or "target" in fields):
        return Header(
            "framework", row_number, row, fields, seniorities, why="targets per seniority"
        )
    first = texts[0][0] if texts else -1
    label_first = fields.get("competency") == first or fields.get("category") == first
    if not person and len(texts) >= 2 and others:
        if people_heads >= max(1, len(others) // 2):
            why = "the column headings are people you have"
            return Header("transposed", row_number, row, fields, why=why)
        people_like = mean_person_like(others) >= 0.5 and not _level_headings(others)
        if label_first and known_heads <= len(others) // 2 and people_like:
            why = f"{texts[0][1]!r} heads the first column and the other headings are names"
            return Header("transposed", row_number, row, fields, why=why)
    if who and len(texts) >= 2 and len(others) + len(seniorities) >= 1:
        who_col = fields.get("name", fields.get("email", fields.get("id")))
        why = f"{_at(row, who_col)!r} heads the people column"
        return Header("wide", row_number, row, fields, why=why)
    return None


def _staff_as_people(
    texts: list[tuple[int, str]], fields: dict[str, int], seniorities: dict[Seniority, int]
) -> None:
    """A "Staff" heading on the first column, no other seniority beside it, names the people.

    Among Junior .. Principal it is a seniority's targets.
    """
    if fields.keys() & {"name", "email", "competency"} or list(seniorities) != [Seniority.STAFF]:
        return
    if texts and seniorities[Seniority.STAFF] == texts[0][0]:
        fields["name"] = seniorities.pop(Seniority.STAFF)


def _level_headings(texts: list[str]) -> bool:
    """Headings that name levels ("Beginner" .. "Expert", "Level 1"): a framework's."""
    import re

    from skillmatrix.reports.importing.vocabulary import word_rank

    hits = sum(1 for t in texts if word_rank(norm(t)) is not None or re.match(r"(?i)level\s*\d", t))
    return hits * 2 > len(texts)


def _at(row: tuple[Any, ...], col: int | None) -> str:
    return str(row[col]).strip() if col is not None and col < len(row) else ""


def find_header(
    rows: list[tuple[Any, ...]],
    known_competencies: set[str],
    known_people: set[str] | None = None,
) -> Header | None:
    """The first header row among ``rows`` (the top of a sheet), or None."""
    for number, row in enumerate(rows[:SCAN_ROWS], start=1):
        header = classify(row, number, known_competencies, known_people)
        if header is not None:
            return header
    for number, row in enumerate(rows[:SCAN_ROWS], start=1):
        header = by_shape(row, number, rows[number : number + SCAN_ROWS], known_competencies)
        if header is not None:
            return header
    return None


def by_shape(
    row: tuple[Any, ...], number: int, below: list[tuple[Any, ...]], known_competencies: set[str]
) -> Header | None:
    """A header with an empty corner: labels across, labels down, values in between."""
    texts = _texts(row)
    if len(texts) < 2 or any(field_of(t) or is_extra(t) for _, t in texts[:1]):
        return None
    start = texts[0][0]
    label_col = start - 1
    if label_col < 0 or any(row[c] not in (None, "") for c in range(0, start)):
        return None
    down = [
        str(r[label_col]).strip()
        for r in below
        if label_col < len(r) and isinstance(r[label_col], str) and r[label_col].strip()
    ]
    valued = [
        r for r in below if label_col < len(r) and any(x is not None for x in r[label_col + 1 :])
    ]
    if len(down) < 1 or not valued:
        return None
    across = [t for _, t in texts]
    groups = sum(
        1
        for r in below
        if label_col < len(r)
        and isinstance(r[label_col], str)
        and r[label_col].strip()
        and all(x is None for x in r[label_col + 1 :])
    )
    known_across = sum(norm(t) in known_competencies for t in across)
    known_down = sum(norm(t) in known_competencies for t in down)
    p_across, p_down = mean_person_like(across), mean_person_like(down)
    if known_down > known_across or p_across > p_down + 0.2 or (groups and p_down <= p_across):
        why = (
            "the row labels are competencies you have"
            if known_down > known_across
            else "the column headings look like people's names"
            if p_across > p_down + 0.2
            else "the first column has group rows"
        )
        return Header("transposed", number, row, {}, why=f"{why} (empty corner cell)")
    why = (
        "the column headings are competencies you have"
        if known_across > known_down
        else "the row labels look like people's names"
    )
    return Header("wide", number, row, {"name": label_col}, why=f"{why} (empty corner cell)")
