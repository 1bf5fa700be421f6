"""Framework sheets: category | competency | target per seniority (or one target column).

The category is often written only on the first row of its group: empty category cells
take the one above (filled down). Optional columns: description, critical, min people,
min level. The role is the sheet's "Role" column if any, else the sheet name.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from skillmatrix.core.model import Seniority
from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.common import Collector
from skillmatrix.reports.importing.detect import Header
from skillmatrix.reports.importing.source import SheetSource


def parse_framework(sheet: SheetSource, header: Header, out: Collector) -> None:
    """Read a framework sheet into ``out`` (competencies with targets; no ratings)."""
    cols = header.fields
    targets_at = dict(header.seniority_cols)
    if not targets_at and "target" in cols:
        targets_at = {s: cols["target"] for s in Seniority}
    category = ""
    role = ""
    for number, row in enumerate(islice(sheet.rows(), header.row, None), start=header.row + 1):

        def get(col: int | None, row: tuple[Any, ...] = row) -> Any:
            return row[col] if col is not None and col < len(row) else None

        def at(col: int, number: int = number) -> str:
            return f"{get_column_letter(col + 1)}{number}"

        name = v.text(get(cols.get("category")))
        if name and not v.is_formula(get(cols.get("category"))):
            category = name
        comp = v.text(get(cols["competency"]))
        if not comp:
            continue
        role = role or v.text(get(cols.get("role")))
        targets: dict[Seniority, int] = {}
        bad = False
        for sen, col in targets_at.items():
            try:
                level, _ = v.level(get(col), out.scale)
            except v.CellError as exc:
                out.problem(at(col), str(exc))
                bad = True
                continue
            if level is not None:
                targets[sen] = level
        attrs: dict[str, Any] = {}
        try:
            if "critical" in cols:
                attrs["critical"] = v.flag(get(cols["critical"]))
            if "min_level" in cols:
                attrs["min_level"], _ = v.level(get(cols["min_level"]), out.scale)
            if "min_people" in cols and get(cols["min_people"]) is not None:
                attrs["min_people"] = _count(get(cols["min_people"]))
        except v.CellError as exc:
            out.problem(f"row {number}", str(exc))
            bad = True
        if bad:
            continue
        if out.find_competency(comp) is not None:
            out.problem(at(cols["competency"]), f"competency {comp!r} is listed twice")
            continue
        out.add_competency(
            at(cols["competency"]),
            comp,
            category=category,
            description=v.text(get(cols.get("description"))),
            targets=targets,
            **attrs,
        )
    out.parsed.role = role or sheet.name


def _count(value: Any) -> int:
    try:
        number = float(v.text(value))
    except ValueError:
        number = -1
    if not number.is_integer() or number < 1:
        raise v.CellError(f"{v.text(value)!r} is not a number of people (1 or more)")
    return int(number)
