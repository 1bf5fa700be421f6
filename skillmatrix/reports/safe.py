"""The formula guard: text people typed never becomes an Excel formula.

openpyxl turns any string starting with ``=`` into a formula, and spreadsheet programs treat
``+``, ``-``, ``@``, tab and CR as formula starts when such text is pasted or re-typed.
Every user string goes through :func:`clean_text` and is written as an explicit string cell
(``data_type = "s"``, stored as an inline string), so it is shown exactly as typed and never
evaluated. Characters XML cannot hold are dropped and the text is cut to Excel's cell limit.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell

#: Characters that make a spreadsheet program read text as a formula (CR is stored as LF).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit on the characters of one cell.
MAX_CELL_CHARS = 32_767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: object) -> str:
    r"""``value`` as text XML and Excel accept.

    Illegal control characters dropped, line ends made ``\n`` (XML readers turn a stored CR
    into LF anyway), capped at Excel's limit.
    """
    text = _ILLEGAL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula if it were typed in."""
    return text.startswith(FORMULA_STARTS)


def safe_value(ws: Any, value: object) -> str | WriteOnlyCell:
    """``value`` ready for ``ws.append``.

    A plain string when openpyxl will store it as text anyway (the fast path), else an
    explicit text cell.

    openpyxl stores a string as text unless it starts with ``=`` (formula) or equals an
    error code such as ``#N/A``; only those need the explicit cell. Use the result in one
    row only: openpyxl recycles an unstyled cell object it is given for the next value.
    """
    text = clean_text(value)
    if text.startswith("=") or text in ERROR_CODES:
        return text_cell(ws, text)
    return text


def text_cell(ws: Any, value: object, style: str | None = None) -> WriteOnlyCell:
    """A write-only cell holding ``value`` as plain text, never a formula.

    Args:
        ws: the write-only worksheet the cell will be appended to.
        value: the user's text (anything; it is converted with ``str``).
        style: name of a registered named style, if any.
    """
    cell = WriteOnlyCell(ws, value=None)
    cell._value = clean_text(value)
    cell.data_type = "s"
    if style:
        cell.style = style
    return cell


def set_text(cell: Cell, value: object) -> Cell:
    """Put ``value`` into a normal-mode cell as plain text, never a formula."""
    cell.value = None
    cell._value = clean_text(value)
    cell.data_type = "s"
    return cell
