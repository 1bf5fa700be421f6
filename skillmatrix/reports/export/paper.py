"""Paper size and the printed geometry of a sheet.

The report is printed (or turned into a PDF) by people who never open Page Setup, so the
workbook carries the paper of the place it is made in (A4, or US Letter where that is the
norm) and the sheets that need it compute their own scale and page breaks from column
widths: a spreadsheet program's "fit to one page wide" shrinks a wide Matrix to 4 pt text.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass

#: Territories whose default paper is US Letter (CLDR's paper-size data); A4 elsewhere.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "BZ", "CL", "CO", "CR", "GT", "NI", "PA", "PH", "PR", "SV", "VE"}
)
#: Smallest text allowed on paper (points), after the sheet's print scale.
MIN_PRINTED_PT = 7.0
#: Page margins used by every sheet (inches): left/right, top/bottom.
SIDE_MARGIN_IN = 0.4
TOP_MARGIN_IN = 0.5
#: Headroom for rounding in spreadsheet programs' page arithmetic.
SLACK = 0.98
#: Printed points per character of column width (LibreOffice, measured).
PT_PER_CHAR = 7.0


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper size with its OOXML code, in points (portrait)."""

    name: str
    code: int  # the OOXML paperSize
    width_pt: float  # portrait
    height_pt: float

    def printable(self, landscape: bool) -> tuple[float, float]:
        """(width, height) in points inside the margins (header/footer sit in the margin)."""
        w, h = (self.height_pt, self.width_pt) if landscape else (self.width_pt, self.height_pt)
        return w - 2 * 72 * SIDE_MARGIN_IN, h - 2 * 72 * TOP_MARGIN_IN


A4 = Paper("A4", 9, 595.3, 841.9)
LETTER = Paper("Letter", 1, 612.0, 792.0)
PAPERS = {"a4": A4, "letter": LETTER}


def _territory(tag: str) -> str:
    """The territory of a locale tag ("en_US.UTF-8" -> "US"); "" when it names none (C, POSIX)."""
    base = tag.split(".")[0].split("@")[0]
    parts = base.replace("-", "_").split("_")
    return parts[1].upper() if len(parts) > 1 else ""


def locale_paper() -> Paper:
    """The paper of the user's locale.

    From LC_ALL, LC_PAPER or LANG (the first set), else the system locale; a locale without
    a territory (C, POSIX) gets A4.
    """
    for var in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return LETTER if _territory(value) in LETTER_TERRITORIES else A4
    try:
        tag = locale.getlocale()[0] or ""
    except ValueError:
        tag = ""
    if "United States" in tag or "Canada" in tag:  # Windows names, e.g. English_United States
        return LETTER
    return LETTER if _territory(tag) in LETTER_TERRITORIES else A4


def paper_named(name: str | None) -> Paper:
    """The paper ``name`` gives: "a4" / "letter" (any case); None or "auto" for the locale's."""
    if name is None or name.lower() == "auto":
        return locale_paper()
    try:
        return PAPERS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown paper size {name!r}: use A4 or Letter") from None


def column_pt(width_chars: float) -> float:
    """Printed width (points, at 100 %) of a column ``width_chars`` characters wide.

    LibreOffice prints 7 pt per character of the default font (measured); Excel prints
    7 px + 5 px of padding at 96 px per inch, which is narrower: the larger one is used.
    """
    return max(PT_PER_CHAR * width_chars, (width_chars * 7 + 5) * 0.75)


def fit_width_scale(widths_chars: list[float], paper: Paper, landscape: bool) -> float:
    """The scale a "fit to one page wide" print of these columns ends up at (<= 1)."""
    total = sum(column_pt(w) for w in widths_chars)
    if total <= 0:
        return 1.0
    return min(1.0, paper.printable(landscape)[0] / total)
