"""The ``<dimension>`` element of write-only sheets.

openpyxl's write-only mode writes a sheet's top (where ``<dimension ref="A1:K5001"/>``
belongs) before its first row, when the size is not known, so it leaves the element out.
A reader then has to scan every row to learn a sheet's size: openpyxl's read-only
``max_row`` (and the import's size limits, checked before reading) read the whole sheet,
4.5 s for a 5,000-person report's nine sheets. So each tracked sheet writes a placeholder
of the widest possible reference, counts its rows and columns as they are appended, and
:func:`patch` overwrites the placeholder in the sheet's finished part file with the real
reference, padded with spaces after the element (whitespace between elements is
insignificant in XML), before the part goes into the zip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

PLACEHOLDER = "A1:XFD1048576"  # the largest sheet Excel allows: every real ref fits
_ELEMENT = re.compile(rb'<dimension ref="A1:XFD1048576"\s*/>')
#: The placeholder sits in the sheet's first elements; never search further than this.
_HEAD_BYTES = 64 * 1024


def track(ws: Any) -> None:
    """Make write-only sheet ``ws`` count what is appended and write the placeholder.

    Call it before its first row.
    """
    size = [0, 0, 0]  # rows appended, the last with a cell, the widest (trailing Nones out)
    append = ws.append

    def counting(row: Iterable[Any]) -> None:
        cells = row if isinstance(row, list | tuple) else list(row)
        width = len(cells)
        while width and cells[width - 1] is None:
            width -= 1
        size[0] += 1
        if width:
            size[1] = size[0]
            if width > size[2]:
                size[2] = width
        append(cells)

    ws.append = counting
    ws.calculate_dimension = lambda: PLACEHOLDER  # read by openpyxl's write_top
    ws._sm_size = size


def track_workbook(wb: Any) -> None:
    """Track every sheet ``wb.create_sheet`` makes from now on."""
    create = wb.create_sheet

    def create_tracked(*args: Any, **kwargs: Any) -> Any:
        ws = create(*args, **kwargs)
        track(ws)
        return ws

    wb.create_sheet = create_tracked


def reference(rows: int, cols: int) -> str:
    """The dimension of ``rows`` x ``cols`` cells from A1 ("A1" when empty)."""
    from openpyxl.utils import get_column_letter

    if rows <= 0 or cols <= 0:
        return "A1"
    last = f"{get_column_letter(cols)}{rows}"
    return "A1" if last == "A1" else f"A1:{last}"


def patch(ws: Any) -> None:
    """Close tracked sheet ``ws`` and write its real dimension over the placeholder.

    The dimension goes into its part file; untracked sheets are left as they are.
    """
    size = getattr(ws, "_sm_size", None)
    if size is None:
        return
    _, rows, cols = size
    for merged in ws.merged_cells.ranges:  # a merged block counts to its far corner
        rows, cols = max(rows, merged.max_row), max(cols, merged.max_col)
    if not ws.closed:
        ws.close()
    path = ws._writer.out
    with open(path, "r+b") as fh:
        head = fh.read(_HEAD_BYTES)
        found = _ELEMENT.search(head)
        if found is None:
            return  # openpyxl wrote no placeholder: leave the sheet as it is
        element = f'<dimension ref="{reference(rows, cols)}"/>'.encode()
        width = found.end() - found.start()
        fh.seek(found.start())
        fh.write(element + b" " * (width - len(element)))
