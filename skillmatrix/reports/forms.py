"""Self-assessment forms: one small workbook per person, sent out and imported back.

Each form lists the competencies the person's role sets a target for, with their category,
description and what each level means; the person picks their level and interest from
dropdowns and may add a note. The sheet is protected (only the three answer columns can
be edited) and the workbook structure is locked, so a returned form can be read back
reliably. A hidden ``SkillMatrix`` sheet names the person, the cycle and the form version,
which is how the importer recognises a returned form.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from skillmatrix import __version__
from skillmatrix.core.model import Person, seniority_text
from skillmatrix.core.scale import INTEREST_LABELS, Scale
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.reports import meta as m
from skillmatrix.reports.atomic import new_part, os_error_text, publish, save_workbook
from skillmatrix.reports.errors import ReportError
from skillmatrix.reports.export.sheet import wrapped_height
from skillmatrix.reports.safe import set_text
from skillmatrix.reports.styles import register_styles

COLUMNS = (
    "Category",
    "Competency",
    "Description",
    "What the levels mean",
    "Your target",
    "Manager's rating",
    "Your level",
    "Interest (0-3)",
    "Note",
)
WIDTHS = (16, 24, 36, 52, 10, 14, 18, 18, 36)
ANSWER_COLS = (7, 8, 9)  # G, H, I: the only editable columns
HEADER_ROW = 8
INSTRUCTIONS = (
    "1. For each competency, choose your level in 'Your level' (the dropdown lists the "
    "scale; 'What the levels mean' describes each level). Choose n/a if it does not apply "
    "to your work; leave it blank if you are unsure.",
    "2. Optionally, say how much you want to grow in it ('Interest': 0 = not interested, "
    "3 = keen to grow) and add a note (an example, evidence, a wish).",
    "3. Save the file and send it back to your manager. Please keep its name and layout: "
    "it is read back automatically.",
)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def level_choice(scale: Scale, value: int) -> str:
    """The dropdown text of a level, e.g. "3 - Proficient"."""
    return f"{value} - {scale.label(value)}"


def interest_choice(value: int) -> str:
    """An interest value as a form's list shows it: the value and its label."""
    return f"{value} - {INTEREST_LABELS[value]}"


def safe_filename(name: str, max_len: int = 80) -> str:
    """A file-name stem safe on Windows, macOS and Linux, made from a person's name."""
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    text = text[:max_len].rstrip(" .")
    if not text or text.casefold().split(".")[0] in _RESERVED:
        text = f"person {text}".strip()
    return text


