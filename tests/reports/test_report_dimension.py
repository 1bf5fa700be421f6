"""Every sheet of the report says its size in a ``<dimension>`` element (issue 14).

openpyxl's write-only mode leaves it out, and a read-only reader then scans every row of
every sheet to learn the sizes.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from skillmatrix.reports.atomic import save_workbook
from skillmatrix.reports.dimension import reference, track_workbook

_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"\s*/>')


def _dimensions(path: Path) -> dict[str, str]:
    """Sheet title -> the ref of its <dimension> element, read from the XML itself."""
    wb = load_workbook(path, read_only=True)
    titles = [ws.title for ws in wb.worksheets]
    wb.close()
    out = {}
    with zipfile.ZipFile(path) as z:
        for k, title in enumerate(titles, 1):
            xml = z.read(f"xl/worksheets/sheet{k}.xml")
            head = xml[: xml.index(b"<sheetData")]
            found = _DIMENSION.findall(head)
            assert len(found) == 1, (title, head[:300])
            out[title] = found[0].decode()
    return out


def test_every_report_sheet_has_its_real_dimension(report: Path) -> None:
    dims = _dimensions(report)
    full = load_workbook(report)  # not read-only: the size from the cells themselves
    assert set(dims) == set(full.sheetnames) and len(dims) >= 9
    for ws in full.worksheets:  # from A1 to the last used row and column
        want = ws.calculate_dimension().split(":")[-1]
        assert dims[ws.title] in (f"A1:{want}", want if want == "A1" else None), ws.title
    fast = load_workbook(report, read_only=True)  # what a reader now gets without a scan
    for ws in fast.worksheets:
        assert (ws.max_row, ws.max_column) == (
            full[ws.title].max_row,
            full[ws.title].max_column,
        ), ws.title
    matrix = full["Matrix"]
    assert matrix.max_row > 12 and matrix.max_column > 10  # (a real size, not A1)


@pytest.mark.parametrize(
    "rows, want",
    [
        ([], "A1"),
        ([[]], "A1"),
        ([[1]], "A1"),
        ([[1, None, None]], "A1"),
        ([[1, 2, 3], [], [None, None, None, None, 5, None]], "A1:E3"),
        ([[1, 2], [], [None]], "A1:B1"),  # rows without a cell do not count
        ([[None] * 3, ["x"] * 30], "A1:AD2"),
        ([(1, 2), range(4)], "A1:D2"),
    ],
)
def test_a_tracked_sheet_counts_rows_and_its_widest_row(
    tmp_path: Path, rows: list[list[object]], want: str
) -> None:
    wb = Workbook(write_only=True)
    track_workbook(wb)
    ws = wb.create_sheet("S")
    for row in rows:
        ws.append(row)
    path = tmp_path / "s.xlsx"
    save_workbook(wb, path)
    assert _dimensions(path)["S"] == want
    assert load_workbook(path, read_only=True)["S"].calculate_dimension() == (
        want if ":" in want else "A1:A1"
    )


def test_generator_rows_are_counted(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    track_workbook(wb)
    ws = wb.create_sheet("S")
    ws.append(v for v in (1, 2, 3))
    ws.append(v for v in (4,))
    save_workbook(wb, tmp_path / "g.xlsx")
    assert _dimensions(tmp_path / "g.xlsx")["S"] == "A1:C2"
    assert reference(0, 5) == reference(5, 0) == "A1"
