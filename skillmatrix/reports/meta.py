"""The hidden metadata sheet that lets the importer recognise files this app wrote.

Both the report and the self-assessment forms carry a very small hidden sheet named
``SkillMatrix`` with ``key | value`` rows. The importer reads it first: a returned form is
parsed as one person's self-assessment, a report's Matrix sheet with its known layout.
"""

from __future__ import annotations

from typing import Any

from skillmatrix.reports.safe import set_text, text_cell

META_SHEET = "SkillMatrix"
KIND_REPORT = "SkillMatrix report"
KIND_FORM = "SkillMatrix self-assessment form"
REPORT_VERSION = 1
FORM_VERSION = 1

#: Matrix sheet layout (1-based): rows above the header, identity columns.
MATRIX_SHEET = "Matrix"
MATRIX_CATEGORY_ROW = 3
MATRIX_HEADER_ROW = 4
MATRIX_IDENTITY = ("Name", "Email", "Team", "Role", "Seniority")
TARGETS_SHEET = "Targets"

FORM_SHEET = "Self-assessment"
FORM_LISTS_SHEET = "Lists"


def write_meta_rows(ws: Any, values: dict[str, object]) -> None:
    """Append ``key | value`` rows to a write-only sheet (values as plain text)."""
    for key, value in values.items():
        ws.append([text_cell(ws, key), text_cell(ws, "" if value is None else value)])


def set_meta_rows(ws: Any, values: dict[str, object]) -> None:
    """Fill ``key | value`` rows of a normal-mode sheet (values as plain text)."""
    for row, (key, value) in enumerate(values.items(), start=1):
        set_text(ws.cell(row=row, column=1), key)
        set_text(ws.cell(row=row, column=2), "" if value is None else value)


def read_meta(rows: list[tuple[Any, ...]]) -> dict[str, str]:
    """``key -> value`` from the first two columns of the metadata sheet's rows."""
    out: dict[str, str] = {}
    for row in rows:
        if len(row) >= 2 and isinstance(row[0], str):
            out[row[0].strip().casefold()] = "" if row[1] is None else str(row[1]).strip()
    return out
