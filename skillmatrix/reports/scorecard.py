"""Interview scorecards: an xlsx form for a finalist, and reading it back filled in.

The form is generated from the level descriptions of a team's gap competencies.

The form lists each competency with why it is asked (its rule and how the team stands)
and what each level means; the interviewer writes the candidate's name and picks a score
from a dropdown. Only those cells are editable. A hidden ``SkillMatrix`` sheet names the
team and the competency ids row by row, which is how a filled form is read back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection

from skillmatrix import __version__
from skillmatrix.core.analytics import CoverageRow
from skillmatrix.core.candidates import Finalist
from skillmatrix.core.errors import ImportProblem
from skillmatrix.core.scale import Scale
from skillmatrix.reports import meta as m
from skillmatrix.reports.errors import ReportError
from skillmatrix.reports.export.sheet import wrapped_height
from skillmatrix.reports.forms import _save, _validation, level_choice, lock_and_fit
from skillmatrix.reports.safe import set_text
from skillmatrix.reports.styles import register_styles

KIND_SCORECARD = "SkillMatrix interview scorecard"
SCORECARD_VERSION = 1
SHEET = "Scorecard"
COLUMNS = ("Category", "Competency", "Why it is asked", "What the levels mean", "Score", "Evidence")
WIDTHS = (16, 24, 26, 60, 18, 40)
NAME_CELL = "B3"
HEADER_ROW = 6
SCORE_COL = 5
#: Read at most this many rows back: a scorecard asks about a team's gaps, not thousands.
MAX_ROWS = 1_000


def write_scorecard(
    path: str | Path,
    rows: Sequence[CoverageRow],
    *,
    team: str,
    scale: Scale,
    today: date | None = None,
) -> Path:
    """Write a blank scorecard to ``path`` asking about the competencies of ``rows``.

    ``rows`` are a team's coverage rows, worst first.

    Raises:
        ReportError: the folder is missing or the file cannot be written.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise ReportError(f"cannot write {path}: the folder {path.parent} does not exist")
    wb = Workbook()
    register_styles(wb)
    ws = wb.active
    ws.title = SHEET
    lists = wb.create_sheet(m.FORM_LISTS_SHEET)
    meta = wb.create_sheet(m.META_SHEET)
    lists.sheet_state = meta.sheet_state = "hidden"
    choices = [level_choice(scale, lv.value) for lv in scale.levels]
    for k, text in enumerate(choices, start=1):
        set_text(lists.cell(row=k, column=1), text)
    m.set_meta_rows(
        meta,
        {
            "kind": KIND_SCORECARD,
            "version": SCORECARD_VERSION,
            "app version": __version__,
            "team": team,
            "generated on": (today or date.today()).isoformat(),
            "header row": HEADER_ROW,
            "competency ids": ",".join(str(r.competency.id) for r in rows),
        },
    )
    ws.sheet_view.showGridLines = False
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + col)].width = width
    set_text(ws["A1"], f"Interview scorecard · {team}").style = "sm_title"
    ws.row_dimensions[1].height = 30
    set_text(
        ws["A2"],
        "Score what the interview showed; leave a score blank if it did not "
        "come up. The team's gaps decide what is asked.",
    ).style = "sm_subtitle"
    set_text(ws["A3"], "Candidate").style = "sm_header_left"
    set_text(ws["A4"], "Interviewer").style = "sm_header_left"
    for ref in (NAME_CELL, "B4"):
        ws[ref].style = "sm_input"
        ws[ref].protection = Protection(locked=False)
        ws.merge_cells(f"{ref}:{chr(ord(ref[0]) + 1)}{ref[1:]}")
    for col, text in enumerate(COLUMNS, start=1):
        set_text(ws.cell(row=HEADER_ROW, column=col), text).style = (
            "sm_header_left" if col <= 2 else "sm_header"
        )
    ws.row_dimensions[HEADER_ROW].height = 30
    for n, r in enumerate(rows):
        row = HEADER_ROW + 1 + n
        comp = r.competency
        label = scale.label(comp.rule.min_level) if comp.rule.min_level in scale else ""
        why = (
            f"The team has {r.covered} of the {r.required} it needs at "
            f"{comp.rule.min_level} {label}+" + (" (critical)" if comp.critical else "")
        )
        described = "\n".join(
            f"{lv.value} {lv.label}: {comp.level_descriptions.get(lv.value, lv.description)}"
            for lv in scale.levels
        )
        values = [comp.category, comp.name, why, described]
        for col, text in enumerate(values, start=1):
            set_text(ws.cell(row=row, column=col), text).style = "sm_wrap"
        for col in (SCORE_COL, SCORE_COL + 1):
            cell = ws.cell(row=row, column=col)
            cell.style = "sm_input"
            cell.protection = Protection(locked=False)
        texts = [(str(v), WIDTHS[k]) for k, v in enumerate(values)]
        ws.row_dimensions[row].height = wrapped_height(texts, line=12.5) or 18
    last = HEADER_ROW + max(1, len(rows))
    _validation(
        ws,
        f"E{HEADER_ROW + 1}:E{last}",
        f"={m.FORM_LISTS_SHEET}!$A$1:$A${len(choices)}",
        "Choose the score from the list (or leave it blank).",
    )
    lock_and_fit(wb, ws, HEADER_ROW)
    wb.properties.title = f"Interview scorecard · {team}"
    wb.properties.creator = "SkillMatrix"
    _save(wb, path)
    return path


def _score(value: object, scale: Scale, where: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    head = text.split(" - ", 1)[0].split()[0] if text else ""
    try:
        level = int(float(head))
    except ValueError:
        raise ImportProblem(f"{where}: {text!r} is not a score (choose from the list)") from None
    if level not in scale:
        raise ImportProblem(f"{where}: score {level} is outside the scale {scale.min}-{scale.max}")
    return level


def read_scorecard(path: str | Path, scale: Scale) -> tuple[str, Finalist]:
    """The team and the finalist of a filled scorecard.

    Raises:
        ImportProblem: not a scorecard, no candidate name, a score that is not on the
            scale (each names the file and the cell).
    """
    from skillmatrix.reports.importing.source import open_book

    path = Path(path)
    book = open_book(path)
    try:
        if book.meta.get("kind") != KIND_SCORECARD:
            raise ImportProblem(f"{path.name}: is not a SkillMatrix interview scorecard")
        ids = [int(x) for x in book.meta.get("competency ids", "").split(",") if x.strip()]
        rows = []
        for n, row in enumerate(book.sheet(SHEET).rows(), start=1):
            rows.append(row)
            if n >= HEADER_ROW + len(ids) or n > MAX_ROWS:
                break
    finally:
        book.close()
    name_row = rows[2] if len(rows) >= 3 else ()
    name = str(name_row[1]).strip() if len(name_row) > 1 and name_row[1] is not None else ""
    if not name:
        raise ImportProblem(f"{path.name}: {SHEET}!{NAME_CELL}: the candidate's name is empty")
    scores: dict[int, int] = {}
    for k, cid in enumerate(ids):
        r = HEADER_ROW + 1 + k
        row = rows[r - 1] if len(rows) >= r else ()
        value = row[SCORE_COL - 1] if len(row) >= SCORE_COL else None
        level = _score(value, scale, f"{path.name}: {SHEET}!E{r}")
        if level is not None:
            scores[cid] = level
    return book.meta.get("team", ""), Finalist(name, scores)
