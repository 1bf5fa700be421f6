"""Reading one cell: levels, n/a, interest, seniority, dates and plain text."""

from __future__ import annotations

import datetime as dt
import re

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Seniority
from skillmatrix.core.scale import INTEREST_LABELS, INTEREST_MAX, Scale
from skillmatrix.reports.importing.headers import norm

NOT_APPLICABLE = frozenset({"n/a", "na", "n.a.", "n.a", "not applicable", "n / a"})
#: Cells that mean "not rated" although they are not empty.
NOT_RATED = frozenset({"-", "–", "—", "?", "not rated"})
_NUMBERED = re.compile(r"^(\d+)\s*(?:[-–:.)=]\s*|\s+)(.+)$")


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


def text(value: object) -> str:
    """A cell as trimmed text ("" for empty); numbers without a spurious ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_number(value: object) -> bool:
    """A number, or text that reads as one ("7", "2.5")."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        float(str(value).strip())
    except ValueError:
        return False
    return True


def shown(value: object) -> str:
    """A cell value as quoted in messages: text in quotes, numbers as they are."""
    return repr(value.strip()) if isinstance(value, str) else text(value)


def is_formula(value: object) -> bool:
    """True for text that Excel would run as a formula ("=" and something after it)."""
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def level(value: object, scale: Scale) -> tuple[int | None, bool]:
    """(level, not_applicable) from a cell: a number, a label, "3 - Proficient", "n/a".

    Raises:
        CellError: the value is not on the scale (the message says what would be).
    """
    if value is None:
        return None, False
    if is_formula(value):
        raise CellError(f"contains a formula ({str(value)[:40]}); type the level instead")
    if isinstance(value, dt.date | dt.datetime | dt.time):
        raise CellError(f"{value} is a date, not a level")
    if isinstance(value, str):
        folded = norm(value)
        if not folded or folded in NOT_RATED:
            return None, False
        if folded in NOT_APPLICABLE:
            return None, True
        match = _NUMBERED.match(folded)
        if match:
            number, label = int(match.group(1)), match.group(2).strip()
            if number in scale and scale.label(number).casefold() == label:
                return number, False
            raise CellError(f"{shown(value)} is not a level ({_expected(scale)})")
    try:
        return scale.parse(value), False
    except ValidationError:
        raise CellError(f"{shown(value)} is not a level ({_expected(scale)})") from None


def _expected(scale: Scale) -> str:
    labels = ", ".join(f"{lv.value} {lv.label}" for lv in scale.levels)
    return f"expected {labels}, n/a or blank"


def interest(value: object) -> int | None:
    """Interest 0..3 from a number, a label ("Keen to grow") or "2 - Interested"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if is_formula(value):
        raise CellError("contains a formula; type the interest (0-3) instead")
    folded = norm(value)
    match = _NUMBERED.match(folded)
    if match:
        folded = match.group(1)
    for number, label in INTEREST_LABELS.items():
        if folded == label.casefold():
            return number
    try:
        number_f = float(folded)
    except ValueError:
        number_f = -1.0
    if number_f.is_integer() and 0 <= number_f <= INTEREST_MAX:
        return int(number_f)
    labels = ", ".join(f"{k} {v}" for k, v in INTEREST_LABELS.items())
    raise CellError(f"{shown(value)} is not an interest (expected {labels} or blank)")


def seniority(value: object) -> Seniority | None:
    """The seniority a cell names, None for an empty cell; raises ValidationError otherwise."""
    if value is None or not text(value):
        return None
    try:
        return Seniority.parse(text(value))
    except ValueError as exc:
        raise CellError(str(exc)) from None


def date(value: object) -> dt.date | None:
    """A date from a date cell or ISO text (2024-09-30)."""
    if value is None or not text(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(text(value)[:10])
    except ValueError:
        raise CellError(f"{text(value)!r} is not a date (use a date cell or 2024-09-30)") from None


def flag(value: object) -> bool | None:
    """Yes/no cells: yes, y, true, x, 1 -> True; no, n, false, 0 -> False; blank -> None."""
    folded = norm(value)
    if not folded:
        return None
    if folded in ("yes", "y", "true", "x", "1", "✓", "critical"):
        return True
    if folded in ("no", "n", "false", "0"):
        return False
    raise CellError(f"{text(value)!r} is not yes or no")
