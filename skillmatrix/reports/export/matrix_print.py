"""How the Matrix sheet prints: its own scale and page breaks instead of "fit to width".

Fitting 45 competencies plus five identity columns on one page wide prints the levels at
about 4 pt. Instead the printout shows the name column (repeated on every page) and the
level columns only (e-mail, team, role and seniority stay on screen), cut into pages at
category boundaries, at the largest scale that keeps the page count lowest, never so
small that the smallest text on the sheet prints under
:data:`~skillmatrix.reports.export.paper.MIN_PRINTED_PT`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from skillmatrix.reports.export.paper import MIN_PRINTED_PT, SLACK, Paper, column_pt

#: Heights (points) of the rows above the people: title, legend, categories (header apart).
TITLE_ROWS_PT = (26.0, 18.0, 26.0)
#: Height of a person's row (set on the sheet, so every program prints it the same).
PERSON_ROW_PT = 12.0
#: Rotated competency names: points per character at 9 pt bold.
ROT_CHAR_PT = 4.7


@dataclass(frozen=True, slots=True)
class MatrixPrint:
    """The Matrix's page setup: orientation, scale and where the column pages break.

    Attributes:
        breaks: 0-based positions in the level columns after which a new page starts.
        pages: printed pages (column pages x row pages).
    """

    landscape: bool
    scale: float
    breaks: tuple[int, ...]
    pages: int


def header_height(names: list[str]) -> float:
    """Row height (points) that shows each rotated competency name on at most two lines."""
    longest = 8
    for name in names:
        words = name.split()
        best = len(name)
        for k in range(1, len(words)):
            best = min(best, max(len(" ".join(words[:k])), len(" ".join(words[k:]))))
        longest = max(longest, best)
    return min(190.0, max(56.0, longest * ROT_CHAR_PT + 10))


def _blocks(groups: list[int], per_page: int) -> list[int]:
    """Column-page sizes: whole categories while they fit, a too-wide one split."""
    pages: list[int] = []
    current = 0
    for size in groups:
        if current and current + size > per_page:
            pages.append(current)
            current = 0
        while size > per_page:
            pages.append(per_page)
            size -= per_page
        current += size
    if current or not pages:
        pages.append(current)
    return pages


def plan_matrix_print(
    *,
    paper: Paper,
    name_width: float,
    level_width: float,
    groups: list[int],
    people: int,
    header_pt: float,
    smallest_font_pt: float,
) -> MatrixPrint:
    """The orientation and scale with the fewest pages (then the largest scale).

    Args:
        paper: the paper printed on.
        name_width: the name column's width in characters.
        level_width: each level column's width in characters.
        groups: the number of level columns of each category, in sheet order.
        people: rows below the header.
        header_pt: height of the rotated header row.
        smallest_font_pt: the smallest font on the sheet (bounds the scale from below).
    """
    lowest = min(1.0, MIN_PRINTED_PT / smallest_font_pt)
    name_pt, level_pt = column_pt(name_width), column_pt(level_width)
    best: tuple[tuple[int, float, int], MatrixPrint] | None = None
    for landscape in (True, False):
        width, height = paper.printable(landscape)
        for step in range(100, math.floor(lowest * 100) - 1, -1):
            scale = step / 100
            room_w = width * SLACK / scale - name_pt
            room_h = height * SLACK / scale
            per_page = max(1, math.floor(room_w / level_pt))
            blocks = _blocks(groups, per_page)
            first = max(1, math.floor((room_h - sum(TITLE_ROWS_PT) - header_pt) / PERSON_ROW_PT))
            later = max(1, math.floor((room_h - TITLE_ROWS_PT[2] - header_pt) / PERSON_ROW_PT))
            down = 1 if people <= first else 1 + math.ceil((people - first) / later)
            pages = len(blocks) * down
            ends = [sum(blocks[: k + 1]) - 1 for k in range(len(blocks) - 1)]
            plan = MatrixPrint(landscape, scale, tuple(ends), pages)
            key = (pages, -scale, 0 if landscape else 1)
            if best is None or key < best[0]:
                best = (key, plan)
    assert best is not None
    return best[1]
