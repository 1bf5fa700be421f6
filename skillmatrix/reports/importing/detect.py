"""Finding the header row and telling the layouts apart.

The header need not be row 1: the first :data:`SCAN_ROWS` rows are scanned top-down and
the first row that names the columns of a layout wins:

* long: a person column, a competency column and a level (or interest) column;
* framework: a competency column and target columns per seniority (or one "Target"),
  and no person column;
* wide: a person column and at least one other header (the competencies).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from skillmatrix.core.model import Seniority
from skillmatrix.reports.importing.headers import field_of, norm, seniority_of
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


def classify(row: tuple[Any, ...], row_number: int, known_competencies: set[str]) -> Header | None:
    """The layout whose header ``row`` is, or None."""
    fields: dict[str, int] = {}
    seniorities: dict[Seniority, int] = {}
    texts = 0
    others = 0
    for col, value in enumerate(row):
        if not isinstance(value, str) or not value.strip():
            continue
        texts += 1
        if norm(value) in known_competencies:
            others += 1
            continue
        name = field_of(value)
        if name is not None:
            fields.setdefault(name, col)
            continue
        sen = seniority_of(value)
        if sen is not None:
            seniorities.setdefault(sen, col)
            continue
        others += 1
    person = "name" in fields or "email" in fields
    if person and "competency" in fields and ("level" in fields or "interest" in fields):
        return Header("long", row_number, row, fields)
    if not person and "competency" in fields and (seniorities or "target" in fields):
        return Header("framework", row_number, row, fields, seniorities)
    if "name" in fields and texts >= 2 and others + len(seniorities) >= 1:
        return Header("wide", row_number, row, fields)
    return None


def find_header(rows: list[tuple[Any, ...]], known_competencies: set[str]) -> Header | None:
    """The first header row among ``rows`` (the top of a sheet), or None."""
    for number, row in enumerate(rows[:SCAN_ROWS], start=1):
        header = classify(row, number, known_competencies)
        if header is not None:
            return header
    return None