def write_forms(
    directory: str | Path,
    snapshot: Snapshot,
    *,
    cycle_name: str,
    scale: Scale,
    include_manager_level: bool = True,
    generated_on: date | None = None,
) -> list[Path]:
    """Write one self-assessment workbook per person of ``snapshot`` into ``directory``.

    Args:
        directory: an existing folder (files in it with the same names are replaced).
        snapshot: the people, their targets and (optionally shown) current ratings.
        cycle_name: the cycle the answers belong to (recorded in the form).
        scale: the proficiency scale offered in the dropdown.
        include_manager_level: show the manager's current rating next to each answer.
        generated_on: the date recorded in the form (default: today).

    Returns:
        The files written, in the snapshot's people order.

    Raises:
        ReportError: the folder does not exist or a file cannot be written.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ReportError(f"cannot write forms: the folder {directory} does not exist")
    used: set[str] = set()
    paths: list[Path] = []
    for i, person in enumerate(snapshot.people):
        stem = f"Self-assessment - {safe_filename(person.name)}"
        if stem.casefold() in used:
            stem = f"{stem} ({person.id})"
        used.add(stem.casefold())
        path = directory / f"{stem}.xlsx"
        wb = _form(
            snapshot,
            i,
            person,
            cycle_name,
            scale,
            include_manager_level,
            generated_on or date.today(),
        )
        try:
            _save(wb, path)
        except OSError as exc:
            done = f" ({len(paths)} of {len(snapshot.people)} forms were written)" if paths else ""
            raise ReportError(f"cannot write {path}: {os_error_text(exc)}{done}") from None
        paths.append(path)
    return paths


def _save(wb: Workbook, path: Path) -> None:
    tmp = new_part(path)
    try:
        save_workbook(wb, tmp)
        publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _form(
    snap: Snapshot, i: int, person: Person, cycle: str, scale: Scale, manager: bool, today: date
) -> Workbook:
    wb = Workbook()
    register_styles(wb)
    ws = wb.active
    ws.title = m.FORM_SHEET
    lists = wb.create_sheet(m.FORM_LISTS_SHEET)
    meta = wb.create_sheet(m.META_SHEET)
    lists.sheet_state = meta.sheet_state = "hidden"
    choices = [level_choice(scale, lv.value) for lv in scale.levels] + ["n/a"]
    interests = [interest_choice(k) for k in sorted(INTEREST_LABELS)]
    for row, text in enumerate(choices, start=1):
        set_text(lists.cell(row=row, column=1), text)
    for row, text in enumerate(interests, start=1):
        set_text(lists.cell(row=row, column=2), text)
    m.set_meta_rows(
        meta,
        {
            "kind": m.KIND_FORM,
            "version": m.FORM_VERSION,
            "app version": __version__,
            "person name": person.name,
            "person email": person.email,
            "person id": person.id,
            "cycle": cycle,
            "generated on": today.isoformat(),
            "header row": HEADER_ROW,
            "scale": f"{scale.min}-{scale.max}",
        },
    )
    _layout(ws, person, cycle)
    cols = [j for j in range(len(snap.competencies)) if not math.isnan(snap.targets[i, j])]
    if not cols:  # no role targets: offer every competency
        cols = list(range(len(snap.competencies)))
    for n, j in enumerate(cols):
        _row(ws, HEADER_ROW + 1 + n, snap, i, j, scale, manager)
    last = HEADER_ROW + max(1, len(cols))
    _validation(
        ws,
        f"G{HEADER_ROW + 1}:G{last}",
        f"={m.FORM_LISTS_SHEET}!$A$1:$A${len(choices)}",
        "Choose your level from the list (or n/a).",
    )
    _validation(
        ws,
        f"H{HEADER_ROW + 1}:H{last}",
        f"={m.FORM_LISTS_SHEET}!$B$1:$B$4",
        "Choose your interest from the list.",
    )
    lock_and_fit(wb, ws, HEADER_ROW)
    props = wb.properties
    props.title = f"Self-assessment · {cycle}"
    props.creator = "SkillMatrix"
    props.subject = "Skills self-assessment"
    return wb


def lock_and_fit(wb: Workbook, ws: Worksheet, header_row: int) -> None:
    """Protect a fill-in sheet and print it landscape, one page wide, header repeated.

    Only unlocked cells are editable; columns and rows stay resizable; no sheets can be
    added or removed.
    """
    ws.freeze_panes = f"C{header_row + 1}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # False = allowed (Excel stores "locked" flags)
    ws.protection.formatRows = False
    ws.protection.sort = True
    wb.security = WorkbookProtection(lockStructure=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def _layout(ws: Worksheet, person: Person, cycle: str) -> None:
    ws.sheet_view.showGridLines = False
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + col)].width = width
    last = chr(64 + len(COLUMNS))
    title = set_text(ws["A1"], f"Self-assessment · {cycle}")
    title.style = "sm_title"
    ws.row_dimensions[1].height = 30
    who = " · ".join(
        x
        for x in (
            person.name,
            f"{person.role} ({seniority_text(person.seniority)})" if person.role else "",
            person.team,
        )
        if x
    )
    set_text(ws["A2"], who).style = "sm_subtitle"
    for k, text in enumerate(INSTRUCTIONS):
        row = 4 + k
        set_text(ws.cell(row=row, column=1), text).style = "sm_plain"
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[row].height = 30
    for col, text in enumerate(COLUMNS, start=1):
        cell = set_text(ws.cell(row=HEADER_ROW, column=col), text)
        cell.style = "sm_header" if col > 2 else "sm_header_left"
    ws.row_dimensions[HEADER_ROW].height = 30


def _row(
    ws: Worksheet, row: int, snap: Snapshot, i: int, j: int, scale: Scale, manager: bool
) -> None:
    comp = snap.competencies[j]
    described = "\n".join(
        f"{lv.value} {lv.label}: {comp.level_descriptions.get(lv.value, lv.description)}"
        for lv in scale.levels
    )
    target = snap.targets[i, j]
    level = snap.levels[i, j]
    if not manager:
        current = ""
    elif snap.not_applicable[i, j]:
        current = "n/a"
    else:
        current = "" if math.isnan(level) else level_choice(scale, int(level))
    values = [
        comp.category,
        comp.name,
        comp.description,
        described,
        "" if math.isnan(target) else level_choice(scale, int(target)),
        current,
    ]
    for col, text in enumerate(values, start=1):
        cell = set_text(ws.cell(row=row, column=col), text)
        cell.style = "sm_wrap"
    for col in ANSWER_COLS:
        cell = ws.cell(row=row, column=col)
        cell.style = "sm_input"
        cell.protection = Protection(locked=False)
    texts = [(str(v), WIDTHS[k]) for k, v in enumerate(values)]
    ws.row_dimensions[row].height = wrapped_height(texts, line=12.5) or 18


def _validation(ws: Worksheet, area: str, source: str, message: str) -> None:
    dv = DataValidation(type="list", formula1=source, allow_blank=True)
    dv.error = message
    dv.errorTitle = "Not on the list"
    dv.prompt = message
    dv.showErrorMessage = True
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(area)
