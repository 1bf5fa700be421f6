"""How figures are rounded for people to read.

One rule for the command line, the JSON summary and the Excel report, so the same mean gap
never reads 0.62 in one and 0.63 in the other.

Python's ``round`` rounds halves to even (0.625 -> 0.62) while a spreadsheet's number
format rounds them away from zero (0.63). :func:`rounded` rounds halves up, on the
shortest decimal form of the float (what ``repr`` shows), as spreadsheets do; the report
writes the rounded value, so its cell shows exactly what the command line prints.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

#: Decimal places of a competency's mean gap to target (levels).
MEAN_GAP_PLACES = 2
#: Decimal places of the average gap to target per person (levels, summed over a role).
AVERAGE_GAP_PLACES = 1


def rounded(value: float, places: int) -> float:
    """``value`` rounded to ``places`` decimals, halves away from zero; NaN stays NaN."""
    if value is None or math.isnan(value) or math.isinf(value):
        return value
    if value == int(value):  # whole numbers (most levels and gaps) need no Decimal work
        return float(value)
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def decimal_text(value: float | None, places: int) -> str:
    """``value`` as text with exactly ``places`` decimals ("n/a" when unknown)."""
    if value is None or math.isnan(value):
        return "n/a"
    return f"{rounded(value, places):.{places}f}"
