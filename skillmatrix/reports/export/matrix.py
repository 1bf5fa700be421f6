"""The Matrix sheet (and its hidden Targets companion).

One row per person, one column per competency, the level as a number.

Mode choice: the whole report is written with ``Workbook(write_only=True)``. Level colours
and the below-target mark are conditional formats, not per-cell fills, so 5,000 x 300 cells
stream out in constant memory. "Below target" compares each level with the same cell of the
hidden ``Targets`` sheet (sparse: only cells with a target are written), so the marks stay
right when someone edits a level in Excel. Rules are ordered so that the first matching rule
carries everything (LibreOffice applies only the first match): below-target-and-level-v
rules first, then plain level-v rules.

The sheet is also an import format: header row 4 holds Name, Email, Team, Role, Seniority
and the competency names; "n/a" means not applicable and a blank cell means not rated.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.reports import styles as st
from skillmatrix.reports.export.context import ReportData, Ticker
from skillmatrix.reports.export.matrix_print import (
    PERSON_ROW_PT,
    TITLE_ROWS_PT,
    header_height,
    plan_matrix_print,
)
from skillmatrix.reports.export.paper import column_pt
from skillmatrix.reports.export.sheet import SheetWriter, grid_borders, ref, setup_print
from skillmatrix.reports.meta import MATRIX_HEADER_ROW, MATRIX_IDENTITY, TARGETS_SHEET

IDENTITY_WIDTHS = (20, 26, 14, 20, 11)
LEVEL_WIDTH = 3.4
BELOW_MARK = "\u25be"  # small down-pointing triangle after a below-target level
_BELOW_SIDE = Side(style="thin", color=st.BELOW)
BELOW_BORDER = Border(left=_BELOW_SIDE, right=_BELOW_SIDE, top=_BELOW_SIDE, bottom=_BELOW_SIDE)
_WHITE = Side(style="thin", color="FFFFFF")
TILE = Border(left=_WHITE, right=_WHITE, top=_WHITE, bottom=_WHITE)
#: The smallest text on the sheet (legend, rotated names, n/a): bounds the print scale.
SMALLEST_FONT_PT = 9


def column_order(snap: Snapshot) -> list[int]:
    """Competency indices grouped by category (first-seen order), stable inside a group."""
    rank = {name: k for k, name in enumerate(snap.categories)}
    return sorted(
        range(len(snap.competencies)), key=lambda j: (rank[snap.competencies[j].category], j)
    )


def write_matrix(matrix_ws: Any, targets_ws: Any, data: ReportData, tick: Ticker) -> None:
    """Fill the Matrix sheet and the hidden Targets sheet (both write-only)."""
    snap = data.current
    order = column_order(snap)
    w = SheetWriter(matrix_ws)
    tw = SheetWriter(targets_ws)
    n_id = len(MATRIX_IDENTITY)
    first = n_id + 1
    last_col = n_id + len(order)
    w.widths(IDENTITY_WIDTHS)
    w.widths([LEVEL_WIDTH] * len(order), start=first)
    names = [snap.competencies[j].name for j in order]
    header_pt = header_height(names)
    groups = [size for _, size in _groups(snap, order)]
    plan = plan_matrix_print(
        paper=data.paper,
        name_width=IDENTITY_WIDTHS[0],
        level_width=LEVEL_WIDTH,
        groups=groups or [0],
        people=len(snap.people),
        header_pt=header_pt,
        smallest_font_pt=SMALLEST_FONT_PT,
    )
    setup_print(
        matrix_ws,
        landscape=plan.landscape,
        title_rows=f"{MATRIX_HEADER_ROW - 1}:{MATRIX_HEADER_ROW}",
        title_cols="A:A",
        footer=f"SkillMatrix · {data.scope} · {data.cycle_name} · {data.generated_on:%d %b %Y}",
        paper=data.paper,
        scale=plan.scale,
    )
    for end in plan.breaks:  # a new printed page after each of these level columns
        matrix_ws.col_breaks.append(Break(id=first + end))
    matrix_ws.sheet_view.zoomScale = 90
    matrix_ws.sheet_format.defaultRowHeight = PERSON_ROW_PT
    matrix_ws.sheet_format.customHeight = True
    matrix_ws.sheet_view.showGridLines = False
    matrix_ws.freeze_panes = ref(first, MATRIX_HEADER_ROW + 1)
    targets_ws.sheet_state = "hidden"

    # The title and legend sit above the levels, not in the name column: a print shows the
    # name column (20 characters) and the levels only, and would clip them there.
    subtitle = f"{data.cycle_name} · {len(snap.people)} people"
    w.append(
        [None] * n_id + [w.text(f"Skills matrix · {data.scope}", "sm_title")],
        height=TITLE_ROWS_PT[0],
    )
    w.append(_legend_row(w, snap, subtitle), height=TITLE_ROWS_PT[1])
    _category_row(w, snap, order)
    w.append(
        [w.text(h, "sm_header_bottom") for h in MATRIX_IDENTITY]
        + [w.text(name, "sm_header_rot") for name in names],
        height=header_pt,
    )
    tw.append([tw.text("Role targets used by the Matrix sheet's below-target marks.")])
    for _ in range(MATRIX_HEADER_ROW - 1):
        tw.blank()

    _rows(w, tw, data, order, tick)
    last_row = w.row
    if snap.people and order:
        area = f"{ref(first, MATRIX_HEADER_ROW + 1)}:{ref(last_col, last_row)}"
        for rule in level_rules(snap, first, MATRIX_HEADER_ROW + 1):
            matrix_ws.conditional_formatting.add(area, rule)
        grid_borders(matrix_ws, f"A{MATRIX_HEADER_ROW + 1}:{ref(last_col, last_row)}")
    matrix_ws.auto_filter.ref = (
        f"A{MATRIX_HEADER_ROW}:{ref(max(last_col, n_id), max(last_row, MATRIX_HEADER_ROW))}"
    )
    # Printed: the name column (repeated, see print titles) and the levels; no e-mails.
    matrix_ws.print_area = f"{ref(first, 1)}:{ref(max(last_col, first), max(last_row, 2))}"


def _legend_row(w: SheetWriter, snap: Snapshot, subtitle: str) -> list[Any]:
    n_id = len(MATRIX_IDENTITY)
    cells: list[Any] = [w.text(subtitle, "sm_subtitle")] + [None] * (n_id - 1)
    col = n_id + 1
    colours = st.level_colours(len(snap.scale.levels))
    items: list[tuple[str, str, str, bool]] = [
        (f"{lv.value} {lv.label}", fill, font, False)
        for lv, (fill, font) in zip(snap.scale.levels, colours, strict=True)
    ]
    items.append((f"{BELOW_MARK} below target", "FFFFFF", st.BELOW, True))
    items.append(("n/a", "", st.NA_FONT, False))
    items.append(("not rated", st.NOT_RATED, st.INK, False))
    for label, fill, font, below in items:
        # wide enough for the label at 9 pt (about 4.8 pt a character), no gap between
        span = max(2, math.ceil((len(label) * 4.8 + 8) / column_pt(LEVEL_WIDTH)))
        cell = w.text(label)
        if fill:
            cell.fill = st.fill(fill)
        else:
            cell.style = "sm_na"
        cell.font = Font(
            name=st.FONT, size=SMALLEST_FONT_PT, bold=below, color=font, italic=not fill
        )
        cell.border = BELOW_BORDER if below else st.GRID
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cells.append(cell)
        cells.extend([None] * (span - 1))
        w.merge(w.next_row, col, col + span - 1)
        col += span
    return cells


def _groups(snap: Snapshot, order: list[int]) -> list[tuple[str, int]]:
    """(category, number of its columns) in column order."""
    groups: list[tuple[str, int]] = []
    for j in order:
        name = snap.competencies[j].category
        if groups and groups[-1][0] == name:
            groups[-1] = (name, groups[-1][1] + 1)
        else:
            groups.append((name, 1))
    return groups


def _category_row(w: SheetWriter, snap: Snapshot, order: list[int]) -> None:
    n_id = len(MATRIX_IDENTITY)
    row = w.next_row
    cells: list[Any] = [w.text("", "sm_header")] + [w.cell(None, "sm_header")] * (n_id - 1)
    w.merge(row, 1, n_id)
    col = n_id + 1
    for k, (name, size) in enumerate(_groups(snap, order)):
        style = "sm_category" if k % 2 == 0 else "sm_category_alt"
        cells.append(w.text(name, style))
        cells.extend(w.cell(None, style) for _ in range(size - 1))
        w.merge(row, col, col + size - 1)
        col += size
    w.append(cells, height=TITLE_ROWS_PT[2])


def _rows(
    w: SheetWriter, tw: SheetWriter, data: ReportData, order: list[int], tick: Ticker
) -> None:
    snap = data.current
    identity = data.identity
    scale = snap.scale
    n_levels = len(scale.levels)
    idx = np.asarray(order, dtype=np.int64)
    levels = snap.levels[:, idx]
    na = snap.not_applicable[:, idx]
    targets = snap.targets[:, idx]
    # codes: 0..n-1 a level, n n/a, n+1 not rated with a target, n+2 nothing expected
    codes = np.where(np.isnan(targets), n_levels + 2, n_levels + 1)
    rated = ~np.isnan(levels)
    codes[rated] = np.clip(np.rint(levels[rated]).astype(np.int64) - scale.min, 0, n_levels - 1)
    codes[na & ~rated] = n_levels
    # Levels go out as plain numbers (colours are conditional formats); only n/a is styled.
    values: list[Any] = [lv.value for lv in scale.levels]
    values += [w.text("n/a", "sm_na"), None, None]
    pad = [None] * len(MATRIX_IDENTITY)
    total = max(1, len(snap.people))
    raw = w.raw
    for i, person in enumerate(snap.people):
        team, role, seniority = identity(person)
        ident = [raw(person.name), raw(person.email), raw(team), raw(role), seniority]
        w.append(ident + [values[k] for k in codes[i].tolist()])
        tw.append(pad + [None if t != t else int(t) for t in targets[i].tolist()])
        if i % 200 == 0:
            tick.step(i / total)


def level_rules(snap: Snapshot, first_col: int, first_row: int) -> list[Rule]:
    """Conditional-format rules for a level block whose top-left cell is (first_col, first_row)."""
    cell = ref(first_col, first_row)
    target = f"{TARGETS_SHEET}!{get_column_letter(first_col)}{first_row}"
    colours = st.level_colours(len(snap.scale.levels))
    below: list[Rule] = []
    plain: list[Rule] = []
    for lv, (fill, font) in zip(snap.scale.levels, colours, strict=True):
        is_level = f"ISNUMBER({cell}),{cell}={lv.value}"
        below.append(
            Rule(
                type="expression",
                formula=[f"AND({is_level},ISNUMBER({target}),{cell}<{target})"],
                dxf=DifferentialStyle(
                    font=Font(bold=True, color=font),
                    fill=st.fill(fill),
                    border=BELOW_BORDER,
                    numFmt=NumberFormat(numFmtId=200, formatCode=f'0"{BELOW_MARK}"'),
                ),
            )
        )
        plain.append(
            Rule(
                type="expression",
                formula=[f"AND({is_level})"],
                dxf=DifferentialStyle(font=Font(color=font), fill=st.fill(fill), border=TILE),
            )
        )
    unrated = Rule(
        type="expression",
        formula=[f'AND({cell}="",ISNUMBER({target}))'],
        dxf=DifferentialStyle(fill=st.fill(st.NOT_RATED), border=TILE),
    )
    return [*below, *plain, unrated]
