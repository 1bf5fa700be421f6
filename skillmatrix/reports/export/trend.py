"""The Trend sheet: per competency, this cycle against the compared cycle (and history)."""

from __future__ import annotations

import math
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.reports.export.context import ReportData, column_means
from skillmatrix.reports.export.sheet import TABLE_HEADER_ROW, signed, table_sheet
from skillmatrix.reports.styles import STATUS_WORDS

HEADER_ROW = TABLE_HEADER_ROW


def write_trend(ws: Any, data: ReportData) -> None:
    """Fill the (write-only) Trend sheet."""
    history = [s for s in data.history if s is not data.previous]
    history_names = [s.cycle.name if s.cycle else f"Earlier {k + 1}" for k, s in enumerate(history)]
    history_means = [column_means(s) for s in history]
    compared = data.changes is not None
    headers = ["Competency", "Category", *(f"Mean {n}" for n in history_names)]
    if compared:
        headers += [
            f"Mean {data.previous_name}",
            f"Mean {data.cycle_name}",
            "Change",
            f"Covered {data.previous_name}",
            f"Covered {data.cycle_name}",
            "Change",
            f"Status {data.previous_name}",
            f"Status {data.cycle_name}",
        ]
    else:
        headers += [
            f"Mean {data.cycle_name}",
            f"Covered {data.cycle_name}",
            f"Status {data.cycle_name}",
        ]
    note = (
        f"{data.cycle_name} compared with {data.previous_name}: mean level over rated "
        "people and number of people covering each competency."
        if compared
        else "No earlier cycle to compare with: this sheet shows the current cycle only."
    )
    w = table_sheet(
        ws,
        title=f"Trend · {data.scope}",
        subtitle=note,
        headers=headers,
        # <= 150 characters, as every table; a status word needs a little more room
        widths=[26, 16] + [11 if h.startswith("Status") else 9 for h in headers[2:]],
        footer=f"SkillMatrix · {data.scope}",
        paper=data.paper,
        freeze="C",
        header_height=42,
    )
    changes = {c.competency.id: c for c in data.changes or []}
    for row in data.coverage:
        c = row.competency
        cells = [w.text(c.name, "sm_text"), w.text(c.category, "sm_text")]
        cells += [w.number(m.get(c.id, math.nan), "sm_dec") for m in history_means]
        ch = changes.get(c.id)
        if ch is not None:
            cells += [
                w.number(ch.mean_before, "sm_dec"),
                w.number(ch.mean_after, "sm_dec"),
                w.number(ch.mean_delta, "sm_delta"),
                w.number(ch.covered_before, "sm_int"),
                w.number(ch.covered_after, "sm_int"),
                w.number(ch.covered_delta, "sm_delta_int"),
                w.text(STATUS_WORDS[ch.status_before], f"sm_status_{ch.status_before}"),
                w.text(STATUS_WORDS[ch.status_after], f"sm_status_{ch.status_after}"),
            ]
        else:
            cells += [
                w.number(row.mean_level, "sm_dec"),
                w.number(row.covered, "sm_int"),
                w.text(STATUS_WORDS[row.status], f"sm_status_{row.status}"),
            ]
        w.append(cells)
    last_col = len(headers)
    if compared and data.coverage:
        first = len(history_means) + 5  # the mean "Change" column
        for col in (first, first + 3):
            letter = get_column_letter(col)
            signed(ws, f"{letter}{HEADER_ROW + 1}:{letter}{w.row}")
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(last_col)}{max(w.row, HEADER_ROW)}"
